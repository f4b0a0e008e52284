"""The map: places of the parties and great-circle arcs between the two sides of each record."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from cooperation.i18n import LANGUAGES, fmt_date, fmt_number, labelled, place_word, t
from cooperation.style import FONT_FAMILY, SIDE_COLOURS, SIDE_RGB, SIDE_SYMBOLS, escape, side_label

BLANK_STYLE_URL = "/app/static/blank_style.json"
OUTLINES_FILE = Path(__file__).resolve().parent.parent / "data" / "geo" / "countries-110m.geojson"
ENDED_ALPHA = 45  # arcs whose agreements have all ended stay visible but faint
FALLBACK_REGION = {"dalarna": "Dalarna"}  # a Dalarna party with no known city sits at the county's centre
BOTH_ENDS = ((60.49, 15.42), (30.59, 114.31))  # Borlänge and Wuhan (lat, lon): every map shows both
SEA_COLOUR, LAND_COLOUR, COAST_COLOUR = "#dfeaf2", "#ecece8", "#aaaaaa"
MAX_LAT = 85.0  # Web Mercator's edge
MAP_HEIGHT = 480
HOVER_TITLES = 8  # an arc's hover lists its first records' titles, then how many more
TABLE_TITLES = 20  # the table of links lists this many titles of a link, then how many more
HOVER_NAMES = 12  # a place's hover lists this many of its parties, then how many more
CITY_LEVEL_ABOVE = 60  # more distinct positions than this: every party is drawn at its city (by_city)


@lru_cache(maxsize=2)
def load_outlines(path: Path = OUTLINES_FILE) -> dict:
    """The country outlines (GeoJSON) drawn as the offline basemap."""
    return json.loads(path.read_text(encoding="utf-8"))


def locate_parties(names: set[str], organisations: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Position and side of each party: its own lat/lon, else its city, else its side's region, else unplaced.

    Returns one row per name with columns name, side, place, lat, lon (NaN when unplaced).
    """
    place_by_name = {str(p[key]).casefold(): p for key in ("name_as_written", "name") if key in places
                     for p in _records(places) if isinstance(p.get(key), str)}
    orgs = {str(o["name"]): o for o in _records(organisations)}
    rows = []
    for name in sorted(names):
        org = orgs.get(name)
        side = str(org["side"]) if org is not None else _side_by_place(name, place_by_name)
        lat = lon = float("nan")
        place_name = None
        if org is not None and pd.notna(org.get("lat")) and pd.notna(org.get("lon")):
            lat, lon, place_name = float(org["lat"]), float(org["lon"]), org.get("city")
        else:
            candidates = [org.get("city") if org is not None else None, name, *_region_names(side)]
            for candidate in candidates:
                place = place_by_name.get(str(candidate).casefold()) if isinstance(candidate, str) else None
                if place is not None:
                    lat, lon, place_name = float(place["lat"]), float(place["lon"]), place["name"]
                    break
        rows.append({"name": name, "side": side, "place": place_name, "lat": lat, "lon": lon})
    return pd.DataFrame(rows, columns=["name", "side", "place", "lat", "lon"])


def by_city(located: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """`located` as drawn: when it holds more than `limit` distinct positions, each party with a city is moved to
    the middle of its city's parties (thousands of organisations become a few dozen places, and the arcs between
    them a few hundred), else unchanged."""
    placed = located.dropna(subset=["lat"])
    if len(placed[["lat", "lon"]].drop_duplicates()) <= (CITY_LEVEL_ABOVE if limit is None else limit):
        return located
    in_city = located["place"].notna() & located["lat"].notna()
    middle = located[in_city].groupby(["side", "place"])[["lat", "lon"]].transform("mean")
    return located.assign(lat=located["lat"].mask(in_city, middle["lat"]),
                          lon=located["lon"].mask(in_city, middle["lon"]))


def more_than_shown(items: list[str], limit: int, lang: str) -> list[str]:
    """The first `limit` of `items`, and a last line saying how many more there are (if any)."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], t("map.more", lang, count=fmt_number(len(items) - limit, lang))]


def _region_names(side: str) -> list[str]:
    """The name of `side`'s region in every language: the places may be named in the chosen one (达拉纳)."""
    region = FALLBACK_REGION.get(side)
    return [] if region is None else list(dict.fromkeys(place_word(region, lang) for lang in LANGUAGES))


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts (NA as NaN, so that pd.notna and .get work as on the rows of iterrows)."""
    return frame.astype(object).where(frame.notna(), np.nan).to_dict("records")


def _side_by_place(name: str, place_by_name: dict[str, dict]) -> str:
    place = place_by_name.get(name.casefold())
    if place is None:
        return "other"
    return {"dalarna": "dalarna", "hubei": "hubei"}.get(str(place["region"]).casefold(), "other")


def ended_by(events: pd.DataFrame, year: int) -> pd.Series:
    """True for agreements whose recorded end lies within or before `year` (the map shows a year's end)."""
    return (events["kind"] == "agreement") & events["span_end"].notna() & (events["span_end"].dt.year <= year)


def arcs_table(events: pd.DataFrame, located: pd.DataFrame, lang: str = "en", as_of: int | None = None) -> pd.DataFrame:
    """One row per pair of positions joined by records: from/to coordinates, record count and titles (the first
    TABLE_TITLES, then how many more), the most records first.

    With `as_of` (a year) an arc is `ended` when every record on it is an agreement ended before that year.
    Works on columns of (record, Dalarna party, Hubei party) pairs: a loop over the records took 20 s at 10^6.
    """
    ended_ids = set(events.loc[ended_by(events, as_of), "id"]) if as_of is not None else set()
    spots: dict[tuple, int] = {}  # each position (lat, lon, place) once
    spot_of = {r.name: spots.setdefault((r.lat, r.lon, r.place), len(spots))
               for r in located.dropna(subset=["lat"]).itertuples()}
    width = max(len(spots), 1)
    pairs = _placed_pairs(events, spot_of, width)
    records = pairs.drop_duplicates(["key", "id"])
    counts = records.groupby("key", sort=False).size()
    titles = _listed_titles(events, records, lang)
    ids = records.groupby("key", sort=False)["id"].agg(sorted)
    parties = pairs.groupby("key", sort=False)[["d", "h"]].agg(set)
    ended = records["id"].isin(ended_ids).groupby(records["key"], sort=False).all()
    position = {index: spot for spot, index in spots.items()}
    keys = list(counts.index)
    starts, ends = [position[key // width] for key in keys], [position[key % width] for key in keys]
    table = pd.DataFrame({
        "from_place": [spot[2] for spot in starts], "to_place": [spot[2] for spot in ends],
        "from_lat": [spot[0] for spot in starts], "from_lon": [spot[1] for spot in starts],
        "to_lat": [spot[0] for spot in ends], "to_lon": [spot[1] for spot in ends],
        "records": [int(counts[key]) for key in keys], "ids": [ids[key] for key in keys],
        "titles": [titles[key] + ([t("map.more", lang, count=fmt_number(int(counts[key]) - TABLE_TITLES, lang))]
                                  if counts[key] > TABLE_TITLES else []) for key in keys],
        "parties": [sorted(parties.at[key, "d"] | parties.at[key, "h"]) for key in keys],
        "ended": [bool(ended[key]) if ended_ids else False for key in keys],
    }, columns=["from_place", "to_place", "from_lat", "from_lon", "to_lat", "to_lon", "records", "ids", "titles",
                "parties", "ended"])
    return table.sort_values("records", ascending=False, kind="stable")


def _placed_pairs(events: pd.DataFrame, spot_of: dict[str, int], width: int) -> pd.DataFrame:
    """Every (record row, Dalarna party, Hubei party) whose two parties have a position, with the record's id and
    the key of its pair of positions."""
    dalarna, hubei = events["dalarna_parties"].to_numpy(dtype=object), events["hubei_parties"].to_numpy(dtype=object)
    row_d = np.repeat(np.arange(len(events)), [len(parties) for parties in dalarna])
    names_d = [name for parties in dalarna for name in parties]
    widths = [len(hubei[row]) for row in row_d]
    rows = np.repeat(row_d, widths)
    # object columns, not pandas' arrow text: iterating arrow strings in the groups below costs ten times more
    pairs = pd.DataFrame({"row": rows, "d": pd.Series(np.repeat(np.array(names_d, dtype=object), widths), dtype=object),
                          "h": pd.Series([name for row in row_d for name in hubei[row]], dtype=object)})
    pairs["from_spot"] = pairs["d"].map(spot_of)
    pairs["to_spot"] = pairs["h"].map(spot_of)
    pairs = pairs.dropna(subset=["from_spot", "to_spot"])
    pairs["key"] = pairs["from_spot"].astype("int64") * width + pairs["to_spot"].astype("int64")
    pairs["id"] = pd.Series(events["id"].to_numpy(dtype=object)[pairs["row"].to_numpy()], index=pairs.index,
                            dtype=object)
    return pairs


def _listed_titles(events: pd.DataFrame, records: pd.DataFrame, lang: str) -> pd.Series:
    """Per pair of positions, the first TABLE_TITLES records as 'date: title' (one Babel call per distinct date)."""
    listed = records.groupby("key", sort=False).head(TABLE_TITLES)
    chosen = events.iloc[listed["row"].to_numpy()]
    dates: dict[tuple[str, str], str] = {}
    labels = []
    for date, precision, title in zip(chosen["date"], chosen["precision"], chosen["title"], strict=True):
        label = dates.get((date, precision))
        if label is None:
            label = dates[(date, precision)] = fmt_date(date, precision, lang)
        labels.append(labelled(label, title, lang))
    return pd.Series(labels, index=listed.index, dtype=object).groupby(listed["key"], sort=False).agg(list)


def points_table(events: pd.DataFrame, located: pd.DataFrame) -> pd.DataFrame:
    """One row per position: the parties there and how many records name any of them.

    Works on columns of (record, party) pairs: a set of ids per party took seconds at 10^6 events."""
    columns = ["lat", "lon", "place", "side", "records", "names"]
    placed = located.dropna(subset=["lat"])
    named = party_names(events)
    placed = placed[placed["name"].isin(named)]
    if placed.empty:
        return pd.DataFrame(columns=columns)
    spot = placed.groupby(["lat", "lon"], sort=False).ngroup()
    spot_of = dict(zip(placed["name"], spot, strict=True))
    parties = events["parties"].to_numpy(dtype=object)
    rows = np.repeat(np.arange(len(events)), [len(p) for p in parties])
    pairs = pd.DataFrame({"row": rows, "spot": pd.Series([n for p in parties for n in p], dtype=object).map(spot_of)})
    counts = pairs.dropna().drop_duplicates().groupby("spot").size()
    groups = placed.groupby(spot.to_numpy(), sort=True)
    return pd.DataFrame([{"lat": group["lat"].iloc[0], "lon": group["lon"].iloc[0], "place": group["place"].iloc[0],
                          "side": group["side"].iloc[0], "records": int(counts.get(float(key), 0)),
                          "names": list(group["name"])} for key, group in groups], columns=columns)


def party_names(events: pd.DataFrame) -> set[str]:
    """Every party the records name."""
    return set(chain.from_iterable(events["parties"].to_numpy(dtype=object)))


def map_deck(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str = "en",
             outlines: dict | None = None, as_of: int | None = None) -> pdk.Deck:
    """A pydeck map with the offline outlines, the parties' places and arcs between the two sides.

    With `as_of` (a year) only records up to that year are drawn, and arcs of ended agreements fade.
    """
    if as_of is not None:
        events = events[events["year"] <= as_of]
    names = {p for parties in events["parties"] for p in parties}
    located = locate_parties(names, organisations, places)
    arcs = arcs_table(events, located, lang, as_of)
    points = points_table(events, located)
    arc_data = [{
        "source": [a.from_lon, a.from_lat], "target": [a.to_lon, a.to_lat], "width": 1.5 + 1.5 * a.records,
        "source_colour": SIDE_RGB["dalarna"] + [ENDED_ALPHA if a.ended else 220],
        "target_colour": SIDE_RGB["hubei"] + [ENDED_ALPHA if a.ended else 220],
        **tooltip_fields(f"{_text(a.from_place)} – {_text(a.to_place)}", record_count(a.records, lang),
                         a.titles[:8]),
    } for a in arcs.itertuples()]
    point_data = [{
        "position": [p.lon, p.lat], "radius": 6 + min(p.records, 24),
        "colour": SIDE_RGB.get(p.side, SIDE_RGB["other"]),
        **tooltip_fields(_text(p.place), record_count(p.records, lang), p.names),
    } for p in points.itertuples()]
    layers = [
        pdk.Layer("GeoJsonLayer", outlines if outlines is not None else load_outlines(), id="outlines", stroked=True,
                  filled=True, get_fill_color=[236, 236, 232], get_line_color=[170, 170, 170], line_width_min_pixels=1,
                  wrap_longitude=True, pickable=False),
        pdk.Layer("ArcLayer", arc_data, id="arcs", get_source_position="source", get_target_position="target",
                  get_source_color="source_colour", get_target_color="target_colour",
                  get_width="width", great_circle=True, pickable=True),
        pdk.Layer("ScatterplotLayer", point_data, id="places", get_position="position", get_fill_color="colour",
                  get_radius="radius", radius_units="'pixels'", stroked=True, get_line_color=[255, 255, 255],
                  line_width_min_pixels=1, pickable=True),
        pdk.Layer("TextLayer", side_labels(points, lang), id="labels", get_position="position", get_text="label",
                  get_size=16,
                  get_color=[30, 30, 30], get_pixel_offset=[0, 36], character_set="'auto'",
                  font_family="'sans-serif'", font_weight="'bold'", outline_width=3, outline_color=[255, 255, 255],
                  font_settings={"sdf": True}, pickable=False),
    ]
    return pdk.Deck(layers=layers, initial_view_state=initial_view(located), map_style=BLANK_STYLE_URL,
                    map_provider=None, tooltip={"html": TOOLTIP_HTML, "style": {"fontSize": "14px"}})


# The tooltip's markup lives in the template only; Streamlit fills in {heading}, {summary} and {lines} as text,
# escaping each value itself (so data must not be escaped here: it would show as `People&#x27;s`), and the line
# breaks of {lines} are kept by the white-space style.
TOOLTIP_HTML = ('<b>{heading}</b>: {summary}'
                '<div style="white-space: pre-line; max-width: 28em">{lines}</div>')


def tooltip_fields(heading: str, summary: str, lines: list[str]) -> dict[str, str]:
    """The text of one map object's tooltip as the fields TOOLTIP_HTML names: plain text, never markup."""
    return {"heading": heading, "summary": summary, "lines": "\n".join(_text(line) for line in lines)}


def _text(value: object) -> str:
    """A value as tooltip text: '' for a missing one, line breaks inside it as spaces."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return " ".join(str(value).splitlines())


def side_labels(points: pd.DataFrame, lang: str) -> list[dict]:
    """One label per side at the middle of its places (places of one side overlap at world zoom)."""
    labels = []
    for side, group in points.groupby("side"):
        if side in ("dalarna", "hubei"):
            labels.append({"position": [float(group["lon"].mean()), float(group["lat"].mean())],
                           "label": side_label(side, lang)})
    return labels


def initial_view(located: pd.DataFrame) -> pdk.ViewState:
    """A view that shows every placed party, both ends of the partnership at least."""
    placed = located.dropna(subset=["lat"])
    lats = [*placed["lat"], 60.5, 30.6]  # Borlänge and Wuhan: always show both ends
    lons = [*placed["lon"], 15.4, 114.3]
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.6)
    zoom = 2.4 if span < 60 else 1.9 if span < 110 else 1.2
    return pdk.ViewState(latitude=(max(lats) + min(lats)) / 2, longitude=(max(lons) + min(lons)) / 2,
                         zoom=zoom, pitch=0)


def mercator_y(lat: object) -> np.ndarray:
    """Latitudes as Web Mercator ordinates, in degrees of longitude (so that x and y share one scale)."""
    radians = np.radians(np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT))
    return np.degrees(np.log(np.tan(np.pi / 4 + radians / 2)))


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, points: int = 48) -> tuple[np.ndarray,
                                                                                               np.ndarray]:
    """Latitudes and longitudes of `points` points along the great circle between two places (lon unwrapped)."""
    def vector(lat: float, lon: float) -> np.ndarray:
        la, lo = math.radians(lat), math.radians(lon)
        return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])

    a, b = vector(lat1, lon1), vector(lat2, lon2)
    omega = math.acos(float(np.clip(np.dot(a, b), -1.0, 1.0)))
    if omega < 1e-9:
        return np.full(points, float(lat1)), np.full(points, float(lon1))
    steps = np.linspace(0.0, 1.0, points)
    xyz = (np.outer(np.sin((1 - steps) * omega), a) + np.outer(np.sin(steps * omega), b)) / math.sin(omega)
    lats = np.degrees(np.arcsin(np.clip(xyz[:, 2], -1.0, 1.0)))
    lons = np.unwrap(np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0])), period=360.0)
    return lats, lons + 360.0 * round((lon1 - lons[0]) / 360.0)


def map_frame(lats: list[float], lons: list[float], margin: float = 0.1) -> tuple[tuple[float, float],
                                                                              tuple[float, float]]:
    """The part of the world every map must show: the given points (places, arcs) and both ends of the partnership
    (Borlänge and Wuhan, with the great circle between them), with a margin, as (lon range, Mercator y range).

    The map never shows less: plotly widens one of the two ranges to the canvas's shape (the axes are tied 1:1),
    so that everything framed stays inside the canvas at any width, a phone's included.
    """
    (lat1, lon1), (lat2, lon2) = BOTH_ENDS
    end_lats, end_lons = great_circle(lat1, lon1, lat2, lon2, points=16)
    lons = [*lons, *end_lons]
    ys = mercator_y([*lats, *end_lats])
    lon_pad = max((max(lons) - min(lons)) * margin, 3.0)
    y_pad = max((float(ys.max()) - float(ys.min())) * margin, 3.0)
    return ((min(lons) - lon_pad, max(lons) + lon_pad), (float(ys.min()) - y_pad, float(ys.max()) + y_pad))


@lru_cache(maxsize=2)
def outline_path(path: Path = OUTLINES_FILE) -> tuple[tuple, tuple]:
    """x (longitude) and y (Mercator) of every country's outer ring, rings separated by None; longitudes are
    unwrapped at ±180° so that Russia and Fiji draw no band across the map."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in load_outlines(path).get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = [geometry.get("coordinates", [])] if geometry.get("type") == "Polygon" else \
            geometry.get("coordinates", []) if geometry.get("type") == "MultiPolygon" else []
        for polygon in polygons:
            ring = np.asarray(polygon[0], dtype=float) if polygon else np.empty((0, 2))
            if ring.ndim != 2 or len(ring) < 3:
                continue
            xs += [*np.round(np.unwrap(ring[:, 0], period=360.0), 2).tolist(), None]
            ys += [*np.round(mercator_y(ring[:, 1]), 2).tolist(), None]
    return tuple(xs), tuple(ys)


def record_count(count: int, lang: str) -> str:
    """'1 record', '7 records' in `lang`."""
    return t("map.tooltip.count_one" if count == 1 else "map.tooltip.count", lang, count=count)


def _arc_hover(arc: object, lang: str) -> str:
    shown = arc.titles[:HOVER_TITLES] + ([t("map.more", lang, count=fmt_number(arc.records - HOVER_TITLES, lang))]
                                         if arc.records > HOVER_TITLES else [])
    titles = "<br>".join(escape(title) for title in shown)
    return (f"<b>{escape(arc.from_place)} – {escape(arc.to_place)}</b>: {escape(record_count(arc.records, lang))}"
            f"<br>{titles}")


def _arc_traces(arcs: pd.DataFrame, lang: str) -> tuple[list[go.Scatter], list[float], list[float]]:
    """Great-circle arcs, wider for more records, each half in its side's colour, faint once ended; one trace per
    width, side and state (not one per arc: thousands of arcs stay a few traces), and an invisible point in the
    middle of each arc that carries its hover text; with the latitudes and longitudes the arcs pass through."""
    lines: dict[tuple, tuple[list, list]] = {}
    lats_seen: list[float] = []
    lons_seen: list[float] = []
    middles: dict[str, list] = {"x": [], "y": [], "text": []}
    for arc in arcs.itertuples():
        lats, lons = great_circle(arc.from_lat, arc.from_lon, arc.to_lat, arc.to_lon)
        ys, half = mercator_y(lats), len(lats) // 2
        lats_seen += [float(lats.min()), float(lats.max())]
        lons_seen += [float(lons.min()), float(lons.max())]
        width = min(2.0 + 1.0 * arc.records, 10.0)
        for side, part in (("dalarna", slice(0, half + 1)), ("hubei", slice(half, None))):
            xs_, ys_ = lines.setdefault((side, width, bool(arc.ended)), ([], []))
            xs_ += [*np.round(lons[part], 3).tolist(), None]
            ys_ += [*np.round(ys[part], 3).tolist(), None]
        middles["x"].append(round(float(lons[half]), 3))
        middles["y"].append(round(float(ys[half]), 3))
        middles["text"].append(_arc_hover(arc, lang))
    traces = []
    for (side, width, ended), (xs, ys) in sorted(lines.items()):
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 legendgroup="links", opacity=0.25 if ended else 0.85,
                                 line={"color": SIDE_COLOURS[side], "width": width}))
    if middles["x"]:
        traces.append(go.Scatter(x=middles["x"], y=middles["y"], mode="markers", hovertext=middles["text"],
                                 hovertemplate="%{hovertext}<extra></extra>", legendgroup="links", showlegend=False,
                                 marker={"size": 16, "opacity": 0, "color": "#4d4d4d"}))
    return traces, lats_seen, lons_seen


def map_figure(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str = "en",
               as_of: int | None = None) -> go.Figure:
    """The map page's map, drawn by plotly as SVG (no WebGL, no map tiles, no request): country outlines, great-circle
    arcs between the two sides of each record (wider = more records) and the parties' places, framed by map_frame.

    With `as_of` (a year) only records up to that year are drawn, and arcs of ended agreements fade.
    """
    parts = map_parts(events, organisations, places, lang, as_of)
    located, arcs, points = parts.drawn, parts.arcs, parts.points
    xs, ys = outline_path()
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=LAND_COLOUR, hoverinfo="skip",
                               line={"color": COAST_COLOUR, "width": 0.7}, showlegend=False))
    arc_traces, arc_lats, arc_lons = _arc_traces(arcs, lang)
    fig.add_traces(arc_traces)
    for side in ("dalarna", "hubei", "other"):
        group = points[points["side"] == side]
        if group.empty:
            continue
        hover = [f"<b>{escape(p.place)}</b>: {escape(record_count(p.records, lang))}<br>"
                 + "<br>".join(escape(n) for n in more_than_shown(p.names, HOVER_NAMES, lang))
                 for p in group.itertuples()]
        fig.add_trace(go.Scatter(
            x=group["lon"], y=mercator_y(group["lat"]), mode="markers", name=side_label(side, lang),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            marker={"symbol": SIDE_SYMBOLS[side], "color": SIDE_COLOURS[side], "line": {"color": "white", "width": 1.5},
                    "size": [10 + min(int(r), 24) * 0.6 for r in group["records"]]}))
    for label in side_labels(points, lang):
        lon, lat = label["position"]
        fig.add_annotation(x=lon, y=float(mercator_y(lat)), text=f"<b>{escape(label['label'])}</b>", showarrow=False,
                           yshift=-24, font={"size": 15, "color": "#1e1e1e"}, bgcolor="rgba(255,255,255,0.8)")
    placed = located.dropna(subset=["lat"])
    lon_range, y_range = map_frame([*placed["lat"], *arc_lats], [*placed["lon"], *arc_lons])
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14}, height=MAP_HEIGHT, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        plot_bgcolor=SEA_COLOUR, paper_bgcolor=SEA_COLOUR, hovermode="closest", dragmode="pan",
        uirevision="map",  # playing the years back keeps the reader's zoom and pan
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}, "align": "left"},
        legend={"orientation": "h", "x": 0.01, "y": 0.01, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"},
        xaxis={"range": list(lon_range), "visible": False},
        yaxis={"range": list(y_range), "visible": False, "scaleanchor": "x", "scaleratio": 1, "constrain": "range"},
    )
    return fig


@dataclass(frozen=True)
class MapParts:
    """What a map is drawn from, computed once: every party named and where it is (`located`, NaN when it cannot be
    placed), the positions as drawn (`drawn`, by_city), the links and the places."""

    located: pd.DataFrame
    drawn: pd.DataFrame
    arcs: pd.DataFrame
    points: pd.DataFrame


def map_parts(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str = "en",
              as_of: int | None = None) -> MapParts:
    """The parties located, the links and the places of `events` (up to the year `as_of`, if given)."""
    if as_of is not None:
        events = events[events["year"] <= as_of]
    located = locate_parties(party_names(events), organisations, places)
    drawn = by_city(located)
    return MapParts(located, drawn, arcs_table(events, drawn, lang, as_of), points_table(events, drawn))


def unplaced_parties(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame,
                     parts: MapParts | None = None) -> list[str]:
    """Parties named in `events` that cannot be put on the map."""
    located = parts.located if parts is not None else locate_parties(party_names(events), organisations, places)
    return sorted(located[located["lat"].isna()]["name"])


def map_summary(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str = "en",
                parts: MapParts | None = None) -> str:
    """One sentence saying what the map shows."""
    parts = parts if parts is not None else map_parts(events, organisations, places, lang)
    records = len(set(chain.from_iterable(parts.arcs["ids"])))
    summary = t("map.summary", lang, places=fmt_number(len(parts.points), lang),
                arcs=fmt_number(len(parts.arcs), lang), records=fmt_number(records, lang))
    if parts.drawn is parts.located:
        return summary
    return f"{summary} " + t("map.by_city", lang, parties=fmt_number(int(parts.located["lat"].notna().sum()), lang),
                              cities=fmt_number(len(parts.points), lang))


__all__ = ["BLANK_STYLE_URL", "CITY_LEVEL_ABOVE", "MapParts", "TOOLTIP_HTML", "arcs_table", "by_city", "great_circle",
           "initial_view", "load_outlines", "locate_parties", "map_deck", "map_figure", "map_frame", "map_parts",
           "map_summary", "mercator_y", "more_than_shown", "outline_path", "party_names", "points_table",
           "tooltip_fields", "unplaced_parties"]
