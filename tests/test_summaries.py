"""Charts and tables above their limits, on tiny inline data (the limits lowered by argument): the timeline's counts
per kind and period, the agreements' counts per state, the table views cut to their first rows, and what the screen
says about it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from test_lives import LIVES

from cooperation.dataset import events_table
from cooperation.lives import agreement_lives
from cooperation.lives_figure import lives_counts_figure
from cooperation.tables import bounded_note, first_by_date, rows_with_ids
from cooperation.timeline import counting_period, summary_notice, timeline_counts, timeline_figure


def hover_texts(fig: go.Figure) -> list[str]:
    return [text for trace in fig.data for text in (trace.hovertext or ())]


def test_above_the_limit_the_timeline_counts_events_per_kind_and_month(tiny_events: pd.DataFrame) -> None:
    assert not any(isinstance(trace, go.Bar) for trace in timeline_figure(tiny_events, "en").data)  # as before
    fig = timeline_figure(tiny_events, "en", limit=3)
    assert fig.data and all(isinstance(trace, go.Bar) for trace in fig.data)
    assert sum(int(n) for trace in fig.data for n in trace.marker.color) == len(tiny_events)  # every event counted
    hover = hover_texts(fig)
    assert "Visit<br>May 2014: 1" in hover and "Visit<br>September 2018: 1" in hover
    # a date known only to the year is counted in its year, in a strip of its own: never in a made-up month
    assert "Agreement<br>2007 (year only): 1" in hover and "Deal<br>2015 (year only): 1" in hover
    year_only = next(trace for trace in fig.data if "Agreement<br>2007 (year only): 1" in trace.hovertext)
    assert year_only.width[0] == (pd.Timestamp("2008-01-01") - pd.Timestamp("2007-01-01")) / pd.Timedelta(
        milliseconds=1)
    assert "year only" in fig.layout.yaxis.ticktext and "Agreement" in fig.layout.yaxis.ticktext
    assert any(shape.type == "rect" for shape in fig.layout.shapes)  # the phase-out is shaded as on the timeline


def test_the_counts_are_per_year_over_a_long_span(tiny_events: pd.DataFrame) -> None:
    long = tiny_events.assign(start=tiny_events["start"] - pd.DateOffset(years=30))
    assert counting_period(tiny_events) == "month" and counting_period(long) == "year"
    counts = timeline_counts(tiny_events, "year")
    assert not counts["year_only"].any() and set(counts["start"].dt.month) == {1}
    assert counts["count"].sum() == len(tiny_events)


def test_the_switch_is_said_in_every_language(tiny_events: pd.DataFrame) -> None:
    assert summary_notice(tiny_events, "en") is None
    assert summary_notice(tiny_events, "en", limit=3) == (
        "7 events shown as counts per month; choose a shorter period or fewer kinds for single events.")
    assert summary_notice(tiny_events, "sv", limit=3).startswith("7 händelser visas som antal per månad")
    assert summary_notice(tiny_events, "zh", limit=3).startswith("7 个事件按月显示为数量")


def test_text_from_data_is_escaped_in_the_counts(tiny_events: pd.DataFrame) -> None:
    assert all("<img" not in text for text in hover_texts(timeline_figure(tiny_events, "en", limit=0)))


def test_a_table_view_shows_its_first_rows_by_date_and_says_so(tiny_events: pd.DataFrame) -> None:
    shuffled = tiny_events.sample(frac=1, random_state=1)
    first = first_by_date(shuffled, limit=3)
    assert list(first["id"]) == list(tiny_events.sort_values("start", kind="stable")["id"].head(3))
    assert first_by_date(shuffled, limit=10) is shuffled
    assert bounded_note(7, 10, "en") is None
    assert bounded_note(100_000, 500, "en") == (
        "The first 500 of 100,000 rows by date; the Data page has every row.")
    assert bounded_note(100_000, 500, "sv") == (
        "De första 500 av 100\xa0000 rader efter datum; sidan Data har alla rader.")


def test_rows_with_ids_keeps_the_frames_order(tiny_events: pd.DataFrame) -> None:
    assert list(rows_with_ids(tiny_events, ["m2", "a1", "nope"])["id"]) == ["a1", "m2"]


def test_agreements_counted_per_state() -> None:
    from conftest import dataset_from

    dataset = dataset_from(LIVES)
    lives = agreement_lives(events_table(dataset), dataset, pd.Timestamp("2020-12-31"))
    bar = lives_counts_figure(lives, "sv").data[0]
    counts = dict(zip(bar.y, bar.x, strict=True))
    assert sum(counts.values()) == len(lives) == 5
    assert counts["✕ Avslutat"] == 2 and counts["○ Tyst"] == 2 and counts["● Aktivt"] == 1
