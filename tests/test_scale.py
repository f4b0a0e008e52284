"""The engine at scale: the fast paths give what the straightforward ones give, and are used where they should be."""

from __future__ import annotations

import random
import time
from dataclasses import astuple
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from cooperation.dataset import events_table, load_directory, party_spellings
from cooperation.filters import Filters, apply_filters, filter_mask, fold, frame_memo, party_matches
from cooperation.metrics import compute_kpis, last_to_end, latest_events, records_per_year
from cooperation.network import SPRING_LIMIT, build_graph, layout
from cooperation.synthetic import generate
from cooperation.timeline import WEBGL_LIMIT, assign_lanes, timeline_figure


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("scale")
    generate(directory, events=6_000, organisations=700, links=1_500, seed=2)
    return directory


@pytest.fixture(scope="module")
def events(store: Path) -> pd.DataFrame:
    return events_table(load_directory(store))


def test_events_share_one_object_per_distinct_value(events: pd.DataFrame) -> None:
    assert events["start"].is_monotonic_increasing
    for column in ("parties", "dalarna_parties", "sector", "title_sv"):  # one object per distinct value and kind
        values = events[column].dropna().to_numpy()
        assert len({id(v) for v in values}) <= 4 * len(set(values)), column


FILTERS = [Filters(2000, 2020), Filters(2005, 2012), Filters(2000, 2020, ("visit", "deal")),
           Filters(2003, 2018, sectors=("energy", "rail")), Filters(2000, 2020, party="wuhan"),
           Filters(2010, 2011, ("agreement",), ("education",), "kommun"), Filters(2000, 2020, ())]


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_filters_give_the_rows_a_plain_mask_gives(events: pd.DataFrame, filters: Filters) -> None:
    plain = (events["year"].between(filters.year_from, filters.year_to) & events["kind"].isin(filters.kinds))
    if filters.sectors:
        plain &= events["sector"].isin(filters.sectors)
    if filters.party:
        plain &= events["parties"].map(lambda names: any(filters.party in n.casefold() for n in names))
    expected = events[plain.to_numpy(dtype=bool)]
    pd.testing.assert_frame_equal(apply_filters(events, filters), expected, check_index_type=False)
    assert list(apply_filters(events, filters).index) == list(expected.index)  # the same rows, twice in a row
    assert (filter_mask(events, filters) == plain.to_numpy(dtype=bool)).all()


def test_a_period_is_a_slice_that_copies_nothing(events: pd.DataFrame) -> None:
    shown = apply_filters(events, Filters(2005, 2012))
    assert np.shares_memory(shown["year"].to_numpy(), events["year"].to_numpy())
    shown["title"] = "changed"  # the caller's table is its own: the kept one does not change
    assert not (apply_filters(events, Filters(2005, 2012))["title"] == "changed").any()


def test_kept_results_notice_a_replaced_column(events: pd.DataFrame) -> None:
    table = events.copy()
    calls = []
    assert frame_memo(table, "test", lambda: calls.append(1) or len(calls), columns=("kind",)) == 1
    assert frame_memo(table, "test", lambda: calls.append(1) or len(calls), columns=("kind",)) == 1
    table["kind"] = "visit"
    assert frame_memo(table, "test", lambda: calls.append(1) or len(calls), columns=("kind",)) == 2
    before = apply_filters(table, Filters(2000, 2020, ("deal",)))
    table["kind"] = "deal"
    assert len(apply_filters(table, Filters(2000, 2020, ("deal",)))) == len(table) != len(before)


def test_party_search_per_distinct_list_matches_row_by_row(store: Path, events: pd.DataFrame) -> None:
    rng = random.Random(4)
    spellings = party_spellings(load_directory(store))
    names = sorted({n for parties in events["parties"] for n in parties})
    for needle in ["", "a", "wuhan", "武汉", "kommun", "co., ltd", "\n", *(fold(rng.choice(names)[2:9])
                                                                            for _ in range(10))]:
        expected = events["parties"].map(lambda ps, n=needle: n != "\n" and any(
            n in fold(s) for p in ps for s in spellings.get(p, (p,))))
        assert (party_matches(events, needle) == expected.to_numpy(dtype=bool)).all(), needle
    lists = pd.DataFrame({"parties": [["Falun kommun"], ["Wuhan"]]})  # lists, not tuples, and no search column
    assert list(party_matches(lists, "falun")) == [True, False]


def test_kpis_match_counting_filtered_copies(events: pd.DataFrame) -> None:
    for filters in FILTERS:
        kpis = compute_kpis(events, filters)
        shown = events[filter_mask(events, filters)]
        deals = shown[shown["kind"] == "deal"]
        assert kpis.records == len(shown) and kpis.deals == len(deals)
        assert kpis.visits_to_hubei == int(((shown["kind"] == "visit") & (shown["direction"] == "to_hubei")).sum())
        valued = deals.dropna(subset=["value", "currency"])
        assert kpis.deal_values == {str(c): float(v) for c, v in valued.groupby("currency")["value"].sum().items()}
        assert astuple(kpis) == astuple(compute_kpis(events, filters))


def test_latest_and_last_events_match_a_full_sort(events: pd.DataFrame) -> None:
    for frame in (events, events.sample(frac=0.5, random_state=1), events.iloc[::-1]):
        expected = frame.sort_values(["start", "end"], ascending=False, kind="stable").head(5)
        pd.testing.assert_frame_equal(latest_events(frame), expected)
        assert last_to_end(frame).equals(frame.sort_values("end", kind="stable").iloc[-1])


def test_records_per_year_match_a_groupby(events: pd.DataFrame) -> None:
    shown = events[events["kind"] != "milestone"]
    counts = shown.groupby(["year", "kind"]).size().rename("count").reset_index()
    years = range(int(shown["year"].min()), int(shown["year"].max()) + 1)
    full = pd.MultiIndex.from_product([years, sorted(shown["kind"].unique())], names=["year", "kind"])
    expected = counts.set_index(["year", "kind"]).reindex(full, fill_value=0).reset_index()
    pd.testing.assert_frame_equal(records_per_year(shown), expected, check_index_type=False)


def _lanes_one_by_one(starts: pd.Series, ends: pd.Series, max_lanes: int) -> list[int]:
    """The greedy lanes the straightforward way: the first free lane, in order of start."""
    free_from: list[pd.Timestamp] = []
    lanes = {}
    for index in starts.sort_values(kind="stable").index:
        for lane, free in enumerate(free_from):
            if starts[index] >= free:
                free_from[lane] = ends[index] + pd.Timedelta(days=120)
                lanes[index] = lane
                break
        else:
            free_from.append(ends[index] + pd.Timedelta(days=120))
            lanes[index] = (len(free_from) - 1) % max_lanes
    return [lanes[i] for i in starts.index]


def test_lanes_from_heaps_match_the_greedy_scan() -> None:
    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(0, 50)
        starts = pd.Series(pd.to_datetime([f"{rng.randint(2000, 2006)}-{rng.randint(1, 12):02d}-01"
                                           for _ in range(n)]), index=rng.sample(range(500), n), dtype="datetime64[s]")
        ends = starts + pd.to_timedelta([rng.choice([0, 30, 200, 900]) for _ in range(n)], unit="D")
        lanes = rng.choice([2, 8])
        assert list(assign_lanes(starts, ends, lanes)) == _lanes_one_by_one(starts, ends, lanes)


def test_a_large_timeline_is_webgl_with_light_hover(events: pd.DataFrame) -> None:
    assert len(events) > WEBGL_LIMIT
    fig = timeline_figure(events, "en", limit=len(events))  # single events, not the counts drawn above the limit
    assert all(isinstance(trace, go.Scattergl) for trace in fig.data)
    markers = [trace for trace in fig.data if trace.mode == "markers"]
    assert sum(len(trace.x) for trace in markers) == len(events)
    assert all("Source" not in text for trace in markers for text in trace.hovertext[:50])
    small = timeline_figure(events.head(50), "en")
    assert all(isinstance(trace, go.Scatter) for trace in small.data)


def test_a_large_network_is_laid_out_fast_in_two_columns(events: pd.DataFrame, store: Path) -> None:
    graph = build_graph(events, load_directory(store).frame("organisation"))
    assert graph.number_of_nodes() > SPRING_LIMIT
    started = time.perf_counter()
    positions = layout(graph)
    assert time.perf_counter() - started < 5
    assert positions == layout(graph)  # deterministic
    for node, (x, y) in positions.items():
        side = graph.nodes[node]["side"]
        assert (x < -0.5) if side == "dalarna" else (x > 0.5) if side == "hubei" else True
        assert -1 <= y <= 1


@pytest.mark.parametrize(("lang", "showing", "synthetic"), [("sv", "Visar 6\u00a0000 av 6\u00a0000 poster.", "6\u00a0"),
                                                            ("en", "Showing 6,000 of 6,000 records.", "6,")])
def test_counts_in_the_frame_are_written_the_languages_way(store: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
                                                           showing: str, synthetic: str) -> None:
    """'Visar 100000 av 100000 poster' and '102029 av de sparade raderna' were written without the thousands' space."""
    from streamlit.testing.v1 import AppTest

    from app.context import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(store))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert showing in [c.value for c in at.sidebar.caption]
    assert synthetic in at.warning[0].value and "6000" not in at.warning[0].value
