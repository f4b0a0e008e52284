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
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from cooperation.dataset import Dataset
from cooperation.i18n import fmt_date, join_names, t, with_note

State = Literal["active", "quiet", "ended", "no_end"]
STATES: tuple[State, ...] = ("active", "quiet", "no_end", "ended")
QUIET_YEARS = 3
NOT_ACTIVITY = ("decision", "termination")  # milestones about the partnership's course, not work done in it


@dataclass(frozen=True)
class AgreementLife:
    """One agreement as of a moment: what followed it, its last activity and its state."""

    agreement: pd.Series  # the agreement's row of the events table
    follow_ups: pd.DataFrame  # the later records between the same parties, oldest first
    last_activity: pd.Timestamp  # the latest follow-up's end, else the signing's
    last: pd.Series | None  # the follow-up that ends last (None: nothing followed)
    state: State
    ended_on: pd.Timestamp | None  # a recorded end (state 'ended'), if its date is known
    end_date: str | None  # the recorded end as written (YYYY, YYYY-MM or YYYY-MM-DD)
    decision: pd.Series | None  # the latest decision (e.g. to phase out) concerning it, before the moment
    reported_end: pd.Series | None  # the latest reported ending of a partnership of the same parties

    @property
    def id(self) -> str:
        return str(self.agreement["id"])

    @property
    def since_year(self) -> int:
        """The year of the last activity (what 'quiet since' names)."""
        return int(self.last_activity.year)


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


def _with_parts(names: tuple[str, ...], family: Mapping[str, set[str]]) -> set[str]:
    return set().union(*(family.get(n, {n}) for n in names)) if names else set()


def _names_side(parties: object, group: set[str]) -> bool:
    return bool(group) and any(p in group for p in parties)


def agreement_lives(events: pd.DataFrame, dataset: Dataset, moment: pd.Timestamp,
                    quiet_years: int = QUIET_YEARS) -> list[AgreementLife]:
    """The life of every agreement signed by `moment` (see the module's docstring), oldest first.

    `events` is the whole events table (the records that may follow an agreement); `dataset` gives the
    organisations' `part_of` and the agreements' end dates as written (their precision).
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
    known = events[events["start"] <= moment]
    agreements = known[(known["kind"] == "agreement") & (known["status"] != "planned")]
    milestones = known[known["kind"] == "milestone"]
    activity = known[~((known["kind"] == "milestone") & known["subtype"].isin(NOT_ACTIVITY))]
    lives = []
    for _, agreement in agreements.iterrows():
        dalarna = _with_parts(agreement["dalarna_parties"], family)
        hubei = _with_parts(agreement["hubei_parties"], family)
        later = activity[(activity["start"] > agreement["end"]) & (activity["id"] != agreement["id"])]
        follows = later["dalarna_parties"].map(lambda ps, g=dalarna: _names_side(ps, g)) & \
            later["hubei_parties"].map(lambda ps, g=hubei: _names_side(ps, g))
        follow_ups = later[follows.to_numpy(dtype=bool)]
        ends = _activity_ends(follow_ups).clip(upper=moment)
        last = follow_ups.loc[ends.idxmax()] if len(follow_ups) else None
        last_activity = ends.max() if len(follow_ups) else min(agreement["end"], moment)
        decision = _concerning(milestones[milestones["subtype"] == "decision"], agreement, ancestors)
        reported_end = _concerning(milestones[milestones["subtype"] == "termination"], agreement, ancestors)
        state, ended_on = _state(agreement, moment, last_activity, quiet_years, reported_end)
        end_text = end_dates.get(str(agreement["id"]))
        lives.append(AgreementLife(agreement, follow_ups, last_activity, last, state, ended_on,
                                   end_text if isinstance(end_text, str) and end_text else None, decision,
                                   reported_end))
    return lives


def _activity_ends(records: pd.DataFrame) -> pd.Series:
    """When each record's activity ends: a visit's or a project's recorded end, else the end of its date."""
    lasting = (records["kind"] == "visit") | ((records["kind"] == "milestone") & (records["subtype"] == "project"))
    return records["end"].where(~lasting | records["span_end"].isna(), records["span_end"])


def _concerning(milestones: pd.DataFrame, agreement: pd.Series, ancestors: Mapping[str, set[str]]
                ) -> pd.Series | None:
    """The latest of `milestones` that names, on each side it names, a party of the agreement or a body the party
    belongs to (Borlänge's decision on its agreements with Wuhan concerns its business office's agreement too)."""
    found = None
    for _, milestone in milestones.iterrows():
        sides = [(milestone["dalarna_parties"], agreement["dalarna_parties"]),
                 (milestone["hubei_parties"], agreement["hubei_parties"])]
        named = [(theirs, ours) for theirs, ours in sides if theirs]
        if named and all(any(ancestors.get(p, {p}) & set(theirs) for p in ours) for theirs, ours in named):
            found = milestone
    return found


def _state(agreement: pd.Series, moment: pd.Timestamp, last_activity: pd.Timestamp, quiet_years: int,
           reported_end: pd.Series | None) -> tuple[State, pd.Timestamp | None]:
    end = agreement["span_end"]
    if pd.notna(end) and end <= moment:
        return "ended", end
    if agreement["status"] == "expired" and pd.isna(end):
        return "ended", None
    if last_activity < moment - pd.DateOffset(years=quiet_years):
        return "quiet", None
    if reported_end is not None:
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
