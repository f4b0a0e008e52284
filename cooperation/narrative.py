"""The sentences every view and the briefing tell from the records: what the data covers, where the partnership
stands, and why nothing is shown. Plain text in the chosen language (the caller escapes it for its medium)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cooperation.filters import Filters
from cooperation.i18n import fmt_date, fmt_money, fmt_number, fmt_percent, join_names, sector_label, t
from cooperation.metrics import (
    agreements_without_recorded_end,
    compute_kpis,
    last_to_end,
    latest_events,
    partnership_state,
    records_per_year,
)
from cooperation.schema import EVENT_KINDS
from cooperation.style import kind_label


def covered_years(events: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year the records cover (a lasting record counts to its end), or None when empty."""
    if events.empty:
        return None
    last = int(events["year"].max())
    ends = events["span_end"].dropna()
    if len(ends):
        last = max(last, int(ends.dt.year.max()))
    return int(events["year"].min()), last


def subtitle(events: pd.DataFrame, lang: str) -> str:
    """What the dashboard shows, with the years the records cover (not a constant: the data's own)."""
    years = covered_years(events)
    if years is None:
        return t("app.subtitle", lang)
    return t("app.subtitle_years", lang, first=years[0], last=years[1])


def state_text(events: pd.DataFrame, lang: str) -> str:
    """Where the partnership stands, from every record (not only the filtered ones), in one or two sentences.

    When the partnership was reported ended, the agreements with no recorded end are counted in words: the
    overview's 'in force' leaves them out (metrics.compute_kpis), and the screen says why.
    """
    state = partnership_state(events)
    decision, ending = state.decision, state.ending
    if state.state == "ended" and ending is not None:
        text = t("overview.state.ended", lang, end_title=ending["title"],
                 end_date=fmt_date(ending["date"], ending["precision"], lang),
                 decision_title=decision["title"] if decision is not None else "–",
                 decision_date=fmt_date(decision["date"], decision["precision"], lang) if decision is not None else "–")
        open_count = len(agreements_without_recorded_end(events, ending["start"]))
        if open_count:
            text = t("punct.sentences", lang, first=text, second=t(
                "overview.state.no_end", lang, count=open_count,
                end_date=fmt_date(ending["date"], ending["precision"], lang)))
        return text
    if state.state == "phasing_out" and decision is not None:
        return t("overview.state.phasing_out", lang, decision_title=decision["title"],
                 decision_date=fmt_date(decision["date"], decision["precision"], lang))
    if state.state == "active":
        newest = latest_events(events, 1).iloc[0]
        return t("overview.state.active", lang, latest=fmt_date(newest["date"], newest["precision"], lang))
    return t("data.empty", lang)


@dataclass(frozen=True)
class KpiCard:
    """One of the overview's key numbers: its label, value, what it counts (help) and the lines under it."""

    key: str
    label: str
    value: str
    help: str | None
    captions: tuple[str, ...]


def kpi_cards(events: pd.DataFrame, shown: pd.DataFrame, filters: Filters, lang: str) -> list[KpiCard]:
    """The key numbers of the records that pass `filters` (`shown`, in the language), in `lang`."""
    kpis = compute_kpis(events, filters)
    values = join_names((fmt_money(v, c, lang) for c, v in kpis.deal_values.items()), lang)
    in_force = [t("overview.kpi.active_caption", lang, year=filters.year_to)]
    if kpis.no_end_recorded:
        in_force.append(t("overview.kpi.no_end", lang, count=kpis.no_end_recorded))
    first, last = shown.iloc[0], last_to_end(shown)
    return [
        KpiCard("agreements", t("overview.kpi.agreements", lang), fmt_number(kpis.agreements_signed, lang),
                t("overview.kpi.agreements_help", lang),
                (t("overview.kpi.agreements_caption", lang, first=filters.year_from, last=filters.year_to),)),
        KpiCard("active", t("overview.kpi.active", lang), fmt_number(kpis.in_force_at_end, lang),
                t("overview.kpi.active_help", lang), tuple(in_force)),
        KpiCard("visits", t("overview.kpi.visits", lang),
                fmt_number(kpis.visits_to_dalarna + kpis.visits_to_hubei, lang), None,
                (t("overview.kpi.visits_value", lang, to_dalarna=kpis.visits_to_dalarna,
                   to_hubei=kpis.visits_to_hubei),)),
        KpiCard("deals", t("overview.kpi.deals", lang), fmt_number(kpis.deals, lang), None,
                (t("overview.kpi.deal_value", lang, value=values) if values
                 else t("overview.kpi.deal_value_unknown", lang),)),
        KpiCard("sourced", t("overview.kpi.sourced", lang),
                fmt_percent(kpis.sourced_share, lang) if kpis.sourced_share is not None else "–", None,
                (t("overview.state.first_last", lang, first=fmt_date(first["date"], first["precision"], lang),
                   last=fmt_date(last["date"], last["precision"], lang), count=kpis.records),)),
    ]


def by_year_summary(shown: pd.DataFrame, lang: str) -> str:
    """What the records-per-year chart shows: how many, over which years, the busiest year."""
    totals = records_per_year(shown).groupby("year")["count"].sum()
    return t("overview.by_year_summary", lang, count=int(totals.sum()), first=int(totals.index.min()),
             last=int(totals.index.max()), peak_year=int(totals.idxmax()), peak_count=int(totals.max()))


def empty_reason(filters: Filters, defaults: Filters, lang: str) -> str:
    """Why no record passes `filters`: the filters that narrow the view, in words, and what to do."""
    if not filters.kinds:
        return t("data.none_match_no_kinds", lang)
    reasons = []
    if (filters.year_from, filters.year_to) != (defaults.year_from, defaults.year_to):
        reasons.append(t("filters.reason.period", lang, first=filters.year_from, last=filters.year_to))
    if set(filters.kinds) != set(EVENT_KINDS):
        reasons.append(t("filters.reason.kinds", lang, kinds=join_names((kind_label(k, lang) for k in filters.kinds),
                                                                         lang)))
    if filters.sectors:
        reasons.append(t("filters.reason.sectors", lang,
                         sectors=join_names((sector_label(s, lang) for s in filters.sectors), lang)))
    if filters.party.strip():
        reasons.append(t("filters.reason.party", lang, party=filters.party.strip()))
    return t("data.none_match", lang, reasons=t("punct.list", lang).join(reasons) or "–")


__all__ = ["KpiCard", "by_year_summary", "covered_years", "empty_reason", "kpi_cards", "state_text", "subtitle"]
