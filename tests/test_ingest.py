"""The ingest path: bytes of a CSV file as analysts really have them -> typed rows and problems."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cooperation.i18n import MESSAGES
from cooperation.ingest import IngestResult, Limits, Problem, format_size, ingest_bytes, parse_number
from cooperation.schema import KINDS

DATA = Path(__file__).resolve().parent.parent / "data"
AGREEMENT = b"date,title,dalarna_party,hubei_party\n"
DEAL = b"date,title,dalarna_party,hubei_party,value,currency\n"
VISIT = b"date,end_date,direction,delegation,city,participants\n"
PLACE = b"name,region,country,lat,lon\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"


def ingest(data: bytes, filename: str = "agreements.csv", **kw: object) -> IngestResult:
    return ingest_bytes(data, filename, **kw)  # type: ignore[arg-type]


def found(result: IngestResult) -> list[tuple[str, int | None, str | None, str | None, str]]:
    """Every problem as (key, row, column, value, severity), in a form tests can compare."""
    return [(p.key, p.row, p.column, p.value, p.severity) for p in result.problems]


def row(result: IngestResult, number: int) -> pd.Series:
    """The typed record of Excel row `number`."""
    rows = result.frame[result.frame["row"] == number]
    assert len(rows) == 1, f"no single record at row {number}: {list(result.frame['row'])}"
    return rows.iloc[0]


def one_sentence(message: str, filename: str) -> bool:
    rest = re.sub(r"^FILE, row \d+: ", "FILE: ", message.replace(filename, "FILE"))
    return rest.startswith("FILE: ") and rest.endswith(".") and ". " not in rest and "\n" not in rest


# --- encodings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        pytest.param(
            "date,title,dalarna_party,hubei_party\n2013,Avtal i Borlänge,Borlänge kommun,武汉市人民政府\n".encode(),
            "utf-8", ",", id="utf-8",
        ),
        pytest.param(
            "date,title,dalarna_party,hubei_party\n2013,Avtal i Borlänge,Borlänge kommun,武汉市人民政府\n".encode(
                "utf-8-sig"),
            "utf-8-sig", ",", id="utf-8-bom",
        ),
        pytest.param(  # Excel "Unicode text": UTF-16 LE with BOM, tab-delimited, CRLF
            "date\ttitle\tdalarna_party\thubei_party\r\n2013\tAvtal i Borlänge\tBorlänge kommun\t武汉市人民政府\r\n"
            .encode("utf-16"),
            "utf-16", "\t", id="utf-16-le-bom",
        ),
        pytest.param(
            b"\xfe\xff" + "date\ttitle\tdalarna_party\thubei_party\r\n2013\tAvtal i Borlänge\tBorlänge kommun\t"
            "武汉市人民政府\r\n".encode("utf-16-be"),
            "utf-16", "\t", id="utf-16-be-bom",
        ),
    ],
)
def test_unicode_encodings_are_read_and_reported(data: bytes, encoding: str, delimiter: str) -> None:
    result = ingest(data)
    assert result.readable and result.accepted, found(result)
    assert (result.encoding, result.delimiter) == (encoding, delimiter)
    assert result.kind is KINDS["agreement"]
    record = row(result, 2)
    assert (record["date"], record["title"], record["dalarna_party"], record["hubei_party"]) == (
        "2013", "Avtal i Borlänge", "Borlänge kommun", "武汉市人民政府")


def test_utf16_little_endian_written_by_hand() -> None:
    data = b"\xff\xfe" + "date\ttitle\tdalarna_party\thubei_party\r\n2013\tÅtgärd\tFalun\tWuhan\r\n".encode(
        "utf-16-le")
    result = ingest(data)
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert row(result, 2)["title"] == "Åtgärd"


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("date;title;dalarna_party;hubei_party\n2013;Avtal;Borlänge kommun;Wuhan\n", "dalarna_party",
         "Borlänge kommun"),
        ("date;title;dalarna_party;hubei_party\n2013;Åtgärder för Mora och Säter;Region Dalarna;Hubei\n", "title",
         "Åtgärder för Mora och Säter"),
        # 0x96 is an en dash in cp1252 but a control character in Latin-1
        ("date;title;dalarna_party;hubei_party\n2013;Möte – Falun;Falun kommun;Wuhan\n", "title", "Möte – Falun"),
        ("date;title;dalarna_party;hubei_party;notes\n2013;A;Falun;Wuhan;kostar 100 €\n", "notes", "kostar 100 €"),
    ],
)
def test_windows_1252_is_read_back(text: str, column: str, expected: str) -> None:
    result = ingest(text.encode("cp1252"))
    assert result.encoding == "cp1252"
    assert result.accepted, found(result)
    assert row(result, 2)[column] == expected


def test_windows_1252_with_swedish_headers() -> None:
    text = "Datum;Titel;Dalapart;Hubeipart;Källa;Värd\n2013;Avtal;Borlänge kommun;Wuhan;Pressmeddelande;x\n"
    result = ingest(text.encode("cp1252"), "upload.csv")
    assert result.encoding == "cp1252"
    assert result.kind is KINDS["agreement"]
    assert row(result, 2)["source"] == "Pressmeddelande"
    # "värd" is the visit's host, not an agreement column: read but ignored, with a warning naming it
    assert found(result) == [("problem.unknown_column", None, "Värd", None, "warning")]


def test_decomposed_unicode_is_composed() -> None:
    # macOS may write "ä" as "a" + U+0308; the header alias and the party name must still match
    text = "date,title,dalarna_party,hubei_party,källa\n2013,A,Borlänge kommun,Wuhan,Pressmeddelande\n"
    decomposed = text.replace("ä", "a\u0308")
    assert decomposed != text
    result = ingest(decomposed.encode())
    assert found(result) == []
    assert row(result, 2)["dalarna_party"] == "Borlänge kommun"
    assert row(result, 2)["source"] == "Pressmeddelande"


# --- delimiters and headers --------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(delimiter: str) -> None:
    text = delimiter.join(["date", "title", "dalarna_party", "hubei_party", "sector"]) + "\n"
    text += delimiter.join(["2013-06", "Avtal", "Borlänge kommun", "Wuhan", "business, education"]
                           if delimiter != "," else
                           ["2013-06", "Avtal", "Borlänge kommun", "Wuhan", '"business, education"']) + "\n"
    result = ingest(text.encode())
    assert result.delimiter == delimiter
    assert found(result) == []
    record = row(result, 2)
    assert (record["date"], record["title"], record["sector"]) == ("2013-06", "Avtal", "business, education")


@pytest.mark.parametrize(
    "header",
    [
        "DATE,TITLE,DALARNA_PARTY,HUBEI_PARTY",
        "Date,Title,Dalarna party,Hubei party",
        "  date , title ,  dalarna_party,hubei_party  ",
        "Date,Title,Dalarna  Party,Hubei\tParty",
        "datum,titel,dalapart,hubeipart",
        "Datum,Rubrik,Part_Dalarna,Part_Hubei",
        "startdatum,titel,svensk_part,kinesisk_part",
        '"date","title","dalarna_party","hubei_party"',
    ],
)
def test_header_spellings(header: str) -> None:
    result = ingest(f"{header}\n2013,Avtal,Borlänge kommun,Wuhan\n".encode(), "upload.csv")
    assert result.kind is KINDS["agreement"]
    assert found(result) == []
    record = row(result, 2)
    assert (record["date"], record["title"], record["dalarna_party"], record["hubei_party"]) == (
        "2013", "Avtal", "Borlänge kommun", "Wuhan")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("datum;slutdatum;riktning;delegation;värd;stad;syfte;deltagare;beskrivning;källa;anteckningar\n"
         "2014-05-06;2014-05-07;to_hubei;Teknikdalen;EEN;Wuhan;Matchmaking;12;Seminarium;Pressmeddelande;obs\n",
         "visit",
         {"date": "2014-05-06", "end_date": "2014-05-07", "direction": "to_hubei", "delegation": "Teknikdalen",
          "host": "EEN", "city": "Wuhan", "purpose": "Matchmaking", "participants": 12.0,
          "description": "Seminarium", "source": "Pressmeddelande", "notes": "obs"}),
        ("Datum;Rubrik;Svensk_part;Kinesisk_part;Bransch;Belopp;Valuta;Status\n"
         "2013-06;Pannor;Extuna;Lokal firma;energi;1 234,50;sek;Signed\n",
         "deal",
         {"date": "2013-06", "title": "Pannor", "dalarna_party": "Extuna", "hubei_party": "Lokal firma",
          "sector": "energi", "value": 1234.5, "currency": "SEK", "status": "signed"}),
        ("Datum;Titel;Typ;Sektor;Dalapart;Hubeipart;Slutdatum\n2007;Vänorter;Twin City;kommun;Borlänge;Wuhan;2020\n",
         "agreement",
         {"date": "2007", "title": "Vänorter", "type": "twin_city", "sector": "kommun", "end_date": "2020",
          "status": "signed"}),
        ("Namn;Sida;Typ;Ort;Webbplats\nBorlänge kommun;Dalarna;Government;Borlänge;https://www.borlange.se\n",
         "organisation",
         {"name": "Borlänge kommun", "side": "dalarna", "type": "government", "city": "Borlänge",
          "website": "https://www.borlange.se"}),
        ("datum;antal_deltagare;riktning;delegation;ort\n2018;30;To Dalarna;Wuhan;Falun\n",
         "visit",
         {"participants": 30.0, "direction": "to_dalarna", "city": "Falun"}),
    ],
)
def test_swedish_aliases(text: str, kind: str, expected: dict[str, object]) -> None:
    result = ingest(text.encode(), "upload.csv")
    assert result.kind is KINDS[kind]
    assert result.delimiter == ";"
    assert found(result) == []
    record = row(result, 2)
    assert {name: record[name] for name in expected} == expected


# --- numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234,50", 1234.5),
        ("1234.50", 1234.5),
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1\u2009234,50", 1234.5),
        ("1\u202f234,50", 1234.5),
        ("1 234.50", 1234.5),
        ("1 234 567", 1234567.0),
        ("12 345 678,9", 12345678.9),
        ("1 234", 1234.0),
        ("0", 0.0),
        ("42", 42.0),
        ("1,5", 1.5),
        ("0,123", 0.123),
        ("0.123", 0.123),
        ("1.2345", 1.2345),
        ("12,5", 12.5),
        ("1000000", 1000000.0),
        (" 7 ", 7.0),
        ("-3", -3.0),
        ("\u22123", -3.0),  # U+2212 minus sign
        ("+3", 3.0),
        (",5", 0.5),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1.234", "problem.number_ambiguous"),  # thousand two hundred... or one point two?
        ("1,234", "problem.number_ambiguous"),
        ("-1.234", "problem.number_ambiguous"),
        ("999.999", "problem.number_ambiguous"),
        ("1.234,50", "problem.number_ambiguous"),
        ("1,234.50", "problem.number_ambiguous"),
        ("1.234.567", "problem.number_ambiguous"),
        ("1,234,567", "problem.number_ambiguous"),
        ("12 34", "problem.number_ambiguous"),  # spaces group digits in threes
        ("1 2345", "problem.number_ambiguous"),
        ("1234 567", "problem.number_ambiguous"),
        ("1,234 5", "problem.number_ambiguous"),
        ("", "problem.not_a_number"),
        ("abc", "problem.not_a_number"),
        ("12 kr", "problem.not_a_number"),
        ("SEK 100", "problem.not_a_number"),
        ("1_000", "problem.not_a_number"),
        ("nan", "problem.not_a_number"),
        ("inf", "problem.not_a_number"),
        ("-", "problem.not_a_number"),
        ("1e999", "problem.not_a_number"),
        ("0x10", "problem.not_a_number"),
        ("100%", "problem.not_a_number"),
    ],
)
def test_parse_number_refuses(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(text)
    assert str(caught.value) == reason


@pytest.mark.parametrize(("text", "expected"), [("1.234", 1.234), ("60,485", 60.485), ("-15.437", -15.437)])
def test_three_decimals_are_fine_where_thousands_make_no_sense(text: str, expected: float) -> None:
    assert parse_number(text, three_decimals_ambiguous=False) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"1 234,50"', 1234.5),
        ('"1\u00a0234,50"', 1234.5),
        ('"1\u2009234,50"', 1234.5),
        ("1234.5", 1234.5),
        ('"2500000,00"', 2500000.0),
        ("0", 0.0),
    ],
)
def test_deal_values(value: str, expected: float) -> None:
    result = ingest(DEAL + f"2013,Pannor,Extuna,Firma,{value},SEK\n".encode(), "deals.csv")
    assert found(result) == []
    assert row(result, 2)["value"] == expected
    assert result.frame["value"].dtype == "Float64"


def test_ambiguous_deal_value_is_refused() -> None:
    result = ingest(DEAL + b"2013,Pannor,Extuna,Firma,1.234,SEK\n2014,B,Extuna,Firma,1234,SEK\n", "deals.csv")
    assert found(result) == [("problem.number_ambiguous", 2, "value", "1.234", "error")]
    assert row(result, 2)["value"] is pd.NA
    assert row(result, 3)["value"] == 1234.0
    assert not result.accepted


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        (b"name,region,country,lat,lon\nBorl\xc3\xa4nge,Dalarna,Sweden,60.485,15.437\n", 60.485, 15.437),
        (b'name,region,country,lat,lon\nBorl\xc3\xa4nge,Dalarna,Sweden,"60,485","15,437"\n', 60.485, 15.437),
        (b"name;region;country;lat;lon\nBorl\xc3\xa4nge;Dalarna;Sweden;60,4858;15,4371\n", 60.4858, 15.4371),
        (b"name,region,country,lat,lon\nSantiago,RM,Chile,-33.448,-70.669\n", -33.448, -70.669),
        (b"name,region,country,lat,lon\nNorth,X,Y,90,180\n", 90.0, 180.0),
    ],
)
def test_coordinates_with_three_decimals_are_accepted(text: bytes, lat: float, lon: float) -> None:
    result = ingest(text, "places.csv")
    assert found(result) == []
    record = row(result, 2)
    assert (record["lat"], record["lon"]) == (lat, lon)


def test_organisation_coordinates() -> None:
    result = ingest(b"name,side,lat,lon\nBorl\xc3\xa4nge kommun,dalarna,60.485,15.437\nWuhan,hubei,,\n",
                    "organisations.csv")
    assert found(result) == []
    assert (row(result, 2)["lat"], row(result, 2)["lon"]) == (60.485, 15.437)
    assert row(result, 3)["lat"] is pd.NA


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [("2013", "2013"), ("2013-06", "2013-06"), ("2013-6", "2013-06"), ("2013-06-13", "2013-06-13"),
     ("2013-6-5", "2013-06-05"), (" 2013-06-13 ", "2013-06-13")],
)
def test_dates_are_normalised_with_their_precision(value: str, stored: str) -> None:
    result = ingest(AGREEMENT + f'"{value}",A,X,Y\n'.encode())
    assert found(result) == []
    assert row(result, 2)["date"] == stored


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2013-02-30", "problem.date_impossible"),
        ("41438", "problem.date_excel_serial"),
        ("13/06/2013", "problem.date_ambiguous"),
        ("13.06.2013", "problem.date_ambiguous"),
        ("juni 2013", "problem.date_format"),
    ],
)
def test_bad_dates_are_errors(value: str, key: str) -> None:
    result = ingest(AGREEMENT + b"2012,Good,X,Y\n" + f"{value},Bad,X,Y\n".encode())
    assert found(result) == [(key, 3, "date", value, "error")]
    assert row(result, 3)["date"] is pd.NA
    assert row(result, 2)["date"] == "2012"
    message = result.problems[0].message()
    assert "agreements.csv" in message and "row 3" in message and "date" in message and value in message


def test_excel_serial_message_says_so() -> None:
    result = ingest(AGREEMENT + b"41438,A,X,Y\n")
    assert "Excel serial number" in result.problems[0].message()


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("1999-12-31", "problem.date_too_early"),
        ("1987", "problem.date_too_early"),
        (str(date.today().year + 2), "problem.date_future"),
        (f"{date.today().year + 5}-01", "problem.date_future"),
    ],
)
def test_dates_out_of_range_are_warnings(value: str, key: str) -> None:
    result = ingest(AGREEMENT + f"{value},A,X,Y\n".encode())
    assert found(result) == [(key, 2, "date", value, "warning")]
    assert result.accepted  # flagged, not refused
    assert row(result, 2)["date"] == value


@pytest.mark.parametrize("value", ["2000", "2000-01-01", str(date.today().year + 1), f"{date.today().year + 1}-12-31"])
def test_dates_at_the_edges_of_the_range_are_fine(value: str) -> None:
    assert found(ingest(AGREEMENT + f"{value},A,X,Y\n".encode())) == []


def test_end_date_out_of_range_is_flagged_too() -> None:
    result = ingest(VISIT + f"2014-05-06,{date.today().year + 3},to_hubei,D,Wuhan,\n".encode(), "visits.csv")
    assert found(result) == [("problem.date_future", 2, "end_date", str(date.today().year + 3), "warning")]


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("2014-05-06", "2014-05-07", True),
        ("2014-05-06", "2014-05-06", True),
        ("2014-05-06", "2014-05", True),  # the month may mean the 6th or later
        ("2014-05", "2014-05-01", True),
        ("2014", "2014-01", True),
        ("2014-05-06", "2014-05-05", False),
        ("2014-05-06", "2014-04", False),
        ("2014", "2013-12-31", False),
        ("2014-05", "2013", False),
    ],
)
def test_end_date_before_date_is_an_error(start: str, end: str, ok: bool) -> None:
    result = ingest(VISIT + f"{start},{end},to_hubei,Teknikdalen,Wuhan,\n".encode(), "visits.csv")
    expected = [] if ok else [("problem.end_before_start", 2, "end_date", end, "error")]
    assert found(result) == expected


def test_end_before_start_in_agreements() -> None:
    result = ingest(b"date,title,dalarna_party,hubei_party,end_date\n2011,A,X,Y,2010\n")
    assert found(result) == [("problem.end_before_start", 2, "end_date", "2010", "error")]


# --- columns and values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (b"date,title,dalarna_party\n", ["hubei_party"]),
        (b"title,dalarna_party,hubei_party\n", ["date"]),
        (b"date,hubei_party\n", ["title", "dalarna_party"]),
    ],
)
def test_missing_required_column(header: bytes, missing: list[str]) -> None:
    values = b",".join([b"v"] * header.count(b",")) + b",v\n"
    result = ingest(header + values)
    assert found(result) == [("problem.missing_column", None, name, None, "error") for name in missing]
    assert result.readable and not result.accepted
    assert result.frame.empty
    message = result.problems[0].message()
    assert message.startswith(f"agreements.csv, column {missing[0]}: the required column is missing; add it")


@pytest.mark.parametrize(
    ("header", "column"),
    [
        (b"date,title,dalarna_party,hubei_party,date\n", "date"),  # the same spelling twice
        (b"date,title,dalarna_party,hubei_party,Title\n", "Title"),  # the same name in another case
        (b"date,title,dalarna_party,hubei_party,datum\n", "datum"),  # a name and its alias
    ],
)
def test_duplicate_column(header: bytes, column: str) -> None:
    result = ingest(header + b"2013,A,X,Y,2014\n")
    assert found(result) == [("problem.duplicate_column", None, column, None, "error")]
    assert not result.accepted
    target = "title" if column == "Title" else "date"
    assert f"holds {target}, as the column “{target}” does; keep one of the two" in result.problems[0].message()


def test_unknown_column_is_a_warning_and_ignored() -> None:
    result = ingest(b"date,title,dalarna_party,hubei_party,Colour\n2013,A,X,Y,red\n")
    assert found(result) == [("problem.unknown_column", None, "Colour", None, "warning")]
    assert result.accepted
    assert "colour" not in result.frame.columns
    assert result.problems[0].message() == (
        "agreements.csv, column Colour: this column is not part of the Agreement format and is not read; map it if "
        "it holds something the format has.")


def test_unnamed_empty_column_is_ignored_silently() -> None:
    result = ingest(b"date,title,dalarna_party,hubei_party,\n2013,A,X,Y,\n")
    assert found(result) == []


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        pytest.param(AGREEMENT + b"2013,A,X,Y\n2014,,X,Y\n", [("title", 3)], id="plain"),
        pytest.param(AGREEMENT + b"2013,A,X,Y\n\n\n2014,,X,Y\n", [("title", 5)], id="blank-lines"),
        pytest.param(AGREEMENT + b"2013,A,X,Y\r\n\r\n2014,,X,Y\r\n", [("title", 4)], id="crlf-blank-line"),
        pytest.param(AGREEMENT + b"2013,A,X,Y\n,,,\n2014,,X,Y\n", [("title", 4)], id="row-of-delimiters"),
        pytest.param(AGREEMENT + b'2013,"two\nlines",X,Y\n2014,,X,Y\n', [("title", 3)], id="quoted-newline"),
        pytest.param(AGREEMENT + b'2013,"a\r\n\r\nb",X,Y\r\n2014,,X,Y\r\n', [("title", 3)], id="quoted-blank-line"),
        pytest.param(b"\n\n" + AGREEMENT + b"2014,,X,Y\n", [("title", 4)], id="blank-lines-before-header"),
        pytest.param(AGREEMENT + b"2013,A,,   \n", [("dalarna_party", 2), ("hubei_party", 2)], id="spaces"),
        pytest.param(AGREEMENT + b"2013,A\n", [("dalarna_party", 2), ("hubei_party", 2)], id="short-row"),
        pytest.param(AGREEMENT + b",A,X,Y", [("date", 2)], id="no-final-newline"),
    ],
)
def test_required_value_empty_names_the_excel_row(data: bytes, problems: list[tuple[str, int]]) -> None:
    result = ingest(data)
    assert found(result) == [("problem.required", r, c, "", "error") for c, r in problems]
    for problem, (column, number) in zip(result.problems, problems, strict=True):
        assert problem.message().startswith(f"agreements.csv, row {number}, column {column}:")


def test_blank_rows_are_not_records() -> None:
    result = ingest(AGREEMENT + b"2013,A,X,Y\n\n ,\t, ,\n2014,B,X,Y\n\n")
    assert list(result.frame["row"]) == [2, 5]
    assert list(result.frame["title"]) == ["A", "B"]


def test_header_only_file_has_no_records() -> None:
    result = ingest(AGREEMENT)
    assert result.accepted
    assert result.frame.empty
    assert {"row", "date", "title", "id"} <= set(result.frame.columns)


@pytest.mark.parametrize(
    ("column", "value", "allowed"),
    [
        ("type", "twinning", "twin_city, cooperation, memorandum, commercial, academic, other"),
        ("status", "done", "signed, renewed, active, expired, planned"),  # status has a default, but not for bad values
        ("confidence", "sure", "high, medium, low"),
    ],
)
def test_value_not_allowed(column: str, value: str, allowed: str) -> None:
    result = ingest(f"date,title,dalarna_party,hubei_party,{column}\n2013,A,X,Y,{value}\n".encode())
    assert found(result) == [("problem.not_allowed", 2, column, value, "error")]
    assert result.problems[0].params == {"allowed": allowed}
    assert result.problems[0].message().endswith(f"is not one of the allowed values; write one of: {allowed}.")
    assert row(result, 2)[column] is pd.NA


@pytest.mark.parametrize(
    ("header", "value", "column", "stored"),
    [
        ("type", "Twin City", "type", "twin_city"),
        ("type", " MEMORANDUM ", "type", "memorandum"),
        ("status", "Renewed", "status", "renewed"),
        ("status", "", "status", "signed"),  # the default
        ("confidence", "High", "confidence", "high"),
    ],
)
def test_choices_are_normalised(header: str, value: str, column: str, stored: str) -> None:
    result = ingest(f"date,title,dalarna_party,hubei_party,{header}\n2013,A,X,Y,{value}\n".encode())
    assert found(result) == []
    assert row(result, 2)[column] == stored


def test_visit_direction_must_be_one_of_two() -> None:
    result = ingest(VISIT + b"2014,,to_sweden,D,Wuhan,\n2015,,to_hubei,D,Wuhan,\n", "visits.csv")
    assert found(result) == [("problem.not_allowed", 2, "direction", "to_sweden", "error")]


@pytest.mark.parametrize(
    ("value", "currency", "problems", "stored"),
    [
        ("100", "", [("problem.currency_missing", 2, "currency", "", "error")], 100.0),
        ("100", "sek", [], 100.0),
        ("100", "kr", [("problem.not_allowed", 2, "currency", "kr", "error")], 100.0),  # not also "missing"
        ("", "", [], pd.NA),
        ("", "EUR", [], pd.NA),
        ("-5", "SEK", [("problem.below_minimum", 2, "value", "-5", "error")], pd.NA),
        ('"-1 000,5"', "SEK", [("problem.below_minimum", 2, "value", "-1 000,5", "error")], pd.NA),
        ("lots", "SEK", [("problem.not_a_number", 2, "value", "lots", "error")], pd.NA),
    ],
)
def test_deal_value_and_currency(value: str, currency: str, problems: list[tuple], stored: object) -> None:
    result = ingest(DEAL + f"2013,A,X,Y,{value},{currency}\n".encode(), "deals.csv")
    assert found(result) == problems
    assert row(result, 2)["value"] is stored if stored is pd.NA else row(result, 2)["value"] == stored


def test_currency_missing_message() -> None:
    result = ingest(DEAL + b"2013,A,X,Y,100,\n", "deals.csv")
    assert "needs a currency" in result.problems[0].message()
    assert "row 2" in result.problems[0].message()


def test_below_minimum_message_names_the_minimum() -> None:
    result = ingest(DEAL + b"2013,A,X,Y,-5,SEK\n", "deals.csv")
    assert result.problems[0].message() == (
        "deals.csv, row 2, column value: “-5” is below the minimum 0; check the value.")


@pytest.mark.parametrize(
    ("value", "problems", "stored"),
    [
        ("12", [], 12.0),
        ("0", [], 0.0),
        ('"2,0"', [], 2.0),
        ('"1 200"', [], 1200.0),
        ("2.5", [("problem.not_whole", 2, "participants", "2.5", "error")], pd.NA),
        ('"2,5"', [("problem.not_whole", 2, "participants", "2,5", "error")], pd.NA),
        ("many", [("problem.not_a_number", 2, "participants", "many", "error")], pd.NA),
        ("ca 30", [("problem.not_a_number", 2, "participants", "ca 30", "error")], pd.NA),
        ("-1", [("problem.below_minimum", 2, "participants", "-1", "error")], pd.NA),
        ("", [], pd.NA),
    ],
)
def test_participants(value: str, problems: list[tuple], stored: object) -> None:
    result = ingest(VISIT + f"2014,,to_hubei,D,Wuhan,{value}\n".encode(), "visits.csv")
    assert found(result) == problems
    got = row(result, 2)["participants"]
    assert got is pd.NA if stored is pd.NA else got == stored


@pytest.mark.parametrize(
    ("lat", "lon", "problems"),
    [
        ("95", "15", [("problem.above_maximum", 2, "lat", "95", "error")]),
        ("-90.5", "15", [("problem.below_minimum", 2, "lat", "-90.5", "error")]),
        ("60", "181", [("problem.above_maximum", 2, "lon", "181", "error")]),
        ("60", "-180.001", [("problem.below_minimum", 2, "lon", "-180.001", "error")]),
        ("north", "15", [("problem.not_a_number", 2, "lat", "north", "error")]),
        ("", "15", [("problem.required", 2, "lat", "", "error")]),
    ],
)
def test_coordinates_out_of_range(lat: str, lon: str, problems: list[tuple]) -> None:
    result = ingest(PLACE + f"Borlänge,Dalarna,Sweden,{lat},{lon}\n".encode(), "places.csv")
    assert found(result) == problems
    assert row(result, 2)[problems[0][2]] is pd.NA


def test_above_maximum_message() -> None:
    result = ingest(PLACE + b"X,Dalarna,Sweden,95,15\n", "places.csv")
    assert result.problems[0].message() == (
        "places.csv, row 2, column lat: “95” is above the maximum 90; check the value.")


def test_problems_in_several_rows_and_columns_all_reported() -> None:
    data = DEAL + b"2013,A,X,Y,100,SEK\n2013-02-30,,X,Y,1.234,\n41438,C,,Y,,\n"
    result = ingest(data, "deals.csv")
    assert sorted(found(result), key=lambda p: (p[1], p[2], p[0])) == [
        ("problem.date_impossible", 3, "date", "2013-02-30", "error"),
        ("problem.required", 3, "title", "", "error"),
        ("problem.number_ambiguous", 3, "value", "1.234", "error"),
        ("problem.required", 4, "dalarna_party", "", "error"),
        ("problem.date_excel_serial", 4, "date", "41438", "error"),
    ]
    assert list(result.frame["row"]) == [2, 3, 4]
    assert {p.row for p in result.errors} == {3, 4}


# --- unreadable files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "limits", "key", "says"),
    [
        pytest.param(b"", "agreements.csv", Limits(), "problem.empty_file", "empty", id="empty"),
        pytest.param(b"  \r\n\t\n  ", "agreements.csv", Limits(), "problem.empty_file", "empty", id="whitespace"),
        pytest.param(b"\xef\xbb\xbf\r\n", "agreements.csv", Limits(), "problem.empty_file", "empty", id="bom-only"),
        pytest.param(" \r\n".encode("utf-16"), "visits.csv", Limits(), "problem.empty_file", "empty",
                     id="utf-16-blank"),
        pytest.param(PNG + b"\x00" * 64, "deals.csv", Limits(), "problem.not_table", "is a PNG file, not a table",
                     id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "agreements.csv", Limits(),
                     "problem.not_table", "is a ZIP file", id="zip"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "agreements.xlsx", Limits(),
                     "problem.xlsx_broken", "damaged", id="broken-xlsx"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "deals.csv", Limits(), "problem.not_table",
                     "is a PDF file", id="pdf"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "deals.xls", Limits(), "problem.xls_old",
                     "old Excel workbook", id="xls"),
        pytest.param(b"\x01\x02\x00\x03\xfe\x80" * 50, "deals.csv", Limits(), "problem.binary", "not text",
                     id="binary"),
        pytest.param(AGREEMENT + b"2013,A,X,Y\n" * 10, "agreements.csv", Limits(max_bytes=100), "problem.too_large",
                     "limit of 100 bytes", id="too-large"),
        pytest.param(b"x" * 3000, "agreements.csv", Limits(max_bytes=2048), "problem.too_large",
                     "limit of 2 KB", id="too-large-kb"),
        pytest.param(AGREEMENT + b"2013,A,X,Y\n" * 4, "agreements.csv", Limits(max_rows=3), "problem.too_many_rows",
                     "more than 3 rows", id="too-many-rows"),
        pytest.param(b"foo,bar,baz\n1,2,3\n", "x.csv", Limits(), "problem.unknown_kind", "could not be recognised",
                     id="unknown-kind"),
        pytest.param(b"hello world\n", "notes.txt", Limits(), "problem.unknown_kind", "could not be recognised",
                     id="prose"),
        pytest.param(b"date,city\n2013,Falun\n", "x.csv", Limits(), "problem.unknown_kind", "could not be recognised",
                     id="required-columns-of-no-kind"),
        pytest.param(AGREEMENT + b'2013,"' + b"x" * 200_000 + b'",X,Y\n', "agreements.csv", Limits(),
                     "problem.cell_too_long_to_read", "too long to read", id="field-too-large"),
    ],
)
def test_unreadable_files_get_one_sentence(data: bytes, filename: str, limits: Limits, key: str, says: str) -> None:
    result = ingest(data, filename, limits=limits)
    assert result.readable is False
    assert result.accepted is False
    assert [p.key for p in result.problems] == [key]
    assert result.errors == result.problems
    assert result.frame.empty
    message = result.problems[0].message()
    assert says in message
    assert one_sentence(message, filename), message


def test_default_size_limit_is_stated_in_megabytes() -> None:
    assert Limits().max_bytes == 50 * 1024 * 1024
    result = ingest(b"x" * 11, "agreements.csv", limits=Limits(max_bytes=10))
    assert result.problems[0].params == {"size": "11 bytes", "limit": "10 bytes"}
    # no need to allocate 50 MB: the message is made from the limit alone
    assert format_size(Limits().max_bytes) == "50 MB"
    assert format_size(1536 * 1024) == "1.5 MB"


def test_row_limit_is_inclusive() -> None:
    result = ingest(AGREEMENT + b"2013,A,X,Y\n" * 3, limits=Limits(max_rows=3))
    assert result.accepted
    assert len(result.frame) == 3


def test_unreadable_keeps_the_requested_kind() -> None:
    result = ingest(b"", "whatever.csv", kind="visit")
    assert result.kind is KINDS["visit"]
    assert not result.readable


def test_cp1252_file_is_not_binary() -> None:
    result = ingest("name,side\nÅre,other\nÖrebro,other\n".encode("cp1252"), "organisations.csv")
    assert result.readable and result.encoding == "cp1252"
    assert list(result.frame["name"]) == ["Åre", "Örebro"]


# --- kinds -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "kind"),
    [
        ("agreements.csv", "agreement"),
        ("AGREEMENTS.CSV", "agreement"),
        ("deals.csv", "deal"),
        ("deals_2024.csv", "deal"),
        ("milestones.csv", "milestone"),
        ("C:\\Users\\analyst\\Desktop\\deals-2024.csv", "deal"),
        ("exports/2024/milestones_q1.csv", "milestone"),
    ],
)
def test_kind_from_file_name(filename: str, kind: str) -> None:
    # the same columns fit agreements, deals and milestones: the name decides
    result = ingest(AGREEMENT + b"2013,A,X,Y\n", filename)
    assert result.kind is KINDS[kind]
    assert result.accepted, found(result)


def test_kind_from_visits_file_name() -> None:
    result = ingest(VISIT + b"2014,,to_hubei,D,Wuhan,3\n", "visits.csv")
    assert result.kind is KINDS["visit"]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"date,title,dalarna_party,hubei_party,type\n2013,A,X,Y,other\n", "agreement"),
        (b"date,title,dalarna_party,hubei_party,value,currency\n2013,A,X,Y,1,SEK\n", "deal"),
        (b"date,direction,delegation,city\n2014,to_hubei,D,Wuhan\n", "visit"),
        (b"datum;riktning;delegation;stad\n2014;to_hubei;D;Wuhan\n", "visit"),
        (b"date,title,category\n2019,Decision,decision\n", "milestone"),
        (b"name,side,type\nFalun kommun,dalarna,government\n", "organisation"),
        (b"name,region,country,lat,lon\nFalun,Dalarna,Sweden,60.6,15.6\n", "place"),
        (b"namn,sida\nFalun kommun,dalarna\n", "organisation"),
    ],
)
def test_kind_from_columns(data: bytes, kind: str) -> None:
    result = ingest(data, "upload.csv")
    assert result.kind is KINDS[kind]
    assert result.accepted, found(result)


def test_kind_argument_overrides_the_name() -> None:
    result = ingest(AGREEMENT + b"2013,A,X,Y\n", "agreements.csv", kind="deal")
    assert result.kind is KINDS["deal"]
    assert str(result.frame.loc[0, "id"]).startswith("dea-")


# --- values as text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("A|B", "A | B"),
        (" A |  B ", "A | B"),
        ("A | B | C", "A | B | C"),
        ("A||B", "A | B"),
        ("| A |", "A"),
        ("Borlänge kommun|武汉市人民政府", "Borlänge kommun | 武汉市人民政府"),
        ("Teknikdalen / Dalarna Science Park", "Teknikdalen / Dalarna Science Park"),
    ],
)
def test_party_lists_are_normalised(value: str, stored: str) -> None:
    result = ingest(AGREEMENT + f'2013,T,"{value}","{value}"\n'.encode())
    assert found(result) == []
    assert (row(result, 2)["dalarna_party"], row(result, 2)["hubei_party"]) == (stored, stored)


@pytest.mark.parametrize("value", ["|", " | ", "||"])
def test_party_list_of_only_separators_is_empty(value: str) -> None:
    result = ingest(f"date,title,dalarna_party,hubei_party\n2013,A,{value},Y\n".encode())
    assert found(result) == [("problem.required", 2, "dalarna_party", value.strip(), "error")]
    assert row(result, 2)["dalarna_party"] is pd.NA
    optional = ingest(f"date,title,category,dalarna_party\n2013,A,other,{value}\n".encode(), "milestones.csv")
    assert found(optional) == []
    assert row(optional, 2)["dalarna_party"] is pd.NA


def test_visit_parties_are_normalised() -> None:
    result = ingest(b"date,direction,delegation,host,city\n2014,to_hubei,A|B,C |D,Wuhan\n", "visits.csv")
    assert (row(result, 2)["delegation"], row(result, 2)["host"]) == ("A | B", "C | D")


def test_text_is_trimmed() -> None:
    data = (b"date,title,dalarna_party,hubei_party,description\n"
            b'  2013 ,"  Avtal  ",\tBorl\xc3\xa4nge kommun\t,"Wuhan\xc2\xa0"," two words  "\n')
    result = ingest(data)
    assert found(result) == []
    record = row(result, 2)
    assert (record["date"], record["title"], record["dalarna_party"], record["hubei_party"], record["description"]) == (
        "2013", "Avtal", "Borlänge kommun", "Wuhan", "two words")


def test_empty_optional_text_is_missing() -> None:
    result = ingest(b"date,title,dalarna_party,hubei_party,sector,notes\n2013,A,X,Y,,  \n")
    assert row(result, 2)["sector"] is pd.NA
    assert row(result, 2)["notes"] is pd.NA


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "Borlänge & Co <b>AB</b>",
        "=HYPERLINK(\"http://example.org\")",
        "'; DROP TABLE deals; --",
        "{title} {0} %s",
    ],
)
def test_markup_in_values_is_kept_as_text(name: str) -> None:
    quoted = '"' + name.replace('"', '""') + '"'
    data = f"date,title,dalarna_party,hubei_party\n2013,{quoted},{quoted},Wuhan\n2014,B,X,Y\n".encode()
    result = ingest(data)
    assert found(result) == []
    assert row(result, 2)["title"] == name
    assert row(result, 2)["dalarna_party"] == name
    assert row(result, 3)["title"] == "B"


def test_markup_in_a_bad_value_is_kept_in_the_problem() -> None:
    result = ingest(b"date,title,dalarna_party,hubei_party\n<script>alert(1)</script>,A,X,Y\n")
    assert found(result) == [("problem.date_format", 2, "date", "<script>alert(1)</script>", "error")]
    assert "<script>alert(1)</script>" in result.problems[0].message()


def test_quoted_fields() -> None:
    data = (
        "date;title;dalarna_party;hubei_party;description\n"
        '2013;"Avtal; del 1";"Borlänge kommun";Wuhan;"Rad ett\nRad två; med semikolon"\n'
        '2014;"Han sa ""hej""";X;Y;"a\r\nb"\n'
        "2015;C;X;Y;\n"
    ).encode()
    result = ingest(data)
    assert result.delimiter == ";"
    assert found(result) == []
    assert list(result.frame["row"]) == [2, 3, 4]
    assert row(result, 2)["title"] == "Avtal; del 1"
    assert row(result, 2)["description"] == "Rad ett\nRad två; med semikolon"
    assert row(result, 3)["title"] == 'Han sa "hej"'
    assert row(result, 3)["description"] == "a\r\nb"
    assert row(result, 4)["title"] == "C"


def test_space_after_delimiter_before_a_quote() -> None:
    result = ingest(b'date, title, dalarna_party, hubei_party\n2013, "Avtal, del 1", X, Y\n')
    assert found(result) == []
    assert row(result, 2)["title"] == "Avtal, del 1"


@pytest.mark.parametrize(
    ("line", "extra", "number"),
    [
        (b"2013,Avtal, del 1,X,Y\n", "Y", 2),  # an unquoted comma shifts the row
        (b"2013,A,X,Y,Z,W\n", "Z | W", 2),
    ],
)
def test_values_beyond_the_header_are_an_error(line: bytes, extra: str, number: int) -> None:
    result = ingest(AGREEMENT + line + b"2014,B,X,Y\n")
    assert found(result) == [("problem.extra_values", number, None, extra, "error")]
    assert row(result, 3)["title"] == "B"
    message = result.problems[0].message()
    assert message.startswith(f"agreements.csv, row {number}: ")
    assert extra in message


def test_extra_values_in_the_first_row_do_not_shift_columns() -> None:
    # pandas would take the first column as an index here and shift every value one column left
    result = ingest(AGREEMENT + b"2013,A,X,Y,oops\n")
    assert row(result, 2)["date"] == "2013"
    assert row(result, 2)["title"] == "A"
    assert [p.key for p in result.problems] == ["problem.extra_values"]


def test_trailing_delimiters_are_harmless() -> None:
    result = ingest(AGREEMENT + b"2013,A,X,Y,\n2014,B,X,Y,,,\n")
    assert found(result) == []
    assert list(result.frame["title"]) == ["A", "B"]


# --- ids ---------------------------------------------------------------------------------------------


def test_ids_are_derived_when_absent() -> None:
    result = ingest(AGREEMENT + b"2013,A,X,Y\n2014,B,X,Y\n")
    ids = list(result.frame["id"])
    assert all(i.startswith("agr-") and len(i) == len("agr-") + 10 for i in ids)
    assert ids[0] != ids[1]


def test_derived_ids_are_stable_across_reads() -> None:
    data = AGREEMENT + b"2013,A,X,Y\n2014,B,X,Y\n"
    first, second = ingest(data).frame["id"], ingest(data).frame["id"]
    assert list(first) == list(second)
    assert first.is_unique


def test_derived_ids_do_not_depend_on_how_the_file_is_written() -> None:
    plain = ingest(b"date,title,dalarna_party,hubei_party\n2013-06,Avtal,Borl\xc3\xa4nge kommun,A|B\n")
    excel = ingest("Datum;Titel;Dalapart;Hubeipart\n\n2013-6;  Avtal ;Borlänge kommun;A | B\n".encode("cp1252"))
    assert plain.frame.loc[0, "id"] == excel.frame.loc[0, "id"]


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(b"2013,A,X,Y,one\n2013,A,X,Y,two\n", id="differ-in-optional-column"),
        pytest.param(b"2013,A,X,Y,same\n2013,A,X,Y,same\n2013,A,X,Y,same\n", id="identical"),
        pytest.param(b"2013,A,X,Y,\n2013,A,X,Y,x\n2014,A,X,Y,\n", id="mixed"),
    ],
)
def test_derived_ids_are_distinct_for_distinct_rows(rows: bytes) -> None:
    data = b"date,title,dalarna_party,hubei_party,description\n" + rows
    result = ingest(data)
    ids = list(result.frame["id"])
    assert len(set(ids)) == len(ids), ids
    assert ids == list(ingest(data).frame["id"])


def test_given_ids_are_kept_and_only_missing_ones_derived() -> None:
    result = ingest(b"id,date,title,dalarna_party,hubei_party\n  agr-1 ,2013,A,X,Y\n,2014,B,X,Y\n")
    assert row(result, 2)["id"] == "agr-1"
    assert str(row(result, 3)["id"]).startswith("agr-") and row(result, 3)["id"] != "agr-1"


def test_duplicate_given_ids_are_an_error() -> None:
    result = ingest(b"id,date,title,dalarna_party,hubei_party\na1,2013,A,X,Y\na2,2014,B,X,Y\na1,2015,C,X,Y\n")
    assert found(result) == [("problem.duplicate_id", 4, "id", "a1", "error")]
    assert result.problems[0].params == {"first": 2}
    assert result.problems[0].message() == (
        "agreements.csv, row 4, column id: “a1” is already the id of row 2; ids must be unique: change one of them.")


# --- messages ----------------------------------------------------------------------------------------


def test_row_problem_message_has_file_row_column_and_value() -> None:
    result = ingest(b"date,title,dalarna_party,hubei_party\n2013,A,X,Y\n\n2013-02-30,B,X,Y\n", "avtal 2013.csv",
                    kind="agreement")
    (problem,) = result.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("avtal 2013.csv", 4, "date", "2013-02-30")
    message = problem.message()
    for part in ("avtal 2013.csv", "row 4", "date", "2013-02-30", "is not a real date"):
        assert part in message
    assert message == ("avtal 2013.csv, row 4, column date: “2013-02-30” is not a real date; check the day and the "
                       "month.")


def test_message_in_each_language() -> None:
    problem = Problem("a.csv", "problem.not_whole", row=3, column="participants", value="2.5")
    assert problem.message("en") == (
        "a.csv, row 3, column participants: “2.5” is not a whole number; write it without decimals.")
    assert problem.message("sv") == (
        "a.csv, rad 3, kolumn participants: ”2.5” är inte ett heltal; skriv det utan decimaler.")
    assert problem.message("zh") == "a.csv，第 3 行，participants 列：“2.5”不是整数；请去掉小数。"


@pytest.mark.parametrize(
    ("key", "params"),
    [
        ("problem.empty_file", {}),
        ("problem.too_large", {"size": "2 MB", "limit": "1 MB"}),
        ("problem.too_many_rows", {"limit": "10"}),
        ("problem.binary", {}),
        ("problem.undecodable", {}),
        ("problem.unparsable", {"detail": "x."}),
        ("problem.no_header", {}),
        ("problem.unknown_kind", {}),
    ],
)
def test_file_level_messages_are_one_sentence(key: str, params: dict[str, object]) -> None:
    assert one_sentence(Problem("f.csv", key, params=params).message(), "f.csv")
    assert MESSAGES["en"][key]


# --- the bundled data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_bundled_files_ingest_cleanly(kind: str) -> None:
    path = DATA / KINDS[kind].file
    data = path.read_bytes()
    by_name = ingest(data, path.name)
    by_kind = ingest(data, path.name, kind=kind)
    for result in (by_name, by_kind):
        assert result.kind is KINDS[kind]
        assert result.accepted
        assert [p.message() for p in result.problems] == []  # no errors and no warnings either
        assert result.encoding == "utf-8" and result.delimiter == ","
        assert len(result.frame) > 0
        assert result.frame["id"].is_unique
        assert result.frame["id"].notna().all()
    pd.testing.assert_frame_equal(by_name.frame, by_kind.frame)
    for column in KINDS[kind].required:
        assert by_name.frame[column].notna().all(), column


def test_bundled_places_have_real_coordinates() -> None:
    result = ingest((DATA / "places.csv").read_bytes(), "places.csv")
    assert result.frame["lat"].between(-90, 90).all()
    assert result.frame["lon"].between(-180, 180).all()
    borlange = result.frame[result.frame["name"] == "Borlänge"].iloc[0]
    assert math.isclose(borlange["lat"], 60.4858) and math.isclose(borlange["lon"], 15.4371)
