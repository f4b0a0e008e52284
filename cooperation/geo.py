"""The map: places of the parties and great-circle arcs between the two sides of each record."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk

from cooperation.i18n import fmt_date, labelled, t
from cooperation.style import SIDE_RGB, side_label

BLANK_STYLE_URL = "/app/static/blank_style.json"
OUTLINES_FILE = Path(__file__).resolve().parent.parent / "data" / "geo" / "countries-110m.geojson"
ENDED_ALPHA = 45  # arcs whose agreements have all ended stay visible but faint
FALLBACK_PLACE = {"dalarna": "Dalarna"}  # a Dalarna party with no known city sits at the county's centre


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
            candidates = [org.get("city") if org is not None else None, name, FALLBACK_PLACE.get(side)]
            for candidate in candidates:
                place = place_by_name.get(str(candidate).casefold()) if isinstance(candidate, str) else None
                if place is not None:
                    lat, lon, place_name = float(place["lat"]), float(place["lon"]), place["name"]
                    break
        rows.append({"name": name, "side": side, "place": place_name, "lat": lat, "lon": lon})
    return pd.DataFrame(rows, columns=["name", "side", "place", "lat", "lon"])


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
    """One row per pair of positions joined by records: from/to coordinates, record count and titles.

    With `as_of` (a year) an arc is `ended` when every record on it is an agreement ended before that year.
    """
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
                if record_id not in link["ids"]:
                    link["ids"].add(record_id)
                    label = dates.get((date, precision))
                    if label is None:
                        label = dates[(date, precision)] = fmt_date(date, precision, lang)
                    link["titles"].append(labelled(label, title, lang))
                link["parties"].update((d, h))
    rows = []
    for ((lat1, lon1, place1), (lat2, lon2, place2)), link in links.items():
        rows.append({
            "from_place": place1, "to_place": place2, "from_lat": lat1, "from_lon": lon1, "to_lat": lat2,
            "to_lon": lon2, "records": len(link["ids"]), "ids": sorted(link["ids"]), "titles": link["titles"],
            "parties": sorted(link["parties"]), "ended": link["ids"] <= ended_ids,
        })
    columns = ["from_place", "to_place", "from_lat", "from_lon", "to_lat", "to_lon", "records", "ids", "titles",
               "parties", "ended"]
    return pd.DataFrame(rows, columns=columns).sort_values("records", ascending=False, kind="stable")


def points_table(events: pd.DataFrame, located: pd.DataFrame) -> pd.DataFrame:
    """One row per position: the parties there and how many records name any of them."""
    ids_by_party: dict[str, set[str]] = {}
    for record_id, parties in zip(events["id"].to_numpy(dtype=object), events["parties"].to_numpy(), strict=True):
        for party in parties:
            ids_by_party.setdefault(party, set()).add(record_id)
    rows = []
    placed = located.dropna(subset=["lat"])
    placed = placed[placed["name"].isin(ids_by_party)]
    for (lat, lon), group in placed.groupby(["lat", "lon"], sort=False):
        ids = set().union(*(ids_by_party[name] for name in group["name"]))
        rows.append({"lat": lat, "lon": lon, "place": group["place"].iloc[0], "side": group["side"].iloc[0],
                     "records": len(ids), "names": list(group["name"])})
    return pd.DataFrame(rows, columns=["lat", "lon", "place", "side", "records", "names"])


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
    records_word = t("map.tooltip.records", lang)
    arc_data = [{
        "source": [a.from_lon, a.from_lat], "target": [a.to_lon, a.to_lat], "width": 1.5 + 1.5 * a.records,
        "source_colour": SIDE_RGB["dalarna"] + [ENDED_ALPHA if a.ended else 220],
        "target_colour": SIDE_RGB["hubei"] + [ENDED_ALPHA if a.ended else 220],
        **tooltip_fields(f"{_text(a.from_place)} – {_text(a.to_place)}", f"{a.records} {records_word}",
                         a.titles[:8]),
    } for a in arcs.itertuples()]
    point_data = [{
        "position": [p.lon, p.lat], "radius": 6 + min(p.records, 24),
        "colour": SIDE_RGB.get(p.side, SIDE_RGB["other"]),
        **tooltip_fields(_text(p.place), f"{p.records} {records_word}", p.names),
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


def unplaced_parties(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame) -> list[str]:
    """Parties named in `events` that cannot be put on the map."""
    names = {p for parties in events["parties"] for p in parties}
    located = locate_parties(names, organisations, places)
    return sorted(located[located["lat"].isna()]["name"])


def map_summary(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str = "en") -> str:
    """One sentence saying what the map shows."""
    names = {p for parties in events["parties"] for p in parties}
    located = locate_parties(names, organisations, places)
    arcs = arcs_table(events, located)
    points = points_table(events, located)
    records = len({i for ids in arcs["ids"] for i in ids})
    return t("map.summary", lang, places=len(points), arcs=len(arcs), records=records)


__all__ = ["BLANK_STYLE_URL", "TOOLTIP_HTML", "arcs_table", "initial_view", "load_outlines", "locate_parties",
           "map_deck", "map_summary", "points_table", "tooltip_fields", "unplaced_parties"]
