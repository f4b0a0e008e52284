"""Partial dates: a year stays a year, a month a month; bad dates are refused with a reason key."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from cooperation.dates import DateError, PartialDate, parse_partial_date
from cooperation.i18n import MESSAGES


@pytest.mark.parametrize(
    ("text", "normalised", "precision", "start", "end"),
    [
        ("2013", "2013", "year", date(2013, 1, 1), date(2013, 12, 31)),
        ("2013-06", "2013-06", "month", date(2013, 6, 1), date(2013, 6, 30)),
        ("2013-6", "2013-06", "month", date(2013, 6, 1), date(2013, 6, 30)),
        ("2013-12", "2013-12", "month", date(2013, 12, 1), date(2013, 12, 31)),
        ("2024-02", "2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2023-02", "2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2000-02", "2000-02", "month", date(2000, 2, 1), date(2000, 2, 29)),  # divisible by 400
        ("1900-02", "1900-02", "month", date(1900, 2, 1), date(1900, 2, 28)),  # divisible by 100
        ("2013-06-13", "2013-06-13", "day", date(2013, 6, 13), date(2013, 6, 13)),
        ("2013-6-5", "2013-06-05", "day", date(2013, 6, 5), date(2013, 6, 5)),
        ("2024-02-29", "2024-02-29", "day", date(2024, 2, 29), date(2024, 2, 29)),
        ("  2013-06-13 \t", "2013-06-13", "day", date(2013, 6, 13), date(2013, 6, 13)),
        ("\u00a02013\u00a0", "2013", "year", date(2013, 1, 1), date(2013, 12, 31)),
        ("1999", "1999", "year", date(1999, 1, 1), date(1999, 12, 31)),  # too early is flagged by ingest, not here
    ],
)
def test_valid_dates_keep_their_precision(text: str, normalised: str, precision: str, start: date, end: date) -> None:
    parsed = parse_partial_date(text)
    assert parsed == PartialDate(normalised, precision, start, end)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # not a real date
        ("2013-02-30", "problem.date_impossible"),
        ("2023-02-29", "problem.date_impossible"),
        ("2013-04-31", "problem.date_impossible"),
        ("2013-13", "problem.date_impossible"),
        ("2013-00", "problem.date_impossible"),
        ("2013-06-00", "problem.date_impossible"),
        ("2013-06-32", "problem.date_impossible"),
        ("0000", "problem.date_impossible"),
        # Excel serial numbers (41438 is 2013-06-13 in Excel's 1900 system)
        ("41438", "problem.date_excel_serial"),
        ("41438.5", "problem.date_excel_serial"),
        ("41438,25", "problem.date_excel_serial"),
        (" 41438 ", "problem.date_excel_serial"),
        # day and month in some order
        ("13/06/2013", "problem.date_ambiguous"),
        ("6/13/2013", "problem.date_ambiguous"),
        ("05/06/2013", "problem.date_ambiguous"),
        ("13.06.2013", "problem.date_ambiguous"),
        ("13-06-2013", "problem.date_ambiguous"),
        ("1/2/13", "problem.date_ambiguous"),
        # not a date at all
        ("", "problem.date_format"),
        ("   ", "problem.date_format"),
        ("June 2013", "problem.date_format"),
        ("våren 2013", "problem.date_format"),
        ("2013/06/13", "problem.date_format"),
        ("20130613", "problem.date_format"),
        ("201306", "problem.date_format"),
        ("13", "problem.date_format"),
        ("2013-06-13T10:00", "problem.date_format"),
        ("2013-06-13 00:00:00", "problem.date_format"),
        ("2013-", "problem.date_format"),
        ("2013--06", "problem.date_format"),
        ("2013-06-13-01", "problem.date_format"),
        ("2013-006", "problem.date_format"),
        ("c. 2013", "problem.date_format"),
    ],
)
def test_invalid_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_partial_date(text)
    assert caught.value.reason == reason
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    "reason",
    ["problem.date_impossible", "problem.date_excel_serial", "problem.date_ambiguous", "problem.date_format"],
)
def test_every_reason_has_a_message(reason: str) -> None:
    assert MESSAGES["en"][reason].strip()


def test_date_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="problem.date_impossible"):
        parse_partial_date("2013-02-30")


def test_partial_date_is_immutable() -> None:
    parsed = parse_partial_date("2013-06")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.text = "2014"  # type: ignore[misc]


def test_year_and_month_cover_their_whole_period() -> None:
    year, month, day = parse_partial_date("2013"), parse_partial_date("2013-06"), parse_partial_date("2013-06-13")
    assert year.start <= month.start <= day.start <= day.end <= month.end <= year.end
    assert (month.end - month.start).days == 29
    assert (year.end - year.start).days == 364
