"""The export page through Streamlit's AppTest: bundled data, an empty store, the briefing on a click."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
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


def test_opening_the_page_builds_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is made when its button is pressed, not on open (at 10^5 events the workbook took half a minute):
    the builders are spies that fail the page if called, and every download is still offered."""
    import cooperation.briefing
    import cooperation.export
    import cooperation.lives_figure
    import cooperation.pictures

    called: list[str] = []

    def spy(name: str):
        def builder(*args: object, **kwargs: object) -> object:
            called.append(name)
            raise AssertionError(f"{name} built on open")
        return builder

    for module, name in ((cooperation.export, "records_csv"), (cooperation.export, "records_xlsx"),
                         (cooperation.export, "filtered_records"), (cooperation.lives_figure, "lives_table"),
                         (cooperation.briefing, "briefing_html"), (cooperation.pictures, "charts_for_download")):
        monkeypatch.setattr(module, name, spy(name))
    at = run_export_page()
    assert not called
    labels = download_labels(at)
    assert len(labels) == 8, labels  # a CSV of each of the six kinds, the agreements' states and the workbook
    assert "agreement-states.csv (CSV, rows: 8)" in labels and "Every kind in one workbook (XLSX)" in labels
    assert all(button.proto.deferred_file_id for button in at.get("download_button"))


def test_the_files_are_those_of_the_shown_records() -> None:
    """What a pressed button is given: the same files as before the building was deferred."""
    from cooperation.dataset import events_table, load_directory
    from cooperation.export import agreements_with_lives, filtered_records, record_counts, records_csv
    from cooperation.lives import agreement_lives

    dataset = load_directory(Path(__file__).resolve().parent.parent / "data")
    events = events_table(dataset)
    shown = events[events["year"] == 2013]
    files = filtered_records(dataset, shown)
    assert record_counts(dataset, shown) == {name: len(frame) for name, frame in files.items()}
    only = filtered_records(dataset, shown, only="visits")
    assert list(only) == ["visits"] and records_csv(only["visits"]) == records_csv(files["visits"])
    for year in (2008, 2013, 2020):
        moment = pd.Timestamp(year=year, month=12, day=31)
        lives = agreement_lives(events, dataset, moment)
        shown_agreements = set(events.loc[(events["kind"] == "agreement") & (events["year"] <= year), "id"])
        expected = len([life for life in lives if life.id in shown_agreements])
        assert agreements_with_lives(events[events["year"] <= year], moment) == expected
