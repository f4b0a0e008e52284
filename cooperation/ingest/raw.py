"""What reading a file gives: its header and records as text (RawTable), or why it cannot be read (Unreadable).

Shared by the readers of every format (reading, split_plain, split_fast, xlsx) and the steps after them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

import pandas as pd

from cooperation.problems import Problem

FIELD_LIMIT = csv.field_size_limit()  # the csv module refuses longer fields


class Unreadable(Exception):
    """The file cannot be read at all; `key` (with `params`) says why in one sentence, at `row` when it is about one
    row (as Excel shows it)."""

    def __init__(self, key: str, encoding: str | None = None, delimiter: str | None = None, row: int | None = None,
                 **params: object) -> None:
        super().__init__(key)
        self.key, self.encoding, self.delimiter, self.row, self.params = key, encoding, delimiter, row, params


@dataclass
class RawTable:
    """A file read as text: its header cells as written, the records (text, indexed by Excel row, one column per
    header cell), problems found while splitting, and how it was read."""

    header: list[str]
    raw: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    stripped: bool = False  # values already trimmed
    sheet: str | None = None


def normalise_header(header: object) -> str:
    """A header cell as the contract compares it: trimmed, lower-case, inner white space as `_`."""
    return re.sub(r"\s+", "_", str(header).strip().lstrip("\ufeff").strip().lower())


def format_size(size: int) -> str:
    """A size in bytes as people say it: `50 MB`, `1.5 MB`, `1.01 GB` (never `1e+03 MB`)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}" if size < 1000 * factor else f"{size / factor:,.0f} {unit}"
    return f"{size} bytes"


__all__ = ["FIELD_LIMIT", "RawTable", "Unreadable", "format_size", "normalise_header"]
