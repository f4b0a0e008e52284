"""The shared filters: what they hold, how they apply to events, and how they live in a URL."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from cooperation.cells import fold
from cooperation.schema import EVENT_KINDS

T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    """Period (inclusive years), kinds, sectors (empty = all) and a party search text."""

    year_from: int
    year_to: int
    kinds: tuple[str, ...] = EVENT_KINDS
    sectors: tuple[str, ...] = ()
    party: str = ""


def year_bounds(events: pd.DataFrame, today_year: int) -> tuple[int, int]:
    """The first and last year the period slider offers: the years the records cover (with lasting ones to their
    end), at least two."""
    if events.empty:
        return today_year - 20, today_year
    last = events["span_end"].dropna().dt.year.max() if events["span_end"].notna().any() else 0
    first = int(events["year"].min())
    return first, max(int(max(events["year"].max(), last)), first + 1)  # a slider needs two years


def default_filters(events: pd.DataFrame, today_year: int) -> Filters:
    """Everything shown: the whole period, every kind, every sector, no search."""
    first, last = year_bounds(events, today_year)
    return Filters(first, last)


def sectors_of(events: pd.DataFrame) -> list[str]:
    """The sectors present in the events, sorted."""
    return list(frame_memo(events, "sectors", lambda: sorted(
        {s for s in events["sector"].dropna().unique().astype(str) if s}), columns=("sector",)))


def filter_mask(events: pd.DataFrame, filters: Filters) -> np.ndarray:
    """True for the events that start in the period, are of a chosen kind and sector, and name the party."""
    keep = (events["year"].between(filters.year_from, filters.year_to).to_numpy(dtype=bool)
            & events["kind"].isin(filters.kinds).to_numpy(dtype=bool, na_value=False))
    if filters.sectors:
        keep = keep & events["sector"].isin(filters.sectors).to_numpy(dtype=bool, na_value=False)
    needle = fold(filters.party.strip())
    if needle:
        keep = keep & party_matches(events, needle)
    return keep


FILTERED_COLUMNS = ("year", "kind", "sector", "parties", "search")


def apply_filters(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The events that start in the period, are of a chosen kind and sector, and name the party.

    The last result is kept per table: a run asks for the same filtered rows more than once (the sidebar's count,
    the frame's view), and copying a hundred thousand rows twice is what a rerun would spend most on.
    """
    last = frame_memo(events, "last_filtered", dict, columns=FILTERED_COLUMNS)
    found = last.get("entry")  # (filters, rows): one tuple, so that sessions on other threads never mix them
    if found is None or found[0] != filters:
        found = last["entry"] = (filters, rows_where(events, filter_mask(events, filters)))
    return found[1].copy(deep=False)  # a table of its own for the caller, sharing the data until written to


def rows_where(events: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """events[keep]; a run of consecutive rows (a period of a table sorted by date) as a slice, which copies
    nothing, where a mask would copy every column."""
    positions = np.flatnonzero(keep)
    if len(positions) and positions[-1] - positions[0] + 1 == len(positions):
        return events.iloc[int(positions[0]):int(positions[-1]) + 1]
    return events[keep]


def party_matches(events: pd.DataFrame, needle: str) -> np.ndarray:
    """True where one of the event's parties, in any of its spellings, contains `needle` (already folded).

    The events table's `search` column holds, per event, every spelling of every party (the name as written and
    in each language the data gives) folded and joined by newlines, one shared text per distinct party list (see
    dataset.events_table); each distinct text is searched once, and the index of them is kept while the table
    lives. A table without the column (a test's) is searched by the names as written.
    """
    column = "search" if "search" in events else "parties"
    codes, texts = frame_memo(events, f"search_index_{column}", lambda: _search_index(events[column]),
                              columns=(column,))
    if "\n" in needle:
        return np.zeros(len(events), dtype=bool)
    found = np.fromiter((needle in text for text in texts), dtype=bool, count=len(texts))
    return found[codes] if len(codes) else np.zeros(0, dtype=bool)


def _search_index(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, texts): each row's distinct search text (a party list is folded and joined by newlines)."""
    objects = values.to_numpy(dtype=object)
    if values.name == "parties":  # lists cannot be counted as distinct: tuples can
        objects = np.array([tuple(v) if isinstance(v, list) else v for v in objects] + [None], dtype=object)[:-1]
    codes, uniques = pd.factorize(objects)
    texts = [value if isinstance(value, str) else "\n".join(fold(p) for p in value) for value in uniques]
    if (codes < 0).any():  # a missing value matches nothing
        texts.append("")
        codes = np.where(codes < 0, len(texts) - 1, codes)
    return codes, texts


# --- what is worth computing once per table ------------------------------------------------------------------------

_MEMO: dict[tuple[int, str], tuple[weakref.ref, tuple, object]] = {}


def _column_identity(values: pd.Series) -> object:
    """The object holding a column's data: the same for as long as the column is not replaced."""
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        return values.array
    root = values.to_numpy()
    while isinstance(root.base, np.ndarray):
        root = root.base
    return root


def frame_memo(frame: pd.DataFrame, name: str, compute: Callable[[], T], columns: tuple = ()) -> T:
    """`compute()`, done once per table while it lives and its `columns` hold the same data.

    For what a rerun would otherwise recompute on the same cached table (masks, indexes, the state of the
    partnership). A column replaced in place (frame[c] = ...) is noticed: the memo checks the columns' data.
    """
    sources = tuple(_column_identity(frame[c]) for c in columns)
    key = (id(frame), name)
    found = _MEMO.get(key)
    if found is not None and found[0]() is frame and len(found[1]) == len(sources) and \
            all(a is b for a, b in zip(found[1], sources, strict=True)):
        return found[2]  # type: ignore[return-value]
    value = compute()
    if found is None or found[0]() is not frame:
        weakref.finalize(frame, _MEMO.pop, key, None)
    _MEMO[key] = (weakref.ref(frame), sources, value)
    return value


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


__all__ = ["Filters", "apply_filters", "default_filters", "filter_mask", "frame_memo", "from_query", "party_matches",
           "rows_where", "sectors_of", "to_query", "year_bounds"]
