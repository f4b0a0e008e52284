"""A decoded CSV text -> its header and records, split by Python's csv module: the plain reading, which every file can
take and which the fast one (split_fast) is tested against."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pandas as pd

from cooperation.cells import shortened
from cooperation.ingest.decoding import DELIMITERS, decode, sniff_delimiter
from cooperation.ingest.raw import FIELD_LIMIT, Unreadable
from cooperation.limits import Budget, Limits
from cooperation.problems import Problem

# A run of delimiters (with spaces) at a line's end, from its first delimiter: empty cells that Excel writes for a
# sheet once touched far to the right. The look-behind lets only a run's first delimiter start a match (linear time).
_TRAILING = {d: re.compile("(?<!" + re.escape(d) + ")(?:" + re.escape(d) + ("[ ]" if d == "\t" else "[ \t]")
                           + "*+)++(?=\r\n|\n|\r|\\Z)") for d in DELIMITERS}


def drop_trailing_delimiters(text: str, delimiter: str) -> str:
    """`text` without the runs of empty cells at its lines' ends, when it has long ones (else `text` itself).

    The same records as the csv module's with their trailing empty cells dropped, without the csv module making a
    list of millions of empty cells first: a run inside a quoted value (an odd number of quotes before it) is kept.
    """
    if delimiter * 32 not in text:
        return text
    pattern = _TRAILING[delimiter]
    if '"' not in text:
        return pattern.sub("", text)
    pieces: list[str] = []
    last = quotes = 0
    for match in pattern.finditer(text):
        quotes += text.count('"', last, match.start())
        pieces.append(text[last:match.start()])
        if quotes % 2:
            pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def read_header(data: bytes) -> list[str]:
    """The header cells of the CSV file `data` as written (trimmed), read from its beginning only."""
    prefix = data[:1 << 20]
    text, encoding = decode(prefix, partial=len(data) > len(prefix))
    if text is None:
        return []
    text = unicodedata.normalize("NFC", text).lstrip("\ufeff")
    delimiter = sniff_delimiter(text)
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True):
            if any(value.strip() for value in record):
                return [value.strip().lstrip("\ufeff").strip() for value in record[:filled_width(record)]]
    except csv.Error:
        return []
    return []


def filled_width(record: list[str]) -> int:
    """How many cells `record` has up to its last one that is not empty (white space is empty)."""
    width = len(record)
    while width and not record[width - 1].strip():
        width -= 1
    return width


def read_records(text: str, delimiter: str, limits: Limits, encoding: str, budget: Budget | None = None
                  ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data records, each with its row number as Excel shows it, trailing empty cells dropped.

    Every record is one Excel row: a blank line is an (empty) row, and a quoted value that spans
    several lines is still one row. Blank lines before the header are skipped but counted.
    Raises Unreadable for more than `limits.max_rows` records, a header wider than `limits.max_columns` (once its
    trailing empty cells are dropped), a value too long for the csv module, or any other csv error.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    lines = text.count("\n") + 1
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if budget is not None and not number % 2_000:
                budget.check(0.1 + 0.6 * reader.line_num / lines)
            del record[filled_width(record):]
            if header is None:
                if record:
                    header = record
                    if len(header) > limits.max_columns:
                        raise Unreadable("problem.too_many_columns", encoding, delimiter, columns=f"{len(header):,}",
                                         limit=f"{limits.max_columns:,}")
                continue
            if len(records) >= limits.max_rows:
                raise Unreadable("problem.too_many_rows", encoding, delimiter, limit=f"{limits.max_rows:,}")
            records.append((number, record))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise Unreadable("problem.cell_too_long_to_read", encoding, delimiter, row=number + 1,
                             limit=f"{min(limits.max_cell_chars, FIELD_LIMIT):,}") from None
        raise Unreadable("problem.unparsable", encoding, delimiter,
                         detail=str(exc).strip().rstrip(".") + ".") from None
    return header or [], records


def raw_frame(header: list[str], records: list[tuple[int, list[str]]], filename: str,
               budget: Budget | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The non-blank records as a frame of text indexed by Excel row, cut to the header's width.

    Values beyond the header's last column are a problem (usually a delimiter in an unquoted value),
    unless they are empty (a trailing delimiter).
    """
    width = len(header)
    problems: list[Problem] = []
    rows: list[int] = []
    values: list[list[str]] = []
    for position, (number, record) in enumerate(records):
        if budget is not None and not position % 5_000:
            budget.check(0.7 + 0.1 * position / len(records))
        extra = [value.strip() for value in record[width:] if value.strip()]
        if extra:
            shown = shortened(" | ".join(extra))
            problems.append(Problem(filename, "problem.extra_values", row=number, value=shown,
                                    params={"extra": shown}))
        cells = (record + [""] * width)[:width]
        if extra or any(value.strip() for value in cells):
            rows.append(number)
            values.append(cells)
    raw = pd.DataFrame(values, index=pd.Index(rows, dtype="int64"), columns=range(width), dtype=object)
    return raw, problems


__all__ = ["drop_trailing_delimiters", "filled_width", "raw_frame", "read_header", "read_records"]
