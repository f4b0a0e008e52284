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

import unicodedata
from dataclasses import dataclass, replace

import pandas as pd

from cooperation.dataset import split_sources
from cooperation.i18n import fmt_date, join_names, language, t
from cooperation.schema import EVENT_KINDS
from cooperation.style import date_label, kind_label
from cooperation.tables import confidence_label

MOMENT_DAYS = 60
LISTED_EVENTS = 12  # a slide lists and numbers this many of its moment's events; more would not fit a projector
ADVANCE_SECONDS = 8  # while playing
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
    """The events' index labels grouped into moments (see the module's docstring), in time order.

    Works on arrays, not rows: a moment is a run of the dated events in date order, so each is a slice of them
    (reading the frame row by row with .at took 10 s at 10^5 events)."""
    if events.empty:
        return []
    ordered = events.sort_values(["start", "kind", "id"], kind="stable")
    is_dated = (ordered["precision"] != "year").to_numpy(dtype=bool)
    labels = ordered.index.to_numpy(dtype=object)
    years = ordered["year"].to_numpy(dtype="int64")
    day = ordered["start"].to_numpy(dtype="datetime64[D]").astype("int64")
    dated_day, dated_labels, dated_years = day[is_dated], labels[is_dated], years[is_dated]
    bounds, first = [], None
    for position, start in enumerate(dated_day.tolist()):
        if first is None or start - first > days:
            bounds.append(position)
            first = start
    bounds.append(len(dated_day))
    moments = [list(dated_labels[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    anchors = [int(dated_day[a]) for a in bounds[:-1]]
    by_year: dict[int, list[object]] = {}
    for moment, a, b in zip(moments, bounds, bounds[1:], strict=False):  # the biggest of each year, earliest if tied
        for year in sorted(set(dated_years[a:b].tolist())):
            best = by_year.get(year)
            if best is None or len(moment) > len(best):
                by_year[year] = moment
    year_only: dict[int, list[object]] = {}
    year_only_anchor: dict[int, int] = {}
    for label, year, start in zip(labels[~is_dated], years[~is_dated].tolist(), day[~is_dated].tolist(),
                                  strict=True):
        target = by_year.get(year)
        if target is not None:
            target.append(label)
        else:
            year_only.setdefault(year, []).append(label)
            year_only_anchor.setdefault(year, start)  # the earliest: the events are in date order
    moments.extend(year_only.values())
    anchors.extend(year_only_anchor[year] for year in year_only)
    order = sorted(range(len(moments)), key=anchors.__getitem__)  # stable: ties keep their order, as before
    return [moments[i] for i in order]


def listed(slide: Slide, limit: int | None = None) -> Slide:
    """`slide` with only its first `limit` events (in date order) for its list, the timeline's numbers and the
    sources beside them; its date, summary and headline still speak of the whole moment."""
    limit = LISTED_EVENTS if limit is None else limit
    if len(slide.events) <= limit:
        return slide
    events = slide.events.iloc[:limit]
    return replace(slide, events=events, ids=slide.ids[:limit], sources=unique_sources(events))


def unlisted(slide: Slide, limit: int | None = None) -> int:
    """How many of the moment's events `listed` leaves out."""
    return max(len(slide.events) - (LISTED_EVENTS if limit is None else limit), 0)


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
        slides.append(_slide(events, labels, number, upto, lang))
    return slides


def story_slide(events: pd.DataFrame, moments: list[list[object]], number: int, lang: str = "en") -> Slide:
    """Slide `number` (1-based) of the story whose moments are `moments` (group_moments(events)): the one slide a
    page draws, without the others (at 10^5 events every slide's ids up to it held millions of references)."""
    order = ["start", "kind", "id"]  # within a moment, as _slide orders it
    upto = [str(i) for moment in moments[:number - 1]
            for i in events.loc[moment, order].sort_values(order, kind="stable")["id"]]
    return _slide(events, moments[number - 1], number, upto, language(lang))


def _slide(events: pd.DataFrame, labels: list[object], number: int, upto: list[str], lang: str) -> Slide:
    """The slide of the moment `labels`; `upto` (the ids of the moments before it) grows by its ids."""
    moment = events.loc[labels].sort_values(["start", "kind", "id"], kind="stable")
    main = main_event(moment)
    summary = kinds_summary(moment["kind"], lang)
    title = str(main["title"])
    headline = title if len(moment) == 1 else t("story.headline", lang, summary=summary, title=title)
    ids = tuple(str(i) for i in moment["id"])
    upto.extend(ids)
    return Slide(
        number=number, start=moment["start"].min(), end=moment["end"].max(),
        date_label=moment_date_label(moment, lang), summary=summary, title=title, headline=headline,
        main_id=str(main["id"]), events=moment, ids=ids, upto_ids=tuple(upto), sources=unique_sources(moment),
    )


def events_upto(events: pd.DataFrame, slide: Slide) -> pd.DataFrame:
    """The events shown on `slide`'s map and timeline: its moment and every moment before it."""
    return events[events["id"].isin(slide.upto_ids)]


def second_language(slide: Slide, other: Slide) -> tuple[str, dict[str, str]]:
    """What a bilingual slide adds from `other` (the same moment in the second language): its headline and its
    events' titles by id, each only where it differs from `slide`'s (a title with no translation is not repeated)."""
    if other.ids != slide.ids:
        raise ValueError("the two languages' slides hold different events")
    headline = other.headline if other.headline != slide.headline else ""
    titles = {str(i): str(b) for i, a, b in zip(slide.events["id"], slide.events["title"], other.events["title"],
                                                 strict=True) if str(a) != str(b)}
    return headline, titles


def event_dates(slide: Slide, lang: str) -> list[str]:
    """Each event's date as the slide's list shows it: as precise as known, or '' where the moment's date (above
    the list) says exactly that already."""
    dates = [fmt_date(e.date, e.precision, lang) for e in slide.events.itertuples()]
    return ["" if len(dates) > 1 and date == slide.date_label else date for date in dates]


def display_width(text: str) -> int:
    """Width of `text` in half-em units: Chinese characters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


BRIEF_LIST = 240  # half-ems of list text up to which a slide gives most of its width to map and timeline
LONG_LIST = 420  # half-ems above which a slide gives its list more of the width
DENSE_LIST = 700  # half-ems above which the list is set at the smallest body size


def list_layout(slide: Slide, lang: str, second_titles: dict[str, str] | None = None) -> str:
    """How much room the slide's list of events needs: 'brief' (a narrow column), 'short', 'long' (a wider column)
    or 'dense' (a wider column and the smallest body text), from the length of its titles, dates and
    second-language titles."""
    dates = event_dates(slide, lang)
    width = sum(display_width(f"{date} {title}") + 8 for date, title in zip(dates, slide.events["title"], strict=True))
    width += sum(display_width(title) for title in (second_titles or {}).values())
    if width > DENSE_LIST:
        return "dense"
    return "long" if width > LONG_LIST else "short" if width > BRIEF_LIST else "brief"


def slide_records(slide: Slide, lang: str) -> list[dict[str, str]]:
    """The records behind a slide, for the presenter: date with its precision, kind, title, parties, the source's
    confidence and the sources (never the low-confidence sources, which no audience sees)."""
    return [{
        "id": str(e.id), "date": date_label(e.date, e.precision, lang), "kind": kind_label(e.kind, lang),
        "title": str(e.title), "parties": join_names([*e.dalarna_parties, *e.hubei_parties], lang),
        "confidence": confidence_label(e.confidence, lang),
        "sources": " | ".join(split_sources(e.source)),
    } for e in slide.events.itertuples()]


__all__ = ["ADVANCE_SECONDS", "LISTED_EVENTS", "MOMENT_DAYS", "Slide", "events_upto", "group_moments", "kinds_summary",
           "listed", "main_event", "unlisted",
           "display_width", "event_dates", "list_layout", "moment_date_label", "second_language", "slide_records",
           "story_slide", "story_slides", "unique_sources", "BRIEF_LIST", "DENSE_LIST", "LONG_LIST"]
