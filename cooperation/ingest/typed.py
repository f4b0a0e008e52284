"""A table of text -> a typed frame of one kind, and the problems of each value.

Every value is read as text and converted column by column (each distinct value once), so that each problem names
the file, the row as Excel shows it (header = row 1), the column and the value.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from cooperation.ingest.columns import BLOCKING, column_positions
from cooperation.ingest.convert_dates import convert_dates
from cooperation.ingest.convert_numbers import convert_numbers
from cooperation.ingest.convert_text import convert_choices, convert_parties
from cooperation.ingest.raw import normalise_header
from cooperation.ingest.rows import derived_ids, duplicate_ids, row_checks
from cooperation.ingest.text_checks import MAX_CELL_CHARS, strip_invisible, text_checks
from cooperation.ingest.text_columns import byte_lengths, empty_as_missing
from cooperation.limits import Budget
from cooperation.problems import Problem
from cooperation.schema import Column, Kind, header_lookup


def typed_frame(raw: pd.DataFrame, header: list[str], kind: Kind, filename: str, stripped: bool = False,
                mapping: dict[str, str | None] | None = None, upload: bool = False,
                constants: dict[str, str] | None = None, max_cell_chars: int = MAX_CELL_CHARS,
                budget: Budget | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed frame of `kind` from the text frame `raw` (values already trimmed when `stripped`), whose
    columns are the file's `header` cells, renamed by `mapping` when given, with the columns of `constants` given
    one value for every row.

    A problem about a column that came from the mapping names the analyst's header, not the contract's name.
    Invisible characters are removed from every value read (a warning each). `upload`: an analyst's file, so also
    a file without records is an error and formula-looking text is flagged.
    """
    positions, shown, problems = column_positions(header, kind, filename, mapping, constants)
    if any(p.key in BLOCKING for p in problems):
        return pd.DataFrame(columns=kind.column_names), problems
    raw, constant_problems = _with_constants(raw, positions, kind, constants or {}, filename)
    if constant_problems:
        return pd.DataFrame(columns=kind.column_names), problems + constant_problems
    frame, typed = _typed_frame(raw, positions, kind, filename, stripped, upload, max_cell_chars, budget)
    if upload and not len(frame):
        typed.insert(0, Problem(filename, "problem.no_rows"))
    if shown:
        typed = [replace(p, column=shown[p.column]) if p.column in shown else p for p in typed]
    return frame, problems + typed


def _with_constants(raw: pd.DataFrame, positions: dict[str, int], kind: Kind, constants: dict[str, str],
                    filename: str) -> tuple[pd.DataFrame, list[Problem]]:
    """`raw` with one more column per constant (its value in every row; positions updated), or the problems of a
    constant's value (said once, for the whole file, not once per row)."""
    lookup = header_lookup(kind)
    problems: list[Problem] = []
    added: dict[int, pd.Series] = {}
    for name, value in constants.items():
        column = kind.column(lookup[normalise_header(name)])
        text = strip_invisible(pd.Series([str(value).strip()], dtype="string"), column.name, filename)[0].iloc[0]
        _, found = convert(pd.Series([text], index=[0], dtype="string"), column, filename)
        problems += [replace(p, row=None, params={**p.params, "whole_file": True}) for p in found
                     if p.severity == "error"]
        position = len(raw.columns) + len(added)
        added[position] = pd.Series(text, index=raw.index, dtype="string")
        positions[column.name] = position
    if problems or not added:
        return raw, problems
    return pd.concat([raw, pd.DataFrame(added, index=raw.index)], axis=1), []


def _typed_frame(raw: pd.DataFrame, positions: dict[str, int], kind: Kind, filename: str, stripped: bool,
                 upload: bool = False, max_cell_chars: int = MAX_CELL_CHARS, budget: Budget | None = None
                 ) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    columns: dict[str, pd.Series] = {}
    parsed: dict[str, tuple[np.ndarray, list]] = {}
    for number, column in enumerate(kind.columns):
        if budget is not None:
            budget.check(0.8 + 0.2 * number / len(kind.columns))
        if column.name in positions:
            values = raw[positions[column.name]]
            if not stripped:
                values = values.astype("string").str.strip()
            values, invisible = strip_invisible(values, column.name, filename)
            problems.extend(invisible)
            converted, column_problems = convert(values, column, filename, parsed, upload, max_cell_chars)
            problems.extend(column_problems)
            if column.default is not None:
                lengths = byte_lengths(values)
                blank = values == "" if lengths is None else (lengths == 0 if (lengths >= 0).all() else None)
                if blank is None:
                    blank = values == ""
                if not isinstance(blank, np.ndarray) or blank.any():
                    # The default stands in for an empty cell, not for a value that was refused.
                    converted = converted.mask(blank, column.default)
        else:
            converted = _empty(column, raw.index)
            if column.default is not None:
                converted = converted.mask(pd.Series(True, index=raw.index), column.default)
        columns[column.name] = converted
    frame = pd.DataFrame(columns, index=raw.index) if columns else pd.DataFrame(index=raw.index)
    refused_currency = {p.row for p in problems if p.column == "currency" and p.severity == "error"}
    problems.extend(row_checks(frame, kind, filename, parsed, refused_currency))
    problems.extend(duplicate_ids(frame, filename))
    if frame["id"].isna().any():
        frame["id"] = frame["id"].fillna(derived_ids(frame, kind))
    frame.insert(0, "row", frame.index)
    return frame.reset_index(drop=True), problems


def _empty(column: Column, index: pd.Index) -> pd.Series:
    # Built on the frame's index: a bare Series(pd.NA) would give an empty frame a phantom row.
    return pd.Series(pd.NA, index=index, dtype="Float64" if column.type in ("number", "integer") else "string")


def convert(values: pd.Series, column: Column, filename: str, parsed: dict | None = None, upload: bool = False,
            max_cell_chars: int = MAX_CELL_CHARS) -> tuple[pd.Series, list[Problem]]:
    """Convert one column of text to its type; return the values and the problems found.

    Vectorised: each distinct value is parsed once (dates, choices, party lists, numbers that repeat), numbers
    that do not repeat are read by pyarrow. The problems are those a row-by-row reading gives, in the same order.
    A date column's parse (codes and per-value dates) goes into `parsed`, for the checks across columns.
    """
    problems: list[Problem] = []

    def problem(row: int, value: str, key: str, **params: object) -> None:
        problems.append(Problem(filename, key, row=int(row), column=column.name, value=value, params=params))

    lengths = byte_lengths(values)
    present = (values != "").to_numpy(dtype=bool, na_value=False) if lengths is None else lengths > 0
    if column.required and not present.all():
        for row in values.index[~present]:
            problem(row, "", "problem.required")
    if column.type in ("number", "integer"):
        return convert_numbers(values, present, column, problem), problems
    if column.type == "date":
        return convert_dates(values, present, column, problem, {} if parsed is None else parsed), problems
    if column.type == "choice":
        return convert_choices(values, present, lengths, column, problem), problems
    problems.extend(text_checks(values, column, filename, upload, lengths, max_cell_chars))
    out = values if present.all() else empty_as_missing(values, present)
    if column.type == "parties":
        out = convert_parties(values, out, column, problem)
    return out, problems


__all__ = ["typed_frame"]
