"""The engine behind the views, on tiny inline data: events, filters, KPIs and every figure builder."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cooperation.dataset import Dataset, events_table, first_url, split_sources
from cooperation.filters import Filters, apply_filters, default_filters, from_query, sectors_of, to_query
from cooperation.geo import TOOLTIP_HTML, arcs_table, locate_parties, map_deck, map_summary, unplaced_parties
from cooperation.i18n import t
from cooperation.localize import localize_dataset, localize_events
from cooperation.markdown import md_link, md_text, sources_markdown
from cooperation.metrics import agreements_in_force, compute_kpis, latest_events, partnership_state, records_per_year
from cooperation.network import build_graph, centrality_table, layout, network_figure, records_of
from cooperation.tables import events_display_table, record_table, search_rows
from cooperation.timeline import assign_lanes, per_year_figure, timeline_figure, timeline_summary

EMPTY_OUTLINES = {"type": "FeatureCollection", "features": []}


def test_events_table_unifies_kinds_with_precision(tiny_events: pd.DataFrame) -> None:
    assert list(tiny_events["id"]) == ["a1", "a2", "v1", "d1", "v2", "m1", "m2"]
    row = tiny_events.set_index("id").loc["a1"]
    assert (row["precision"], row["start"], row["end"]) == ("year", pd.Timestamp("2007-01-01"),
                                                             pd.Timestamp("2007-12-31"))
    assert row["span_end"] == pd.Timestamp("2019-06-30")
    visit = tiny_events.set_index("id").loc["v2"]  # to Dalarna: the host is the Dalarna party
    assert visit["dalarna_parties"] == ("Borlänge kommun",) and visit["hubei_parties"] == ("Wuhan city",)
    assert tiny_events.set_index("id").loc["a2", "parties"] == ("Science Park", "Borlänge kommun", "East Lake")
    assert tiny_events.set_index("id").loc["d1", "value"] == 1000.5


def test_events_table_of_empty_dataset_has_the_columns() -> None:
    events = events_table(Dataset({}))
    assert events.empty and {"id", "kind", "start", "parties", "source"} <= set(events.columns)


def test_sources_split_and_first_url() -> None:
    assert split_sources("Press release, June 2013 | https://a.se/x") == ("Press release, June 2013", "https://a.se/x")
    assert first_url("Press release | https://a.se/x | http://b.cn") == "https://a.se/x"
    assert first_url("Press release") is None and first_url(None) is None


def test_filters_period_kind_sector_party(tiny_events: pd.DataFrame) -> None:
    everything = default_filters(tiny_events, 2026)
    assert len(apply_filters(tiny_events, everything)) == 7
    assert list(apply_filters(tiny_events, Filters(2013, 2015))["id"]) == ["a2", "v1", "d1"]
    assert set(apply_filters(tiny_events, Filters(2000, 2030, kinds=("visit",)))["id"]) == {"v1", "v2"}
    assert list(apply_filters(tiny_events, Filters(2000, 2030, sectors=("energy",)))["id"]) == ["d1"]
    assert set(apply_filters(tiny_events, Filters(2000, 2030, party="east lake"))["id"]) == {"a2", "v1"}


def test_filters_round_trip_through_query(tiny_events: pd.DataFrame) -> None:
    defaults = default_filters(tiny_events, 2026)
    chosen = Filters(2010, 2018, ("agreement", "visit"), ("innovation",), "Wuhan")
    params = to_query(chosen, defaults)
    assert params == {"from": "2010", "to": "2018", "kinds": "agreement,visit", "sectors": "innovation",
                      "party": "Wuhan"}
    assert from_query(params, defaults, sectors_of(tiny_events)) == chosen
    assert to_query(defaults, defaults) == {}


@pytest.mark.parametrize("params", [{"from": "abc"}, {"from": "1800", "to": "9999"}, {"kinds": "bogus"},
                                    {"sectors": "<script>"}])
def test_bad_query_parameters_fall_back_safely(tiny_events: pd.DataFrame, params: dict) -> None:
    defaults = default_filters(tiny_events, 2026)
    restored = from_query(params, defaults, sectors_of(tiny_events))
    assert defaults.year_from <= restored.year_from <= restored.year_to <= defaults.year_to
    assert restored.sectors == ()


def test_kpis(tiny_events: pd.DataFrame) -> None:
    kpis = compute_kpis(tiny_events, default_filters(tiny_events, 2026))
    assert (kpis.agreements_signed, kpis.visits_to_dalarna, kpis.visits_to_hubei, kpis.deals) == (2, 1, 1, 1)
    assert kpis.deal_values == {"SEK": 1000.5}
    assert kpis.sourced_share == pytest.approx(6 / 7)
    # a1 ended in 2019; a2 has no recorded end and the partnership was reported ended in 2020: not in force
    assert kpis.in_force_at_end == 0 and kpis.no_end_recorded == 1


def test_in_force_looks_before_the_period(tiny_events: pd.DataFrame) -> None:
    kpis = compute_kpis(tiny_events, Filters(2014, 2016))  # a1 (2007) still in force in 2016
    assert kpis.agreements_signed == 0 and kpis.in_force_at_end == 2
    assert list(agreements_in_force(tiny_events, pd.Timestamp("2010-01-01"))["id"]) == ["a1"]


def test_partnership_state_reads_the_ending(tiny_events: pd.DataFrame) -> None:
    state = partnership_state(tiny_events)
    assert state.state == "ended" and state.ending["id"] == "m2" and state.decision["id"] == "m1"
    assert partnership_state(tiny_events[tiny_events["id"] != "m2"]).state == "phasing_out"
    assert partnership_state(tiny_events[tiny_events["kind"] != "milestone"]).state == "active"
    assert partnership_state(tiny_events.iloc[0:0]).state == "empty"


def test_latest_events_and_per_year(tiny_events: pd.DataFrame) -> None:
    assert list(latest_events(tiny_events, 2)["id"]) == ["m2", "m1"]
    counts = records_per_year(tiny_events)
    assert counts["year"].min() == 2007 and counts["year"].max() == 2020
    assert counts[(counts["year"] == 2010)]["count"].sum() == 0  # gap years are shown as zero
    assert counts["count"].sum() == 7


def test_lanes_do_not_overlap() -> None:
    starts = pd.Series(pd.to_datetime(["2010-01-01", "2010-06-01", "2015-01-01"]))
    ends = pd.Series(pd.to_datetime(["2012-01-01", "2010-07-01", "2015-02-01"]))
    assert list(assign_lanes(starts, ends)) == [0, 1, 0]


def test_timeline_draws_partial_dates_as_periods(tiny_events: pd.DataFrame) -> None:
    fig = timeline_figure(tiny_events)
    marker_ids = [i for trace in fig.data if trace.mode == "markers" for i in trace.customdata]
    assert sorted(marker_ids) == sorted(tiny_events["id"])
    agreement_bars = [tr for tr in fig.data if tr.mode == "lines" and tr.legendgroup == "agreement"]
    xs = [x for x in agreement_bars[0].x if x is not None]
    assert pd.Timestamp(xs[0]) == pd.Timestamp("2007-01-01") and pd.Timestamp(xs[1]) == pd.Timestamp("2007-12-31")
    hover = " ".join(h for trace in fig.data if trace.hovertext for h in trace.hovertext)
    assert "2007 (year only)" in hover and "https://example.org/a1" in hover
    assert any(shape.type == "rect" for shape in fig.layout.shapes)  # the phase-out is shaded


def test_timeline_escapes_text_from_data(tiny: Dataset) -> None:
    frame = tiny.frames["agreement"].copy()
    frame.loc[0, "title"] = "<img src=x onerror=alert(1)>"
    events = events_table(Dataset({**tiny.frames, "agreement": frame}))
    hover = " ".join(h for trace in timeline_figure(events).data if trace.hovertext for h in trace.hovertext)
    assert "<img" not in hover and "&lt;img src=x onerror=alert(1)&gt;" in hover


def test_timeline_of_nothing_is_an_empty_figure(tiny_events: pd.DataFrame) -> None:
    assert len(timeline_figure(tiny_events.iloc[0:0]).data) == 0
    assert "7 events from 2007 to February 2020" in timeline_summary(tiny_events, "en")


def test_per_year_figure_stacks_kinds(tiny_events: pd.DataFrame) -> None:
    fig = per_year_figure(records_per_year(tiny_events))
    assert fig.layout.barmode == "stack" and {t.name for t in fig.data} == {"Agreement", "Visit", "Deal", "Other"}


def test_parties_are_placed_by_position_city_or_not_at_all(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    names = {p for ps in tiny_events["parties"] for p in ps}
    located = locate_parties(names, tiny.frame("organisation"), tiny.frame("place")).set_index("name")
    assert tuple(located.loc["Science Park", ["lat", "lon"]]) == (60.48, 15.41)  # its own position
    assert tuple(located.loc["Wuhan city", ["lat", "lon"]]) == (30.5928, 114.3055)  # by its city
    assert unplaced_parties(tiny_events, tiny.frame("organisation"), tiny.frame("place")) == ["Extuna", "Local firm"]


def test_arcs_join_the_two_sides_with_record_counts(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    names = {p for ps in tiny_events["parties"] for p in ps}
    arcs = arcs_table(tiny_events, locate_parties(names, tiny.frame("organisation"), tiny.frame("place")))
    borlange_wuhan = arcs[(arcs["from_place"] == "Borlänge") & (arcs["to_place"] == "Wuhan")]
    assert borlange_wuhan["records"].iloc[0] == 3  # a1, v2, m2
    assert "6 places" not in map_summary(tiny_events, tiny.frame("organisation"), tiny.frame("place"))


def test_map_deck_is_offline_and_escaped(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    frame = tiny.frames["agreement"].copy()
    frame.loc[1, "title"] = "<script>alert(1)</script>"
    events = events_table(Dataset({**tiny.frames, "agreement": frame}))
    made = map_deck(events, tiny.frame("organisation"), tiny.frame("place"), outlines=EMPTY_OUTLINES)
    deck = json.loads(made.to_json())
    assert deck["mapStyle"] == "/app/static/blank_style.json"
    types = [layer["@@type"] for layer in deck["layers"]]
    assert types == ["GeoJsonLayer", "ArcLayer", "ScatterplotLayer", "TextLayer"]
    arcs = deck["layers"][1]
    assert arcs["greatCircle"] is True
    # markup only in the template; the data is plain text, which Streamlit escapes as it fills the template in
    assert made._tooltip["html"] == TOOLTIP_HTML  # what st.pydeck_chart hands the browser
    for item in arcs["data"] + deck["layers"][2]["data"]:
        assert "tooltip" not in item and {"heading", "summary", "lines"} <= set(item)
        assert not any("&" in item[f] and ";" in item[f] for f in ("heading", "summary", "lines")), item
        assert "<br>" not in item["lines"] and "<b>" not in item["heading"]
    lines = "\n".join(a["lines"] for a in arcs["data"])
    assert "<script>alert(1)</script>" in lines  # as text; never as "&lt;script&gt;" (shown so by the browser)
    assert deck["layers"][2]["radiusUnits"] == "pixels"
    view = deck["initialViewState"]
    assert 15 < view["longitude"] < 115 and view["zoom"] < 3  # both ends in view


def test_network_graph_layout_and_centrality(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    graph = build_graph(tiny_events, tiny.frame("organisation"))
    assert graph.has_edge("Borlänge kommun", "Wuhan city")
    assert graph.edges["Borlänge kommun", "Wuhan city"]["weight"] == 3
    assert graph.nodes["Local firm"]["side"] == "hubei"
    positions = layout(graph)
    assert positions == layout(graph)  # seeded: the same every run
    assert all(x < 0 for n, (x, _) in positions.items() if graph.nodes[n]["side"] == "dalarna")
    table = centrality_table(graph)
    assert table.iloc[0]["organisation"] == "Borlänge kommun" and table.iloc[0]["degree"] == 2
    fig = network_figure(graph, positions, selected="East Lake")
    node_names = [n for trace in fig.data if trace.customdata is not None for n in trace.customdata]
    assert sorted(node_names) == sorted(graph.nodes)
    assert set(records_of(tiny_events, "East Lake")["id"]) == {"a2", "v1"}


def test_empty_network() -> None:
    import networkx as nx

    assert layout(nx.Graph()) == {} and centrality_table(nx.Graph()).empty


def test_markdown_escapes_links_and_html() -> None:
    assert md_text("[click](javascript:alert(1))") == r"\[click\]\(javascript\:alert\(1\)\)"
    assert "<" not in md_text("<b>x</b>")
    assert md_link("x", "javascript:alert(1)") == "x"
    assert sources_markdown("Press release, 2013 | https://www.borlange.se/a b", "none") == \
        r"Press release, 2013 · [borlange\.se](https://www.borlange.se/a%20b)"
    assert sources_markdown(None, "No source") == "*No source*"


def test_display_table_says_precision_and_missing_source(tiny_events: pd.DataFrame) -> None:
    table = events_display_table(tiny_events).set_index("Title")
    assert table.loc["Twin cities", "Date"] == "2007 (year only)"
    assert table.loc["Incubators", "Source"] == "No source given"
    assert table.loc["Incubators", "Confidence"] == "medium"
    assert len(search_rows(table.reset_index(), "INCUB")) == 1


def test_map_as_of_a_year_shows_what_existed_and_fades_what_ended(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    def arcs_of(year: int) -> list[dict]:
        deck = json.loads(map_deck(tiny_events, tiny.frame("organisation"), tiny.frame("place"),
                                   outlines=EMPTY_OUTLINES, as_of=year).to_json())
        return deck["layers"][1]["data"]

    early = arcs_of(2008)  # only the 2007 twin-city agreement (year precision) exists
    assert len(early) == 1 and early[0]["source_colour"][3] == 220
    late = arcs_of(2019)  # a1 ended 2019-06 but the same arc carries v2 (a visit), so it stays
    assert all(a["source_colour"][3] == 220 for a in late)
    names = {p for ps in tiny_events["parties"] for p in ps}
    located = locate_parties(names, tiny.frame("organisation"), tiny.frame("place"))
    only_a1 = arcs_table(tiny_events[tiny_events["id"] == "a1"], located, as_of=2019)
    assert only_a1["ended"].all() and not arcs_table(tiny_events[tiny_events["id"] == "a1"], located, as_of=2018)[
        "ended"].any()


@pytest.mark.parametrize("lang", ["sv", "zh"])
def test_record_table_is_in_words_and_has_no_none(tiny: Dataset, lang: str) -> None:
    frame = tiny.frame("agreement")
    table = record_table(frame, "agreement", lang, {"Borlänge kommun": "博伦厄市"} if lang == "zh" else {})
    assert t("col.dalarna_party", lang) in table.columns and "dalarna_party" not in table.columns
    assert not table.isna().any().any() and "None" not in table.astype(str).to_numpy()
    assert set(table[t("col.source_link", lang)]) <= {"", *(u for u in frame["source"] if str(u).startswith("http"))}
    if lang == "zh":
        assert "博伦厄市" in " ".join(table[t("col.dalarna_party", lang)]) and "仅知年份" in set(
            table[t("col.date_precision", lang)])


def test_the_map_places_the_same_parties_in_every_language(bundled: Dataset) -> None:
    events = events_table(bundled)
    placed = {}
    for lang in ("sv", "en", "zh"):
        localized = localize_dataset(bundled, lang)
        located = locate_parties({p for ps in localize_events(events, bundled, lang)["parties"] for p in ps},
                                 localized.frame("organisation"), localized.frame("place"))
        placed[lang] = int(located["lat"].notna().sum())
    assert placed["zh"] == placed["sv"] == placed["en"] == len(located)  # KVINT sits at Dalarna's centre in zh too
