"""A date column's text -> the contract's dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, precision kept), and the problem of
each value that is not one. The plain way parses each distinct value (cooperation.dates.parsed_date); the fast way
(`_normal_dates`, numpy) reads a column already written as the contract writes it, and is tested against the plain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from cooperation.dates import DateError, PartialDate, parsed_date
from cooperation.ingest.text_columns import Report, empty_as_missing, factorized, rows_with, taken
from cooperation.schema import Column

_NORMAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class ParsedDates:
    """The distinct values of a date column as the checks across columns use them: each one's normal text (None:
    empty or refused), year, and first and last day as ordinals (-1 where unknown)."""

    texts: list[str | None]
    years: np.ndarray
    first: np.ndarray
    last: np.ndarray

    @staticmethod
    def of(dates: list[PartialDate | None]) -> ParsedDates:
        return ParsedDates([d.text if d is not None else None for d in dates],
                      np.array([int(d.text[:4]) if d is not None else -1 for d in dates], dtype=np.int64),
                      np.array([d.start.toordinal() if d is not None else -1 for d in dates], dtype=np.int64),
                      np.array([d.end.toordinal() if d is not None else -1 for d in dates], dtype=np.int64))


def _normal_dates(uniques: list[str | None]) -> ParsedDates | None:
    """The dates of a column's distinct values when each is empty or a date written as the contract writes it
    (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` that parsed_date gives back unchanged), else None.

    Read by numpy all at once: no PartialDate is made.
    """
    given = [i for i, value in enumerate(uniques) if value]
    texts = [uniques[i] for i in given]
    if any(value is None for value in uniques) or not all(map(_NORMAL_DATE.fullmatch, texts)):  # type: ignore[arg-type]
        return None
    try:
        days = np.array(texts, dtype="datetime64[D]")
    except ValueError:  # a month or day that does not exist: refused, as parsed_date says
        return None
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    if len(years) and (years.min() < 1700 or years.max() > 2200):
        return None  # far from any date a record has: as parsed_date reads it
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))  # type: ignore[arg-type]
    first = days.astype(np.int64) + _EPOCH_ORDINAL
    year_end = (days.astype("datetime64[Y]") + 1).astype("datetime64[D]").astype(np.int64) - 1 + _EPOCH_ORDINAL
    month_end = (days.astype("datetime64[M]") + 1).astype("datetime64[D]").astype(np.int64) - 1 + _EPOCH_ORDINAL
    last = np.where(sizes == 4, year_end, np.where(sizes == 7, month_end, first))
    unknown = np.full(len(uniques), -1, dtype=np.int64)
    all_years, all_first, all_last = unknown.copy(), unknown.copy(), unknown.copy()
    all_years[given], all_first[given], all_last[given] = years, first, last
    return ParsedDates([value or None for value in uniques], all_years, all_first, all_last)


def parsed_dates(values: pd.Series) -> tuple[np.ndarray, ParsedDates]:
    """(codes, the dates of the distinct values) of a column of normalised dates (NA: -1)."""
    codes, uniques = pd.factorize(values)
    return codes, ParsedDates.of([parsed_date(v) for v in uniques.to_numpy(dtype=object)])


def convert_dates(values: pd.Series, present: np.ndarray, column: Column, problem: Report,
                  parsed: dict[str, tuple[np.ndarray, ParsedDates]]) -> pd.Series:
    """A date column written as the contract writes dates (missing where empty or refused), each refused value
    reported through `problem`; its parse (codes and per-value dates) goes into `parsed`, for the row checks."""
    codes, uniques = factorized(values)
    normal = _normal_dates(uniques)
    if normal is not None:
        # every value is a date written as the contract writes it: the column is its own text
        parsed[column.name] = (codes, normal)
        return values if present.all() else empty_as_missing(values, present)
    dates: list[PartialDate | None] = []
    refused: dict[int, str] = {}
    for position, value in enumerate(uniques):
        try:
            dates.append(parsed_date(value) if value else None)
        except DateError as exc:
            dates.append(None)
            refused[position] = exc.reason
    for row, code in rows_with(values.index, codes, refused):
        problem(row, uniques[code], refused[code])
    parsed[column.name] = (codes, ParsedDates.of(dates))
    return taken([d.text if d is not None else None for d in dates], codes, values.index)


__all__ = ["ParsedDates", "convert_dates", "parsed_dates"]
