"""The timeline: every event by date and kind, with honest partial dates and lasting spans."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cooperation.i18n import fmt_date, t
from cooperation.schema import EVENT_KINDS
from cooperation.style import FONT_FAMILY, KIND_COLOURS, KIND_SYMBOLS, PHASE_OUT_COLOUR, date_label, escape, kind_label

MAX_LANES = 8
LANE_BAND = 0.8  # share of a kind's row the lanes may use


def assign_lanes(starts: pd.Series, ends: pd.Series, max_lanes: int = MAX_LANES) -> pd.Series:
    """Lane numbers so that intervals in one lane do not overlap (greedy; wraps past max_lanes)."""
    lane_free_from: list[pd.Timestamp] = []
    lanes = pd.Series(0, index=starts.index, dtype="int64")
    gap = pd.Timedelta(days=120)
    for index in starts.sort_values(kind="stable").index:
        start, end = starts[index], ends[index]
        for lane, free_from in enumerate(lane_free_from):
            if start >= free_from:
                lane_free_from[lane] = end + gap
                lanes[index] = lane
                break
        else:
            lane_free_from.append(end + gap)
            lanes[index] = (len(lane_free_from) - 1) % max_lanes
    return lanes


def timeline_positions(events: pd.DataFrame) -> pd.DataFrame:
    """The events with a numeric `y` (kind row plus lane offset) and `last` (end of what is drawn)."""
    out = events.copy()
    out["last"] = out[["end", "span_end"]].max(axis=1)
    kinds = [k for k in EVENT_KINDS if k in set(out["kind"])]
    out["y"] = 0.0
    for row, kind in enumerate(reversed(kinds)):
        mask = out["kind"] == kind
        lanes = assign_lanes(out.loc[mask, "start"], out.loc[mask, "last"])
        count = int(lanes.max()) + 1 if len(lanes) else 1
        step = LANE_BAND / max(count, 1)
        out.loc[mask, "y"] = row + (lanes - (count - 1) / 2) * step
    return out


def _hover(events: pd.DataFrame, lang: str) -> list[str]:
    texts = []
    for e in events.itertuples():
        parties = escape(", ".join(e.parties)) or "–"
        if isinstance(e.direction, str) and e.direction:
            parties += f" ({t(f'direction.{e.direction}', lang)})"
        source = escape(e.source) or t("data.no_source", lang)
        texts.append(
            f"<b>{escape(e.title)}</b><br>{escape(date_label(e.date, e.precision, lang))}"
            f"<br>{parties}<br>{t('data.source', lang)}: {source}"
        )
    return texts


def timeline_figure(events: pd.DataFrame, lang: str = "en") -> go.Figure:
    """A figure of `events`: dots for exact days, bars for month/year dates, faint bars for spans."""
    fig = go.Figure()
    if events.empty:
        return _layout(fig, [], lang)
    placed = timeline_positions(events)
    kinds = [k for k in EVENT_KINDS if k in set(placed["kind"])]
    for kind in kinds:
        rows = placed[placed["kind"] == kind]
        colour, name = KIND_COLOURS[kind], kind_label(kind, lang)
        spans = rows[rows["span_end"].notna()]
        if len(spans):
            span_name = t("timeline.legend.span", lang, kind=name)
            fig.add_trace(_segments(spans, "end", "span_end", colour, 4, 0.35, span_name))
        vague = rows[rows["precision"] != "day"]
        if len(vague):
            fig.add_trace(_segments(vague, "start", "end", colour, 12, 0.9, name, legendgroup=kind, show_legend=False))
        hover = _hover(rows, lang)
        midpoints = rows["start"] + (rows["end"] - rows["start"]) / 2
        fig.add_trace(go.Scatter(
            x=midpoints, y=rows["y"], mode="markers", name=name, legendgroup=kind,
            marker={"symbol": KIND_SYMBOLS[kind], "size": 12, "color": colour, "line": {"width": 1, "color": "white"}},
            customdata=rows["id"], hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    _mark_phase_out(fig, placed, lang)
    return _layout(fig, kinds, lang)


def _segments(rows: pd.DataFrame, start: str, end: str, colour: str, width: int, opacity: float, name: str,
              legendgroup: str | None = None, show_legend: bool = True) -> go.Scatter:
    xs: list[object] = []
    ys: list[object] = []
    for row in rows.itertuples():
        xs += [getattr(row, start), getattr(row, end), None]
        ys += [row.y, row.y, None]
    return go.Scatter(x=xs, y=ys, mode="lines", name=name, legendgroup=legendgroup or name, showlegend=show_legend,
                      line={"color": colour, "width": width}, opacity=opacity, hoverinfo="skip")


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
        return t("data.none_match", lang)
    counts = events["kind"].value_counts()
    breakdown = ", ".join(f"{counts[k]} × {kind_label(k, lang)}" for k in EVENT_KINDS if k in counts)
    ordered = events.sort_values("start", kind="stable")
    first, last = ordered.iloc[0], ordered.iloc[-1]
    return t("timeline.summary", lang, count=len(events), first=fmt_date(first["date"], first["precision"], lang),
             last=fmt_date(last["date"], last["precision"], lang), breakdown=breakdown)


__all__ = ["assign_lanes", "per_year_figure", "timeline_figure", "timeline_positions", "timeline_summary"]


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
