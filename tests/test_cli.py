"""The command line: validate and import, their report, JSON lines, exit codes, limits and store."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from cooperation.cli import main
from cooperation.ingest import Limits, limits_from_environment
from cooperation.mapping import header_signature

ROOT = Path(__file__).resolve().parent.parent
GOOD = "date,title,dalarna_party,hubei_party\n2013,Avtal,Borlänge kommun,武汉市人民政府\n"
BAD = "date,title,dalarna_party,hubei_party\n2013-02-30,A,X,Y\n" + "13/6/2013,B,X,Y\n" * 50


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture()
def files(tmp_path: Path) -> Path:
    (tmp_path / "agreements.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad_agreements.csv").write_text(BAD, encoding="utf-8")
    (tmp_path / "deals.csv").write_bytes(b"")
    (tmp_path / "visits.csv").write_text("date,direction,delegation,city\n2016-05,to_hubei,Falu kommun,Wuhan\n",
                                         encoding="utf-8")
    return tmp_path


@pytest.fixture()
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    return url


def test_validate_accepts_a_good_file(files: Path) -> None:
    status, out, _ = run("validate", str(files / "agreements.csv"), "--lang", "en")
    assert status == 0
    assert out == f"{files / 'agreements.csv'} (utf-8, ',', agreement): 1 rows, accepted (0 warnings).\n"


def test_validate_groups_repeated_problems_and_exits_1(files: Path) -> None:
    status, out, _ = run("validate", str(files / "bad_agreements.csv"), "--lang", "en")
    assert status == 1
    lines = out.splitlines()
    assert lines[0].endswith("51 rows, refused: 51 errors, 0 warnings.")
    assert lines[1] == (f"  ✗ {files / 'bad_agreements.csv'}, row 2, column date: “2013-02-30” is not a real date; "
                        "check the day and the month.")
    assert "The same problem occurs 49 more times (rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 …)." in lines[2]
    assert len(lines) == 3


def test_validate_in_swedish_and_chinese(files: Path) -> None:
    _, sv, _ = run("validate", str(files / "bad_agreements.csv"))  # Swedish is the default
    assert "rad 2, kolumn date: ”2013-02-30” är inte ett verkligt datum; kontrollera dag och månad." in sv
    _, zh, _ = run("validate", str(files / "bad_agreements.csv"), "--lang", "zh")
    assert "第 2 行，date 列：“2013-02-30”不是有效的日期；请检查日和月。" in zh


def test_json_is_one_problem_per_line(files: Path) -> None:
    status, out, _ = run("validate", str(files / "bad_agreements.csv"), str(files / "agreements.csv"), "--json",
                         "--lang", "en")
    assert status == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 51
    assert lines[0] == {"file": str(files / "bad_agreements.csv"), "row": 2, "column": "date", "value": "2013-02-30",
                        "message": f"{files / 'bad_agreements.csv'}, row 2, column date: “2013-02-30” is not a real "
                                   "date; check the day and the month.", "severity": "error",
                        "key": "problem.date_impossible"}


def test_unreadable_and_missing_files_exit_2(files: Path) -> None:
    status, out, _ = run("validate", str(files / "agreements.csv"), str(files / "bad_agreements.csv"),
                         str(files / "deals.csv"), "--lang", "en")
    assert status == 2
    assert f"{files / 'deals.csv'}: the file is empty; choose the file that holds the data." in out
    status, out, _ = run("validate", str(files / "nothing.csv"), "--json", "--lang", "en")
    assert status == 2
    assert json.loads(out)["message"] == (f"{files / 'nothing.csv'}: the file does not exist or cannot be opened; "
                                          "check its name and path.")


def test_kind_option_and_mapping_option(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("When;What;Who;Whom;Note\n2013;A;X;Y;n\n", encoding="utf-8")
    status, out, _ = run("validate", str(path), "--lang", "en")
    assert status == 2 and "choose the kind and map" in out
    status, out, _ = run("validate", str(path), "--kind", "agreement", "--lang", "en")
    assert status == 1 and "none of the file's columns is a column of the Agreement format" in out
    status, out, _ = run("validate", str(path), "--kind", "agreement", "--map", "When=date", "--map", "What=title",
                         "--map", "Who=dalarna_party", "--map", "Whom=hubei_party", "--map", "Note=", "--lang", "en")
    assert status == 0, out
    assert "column Note: this column is not read" in out


def test_limits_come_from_the_environment(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert limits_from_environment({}) == Limits()
    assert limits_from_environment({"DASHBOARD_MAX_UPLOAD_MB": "0.5", "DASHBOARD_MAX_UPLOAD_ROWS": "10"}) == \
        Limits(max_bytes=512 * 1024, max_rows=10)
    for bad in ("0", "-1", "lots", "nan", "inf"):
        with pytest.raises(ValueError, match="DASHBOARD_MAX_UPLOAD_MB"):
            limits_from_environment({"DASHBOARD_MAX_UPLOAD_MB": bad})
    with pytest.raises(ValueError, match="DASHBOARD_MAX_UPLOAD_ROWS"):
        limits_from_environment({"DASHBOARD_MAX_UPLOAD_ROWS": "1.5"})
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_ROWS", "10")
    status, out, _ = run("validate", str(files / "bad_agreements.csv"), "--lang", "en")
    assert status == 2 and "the file has more than 10 rows; split it into smaller files." in out
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "0.00005")
    status, out, _ = run("validate", str(files / "agreements.csv"), "--lang", "en")
    assert status == 2 and "the file is 87 bytes, more than the limit of 52 bytes" in out
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "none")
    status, _, err = run("validate", str(files / "agreements.csv"))
    assert status == 2 and "DASHBOARD_MAX_UPLOAD_MB" in err


def test_workbook_sheets_named_after_kinds_are_each_validated(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "agreements"
    book.active.append(["date", "title", "dalarna_party", "hubei_party"])
    book.active.append(["2013", "A", "X", "Y"])
    visits = book.create_sheet("Visits")
    visits.append(["date", "direction", "delegation", "city"])
    visits.append(["2013", "sideways", "X", "Wuhan"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    status, out, _ = run("validate", str(path), "--lang", "en")
    assert status == 1
    assert f"{path} [agreements] (xlsx, agreement): 1 rows, accepted" in out
    assert f"{path} [Visits], row 2, column direction: “sideways”" in out
    status, out, _ = run("validate", str(path), "--sheet", "agreements", "--lang", "en")
    assert status == 0 and f"{path} (xlsx, agreement)" in out


def test_import_commits_one_batch_only_when_every_file_is_accepted(files: Path, store_url: str) -> None:
    from cooperation.store import Store

    status, out, _ = run("import", str(files / "agreements.csv"), str(files / "bad_agreements.csv"), "--lang", "en")
    assert status == 1 and out.endswith("Nothing was stored: every file must be accepted first.\n")
    with Store(store_url) as store:
        assert [b.action for b in store.history()] == ["seed"]
    status, out, _ = run("import", str(files / "agreements.csv"), "--author", "Analytiker", "--lang", "en")
    assert status == 0
    assert out.splitlines()[-1] == "Stored as batch 2: 1 rows from 1 files."
    with Store(store_url) as store:
        batch = store.history()[0]
        assert (batch.id, batch.action, batch.author, batch.rows) == (2, "commit", "Analytiker", 1)
        assert [(f.name, f.kind, f.rows) for f in batch.files] == [("agreements.csv", "agreement", 1)]
        assert "Avtal" in set(store.current("agreement")["title"])
    status, out, _ = run("import", str(files / "agreements.csv"), str(files / "visits.csv"), "--json")
    assert status == 0 and json.loads(out.splitlines()[-1])["batch"] == 3


def test_import_remembers_a_mapping_and_uses_it_for_the_next_file(tmp_path: Path, store_url: str) -> None:
    from cooperation.store import Store

    first = tmp_path / "export1.csv"
    first.write_text("When;What;Who;Whom\n2013;A;X;Y\n", encoding="utf-8")
    status, _, _ = run("import", str(first), "--kind", "agreement", "--map", "When=date", "--map", "What=title",
                       "--map", "Who=dalarna_party", "--map", "Whom=hubei_party")
    assert status == 0
    with Store(store_url) as store:
        assert store.remembered_mapping(header_signature(["When", "What", "Who", "Whom"])) == (
            "agreement", {"When": "date", "What": "title", "Who": "dalarna_party", "Whom": "hubei_party"}, {})
    second = tmp_path / "export2.csv"
    second.write_text("what;when;whom;who\nB;2014;Y;X\n", encoding="utf-8")  # same headers, other order and case
    status, out, _ = run("validate", str(second), "--lang", "en")
    assert status == 0, out
    assert "read with the column mapping remembered for these headers." in out


def test_the_same_record_in_two_files_is_refused_with_both_files_and_rows(tmp_path: Path, store_url: str) -> None:
    from cooperation.store import Store

    one, two = tmp_path / "agreements.csv", tmp_path / "agreements_2.csv"
    one.write_text("id,date,title,dalarna_party,hubei_party\na1,2013,A,X,Y\n", encoding="utf-8")
    two.write_text("id,date,title,dalarna_party,hubei_party\na0,2012,C,X,Y\na1,2014,B,X,Y\n", encoding="utf-8")
    status, out, err = run("import", str(one), str(two), "--lang", "en")
    assert status == 1 and err == ""  # said as a problem of the file, not as a refusal of the store
    assert (f"{two}, row 3, column id: “a1” is the same Agreement as {one}, row 2 (id a1); keep it in one of the two "
            "files.") in out
    assert out.endswith("Nothing was stored: every file must be accepted first.\n")
    status, out, _ = run("validate", str(one), str(one), "--lang", "en")  # the same file twice
    assert status == 1 and f"{one}: is the same file as {one}; remove one of the two." in out
    with Store(store_url) as store:
        assert [b.action for b in store.history()] == ["seed"]


def test_python_dash_m_runs_the_command_line(files: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "cooperation", "validate", str(files / "agreements.csv"),
                           "--lang", "en"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "accepted" in done.stdout
    done = subprocess.run([sys.executable, "-m", "cooperation", "validate"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "usage:" in done.stderr


# --- issue 12 --------------------------------------------------------------------------------------------------------


def test_a_kind_guessed_from_the_columns_needs_kind(tmp_path: Path, store_url: str) -> None:
    """Defect 3: the command line took a guessed kind and imported it."""
    path = tmp_path / "export.csv"
    path.write_text("date,title,dalarna_party\n2013,Avtal,Borlänge kommun\n", encoding="utf-8")
    status, out, _ = run("import", str(path), "--lang", "en")
    assert status == 1 and "was only guessed from the columns" in out and "--kind milestone" in out
    status, out, _ = run("validate", str(path), "--kind", "agreement", "--lang", "en")
    assert status == 1 and "column hubei_party: the required column is missing" in out
    status, out, _ = run("validate", str(path), "--kind", "milestone", "--lang", "en")
    assert status == 0, out


def test_import_of_data_stored_already_makes_no_batch_and_says_so(files: Path, store_url: str) -> None:
    """Defect 10."""
    from cooperation.store import Store

    assert run("import", str(files / "agreements.csv"), "--lang", "en")[0] == 0
    with Store(store_url) as store:
        history = store.history()
    status, out, _ = run("import", str(files / "agreements.csv"), "--lang", "en")
    assert status == 0
    assert out.splitlines()[-1] == ("Nothing was stored: every row of these files is stored already, so no batch was "
                                    "made.")
    status, out, _ = run("import", str(files / "agreements.csv"), "--json")
    assert status == 0 and json.loads(out.splitlines()[-1])["batch"] is None
    with Store(store_url) as store:
        assert store.history() == history


def test_map_to_a_column_of_no_kind_is_named_not_kind_unknown(tmp_path: Path) -> None:
    """Defect 8: `--map Titel=nosuchcolumn` was answered with 'kind not recognised'."""
    path = tmp_path / "export.csv"
    path.write_text("Titel,Datum\nA,2013\n", encoding="utf-8")
    status, out, _ = run("validate", str(path), "--map", "Titel=nosuchcolumn", "--lang", "en")
    assert status == 2
    assert "column Titel: is mapped to “nosuchcolumn”, which is no column of any kind; use one of:" in out
    assert "could not be recognised" not in out


def test_set_gives_a_column_one_value_for_the_whole_file(tmp_path: Path, store_url: str) -> None:
    """Defect 11: Statistics Sweden's list of municipalities has no `side`."""
    from cooperation.store import Store

    path = tmp_path / "kommuner.csv"
    path.write_text("Kommun;Kommunkod\nFalun;2080\nBorlänge;2081\n", encoding="utf-8")
    status, out, _ = run("validate", str(path), "--kind", "organisation", "--map", "Kommun=name", "--lang", "en")
    assert status == 1 and "column side: the required column is missing" in out
    status, out, _ = run("import", str(path), "--kind", "organisation", "--map", "Kommun=name", "--map",
                         "Kommunkod=", "--set", "side=dalarna", "--set", "city=Dalarna", "--lang", "en")
    assert status == 0, out
    with Store(store_url) as store:
        stored = store.current("organisation").set_index("name")
        assert stored.loc["Falun", "side"] == "dalarna" and stored.loc["Borlänge", "city"] == "Dalarna"
        assert store.remembered_mapping(header_signature(["Kommun", "Kommunkod"])).constants == {
            "side": "dalarna", "city": "Dalarna"}
    status, out, _ = run("validate", str(path), "--kind", "organisation", "--map", "Kommun=name", "--set",
                         "side=dalarnaa", "--lang", "en")
    assert status == 1 and "column side (the same value for every row): “dalarnaa” is not one of" in out
    with pytest.raises(SystemExit) as stopped:  # argparse's own refusal, on stderr
        run("validate", str(path), "--set", "side")
    assert stopped.value.code == 2
