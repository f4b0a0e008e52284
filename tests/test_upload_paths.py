"""One upload path: the same files through the Upload page (AppTest) and through `python -m cooperation import` give
the same problems, the same preview and the same stored result, on SQLite and PostgreSQL.

The files are those where the two routes once disagreed: a workbook whose two sheets name kinds (the page read its
first sheet, the command line each, and then called the second sheet the same file again), a file whose headers read
well alone but whose remembered mapping reads one more column (the page applied it, the command line did not), and a
foreign file read with its remembered mapping.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, make_url, text
from test_upload_app import HASH, signed_in

from app.context import _store as opened_stores
from cooperation.auth import PASSWORD_HASH_ENV
from cooperation.cli import main
from cooperation.mapping import header_signature
from cooperation.problems import Problem, group_problems
from cooperation.store import DATABASE_URL_ENV, Store

FOREIGN_HEADERS = ["When", "What", "Who", "Whom"]
FOREIGN = "When,What,Who,Whom\n2017,Pelletsleverans,Falu Energi & Vatten,Wuhan city\n"
# reads well alone; its remembered mapping also reads "Kommentar" as notes
ORGANISATIONS = "name,side,Kommentar\nNy organisation AB,dalarna,=ett svar\n"
PREVIEW_METRICS = {"New": "new", "Changed": "changed", "Already stored": "duplicates", "Without source": "unsourced",
                   "Not on the map": "unplaceable"}


def workbook() -> bytes:
    book = Workbook()
    book.active.title = "agreements"
    book.active.append(["date", "title", "dalarna_party", "hubei_party", "source"])
    book.active.append(["2016-05", "Avtal om vatten", "Region Dalarna", "Okänd part i Hubei", "https://example.org/w"])
    visits = book.create_sheet("Visits")
    visits.append(["date", "direction", "delegation", "city"])
    visits.append(["2016-09", "to_dalarna", "Wuhan city", "Falun"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FILES = {"book.xlsx": workbook(), "export.csv": FOREIGN.encode(), "organisationer.csv": ORGANISATIONS.encode()}


def prepared(url: str) -> None:
    """The store seeded, with the mappings remembered for the foreign file and the organisations."""
    with Store(url) as store:
        store.remember_mapping(header_signature(FOREIGN_HEADERS), "agreement", {
            "When": "date", "What": "title", "Who": "dalarna_party", "Whom": "hubei_party"})
        store.remember_mapping(header_signature(["name", "side", "Kommentar"]), "organisation", {
            "name": "name", "side": "side", "Kommentar": "notes"})


def stored(url: str) -> dict[str, object]:
    """What the store holds: every kind's current records, the last batch's files and the remembered mappings."""
    with Store(url) as store:
        records = {kind: store.current(kind).drop(columns=["row"], errors="ignore").sort_values("id")
                   .reset_index(drop=True) for kind in ("agreement", "visit", "organisation")}
        batch = store.history()[0]
        files = sorted((f.name, f.kind, f.rows) for f in batch.files)
        mappings = [store.remembered_mapping(header_signature(h)) for h in (FOREIGN_HEADERS,
                                                                            ["name", "side", "Kommentar"])]
    return {"records": records, "files": files, "mappings": mappings}


def through_the_command_line(folder: Path, url: str, monkeypatch: pytest.MonkeyPatch
                             ) -> tuple[list[tuple[str, int, str]], dict[str, int], int]:
    """The files imported with `python -m cooperation import --json`: their problems grouped as the page groups
    them (the first problem's sentence, how many, the first rows), the preview, and the exit status."""
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    folder.mkdir()
    for name, data in FILES.items():
        (folder / name).write_bytes(data)
    out = io.StringIO()
    status = main(["import", *(str(folder / name) for name in FILES), "--json", "--author", "Anna Analytiker",
                   "--lang", "en"], out=out, err=io.StringIO())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    said: dict[int, str] = {}
    problems = []
    for line in lines[:-1]:
        problem = Problem(line["file"], line["key"], line["row"], line["column"], line["value"], line["severity"])
        said[id(problem)] = line["message"].replace(f"{folder}/", "")
        problems.append(problem)
    shown = sorted((said[id(g.example)], g.count, ", ".join(str(r) for r in g.rows) + (" …" if g.count > 10 else ""))
                   for g in group_problems(problems))
    return shown, lines[-1]["preview"], status


def through_the_page(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, int, str]], dict[str, int]]:
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    monkeypatch.setenv(PASSWORD_HASH_ENV, HASH)
    at = signed_in()
    mime = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}
    at.file_uploader[0].set_value([(name, data, mime[name.rsplit(".", 1)[1]]) for name, data in FILES.items()]).run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [d.value for d in at.dataframe if "What was found (first case)" in d.value.columns]
    shown = sorted((row["What was found (first case)"], int(row["Times"]), row["Rows (as in Excel)"])
                   for table in tables for _, row in table.iterrows())
    preview = {PREVIEW_METRICS[m.label]: int(m.value) for m in at.metric if m.label in PREVIEW_METRICS}
    commit = next(b for b in at.button if b.label.startswith("Store the preview as one batch"))
    commit.click().run()
    assert any("Stored as batch 2" in s.value for s in at.success), [e.value for e in at.error]
    opened_stores.clear()
    return shown, preview


@pytest.fixture
def cli_store_url(store_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty store of the same backend as `store_url`: a SQLite file beside it, or another schema."""
    if store_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'cli-store' / 'dashboard.sqlite'}"
        return
    base = make_url(store_url)
    schema = base.query["options"].removeprefix("-csearch_path=") + "_cli"
    admin = create_engine(base.difference_update_query(["options"]))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_the_page_and_the_command_line_read_preview_and_store_alike(store_url: str, cli_store_url: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASHBOARD_DATA_DIR", raising=False)
    prepared(store_url)
    prepared(cli_store_url)
    cli_problems, cli_preview, status = through_the_command_line(tmp_path / "files", cli_store_url, monkeypatch)
    assert status == 0, cli_problems
    page_problems, page_preview = through_the_page(store_url, monkeypatch)

    # the same problems (the command line's JSON grouped as the page groups them), the same preview
    assert cli_problems == page_problems
    assert [what.split(",")[0] for what, _, _ in page_problems] == ["organisationer.csv"]  # the formula warning
    assert cli_preview == page_preview
    assert page_preview["new"] == 4 and page_preview["unplaceable"] == 3
    # the same stored result
    on_page, on_cli = stored(store_url), stored(cli_store_url)
    assert on_page["files"] == on_cli["files"] == [("book.xlsx [Visits]", "visit", 1),
                                                   ("book.xlsx [agreements]", "agreement", 1),
                                                   ("export.csv", "agreement", 1),
                                                   ("organisationer.csv", "organisation", 1)]
    for kind, frame in on_page["records"].items():  # type: ignore[union-attr]
        pd.testing.assert_frame_equal(frame, on_cli["records"][kind], check_dtype=False)  # type: ignore[index]
    notes = on_page["records"]["organisation"].set_index("name")["notes"]  # type: ignore[index]
    assert notes["Ny organisation AB"] == "=ett svar"  # the remembered mapping read the column on both routes
    assert on_page["mappings"] == on_cli["mappings"]
