"""The export page through Streamlit's AppTest: bundled data, an empty store, the briefing on a click."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.context import DATA_DIR_ENV
from cooperation.pictures import chromium_path, kaleido_available

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGE = "views/export.py"


def run_export_page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def download_labels(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


def test_export_page_offers_the_records() -> None:
    at = run_export_page()
    assert at.title[0].value == "Export and briefing"
    labels = download_labels(at)
    assert "agreements.csv (CSV, rows: 8)" in labels and "visits.csv (CSV, rows: 7)" in labels
    assert "places.csv (CSV, rows: 8)" in labels
    assert "agreement-states.csv (CSV, rows: 8)" in labels  # what became of each agreement
    assert "Every kind in one workbook (XLSX)" in labels
    assert any(b.label == "Prepare the briefing" for b in at.button)


def test_export_page_follows_the_filters_and_language() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.query_params.update({"lang": "sv", "from": "2013", "to": "2013"})
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Export och lägesbild"
    assert "agreements.csv (CSV, rader: 4)" in download_labels(at)


def test_export_page_of_an_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = run_export_page()
    assert any("No records are stored yet" in i.value for i in at.info)
    assert not download_labels(at)


def test_the_briefing_is_prepared_on_a_click() -> None:
    at = run_export_page()
    at.button(key="export_briefing_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = download_labels(at)
    assert "Briefing (HTML)" in labels
    if chromium_path() is not None:
        assert "Briefing (PDF)" in labels
    elif os.environ.get("CI"):
        pytest.fail("Chromium is required in CI (CI is set)")
    else:
        assert any("No PDF" in i.value for i in at.info)
    assert any(c.value.startswith("Prepared in") for c in at.caption)
    at.run()  # a rerun keeps what was prepared for the same filters and language
    assert "Briefing (HTML)" in download_labels(at)


def test_the_charts_are_drawn_on_a_click() -> None:
    at = run_export_page()
    if not kaleido_available():
        if os.environ.get("CI"):
            pytest.fail("kaleido with Chromium is required in CI (CI is set)")
        assert any("cannot draw pictures" in i.value for i in at.info)
        return
    at.button(key="export_charts_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = download_labels(at)
    assert {"Records per year (PNG)", "Timeline (PNG)", "Map (PNG)"} <= set(labels)
    assert len(at.get("image")) == 3
