"""What a commit would do, before it is made: new, changed and duplicate rows, unplaceable parties, unsourced rows,
and what is wrong with the files of one upload together (a file twice, a record in two files).

Rows meet the stored records as Store.commit matches them (cooperation.store.match_rows): by `id`, else, for a
row whose file gave it no id, by the normalised natural key (the kind's required columns).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cooperation.dataset import Dataset
from cooperation.geo import locate_parties
from cooperation.problems import Part, upload_problems
from cooperation.schema import KINDS, PARTY_SEPARATOR
from cooperation.store import canonical_records, match_rows, natural_key

MATCHED_BY = "matched_by"  # "id" or "natural_key": how a changed or duplicate row met its stored record
CHANGED_COLUMNS = "changed_columns"  # the columns whose values a changed row would replace, joined by ", "


@dataclass
class Preview:
    """Per kind: the rows that are new, that change a stored record, that repeat one, and that have no source."""

    new: dict[str, pd.DataFrame]
    changed: dict[str, pd.DataFrame]
    duplicates: dict[str, pd.DataFrame]
    unplaceable: list[str]  # party names the map cannot place (no organisation or place with coordinates)
    unsourced: dict[str, pd.DataFrame]

    @property
    def counts(self) -> dict[str, int]:
        """How many rows (parties, for unplaceable) fall in each group."""
        return {
            "new": sum(len(f) for f in self.new.values()),
            "changed": sum(len(f) for f in self.changed.values()),
            "duplicates": sum(len(f) for f in self.duplicates.values()),
            "unplaceable": len(self.unplaceable),
            "unsourced": sum(len(f) for f in self.unsourced.values()),
        }


def preview(stored: Dataset, incoming: dict[str, pd.DataFrame]) -> Preview:
    """Compare typed incoming frames (as ingest gives them) with the stored records.

    `changed` and `duplicates` carry the stored id the row updates in `id` (a row matched by natural key takes
    the stored record's id, as the commit does) and how it was matched in `matched_by`; `changed` also lists
    the columns that differ in `changed_columns`.
    """
    new: dict[str, pd.DataFrame] = {}
    changed: dict[str, pd.DataFrame] = {}
    duplicates: dict[str, pd.DataFrame] = {}
    unsourced: dict[str, pd.DataFrame] = {}
    for kind, frame in incoming.items():
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        frame = frame.reset_index(drop=True)
        stored_frame = stored.frame(kind)
        stored_records = canonical_records(stored_frame, kind) if len(stored_frame) else []
        by_id = {record["id"]: record for record in stored_records if "id" in record}
        keys: dict[str, str] = {}
        for record in stored_records:
            if "id" in record:
                keys.setdefault(natural_key(record, kind), record["id"])
        records = canonical_records(frame, kind)
        matches = match_rows(frame, kind, set(by_id), keys, records)
        new_rows: list[int] = []
        changed_rows: list[tuple[int, str, str | None, str]] = []  # position, stored id, matched by, columns
        duplicate_rows: list[tuple[int, str, str | None]] = []
        for position, (record, found) in enumerate(zip(records, matches, strict=True)):
            if found.stored_id is None:
                new_rows.append(position)
                continue
            before = by_id[found.stored_id]
            columns = [c for c in KINDS[kind].column_names if c != "id" and record.get(c) != before.get(c)]
            if columns:
                changed_rows.append((position, found.stored_id, found.by, ", ".join(columns)))
            else:
                duplicate_rows.append((position, found.stored_id, found.by))
        new[kind] = frame.iloc[new_rows].reset_index(drop=True)
        changed[kind] = _with_match(frame, changed_rows, changed=True)
        duplicates[kind] = _with_match(frame, duplicate_rows)
        sources = frame["source"] if "source" in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
        missing = sources.isna() | (sources.astype("string").str.strip() == "")
        unsourced[kind] = frame[missing.to_numpy(dtype=bool, na_value=True)].reset_index(drop=True)
    return Preview(new, changed, duplicates, unplaceable_parties(stored, incoming), unsourced)


def _with_match(frame: pd.DataFrame, rows: list[tuple], changed: bool = False) -> pd.DataFrame:
    """The matched rows with the stored id in `id`, how they matched in `matched_by` and, for changed rows, which
    columns differ in `changed_columns`."""
    out = frame.iloc[[row[0] for row in rows]].reset_index(drop=True).copy()
    if "id" in out:
        out["id"] = pd.Series([row[1] for row in rows], dtype=out["id"].dtype)
    out[MATCHED_BY] = pd.Series([row[2] for row in rows], dtype="string")
    if changed:
        out[CHANGED_COLUMNS] = pd.Series([row[3] for row in rows], dtype="string")
    return out


def _parties(frame: pd.DataFrame, kind: str) -> set[str]:
    names: set[str] = set()
    for column in KINDS[kind].columns:
        if column.type != "parties" or column.name not in frame:
            continue
        for value in frame[column.name].dropna().unique():
            names.update(part.strip() for part in str(value).split(PARTY_SEPARATOR.strip()) if part.strip())
    return names


def _merged(stored: pd.DataFrame, incoming: pd.DataFrame | None) -> pd.DataFrame:
    """The reference rows (organisations or places) after the commit: incoming first, then the stored ones."""
    if incoming is None or incoming.empty:
        return stored
    if stored.empty:
        return incoming
    both = pd.concat([incoming.astype(object), stored.astype(object)], ignore_index=True)
    return both.drop_duplicates(subset="name", keep="first").reset_index(drop=True)


def unplaceable_parties(stored: Dataset, incoming: dict[str, pd.DataFrame]) -> list[str]:
    """Parties named by the incoming events that the map could not place once they are stored."""
    names: set[str] = set()
    for kind, frame in incoming.items():
        if KINDS[kind].is_event:
            names |= _parties(frame, kind)
    if not names:
        return []
    organisations = _merged(stored.frame("organisation"), incoming.get("organisation"))
    places = _merged(stored.frame("place"), incoming.get("place"))
    located = locate_parties(names, organisations, places)
    return sorted(located.loc[located["lat"].isna(), "name"])


__all__ = ["CHANGED_COLUMNS", "MATCHED_BY", "Part", "Preview", "preview", "unplaceable_parties", "upload_problems"]
