"""Our naive peer: the dashboard as an ordinary Streamlit user would write it for the same CSV files.

It is the yardstick of benchmarks/browser_views.py and is deliberately not tuned: pandas.read_csv under
st.cache_data, a year slider and a kinds choice in the sidebar, plotly express for the timeline, a pydeck ArcLayer
map, a networkx spring layout drawn with plotly, st.dataframe for the records. It reads the folder named by
PEER_DATA_DIR (default: the bundled data).

    PEER_DATA_DIR=/path/to/csvs streamlit run benchmarks/peer_app.py
"""

import os

import networkx as nx
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

FOLDER = os.environ.get("PEER_DATA_DIR", "data")
KINDS = {"agreement": "agreements.csv", "visit": "visits.csv", "deal": "deals.csv", "milestone": "milestones.csv"}

st.set_page_config(page_title="Dalarna–Hubei (peer)", layout="wide")


def first_party(cell):
    """The first name of a `A | B` party list."""
    if isinstance(cell, str) and cell.strip():
        return cell.split("|")[0].strip()
    return None


@st.cache_data
def read_events(folder):
    frames = []
    for kind, file in KINDS.items():
        frame = pd.read_csv(os.path.join(folder, file))
        if kind == "visit":  # a visit has a delegation and a host; which side is which depends on the direction
            outgoing = frame["direction"] == "to_hubei"
            frame["dalarna_party"] = frame["delegation"].where(outgoing, frame["host"])
            frame["hubei_party"] = frame["host"].where(outgoing, frame["delegation"])
            frame["title"] = frame["purpose"] + " (" + frame["city"].fillna("") + ")"
        frame = frame[["id", "date", "title", "dalarna_party", "hubei_party", "source"]].copy()
        frame["kind"] = kind
        frames.append(frame)
    events = pd.concat(frames, ignore_index=True)
    events["when"] = pd.to_datetime(events["date"], format="ISO8601", errors="coerce")
    events = events.dropna(subset=["when"])
    events["year"] = events["when"].dt.year
    return events


@st.cache_data
def read_places(folder):
    organisations = pd.read_csv(os.path.join(folder, "organisations.csv"))
    places = pd.read_csv(os.path.join(folder, "places.csv"))
    return organisations, places


events = read_events(FOLDER)
organisations, places = read_places(FOLDER)

st.sidebar.title("Filter")
first, last = int(events["year"].min()), int(events["year"].max())
years = st.sidebar.slider("Period", first, last, (first, last))
kinds = st.sidebar.multiselect("Kinds", list(KINDS), default=list(KINDS))
shown = events[events["year"].between(*years) & events["kind"].isin(kinds or list(KINDS))]
st.sidebar.write(f"{len(shown):,} events")


def timeline_page():
    st.header("Timeline")
    figure = px.scatter(shown, x="when", y="kind", color="kind", hover_name="title",
                        hover_data=["dalarna_party", "hubei_party", "source"])
    st.plotly_chart(figure, width="stretch")


def map_page():
    st.header("Map")
    city_of = organisations.set_index("name")["city"].to_dict()
    where = places.set_index("name")[["lon", "lat"]]
    pairs = pd.DataFrame({
        "source_city": shown["dalarna_party"].map(lambda p: city_of.get(first_party(p))),
        "target_city": shown["hubei_party"].map(lambda p: city_of.get(first_party(p))),
    }).dropna()
    arcs = pairs.value_counts().reset_index(name="events")
    arcs = arcs[arcs["source_city"].isin(where.index) & arcs["target_city"].isin(where.index)]
    arcs = arcs.join(where, on="source_city").join(where, on="target_city", rsuffix="_target")
    layer = pdk.Layer("ArcLayer", arcs, get_source_position=["lon", "lat"],
                      get_target_position=["lon_target", "lat_target"], get_width="events / 50 + 1",
                      get_source_color=[0, 90, 160], get_target_color=[200, 30, 30], pickable=True)
    deck = pdk.Deck(layers=[layer], initial_view_state=pdk.ViewState(latitude=45, longitude=70, zoom=1.4),
                    tooltip={"text": "{source_city} – {target_city}: {events}"})
    st.pydeck_chart(deck)


@st.cache_data
def spring_layout(years, kinds):
    graph = nx.Graph()
    chosen = events[events["year"].between(*years) & events["kind"].isin(kinds)]
    for left, right in zip(chosen["dalarna_party"], chosen["hubei_party"], strict=True):
        for a in str(left).split("|") if isinstance(left, str) else []:
            for b in str(right).split("|") if isinstance(right, str) else []:
                a, b = a.strip(), b.strip()
                weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
                graph.add_edge(a, b, weight=weight + 1)
    return graph, nx.spring_layout(graph, seed=1)


def network_page():
    st.header("Network")
    graph, position = spring_layout(years, tuple(kinds or KINDS))
    xs, ys = [], []
    for a, b in graph.edges:
        xs += [position[a][0], position[b][0], None]
        ys += [position[a][1], position[b][1], None]
    names = list(graph.nodes)
    figure = go.Figure([
        go.Scatter(x=xs, y=ys, mode="lines", line={"color": "lightgrey", "width": 1}, hoverinfo="skip"),
        go.Scatter(x=[position[n][0] for n in names], y=[position[n][1] for n in names], mode="markers",
                   text=names, marker={"size": 8}),
    ])
    figure.update_layout(showlegend=False, height=650)
    st.plotly_chart(figure, width="stretch")


def data_page():
    st.header("Data")
    st.dataframe(shown, width="stretch")


navigation = st.navigation([
    st.Page(timeline_page, title="Timeline", url_path="timeline", default=True),
    st.Page(map_page, title="Map", url_path="map"),
    st.Page(network_page, title="Network", url_path="network"),
    st.Page(data_page, title="Data", url_path="data"),
])
navigation.run()
