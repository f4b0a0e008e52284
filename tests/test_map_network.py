"""The map page's map and the network page's words, on tiny inline data: the frame holds both ends, the map is SVG
and offline, arcs fade once ended; names are whole, numbers are written the language's way, a chosen node stands
out."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import TINY, dataset_from

from cooperation.dataset import Dataset, events_table
from cooperation.geo import BOTH_ENDS, great_circle, locate_parties, map_figure, map_frame, mercator_y
from cooperation.i18n import t
from cooperation.localize import localize_dataset
from cooperation.network import (
    build_graph,
    centrality_table,
    drawn_nodes,
    label_margin,
    layout,
    network_figure,
    network_list,
    wrap_name,
)

BORLANGE, WUHAN = BOTH_ENDS


def inside(lat: float, lon: float, frame: tuple) -> bool:
    (lon0, lon1), (y0, y1) = frame
    return lon0 < lon < lon1 and y0 < float(mercator_y(lat)) < y1


def test_mercator_is_zero_at_the_equator_and_stops_at_85_degrees() -> None:
    assert float(mercator_y(0)) == pytest.approx(0)
    assert float(mercator_y(60.49)) == pytest.approx(76.44, abs=0.01)
    assert float(mercator_y(90)) == float(mercator_y(85))


def test_great_circle_runs_north_of_both_ends() -> None:
    lats, lons = great_circle(*BORLANGE, *WUHAN)
    assert (lats[0], lons[0]) == pytest.approx(BORLANGE) and (lats[-1], lons[-1]) == pytest.approx(WUHAN)
    assert lats.max() > BORLANGE[0]  # the shortest way from Dalarna to Hubei passes over Russia


def test_the_frame_always_holds_both_ends_and_every_given_point() -> None:
    only_dalarna = map_frame([60.6], [15.6])
    assert inside(*BORLANGE, only_dalarna) and inside(*WUHAN, only_dalarna)
    lats, _ = great_circle(*BORLANGE, *WUHAN)
    assert inside(float(lats.max()), 60.0, only_dalarna)  # the arc's top, not only its ends
    with_shanghai = map_frame([31.2], [121.5])
    assert inside(31.2, 121.5, with_shanghai) and with_shanghai[0][1] > only_dalarna[0][1]


def test_map_is_svg_offline_framed_and_escaped(tiny: Dataset) -> None:
    frame = tiny.frames["agreement"].copy()
    frame.loc[1, "title"] = "<script>alert(1)</script>"
    events = events_table(Dataset({**tiny.frames, "agreement": frame}))
    fig = map_figure(events, tiny.frame("organisation"), tiny.frame("place"), "en")
    spec = fig.to_plotly_json()
    assert {trace["type"] for trace in spec["data"]} == {"scatter"}  # no plotly geo (it fetches its basemap)
    assert not re.search(r"https?://", json.dumps(spec["data"]))
    hovers = " ".join(str(text) for trace in spec["data"] for text in (trace.get("hovertext") or []))
    assert "<script>" not in hovers and "&lt;script&gt;" in hovers
    # the axes are tied 1:1 and the frame is widened, never cut, to the canvas's shape: both ends at any width
    y_axis = spec["layout"]["yaxis"]
    assert (y_axis["scaleanchor"], y_axis["scaleratio"], y_axis["constrain"]) == ("x", 1, "range")
    frame_ = (tuple(spec["layout"]["xaxis"]["range"]), tuple(y_axis["range"]))
    assert inside(*BORLANGE, frame_) and inside(*WUHAN, frame_)


def test_map_of_a_year_fades_the_ended_arcs(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    def arc_opacities(events: pd.DataFrame, year: int) -> set[float]:
        fig = map_figure(events, tiny.frame("organisation"), tiny.frame("place"), "en", as_of=year)
        return {trace.opacity for trace in fig.data if trace.mode == "lines" and trace.fill is None}

    only_a1 = tiny_events[tiny_events["id"] == "a1"]  # the twin-city agreement, ended June 2019
    assert arc_opacities(only_a1, 2018) == {0.85}
    assert arc_opacities(only_a1, 2019) == {0.25}


@pytest.mark.parametrize("name", ["Teknikdalen / Dalarna Science Park", "达拉纳科技园（原 Teknikdalen）",
                                  "中国国际贸易促进委员会湖北省委员会", "武汉一家本地企业（未具名）", "KVINT",
                                  "Konfuciusinstitutet Wuhan–Borlänge vänortsförening"])
def test_names_are_wrapped_whole(name: str) -> None:
    lines = wrap_name(name, 24)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", name)  # nothing cut, no ellipsis
    assert all(not line.startswith(("）", ")")) and not line.endswith(("（", "(")) for line in lines)
    assert len(lines) == 1 or all(len(line) <= 24 for line in lines if " " in name)


def test_label_room_grows_with_the_longest_line() -> None:
    assert label_margin(["KVINT"]) < label_margin(["Teknikdalen / Dalarna Science Park"]) <= 260
    assert label_margin([]) == 40


@pytest.mark.parametrize(("lang", "share"), [("sv", "20\u00a0%"), ("en", "20%"), ("zh", "20%")])
def test_network_list_speaks_plainly_in_the_language(tiny: Dataset, tiny_events: pd.DataFrame, lang: str,
                                                      share: str) -> None:
    table = centrality_table(build_graph(tiny_events, tiny.frame("organisation")))
    styled = network_list(table, lang)
    shown = styled.to_string(delimiter="|").splitlines()
    header = shown[0].split("|")
    borlange = next(line.split("|") for line in shown if "Borlänge kommun" in line.split("|"))
    assert borlange[header.index(t("network.bridge", lang))] == share  # betweenness 0.2, the language's way
    assert borlange[header.index(t("network.links", lang))] == "2"
    assert borlange[header.index(t("network.partners", lang))].startswith("Wuhan city")  # most records first
    assert styled.data[t("network.bridge", lang)].dtype.kind == "f"  # a number underneath: it sorts as one


def test_swedish_bridge_header_and_decimal_comma(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    table = centrality_table(build_graph(tiny_events, tiny.frame("organisation"))).assign(betweenness=0.512)
    shown = network_list(table, "sv").to_string(delimiter="|")
    assert "Brygga mellan grupper" in shown and "51\u00a0%" in shown and "0.51" not in shown


def test_a_chosen_node_and_its_links_stand_out(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    graph = build_graph(tiny_events, tiny.frame("organisation"))
    table = centrality_table(graph)
    fig = network_figure(graph, layout(graph), "sv", selected="East Lake", table=table)
    nodes = [trace for trace in fig.data if trace.customdata is not None]
    by_name = {name: (trace, i) for trace in nodes for i, name in enumerate(trace.customdata)}
    chosen, i = by_name["East Lake"]
    assert chosen.marker.line.width[i] == 4 and "<b>" in chosen.text[i]
    far, j = by_name["Extuna"]  # not a partner of East Lake: faded
    assert far.marker.opacity[j] < 0.5 and chosen.marker.opacity[i] == 1.0
    partner, k = by_name["Science Park"]
    assert partner.marker.opacity[k] == 1.0
    strong = [trace for trace in fig.data if trace.mode == "lines" and trace.line.width == 5]
    assert sum(x is None for trace in strong for x in trace.x) == 2  # East Lake's two links, drawn strong
    assert "Förbindelser med andra parter: 2" in chosen.hovertext[i] and "%" in chosen.hovertext[i]
    legend = [trace.name for trace in fig.data if trace.showlegend is not False and trace.name]
    assert "Dalarna" in legend and "Avtal" in legend  # the legend is not faded with the graph


def test_full_names_on_the_chart(tiny: Dataset) -> None:
    long_name = "Dalarnas mycket långa organisationsnamn för test av radbrytning"
    frame = tiny.frames["agreement"].copy()
    frame.loc[0, "dalarna_party"] = long_name
    events = events_table(Dataset({**tiny.frames, "agreement": frame}))
    graph = build_graph(events, tiny.frame("organisation"))
    fig = network_figure(graph, layout(graph), "sv")
    texts = [text for trace in fig.data if trace.customdata is not None for text in trace.text]
    label = next(text for text in texts if "radbrytning" in text)
    assert label.replace("<br>", " ") == long_name and "…" not in "".join(texts)
    assert fig.layout.margin.l >= label_margin([long_name])


def test_a_party_with_no_city_sits_at_the_county_centre_in_chinese_too() -> None:
    texts = dict(TINY)
    texts["organisation"] += "Women's network,dalarna,other,,,\n"
    texts["place"] = ("name,region,country,lat,lon,name_zh\nBorlänge,Dalarna,Sweden,60.4858,15.4371,博伦厄\n"
                      "Dalarna,Dalarna,Sweden,61.0917,14.6664,达拉纳\nWuhan,Hubei,China,30.5928,114.3055,武汉\n")
    dataset = dataset_from(texts)
    for lang in ("sv", "zh"):  # the county's place is named 达拉纳 in Chinese
        named = localize_dataset(dataset, lang)
        located = locate_parties({"Women's network"}, named.frame("organisation"), named.frame("place"))
        assert (located["lat"].iloc[0], located["lon"].iloc[0]) == (61.0917, 14.6664), lang


def test_many_positions_are_drawn_at_their_cities() -> None:
    from cooperation.geo import by_city

    located = pd.DataFrame({"name": ["A", "B", "C", "D"], "side": ["dalarna", "dalarna", "hubei", "hubei"],
                            "place": ["Falun", "Falun", "Wuhan", None],
                            "lat": [60.0, 61.0, 30.5, 31.0], "lon": [15.0, 16.0, 114.0, 115.0]})
    assert by_city(located, limit=4) is located  # few positions: every party where it is
    drawn = by_city(located, limit=3)
    assert list(drawn["lat"]) == [60.5, 60.5, 30.5, 31.0] and list(drawn["lon"]) == [15.5, 15.5, 114.0, 115.0]


def test_a_link_lists_its_first_titles_and_counts_the_rest(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    from cooperation.geo import TABLE_TITLES, arcs_table

    located = locate_parties({p for ps in tiny_events["parties"] for p in ps}, tiny.frame("organisation"),
                             tiny.frame("place"))
    many = pd.concat([tiny_events.assign(id=tiny_events["id"] + f"-{n}") for n in range(TABLE_TITLES + 3)])
    arcs = arcs_table(many, located, "sv")
    busiest = arcs.iloc[0]
    assert busiest["records"] > TABLE_TITLES
    assert len(busiest["titles"]) == TABLE_TITLES + 1
    assert busiest["titles"][-1] == f"… och {busiest['records'] - TABLE_TITLES} till"
    assert all(len(titles) == records for titles, records in zip(arcs_table(tiny_events, located, "sv")["titles"],
                                                               arcs_table(tiny_events, located)["records"],
                                                               strict=True))


@pytest.mark.parametrize("lang", ["sv", "en", "zh"])
def test_the_map_says_when_it_draws_parties_at_their_cities(tiny: Dataset, tiny_events: pd.DataFrame,
                                                            monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    import cooperation.geo
    from cooperation.geo import map_summary

    orgs, places = tiny.frame("organisation"), tiny.frame("place")
    said = t("map.by_city", lang, parties="X", cities="Y").split("X")[1].split("Y")[0]
    assert said not in map_summary(tiny_events, orgs, places, lang)
    monkeypatch.setattr(cooperation.geo, "CITY_LEVEL_ABOVE", 0)
    assert said in map_summary(tiny_events, orgs, places, lang)


def _graph_record_by_record(events: pd.DataFrame, organisations: pd.DataFrame):
    """build_graph as first written (networkx asked per record): the definition the faster one must keep."""
    from collections import Counter

    import networkx as nx

    sides = dict(zip(organisations["name"].astype(str), organisations["side"].astype(str), strict=True))
    graph = nx.Graph()
    for e in events.itertuples():
        for name in e.dalarna_parties:
            graph.add_node(name, side=sides.get(name, "dalarna"))
        for name in e.hubei_parties:
            graph.add_node(name, side=sides.get(name, "hubei"))
        for name in e.parties:
            graph.nodes[name]["records"] = graph.nodes[name].get("records", 0) + 1
        for d in e.dalarna_parties:
            for h in e.hubei_parties:
                if d == h:
                    continue
                if not graph.has_edge(d, h):
                    graph.add_edge(d, h, kinds=Counter(), ids=[])
                graph.edges[d, h]["kinds"][e.kind] += 1
                graph.edges[d, h]["ids"].append(e.id)
    for _, _, data in graph.edges(data=True):
        data["weight"] = sum(data["kinds"].values())
    return graph


def test_the_graph_is_that_of_the_record_by_record_definition(tmp_path, tiny: Dataset) -> None:
    from cooperation.dataset import load_directory
    from cooperation.network import layout
    from cooperation.synthetic import generate

    generate(tmp_path, events=800, seed=5)
    synthetic = load_directory(tmp_path)
    for dataset in (synthetic, tiny):
        events, organisations = events_table(dataset), dataset.frame("organisation")
        fast, slow = build_graph(events, organisations), _graph_record_by_record(events, organisations)
        assert list(fast.nodes(data=True)) == list(slow.nodes(data=True))
        assert list(fast.edges(data=True)) == list(slow.edges(data=True))
        assert {n: list(fast[n]) for n in fast} == {n: list(slow[n]) for n in slow}
        assert layout(fast) == layout(slow)


def test_a_big_network_is_laid_out_by_the_whole_networks_coordinates(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cooperation.network
    from cooperation.dataset import load_directory
    from cooperation.network import layout, spectral_coordinates
    from cooperation.synthetic import generate

    generate(tmp_path, events=800, organisations=150, seed=5)
    dataset = load_directory(tmp_path)
    events, organisations = events_table(dataset), dataset.frame("organisation")
    whole = build_graph(events, organisations)
    assert whole.number_of_nodes() < 500 and spectral_coordinates(whole) is None  # small: spring, per selection
    monkeypatch.setattr(cooperation.network, "SPRING_LIMIT", 10)
    coordinates = spectral_coordinates(whole)
    assert layout(whole, coordinates=coordinates) == layout(whole)
    part = build_graph(events.iloc[:150], organisations)
    assert 10 < part.number_of_nodes() < whole.number_of_nodes()
    positions = layout(part, coordinates=coordinates)
    assert set(positions) == set(part.nodes)
    for side, column in (("dalarna", -1.0), ("hubei", 1.0)):
        heights = sorted(positions[n][1] for n, d in part.nodes(data=True) if d["side"] == side)
        assert all(abs(positions[n][0] - column) <= 0.25 for n, d in part.nodes(data=True) if d["side"] == side)
        assert heights == pytest.approx([(rank + 0.5) / len(heights) * 2 - 1 for rank in range(len(heights))])


def _arcs_record_by_record(events: pd.DataFrame, located: pd.DataFrame, lang: str = "en",
                           as_of: int | None = None) -> pd.DataFrame:
    """geo.arcs_table as first written (a loop over the records): the definition the column version keeps."""
    from cooperation.geo import TABLE_TITLES, ended_by, fmt_date, fmt_number, labelled


    ended_ids = set(events.loc[ended_by(events, as_of), "id"]) if as_of is not None else set()
    position = {r.name: (r.lat, r.lon, r.place) for r in located.dropna(subset=["lat"]).itertuples()}
    links: dict[tuple, dict] = {}
    dates: dict[tuple[str, str], str] = {}  # one Babel call per distinct date
    columns = ("id", "date", "precision", "title", "dalarna_parties", "hubei_parties")
    for record_id, date, precision, title, dalarna, hubei in zip(
            *(events[c].to_numpy(dtype=object) for c in columns), strict=True):
        for d in dalarna:
            for h in hubei:
                if d not in position or h not in position:
                    continue
                key = (position[d], position[h])
                link = links.setdefault(key, {"ids": set(), "titles": [], "parties": set()})
                # the first titles are listed, the rest counted (at 10^5 events the titles were 5 MB)
                if record_id not in link["ids"] and len(link["titles"]) < TABLE_TITLES:
                    label = dates.get((date, precision))
                    if label is None:
                        label = dates[(date, precision)] = fmt_date(date, precision, lang)
                    link["titles"].append(labelled(label, title, lang))
                link["ids"].add(record_id)
                link["parties"].update((d, h))
    rows = []
    for ((lat1, lon1, place1), (lat2, lon2, place2)), link in links.items():
        rows.append({
            "from_place": place1, "to_place": place2, "from_lat": lat1, "from_lon": lon1, "to_lat": lat2,
            "to_lon": lon2, "records": len(link["ids"]), "ids": sorted(link["ids"]),
            "titles": link["titles"] + ([t("map.more", lang, count=fmt_number(len(link["ids"]) - TABLE_TITLES, lang))]
                                        if len(link["ids"]) > TABLE_TITLES else []),
            "parties": sorted(link["parties"]), "ended": link["ids"] <= ended_ids,
        })
    columns = ["from_place", "to_place", "from_lat", "from_lon", "to_lat", "to_lon", "records", "ids", "titles",
               "parties", "ended"]
    return pd.DataFrame(rows, columns=columns).sort_values("records", ascending=False, kind="stable")


@pytest.mark.parametrize("as_of", [None, 2012, 2020])
def test_the_links_are_those_of_the_record_by_record_definition(tmp_path, tiny: Dataset, as_of) -> None:
    from cooperation.dataset import load_directory
    from cooperation.geo import arcs_table, by_city
    from cooperation.synthetic import generate

    generate(tmp_path, events=1500, organisations=200, seed=9)
    for dataset in (load_directory(tmp_path), tiny):
        events = events_table(dataset)
        located = locate_parties({p for ps in events["parties"] for p in ps}, dataset.frame("organisation"),
                                 dataset.frame("place"))
        for where in (located, by_city(located, limit=0)):
            for lang in ("sv", "zh"):
                fast, slow = arcs_table(events, where, lang, as_of), _arcs_record_by_record(events, where, lang, as_of)
                pd.testing.assert_frame_equal(fast, slow)
        assert arcs_table(events.iloc[:0], located).empty


def test_a_big_network_draws_its_best_connected_and_a_chosen_node_with_its_partners(
        tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    graph = build_graph(tiny_events, tiny.frame("organisation"))
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n].get("records", 0), str(n)))
    assert set(drawn_nodes(graph, limit=2)) == set(ranked[:2])
    assert set(drawn_nodes(graph, limit=100)) == set(graph.nodes)
    loner = ranked[-1]
    assert set(drawn_nodes(graph, limit=2, selected=loner)) == set(ranked[:2]) | {loner} | set(graph[loner])
    fig = network_figure(graph, layout(graph), "sv", limit=2)
    assert {n for trace in fig.data if trace.customdata is not None for n in trace.customdata} == set(ranked[:2])


def _points_record_by_record(events: pd.DataFrame, located: pd.DataFrame) -> pd.DataFrame:
    """points_table as first written (a set of ids per party): the definition the column-wise one must keep."""
    ids_by_party: dict[str, set[str]] = {}
    for record_id, parties in zip(events["id"], events["parties"], strict=True):
        for party in parties:
            ids_by_party.setdefault(party, set()).add(record_id)
    placed = located.dropna(subset=["lat"])
    placed = placed[placed["name"].isin(ids_by_party)]
    rows = [{"lat": lat, "lon": lon, "place": group["place"].iloc[0], "side": group["side"].iloc[0],
             "records": len(set().union(*(ids_by_party[n] for n in group["name"]))), "names": list(group["name"])}
            for (lat, lon), group in placed.groupby(["lat", "lon"], sort=False)]
    return pd.DataFrame(rows, columns=["lat", "lon", "place", "side", "records", "names"])


@pytest.mark.parametrize("cities", [False, True])
def test_the_places_are_those_of_the_record_by_record_definition(tmp_path, cities: bool) -> None:
    from cooperation.dataset import load_directory
    from cooperation.geo import by_city, party_names, points_table
    from cooperation.synthetic import generate

    generate(tmp_path, events=800, seed=5)
    dataset = load_directory(tmp_path)
    events = events_table(dataset)
    located = locate_parties(party_names(events), dataset.frame("organisation"), dataset.frame("place"))
    if cities:
        located = by_city(located, limit=0)
    expected = _points_record_by_record(events, located)
    assert len(expected) > 5
    pd.testing.assert_frame_equal(points_table(events, located), expected)
