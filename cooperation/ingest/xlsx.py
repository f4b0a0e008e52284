"""An XLSX workbook's sheet -> the same table of text a CSV file gives (header cells, records by Excel row).

Read with openpyxl in read-only mode, row by row and only the cells the sheet's XML holds, so a large sheet is never
held as cells, its stated dimension cannot blow a row up to 16,384 cells, and the reading stops at the row limit. A
workbook whose parts unpack to more than the limits is refused before any is unpacked.
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
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import IO
from xml.etree import ElementTree

import pandas as pd

from cooperation.cells import shortened
from cooperation.ingest.raw import RawTable, Unreadable, format_size
from cooperation.limits import Budget, Limits, OutOfTime
from cooperation.problems import Problem
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


def workbook_sheets(data: bytes, limits: Limits | None = None) -> list[str]:
    """The names of the workbook's worksheets, in the workbook's order ([] when it cannot be opened, or is beyond
    `limits`: opening a workbook reads all its text cells)."""
    try:
        check_parts(data, limits or Limits())
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


def check_parts(data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts would unpack to more than the limits allow, before any is unpacked.

    The sizes come from the zip's directory; Python's zipfile never unpacks more than a part says it holds (it stops
    there and finds the checksum wrong), so a part cannot lie its way past the limit.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Unreadable("problem.xlsx_broken", "xlsx") from None
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.max_workbook_bytes:
        raise Unreadable("problem.workbook_too_large", "xlsx", size=format_size(unpacked),
                         limit=format_size(limits.max_workbook_bytes))
    strings = sum(part.file_size for part in parts if part.filename.lower().endswith("sharedstrings.xml"))
    if strings > limits.max_shared_strings_bytes:
        raise Unreadable("problem.shared_strings_too_large", "xlsx", size=format_size(strings),
                         limit=format_size(limits.max_shared_strings_bytes))


class _Counted:
    """A readable part that counts the bytes read from it (the reading's progress)."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.read_bytes = source, 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.read_bytes += len(data)
        return data


def _sheet_rows(book, worksheet, budget: Budget | None) -> Iterator[tuple[int, list[tuple[int, object]]]]:
    """(Excel row number, [(column number, value)]) for every row the sheet's XML holds, cells without a value left
    out: only what is there, whatever the sheet says its dimension is (`A1:XFD1048576` would make openpyxl's own
    rows 16,384 cells wide and fill every gap with empty rows). An empty cell (formatting only) is skipped without
    openpyxl's parsing of a cell, and parsed rows are let go as they are read."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import WorkSheetParser

    source = worksheet._get_source()
    size = max(1, book._archive.getinfo(worksheet._worksheet_path).file_size)
    counted = _Counted(source)
    parser = WorkSheetParser(counted, worksheet._shared_strings, data_only=True, epoch=book.epoch,
                             date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    sheet_data = None
    try:
        for event, element in ElementTree.iterparse(counted, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA:
                    sheet_data = element
                continue
            if element.tag != _ROW:
                continue
            if budget is not None:
                budget.check(0.1 + 0.7 * counted.read_bytes / size)
            reference = element.get("r")
            parser.row_counter = int(float(reference)) if reference else parser.row_counter + 1
            parser.col_counter = 0
            cells = []
            for cell in element:
                if len(cell):  # a value, a formula or an inline string
                    found = parser.parse_cell(cell)
                    if found["value"] is not None:
                        cells.append((found["column"], found["value"]))
                elif (coordinate := cell.get("r")) is not None:  # empty: only where the next one is counts
                    parser.col_counter = coordinate_to_tuple(coordinate)[1]
                else:
                    parser.col_counter += 1
            if sheet_data is not None:
                sheet_data.clear()  # the rows read so far: nothing keeps them
            yield parser.row_counter, cells
    finally:
        source.close()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _SHEET_DATA = _MAIN + "row", _MAIN + "sheetData"


def _texts(cells: list[tuple[int, object]], width: int | None = None) -> tuple[list[str], list[str]]:
    """The texts of a row's first `width` columns (all, up to its last filled one, when None), and the non-empty
    texts beyond them."""
    texts = {column: cell_text(value) for column, value in cells}
    filled = [column for column, text in texts.items() if text.strip()]
    shown = width if width is not None else max(filled, default=0)
    row = [texts.get(column, "") for column in range(1, shown + 1)]
    beyond = [texts[column].strip() for column in sorted(filled) if column > shown]
    return row, beyond


def read_sheet(data: bytes, filename: str, sheet: str | None, limits: Limits, kind: str | None = None,
               budget: Budget | None = None) -> RawTable:
    """The header (first non-blank row, up to its last named cell) and records of one sheet; record numbers are
    Excel's row numbers.

    Raises Unreadable for a workbook beyond the limits, a damaged workbook, a missing or empty sheet, a header wider
    than `limits.max_columns` or more records than `limits.max_rows`; OutOfTime when `budget` runs out.
    """
    check_parts(data, limits)
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
                for number, cells in _sheet_rows(book, worksheet, budget):
                    if header is None:
                        texts, _ = _texts(cells)
                        if any(text.strip() for text in texts):
                            header = [text.strip() for text in texts]
                            if len(header) > limits.max_columns:
                                raise Unreadable("problem.too_many_columns", "xlsx", columns=f"{len(header):,}",
                                                 limit=f"{limits.max_columns:,}")
                        continue
                    record, extra = _texts(cells, len(header))
                    if not any(text.strip() for text in record) and not extra:
                        continue
                    if len(rows) >= limits.max_rows:
                        raise Unreadable("problem.too_many_rows", "xlsx", limit=f"{limits.max_rows:,}")
                    if extra:
                        shown = shortened(" | ".join(extra))
                        problems.append(Problem(filename, "problem.extra_values", row=number, value=shown,
                                                params={"extra": shown}))
                    rows.append(number)
                    values.append(record)
        except (Unreadable, OutOfTime):
            raise
        except Exception as exc:  # a damaged sheet part
            raise Unreadable("problem.xlsx_broken", "xlsx") from exc
    finally:
        book.close()
    if header is None:
        raise Unreadable("problem.empty_sheet", "xlsx", sheet=name)
    raw = pd.DataFrame(values, index=pd.Index(rows, dtype="int64"), columns=range(len(header)), dtype=object)
    return RawTable(header, raw, problems, "xlsx", None, stripped=False, sheet=name)


def read_sheet_header(data: bytes, sheet: str | None = None, kind: str | None = None,
                      limits: Limits | None = None) -> list[str]:
    """The header cells (first non-blank row, up to its last named cell) of one sheet as written; [] when there is
    none or the workbook cannot be read within `limits` (the ingest says why)."""
    limits = limits or Limits()
    try:
        check_parts(data, limits)
        book = _open(data)
    except Unreadable:
        return []
    try:
        name = chosen_sheet([ws.title for ws in book.worksheets], sheet, kind)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _, cells in _sheet_rows(book, book[name], Budget(limits.seconds)):
                texts, _ = _texts(cells)
                if any(text.strip() for text in texts):
                    return [text.strip() for text in texts]
    except Exception:  # a damaged or missing sheet, or one too slow to read: the ingest says why
        return []
    finally:
        book.close()
    return []


__all__ = ["cell_text", "check_parts", "chosen_sheet", "is_workbook", "read_sheet", "read_sheet_header",
           "workbook_sheets"]
