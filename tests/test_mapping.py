"""Column mapping: headers as the analyst wrote them, suggestions, the signature that remembers a mapping, and
ingest_bytes renaming the file's headers to the contract's columns."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from workbooks import xlsx

from cooperation.ingest import ingest_bytes
from cooperation.mapping import file_headers, header_signature, suggest_mapping
from cooperation.schema import KINDS

REAL = Path("/work/shared/data/real-world-csv")
FOREIGN = ("Datum;Rubrik;Svensk part;Kinesisk part;Belopp;Valuta;Kommentar\n"
           "2013-06-13;Avtal;Borlänge kommun;Wuhan;1 000;SEK;x\n"
           "2013-02-30;Avtal 2;Falun;Wuhan;-5;SEK;y\n")


# --- signature -----------------------------------------------------------------------------------------------


def test_signature_ignores_order_case_and_spacing() -> None:
    one = header_signature(["Transaction ID", "project_id", "Value"])
    assert one == header_signature(["value", " PROJECT_ID ", "transaction  id"])
    assert len(one) == 64 and int(one, 16) >= 0


def test_signature_differs_for_other_headers() -> None:
    base = ["date", "title"]
    assert header_signature(base) != header_signature([*base, "value"])
    assert header_signature(base) != header_signature(["date", "titles"])
    assert header_signature(["", "a"]) != header_signature(["a"])  # an empty header cell counts


def test_signature_is_stable_across_runs() -> None:
    """The store keeps signatures: they must not depend on the process (no salted hash())."""
    assert header_signature(["title", "Date"]) == hashlib.sha256(b"date\x1ftitle").hexdigest()


# --- headers as written ----------------------------------------------------------------------------------------


def test_file_headers_of_csv_keep_the_analysts_spelling() -> None:
    data = FOREIGN.encode("cp1252")
    assert file_headers(data, "x.csv") == ["Datum", "Rubrik", "Svensk part", "Kinesisk part", "Belopp", "Valuta",
                                           "Kommentar"]


def test_file_headers_of_real_files() -> None:
    r_file = (REAL / "region_dalarna_exportperinv.csv").read_bytes()
    assert file_headers(r_file, "export.csv") == ["", "Ar", "AstLan", "Lan_namn", "RegExpVarde", "bef_20_64ar",
                                                  "RegExp_inv20_64ar"]
    scb = (REAL / "scb_bilinnehav_dalarna_kommuner.csv").read_bytes()
    assert file_headers(scb, "scb.csv")[:2] == ["", "Har ej personbil i trafik"]


def test_file_headers_read_only_the_beginning_of_a_large_file() -> None:
    data = b"Datum,Rubrik\n" + b"2013,A\n" * 400_000 + "2013,Borlänge\n".encode()
    assert file_headers(data, "big.csv") == ["Datum", "Rubrik"]
    utf16 = "Datum\tRubrik\r\n".encode("utf-16") + "2013\tA\r\n".encode("utf-16-le") * 200_000
    assert file_headers(utf16, "u.csv") == ["Datum", "Rubrik"]


def test_file_headers_of_a_workbook_sheet() -> None:
    data = xlsx({"Intro": [["Read me"]], "Affärer": [[], ["Datum", "Rubrik ", None], ["2013", "A"]]})
    assert file_headers(data, "book.xlsx") == ["Read me"]
    assert file_headers(data, "book.xlsx", sheet="Affärer") == ["Datum", "Rubrik"]
    assert file_headers(data, "book.xlsx", sheet="missing") == []


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04broken"])
def test_file_headers_of_unreadable_files_are_empty(data: bytes) -> None:
    assert file_headers(data, "x.csv") == []


# --- suggestions -----------------------------------------------------------------------------------------------


def test_suggestions_by_name_alias_and_close_spelling() -> None:
    headers = ["Datum", "Rubrik", "Svensk part", "dalarna_prty", "Kinesisk part", "Belopp", "Valuta", "Kommentar"]
    assert suggest_mapping(headers, "deal") == {
        "Datum": "date", "Rubrik": "title", "Svensk part": "dalarna_party", "Kinesisk part": "hubei_party",
        "Belopp": "value", "Valuta": "currency"}


def test_close_spelling_is_used_when_the_name_is_free() -> None:
    assert suggest_mapping(["dalarna_prty", "hubei part", "titel"], "agreement") == {
        "dalarna_prty": "dalarna_party", "hubei part": "hubei_party", "titel": "title"}


def test_suggestions_for_aiddata_transactions() -> None:
    headers = file_headers((REAL / "aiddata_china_geocoded_v1.1/transactions.csv").read_bytes(), "transactions.csv")
    suggested = suggest_mapping(headers, "deal")
    assert suggested["transaction_isodate"] == "date"
    assert suggested["transaction_currency"] == "currency"
    assert suggested["transaction_value"] == "value"  # not transaction_value_code: each column once, best first
    assert "transaction_value_code" not in suggested
    assert all(column in KINDS["deal"].column_names for column in suggested.values())
    assert len(set(suggested.values())) == len(suggested)


def test_start_date_is_preferred_to_end_date_for_date() -> None:
    headers = ["end_actual_isodate", "start_actual_isodate", "project_title"]
    assert suggest_mapping(headers, "deal") == {"start_actual_isodate": "date", "project_title": "title"}
    assert suggest_mapping(headers, "milestone")["end_actual_isodate"] == "end_date"


def test_nothing_is_suggested_for_unrelated_headers() -> None:
    assert suggest_mapping(["Har ej personbil i trafik", "", "AstLan"], "deal") == {}


# --- ingest with a mapping -------------------------------------------------------------------------------------


def test_mapping_renames_headers_and_problems_name_the_analysts_header() -> None:
    mapping = {"Datum": "date", "Rubrik": "title", "Svensk part": "dalarna_party", "Kinesisk part": "hubei_party",
               "Belopp": "value", "Valuta": "currency", "Kommentar": ""}
    result = ingest_bytes(FOREIGN.encode("cp1252"), "affarer.csv", kind="deal", mapping=mapping)
    assert result.readable and result.kind is KINDS["deal"]
    assert list(result.frame["title"]) == ["Avtal", "Avtal 2"]
    assert result.frame["value"].iloc[0] == 1000
    found = [(p.key, p.row, p.column, p.value, p.severity) for p in result.problems]
    assert found == [
        ("problem.column_ignored", None, "Kommentar", None, "info"),
        ("problem.date_impossible", 3, "Datum", "2013-02-30", "error"),
        ("problem.below_minimum", 3, "Belopp", "-5", "error"),
    ]
    assert "kolumn Datum" in result.problems[1].message("sv")
    assert "Datum 列" in result.problems[1].message("zh")


def test_without_a_mapping_swedish_aliases_still_name_the_contract_column() -> None:
    result = ingest_bytes(b"datum,titel,dalapart,hubeipart\n2013-02-30,A,X,Y\n", "agreements.csv")
    assert [(p.key, p.column) for p in result.problems] == [("problem.date_impossible", "date")]


def test_headers_left_out_of_the_mapping_are_ignored_with_a_note_unless_they_are_contract_columns() -> None:
    data = b"when,title,what,dalarna_party,hubei_party,colour\n2013,A,B,X,Y,red\n"
    result = ingest_bytes(data, "x.csv", mapping={"WHEN": "date", "what": "description"})
    assert result.kind is KINDS["agreement"]  # guessed from the mapped headers
    assert result.accepted
    assert result.frame.loc[0, "date"] == "2013" and result.frame.loc[0, "description"] == "B"
    assert [(p.key, p.column, p.severity) for p in result.problems] == [("problem.column_ignored", "colour", "info")]


def test_mapping_to_a_column_the_kind_lacks_is_an_error() -> None:
    result = ingest_bytes(b"when,title,dalarna_party,hubei_party\n2013,A,X,Y\n", "x.csv", kind="agreement",
                          mapping={"when": "date_of_birth"})
    keys = [(p.key, p.column) for p in result.problems]
    assert ("problem.mapping_unknown_target", "when") in keys
    assert not result.accepted
    assert "date_of_birth" in result.problems[0].message("en")


def test_two_headers_mapped_to_one_column_is_a_duplicate_named_by_the_analysts_header() -> None:
    result = ingest_bytes(b"a,b,title,dalarna_party,hubei_party\n2013,2014,A,X,Y\n", "x.csv", kind="agreement",
                          mapping={"a": "date", "b": "date"})
    assert [(p.key, p.column) for p in result.problems] == [("problem.duplicate_column", "b")]


def test_required_cells_empty_in_a_mapped_column_name_the_analysts_header() -> None:
    result = ingest_bytes(b"Start,Name,Who,Whom\n,A,X,Y\n", "x.csv", kind="agreement",
                          mapping={"Start": "date", "Name": "title", "Who": "dalarna_party", "Whom": "hubei_party"})
    assert [(p.key, p.row, p.column) for p in result.problems] == [("problem.required", 2, "Start")]


def test_a_mapping_works_on_a_workbook() -> None:
    data = xlsx({"Blad1": [["Datum", "Rubrik", "Svensk part", "Kinesisk part", "Belopp", "Valuta"],
                           ["2013-06-13", "A", "X", "Y", 1.5, "SEK"]]})
    result = ingest_bytes(data, "affarer.xlsx", kind="deal", mapping=suggest_mapping(file_headers(data, "a.xlsx"),
                                                                                     "deal"))
    assert result.accepted, [p.message() for p in result.problems]
    assert result.frame.loc[0, "value"] == 1.5


def test_without_a_mapping_a_foreign_file_is_told_to_map_its_columns() -> None:
    result = ingest_bytes(b"foo,bar\n1,2\n", "x.csv", kind="deal")
    assert result.problems[0].key == "problem.needs_mapping"
    assert "map its columns" in result.problems[0].message("en")
    assert not result.accepted
