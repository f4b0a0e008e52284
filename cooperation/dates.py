"""Dates with their precision: a year stays a year, a month stays a month."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import pandas as pd

Precision = Literal["year", "month", "day"]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
_DAY_FIRST = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")


class DateError(ValueError):
    """A date that cannot be read; `reason` is an i18n key saying why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PartialDate:
    """A date known to a year, a month or a day, with the first and last day it may mean."""

    text: str
    precision: Precision
    start: date
    end: date


def parse_partial_date(text: str) -> PartialDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise DateError with a reason key otherwise."""
    value = text.strip()
    match = _PARTIAL_DATE.match(value)
    if not match:
        if _EXCEL_SERIAL.match(value):
            raise DateError("problem.date_excel_serial")
        if _DAY_FIRST.match(value):
            raise DateError("problem.date_ambiguous")
        raise DateError("problem.date_format")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return PartialDate(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))
        if day is None:
            first = date(year, month, 1)
            last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
            return PartialDate(f"{year:04d}-{month:02d}", "month", first, last)
        exact = date(year, month, day)
    except ValueError as exc:
        raise DateError("problem.date_impossible") from exc
    return PartialDate(exact.isoformat(), "day", exact, exact)


@lru_cache(maxsize=1 << 16)
def parsed_date(text: str) -> PartialDate:
    """parse_partial_date, remembered: the same few thousand dates recur in every file and column."""
    return parse_partial_date(text)


__all__ = ["DateError", "PartialDate", "Precision", "parse_partial_date", "parsed_date"]
