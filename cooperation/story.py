"""Story mode: the events grouped into moments, one slide per moment, built from the data alone.

How events become moments (kept simple so that an analyst can predict it):

1. Events dated to the day or the month are taken in date order; an event joins the current moment when it
   starts at most `MOMENT_DAYS` (60) days after the moment's first event, else it opens a new moment.
2. An event known only to the year joins the biggest dated moment of that year (the earliest if tied);
   a year with no dated moment gets one moment holding all its year-only events.
3. Moments are shown in time order. A slide shows its moment's events, everything up to it on the map
   and the timeline, and the moment's sources.
4. The headline of a single event is its title; of several, a summary of their kinds ("4 agreements, a visit
   and a deal") and the title of the main event: the most precisely dated, then the one naming most parties.

Adding a record therefore adds a slide, or grows one, with no change in the code.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from cooperation.dataset import split_sources
from cooperation.geo import arcs_table, initial_view, load_outlines, locate_parties, map_deck, points_table
from cooperation.i18n import fmt_date, language, t
from cooperation.schema import EVENT_KINDS
from cooperation.style import SIDE_RGB, date_label
from cooperation.timeline import timeline_figure, timeline_positions

MOMENT_DAYS = 60
ADVANCE_SECONDS = 8  # while playing
MAP_WIDTH_PX, MAP_HEIGHT_PX = 320, 360  # a little under the story map's size at 1280×720: the view must fit it
MAX_ZOOM = 3.5
HIGHLIGHT_RGB = [0, 0, 0]
NO_OUTLINES: dict = {"type": "FeatureCollection", "features": []}
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_KIND_RANK = {kind: rank for rank, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True, eq=False)
class Slide:
    """One moment of the story: what happened, when, and what it rests on."""

    number: int  # 1-based position in the story
    start: pd.Timestamp  # first day the moment may mean
    end: pd.Timestamp  # last day the moment may mean
    date_label: str  # the moment's date in the chosen language, as precise as the data allows
    summary: str  # what kinds of event the moment holds: "4 agreements, a visit and a deal"
    title: str  # the title of the moment's main event
    headline: str  # the title for one event; the summary and the main title for several
    main_id: str  # id of the main event
    events: pd.DataFrame  # the moment's events, in date order
    ids: tuple[str, ...]  # ids of the moment's events
    upto_ids: tuple[str, ...]  # ids of every event up to and including this moment
    sources: tuple[str, ...]  # the moment's sources, each once, in the order of its events


def group_moments(events: pd.DataFrame, days: int = MOMENT_DAYS) -> list[list[object]]:
    """The events' index labels grouped into moments (see the module's docstring), in time order."""
    if events.empty:
        return []
    ordered = events.sort_values(["start", "kind", "id"], kind="stable")
    dated = ordered[ordered["precision"] != "year"]
    moments: list[list[object]] = []
    first_start: pd.Timestamp | None = None
    for label, start in zip(dated.index, dated["start"], strict=True):
        if first_start is None or (start - first_start).days > days:
            moments.append([])
            first_start = start
        moments[-1].append(label)
    by_year: dict[int, list[object]] = {}
    for moment in moments:  # the biggest moment of each year, the earliest when tied
        for year in sorted({int(events.at[label, "year"]) for label in moment}):
            best = by_year.get(year)
            if best is None or len(moment) > len(best):
                by_year[year] = moment
    year_only: dict[int, list[object]] = {}
    for label, year in zip(ordered.index, ordered["year"], strict=True):
        if ordered.at[label, "precision"] != "year":
            continue
        target = by_year.get(int(year))
        if target is not None:
            target.append(label)
        else:
            year_only.setdefault(int(year), []).append(label)
    moments.extend(year_only.values())

    def anchor(moment: list[object]) -> pd.Timestamp:
        exact = [events.at[label, "start"] for label in moment if events.at[label, "precision"] != "year"]
        return min(exact) if exact else min(events.at[label, "start"] for label in moment)

    return sorted(moments, key=anchor)


def main_event(moment: pd.DataFrame) -> pd.Series:
    """The event that names the moment: the most precisely dated, then the one naming most parties."""
    ranked = moment.assign(
        _precision=moment["precision"].map(_PRECISION_RANK).fillna(3),
        _parties=-moment["parties"].map(len),
        _kind=moment["kind"].map(_KIND_RANK).fillna(len(_KIND_RANK)),
    ).sort_values(["_precision", "_parties", "_kind", "start", "id"], kind="stable")
    return moment.loc[ranked.index[0]]


def kinds_summary(kinds: pd.Series, lang: str) -> str:
    """'4 agreements, a visit and a deal' in `lang`, kinds in their usual order, first letter capital."""
    counts = kinds.value_counts()
    parts = []
    for kind in EVENT_KINDS:
        count = int(counts.get(kind, 0))
        if count == 1:
            parts.append(t(f"story.count.{kind}.one", lang))
        elif count > 1:
            parts.append(t(f"story.count.{kind}.many", lang, n=count))
    if not parts:
        return ""
    text = parts[0] if len(parts) == 1 else (
        t("story.list_separator", lang).join(parts[:-1]) + t("story.list_and", lang) + parts[-1])
    return text[:1].upper() + text[1:]


def moment_date_label(moment: pd.DataFrame, lang: str) -> str:
    """The moment's date: one event's date with its precision; else the day, month or range it covers."""
    if len(moment) == 1:
        event = moment.iloc[0]
        return date_label(event["date"], event["precision"], lang)
    dated = moment[moment["precision"] != "year"]
    if dated.empty:
        return date_label(str(int(moment["year"].iloc[0])), "year", lang)
    if len(dated) == 1:
        event = dated.iloc[0]
        return date_label(event["date"], event["precision"], lang)
    first, last = dated.sort_values("start").iloc[0], dated.sort_values("end").iloc[-1]
    if (dated["precision"] == "day").all() and dated["start"].nunique() == 1:
        return fmt_date(first["date"], "day", lang)
    if dated["start"].dt.to_period("M").nunique() == 1:
        return fmt_date(first["start"].strftime("%Y-%m"), "month", lang)
    return f"{fmt_date(first['date'], first['precision'], lang)} – {fmt_date(last['date'], last['precision'], lang)}"


def unique_sources(moment: pd.DataFrame) -> tuple[str, ...]:
    """Every source of the moment's events, each once, in the order of the events."""
    return tuple(dict.fromkeys(source for value in moment["source"] for source in split_sources(value)))


def story_slides(events: pd.DataFrame, lang: str = "en") -> list[Slide]:
    """One slide per moment of `events` (see the module's docstring), oldest first, texts in `lang`."""
    lang = language(lang)
    slides: list[Slide] = []
    upto: list[str] = []
    for number, labels in enumerate(group_moments(events), start=1):
        moment = events.loc[labels].sort_values(["start", "kind", "id"], kind="stable")
        main = main_event(moment)
        summary = kinds_summary(moment["kind"], lang)
        title = str(main["title"])
        headline = title if len(moment) == 1 else t("story.headline", lang, summary=summary, title=title)
        ids = tuple(str(i) for i in moment["id"])
        upto.extend(ids)
        slides.append(Slide(
            number=number, start=moment["start"].min(), end=moment["end"].max(),
            date_label=moment_date_label(moment, lang), summary=summary, title=title, headline=headline,
            main_id=str(main["id"]), events=moment, ids=ids, upto_ids=tuple(upto), sources=unique_sources(moment),
        ))
    return slides


def events_upto(events: pd.DataFrame, slide: Slide) -> pd.DataFrame:
    """The events shown on `slide`'s map and timeline: its moment and every moment before it."""
    return events[events["id"].isin(slide.upto_ids)]


def _mercator_y(lat: float) -> float:
    """Latitude as a Web Mercator ordinate, in degrees of longitude (so that both axes compare)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def focus_view(located: pd.DataFrame, width_px: int = MAP_WIDTH_PX, height_px: int = MAP_HEIGHT_PX) -> pdk.ViewState:
    """A view that fits the placed parties into a map of about `width_px` × `height_px`.

    A moment on both sides shows both ends; a moment on one side only is seen closer, though not so close that
    the coarse outlines lose their shape (zoom at most MAX_ZOOM: Scandinavia for Dalarna).
    """
    placed = located.dropna(subset=["lat"])
    if placed.empty:
        return initial_view(placed)
    lats, lons = list(placed["lat"]), list(placed["lon"])
    ys = [_mercator_y(lat) for lat in lats]
    lon_span, y_span = max(lons) - min(lons), max(ys) - min(ys)
    pixels_per_degree = min(width_px * 0.8 / max(lon_span, 1e-6), height_px * 0.7 / max(y_span, 1e-6))
    zoom = min(max(math.log2(pixels_per_degree * 360 / 512), 0.5), MAX_ZOOM)
    middle_y = (max(ys) + min(ys)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(math.radians(middle_y))) - math.pi / 2)
    return pdk.ViewState(latitude=latitude, longitude=(max(lons) + min(lons)) / 2, zoom=round(zoom, 2), pitch=0)


@lru_cache(maxsize=1)
def outlines_data_url() -> str:
    """The country outlines as one data: URL, which deck.gl reads without any request.

    Passed as an object, pydeck writes the outlines as indented JSON of about 1.1 MB on every slide; as a
    data: URL they take about 0.26 MB and deck.gl keeps them loaded while the URL stays the same, so a slide
    changes in about a third of a second instead of more than one.
    """
    text = json.dumps(load_outlines(), separators=(",", ":"), ensure_ascii=False)
    return "data:application/json;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def story_deck(upto: pd.DataFrame, moment: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame,
               lang: str = "en", width_px: int = MAP_WIDTH_PX) -> pdk.Deck:
    """The map of everything up to a moment (earlier arcs faded), the moment's arcs and places outlined
    in black, and the view focused on the moment's places for a map about `width_px` wide."""
    deck = map_deck(upto, organisations, places, lang, outlines=NO_OUTLINES)
    names = {p for parties in moment["parties"] for p in parties}
    located = locate_parties(names, organisations, places)
    arcs = arcs_table(moment, located, lang)
    points = points_table(moment, located)
    for layer in deck.layers:
        if layer.id == "outlines":
            layer.data = outlines_data_url()
        if layer.id == "arcs":  # what came before stays on the map, quieter
            layer.get_source_color = SIDE_RGB["dalarna"] + [90]
            layer.get_target_color = SIDE_RGB["hubei"] + [90]
    now_arcs = [{"source": [a.from_lon, a.from_lat], "target": [a.to_lon, a.to_lat], "width": 5 + 2 * a.records}
                for a in arcs.itertuples()]
    rings = [{"position": [p.lon, p.lat], "radius": 14 + min(p.records, 24)} for p in points.itertuples()]
    highlight = [
        pdk.Layer("ArcLayer", now_arcs, id="moment-arcs", get_source_position="source",
                  get_target_position="target", get_source_color=SIDE_RGB["dalarna"] + [255],
                  get_target_color=SIDE_RGB["hubei"] + [255], get_width="width", great_circle=True, pickable=False),
        pdk.Layer("ScatterplotLayer", rings, id="moment-places", get_position="position", get_radius="radius",
                  radius_units="'pixels'", filled=False, stroked=True, get_line_color=HIGHLIGHT_RGB,
                  line_width_min_pixels=3, pickable=False),
    ]
    labels_at = next((i for i, layer in enumerate(deck.layers) if layer.id == "labels"), len(deck.layers))
    deck.layers[labels_at:labels_at] = highlight
    if not located.dropna(subset=["lat"]).empty:
        deck.initial_view_state = focus_view(located, width_px=width_px)
    return deck


def story_timeline(upto: pd.DataFrame, moment_ids: tuple[str, ...], lang: str = "en",
                   period: tuple[pd.Timestamp, pd.Timestamp] | None = None, height: int | None = 340,
                   until: pd.Timestamp | None = None) -> go.Figure:
    """The timeline of everything up to a moment, the moment's events ringed, on the whole story's period.

    Spans that last beyond `until` (the moment's end) are cut there: the slide does not tell what comes later.
    `height=None` leaves the height to the chart's container.
    """
    if until is not None:
        later = upto["span_end"].notna() & (upto["span_end"] > until)
        upto = upto.assign(span_end=upto["span_end"].mask(later, until))
    fig = timeline_figure(upto, lang)
    placed = timeline_positions(upto)
    now = placed[placed["id"].isin(moment_ids)]
    if len(now):
        fig.add_trace(go.Scatter(
            x=now["start"] + (now["end"] - now["start"]) / 2, y=now["y"], mode="markers", showlegend=False,
            hoverinfo="skip", name=t("story.now", lang),
            marker={"symbol": "circle-open", "size": 26, "color": "black", "line": {"width": 3}},
        ))
    # the rows already name the kinds, and the list beside the chart shows their marks: no legend needed
    fig.update_layout(height=height, autosize=True, showlegend=False, font={"size": 17},
                      margin={"l": 10, "r": 10, "t": 34, "b": 30})
    fig.update_xaxes(title=None, dtick="M24", tickangle=0, tickfont={"size": 18, "color": "#000"})
    fig.update_yaxes(tickfont={"size": 18, "color": "#000"})
    # the phase-out's label ends where the phase-out begins, so that it stays inside the chart
    fig.update_annotations(selector={"text": t("timeline.phase_out", lang)}, xanchor="right",
                           font={"size": 16, "color": "#7a3300"})
    if period is not None:
        first, last = period
        fig.update_xaxes(range=[first - pd.Timedelta(days=300), last + pd.Timedelta(days=300)])
    return fig


def story_period(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The whole story's first and last day, so that every slide's timeline has the same axis."""
    return events["start"].min(), events[["end", "span_end"]].max(axis=1).max()


__all__ = ["ADVANCE_SECONDS", "MAP_HEIGHT_PX", "MAP_WIDTH_PX", "MAX_ZOOM", "MOMENT_DAYS", "Slide", "events_upto",
           "focus_view", "group_moments", "kinds_summary", "main_event", "moment_date_label", "outlines_data_url",
           "story_deck", "story_period", "story_slides", "story_timeline", "unique_sources"]
