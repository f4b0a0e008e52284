"""A static map picture for print and PNG: plotly on plain lon/lat axes, no plotly geo (which fetches
its basemap from a CDN), with the offline country outlines and great-circle arcs."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.geo import arcs_table, load_outlines, locate_parties, points_table, record_count, side_labels
from cooperation.i18n import t
from cooperation.style import FONT_FAMILY, SIDE_COLOURS, SIDE_SYMBOLS, side_label

MAP_LON = (-10.0, 130.0)
MAP_LAT = (15.0, 72.0)
MAP_PARALLEL = 40.0  # equirectangular with true scale at 40°N: y is stretched by 1/cos(40°)
MAP_RATIO = round(1 / math.cos(math.radians(MAP_PARALLEL)), 4)
LAND_COLOUR, COAST_COLOUR, SEA_COLOUR, ARC_COLOUR = "#ecece8", "#b9b9b4", "#f4f7fa", "#4d4d4d"


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, points: int = 50) -> tuple[np.ndarray,
                                                                                               np.ndarray]:
    """Latitudes and longitudes of `points` points along the great circle between two places (lon unwrapped)."""
    def vector(lat: float, lon: float) -> np.ndarray:
        la, lo = math.radians(lat), math.radians(lon)
        return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])

    a, b = vector(lat1, lon1), vector(lat2, lon2)
    omega = math.acos(float(np.clip(np.dot(a, b), -1.0, 1.0)))
    steps = np.linspace(0.0, 1.0, points)
    if omega < 1e-9:
        return np.full(points, float(lat1)), np.full(points, float(lon1))
    xyz = (np.outer(np.sin((1 - steps) * omega), a) + np.outer(np.sin(steps * omega), b)) / math.sin(omega)
    lats = np.degrees(np.arcsin(np.clip(xyz[:, 2], -1.0, 1.0)))
    lons = np.unwrap(np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0])), period=360.0)
    lons += 360.0 * round((lon1 - lons[0]) / 360.0)
    return lats, lons


def _rings(geometry: Mapping) -> Iterable[list]:
    if geometry.get("type") == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


def outline_paths(outlines: Mapping, lon_range: tuple[float, float], lat_range: tuple[float, float],
                  margin: float = 30.0) -> tuple[list, list]:
    """x (lon) and y (lat) of every country's outer ring near the extent, rings separated by None (unwrapped
    at ±180° so that Russia and Fiji draw no band across the map)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in outlines.get("features", []):
        for ring in _rings(feature.get("geometry") or {}):
            coords = np.asarray(ring, dtype=float)
            if coords.ndim != 2 or len(coords) < 3:
                continue
            lons, lats = np.unwrap(coords[:, 0], period=360.0), coords[:, 1]
            if (lons.max() < lon_range[0] - margin or lons.min() > lon_range[1] + margin
                    or lats.max() < lat_range[0] - margin or lats.min() > lat_range[1] + margin):
                continue
            xs += [*np.round(lons, 3).tolist(), None]
            ys += [*np.round(lats, 3).tolist(), None]
    return xs, ys


def _map_extent(points: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    lons, lats = [*MAP_LON], [*MAP_LAT]
    if len(points):
        lons += [float(points["lon"].min()) - 5, float(points["lon"].max()) + 5]
        lats += [float(points["lat"].min()) - 4, float(points["lat"].max()) + 4]
    return (max(min(lons), -180.0), min(max(lons), 180.0)), (max(min(lats), -85.0), min(max(lats), 85.0))


def map_figure(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str = "en",
               outlines: Mapping | None = None) -> go.Figure:
    """A static map picture: country outlines as filled polygons on lon/lat axes, the parties' places and
    great-circle arcs between the two sides of each record (wider = more records). No geo traces."""
    names = {p for parties in events["parties"] for p in parties}
    located = locate_parties(names, organisations, places)
    arcs = arcs_table(events, located, lang)
    points = points_table(events, located)
    lon_range, lat_range = _map_extent(points)
    xs, ys = outline_paths(outlines if outlines is not None else load_outlines(), lon_range, lat_range)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=LAND_COLOUR, name="outlines",
                             line={"color": COAST_COLOUR, "width": 0.6}, hoverinfo="skip", showlegend=False))
    for number, arc in enumerate(arcs.itertuples()):
        lats, lons = great_circle(arc.from_lat, arc.from_lon, arc.to_lat, arc.to_lon)
        label = (f"{html.escape(str(arc.from_place))} – {html.escape(str(arc.to_place))}: "
                 f"{record_count(arc.records, lang)}")
        fig.add_trace(go.Scatter(x=lons, y=lats, mode="lines", name=t("export.map.links", lang), legendgroup="arcs",
                                 showlegend=number == 0, opacity=0.7, hovertext=label, hoverinfo="text",
                                 line={"color": ARC_COLOUR, "width": min(1.0 + 0.7 * arc.records, 7.0)}))
    for side in ("dalarna", "hubei", "other"):
        group = points[points["side"] == side]
        if group.empty:
            continue
        hover = [f"{html.escape(str(p.place))}: {record_count(p.records, lang)}<br>"
                 + "<br>".join(html.escape(str(n)) for n in p.names) for p in group.itertuples()]
        fig.add_trace(go.Scatter(
            x=group["lon"], y=group["lat"], mode="markers", name=side_label(side, lang), hovertext=hover,
            hoverinfo="text",
            marker={"symbol": SIDE_SYMBOLS[side], "color": SIDE_COLOURS[side], "line": {"color": "white", "width": 1},
                    "size": [7 + min(int(r), 20) * 0.5 for r in group["records"]]}))
    for label in side_labels(points, lang):
        lon, lat = label["position"]
        fig.add_annotation(x=lon, y=lat, text=f"<b>{html.escape(label['label'])}</b>", showarrow=False, yshift=-16,
                           font={"size": 13, "color": "#1e1e1e"}, bgcolor="rgba(255,255,255,0.75)")
    fig.add_annotation(x=1, y=0, xref="paper", yref="paper", xanchor="right", yanchor="bottom", showarrow=False,
                       xshift=-6, yshift=4, bgcolor="rgba(255,255,255,0.8)",  # off the picture's edge, over land
                       text=html.escape(t("data.attribution", lang)), font={"size": 11, "color": "#555555"})
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 13}, height=520, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        plot_bgcolor=SEA_COLOUR, paper_bgcolor="white", hovermode="closest",
        legend={"orientation": "h", "x": 0.01, "y": 0.01, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.8)"},
        xaxis={"range": list(lon_range), "visible": False, "fixedrange": True},
        yaxis={"range": list(lat_range), "visible": False, "fixedrange": True, "scaleanchor": "x",
               "scaleratio": MAP_RATIO},
        meta={"lon_range": list(lon_range), "lat_range": list(lat_range)},
    )
    return fig


def fit_map(fig: go.Figure, width: int, height: int) -> go.Figure:
    """The map laid out for a picture of width × height pixels: its extent widened (never cut) to the picture's
    shape, so that the projection keeps its proportions."""
    meta = fig.layout.meta or {}
    (lon0, lon1), (lat0, lat1) = meta.get("lon_range", MAP_LON), meta.get("lat_range", MAP_LAT)
    lon_span, lat_span = lon1 - lon0, (lat1 - lat0) * MAP_RATIO
    if width / height > lon_span / lat_span:
        extra = (lat_span * width / height - lon_span) / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    else:
        extra = (lon_span * height / width / MAP_RATIO - (lat1 - lat0)) / 2
        lat0, lat1 = max(lat0 - extra, -85.0), min(lat1 + extra, 85.0)
    fig.update_layout(width=width, height=height, autosize=False, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    fig.update_xaxes(range=[lon0, lon1])
    fig.update_yaxes(range=[lat0, lat1])
    fig.layout.yaxis.scaleanchor = None  # the ranges above keep the proportions; update_*(x=None) would not unset
    fig.layout.yaxis.scaleratio = None
    return fig
