"""Checks across a row's columns (dates in range, an end not before its start, a deal's currency), ids given twice,
and a stable id for each row that has none."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from cooperation.cells import arrow_text
from cooperation.ingest.convert_dates import ParsedDates, parsed_dates
from cooperation.problems import Problem
from cooperation.schema import Kind

EARLIEST_YEAR = 2000


def row_checks(frame: pd.DataFrame, kind: Kind, filename: str, parsed: dict | None = None,
                refused_currency: set[int | None] | None = None) -> list[Problem]:
    """Checks that span columns or depend on today: date range, end before start, currency.

    `parsed` holds the date columns as _convert parsed them (codes and one date per distinct value); the checks
    then compare numbers per row instead of parsing dates again.
    """
    problems: list[Problem] = []
    latest_year = date.today().year + 1
    dates: dict[str, tuple[np.ndarray, ParsedDates]] = {
        name: parsed[name] if parsed and name in parsed else parsed_dates(frame[name])
        for name in ("date", "end_date") if name in frame}
    for name, (codes, values) in dates.items():
        # per distinct value first (the last entry stands for a missing value, code -1), then per row
        early = np.append((values.years >= 0) & (values.years < EARLIEST_YEAR), False)
        late = np.append(values.years > latest_year, False)
        if not (early.any() or late.any()):
            continue
        for position in np.flatnonzero((early | late)[codes]):
            key = "problem.date_too_early" if early[codes[position]] else "problem.date_future"
            problems.append(Problem(filename, key, row=int(frame.index[position]), column=name,
                                    value=values.texts[codes[position]], severity="warning"))
    if "end_date" in dates and "date" in dates:
        (start_codes, starts), (end_codes, ends) = dates["date"], dates["end_date"]
        first = np.append(starts.first, -1)[start_codes]
        last = np.append(ends.last, -1)[end_codes]
        for position in np.flatnonzero((first >= 0) & (last >= 0) & (last < first)):
            problems.append(Problem(filename, "problem.end_before_start", row=int(frame.index[position]),
                                    column="end_date", value=ends.texts[end_codes[position]]))
    if kind.name == "deal":
        missing = frame["value"].notna() & frame["currency"].isna()
        for row in frame.index[missing]:
            if refused_currency and int(row) in refused_currency:
                continue  # its currency was refused, and said so: not empty
            problems.append(Problem(filename, "problem.currency_missing", row=int(row), column="currency", value=""))
    return problems


def derived_ids(frame: pd.DataFrame, kind: Kind) -> pd.Series:
    """A stable id from the row's content, for rows that have none; distinct for distinct rows.

    The id hashes the required columns (so it survives edits of the other columns). Rows that agree
    on those are told apart by a hash of all their columns, and rows that are identical throughout
    by a running number.
    """
    if not frame["id"].isna().any():
        return pd.Series([], index=frame.index[:0], dtype="string")
    missing = frame[frame["id"].isna()]
    key_columns = [c for c in kind.required if c in frame]
    all_columns = key_columns + [c for c in kind.column_names if c in frame and c not in key_columns and c != "id"]

    def digest(values: tuple[object, ...]) -> str:
        content = "\x1f".join("" if pd.isna(v) else str(v) for v in values)
        return hashlib.sha1(content.encode()).hexdigest()[:10]

    keys = [digest(v) for v in missing[key_columns].itertuples(index=False)]
    fulls = [digest(v) for v in missing[all_columns].itertuples(index=False)]
    shared = Counter(keys)
    seen: Counter[str] = Counter()
    ids: list[str] = []
    for key, full in zip(keys, fulls, strict=True):
        base = f"{kind.name[:3]}-{key}" if shared[key] == 1 else f"{kind.name[:3]}-{key}-{full[:6]}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return pd.Series(ids, index=missing.index, dtype="string")


def duplicate_ids(frame: pd.DataFrame, filename: str) -> list[Problem]:
    """Ids given in the file must be unique: they are the records' keys."""
    ids = frame["id"].dropna()
    arrow = arrow_text(ids)
    if len(ids) < 2 or pc.all(pc.greater(arrow[1:], arrow[:-1])).as_py() or \
            pc.count_distinct(arrow).as_py() == len(ids):  # ids in increasing order are distinct: no hashing
        return []
    repeated = ids.duplicated(keep="first").to_numpy(dtype=bool)
    if not repeated.any():
        return []
    first = {value: int(row) for row, value in ids[~repeated & ids.isin(ids[repeated]).to_numpy(dtype=bool)].items()}
    return [Problem(filename, "problem.duplicate_id", row=int(row), column="id", value=str(value),
                    params={"first": first[value]}) for row, value in ids[repeated].items()]


__all__ = ["EARLIEST_YEAR", "derived_ids", "duplicate_ids", "row_checks"]
