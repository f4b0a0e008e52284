"""The overview's numbers: KPIs, the state of the partnership, the latest events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from cooperation.filters import Filters, apply_filters

SIGNED_STATUSES = ("signed", "renewed", "active", "expired")


@dataclass(frozen=True)
class Kpis:
    """The overview's key numbers for one filtered view."""

    agreements_signed: int
    in_force_at_end: int
    in_force_without_end_date: int
    visits_to_dalarna: int
    visits_to_hubei: int
    deals: int
    deal_values: dict[str, float]
    records: int
    sourced_share: float | None


def compute_kpis(events: pd.DataFrame, filters: Filters) -> Kpis:
    """KPIs of the events that pass `filters`; 'in force' looks at every agreement signed by the period's end."""
    shown = apply_filters(events, filters)
    agreements = shown[(shown["kind"] == "agreement") & shown["status"].isin(SIGNED_STATUSES)]
    up_to_end = apply_filters(events, replace(filters, year_from=int(events["year"].min()) if len(events) else 0))
    in_force = agreements_in_force(up_to_end, pd.Timestamp(year=filters.year_to, month=12, day=31))
    visits = shown[shown["kind"] == "visit"]
    deals = shown[shown["kind"] == "deal"]
    valued = deals.dropna(subset=["value", "currency"])
    sourced = shown["source"].map(lambda s: isinstance(s, str) and bool(s.strip()))
    return Kpis(
        agreements_signed=len(agreements),
        in_force_at_end=len(in_force),
        in_force_without_end_date=int(in_force["span_end"].isna().sum()),
        visits_to_dalarna=int((visits["direction"] == "to_dalarna").sum()),
        visits_to_hubei=int((visits["direction"] == "to_hubei").sum()),
        deals=len(deals),
        deal_values={str(c): float(v) for c, v in valued.groupby("currency")["value"].sum().items()},
        records=len(shown),
        sourced_share=float(sourced.mean()) if len(shown) else None,
    )


def agreements_in_force(events: pd.DataFrame, moment: pd.Timestamp) -> pd.DataFrame:
    """Agreements signed by `moment` and not recorded as ended before it.

    An agreement with status 'expired' but no end date is not counted: we know it ended, not when.
    """
    agreements = events[(events["kind"] == "agreement") & events["status"].isin(SIGNED_STATUSES)]
    started = agreements["start"] <= moment
    ended = agreements["span_end"].notna() & (agreements["span_end"] < moment)
    expired_undated = (agreements["status"] == "expired") & agreements["span_end"].isna()
    return agreements[started & ~ended & ~expired_undated]


@dataclass(frozen=True)
class PartnershipState:
    """Where the partnership stands, from the records themselves."""

    state: Literal["empty", "active", "phasing_out", "ended"]
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    count: int
    decision: pd.Series | None
    ending: pd.Series | None


def partnership_state(events: pd.DataFrame) -> PartnershipState:
    """Ended if a termination is recorded, phasing out if a decision to end it is, else active."""
    if events.empty:
        return PartnershipState("empty", None, None, 0, None, None)
    milestones = events[events["kind"] == "milestone"]
    decisions = milestones[milestones["subtype"] == "decision"]
    endings = milestones[milestones["subtype"] == "termination"]
    decision = decisions.iloc[-1] if len(decisions) else None
    ending = endings.iloc[-1] if len(endings) else None
    state: Literal["active", "phasing_out", "ended"] = "active"
    if ending is not None:
        state = "ended"
    elif decision is not None:
        state = "phasing_out"
    return PartnershipState(state, events["start"].min(), events["end"].max(), len(events), decision, ending)


def latest_events(events: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The `count` most recent events, newest first."""
    return events.sort_values(["start", "end"], ascending=False, kind="stable").head(count)


def records_per_year(events: pd.DataFrame) -> pd.DataFrame:
    """Number of events per year and kind, with every year between the first and last present."""
    if events.empty:
        return pd.DataFrame(columns=["year", "kind", "count"])
    counts = events.groupby(["year", "kind"]).size().rename("count").reset_index()
    years = range(int(events["year"].min()), int(events["year"].max()) + 1)
    full = pd.MultiIndex.from_product([years, sorted(events["kind"].unique())], names=["year", "kind"])
    return counts.set_index(["year", "kind"]).reindex(full, fill_value=0).reset_index()


__all__ = ["Kpis", "PartnershipState", "agreements_in_force", "compute_kpis", "latest_events",
           "partnership_state", "records_per_year"]
