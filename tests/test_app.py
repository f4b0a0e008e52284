"""Every page through Streamlit's AppTest: bundled data, empty store, filters, URL, selection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.context import DATA_DIR_ENV
from app.pages import PAGES as ALL_PAGES
from app.pages import page
from app.sidebar import widget_key

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGES = [spec.script for spec in ALL_PAGES]
TOTAL = 26  # events in data/: 8 agreements, 7 visits, 1 deal, 10 other events


def run_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    """Run the frame on `page`; English unless the query says otherwise (texts are asserted in English)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in {"lang": "en", **(query or {})}.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def showing(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Showing"))


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_bundled_data(page: str) -> None:
    at = run_page(page)
    assert at.title[0].value
    assert showing(at) == f"Showing {TOTAL} of {TOTAL} records."


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_an_empty_store(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = run_page(page)
    if page != "views/upload.py":  # the upload page is for adding them: it says how, not that there are none
        assert any("No records are stored yet" in i.value for i in at.info)
    assert showing(at) == "Showing 0 of 0 records."


def test_overview_kpis_and_the_ending() -> None:
    at = run_page(page("overview").script)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Agreements"] == "8"
    assert metrics["Visits"] == "7"
    assert metrics["Sourced"] == "100%"
    assert any("wound down" in i.value and "16 October 2019" in i.value for i in at.info)
    latest = " ".join(m.value for m in at.markdown)
    assert "reported ended" in latest and "scandasia" in latest


def test_changing_the_period_changes_the_numbers() -> None:
    at = run_page(page("overview").script)
    at.slider(key=widget_key("period", "en")).set_value((2013, 2013)).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Agreements"] == "4"
    assert showing(at) == f"Showing 9 of {TOTAL} records."
    assert at.query_params["from"] == "2013" and at.query_params["to"] == "2013"


def test_kind_and_party_filters_change_the_timeline() -> None:
    at = run_page(page("timeline").script)
    before = at.get("plotly_chart")[0].proto.spec
    at.multiselect(key=widget_key("kinds", "en")).set_value(["visit"]).run()
    assert showing(at) == f"Showing 7 of {TOTAL} records."
    assert at.get("plotly_chart")[0].proto.spec != before
    at.text_input(key=widget_key("party", "en")).set_value("Dellner").run()
    assert showing(at) == f"Showing 1 of {TOTAL} records."
    assert at.query_params["party"] == "Dellner"


def test_query_parameters_restore_the_filters() -> None:
    at = run_page(page("timeline").script, {"from": "2013", "to": "2014", "kinds": "agreement"})
    assert at.slider(key=widget_key("period", "en")).value == (2013, 2014)
    assert at.multiselect(key=widget_key("kinds", "en")).value == ["agreement"]
    assert showing(at) == f"Showing 4 of {TOTAL} records."


def test_filters_hold_across_pages() -> None:
    at = run_page(page("overview").script)
    at.text_input(key=widget_key("party", "en")).set_value("Extuna").run()
    at.switch_page(page("data").script).run()
    assert showing(at) == f"Showing 1 of {TOTAL} records."
    assert at.query_params["party"] == "Extuna"


def test_filters_matching_nothing_say_so() -> None:
    at = run_page(page("map").script, {"party": "no such party"})
    assert any("No records match" in w.value for w in at.warning)
    assert not at.get("deck_gl_json_chart")


def test_map_draws_an_offline_svg_map() -> None:
    at = run_page(page("map").script)
    assert not at.get("deck_gl_json_chart")  # no WebGL canvas: see views/map.py
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert {trace["type"] for trace in spec["data"]} == {"scatter"}  # no plotly geo: it would fetch its basemap
    assert "Teknikdalen" in json.dumps(spec, ensure_ascii=False)


def test_network_lists_the_records_of_a_selected_node() -> None:
    at = run_page(page("network").script)
    assert any("click its point in the graph" in i.value for i in at.info)
    at.session_state["network_chart"] = {"selection": {"points": [{"customdata": "Dellner Couplers AB"}]}}
    at.run()
    assert any(h.value == "Records of Dellner Couplers AB" for h in at.subheader)
    records = at.dataframe[0].value
    assert len(records) == 2 and records["Title"].str.contains("Dellner").all()


@pytest.mark.parametrize(("lang", "said"), [("en", "The latest 1 of its 2 records"),
                                            ("sv", "De senaste 1 av dess 2 poster"),
                                            ("zh", "显示其 2 条记录中最新的 1 条")])
def test_network_shows_the_latest_records_of_a_busy_node_and_says_so(monkeypatch: pytest.MonkeyPatch, lang: str,
                                                                      said: str) -> None:
    """A hub of the 10^5 synthetic events has 30,000 records: the table under it shows the latest RECORDS_SHOWN
    (here 1 of Dellner's 2) and says how many there are."""
    import cooperation.network

    monkeypatch.setattr(cooperation.network, "RECORDS_SHOWN", 1)
    at = run_page(page("network").script, {"lang": lang})
    at.session_state["network_chart"] = {"selection": {"points": [{"customdata": "Dellner Couplers AB"}]}}
    at.run()
    assert len(at.dataframe[0].value) == 1
    assert any(said in c.value for c in at.caption), [c.value for c in at.caption]


@pytest.mark.parametrize(("lang", "said"), [("en", "the graph shows the 3 with the most partners"),
                                            ("sv", "grafen visar de 3 med flest partner"),
                                            ("zh", "图中显示合作伙伴最多的 3 个")])
def test_network_draws_the_best_connected_of_many_and_says_so(monkeypatch: pytest.MonkeyPatch, lang: str,
                                                             said: str) -> None:
    """2,000 organisations drawn as points and lines is a hairball that only costs time: above DRAWN_NODES (here 3)
    the graph draws the best-connected, says so, and the list keeps every organisation."""
    import cooperation.network

    monkeypatch.setattr(cooperation.network, "DRAWN_NODES", 3)
    at = run_page(page("network").script, {"lang": lang})
    assert any(said in c.value for c in at.caption), [c.value for c in at.caption]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    drawn = [name for trace in spec["data"] if trace.get("customdata") for name in trace["customdata"]]
    assert len(drawn) == 3
    assert len(at.dataframe[-1].value) > 3  # the list of organisations: all of them


def test_data_page_searches_and_offers_downloads() -> None:
    at = run_page(page("data").script)
    assert len(at.tabs) == 6
    at.text_input(key="data_search").set_value("Dellner").run()
    agreements = at.tabs[0].dataframe[0].value
    assert len(agreements) == 1 and agreements["Confidence"].iloc[0] == "medium"
    assert agreements["Link"].iloc[0] == "" and "Pressmeddelande" in agreements["Source"].iloc[0]  # no URL found
    visits = at.tabs[1].dataframe[0].value
    assert len(visits) == 1 and visits["Link"].iloc[0].startswith("http://www.regiondalarna.se/")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download agreements.csv (CSV, rows: 1)" in labels


@pytest.mark.parametrize("page", PAGES)
def test_synthetic_rows_are_announced_on_every_page(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agreements.csv").write_text(
        "date,title,dalarna_party,hubei_party,source,synthetic\n"
        "2015-03-02,Generated agreement,Borlänge kommun,Wuhan city,https://example.org,yes\n"
        "2016,Another,Falun kommun,Wuhan city,https://example.org,yes\n", encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = run_page(page)
    assert any("Synthetic data: 2 of the stored rows" in w.value for w in at.warning)


def test_real_data_carries_no_synthetic_banner() -> None:
    assert not any("Synthetic" in w.value for w in run_page(page("overview").script).warning)
