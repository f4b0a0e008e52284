"""Bytes of a CSV file or an XLSX workbook -> a typed frame of one kind plus a list of problems.

The bundled files, uploads and the command line go through this same path, in three steps: what the bytes are
(`reading.sniff_format`: a workbook, text, or something that is neither), the file as a table of text with its
header and Excel row numbers (`reading.read_table`, `xlsx.read_sheet`), and that table typed column by column
against the data contract (`typed.typed_frame`), optionally after renaming the file's headers to the
contract's columns (a column mapping) and giving columns one value for the whole file (constants). Every problem
names the file, the row as Excel shows it (header = row 1), the column as the analyst wrote it and the value.

An upload's reading is bounded (cooperation.limits): its size, rows, columns and cells, a workbook's unpacked size,
and a wall-clock budget, each hit with one sentence. Its kind is never switched silently: a file whose name, sheet
or columns name a kind is read as that kind (a missing required column is named), and a kind guessed from the
columns alone must be confirmed (`kind=`) before the file is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from cooperation.ingest.kinds import KindSource, kind_from_headers, kind_of
from cooperation.ingest.raw import RawTable, Unreadable, format_size, normalise_header
from cooperation.ingest.reading import read_table, sniff_format
from cooperation.ingest.typed import typed_frame
from cooperation.ingest.xlsx import read_sheet
from cooperation.limits import Budget, Limits, OutOfTime
from cooperation.problems import Problem
from cooperation.schema import KINDS, Kind


@dataclass
class IngestResult:
    """What reading one file gave: its kind (and how it was found), the typed rows, the problems and how it was
    read."""

    file: str
    kind: Kind | None
    frame: pd.DataFrame
    problems: list[Problem]
    encoding: str | None = None  # "xlsx" for a workbook
    delimiter: str | None = None
    readable: bool = True
    sheet: str | None = None  # the workbook's sheet that was read
    header: list[str] | None = None  # the header cells as written in the file
    kind_source: KindSource | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def accepted(self) -> bool:
        """True when the file could be stored as it is."""
        return self.readable and not self.errors

    @property
    def kind_guessed(self) -> bool:
        """True when the kind was guessed from the columns and waits to be confirmed."""
        return self.kind_source == "guess"


def ingest_bytes(data: bytes, filename: str, kind: str | None = None, limits: Limits | None = None,
                 sheet: str | None = None, mapping: dict[str, str | None] | None = None, upload: bool = False,
                 constants: dict[str, str] | None = None, progress: Callable[[float], None] | None = None
                 ) -> IngestResult:
    """Read `data` (the bytes of `filename`, a CSV file or an XLSX workbook) as records of `kind`.

    The kind is found when None: from the file name (English, Swedish or Chinese), the sheet's name, or the columns;
    see `kind_of`. `sheet` chooses a workbook's sheet (default: the one named after the kind, else the first).
    `mapping` renames the file's headers (as written; compared trimmed and case-insensitively) to the contract's
    columns before typing; a header mapped to nothing ("" or None) is not read, whatever its name, and one left out
    of the mapping is read when it is a contract column. `constants` gives contract columns one value for every row
    (`{"side": "dalarna"}`). Problems about a mapped column name the analyst's header. `upload`: the file is an
    analyst's upload (the app's upload page, the command line), so it is read within `limits` and their time budget
    (`progress` is told the share done, and may raise to stop the work), a file with a header but no records is an
    error, a kind guessed from the columns must be confirmed, and text that a spreadsheet would run as a formula
    gets a warning; the store's and the bundled files are read without.

    A clean UTF-8 file is split into fields by pyarrow (split_fast.fast_read); anything it cannot read exactly as the
    csv module would is read by the csv module. Both give the same frame and problems; only the speed differs.
    """
    limits = limits or Limits()
    wanted = KINDS.get(kind or "")

    def unreadable(reason: Unreadable, encoding: str | None = None, sheet_read: str | None = None) -> IngestResult:
        problem = Problem(filename, reason.key, row=reason.row, params=reason.params)
        return IngestResult(filename, wanted, pd.DataFrame(), [problem], reason.encoding or encoding,
                            reason.delimiter, readable=False, sheet=sheet_read)

    if not data or data.isspace():  # data.strip() would copy a large file
        return unreadable(Unreadable("problem.empty_file"))
    if len(data) > limits.max_bytes:
        return unreadable(Unreadable("problem.too_large", size=format_size(len(data)),
                                     limit=format_size(limits.max_bytes)))
    budget = Budget(limits.seconds if upload else None, progress)
    form = None
    try:
        form = sniff_format(data, filename)
        if form == "xlsx":
            table = read_sheet(data, filename, sheet, limits, kind=kind, budget=budget)
        else:
            table = read_table(data, filename, limits, budget)
        return _typed_result(table, filename, kind, mapping, upload, constants, limits, budget)
    except Unreadable as reason:
        return unreadable(reason, "xlsx" if form == "xlsx" else None, sheet)
    except OutOfTime:
        return unreadable(Unreadable("problem.too_slow", seconds=f"{limits.seconds:g}"),
                          "xlsx" if form == "xlsx" else None, sheet)


def _typed_result(table: RawTable, filename: str, kind: str | None, mapping: dict[str, str | None] | None,
                  upload: bool, constants: dict[str, str] | None, limits: Limits, budget: Budget) -> IngestResult:
    header = table.header
    headers = [normalise_header(h) for h in header]

    def result(chosen: Kind | None, problems: list[Problem], source: KindSource | None = None,
               frame: pd.DataFrame | None = None, readable: bool = False) -> IngestResult:
        return IngestResult(filename, chosen, pd.DataFrame() if frame is None else frame, problems, table.encoding,
                            table.delimiter, readable=readable, sheet=table.sheet, header=header, kind_source=source)

    if not any(headers):
        return result(KINDS.get(kind or ""), [Problem(filename, "problem.no_header")])
    unknown_targets = _unknown_targets(mapping, constants, filename)
    if kind:
        chosen: Kind | None = KINDS[kind]
        source: KindSource | None = "given"
    else:
        chosen, source = kind_of(filename, table.sheet, _mapped_headers(headers, mapping, constants))
        if not upload and source == "columns":  # the store's and bundled files: the fitting kind, as before
            chosen = kind_from_headers(_mapped_headers(headers, mapping, constants)) or chosen
    if unknown_targets and chosen is None:
        return result(None, unknown_targets)
    if chosen is None:
        return result(None, [Problem(filename, "problem.unknown_kind")])
    frame, typed_problems = typed_frame(table.raw, header, chosen, filename, stripped=table.stripped,
                                        mapping=mapping, upload=upload, constants=constants,
                                        max_cell_chars=limits.max_cell_chars, budget=budget if upload else None)
    problems = table.problems + typed_problems
    if upload and source == "guess":
        problems.insert(0, Problem(filename, "problem.kind_guessed", params={"kind": chosen.name}))
    return result(chosen, problems, source, frame, readable=True)


def _unknown_targets(mapping: dict[str, str | None] | None, constants: dict[str, str] | None,
                     filename: str) -> list[Problem]:
    """A problem for each mapping target or constant that is no column of any kind (a typing slip in `--map`)."""
    every = {name for k in KINDS.values() for name in k.column_names}
    problems = [Problem(filename, "problem.mapping_no_such_column", column=str(header).strip(),
                        params={"target": target, "columns": ", ".join(sorted(every))})
                for header, target in (mapping or {}).items()
                if target and normalise_header(target) not in every]
    problems += [Problem(filename, "problem.constant_no_such_column", column=name,
                         params={"columns": ", ".join(sorted(every))})
                 for name in (constants or {}) if normalise_header(name) not in every]
    return problems


def _mapped_headers(headers: list[str], mapping: dict[str, str | None] | None,
                    constants: dict[str, str] | None = None) -> list[str]:
    """The normalised headers as the mapping renames them, and the constants' columns (for finding the kind)."""
    if mapping:
        mapped = {normalise_header(k): normalise_header(v or "") for k, v in mapping.items()}
        headers = [mapped.get(h, h) for h in headers]
    return headers + [normalise_header(name) for name in (constants or {})]


__all__ = ["IngestResult", "ingest_bytes"]
