"""Issue 12 at the ingest: a kind is never switched silently (3), the mapping does what it shows (4, 8, 11), hostile
characters are removed with a warning naming row and column (6, 9), script links are refused and formula-looking
text is flagged (9), and the messages of item 8 say what to do."""

from __future__ import annotations

import pytest

from cooperation.ingest import IngestResult, ingest_bytes
from cooperation.problems import Problem

AGREEMENT = "date,title,dalarna_party,hubei_party\n"


def upload(text: str | bytes, name: str = "export.csv", **kw: object) -> IngestResult:
    data = text.encode() if isinstance(text, str) else text
    return ingest_bytes(data, name, upload=True, **kw)  # type: ignore[arg-type]


def keys(result: IngestResult) -> list[tuple[str, int | None, str | None]]:
    return [(p.key, p.row, p.column) for p in result.problems]


# --- 3: the kind --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["export.csv", "avtal_utan_hubei.csv", "2024 agreements.csv"])
def test_a_file_that_names_a_kind_but_lacks_a_required_column_is_refused_naming_it(name: str) -> None:
    result = upload("date,title,dalarna_party,type,status,source\n2013-06,Avtal,Borlänge kommun,cooperation,signed,"
                    "https://x.se\n", name)
    assert result.kind is not None and result.kind.name == "agreement"  # never a milestone
    assert keys(result) == [("problem.missing_column", None, "hubei_party")]
    assert not result.accepted
    assert "hubei_party" in result.problems[0].message("sv") and "hubei_party" in result.problems[0].message("zh")


@pytest.mark.parametrize(("name", "kind"), [("Affärer 2016.csv", "deal"), ("besök.csv", "visit"),
                                            ("2013年协议.csv", "agreement"), ("organisationer.csv", "organisation")])
def test_swedish_and_chinese_file_names_name_their_kind(name: str, kind: str) -> None:
    result = upload(AGREEMENT + "2013,A,X,Y\n", name)
    assert result.kind is not None and result.kind.name == kind and result.kind_source == "file name"


def test_a_kind_guessed_from_the_columns_must_be_confirmed() -> None:
    guessed = upload(AGREEMENT + "2013,A,X,Y\n")
    assert guessed.kind_guessed and guessed.kind.name == "agreement"  # type: ignore[union-attr]
    assert keys(guessed) == [("problem.kind_guessed", None, None)] and not guessed.accepted
    assert guessed.problems[0].message("en") == ("export.csv: the kind “Agreement” was only guessed from the columns; "
                                                 "confirm it or choose another kind (on the command line: --kind "
                                                 "agreement).")
    assert "”Avtal”" in guessed.problems[0].message("sv") and "“协议”" in guessed.problems[0].message("zh")
    confirmed = upload(AGREEMENT + "2013,A,X,Y\n", kind="agreement")
    assert confirmed.accepted and confirmed.kind_source == "given"
    # the sheet's name names a kind too
    from workbooks import xlsx

    book = xlsx({"Avtal": [["date", "title", "dalarna_party", "hubei_party"], ["2013", "A", "X", "Y"]]})
    by_sheet = ingest_bytes(book, "export.xlsx", upload=True)
    assert by_sheet.accepted and by_sheet.kind_source == "sheet"


# --- 4, 8, 11: the mapping ----------------------------------------------------------------------------------------


def test_not_read_means_not_read_even_for_a_header_that_is_a_contract_column() -> None:
    projects = "start,project_title,donors,recipients,status\n2013,Bridge,X,Y,Completion\n2014,Road,X,Y,Pipeline\n"
    mapping = {"start": "date", "project_title": "title", "donors": "dalarna_party", "recipients": "hubei_party",
               "status": ""}
    result = upload(projects, "projects.csv", kind="agreement", mapping=mapping)
    assert result.accepted, [p.message() for p in result.problems]
    assert result.frame["status"].tolist() == ["signed", "signed"]  # the default, not AidData's status
    assert ("problem.column_ignored", None, "status") in keys(result)


def test_two_file_columns_mapped_to_one_column_are_named_together() -> None:
    result = upload("When,Rubrik,Titel,Who,Whom\n2013,A,B,X,Y\n", kind="agreement",
                    mapping={"When": "date", "Rubrik": "title", "Titel": "title", "Who": "dalarna_party",
                             "Whom": "hubei_party"})
    assert keys(result) == [("problem.duplicate_column", None, "Titel")]
    message = result.problems[0].message("en")
    assert message == ("export.csv, column Titel: holds title, as the column “Rubrik” does; keep one of the two (map "
                       "the other to “not read”).")
    assert "”Rubrik”" in result.problems[0].message("sv") and "“Rubrik”" in result.problems[0].message("zh")


def test_a_mapping_to_no_column_of_any_kind_says_so_not_kind_unknown() -> None:
    result = upload("Titel,Datum\nA,2013\n", mapping={"Titel": "nosuchcolumn"})
    assert [(p.key, p.column) for p in result.problems] == [("problem.mapping_no_such_column", "Titel")]
    assert "“nosuchcolumn”, which is no column of any kind; use one of: " in result.problems[0].message("en")
    header_missing = upload(AGREEMENT + "2013,A,X,Y\n", kind="agreement", mapping={"Rubrik": "title"})
    assert keys(header_missing) == [("problem.mapping_header_missing", None, "rubrik")]


def test_unknown_headers_are_named_as_written() -> None:
    result = upload("date,title,dalarna_party,hubei_party,<img src=x onerror=alert(1)>\n2013,A,X,Y,z\n",
                    kind="agreement")
    assert keys(result) == [("problem.unknown_column", None, "<img src=x onerror=alert(1)>")]


def test_a_column_can_be_given_one_value_for_the_whole_file() -> None:
    scb = "Kommun,Kod\nFalun,2080\nBorlänge,2081\n"
    result = upload(scb, "kommuner.csv", kind="organisation", mapping={"Kommun": "name", "Kod": ""},
                    constants={"side": "dalarna", "city": "Falun"})
    assert result.accepted, [p.message() for p in result.problems]
    assert result.frame["side"].tolist() == ["dalarna", "dalarna"]
    assert result.frame["city"].tolist() == ["Falun", "Falun"]
    wrong = upload(scb, "kommuner.csv", kind="organisation", mapping={"Kommun": "name", "Kod": ""},
                   constants={"side": "dalarnaa"})
    assert [(p.key, p.row, p.column, p.value) for p in wrong.errors] == [
        ("problem.not_allowed", None, "side", "dalarnaa")]  # said once, for the whole file
    assert wrong.errors[0].message("en").startswith(
        "kommuner.csv, column side (the same value for every row): “dalarnaa” is not one of the allowed values")
    clash = upload("name,side\nFalun,hubei\n", "organisations.csv", constants={"side": "dalarna"})
    assert keys(clash) == [("problem.constant_and_column", None, "side")]
    nowhere = upload(scb, "kommuner.csv", kind="organisation", mapping={"Kommun": "name", "Kod": ""},
                     constants={"sida": "dalarna", "currency": "SEK"})
    assert ("problem.constant_unknown_column", None, "currency") in keys(nowhere)  # no column of an organisation


# --- 6, 9: hostile characters and links ---------------------------------------------------------------------------


@pytest.mark.parametrize(("where", "data"), [
    ("first 4 KB", (AGREEMENT + "2013,Av\x00tal,X,Y\n").encode()),
    ("after 4 KB", (AGREEMENT + "2013,Avtal,X,Y\n" * 400 + "2014,Av\x00tal,X,Y\n").encode()),
])
def test_a_nul_anywhere_is_removed_with_a_warning_naming_row_and_column(where: str, data: bytes) -> None:
    result = ingest_bytes(data, "agreements.csv", upload=True)
    row = 2 if where == "first 4 KB" else 402
    assert result.readable and result.accepted
    assert keys(result) == [("problem.invisible_removed", row, "title")]
    assert "\x00" not in "".join(result.frame["title"])
    assert result.frame.set_index("row").loc[row, "title"] == "Avtal"
    message = result.problems[0].message("en")
    assert f"row {row}, column title: “Av⟨U+0000⟩tal” held invisible characters (U+0000 NULL)" in message


def test_bidi_overrides_zero_width_and_a_bom_inside_a_value_are_removed_with_warnings() -> None:
    result = upload("name,side,city\nBorl\u202eegnäl,dalarna,Fa\u200blun\n\u2066Wuhan\u2069,hubei,\ufeffWuhan\n",
                    "organisations.csv")
    assert result.accepted
    assert keys(result) == [("problem.invisible_removed", 2, "name"), ("problem.invisible_removed", 3, "name"),
                            ("problem.invisible_removed", 2, "city"), ("problem.invisible_removed", 3, "city")]
    assert result.frame["name"].tolist() == ["Borlegnäl", "Wuhan"] and result.frame["city"].tolist() == ["Falun",
                                                                                                         "Wuhan"]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in result.problems[0].message("sv")
    # a date with an invisible byte-order mark inside is read as the date, with a warning (not "not a date")
    dated = upload(AGREEMENT + "\ufeff2013-06-13,A,X,Y\n", kind="agreement")
    assert keys(dated) == [("problem.invisible_removed", 2, "date")] and dated.frame.loc[0, "date"] == "2013-06-13"


def test_a_header_with_invisible_characters_is_read_with_a_warning() -> None:
    result = upload("dat\u200be,title,dalarna_party,hubei_party\n2013,A,X,Y\n", kind="agreement")
    assert keys(result) == [("problem.invisible_in_header", None, "date")]
    assert result.accepted


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)",
                                  " data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)"])
def test_script_links_are_refused_as_a_website_and_as_a_source(link: str) -> None:
    website = upload(f'name,side,website\nTeknikdalen,dalarna,"{link}"\n', "organisations.csv")
    assert keys(website) == [("problem.unsafe_link", 2, "website")]
    source = upload(AGREEMENT.strip() + f',source\n2013,A,X,Y,"https://x.se | {link}"\n', kind="agreement")
    assert keys(source) == [("problem.unsafe_link", 2, "source")]


def test_a_website_must_be_a_web_address_but_a_source_may_be_a_reference() -> None:
    assert keys(upload("name,side,website\nA,dalarna,ftp://x.se\n", "organisations.csv")) == [
        ("problem.unsafe_link", 2, "website")]
    fine = upload("name,side,website,source\nA,dalarna,https://www.teknikdalen.se,Protokoll: KS 2019-10-16 §123\n"
                  "B,dalarna,www.falun.se,\n", "organisations.csv")
    assert fine.accepted and keys(fine) == []


def test_plus_minus_and_at_lead_a_formula_warning_like_equals() -> None:
    result = upload(AGREEMENT + "2013,=1+1,+46 23 123,-1\n2014,@SUM(A1),X,Y\n", kind="agreement")
    assert keys(result) == [("problem.formula_like", 2, "title"), ("problem.formula_like", 3, "title"),
                            ("problem.formula_like", 2, "dalarna_party"), ("problem.formula_like", 2, "hubei_party")]
    assert result.accepted  # stored as text, exported neutralised
    assert [p.params["sign"] for p in result.problems] == ["=", "@", "+", "-"]
    assert "starts with “+”" in result.problems[2].message("en")


# --- 8: messages that say what to do ------------------------------------------------------------------------------


def test_an_unknown_currency_is_one_error_not_two() -> None:
    result = upload("date,title,dalarna_party,hubei_party,value,currency\n2013,A,X,Y,1000,GBP\n", "deals.csv")
    assert keys(result) == [("problem.not_allowed", 2, "currency")]
    assert result.problems[0].message("en").endswith("is not one of the allowed values; write one of: SEK, CNY, EUR, "
                                                     "USD.")


def test_a_value_over_the_csv_field_limit_is_named_by_its_row_with_what_to_do() -> None:
    result = upload(AGREEMENT + '2013,A,X,Y\n2014,"' + "x" * 200_000 + '",X,Y\n', "agreements.csv")
    assert [(p.key, p.row) for p in result.problems] == [("problem.cell_too_long_to_read", 3)]
    message = result.problems[0].message("en")
    assert "field limit" not in message and "131072" not in message
    assert message == ("agreements.csv, row 3: a value is longer than 10,000 characters, too long to read; shorten "
                       "it, or close a quote (\") that was opened and never closed.")


@pytest.mark.parametrize("key", ["problem.binary", "problem.empty_file", "problem.missing_column",
                                 "problem.required", "problem.date_impossible", "problem.not_a_number",
                                 "problem.xlsx_broken", "problem.too_many_rows", "problem.unknown_column"])
def test_messages_say_what_to_do(key: str) -> None:
    params = {"limit": "10", "kind": "agreement", "size": "1 MB"}
    for lang in ("en", "sv", "zh"):
        message = Problem("f.csv", key, params=params).message(lang)
        assert any(word in message for word in ("; ", "；", "：请", "请")), (lang, message)
