"""The overview's numbers: KPIs, the state of the partnership, the latest events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cooperation.filters import Filters, filter_mask, frame_memo

SIGNED_STATUSES = ("signed", "renewed", "active", "expired")


@dataclass(frozen=True)
class Kpis:
    """The overview's key numbers for one filtered view."""

    agreements_signed: int
    in_force_at_end: int  # the data says so for the period's last day
    no_end_recorded: int  # signed by then, no end recorded, but the partnership was reported ended before
    visits_to_dalarna: int
    visits_to_hubei: int
    deals: int
    deal_values: dict[str, float]
    records: int
    sourced_share: float | None


def compute_kpis(events: pd.DataFrame, filters: Filters) -> Kpis:
    """KPIs of the events that pass `filters`; 'in force' looks at every agreement signed by the period's end
    (see agreement_states).

    Counted on boolean masks over the whole table (the masks that do not depend on the filters are kept per table),
    so that no filtered copy of it is made.
    """
    masks = _masks(events)
    shown = filter_mask(events, filters)
    up_to_end = filter_mask(events, replace(filters, year_from=int(events["year"].min()) if len(events) else 0))
    in_force, unknown = _agreement_states(events, pd.Timestamp(year=filters.year_to, month=12, day=31), masks)
    in_force, unknown = up_to_end & in_force, up_to_end & unknown
    visits = shown & masks["visit"]
    deals = shown & masks["deal"]
    values = events.loc[deals & masks["valued"], ["currency", "value"]]
    records = int(shown.sum())
    return Kpis(
        agreements_signed=int((shown & masks["agreement"] & masks["signed"]).sum()),
        in_force_at_end=int(in_force.sum()),
        no_end_recorded=int(unknown.sum()),
        visits_to_dalarna=int((visits & masks["to_dalarna"]).sum()),
        visits_to_hubei=int((visits & masks["to_hubei"]).sum()),
        deals=int(deals.sum()),
        deal_values={str(c): float(v) for c, v in values.groupby("currency")["value"].sum().items()},
        records=records,
        sourced_share=float(masks["sourced"][shown].mean()) if records else None,
    )


def _masks(events: pd.DataFrame) -> dict[str, np.ndarray]:
    """The row masks the KPIs combine that depend on the table only, computed once per table."""

    def build() -> dict[str, np.ndarray]:
        kind, status, direction = events["kind"], events["status"], events["direction"]
        masks = {name: (kind == name).to_numpy(dtype=bool, na_value=False)
                 for name in ("agreement", "visit", "deal", "milestone")}
        masks["signed"] = status.isin(SIGNED_STATUSES).to_numpy(dtype=bool, na_value=False)
        masks["expired"] = (status == "expired").to_numpy(dtype=bool, na_value=False)
        masks["to_dalarna"] = (direction == "to_dalarna").to_numpy(dtype=bool, na_value=False)
        masks["to_hubei"] = (direction == "to_hubei").to_numpy(dtype=bool, na_value=False)
        masks["valued"] = (events["value"].notna() & events["currency"].notna()).to_numpy(dtype=bool)
        masks["sourced"] = _has_text(events["source"])
        masks["open"] = events["span_end"].isna().to_numpy(dtype=bool)
        return masks

    return frame_memo(events, "kpi_masks", build, columns=("kind", "status", "direction", "value", "currency",
                                                           "source", "span_end"))


def _has_text(values: pd.Series) -> np.ndarray:
    """True where the value is text that is not blank."""
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and dtype.na_value is pd.NA:
        # values.str.strip() != "" without a stripped copy of every text: not blank is not empty and not all space
        # (arrow's whitespace, which is what its strip removes)
        text = pa.chunked_array(values.array._pa_array)  # noqa: SLF001 (the arrow data of the column)
        blank = pc.or_kleene(pc.equal(pc.utf8_length(text), 0), pc.utf8_is_space(text))
        return pc.invert(blank).to_numpy(zero_copy_only=False).astype(bool) & values.notna().to_numpy(dtype=bool)
    if isinstance(values.dtype, pd.StringDtype):
        return (values.str.strip() != "").to_numpy(dtype=bool, na_value=False)
    return values.map(lambda s: isinstance(s, str) and bool(s.strip())).to_numpy(dtype=bool)


def _agreement_states(events: pd.DataFrame, moment: pd.Timestamp, masks: dict[str, np.ndarray] | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """(in force, no end recorded): masks of the agreements signed by `moment` that the data says are in force
    then, and of those whose state then the data cannot tell.

    An agreement is in force when it is signed (or renewed) by `moment` and either its recorded end is not before
    `moment`, or it has no recorded end and `moment` comes before the partnership was reported ended (the latest
    termination). With no end recorded after that report, it is 'no end recorded': not counted as in force. An
    agreement marked 'expired' with no end date is neither: we know it ended, not when.
    """
    masks = _masks(events) if masks is None else masks
    started = (events["start"] <= moment).to_numpy(dtype=bool)
    span_end = events["span_end"]
    ended = (span_end.notna() & (span_end < moment)).to_numpy(dtype=bool)
    expired_undated = masks["expired"] & masks["open"]
    signed = masks["agreement"] & masks["signed"] & started & ~ended & ~expired_undated
    reported_end = reported_end_date(events)
    after_the_end = reported_end is not None and moment >= reported_end
    unknown = signed & masks["open"] if after_the_end else np.zeros(len(events), dtype=bool)
    return signed & ~unknown, unknown


def reported_end_date(events: pd.DataFrame) -> pd.Timestamp | None:
    """The first day of the latest recorded termination of the partnership, if any."""
    ending = partnership_state(events).ending
    return None if ending is None else pd.Timestamp(ending["start"])


def agreements_in_force(events: pd.DataFrame, moment: pd.Timestamp) -> pd.DataFrame:
    """Agreements the data says are in force at `moment` (see _agreement_states)."""
    return events[_agreement_states(events, moment)[0]]


def agreements_without_recorded_end(events: pd.DataFrame, moment: pd.Timestamp) -> pd.DataFrame:
    """Agreements signed by `moment` whose state then the data cannot tell (see _agreement_states)."""
    return events[_agreement_states(events, moment)[1]]


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
    return frame_memo(events, "partnership_state", lambda: _partnership_state(events),
                      columns=("kind", "subtype", "start", "end"))


def _partnership_state(events: pd.DataFrame) -> PartnershipState:
    milestone = (events["kind"] == "milestone").to_numpy(dtype=bool, na_value=False)
    subtype = events["subtype"]
    decisions = np.flatnonzero(milestone & (subtype == "decision").to_numpy(dtype=bool, na_value=False))
    endings = np.flatnonzero(milestone & (subtype == "termination").to_numpy(dtype=bool, na_value=False))
    decision = events.iloc[int(decisions[-1])] if len(decisions) else None
    ending = events.iloc[int(endings[-1])] if len(endings) else None
    state: Literal["active", "phasing_out", "ended"] = "active"
    if ending is not None:
        state = "ended"
    elif decision is not None:
        state = "phasing_out"
    return PartnershipState(state, events["start"].min(), events["end"].max(), len(events), decision, ending)


def latest_events(events: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The `count` most recent events, newest first (by start, then end; ties keep their order)."""
    if len(events) > 4 * count:  # only the rows that can be among the newest are sorted, not the whole table
        start = events["start"]
        if _ascending(start):  # the events table is sorted by start: the newest are at its end
            values = start.to_numpy()  # searched for one of its own values: a Timestamp would make it objects
            first = int(np.searchsorted(values, values[-count], side="left"))
            events = events.iloc[first:]
        else:
            threshold = start.nlargest(count, keep="all").min()
            events = events[(start >= threshold).to_numpy(dtype=bool) | start.isna().to_numpy(dtype=bool)]
    return events.sort_values(["start", "end"], ascending=False, kind="stable").head(count)


def _ascending(values: pd.Series) -> bool:
    """values.is_monotonic_increasing (False with a missing value) without building an index of the values (for a
    million datetimes that is a hash table of 50 MB)."""
    array = values.to_numpy()
    if values.isna().any():
        return False
    return bool((array[1:] >= array[:-1]).all())


def last_to_end(events: pd.DataFrame) -> pd.Series:
    """The event that ends last: the last row of events.sort_values("end", kind="stable") (a missing end last)."""
    end = events["end"]
    missing = end.isna().to_numpy(dtype=bool)
    if missing.any():
        return events.iloc[int(np.flatnonzero(missing)[-1])]
    return events.iloc[int(np.flatnonzero((end == end.max()).to_numpy(dtype=bool))[-1])]


def records_per_year(events: pd.DataFrame) -> pd.DataFrame:
    """Number of events per year and kind, with every year between the first and last present."""
    if events.empty:
        return pd.DataFrame(columns=["year", "kind", "count"])
    years = events["year"].to_numpy(dtype=np.int64)
    codes, uniques = pd.factorize(events["kind"])
    kinds = sorted(uniques)
    rank = np.argsort(np.argsort(np.asarray(uniques, dtype=object), kind="stable"), kind="stable")
    first, last = int(years.min()), int(years.max())
    counts = np.bincount((years - first) * len(kinds) + rank[codes], minlength=(last - first + 1) * len(kinds))
    return pd.DataFrame({"year": np.repeat(np.arange(first, last + 1, dtype=np.int64), len(kinds)),
                         "kind": pd.Series(kinds * (last - first + 1), dtype=str),
                         "count": counts.astype(np.int64)})


__all__ = ["Kpis", "PartnershipState", "agreements_in_force", "agreements_without_recorded_end", "compute_kpis",
           "reported_end_date", "last_to_end", "latest_events",
           "partnership_state", "records_per_year"]
