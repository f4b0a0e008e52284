"""XLSX workbooks through the ingest path: sheets, typed cells, Excel row numbers, limits, broken workbooks."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from workbooks import xlsx

from cooperation.ingest import Limits, ingest_bytes
from cooperation.ingest.xlsx import cell_text, is_workbook, workbook_sheets
from cooperation.schema import KINDS

HEADER = ["date", "title", "dalarna_party", "hubei_party", "value", "currency"]


def test_sheets_are_listed_in_order() -> None:
    data = xlsx({"Read me": [["x"]], "deals": [HEADER], "Visits": [["date"]]})
    assert workbook_sheets(data) == ["Read me", "deals", "Visits"]
    assert workbook_sheets(b"PK\x03\x04not really") == []
    assert workbook_sheets(b"date,title\n") == []
    assert is_workbook(data) and not is_workbook(b"PK\x03\x04not really") and not is_workbook(b"date\n")


def test_a_workbook_is_recognised_by_its_bytes_and_reports_xlsx() -> None:
    data = xlsx({"Sheet1": [HEADER, [date(2013, 6, 13), "Avtal", "Borlänge kommun", "武汉市人民政府", 1234.5, "SEK"]]})
    for name in ("deals.xlsx", "deals.csv", "deals"):
        result = ingest_bytes(data, name, kind="deal")
        assert result.accepted, [p.message() for p in result.problems]
        assert (result.encoding, result.sheet, result.delimiter) == ("xlsx", "Sheet1", None)
        record = result.frame.iloc[0]
        assert (record["row"], record["date"], record["title"], record["hubei_party"], record["value"]) == (
            2, "2013-06-13", "Avtal", "武汉市人民政府", 1234.5)


def test_sheet_is_chosen_by_name_or_kind_or_first() -> None:
    data = xlsx({"Notes": [["just", "notes"]], "Deals": [HEADER, ["2014", "B", "X", "Y", 1, "EUR"]],
                 "agreements": [HEADER[:4], ["2013", "A", "X", "Y"]]})
    assert ingest_bytes(data, "book.xlsx", sheet="agreements").kind is KINDS["agreement"]  # kind from sheet name
    deals = ingest_bytes(data, "book.xlsx", kind="deal")
    assert deals.sheet == "Deals" and deals.accepted
    assert ingest_bytes(data, "book.xlsx", sheet="deals").sheet == "Deals"  # case does not matter
    first = ingest_bytes(data, "book.xlsx")
    assert first.sheet == "Notes" and first.problems[0].key == "problem.unknown_kind"


def test_missing_sheet_names_the_sheets_there_are() -> None:
    data = xlsx({"A": [HEADER], "B": [HEADER]})
    result = ingest_bytes(data, "book.xlsx", sheet="C")
    assert not result.readable and result.encoding == "xlsx"
    assert [p.key for p in result.problems] == ["problem.sheet_missing"]
    assert result.problems[0].message("en") == (
        "book.xlsx: the workbook has no sheet “C”; choose one of its sheets: A, B.")
    assert "工作表" in result.problems[0].message("zh")


def test_empty_sheet_is_said_so() -> None:
    result = ingest_bytes(xlsx({"Tom": []}), "deals.xlsx")
    assert [p.key for p in result.problems] == ["problem.empty_sheet"]
    assert "”Tom”" in result.problems[0].message("sv")


def test_excel_rows_are_counted_with_blank_rows_and_rows_above_the_header() -> None:
    rows: list[list[object]] = [[], ["Deals 2013"], [], HEADER]
    result = ingest_bytes(xlsx({"S": rows}), "deals.xlsx")
    # a title above the header is taken for the header (the first non-blank row), and the real header row is a
    # record then, with values beyond the title's one column: said with the row Excel shows
    assert [(p.key, p.row) for p in result.problems][:1] == [("problem.extra_values", 4)]
    rows = [[], [], HEADER, ["2013", "A", "X", "Y", 1, "SEK"], [], ["2013-02-30", "B", "X", "Y", -1, "SEK"]]
    result = ingest_bytes(xlsx({"S": rows}), "deals.xlsx")
    assert [(p.key, p.row, p.column) for p in result.problems] == [
        ("problem.date_impossible", 6, "date"), ("problem.below_minimum", 6, "value")]
    assert list(result.frame["row"]) == [4, 6]


def test_cells_become_text_the_ingest_reads() -> None:
    assert cell_text(datetime(2013, 6, 13)) == "2013-06-13"
    assert cell_text(datetime(2013, 6, 13, 10, 30)) == "2013-06-13"
    assert cell_text(date(2007, 1, 2)) == "2007-01-02"
    assert cell_text(1234.0) == "1234"
    assert cell_text(1.234) == "1.2340"  # a number cell is not ambiguous
    assert cell_text(1e-7) == "0.0000001"
    assert cell_text(41438) == "41438"
    assert cell_text(True) == "TRUE"
    assert cell_text(None) == ""
    assert cell_text("=HYPERLINK(\"x\")") == "=HYPERLINK(\"x\")"


def test_number_cells_are_numbers_and_serial_numbers_in_a_date_column_are_said_so() -> None:
    rows = [HEADER, ["2013", "A", "X", "Y", 1.234, "SEK"], [41438, "B", "X", "Y", 2, "SEK"],
            [date(2013, 6, 13), "C", "X", "Y", "1.234", "SEK"]]
    result = ingest_bytes(xlsx({"deals": rows}), "book.xlsx")
    assert result.frame.set_index("row").loc[2, "value"] == pytest.approx(1.234)
    assert [(p.key, p.row, p.column, p.value) for p in result.problems] == [
        ("problem.date_excel_serial", 3, "date", "41438"),
        ("problem.number_ambiguous", 4, "value", "1.234"),  # typed as text: still ambiguous
    ]


def test_values_beyond_the_header_are_reported_like_csv() -> None:
    rows = [HEADER[:4], ["2013", "A", "X", "Y", None, "oops"]]
    result = ingest_bytes(xlsx({"agreements": rows}), "book.xlsx")
    assert [(p.key, p.row, p.value) for p in result.problems] == [("problem.extra_values", 2, "oops")]


def test_row_limit_applies_to_workbooks() -> None:
    rows = [HEADER[:4]] + [["2013", f"A{i}", "X", "Y"] for i in range(5)]
    data = xlsx({"agreements": rows})
    assert ingest_bytes(data, "a.xlsx", limits=Limits(max_rows=5)).accepted
    result = ingest_bytes(data, "a.xlsx", limits=Limits(max_rows=4))
    assert [p.key for p in result.problems] == ["problem.too_many_rows"] and not result.readable


def test_formula_cells_give_their_value_and_text_formulas_stay_text() -> None:
    rows = [HEADER[:4], ["2013", '=HYPERLINK("http://evil")', "<script>alert(1)</script>", "Y"]]
    result = ingest_bytes(xlsx({"agreements": rows}), "a.xlsx")
    # openpyxl wrote a formula without a computed value: the cell is empty, so the required title is missing
    assert [(p.key, p.row, p.column) for p in result.problems] == [("problem.required", 2, "title")]
    assert result.frame.loc[0, "dalarna_party"] == "<script>alert(1)</script>"


@pytest.mark.parametrize(("data", "name", "key"), [
    (b"PK\x03\x04" + b"\x00" * 100, "deals.xlsx", "problem.xlsx_broken"),
    (b"PK\x05\x06" + b"\x00" * 18, "deals.xlsx", "problem.xlsx_broken"),  # an empty zip named .xlsx
    (b"PK\x05\x06" + b"\x00" * 18, "deals.csv", "problem.not_table"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "deals.xls", "problem.xls_old"),
])
def test_broken_and_foreign_workbooks_get_one_sentence(data: bytes, name: str, key: str) -> None:
    result = ingest_bytes(data, name)
    assert not result.readable
    assert [p.key for p in result.problems] == [key]


def test_a_workbook_with_a_damaged_part_is_broken() -> None:
    import zipfile

    good = xlsx({"deals": [HEADER]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]  # cut in the middle of the XML
            target.writestr(item, content)
    result = ingest_bytes(out.getvalue(), "deals.xlsx")
    assert [p.key for p in result.problems] == ["problem.xlsx_broken"]
    assert result.problems[0].message("en").startswith("deals.xlsx: the workbook is damaged and cannot be opened; ")
