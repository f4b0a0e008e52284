"""Bytes of a CSV file or an XLSX workbook -> a typed frame of one kind plus a list of problems.

The bundled files, uploads and the command line go through this same path, in three steps: what the bytes are
(`reading.sniff_format`: a workbook, text, or something that is neither), the file as a table of text with its
header and Excel row numbers (`reading.read_table`, `xlsx.read_sheet`), and that table typed column by column
against the data contract (`validation.typed_frame`), optionally after renaming the file's headers to the
contract's columns (a column mapping). Every problem names the file, the row as Excel shows it (header = row 1),
the column as the analyst wrote it and the value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from cooperation.problems import Problem, Severity
from cooperation.reading import (
    NFC_SAFE_RANGES,
    RawTable,
    Unreadable,
    _format_size,
    normalise_header,
    read_table,
    sniff_format,
)
from cooperation.schema import KINDS, Kind, kind_for_file
from cooperation.validation import EARLIEST_YEAR, kind_from_headers, parse_number, parsed_date, typed_frame

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an ingest accepts; configurable, with defaults that suit analysts' files."""

    max_bytes: int = 50 * MB
    max_rows: int = 200_000


ENV_MAX_MB = "DASHBOARD_MAX_UPLOAD_MB"
ENV_MAX_ROWS = "DASHBOARD_MAX_UPLOAD_ROWS"


def limits_from_environment(environ: dict[str, str] | None = None) -> Limits:
    """The upload limits: DASHBOARD_MAX_UPLOAD_MB (megabytes, may be fractional) and DASHBOARD_MAX_UPLOAD_ROWS,
    each defaulting to Limits()'s. The app and the command line both read them here.

    Raises ValueError naming the variable when one is set to something that is not a positive number.
    """
    env = os.environ if environ is None else environ
    default = Limits()
    max_bytes, max_rows = default.max_bytes, default.max_rows
    if (text := env.get(ENV_MAX_MB, "").strip()):
        try:
            megabytes = float(text)
        except ValueError:
            megabytes = -1
        if not megabytes > 0 or megabytes != megabytes or megabytes == float("inf"):
            raise ValueError(f"{ENV_MAX_MB} must be a positive number of megabytes, not {text!r}")
        max_bytes = int(megabytes * MB)
    if (text := env.get(ENV_MAX_ROWS, "").strip()):
        try:
            max_rows = int(text.replace("_", ""))
        except ValueError:
            max_rows = -1
        if max_rows <= 0:
            raise ValueError(f"{ENV_MAX_ROWS} must be a positive whole number of rows, not {text!r}")
    return Limits(max_bytes=max_bytes, max_rows=max_rows)


@dataclass
class IngestResult:
    """What reading one file gave: its kind, the typed rows, the problems and how it was read."""

    file: str
    kind: Kind | None
    frame: pd.DataFrame
    problems: list[Problem]
    encoding: str | None = None  # "xlsx" for a workbook
    delimiter: str | None = None
    readable: bool = True
    sheet: str | None = None  # the workbook's sheet that was read
    header: list[str] | None = None  # the header cells as written in the file

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def accepted(self) -> bool:
        """True when the file could be stored as it is."""
        return self.readable and not self.errors


def ingest_bytes(data: bytes, filename: str, kind: str | None = None, limits: Limits = Limits(),
                 sheet: str | None = None, mapping: dict[str, str | None] | None = None, upload: bool = False
                 ) -> IngestResult:
    """Read `data` (the bytes of `filename`, a CSV file or an XLSX workbook) as records of `kind`.

    The kind is guessed when None: from the file name, the sheet's name, or the columns. `sheet` chooses a
    workbook's sheet (default: the one named after the kind, else the first). `mapping` renames the file's headers
    (as written; compared trimmed and case-insensitively) to the contract's columns before typing; a header mapped
    to nothing ("" or None) or left out of the mapping and not a contract column is ignored, with an info-level
    note. Problems about a mapped column name the analyst's header. `upload`: the file is an analyst's upload (the
    app's upload page, the command line), so a file with a header but no records is an error and text that a
    spreadsheet would run as a formula gets a warning; the store's and the bundled files are read without.

    A clean UTF-8 file is split into fields by pyarrow (reading._fast_read); anything it cannot read exactly as the
    csv module would is read by the csv module. Both give the same frame and problems; only the speed differs.
    """
    wanted = KINDS.get(kind or "")

    def unreadable(reason: Unreadable, encoding: str | None = None, sheet_read: str | None = None) -> IngestResult:
        problem = Problem(filename, reason.key, params=reason.params)
        return IngestResult(filename, wanted, pd.DataFrame(), [problem], reason.encoding or encoding,
                            reason.delimiter, readable=False, sheet=sheet_read)

    if not data or data.isspace():  # data.strip() would copy a large file
        return unreadable(Unreadable("problem.empty_file"))
    if len(data) > limits.max_bytes:
        return unreadable(Unreadable("problem.too_large", limit=_format_size(limits.max_bytes)))
    try:
        form = sniff_format(data, filename)
    except Unreadable as reason:
        return unreadable(reason)
    try:
        if form == "xlsx":
            from cooperation.xlsx import read_sheet

            table = read_sheet(data, filename, sheet, limits.max_rows, kind=kind)
        else:
            table = read_table(data, filename, limits.max_rows)
    except Unreadable as reason:
        return unreadable(reason, "xlsx" if form == "xlsx" else None, sheet)
    return _typed_result(table, filename, kind, mapping, upload)


def _typed_result(table: RawTable, filename: str, kind: str | None, mapping: dict[str, str | None] | None,
                  upload: bool) -> IngestResult:
    header = table.header
    headers = [normalise_header(h) for h in header]
    if not any(headers):
        problem = Problem(filename, "problem.no_header")
        return IngestResult(filename, KINDS.get(kind or ""), pd.DataFrame(), [problem], table.encoding,
                            table.delimiter, readable=False, sheet=table.sheet, header=header)
    if kind:
        chosen: Kind | None = KINDS[kind]
    else:
        chosen = kind_for_file(filename) or (kind_for_file(table.sheet + ".csv") if table.sheet else None)
        if chosen is None:
            chosen = kind_from_headers(_mapped_headers(headers, mapping))
    if chosen is None:
        problem = Problem(filename, "problem.unknown_kind")
        return IngestResult(filename, None, pd.DataFrame(), [problem], table.encoding, table.delimiter,
                            readable=False, sheet=table.sheet, header=header)
    frame, typed_problems = typed_frame(table.raw, header, chosen, filename, stripped=table.stripped,
                                        mapping=mapping, upload=upload)
    return IngestResult(filename, chosen, frame, table.problems + typed_problems, table.encoding, table.delimiter,
                        sheet=table.sheet, header=header)


def _mapped_headers(headers: list[str], mapping: dict[str, str | None] | None) -> list[str]:
    """The normalised headers as the mapping renames them (for guessing the kind)."""
    if not mapping:
        return headers
    mapped = {normalise_header(k): normalise_header(v or "") for k, v in mapping.items()}
    return [mapped.get(h, h) for h in headers]


__all__ = ["EARLIEST_YEAR", "ENV_MAX_MB", "ENV_MAX_ROWS", "NFC_SAFE_RANGES", "IngestResult", "Limits", "Problem",
           "Severity", "ingest_bytes", "limits_from_environment", "parse_number", "parsed_date"]
