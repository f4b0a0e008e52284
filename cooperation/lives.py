"""What became of each agreement, computed from the records alone (no column asked of analysts).

For an agreement signed between Dalarna parties D and Hubei parties H, as of a moment (the end of the period shown):

- its *follow-ups* are the later records (visits, deals, other agreements, projects, offices, …; not decisions or
  endings) that name a party of D or one of its parts and a party of H or one of its parts (an organisation's parts
  are those whose `part_of` leads to it: a city's bureaus carry on the city's agreement, not the other way round).
  "Later" means starting after the agreement's date as known: a record of June 2013 does not follow an agreement
  known only to be of 2013. Its *last activity* is the latest follow-up's end (a project runs to its end date),
  else the signing;
- its *state*: **ended** when an end is recorded by then (an end date, or the status 'expired'); else **quiet since
  YEAR** when its last activity is more than `quiet_years` before the moment; else **no end recorded** when a
  partnership between the same parties (or the bodies they belong to) was reported ended before the moment: it
  cannot be called active; else **active**;
- decisions (a milestone of category 'decision', e.g. to phase out) and reported endings that concern it are kept
  for the reason in words, as are the precision and confidence of its dates.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from cooperation.dataset import Dataset
from cooperation.i18n import fmt_date, join_names, t, with_note

State = Literal["active", "quiet", "ended", "no_end"]
STATES: tuple[State, ...] = ("active", "quiet", "no_end", "ended")
QUIET_YEARS = 3
NOT_ACTIVITY = ("decision", "termination")  # milestones about the partnership's course, not work done in it


@dataclass(frozen=True)
class AgreementLife:
    """One agreement as of a moment: what followed it, its last activity and its state.

    The records it names (the agreement, what followed, the last, a decision, a reported end) are rows of the events
    table, taken from it when asked: the states of a hundred thousand agreements are computed without making a
    hundred thousand frames, and a page shows a few of them."""

    id: str
    rows: pd.DataFrame = field(repr=False)  # the events table that the positions below point into
    at: int  # the agreement's position
    follow_up_at: np.ndarray = field(repr=False)  # positions of the later records between the parties, oldest first
    last_activity: pd.Timestamp  # the latest follow-up's end, else the signing's
    last_at: int  # position of the follow-up that ends last (-1: nothing followed)
    state: State
    ended_on: pd.Timestamp | None  # a recorded end (state 'ended'), if its date is known
    end_date: str | None  # the recorded end as written (YYYY, YYYY-MM or YYYY-MM-DD)
    decision_at: int  # position of the latest decision (e.g. to phase out) concerning it, before the moment (-1: none)
    reported_end_at: int  # position of the latest reported ending of a partnership of the same parties (-1: none)

    @property
    def agreement(self) -> pd.Series:
        """The agreement's row of the events table."""
        return self.rows.iloc[self.at]

    @property
    def follow_ups(self) -> pd.DataFrame:
        """The later records between the same parties, oldest first."""
        return self.rows.iloc[self.follow_up_at]

    @property
    def last(self) -> pd.Series | None:
        """The follow-up that ends last (None: nothing followed)."""
        return self._row(self.last_at)

    @property
    def decision(self) -> pd.Series | None:
        return self._row(self.decision_at)

    @property
    def reported_end(self) -> pd.Series | None:
        return self._row(self.reported_end_at)

    @property
    def since_year(self) -> int:
        """The year of the last activity (what 'quiet since' names)."""
        return int(self.last_activity.year)

    def _row(self, position: int) -> pd.Series | None:
        return None if position < 0 else self.rows.iloc[position]


def parts_of(organisations: pd.DataFrame) -> dict[str, set[str]]:
    """Every organisation's name -> itself and every organisation whose `part_of` leads to it (any depth)."""
    parent = {}
    if "part_of" in organisations and len(organisations):
        parent = {str(n): str(p) for n, p in zip(organisations["name"], organisations["part_of"], strict=True)
                  if isinstance(p, str) and p.strip()}
    family: dict[str, set[str]] = {}
    for name in parent:
        seen, node = {name}, name
        while node in parent and parent[node] not in seen:  # a loop in the data stops the walk
            node = parent[node]
            seen.add(node)
            family.setdefault(node, {node}).add(name)
    return family


def _with_parts(names: tuple[str, ...], family: Mapping[str, set[str]]) -> frozenset[str]:
    return frozenset().union(*(family.get(n, {n}) for n in names)) if names else frozenset()


def agreement_lives(events: pd.DataFrame, dataset: Dataset, moment: pd.Timestamp,
                    quiet_years: int = QUIET_YEARS) -> list[AgreementLife]:
    """The life of every agreement signed by `moment` (see the module's docstring), oldest first.

    `events` is the whole events table (the records that may follow an agreement); `dataset` gives the
    organisations' `part_of` and the agreements' end dates as written (their precision).

    Each agreement looks only at the records that name one of its pairs of parties (an index of the records by
    pair of parties) and at the decisions and endings that name its parties (an index by party), so that the work
    grows with what follows each agreement, not with agreements times records.
    """
    if events.empty:
        return []
    family = parts_of(dataset.frame("organisation"))
    stored = dataset.frame("agreement")
    end_dates = dict(zip(stored["id"].astype(str), stored["end_date"], strict=True)) if "end_date" in stored else {}
    ancestors: dict[str, set[str]] = {}
    for whole, parts in family.items():
        for part in parts:
            ancestors.setdefault(part, {part}).add(whole)
    def where(mask: pd.Series) -> np.ndarray:  # a missing value (no subtype, no status) is no match
        return mask.to_numpy(dtype=bool, na_value=False)

    subtype = events["subtype"]
    known = where(events["start"] <= moment)
    milestone = where(events["kind"] == "milestone")
    is_agreement = known & where(events["kind"] == "agreement") & ~where(events["status"] == "planned")
    activity = np.flatnonzero(known & ~(milestone & where(subtype.isin(NOT_ACTIVITY))))
    starts, ends = events["start"].to_numpy(), events["end"].to_numpy()
    activity_ends = _activity_ends(events).clip(upper=moment).to_numpy()
    dalarna, hubei = events["dalarna_parties"].to_numpy(dtype=object), events["hubei_parties"].to_numpy(dtype=object)
    by_pair = _by_pair(activity, dalarna, hubei)
    decisions = _by_party(np.flatnonzero(known & milestone & where(subtype == "decision")), dalarna, hubei, ancestors)
    endings = _by_party(np.flatnonzero(known & milestone & where(subtype == "termination")), dalarna, hubei,
                        ancestors)
    ordered = bool(np.all(starts[1:] >= starts[:-1]))  # the events table is sorted by start
    candidates: dict[tuple[frozenset[str], frozenset[str]], _Candidates] = {}
    concerning: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[int, int]] = {}
    ids, span_ends, statuses = (events[c].to_numpy(dtype=object) for c in ("id", "span_end", "status"))
    quiet_before = moment - pd.DateOffset(years=quiet_years)
    lives = []
    for at in np.flatnonzero(is_agreement).tolist():
        sides = (_with_parts(dalarna[at], family), _with_parts(hubei[at], family))
        if sides not in candidates:
            candidates[sides] = _Candidates.of(_records_naming(sides, by_pair), starts, activity_ends, ordered)
        follow_up_at, last_at = candidates[sides].after(ends[at])  # a record after the signing (never itself)
        last_activity = pd.Timestamp(activity_ends[last_at]) if last_at >= 0 else min(pd.Timestamp(ends[at]), moment)
        parties = (dalarna[at], hubei[at])
        if parties not in concerning:
            concerning[parties] = (_concerning(decisions, *parties, ancestors),
                                   _concerning(endings, *parties, ancestors))
        decision_at, reported_end_at = concerning[parties]
        state, ended_on = _state(span_ends[at], statuses[at], moment, last_activity < quiet_before,
                                 reported_end_at >= 0)
        end_text = end_dates.get(str(ids[at]))
        lives.append(AgreementLife(str(ids[at]), events, at, follow_up_at, last_activity, last_at, state, ended_on,
                                   end_text if isinstance(end_text, str) and end_text else None, decision_at,
                                   reported_end_at))
    return lives


@dataclass(frozen=True)
class _Candidates:
    """The records naming a pair of parties of an agreement's sides, in table order, ready to answer which of them
    start after a date and which of those ends last."""

    positions: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    first_latest: np.ndarray | None  # i -> the first of positions[i:] that ends last (when ordered by start)

    @classmethod
    def of(cls, positions: np.ndarray, starts: np.ndarray, ends: np.ndarray, ordered: bool) -> _Candidates:
        own_starts, own_ends = starts[positions], ends[positions].astype("datetime64[ns]").view("int64")
        first_latest = None
        if ordered and len(positions):
            latest_after = np.maximum.accumulate(own_ends[::-1])[::-1]
            records = np.flatnonzero(own_ends == latest_after)  # each ends last of all from itself on
            first_latest = records[np.searchsorted(records, np.arange(len(positions)))]
        return cls(positions, own_starts, own_ends, first_latest)

    def after(self, date: np.datetime64) -> tuple[np.ndarray, int]:
        """The positions of the records starting after `date`, and of the first of them that ends last (-1: none)."""
        if self.first_latest is not None:  # sorted by start: a tail of the positions
            begin = int(np.searchsorted(self.starts, date, side="right"))
            if begin == len(self.positions):
                return self.positions[:0], -1
            return self.positions[begin:], int(self.positions[self.first_latest[begin]])
        later = self.starts > date
        found = self.positions[later]
        return (found, int(found[np.argmax(self.ends[later])])) if len(found) else (found, -1)


def _by_pair(positions: np.ndarray, dalarna: np.ndarray, hubei: np.ndarray) -> dict[tuple[str, str], np.ndarray]:
    """(Dalarna party, Hubei party) -> the positions of the records that name both, in table order."""
    found: dict[tuple[str, str], list[int]] = {}
    for at, ours, theirs in zip(positions.tolist(), dalarna[positions], hubei[positions], strict=True):
        for d in ours:
            for h in theirs:
                found.setdefault((d, h), []).append(at)
    return {pair: np.asarray(ats, dtype=np.int64) for pair, ats in found.items()}


def _records_naming(sides: tuple[frozenset[str], frozenset[str]], by_pair: Mapping[tuple[str, str], np.ndarray]
                    ) -> np.ndarray:
    """The positions of the records naming a party of each side (or one of its parts), in table order."""
    found = [by_pair[(d, h)] for d in sides[0] for h in sides[1] if (d, h) in by_pair]
    if not found:
        return np.empty(0, dtype=np.int64)
    if len(found) == 1:
        return found[0]
    merged = np.sort(np.concatenate(found), kind="stable")  # sorted runs: merged, not sorted from scratch
    return merged[np.concatenate(([True], merged[1:] != merged[:-1]))]


@dataclass(frozen=True)
class _Milestones:
    """Milestones (decisions, or endings) indexed for _concerning."""

    sides: dict[int, tuple[frozenset[str], frozenset[str]]]  # position -> the parties it names on each side
    naming: dict[tuple[int, str], set[int]]  # (side, party) -> the milestones naming it or a body it belongs to


def _by_party(positions: np.ndarray, dalarna: np.ndarray, hubei: np.ndarray, ancestors: Mapping[str, set[str]]
              ) -> _Milestones:
    sides = {at: (frozenset(dalarna[at]), frozenset(hubei[at])) for at in positions.tolist()}
    naming: dict[tuple[int, str], set[int]] = {}
    for at, named in sides.items():
        for side, parties in enumerate(named):
            for party in parties:
                naming.setdefault((side, party), set()).add(at)
    for part, wholes in ancestors.items():  # a milestone naming a body concerns the agreements of its parts too
        for side in (0, 1):
            inherited = set().union(*(naming.get((side, w), set()) for w in wholes))
            if inherited:
                naming[(side, part)] = inherited
    return _Milestones(sides, naming)


def _concerning(milestones: _Milestones, dalarna: tuple[str, ...], hubei: tuple[str, ...],
                ancestors: Mapping[str, set[str]]) -> int:
    """The latest milestone that names, on each side it names, a party of the agreement or a body the party
    belongs to (Borlänge's decision on its agreements with Wuhan concerns its business office's agreement too; the
    report that the Borlänge–Wuhan partnership ended concerns an agreement of Borlänge with Jianghan University and
    the Wuhan Foreign Affairs Office); -1 when none does. Only the milestones naming one of its parties (or a body
    of one) are tried, newest first."""
    ours = (dalarna, hubei)
    candidates: set[int] = set()
    for side, parties in enumerate(ours):
        for party in parties:
            candidates |= milestones.naming.get((side, party), set())
    for at in sorted(candidates, reverse=True):
        named = milestones.sides[at]
        if all(not named[side] or any(ancestors.get(p, {p}) & named[side] for p in ours[side]) for side in (0, 1)):
            return at
    return -1


def _activity_ends(records: pd.DataFrame) -> pd.Series:
    """When each record's activity ends: a visit's or a project's recorded end, else the end of its date."""
    lasting = (records["kind"] == "visit") | ((records["kind"] == "milestone") & (records["subtype"] == "project"))
    return records["end"].where(~lasting | records["span_end"].isna(), records["span_end"])


def _state(end: object, status: object, moment: pd.Timestamp, quiet: bool, reported_end: bool
           ) -> tuple[State, pd.Timestamp | None]:
    if pd.notna(end) and end <= moment:
        return "ended", pd.Timestamp(end)
    if status == "expired" and pd.isna(end):
        return "ended", None
    if quiet:
        return "quiet", None
    if reported_end:
        return "no_end", None
    return "active", None


# --- in words ---------------------------------------------------------------------------------------------------


def state_label(life: AgreementLife, lang: str) -> str:
    """The state in a few words: 'Active', 'Quiet since 2013', 'Ended February 2020', 'No end recorded'."""
    if life.state == "quiet":
        return t("lives.state.quiet", lang, year=life.since_year)
    if life.state == "ended":
        if life.ended_on is None:
            return t("lives.state.ended_undated", lang)
        return t("lives.state.ended", lang, date=_end_date(life, lang))
    return t(f"lives.state.{life.state}", lang)


def _end_date(life: AgreementLife, lang: str) -> str:
    """The recorded end as precisely as it is known (an end of '2020-02' is February 2020)."""
    if life.end_date is None:
        return fmt_date(pd.Timestamp(life.ended_on).strftime("%Y-%m-%d"), "day", lang)
    return fmt_date(life.end_date, {4: "year", 7: "month"}.get(len(life.end_date), "day"), lang)


def _when(event: pd.Series, lang: str, until: pd.Timestamp | None = None) -> str:
    """An event's date in words with what makes it uncertain in brackets (its precision when it is not a day, a
    source of medium or low confidence); with `until`, the month it lasted to ('2016 (year only) – June 2019')."""
    shown = fmt_date(event["date"], event["precision"], lang)
    notes = [] if event["precision"] == "day" else [t(f"precision.{event['precision']}", lang)]
    level = event.get("confidence")
    if isinstance(level, str) and level in ("medium", "low"):
        notes.append(t(f"lives.doubt.{level}", lang))
    if notes:
        shown = with_note(shown, t("punct.semicolon", lang).join(notes), lang)
    if until is not None and until > event["end"]:
        shown = t("lives.period", lang, start=shown, end=fmt_date(until.strftime("%Y-%m"), "month", lang))
    return shown


def reason(life: AgreementLife, lang: str, names: Mapping[str, str] | None = None,
           titles: Mapping[str, str] | None = None) -> str:
    """What became of the agreement, in a few sentences: when it was signed and how surely, what followed it
    between the same parties (or that nothing did), and how it ended or why the data cannot tell.

    `names` gives the parties' names in `lang`, `titles` the records' titles in `lang` (by id).
    """
    names, titles = names or {}, titles or {}
    agreement = life.agreement

    def parties(side: str) -> str:
        return join_names((names.get(p, p) for p in agreement[f"{side}_parties"]), lang)

    def title(event: pd.Series) -> str:
        return titles.get(str(event["id"]), str(event["title"]))

    sentences = [t("lives.reason.signed", lang, date=_when(agreement, lang))]
    if life.last is None:
        sentences.append(t("lives.reason.nothing_after", lang, dalarna=parties("dalarna"), hubei=parties("hubei"),
                           date=fmt_date(agreement["date"], agreement["precision"], lang)))
    else:
        key = "lives.reason.followed_one" if len(life.follow_ups) == 1 else "lives.reason.followed"
        sentences.append(t(key, lang, count=len(life.follow_ups), dalarna=parties("dalarna"), hubei=parties("hubei"),
                           title=title(life.last), date=_when(life.last, lang, until=life.last_activity)))
    if life.state == "ended":
        sentences.append(t("lives.reason.ended", lang, date=_end_date(life, lang)) if life.ended_on is not None
                         else t("lives.reason.ended_undated", lang))
    elif life.state == "no_end" and life.reported_end is not None:
        sentences.append(t("lives.reason.no_end", lang, title=title(life.reported_end),
                           date=_when(life.reported_end, lang)))
    elif life.state == "quiet":
        sentences.append(t("lives.reason.quiet", lang, year=life.since_year) if life.last is not None
                         else t("lives.reason.no_end_recorded", lang))
    if life.decision is not None and life.state != "ended":
        sentences.append(t("lives.reason.decision", lang, title=title(life.decision),
                           date=_when(life.decision, lang)))
    return functools.reduce(lambda first, second: t("punct.sentences", lang, first=first, second=second), sentences)


__all__ = ["QUIET_YEARS", "STATES", "AgreementLife", "agreement_lives", "parts_of", "reason", "state_label"]
