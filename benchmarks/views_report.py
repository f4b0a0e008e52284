"""The views harness's results and their table (pure: no browser, no server), so that the goals can be tested.

Goals (issue #13): at 10^5 events every view's open and filter change ≤ the peer's median and ≤ 2 s; at 10^6 ≤ 5 s;
the export page's open ≤ 2 s at any size; at most 2 MB received over the websocket per action at any size; server
memory (resident) after visiting every view at 10^6 ≤ 1.5 GiB.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

MB = 1_000_000
BYTES_GOAL = 2 * MB
MEMORY_GOAL_MIB = 1.5 * 1024


@dataclass
class Action:
    """Runs of one action (open or filter) of one view of one app at one size; None is a run that timed out."""

    seconds: list[float | None] = field(default_factory=list)
    received: list[int] = field(default_factory=list)  # bytes over the websocket, one per run
    first_seconds: float | None = None  # the untimed, cache-filling first run
    first_received: int = 0
    first_only: bool = False  # no timed run: the figures are the first run's (its view's open timed out later)

    @property
    def done(self) -> list[float]:
        return [s for s in self.seconds if s is not None]

    @property
    def timed_out(self) -> bool:
        return any(s is None for s in self.seconds)

    @property
    def median(self) -> float:
        """Median seconds; a run that timed out counts as infinitely slow."""
        values = [float("inf") if s is None else s for s in self.seconds]
        return statistics.median(values) if values else float("nan")

    @property
    def most_received(self) -> int:
        return max([*self.received, self.first_received], default=0)


@dataclass
class Row:
    """One line of the table: a view's action at a size, for the dashboard and (where it has the view) the peer."""

    view: str
    action: str  # "open" or "filter"
    events: int
    dashboard: Action
    peer: Action | None = None

    def time_limit(self) -> float | None:
        """The time goal in seconds, or None."""
        limits = []
        if self.events >= 1_000_000:
            limits.append(5.0)
        elif self.events >= 100_000:
            limits.append(2.0)
        if self.view == "export" and self.action == "open":
            limits.append(2.0)
        return min(limits) if limits else None

    def goal(self) -> str:
        parts = []
        limit = self.time_limit()
        if limit is not None:
            parts.append(f"≤ {limit:g} s")
        if self.peer is not None and 100_000 <= self.events < 1_000_000:
            parts.append("≤ peer")
        parts.append("≤ 2 MB")
        return ", ".join(parts)

    def misses(self) -> list[str]:
        """What of the goal was missed: 'time', 'peer', 'bytes' (nothing when the action was not measured)."""
        missed = []
        if not self.dashboard.seconds:
            return missed
        limit = self.time_limit()
        if limit is not None and not self.dashboard.median <= limit:
            missed.append("time")
        if self.peer is not None and 100_000 <= self.events < 1_000_000 and not (
                self.dashboard.median <= self.peer.median or self.peer.timed_out and not self.dashboard.timed_out):
            missed.append("peer")
        if self.dashboard.most_received > BYTES_GOAL:
            missed.append("bytes")
        return missed


def seconds_text(action: Action, timeout: float) -> str:
    """`median (min–max, n runs)`, with the runs that timed out."""
    done, lost = action.done, len(action.seconds) - len(action.done)
    if not action.seconds:
        return "not measured (its view's open timed out)"
    if not done:
        return f"> {timeout:g} s (timed out, {lost} run{'s' if lost > 1 else ''})"
    median = f"> {timeout:g} s" if action.median == float("inf") else f"{action.median:.2f} s"
    spread = f"{min(done):.2f}–{max(done):.2f}, " if len(done) > 1 else ""
    runs = f"{len(action.seconds)} run{'s' if len(action.seconds) > 1 else ''}"
    first = ", untimed first run only" if action.first_only else ""
    return f"{median} ({spread}{runs}{f', {lost} timed out' if lost else ''}{first})"


def megabytes(count: int) -> str:
    return f"{count / MB:,.2f} MB" if count >= 10_000 else f"{count / 1000:,.1f} kB"


def ratio_text(row: Row) -> str:
    if row.peer is None or not row.peer.seconds or not row.dashboard.seconds:
        return "–"
    ours, theirs = row.dashboard.median, row.peer.median
    if ours == float("inf") or theirs == float("inf"):
        return "–"
    return f"{ours / theirs:.2f}"


def views_table(rows: list[Row], timeout: float) -> str:
    """The markdown table of the views harness."""
    lines = ["| view | action | events | dashboard: median (min–max, runs) | peer: median (min–max, runs) | ratio "
             "| bytes received, most per action: dashboard / peer | goal | met |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        peer = seconds_text(row.peer, timeout) if row.peer else "–"
        sent = megabytes(row.dashboard.most_received) + (f" / {megabytes(row.peer.most_received)}" if row.peer else "")
        missed = row.misses()
        met = "–" if not row.dashboard.seconds else "yes" if not missed else f"**no** ({', '.join(missed)})"
        lines.append(f"| {row.view} | {row.action} | {row.events:,} | {seconds_text(row.dashboard, timeout)} | {peer} "
                     f"| {ratio_text(row)} | {sent} | {row.goal()} | {met} |")
    return "\n".join(lines)


def first_visits(rows: list[Row]) -> str:
    """One line per size: the untimed first (cache-filling) runs, dashboard and peer."""
    lines = []
    for events in sorted({row.events for row in rows}):
        parts = []
        for row in (r for r in rows if r.events == events):
            for app, action in (("dashboard", row.dashboard), ("peer", row.peer)):
                if action is not None and action.seconds:
                    first = "timed out" if action.first_seconds is None else f"{action.first_seconds:.2f} s"
                    parts.append(f"{row.view} {row.action} ({app}) {first}, {megabytes(action.first_received)}")
        lines.append(f"- First (untimed, cache-filling) runs at {events:,} events: " + "; ".join(parts))
    return "\n".join(lines)


@dataclass
class Memory:
    """Server memory (process tree) after visiting every view: resident (VmRSS) and peak (VmHWM), MiB."""

    events: int
    dashboard_resident: float
    dashboard_peak: float
    peer_resident: float
    peer_peak: float

    def line(self) -> str:
        goal = self.events >= 1_000_000
        met = ("yes" if self.dashboard_resident <= MEMORY_GOAL_MIB else "**no**") if goal else "–"
        return (f"| server memory after every view | {self.events:,} | {self.dashboard_resident:,.0f} MiB "
                f"(peak {self.dashboard_peak:,.0f}) | {self.peer_resident:,.0f} MiB (peak {self.peer_peak:,.0f}) "
                f"| {self.dashboard_resident / self.peer_resident:.2f} | {'≤ 1.5 GiB resident' if goal else '–'} "
                f"| {met} |")


def memory_table(memories: list[Memory]) -> str:
    if not memories:
        return ""
    header = "| measurement | events | dashboard: resident (peak) | peer: resident (peak) | ratio | goal | met |"
    return "\n".join([header, "| --- | --- | --- | --- | --- | --- | --- |", *(m.line() for m in memories)])
