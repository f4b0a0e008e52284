"""The agreements' lives drawn and tabled: a swim-lane per agreement from its signing to its last record, the
records that followed it marked by kind, its state in colour and shape; the same as a table and one sentence."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from cooperation.i18n import fmt_number, join_names, t
from cooperation.lives import STATES, AgreementLife, reason, state_label
from cooperation.style import FONT_FAMILY, KIND_COLOURS, KIND_SYMBOLS, date_label, escape, kind_label

# Okabe–Ito colours, each paired with a shape, so that a state never rests on colour alone
STATE_STYLES: dict[str, tuple[str, str]] = {
    "active": ("#009E73", "circle"),
    "quiet": ("#777777", "circle-open"),
    "no_end": ("#E69F00", "diamond-open"),
    "ended": ("#D55E00", "x"),
}
STATE_MARKS = {"active": ":green[●]", "quiet": ":gray[○]", "no_end": ":orange[◇]", "ended": ":red[✕]"}
STATE_SYMBOLS = {"active": "●", "quiet": "○", "no_end": "◇", "ended": "✕"}  # the marks as characters, for labels
LINE_PX = 21  # a line of a lane's label
# above this many agreements the page draws counts per state and pages through the agreements (a lane each would be
# a chart metres tall, and a card each a page of thousands)
LANES_LIMIT = 60
LABEL_WIDTH = 46  # half-ems: about 340 px at 14 px, a phone's chart width


def lives_summary(lives: Sequence[AgreementLife], lang: str) -> str:
    """'8 agreements: 2 ended, 3 quiet, 2 with no end recorded, 1 active' in `lang`."""
    if not lives:
        return t("lives.none", lang)
    counts = pd.Series([life.state for life in lives]).value_counts()
    parts = [t(f"lives.count.{state}", lang, count=fmt_number(int(counts[state]), lang)) for state in STATES
             if state in counts]
    return t("lives.summary", lang, count=fmt_number(len(lives), lang), breakdown=join_names(parts, lang))


def lives_table(lives: Sequence[AgreementLife], lang: str, names: Mapping[str, str] | None = None,
                titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per agreement, in `lang`: title, signing, parties, state, last record, follow-ups and the reason."""
    names, titles = names or {}, titles or {}
    rows = []
    for life in lives:
        agreement = life.agreement
        last = life.last
        rows.append({
            t("col.title", lang): titles.get(life.id, str(agreement["title"])),
            t("lives.col.signed", lang): date_label(agreement["date"], agreement["precision"], lang),
            t("col.parties", lang): join_names((names.get(p, p) for p in agreement["parties"]), lang),
            t("lives.col.state", lang): state_label(life, lang),
            t("lives.col.last", lang): "" if last is None else date_label(last["date"], last["precision"], lang),
            t("lives.col.follow_ups", lang): len(life.follow_ups),
            t("lives.col.reason", lang): reason(life, lang, names, titles),
        })
    return pd.DataFrame(rows, columns=[t(k, lang) for k in (
        "col.title", "lives.col.signed", "col.parties", "lives.col.state", "lives.col.last", "lives.col.follow_ups",
        "lives.col.reason")])


def lives_figure(lives: Sequence[AgreementLife], lang: str, titles: Mapping[str, str] | None = None,
                 period: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> go.Figure:
    """A swim-lane per agreement (the oldest on top): its state and title written above it from the chart's left
    edge (wrapped, so that a narrow screen shows them whole), a bar from the signing to the last record between its
    parties with the records that followed marked by kind (as on the timeline), then a dotted line of silence up to
    the period's end (`period`), where the state's mark stands in its colour and shape; an ended agreement's mark
    stands at its recorded end."""
    titles = titles or {}
    moment = period[1] if period is not None else None
    fig = go.Figure()
    bars: list[float] = []
    top = 0.0  # in lines of text, from the top
    for life in lives:
        colour, symbol = STATE_STYLES[life.state]
        lines = _wrapped(f"{state_label(life, lang)} · {titles.get(life.id, str(life.agreement['title']))}")
        label = "<br>".join(escape(line) for line in lines)
        state_words = escape(state_label(life, lang))
        label = f'<span style="color:{colour}">{STATE_SYMBOLS[life.state]}</span> ' + label.replace(
            state_words, f"<b>{state_words}</b>", 1)
        fig.add_annotation(x=0, xref="paper", y=top, text=label, xanchor="left", yanchor="top", align="left",
                           showarrow=False, font={"size": 14, "color": "#1e1e1e"})
        y = top + len(lines) + 0.8
        bars.append(y)
        start = life.agreement["start"]
        active_until = life.ended_on if life.ended_on is not None else life.last_activity
        fig.add_trace(go.Scatter(x=[start, active_until], y=[y, y], mode="lines", line={"color": colour, "width": 7},
                                 opacity=0.45, hoverinfo="skip", showlegend=False))
        state_at = active_until
        if life.state != "ended" and moment is not None and moment > active_until:
            state_at = moment  # the silence since the last record, dotted, up to the moment the state is for
            fig.add_trace(go.Scatter(x=[active_until, moment], y=[y, y], mode="lines", hoverinfo="skip",
                                     line={"color": colour, "width": 2, "dash": "dot"}, showlegend=False))
        fig.add_trace(go.Scatter(x=[state_at], y=[y], mode="markers", showlegend=False, cliponaxis=False,
                                 marker={"symbol": symbol, "size": 16, "color": colour,
                                         "line": {"width": 3, "color": colour}},
                                 hovertext=[state_words], hoverinfo="text"))
        top = y + 1.2
    _kind_markers(fig, lives, lang, titles, bars)
    for state in STATES:  # the legend: one entry per state present, in its colour and shape
        if any(life.state == state for life in lives):
            colour, symbol = STATE_STYLES[state]
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t(f"lives.legend.{state}", lang),
                                     marker={"symbol": symbol, "size": 14, "color": colour,
                                             "line": {"width": 3, "color": colour}}))
    x_range = None
    if period is not None:
        x_range = [period[0] - pd.Timedelta(days=120), period[1] + pd.Timedelta(days=120)]
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14}, height=int(max(top, 4) * LINE_PX) + 90,
        margin={"l": 10, "r": 20, "t": 40, "b": 40}, plot_bgcolor="white", hovermode="closest",
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        xaxis={"type": "date", "tickformat": "%Y", "dtick": "M12", "showgrid": True, "gridcolor": "#e5e5e5",
               "range": x_range},
        yaxis={"visible": False, "range": [max(top, 4) - 0.2, -0.2]},  # top-down: the first lane on top
    )
    return fig


def lives_counts_figure(lives: Sequence[AgreementLife], lang: str) -> go.Figure:
    """How many agreements are in each state: a bar per state in its colour, the state's mark and count beside it
    (what the agreements page draws when there are too many agreements for a lane each)."""
    counts = pd.Series([life.state for life in lives], dtype=object).value_counts()
    states = [state for state in reversed(STATES) if state in counts]
    fig = go.Figure(go.Bar(
        y=[f"{STATE_SYMBOLS[s]} {t(f'lives.legend.{s}', lang)}" for s in states], x=[int(counts[s]) for s in states],
        orientation="h", marker={"color": [STATE_STYLES[s][0] for s in states]},
        text=[fmt_number(int(counts[s]), lang) for s in states], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_layout(font={"family": FONT_FAMILY, "size": 14}, height=80 + 56 * len(states), plot_bgcolor="white",
                      margin={"l": 10, "r": 60, "t": 20, "b": 30}, showlegend=False,
                      xaxis={"gridcolor": "#e5e5e5", "rangemode": "tozero"}, yaxis={"automargin": True})
    return fig


def _wrapped(text: str, width: int = LABEL_WIDTH) -> list[str]:
    """`text` in lines of at most `width` half-ems (a Chinese character takes two), broken at a space where there
    is one."""
    lines, line, used, space_at = [], "", 0, -1
    for char in text:
        line += char
        used += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if char == " ":
            space_at = len(line)
        if used > width:
            cut = space_at if space_at > 0 else len(line) - 1
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            used = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)
            space_at = -1
    return [*lines, line] if line else lines


def _kind_markers(fig: go.Figure, lives: Sequence[AgreementLife], lang: str, titles: Mapping[str, str],
                  bars: Sequence[float]) -> None:
    """The signings and the records that followed them, one trace per kind (its colour and shape)."""
    points: dict[str, list[tuple[pd.Timestamp, float, str]]] = {}
    for y, life in zip(bars, lives, strict=True):
        records = [life.agreement, *(row for _, row in life.follow_ups.iterrows())]
        for record in records:
            when = record["start"] + (record["end"] - record["start"]) / 2
            text = (f"<b>{escape(titles.get(str(record['id']), str(record['title'])))}</b><br>"
                    f"{escape(date_label(record['date'], record['precision'], lang))} · "
                    f"{escape(kind_label(record['kind'], lang))}")
            points.setdefault(record["kind"], []).append((when, y, text))
    for kind, found in points.items():
        fig.add_trace(go.Scatter(
            x=[p[0] for p in found], y=[p[1] for p in found], mode="markers", name=kind_label(kind, lang),
            marker={"symbol": KIND_SYMBOLS[kind], "size": 11, "color": KIND_COLOURS[kind],
                    "line": {"width": 1, "color": "white"}},
            hovertext=[p[2] for p in found], hovertemplate="%{hovertext}<extra></extra>"))


def follow_up_lines(life: AgreementLife, lang: str, titles: Mapping[str, str] | None = None,
                    limit: int | None = None) -> list[str]:
    """The records that followed an agreement (the first `limit`), one plain line each: date (as known), kind,
    title."""
    titles = titles or {}
    rows = life.follow_ups if limit is None else life.rows.iloc[life.follow_up_at[:limit]]
    return [f"{date_label(row['date'], row['precision'], lang)} · {kind_label(row['kind'], lang)} · "
            f"{titles.get(str(row['id']), str(row['title']))}" for _, row in rows.iterrows()]


__all__ = ["LANES_LIMIT", "STATE_MARKS", "STATE_STYLES", "follow_up_lines", "lives_counts_figure", "lives_figure",
           "lives_summary", "lives_table"]
