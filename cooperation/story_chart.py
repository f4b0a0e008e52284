"""The story's timeline: everything up to a moment on the whole story's axis, the moment's events marked and
labelled on the chart (numbers that match the slide's list), every text large enough for a projector."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cooperation.i18n import fmt_date, t
from cooperation.story import display_width
from cooperation.style import KIND_COLOURS, KIND_SYMBOLS, escape
from cooperation.timeline import timeline_figure, timeline_positions

CHART_TEXT_PX = 20  # every text of the chart: a projector needs 20 px at least
MIN_PLOT_PX = 480  # about the narrowest the slide draws the chart's plot (at 1280×720): callouts are spaced for it
CALLOUT_PX = 38  # room for one numbered callout
MARGIN_DAYS = 300  # the axis runs this far beyond the story's first and last day
PHASE_OUT_KEY = "rgba(213, 94, 0, 0.35)"  # the phase-out's shading, a little stronger: its key in the label


def story_period(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The whole story's first and last day, so that every slide's timeline has the same axis."""
    return events["start"].min(), events[["end", "span_end"]].max(axis=1).max()


def callout_texts(moment: pd.DataFrame, lang: str) -> list[str]:
    """What labels each of the moment's events on the chart: its number in the slide's list (1, 2, …); a moment
    of one event is labelled with its date instead."""
    if len(moment) == 1:
        event = moment.iloc[0]
        return [fmt_date(event["date"], event["precision"], lang)]
    return [str(number) for number in range(1, len(moment) + 1)]


def callout_positions(xs: list[pd.Timestamp], ys: list[float], axis: tuple[pd.Timestamp, pd.Timestamp],
                      widths_px: list[float]) -> list[pd.Timestamp]:
    """Where the callouts sit in their row above the plot: side by side, centred on the events, never beyond the
    axis (widths in px on a plot MIN_PLOT_PX wide). The highest event takes the middle place and lower ones the
    places further out, alternately left and right, so that no two leader lines cross."""
    first, last = axis
    day_px = MIN_PLOT_PX / max((last - first).days, 1)
    order = sorted(range(len(xs)), key=lambda i: (-ys[i], xs[i]))  # highest first
    middle = (len(xs) - 1) / 2
    slots = sorted(range(len(xs)), key=lambda slot: (abs(slot - middle), slot))  # the middle first, then outwards
    slot_of = dict(zip(order, slots, strict=True))
    widths = [widths_px[i] for i in sorted(range(len(xs)), key=slot_of.__getitem__)]
    total = sum(widths)
    centre = min(xs) + (max(xs) - min(xs)) / 2
    start = centre - pd.Timedelta(days=total / 2 / day_px)
    start = min(max(start, first), last - pd.Timedelta(days=total / day_px))
    centres, offset = [], 0.0
    for width in widths:
        centres.append(start + pd.Timedelta(days=(offset + width / 2) / day_px))
        offset += width
    return [centres[slot_of[i]] for i in range(len(xs))]


def story_timeline(upto: pd.DataFrame, moment_ids: tuple[str, ...], lang: str = "en",
                   period: tuple[pd.Timestamp, pd.Timestamp] | None = None, height: int | None = 340,
                   until: pd.Timestamp | None = None) -> go.Figure:
    """The timeline of everything up to a moment on the whole story's period, the moment's events drawn bold and
    labelled above the chart (callout_texts), a thin line from each label to its event.

    Spans that last beyond `until` (the moment's end) are cut there: the slide does not tell what comes later.
    `height=None` leaves the height to the chart's container.
    """
    if until is not None:
        later = upto["span_end"].notna() & (upto["span_end"] > until)
        upto = upto.assign(span_end=upto["span_end"].mask(later, until))
    fig = timeline_figure(upto, lang)
    first, last = period if period is not None else story_period(upto)
    axis = (first - pd.Timedelta(days=MARGIN_DAYS), last + pd.Timedelta(days=MARGIN_DAYS))
    placed = timeline_positions(upto)
    now = placed.set_index("id").reindex([i for i in moment_ids if i in set(placed["id"])]).reset_index()
    if len(now):
        xs = list(now["start"] + (now["end"] - now["start"]) / 2)
        for kind, rows in now.assign(x=xs).groupby("kind", sort=False):
            fig.add_trace(go.Scatter(
                x=rows["x"], y=rows["y"], mode="markers", showlegend=False, hoverinfo="skip", name=t("story.now", lang),
                marker={"symbol": KIND_SYMBOLS.get(kind, "circle"), "size": 17, "color": KIND_COLOURS.get(kind, "#000"),
                        "line": {"width": 2.5, "color": "black"}}))
        texts = callout_texts(now, lang)
        widths = [max(CALLOUT_PX, display_width(text) * CHART_TEXT_PX * 0.55 + 20) for text in texts]
        top = fig.layout.yaxis.range[1]  # the callouts stand in a row above the plot
        places = callout_positions(xs, list(now["y"]), axis, widths)
        for x, y, text, label_x in zip(xs, now["y"], texts, places, strict=True):
            fig.add_annotation(
                x=x, y=y, ax=label_x, ay=top, axref="x", ayref="y", yanchor="bottom", text=f"<b>{escape(text)}</b>",
                showarrow=True, arrowhead=0, arrowwidth=1.5, arrowcolor="#000", standoff=10, bgcolor="#fff",
                bordercolor="#000", borderwidth=2, borderpad=3, font={"size": CHART_TEXT_PX, "color": "#000"},
                name="callout")
    # the rows already name the kinds, and the list beside the chart shows their marks: no legend needed
    fig.update_layout(height=height, autosize=True, showlegend=False, font={"size": CHART_TEXT_PX},
                      margin={"l": 10, "r": 14, "t": 58, "b": 34})
    fig.update_xaxes(title=None, dtick="M24", tickangle=0, range=list(axis),
                     tickfont={"size": CHART_TEXT_PX, "color": "#000"})
    fig.update_yaxes(tickfont={"size": CHART_TEXT_PX, "color": "#000"}, automargin=True)  # the kinds whole
    # the phase-out's label is a key above the plot's left end, clear of the data and of the callouts (which stand
    # over the moments after the phase-out began, at the right)
    phase_out = t("timeline.phase_out", lang)
    fig.update_annotations(selector={"text": phase_out}, text=f"<span style='color:{PHASE_OUT_KEY}'>■</span> "
                           f"{escape(phase_out)}", xref="paper", x=0, yref="paper", y=1, xanchor="left",
                           yanchor="bottom", yshift=4, font={"size": CHART_TEXT_PX, "color": "#7a3300"})
    return fig


__all__ = ["CHART_TEXT_PX", "callout_positions", "callout_texts", "story_period", "story_timeline"]
