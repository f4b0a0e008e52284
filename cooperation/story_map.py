"""The story's map: framed on the places of a moment, each place named in the slide's language.

Used twice: as a deck.gl map on the slide (`story_deck`) and as an SVG picture in the offline pack (`map_svg`).
Both use Web Mercator (deck.gl's projection) at the zoom `focus_view` picks, so the picture frames what the slide does.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pydeck as pdk

from cooperation.geo import arcs_table, initial_view, load_outlines, locate_parties, map_deck, points_table
from cooperation.static_map import great_circle
from cooperation.style import SIDE_RGB

MAP_WIDTH_PX, MAP_HEIGHT_PX = 480, 230  # a little under the slide's map at 1280×720 (about 500 × 245): it must fit
MAX_ZOOM = 3.5  # closer, the coarse country outlines lose their shape (3.5 shows Scandinavia)
LABEL_PX = 22  # place names on the map; a projector needs 20 px at least
CLUSTER_PX = 40  # places closer than this on screen share one label (Borlänge and Falun, at any zoom shown)
HIGHLIGHT_RGB = [0, 0, 0]
NO_OUTLINES: dict = {"type": "FeatureCollection", "features": []}
TILE_PX = 512  # deck.gl's world is 512 px wide at zoom 0
ON_TOP = {"depthCompare": "always"}  # rings and names are drawn over the raised arcs, never hidden behind them


def world_px(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position of a place at `zoom` (x east, y south), as deck.gl projects it."""
    scale = TILE_PX * 2 ** zoom
    lat = max(min(lat, 85.0), -85.0)
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
    return (lon + 180) / 360 * scale, y * scale


def focus_view(located: pd.DataFrame, width_px: int = MAP_WIDTH_PX, height_px: int = MAP_HEIGHT_PX) -> pdk.ViewState:
    """A view that fits the places (rows of lat, lon) into a map of about `width_px` × `height_px`, with room
    for their names.

    A moment on both sides shows both ends; a moment on one side only is seen closer, though not so close that
    the coarse outlines lose their shape (zoom at most MAX_ZOOM: Scandinavia for Dalarna).
    """
    placed = located.dropna(subset=["lat"])
    if placed.empty:
        return initial_view(placed)
    xs, ys = zip(*(world_px(lat, lon, 0) for lat, lon in zip(placed["lat"], placed["lon"], strict=True)), strict=True)
    x_span, y_span = max(xs) - min(xs), max(ys) - min(ys)
    # the names stand on the inner side of their places (place_labels): the margins need only hold the rings, and
    # above and below, a name of two or three lines
    scale = min(width_px * 0.85 / max(x_span, 1e-9), height_px * 0.65 / max(y_span, 1e-9))
    zoom = min(max(math.log2(scale), 0.5), MAX_ZOOM)
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    longitude = middle_x / TILE_PX * 360 - 180
    latitude = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * middle_y / TILE_PX))) - math.pi / 2)
    return pdk.ViewState(latitude=latitude, longitude=longitude, zoom=round(zoom, 2), pitch=0)


@dataclass(frozen=True)
class PlaceLabel:
    """The names of the places near one spot of the map, one per line, beside their dots."""

    text: str
    lat: float
    lon: float
    side: str  # which side of the dots the names go: 'left' or 'right'


def place_labels(points: pd.DataFrame, view: pdk.ViewState) -> list[PlaceLabel]:
    """The moment's places named once each (`points` from geo.points_table: place, lat, lon, records); places
    closer than CLUSTER_PX at the view's zoom share one label, their names stacked, the busiest first. A label goes
    to the right of its dots, or to the left in the right half of the map, so that it stays inside the frame."""
    placed = points.dropna(subset=["lat", "place"]).sort_values("records", ascending=False, kind="stable")
    clusters: list[dict] = []
    for point in placed.itertuples():
        x, y = world_px(point.lat, point.lon, view.zoom)
        near = next((c for c in clusters if math.dist((x, y), c["xy"]) < CLUSTER_PX), None)
        if near is None:
            clusters.append({"xy": (x, y), "names": [str(point.place)], "lat": point.lat, "lon": point.lon})
        elif str(point.place) not in near["names"]:
            near["names"].append(str(point.place))
    centre_x = world_px(view.latitude, view.longitude, view.zoom)[0]
    return [PlaceLabel("\n".join(c["names"]), c["lat"], c["lon"], "left" if c["xy"][0] > centre_x + 1 else "right")
            for c in clusters]


@lru_cache(maxsize=1)
def outlines_data_url() -> str:
    """The country outlines as one data: URL, which deck.gl reads without any request.

    Passed as an object, pydeck writes the outlines as indented JSON of about 1.1 MB on every slide; as a
    data: URL they take about 0.26 MB and deck.gl keeps them loaded while the URL stays the same, so a slide
    changes in about a third of a second instead of more than one.
    """
    text = json.dumps(load_outlines(), separators=(",", ":"), ensure_ascii=False)
    return "data:application/json;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def framed(located: pd.DataFrame, arcs: pd.DataFrame) -> pd.DataFrame:
    """What a moment's map must show: its placed parties and the great circles of its links (which bow towards
    the pole: Borlänge–Wuhan passes north of Borlänge), as rows of lat and lon."""
    paths = [great_circle(a.from_lat, a.from_lon, a.to_lat, a.to_lon, points=9) for a in arcs.itertuples()]
    return pd.concat([located.dropna(subset=["lat"])[["lat", "lon"]],
                      *(pd.DataFrame({"lat": lats, "lon": lons}) for lats, lons in paths)], ignore_index=True)


def moment_places(moment: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The moment's parties located, its links (geo.arcs_table) and its places (geo.points_table)."""
    names = {p for parties in moment["parties"] for p in parties}
    located = locate_parties(names, organisations, places)
    return located, arcs_table(moment, located), points_table(moment, located)


def story_deck(upto: pd.DataFrame, moment: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame,
               lang: str = "en", width_px: int = MAP_WIDTH_PX, height_px: int = MAP_HEIGHT_PX) -> pdk.Deck:
    """The map of everything up to a moment (earlier arcs faded), the moment's links bold and its places ringed
    and named in the data's language (`places` and `organisations` as localised), the view on the moment's places
    for a map of about `width_px` × `height_px`."""
    deck = map_deck(upto, organisations, places, lang, outlines=NO_OUTLINES)
    located, arcs, points = moment_places(moment, organisations, places)
    view = focus_view(framed(located, arcs), width_px, height_px) if located["lat"].notna().any() \
        else deck.initial_view_state
    for layer in deck.layers:
        if layer.id == "outlines":
            layer.data = outlines_data_url()
        if layer.id == "arcs":  # what came before stays on the map, quieter and thinner
            layer.get_source_color = SIDE_RGB["dalarna"] + [90]
            layer.get_target_color = SIDE_RGB["hubei"] + [90]
            layer.width_scale = 0.5
            layer.get_height = 0  # flat on the map, along the great circle (as framed), never over a name
    now_arcs = [{"source": [a.from_lon, a.from_lat], "target": [a.to_lon, a.to_lat], "width": 5 + 2 * a.records}
                for a in arcs.itertuples()]
    rings = [{"position": [p.lon, p.lat], "radius": 12 + min(p.records, 12)} for p in points.itertuples()]
    labels = [{"position": [label.lon, label.lat], "label": label.text,
               "anchor": "end" if label.side == "left" else "start",
               "offset": [-22, 0] if label.side == "left" else [22, 0]} for label in place_labels(points, view)]
    deck.layers = [layer for layer in deck.layers if layer.id != "labels"] + [
        pdk.Layer("ArcLayer", now_arcs, id="moment-arcs", get_source_position="source",
                  get_target_position="target", get_source_color=SIDE_RGB["dalarna"] + [255],
                  get_target_color=SIDE_RGB["hubei"] + [255], get_width="width", great_circle=True, get_height=0,
                  pickable=False),
        pdk.Layer("ScatterplotLayer", rings, id="moment-places", get_position="position", get_radius="radius",
                  radius_units="'pixels'", filled=False, stroked=True, get_line_color=HIGHLIGHT_RGB,
                  line_width_min_pixels=3, pickable=False, parameters=ON_TOP),
        pdk.Layer("TextLayer", labels, id="labels", get_position="position", get_text="label", get_size=LABEL_PX,
                  size_units="'pixels'", get_color=[20, 20, 20], get_text_anchor="anchor",
                  get_alignment_baseline="'center'", get_pixel_offset="offset", line_height=1.15,
                  character_set="'auto'", font_family="'sans-serif'", font_weight="'bold'", outline_width=4,
                  outline_color=[255, 255, 255], font_settings={"sdf": True}, pickable=False, parameters=ON_TOP),
    ]
    deck.initial_view_state = view
    return deck


# --- the same map as an SVG picture, for the offline pack

SVG_WIDTH, SVG_HEIGHT = 800, 450  # the picture's own units; the pack scales it to its box
SVG_LABEL = 30  # units: about 26 px in the pack at 1920×1080


def map_svg(upto: pd.DataFrame, moment: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame) -> str:
    """The story map of a moment as an inline SVG picture (no script, no request): country outlines, earlier
    links faint, the moment's links bold, its places ringed and named. Every text is escaped."""
    located = locate_parties({p for parties in upto["parties"] for p in parties}, organisations, places)
    moment_located = located[located["name"].isin({p for parties in moment["parties"] for p in parties})]
    arcs, points = arcs_table(moment, located), points_table(moment, located)
    view = focus_view(framed(moment_located, arcs), SVG_WIDTH, SVG_HEIGHT)
    centre = world_px(view.latitude, view.longitude, view.zoom)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x, y = world_px(lat, lon, view.zoom)
        return x - centre[0] + SVG_WIDTH / 2, y - centre[1] + SVG_HEIGHT / 2

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" role="img" '
             'preserveAspectRatio="xMidYMid meet" class="map">',
             f'<rect x="-{SVG_WIDTH}" y="-{SVG_HEIGHT}" width="{3 * SVG_WIDTH}" height="{3 * SVG_HEIGHT}" '
             'fill="#e6eef4"/>',  # the sea also under what a wider or taller box shows beyond the frame
             f'<path d="{_outline_path(view, centre)}" fill="#ecece8" stroke="#aaa" stroke-width="0.8"/>']
    for arc in arcs_table(upto, located).itertuples():
        parts.append(_arc(arc, xy, width=1.5 + arc.records * 0.5, opacity=0.35))
    for arc in arcs.itertuples():
        parts.append(_arc(arc, xy, width=4 + arc.records, opacity=1.0))
    for point in points.itertuples():
        x, y = xy(point.lat, point.lon)
        colour = "rgb({},{},{})".format(*SIDE_RGB.get(point.side, SIDE_RGB["other"]))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{13 + min(point.records, 8)}" fill="none" '
                     'stroke="#000" stroke-width="3"/>')
    for label in place_labels(points, view):
        x, y = xy(label.lat, label.lon)
        lines = label.text.split("\n")
        anchor, dx = ("end", -24) if label.side == "left" else ("start", 24)
        top = y - (len(lines) - 1) * SVG_LABEL * 0.6 + SVG_LABEL * 0.35
        spans = "".join(f'<tspan x="{x + dx:.1f}" y="{top + i * SVG_LABEL * 1.2:.1f}">{html.escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        parts.append(f'<text font-size="{SVG_LABEL}" font-weight="700" text-anchor="{anchor}" fill="#141414" '
                     f'stroke="#fff" stroke-width="6" paint-order="stroke" stroke-linejoin="round">{spans}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _outline_path(view: pdk.ViewState, centre: tuple[float, float]) -> str:
    """The country outlines inside the picture (and as much again around it) as one SVG path."""
    scale = TILE_PX * 2 ** view.zoom
    commands = []
    for feature in load_outlines().get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = ([geometry["coordinates"]] if geometry.get("type") == "Polygon"
                    else geometry.get("coordinates", []) if geometry.get("type") == "MultiPolygon" else [])
        for polygon in polygons:
            coords = np.asarray(polygon[0], dtype=float)
            lons = np.unwrap(coords[:, 0], period=360.0)  # a ring across ±180° (Russia, Fiji) stays in one piece
            lats = np.radians(np.clip(coords[:, 1], -85.0, 85.0))
            xs = (lons + 180) / 360 * scale - centre[0] + SVG_WIDTH / 2
            ys = (1 - np.log(np.tan(np.pi / 4 + lats / 2)) / np.pi) / 2 * scale - centre[1] + SVG_HEIGHT / 2
            if (xs.max() < -SVG_WIDTH or xs.min() > 2 * SVG_WIDTH or ys.max() < -SVG_HEIGHT
                    or ys.min() > 2 * SVG_HEIGHT):
                continue
            steps = [f"{x:.0f} {y:.0f}" for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]
            kept = [step for i, step in enumerate(steps) if i == 0 or step != steps[i - 1]]  # same pixel: once
            if len(kept) > 2:
                commands.append("M" + "L".join(kept) + "Z")
    return "".join(commands)


def _arc(arc, xy, width: float, opacity: float) -> str:
    """A link as the great circle between its places, coloured from its Dalarna end to its Hubei end (as on the
    slide's map)."""
    lats, lons = great_circle(arc.from_lat, arc.from_lon, arc.to_lat, arc.to_lon, points=40)
    points = [xy(lat, lon) for lat, lon in zip(lats, lons, strict=True)]
    (x1, y1), (x2, y2) = points[0], points[-1]
    if abs(x2 - x1) + abs(y2 - y1) < 1:
        return ""
    gradient = f"g{next(_ARC_IDS)}"
    colours = ["rgb({},{},{})".format(*SIDE_RGB[side]) for side in ("dalarna", "hubei")]
    path = "L".join(f"{x:.1f} {y:.1f}" for x, y in points)
    return (f'<linearGradient id="{gradient}" gradientUnits="userSpaceOnUse" x1="{x1:.1f}" y1="{y1:.1f}" '
            f'x2="{x2:.1f}" y2="{y2:.1f}"><stop offset="0" stop-color="{colours[0]}"/>'
            f'<stop offset="1" stop-color="{colours[1]}"/></linearGradient>'
            f'<path d="M{path}" fill="none" stroke="url(#{gradient})" stroke-width="{width:.1f}" '
            f'stroke-opacity="{opacity}" stroke-linecap="round"/>')


_ARC_IDS = itertools.count()  # gradient ids unique within a pack of many pictures


__all__ = ["LABEL_PX", "MAP_HEIGHT_PX", "MAP_WIDTH_PX", "MAX_ZOOM", "PlaceLabel", "focus_view", "map_svg",
           "moment_places", "outlines_data_url", "place_labels", "story_deck", "world_px"]
