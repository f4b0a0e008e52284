"""The timeline: every event by date and kind, with honest partial dates and lasting spans."""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.i18n import choice_label, fmt_date, fmt_number, join_names, labelled, t, with_note
from cooperation.schema import EVENT_KINDS
from cooperation.style import FONT_FAMILY, KIND_COLOURS, KIND_SYMBOLS, PHASE_OUT_COLOUR, date_label, escape, kind_label

MAX_LANES = 8
LANE_BAND = 0.8  # share of a kind's row the lanes may use


def assign_lanes(starts: pd.Series, ends: pd.Series, max_lanes: int = MAX_LANES) -> pd.Series:
    """Lane numbers so that intervals in one lane do not overlap (greedy; wraps past max_lanes).

    In order of start, each interval takes the lowest-numbered lane that is free (its last interval ended,
    with a gap, before this one starts), else opens a new lane. Heaps of free and busy lanes make that
    n log n instead of n times the lanes (a hundred thousand events overlap in thousands of lanes).
    """
    gap = pd.Timedelta(days=120)
    begin = _seconds(starts)
    free_from = _seconds(ends + gap)
    lanes = np.zeros(len(starts), dtype=np.int64)
    free: list[int] = []
    busy: list[tuple[float, int]] = []
    opened = 0
    for position in np.argsort(starts.to_numpy(), kind="stable").tolist():
        start = begin[position]
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
            lanes[position] = lane
        else:
            lane, opened = opened, opened + 1
            lanes[position] = lane % max_lanes
        heapq.heappush(busy, (free_from[position], lane))
    return pd.Series(lanes, index=starts.index, dtype="int64")


def _seconds(values: pd.Series) -> list[float]:
    """Datetimes as seconds (NaN for NaT, which compares false with everything, as NaT does)."""
    return (values.astype("datetime64[s]").to_numpy().astype("int64").astype(float)
            * np.where(values.isna().to_numpy(), np.nan, 1.0)).tolist()


def timeline_positions(events: pd.DataFrame) -> pd.DataFrame:
    """The events with a numeric `y` (kind row plus lane offset) and `last` (end of what is drawn)."""
    out = events.copy()
    out["last"] = out[["end", "span_end"]].max(axis=1)
    kinds = [k for k in EVENT_KINDS if k in set(out["kind"].unique())]
    out["y"] = 0.0
    for row, kind in enumerate(reversed(kinds)):
        mask = out["kind"] == kind
        lanes = assign_lanes(out.loc[mask, "start"], out.loc[mask, "last"])
        count = int(lanes.max()) + 1 if len(lanes) else 1
        step = LANE_BAND / max(count, 1)
        out.loc[mask, "y"] = row + (lanes - (count - 1) / 2) * step
    return out


# Above this many events the timeline draws counts per kind and period, not single events: tens of thousands of
# markers are megabytes over the wire and seconds in the browser, and too many to tell apart anyway.
SINGLE_EVENTS_LIMIT = 3_000
MONTHS_UP_TO_YEARS = 20  # counts per month when the events span at most this many years, else per year
DETAILED_HOVER_LIMIT = 5_000  # above this many events the hover says title and date only (a lighter chart)
WEBGL_LIMIT = 5_000  # above this many events the markers and bars are drawn with WebGL (scattergl)


def _hover(events: pd.DataFrame, lang: str, detailed: bool = True, dates: dict | None = None) -> list[str]:
    """The hover text of each event; `dates` caches date labels (one Babel call per distinct date)."""
    source_word, no_source = t("data.source", lang), t("data.no_source", lang)
    dates = {} if dates is None else dates
    parties_text: dict[tuple[tuple[str, ...], object], str] = {}
    texts = []
    for title, date, precision, parties, direction, source in zip(
            *(events[c].to_numpy(dtype=object) for c in ("title", "date", "precision", "parties", "direction",
                                                          "source")), strict=True):
        shown_date = dates.get((date, precision))
        if shown_date is None:
            shown_date = dates[(date, precision)] = escape(date_label(date, precision, lang))
        text = f"<b>{escape(title)}</b><br>{shown_date}"
        if detailed:
            direction = direction if isinstance(direction, str) and direction else None
            names = parties_text.get((parties, direction))
            if names is None:
                names = join_names(parties, lang) or "–"
                if direction:
                    names = with_note(names, choice_label("visit", "direction", direction, lang), lang)
                names = parties_text[(parties, direction)] = escape(names)
            cited = source if isinstance(source, str) else no_source
            text += f"<br>{names}<br>{escape(labelled(source_word, cited, lang))}"
        texts.append(text)
    return texts


def timeline_figure(events: pd.DataFrame, lang: str = "en", limit: int = SINGLE_EVENTS_LIMIT) -> go.Figure:
    """A figure of `events`: dots for exact days, bars for month/year dates, faint bars for spans; above `limit`
    events, counts per kind and period instead (timeline_counts_figure).

    Above WEBGL_LIMIT events the traces are WebGL (scattergl) and above DETAILED_HOVER_LIMIT the hover
    names title and date only: a hundred thousand SVG markers with full hover texts would stall the browser.
    """
    if len(events) > limit:
        return timeline_counts_figure(events, lang)
    fig = go.Figure()
    if events.empty:
        return _layout(fig, [], lang)
    placed = timeline_positions(events)
    kinds = [k for k in EVENT_KINDS if k in set(placed["kind"].unique())]
    scatter = go.Scattergl if len(placed) > WEBGL_LIMIT else go.Scatter
    detailed = len(placed) <= DETAILED_HOVER_LIMIT
    dates: dict[tuple[str, str], str] = {}
    for kind in kinds:
        rows = placed[placed["kind"] == kind]
        colour, name = KIND_COLOURS[kind], kind_label(kind, lang)
        spans = rows[rows["span_end"].notna()]
        if len(spans):
            span_name = t("timeline.legend.span", lang, kind=name)
            fig.add_trace(_segments(spans, "end", "span_end", colour, 4, 0.35, span_name, scatter=scatter))
        vague = rows[rows["precision"] != "day"]
        if len(vague):
            fig.add_trace(_segments(vague, "start", "end", colour, 12, 0.9, name, legendgroup=kind, show_legend=False,
                                    scatter=scatter))
        hover = _hover(rows, lang, detailed, dates)
        if scatter is go.Scattergl:  # arrays, not lists: plotly checks them whole, not item by item
            hover = np.array(hover, dtype=str)
        midpoints = rows["start"] + (rows["end"] - rows["start"]) / 2
        fig.add_trace(scatter(
            x=_times(midpoints, numeric=scatter is go.Scattergl), y=rows["y"], mode="markers", name=name,
            legendgroup=kind,
            marker={"symbol": KIND_SYMBOLS[kind], "size": 12, "color": colour, "line": {"width": 1, "color": "white"}},
            customdata=rows["id"] if scatter is go.Scatter else rows["id"].to_numpy(dtype=str), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    _mark_phase_out(fig, placed, lang)
    return _layout(fig, kinds, lang)


def _segments(rows: pd.DataFrame, start: str, end: str, colour: str, width: int, opacity: float, name: str,
              legendgroup: str | None = None, show_legend: bool = True, scatter: type = go.Scatter) -> go.Scatter:
    """One line trace of every row's bar from `start` to `end` at its height (a gap between bars)."""
    if scatter is go.Scattergl:  # numbers (milliseconds, NaN between bars) travel as compact typed arrays
        xs = np.full(3 * len(rows), np.nan)
        xs[0::3], xs[1::3] = _times(rows[start], numeric=True), _times(rows[end], numeric=True)
        ys = np.full(3 * len(rows), np.nan)
        ys[0::3] = ys[1::3] = rows["y"].to_numpy(dtype=float)
        return scatter(x=xs, y=ys, mode="lines", name=name, legendgroup=legendgroup or name, showlegend=show_legend,
                       line={"color": colour, "width": width}, opacity=opacity, hoverinfo="skip")
    xs = np.empty(3 * len(rows), dtype=object)
    xs[0::3] = list(rows[start])
    xs[1::3] = list(rows[end])
    xs[2::3] = None
    ys = np.empty(3 * len(rows), dtype=object)
    ys[0::3] = ys[1::3] = rows["y"].to_numpy(dtype=float)
    ys[2::3] = None
    return scatter(x=list(xs), y=list(ys), mode="lines", name=name, legendgroup=legendgroup or name,
                   showlegend=show_legend, line={"color": colour, "width": width}, opacity=opacity, hoverinfo="skip")


def _times(values: pd.Series, numeric: bool) -> pd.Series | np.ndarray:
    """Datetimes as they are, or as milliseconds since 1970 (a date axis reads both; numbers are compact)."""
    if not numeric:
        return values
    return values.astype("datetime64[ms]").to_numpy().astype("int64").astype(float)


def _mark_phase_out(fig: go.Figure, events: pd.DataFrame, lang: str) -> None:
    """Shade the phase-out: from the decision to end the partnership to its recorded end."""
    milestones = events[events["kind"] == "milestone"]
    decisions = milestones[milestones["subtype"] == "decision"]
    endings = milestones[milestones["subtype"] == "termination"]
    if decisions.empty:
        return
    start = decisions["start"].min()
    end = endings["end"].max() if len(endings) else start + pd.Timedelta(days=30)
    fig.add_vrect(x0=start, x1=end, fillcolor=PHASE_OUT_COLOUR, line_width=0, layer="below",
                  annotation_text=t("timeline.phase_out", lang), annotation_position="top left")


def _layout(fig: go.Figure, kinds: list[str], lang: str) -> go.Figure:
    rows = list(reversed(kinds))
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        height=max(320, 130 * len(kinds) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        hovermode="closest",
        legend={"orientation": "h", "y": 1.08, "x": 0},
        plot_bgcolor="white",
        # whole years on the axis: plotly's month names would stay English in every language
        xaxis={"title": t("timeline.axis.date", lang), "type": "date", "showgrid": True, "gridcolor": "#e5e5e5",
               "tickformat": "%Y", "dtick": "M12"},
        yaxis={"tickmode": "array", "tickvals": list(range(len(rows))),
               "ticktext": [kind_label(k, lang) for k in rows], "range": [-0.6, max(len(rows) - 0.4, 0.6)],
               "zeroline": False, "showgrid": False},
    )
    return fig


def timeline_summary(events: pd.DataFrame, lang: str = "en") -> str:
    """One sentence saying what the timeline shows."""
    if events.empty:
        return t("timeline.empty", lang)
    counts = events["kind"].value_counts()
    breakdown = join_names((f"{fmt_number(int(counts[k]), lang)} × {kind_label(k, lang)}" for k in EVENT_KINDS
                            if k in counts), lang)
    ordered = events.sort_values("start", kind="stable")
    first, last = ordered.iloc[0], ordered.iloc[-1]
    return t("timeline.summary", lang, count=fmt_number(len(events), lang),
             first=fmt_date(first["date"], first["precision"], lang),
             last=fmt_date(last["date"], last["precision"], lang), breakdown=breakdown)


def counting_period(events: pd.DataFrame) -> str:
    """'month' or 'year': the period timeline_counts_figure counts by (years for a long span of time)."""
    if events.empty:
        return "month"
    years = int(events["end"].max().year) - int(events["start"].min().year) + 1
    return "month" if years <= MONTHS_UP_TO_YEARS else "year"


def timeline_counts(events: pd.DataFrame, period: str) -> pd.DataFrame:
    """Events counted per kind, period (its first day, `start`) and whether the date is known only to the year
    (`year_only`): with counts per month, an event of 2013 belongs to no month and is counted per year apart."""
    year_only = (events["precision"] == "year").to_numpy(dtype=bool) if period == "month" else \
        np.zeros(len(events), dtype=bool)
    starts = events["start"].to_numpy(dtype="datetime64[ns]")
    binned = np.where(year_only | (period == "year"), starts.astype("datetime64[Y]").astype("datetime64[ns]"),
                      starts.astype("datetime64[M]").astype("datetime64[ns]"))
    frame = pd.DataFrame({"kind": events["kind"].to_numpy(dtype=object), "year_only": year_only, "start": binned})
    return frame.groupby(["kind", "year_only", "start"], sort=True).size().rename("count").reset_index()


def summary_notice(events: pd.DataFrame, lang: str, limit: int = SINGLE_EVENTS_LIMIT) -> str | None:
    """What the screen says when the timeline draws counts instead of single events (None when it does not)."""
    if len(events) <= limit:
        return None
    return t(f"timeline.counts.{counting_period(events)}", lang, count=fmt_number(len(events), lang))


def timeline_counts_figure(events: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Counts of `events` per kind (a row each, as on the timeline) and month or year (counting_period), as heat
    strips in the kind's colour: with counts per month, dates known only to the year get a thinner strip of their
    own under the kind's, each cell spanning its whole year (never a made-up month). The hover gives kind, period
    and count; the phase-out is shaded as on the timeline."""
    fig = go.Figure()
    period = counting_period(events)
    counts = timeline_counts(events, period)
    kinds = [k for k in EVENT_KINDS if k in set(counts["kind"])]
    rows = list(reversed(kinds))
    tickvals, ticktext = [], []
    for row, kind in enumerate(rows):
        own = counts[counts["kind"] == kind]
        split = bool(own["year_only"].any())  # a thinner strip under the kind's for dates known only to the year
        for year_only in (False, True):
            cells = own[own["year_only"] == year_only]
            if cells.empty:
                continue
            low, high = (row - 0.4, row - 0.12) if year_only else (row - 0.05 if split else row - 0.4, row + 0.4)
            fig.add_trace(_strip(cells, "year" if year_only or period == "year" else "month", kind, low, high,
                                 year_only, lang))
            tickvals.append((low + high) / 2)
            ticktext.append(t("precision.year", lang) if year_only else kind_label(kind, lang))
    _mark_phase_out(fig, events, lang)
    _layout(fig, kinds, lang)
    fig.update_layout(barmode="overlay", bargap=0, yaxis={"tickvals": tickvals, "ticktext": ticktext})
    return fig


def _strip(cells: pd.DataFrame, step: str, kind: str, low: float, high: float, year_only: bool, lang: str
           ) -> go.Bar:
    """One row of cells, each from its period's first day to the next's, shaded by its count (bars standing on
    `low`, `high - low` tall: a heat strip that a browser draws as quickly as any bar chart)."""
    starts = pd.DatetimeIndex(cells["start"])
    ends = starts + (pd.offsets.YearBegin() if step == "year" else pd.offsets.MonthBegin())
    written = "%Y" if step == "year" else "%Y-%m"
    label = date_label if year_only else fmt_date  # a year-only strip says so: '2013 (year only)'
    texts = [t("timeline.counts.hover", lang, kind=escape(kind_label(kind, lang)),
               period=escape(label(when.strftime(written), step, lang)), count=fmt_number(int(n), lang))
             for when, n in zip(starts, cells["count"], strict=True)]
    colour = KIND_COLOURS[kind]
    return go.Bar(x=starts + (ends - starts) / 2, y=np.full(len(cells), high - low), base=low,
                  width=((ends - starts) / pd.Timedelta(milliseconds=1)).to_numpy(), hovertext=texts,
                  hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
                  marker={"color": cells["count"].to_numpy(), "colorscale": [[0, _tint(colour)], [1, colour]],
                          "cmin": 0, "line": {"width": 0}})


def _tint(colour: str, share: float = 0.15) -> str:
    """`colour` mixed with white: `share` of the colour (the fewest events are still seen)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in (red, green, blue))


__all__ = ["SINGLE_EVENTS_LIMIT", "assign_lanes", "counting_period", "per_year_figure", "summary_notice",
           "timeline_counts", "timeline_counts_figure", "timeline_figure", "timeline_positions", "timeline_summary"]


def per_year_figure(counts: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Stacked bars of records per year and kind (counts from metrics.records_per_year)."""
    fig = go.Figure()
    for kind in EVENT_KINDS:
        rows = counts[counts["kind"] == kind]
        if rows.empty:
            continue
        fig.add_trace(go.Bar(x=rows["year"], y=rows["count"], name=kind_label(kind, lang),
                             marker={"color": KIND_COLOURS[kind], "pattern": {"shape": _PATTERNS[kind]}},
                             hovertemplate="%{x}: %{y}<extra>" + kind_label(kind, lang) + "</extra>"))
    fig.update_layout(barmode="stack", font={"family": FONT_FAMILY, "size": 14}, height=320,
                      margin={"l": 10, "r": 10, "t": 30, "b": 30}, plot_bgcolor="white",
                      legend={"orientation": "h", "y": 1.12, "x": 0},
                      xaxis={"dtick": 1, "tickformat": "d"}, yaxis={"gridcolor": "#e5e5e5", "rangemode": "tozero"})
    return fig


_PATTERNS = {"agreement": "", "visit": "/", "deal": "x", "milestone": "."}
