"""The network: organisations as nodes, records as edges between the two sides."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.i18n import fmt_number, fmt_percent, join_names, labelled, t
from cooperation.schema import EVENT_KINDS
from cooperation.style import (
    FONT_FAMILY,
    KIND_COLOURS,
    KIND_DASHES,
    SIDE_COLOURS,
    SIDE_SYMBOLS,
    escape,
    kind_label,
    side_label,
)

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

LABELLED_NODES = 40  # above this many nodes only the best-connected carry a text label
LABEL_WIDTH = 24  # names wrap onto lines of about this many columns on the chart (a Chinese character takes two)
LISTED_PARTNERS = 10  # the list of organisations names this many partners of each, then how many more
ROW_PX = 44  # room for a two-line label per node of the fullest column
DRAWN_NODES = 60  # above this many organisations the graph draws the best-connected; the list has them all


def build_graph(events: pd.DataFrame, organisations: pd.DataFrame) -> nx.Graph:
    """A graph with a node per party (side, records) and an edge per pair of parties on opposite sides.

    Nodes and edges are gathered in plain dicts and handed to networkx at once, in the order they first appear
    (the layout depends on it): asking networkx per record took 2.6 s at 10^5 events."""
    sides = dict(zip(organisations["name"].astype(str), organisations["side"].astype(str), strict=True))
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], dict] = {}
    columns = ("id", "kind", "dalarna_parties", "hubei_parties", "parties")
    for record_id, kind, dalarna, hubei, parties in zip(*(events[c].to_numpy(dtype=object) for c in columns),
                                                         strict=True):
        for name in dalarna:
            nodes.setdefault(name, {})["side"] = sides.get(name, "dalarna")
        for name in hubei:
            nodes.setdefault(name, {})["side"] = sides.get(name, "hubei")
        for name in parties:
            nodes[name]["records"] = nodes[name].get("records", 0) + 1
        for d in dalarna:
            for h in hubei:
                if d == h:
                    continue
                key = (h, d) if (h, d) in edges else (d, h)  # one edge whichever way round
                edge = edges.get(key)
                if edge is None:
                    edge = edges[key] = {"kinds": Counter(), "ids": []}
                edge["kinds"][kind] += 1
                edge["ids"].append(record_id)
    graph = nx.Graph()
    graph.add_nodes_from(nodes.items())
    graph.add_edges_from((d, h, {**data, "weight": sum(data["kinds"].values())}) for (d, h), data in edges.items())
    return graph


SIDE_COLUMN = {"dalarna": -1.0, "hubei": 1.0, "other": 0.0}
SPRING_LIMIT = 500  # above this many nodes the heights come from a spectral layout, not a spring layout
# above SPRING_LIMIT nodes bridging is estimated from the shortest paths of this many sampled organisations (exact
# below): 500 samples took 5-11 s for 2,000 organisations on every filter change
BRIDGE_SAMPLES = 150
RECORDS_SHOWN = 300  # the records of a chosen organisation: the latest this many (a hub has tens of thousands)


def layout(graph: nx.Graph, seed: int = 7, coordinates: dict | None = None) -> dict[str, tuple[float, float]]:
    """Dalarna on the left, Hubei on the right; heights from a seeded spring layout, spread evenly.

    The spring layout keeps partners near each other's height, so few edges cross; spreading the
    heights evenly in each column keeps labels apart. Above SPRING_LIMIT nodes the spring layout is
    slow (about ten seconds for 2,000 nodes here) and the heights come from a weighted spectral
    layout instead: under a second, and nearly as good at keeping partners level (on a synthetic
    network of 2,000 organisations and 5,000 links, the height difference along an edge, weighted by
    its records, averages 0.23 (heights run from -1 to 1) against 0.22 with the spring layout); the
    nodes are then spread across their column in golden-ratio steps of their rank.

    `coordinates` (spectral_coordinates of a graph holding this one: every record of the data) are used instead of
    a new spectral layout above SPRING_LIMIT nodes, so that a filter change lays nothing out again.
    """
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() > SPRING_LIMIT:
        coordinates = coordinates if coordinates is not None else _spectral(graph, seed)
    else:
        coordinates = nx.spring_layout(graph, seed=seed, weight="weight")
    spectral = graph.number_of_nodes() > SPRING_LIMIT
    positions: dict[str, tuple[float, float]] = {}
    for side, column in SIDE_COLUMN.items():
        nodes = sorted((n for n, d in graph.nodes(data=True) if d.get("side", "other") == side),
                       key=lambda n: (coordinates[n][1], str(n)))
        for rank, node in enumerate(nodes):
            height = (rank + 0.5) / len(nodes) * 2 - 1
            # the spectral x is near 0 for most nodes: spread them across the column in golden-ratio steps
            offset = (rank * 0.6180339887) % 1.0 * 2 - 1 if spectral else float(coordinates[node][0])
            positions[str(node)] = (column + 0.25 * offset, height)
    return positions


def spectral_coordinates(graph: nx.Graph, seed: int = 7) -> dict | None:
    """The coordinates `layout` ranks a graph of more than SPRING_LIMIT nodes by, or None for a smaller graph."""
    return _spectral(graph, seed) if graph.number_of_nodes() > SPRING_LIMIT else None


def _spectral(graph: nx.Graph, seed: int) -> dict[object, tuple[float, float]]:
    """nx.spectral_layout (the weighted Laplacian's second and third eigenvectors, scaled to [-1, 1]), made
    reproducible: a seeded start vector, signs fixed, values rounded so that ties are broken by name."""
    from scipy.sparse import diags
    from scipy.sparse.linalg import eigsh

    nodes = list(graph)
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", dtype=float)
    laplacian = diags(np.asarray(adjacency.sum(axis=1)).ravel()) - adjacency
    count = min(3, len(nodes) - 1)
    start = np.random.default_rng(seed).random(len(nodes))
    values, vectors = eigsh(laplacian, k=count, which="SM", v0=start, tol=1e-4,
                            ncv=min(len(nodes), max(2 * count + 1, 20)))
    vectors = vectors[:, np.argsort(values)][:, 1:3]
    if vectors.shape[1] < 2:
        vectors = np.column_stack([vectors, np.zeros(len(nodes))])
    for axis in range(2):
        column = vectors[:, axis]
        if column[np.argmax(np.abs(column))] < 0:
            vectors[:, axis] = -column
        span = np.abs(vectors[:, axis]).max()
        if span > 0:
            vectors[:, axis] /= span
    rounded = np.round(vectors, 6)
    return {node: (float(rounded[i, 0]), float(rounded[i, 1])) for i, node in enumerate(nodes)}


def centrality_table(graph: nx.Graph) -> pd.DataFrame:
    """Degree (number of partners), betweenness (normalised), record count and partners (the most records first)
    for every node."""
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["organisation", "side", "degree", "betweenness", "records", "partners"])
    samples = graph.number_of_nodes() if graph.number_of_nodes() <= SPRING_LIMIT else BRIDGE_SAMPLES
    betweenness = nx.betweenness_centrality(graph, k=samples, seed=7)
    rows = [{"organisation": node, "side": data.get("side", "other"), "degree": graph.degree(node),
             "betweenness": round(betweenness[node], 3), "records": data.get("records", 0),
             "partners": tuple(sorted(graph[node], key=lambda other: (-graph[node][other]["weight"], str(other))))}
            for node, data in graph.nodes(data=True)]
    table = pd.DataFrame(rows)
    return table.sort_values(["degree", "betweenness", "organisation"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


def drawn_nodes(graph: nx.Graph, limit: int = DRAWN_NODES, selected: str | None = None) -> list[str]:
    """The nodes the figure draws: all of them up to `limit`, else the `limit` with the most partners (then the most
    records), and a `selected` node with its partners whatever their rank."""
    if graph.number_of_nodes() <= limit:
        return list(graph.nodes)
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n].get("records", 0), str(n)))
    chosen = set(ranked[:limit]) | (set(graph[selected]) | {selected} if selected in graph else set())
    return [n for n in graph.nodes if n in chosen]


def network_figure(graph: nx.Graph, positions: dict[str, tuple[float, float]], lang: str = "en",
                   selected: str | None = None, table: pd.DataFrame | None = None,
                   limit: int = DRAWN_NODES) -> go.Figure:
    """Plotly figure: edges coloured and dashed by their main kind, nodes by side (colour and symbol), full names
    beside the best-connected nodes; a `selected` node is drawn larger with a thick outline and a bold name, its
    links strong, and the rest of the graph faded. `table` (centrality_table) adds bridging to the hover text.
    Above `limit` organisations only the best-connected are drawn (drawn_nodes): thousands of points and lines
    are not read, only sent and drawn (the page says so, and its list has every organisation)."""
    drawn = drawn_nodes(graph, limit, selected)
    if len(drawn) < graph.number_of_nodes():
        graph = graph.subgraph(drawn)
        if graph.number_of_nodes() <= SPRING_LIMIT:  # the whole network's heights crowd its best-connected together
            positions = layout(graph)
    fig = go.Figure()
    near = set(graph[selected]) | {selected} if selected in graph else set()
    kinds_drawn = _edge_traces(fig, graph, positions, selected, near)
    degrees = dict(graph.degree())
    labelled_nodes = set(sorted(degrees, key=lambda n: -degrees[n])[:LABELLED_NODES]) | ({selected} & set(graph))
    sides = [side for side in ("dalarna", "hubei", "other") if any(d.get("side") == side for _, d in
                                                                      graph.nodes(data=True))]
    hovers = _hover_texts(graph, table, lang)
    for side in sides:
        nodes = [n for n, d in graph.nodes(data=True) if d.get("side") == side]
        fig.add_trace(_node_trace(nodes, side, positions, degrees, labelled_nodes, hovers, selected, near))
    _legend_traces(fig, kinds_drawn, sides, lang)
    left = label_margin([n for n in labelled_nodes if graph.nodes[n].get("side") != "hubei"])
    right = label_margin([n for n in labelled_nodes if graph.nodes[n].get("side") == "hubei"])
    fullest = max(Counter(d.get("side", "other") for _, d in graph.nodes(data=True)).values(), default=0)
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 13}, height=min(max(540, ROW_PX * fullest), 1400),
        margin={"l": left, "r": right, "t": 30, "b": 50},
        plot_bgcolor="white", legend={"orientation": "h", "y": -0.02, "x": 0, "yanchor": "top"},
        clickmode="event+select", dragmode="pan", hoverlabel={"align": "left"},
        xaxis={"visible": False, "range": [-1.3, 1.3]}, yaxis={"visible": False, "range": [-1.08, 1.08]},
    )
    return fig


def _edge_traces(fig: go.Figure, graph: nx.Graph, positions: dict, selected: str | None, near: set) -> list[str]:
    """One line trace per kind and strength (the selected node's links strong, the others faded when one is
    selected); returns the kinds drawn, for the legend."""
    kinds_drawn = []
    for kind in EVENT_KINDS:
        for strong in (False, True):
            xs: list[float | None] = []
            ys: list[float | None] = []
            for a, b, data in graph.edges(data=True):
                if data["kinds"].most_common(1)[0][0] == kind and (selected in (a, b)) == strong:
                    xs += [positions[a][0], positions[b][0], None]
                    ys += [positions[a][1], positions[b][1], None]
            if xs:
                fig.add_trace(go.Scatter(
                    x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, opacity=0.2 if near and not strong
                    else 1.0, line={"color": KIND_COLOURS[kind], "width": 5 if strong else 2,
                                    "dash": KIND_DASHES[kind]}))
                kinds_drawn += [kind] if kind not in kinds_drawn else []
    return kinds_drawn


def _node_trace(nodes: list[str], side: str, positions: dict, degrees: dict, labelled_nodes: set,
                hovers: dict[str, str], selected: str | None, near: set) -> go.Scatter:
    """The nodes of one side: names beside the labelled ones (bold for the selected), the others faded when a node
    is selected."""
    labels = ["<br>".join(escape(line) for line in wrap_name(n)) if n in labelled_nodes else "" for n in nodes]
    return go.Scatter(
        x=[positions[n][0] for n in nodes], y=[positions[n][1] for n in nodes], mode="markers+text",
        customdata=nodes, showlegend=False,
        text=[f"<b>{label}</b>" if n == selected else label for n, label in zip(nodes, labels, strict=True)],
        textposition="middle left" if side == "dalarna" else "middle right", cliponaxis=False,
        textfont={"color": ["#111" if not near or n in near else "#9a9a9a" for n in nodes]},
        hovertext=[hovers[n] for n in nodes], hovertemplate="%{hovertext}<extra></extra>",
        marker={"size": [node_size(degrees[n]) + (12 if n == selected else 0) for n in nodes],
                "color": SIDE_COLOURS[side], "symbol": SIDE_SYMBOLS[side],
                "opacity": [1.0 if not near or n in near else 0.3 for n in nodes],
                "line": {"width": [4 if n == selected else 1 for n in nodes], "color": "#111"}},
    )


def _legend_traces(fig: go.Figure, kinds: list[str], sides: list[str], lang: str) -> None:
    """The legend, apart from the traces, so that a faded graph keeps a clear legend."""
    for kind in kinds:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=kind_label(kind, lang), hoverinfo="skip",
                                 line={"color": KIND_COLOURS[kind], "width": 2, "dash": KIND_DASHES[kind]}))
    for side in sides:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=side_label(side, lang), hoverinfo="skip",
                                 marker={"size": 12, "color": SIDE_COLOURS[side], "symbol": SIDE_SYMBOLS[side],
                                         "line": {"width": 1, "color": "#111"}}))


def node_size(degree: int) -> float:
    """Marker size of a node with `degree` partners."""
    return 12 + 5 * min(degree, 12)


def _hover_texts(graph: nx.Graph, table: pd.DataFrame | None, lang: str) -> dict[str, str]:
    rows = {} if table is None else table.set_index("organisation").to_dict("index")
    texts = {}
    for node in graph.nodes:
        links = fmt_number(graph.degree(node), lang)
        lines = [f"<b>{escape(node)}</b>", labelled(t("network.links", lang), links, lang)]
        if node in rows:
            lines.append(labelled(t("network.bridge", lang), fmt_percent(rows[node]["betweenness"], lang), lang))
        texts[node] = "<br>".join(lines)
    return texts


_CHUNKS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+")


def columns(text: str) -> int:
    """How wide `text` is in columns: a Chinese (wide) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NO_LINE_START = set("）)」』】〕、。，．：；！？")  # closing marks stay with what they close
_NO_LINE_END = set("（(「『【〔")


def wrap_name(name: str, width: int = LABEL_WIDTH) -> list[str]:
    """`name` whole, in lines of about `width` columns: broken at spaces (a slash or dash stays with its line),
    Chinese between any two characters but not before a closing or after an opening bracket; a single longer word
    keeps a line to itself."""
    lines = [""]
    for chunk in _CHUNKS.findall(name):
        line = lines[-1].rstrip()
        if line and columns(line + chunk.rstrip()) > width and chunk[0] not in _NO_LINE_START:
            if line[-1] in _NO_LINE_END:  # an opening bracket goes down with what it opens
                lines[-1] = line[:-1]
                chunk = line[-1] + chunk
            lines.append("")
        lines[-1] += chunk if lines[-1] or not chunk.isspace() else ""
    return [line.strip() for line in lines if line.strip()]


def label_margin(names: list[str]) -> int:
    """Pixels beside the graph for the widest wrapped label of `names` (13 px type: about 7 px a column)."""
    widest = max((columns(line) for name in names for line in wrap_name(name)), default=0)
    return int(min(max(40, widest * 7 + 40), 260))


def network_list(table: pd.DataFrame, lang: str) -> Styler:
    """The organisations and their links as a table for reading (the graph's stand-in on a narrow screen): name,
    side, links to other parties, partners, bridging and records, headed and written in `lang`. The numbers stay
    numbers (a column sorts as numbers) and are shown the language's way."""
    shown = pd.DataFrame({
        t("col.organisation", lang): table["organisation"],
        t("col.side", lang): [side_label(side, lang) for side in table["side"]],
        t("network.links", lang): table["degree"].astype(int),
        t("network.partners", lang): [
            join_names(partners[:LISTED_PARTNERS], lang) + (
                t("network.more", lang, count=fmt_number(len(partners) - LISTED_PARTNERS, lang))
                if len(partners) > LISTED_PARTNERS else "")
            for partners in table["partners"]],
        t("network.bridge", lang): table["betweenness"].astype(float),
        t("col.records", lang): table["records"].astype(int),
    })
    return shown.style.format({
        t("network.links", lang): lambda v: fmt_number(v, lang),
        t("network.bridge", lang): lambda v: fmt_percent(v, lang),
        t("col.records", lang): lambda v: fmt_number(v, lang),
    })


def records_of(events: pd.DataFrame, organisation: str) -> pd.DataFrame:
    """The events that name `organisation` as a party."""
    return events[events["parties"].map(lambda parties: organisation in parties)]


def latest(records: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The `limit` latest of `records` (date-sorted, as the events are), all of them when they are no more."""
    return records if len(records) <= limit else records.iloc[-limit:]


def network_summary(table: pd.DataFrame, edges: int, lang: str = "en") -> str:
    """One sentence saying what the network shows."""
    if table.empty:
        return t("network.empty", lang)
    top = table.iloc[0]
    return t("network.summary", lang, nodes=fmt_number(len(table), lang), edges=fmt_number(edges, lang),
             top=top["organisation"], degree=fmt_number(top["degree"], lang))


__all__ = ["build_graph", "centrality_table", "columns", "label_margin", "layout", "network_figure", "network_list",
           "RECORDS_SHOWN", "latest", "spectral_coordinates",
           "network_summary", "node_size", "records_of", "wrap_name"]
