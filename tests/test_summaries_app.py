"""The pages above their limits, through AppTest on a generated store of 4,000 events: each says that it draws a
summary, and sends a bounded table (the first rows by date, a page of the Data page, a page of agreements)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_app import run_page

from app.context import DATA_DIR_ENV
from app.pages import page
from cooperation.synthetic import generate
from cooperation.tables import PAGE_ROWS, TABLE_ROWS
from cooperation.timeline import SINGLE_EVENTS_LIMIT

EVENTS = 4_000


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("summaries")
    generate(directory, events=EVENTS, seed=5)
    return directory


@pytest.fixture(autouse=True)
def generated(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(store))


@pytest.mark.parametrize(("lang", "notice", "note"), [
    ("sv", "4\xa0000 händelser visas som antal per månad", "De första 500 av 4\xa0000 rader efter datum"),
    ("zh", "4,000 个事件按月显示为数量", "按日期显示 4,000 行中的前 500 行")])
def test_the_timeline_says_it_counts_and_sends_the_first_rows(lang: str, notice: str, note: str) -> None:
    assert EVENTS > SINGLE_EVENTS_LIMIT
    at = run_page(page("timeline").script, {"lang": lang})
    assert any(i.value.startswith(notice) for i in at.info)
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert traces and all(trace["type"] == "bar" for trace in traces)
    assert len(at.dataframe[0].value) == TABLE_ROWS
    assert any(c.value.startswith(note) for c in at.caption)


def test_the_data_page_is_paged_after_the_search() -> None:
    at = run_page(page("data").script)
    agreements = at.tabs[0]
    count = int(agreements.caption[0].value.rsplit(" ", 1)[1].replace(",", ""))
    assert count > PAGE_ROWS and agreements.caption[0].value == f"Rows 1–200 of {count:,}"
    assert len(agreements.dataframe[0].value) == PAGE_ROWS
    agreements.number_input[0].set_value(2).run()
    assert at.tabs[0].caption[0].value == f"Rows 201–400 of {count:,}"
    at.text_input(key="data_search").set_value("Ludvika").run()  # the search runs on every row, then the paging
    found = at.tabs[0].caption[0].value
    assert found.startswith("Rows 1–200 of ") or found.startswith("Rows: ")
    assert 0 < len(at.tabs[0].dataframe[0].value) <= PAGE_ROWS
    assert all("Ludvika" in " ".join(map(str, row)) for row in at.tabs[0].dataframe[0].value.itertuples())


def test_the_agreements_page_counts_states_and_pages_the_agreements() -> None:
    at = run_page(page("agreements").script, {"lang": "sv"})
    notice = next(i.value for i in at.info if "avtal: diagrammet visar" in i.value)
    assert "avtal 1–20, äldst först" in notice
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert len(bars) == 1 and bars[0]["type"] == "bar"
    assert len(at.dataframe[0].value) == 20  # the table of the page's agreements
    cards = [m for m in at.markdown if m.value.startswith((":green[", ":gray[", ":orange[", ":red["))]
    assert len(cards) == 20
