"""The shared filters: what they hold, how they apply to events, and how they live in a URL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from cooperation.schema import EVENT_KINDS


@dataclass(frozen=True)
class Filters:
    """Period (inclusive years), kinds, sectors (empty = all) and a party search text."""

    year_from: int
    year_to: int
    kinds: tuple[str, ...] = EVENT_KINDS
    sectors: tuple[str, ...] = ()
    party: str = ""


def year_bounds(events: pd.DataFrame, today_year: int) -> tuple[int, int]:
    """The first and last year the period slider offers."""
    if events.empty:
        return 2000, today_year
    last = events["span_end"].dropna().dt.year.max() if events["span_end"].notna().any() else 0
    return int(min(events["year"].min(), 2000)), int(max(events["year"].max(), last))


def default_filters(events: pd.DataFrame, today_year: int) -> Filters:
    """Everything shown: the whole period, every kind, every sector, no search."""
    first, last = year_bounds(events, today_year)
    return Filters(first, last)


def sectors_of(events: pd.DataFrame) -> list[str]:
    """The sectors present in the events, sorted."""
    return sorted({s for s in events["sector"].dropna().astype(str) if s})


def apply_filters(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The events that start in the period, are of a chosen kind and sector, and name the party."""
    keep = events["year"].between(filters.year_from, filters.year_to) & events["kind"].isin(filters.kinds)
    if filters.sectors:
        keep &= events["sector"].isin(filters.sectors)
    needle = filters.party.strip().casefold()
    if needle:
        keep &= events["parties"].map(lambda parties: any(needle in p.casefold() for p in parties))
    return events[keep]


def to_query(filters: Filters, defaults: Filters) -> dict[str, str]:
    """Query-string parameters for the filters that differ from the defaults."""
    params: dict[str, str] = {}
    if filters.year_from != defaults.year_from:
        params["from"] = str(filters.year_from)
    if filters.year_to != defaults.year_to:
        params["to"] = str(filters.year_to)
    if set(filters.kinds) != set(defaults.kinds):
        params["kinds"] = ",".join(filters.kinds) or "none"
    if filters.sectors:
        params["sectors"] = ",".join(filters.sectors)
    if filters.party.strip():
        params["party"] = filters.party.strip()
    return params


def from_query(params: Mapping[str, str], defaults: Filters, sectors: list[str]) -> Filters:
    """Filters read from query parameters; anything missing or invalid falls back to the default."""

    def year(name: str, fallback: int) -> int:
        try:
            value = int(params.get(name, fallback))
        except (TypeError, ValueError):
            return fallback
        return min(max(value, defaults.year_from), defaults.year_to)

    year_from, year_to = year("from", defaults.year_from), year("to", defaults.year_to)
    if year_from > year_to:
        year_from, year_to = year_to, year_from
    kinds = defaults.kinds
    if "kinds" in params:
        kinds = tuple(k for k in str(params["kinds"]).split(",") if k in EVENT_KINDS)
    chosen_sectors = tuple(s for s in str(params.get("sectors", "")).split(",") if s in sectors)
    return Filters(year_from, year_to, kinds, chosen_sectors, str(params.get("party", ""))[:100])


__all__ = ["Filters", "apply_filters", "default_filters", "from_query", "sectors_of", "to_query", "year_bounds"]
