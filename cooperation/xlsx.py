"""An XLSX workbook's sheet -> the same table of text a CSV file gives (header cells, records by Excel row).

Read with openpyxl in read-only mode, row by row, so a large sheet is never held as cells, and cut at the row limit.
Cells that are real dates become `YYYY-MM-DD`; numbers become the shortest text that reads back as the same number
(never one that the ingest would find ambiguous, like `1.234`); a formula gives its last computed value.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
import zipfile
from datetime import date, datetime, time, timedelta

import pandas as pd

from cooperation.problems import Problem
from cooperation.reading import RawTable, Unreadable
from cooperation.schema import KINDS

_THREE_DECIMALS_TEXT = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")


def _open(data: bytes):  # -> openpyxl Workbook
    """The workbook, read-only with computed values; Unreadable when it is damaged or not a workbook."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError, AttributeError,
            IndexError) as exc:
        raise Unreadable("problem.xlsx_broken") from exc
    except Exception as exc:  # openpyxl raises its own and lxml's errors for a damaged part
        raise Unreadable("problem.xlsx_broken") from exc


def is_workbook(data: bytes) -> bool:
    """True when `data` is an XLSX workbook by its bytes (a zip with a workbook part), whatever the file's name."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def workbook_sheets(data: bytes) -> list[str]:
    """The names of the workbook's worksheets, in the workbook's order ([] when it cannot be opened)."""
    try:
        book = _open(data)
    except Unreadable:
        return []
    try:
        return [ws.title for ws in book.worksheets]
    finally:
        book.close()


def chosen_sheet(names: list[str], sheet: str | None, kind: str | None = None) -> str:
    """The sheet to read: `sheet` when given (exact, else ignoring case), else the one named after `kind`
    (`deals`, `deal`, `Deals`), else the first. Unreadable when the workbook has no such sheet or none at all."""
    if not names:
        raise Unreadable("problem.empty_file", "xlsx")
    if sheet is not None:
        if sheet in names:
            return sheet
        folded = [n for n in names if n.casefold() == sheet.casefold()]
        if folded:
            return folded[0]
        raise Unreadable("problem.sheet_missing", "xlsx", sheet=sheet, sheets=", ".join(names))
    if kind in KINDS:
        wanted = {kind, KINDS[kind].file.removesuffix(".csv")}
        for name in names:
            if name.strip().casefold() in wanted:
                return name
    return names[0]


def cell_text(value: object) -> str:
    """One cell's value as the text the ingest reads: dates as YYYY-MM-DD, numbers plainly, text trimmed of
    nothing (the typing trims), empty as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # a real date; a time of day in it says nothing the contract keeps
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = f"{value:.15f}".rstrip("0").rstrip(".")
        # "1.234" from a number cell is a number, not a question: written "1.2340" it reads back the same
        # and the ingest does not take it for a thousands separator.
        return text + "0" if _THREE_DECIMALS_TEXT.fullmatch(text) else text
    text = str(value)
    return unicodedata.normalize("NFC", text)


def _blank(cells: tuple) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_sheet(data: bytes, filename: str, sheet: str | None, max_rows: int, kind: str | None = None
               ) -> RawTable:
    """The header (first non-blank row) and records of one sheet; record numbers are Excel's row numbers.

    Raises Unreadable for a damaged workbook, a missing or empty sheet, or more records than `max_rows`.
    """
    book = _open(data)
    try:
        try:
            names = [ws.title for ws in book.worksheets]
        except Exception as exc:  # a workbook part that is missing or damaged
            raise Unreadable("problem.xlsx_broken", "xlsx") from exc
        name = chosen_sheet(names, sheet, kind)
        worksheet = book[name]
        header: list[str] | None = None
        rows: list[int] = []
        values: list[list[str]] = []
        problems: list[Problem] = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for number, cells in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                    if header is None:
                        if not _blank(cells):
                            header = [cell_text(c).strip() for c in cells]
                            while header and not header[-1]:
                                header.pop()
                        continue
                    if _blank(cells):
                        continue
                    if len(rows) >= max_rows:
                        raise Unreadable("problem.too_many_rows", "xlsx", limit=f"{max_rows:,}")
                    width = len(header)
                    record = [cell_text(c) for c in cells[:width]]
                    extra = [text for text in (cell_text(c).strip() for c in cells[width:]) if text]
                    if extra:
                        shown = " | ".join(extra)
                        problems.append(Problem(filename, "problem.extra_values", row=number, value=shown,
                                                params={"extra": shown}))
                    rows.append(number)
                    values.append(record + [""] * (width - len(record)))
        except Unreadable:
            raise
        except Exception as exc:  # a damaged sheet part
            raise Unreadable("problem.xlsx_broken", "xlsx") from exc
    finally:
        book.close()
    if header is None:
        raise Unreadable("problem.empty_sheet", "xlsx", sheet=name)
    raw = pd.DataFrame(values, index=pd.Index(rows, dtype="int64"), columns=range(len(header)), dtype=object)
    return RawTable(header, raw, problems, "xlsx", None, stripped=False, sheet=name)


def read_sheet_header(data: bytes, sheet: str | None = None, kind: str | None = None) -> list[str]:
    """The header cells (first non-blank row) of one sheet as written; [] when there is none."""
    try:
        book = _open(data)
    except Unreadable:
        return []
    try:
        name = chosen_sheet([ws.title for ws in book.worksheets], sheet, kind)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for cells in book[name].iter_rows(min_row=1, values_only=True):
                if not _blank(cells):
                    header = [cell_text(c).strip() for c in cells]
                    while header and not header[-1]:
                        header.pop()
                    return header
    except Exception:  # a damaged or missing sheet: the ingest says why
        return []
    finally:
        book.close()
    return []


__all__ = ["cell_text", "chosen_sheet", "is_workbook", "read_sheet", "read_sheet_header", "workbook_sheets"]
