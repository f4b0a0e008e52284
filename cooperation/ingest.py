"""Bytes of a CSV file -> a typed frame of one kind plus a list of problems.

The bundled files and (later) uploads go through this same path. Every value is read as text
first and converted column by column, so each problem names the file, the row as Excel shows it
(header = row 1), the column and the value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cooperation.dates import DateError, PartialDate, parse_partial_date
from cooperation.i18n import t
from cooperation.schema import KINDS, PARTY_SEPARATOR, Column, Kind, header_lookup, kind_for_file

Severity = Literal["error", "warning"]

EARLIEST_YEAR = 2000
_DELIMITERS = ",;\t"
_SPACES = re.compile(r"[ \u00a0\u2009\u202f]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:[.,]\d+)?")
_THREE_DECIMALS = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
_PARTY_SPLIT = re.compile(r"\s*\|\s*")
# A party list already written the normal way (`A | B`, no empty part, no white space at a part's ends): what
# _join_parties gives back unchanged.
_CANONICAL_PARTIES = re.compile(r"[^|\s](?:[^|]*[^|\s])?(?: \| [^|\s](?:[^|]*[^|\s])?)*")


@dataclass(frozen=True)
class Limits:
    """How much an ingest accepts; configurable, with defaults that suit analysts' files."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is, the value, and a message key saying what."""

    file: str
    key: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The problem as one sentence in `lang`."""
        reason = t(self.key, lang, **self.params)
        if self.row is not None and self.column is None:
            return t("problem.at_row", lang, file=self.file, row=self.row, reason=reason)
        if self.row is not None:
            return t("problem.at", lang, file=self.file, row=self.row, column=self.column, value=self.value,
                     reason=reason)
        if self.column is not None:
            return t("problem.at_column", lang, file=self.file, column=self.column, reason=reason)
        return t("problem.at_file", lang, file=self.file, reason=reason)


@dataclass
class IngestResult:
    """What reading one file gave: its kind, the typed rows, the problems and how it was read."""

    file: str
    kind: Kind | None
    frame: pd.DataFrame
    problems: list[Problem]
    encoding: str | None = None
    delimiter: str | None = None
    readable: bool = True

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def accepted(self) -> bool:
        """True when the file could be stored as it is."""
        return self.readable and not self.errors


def ingest_bytes(data: bytes, filename: str, kind: str | None = None, limits: Limits = Limits()) -> IngestResult:
    """Read `data` (the bytes of `filename`) as records of `kind` (guessed when None).

    A clean UTF-8 file is split into fields by pyarrow (`_fast_read`); anything it cannot read exactly as the csv
    module would (other encodings, decomposed text, extra values, a quote after a space, ...) is read by the csv
    module. Both give the same frame and problems; only the speed differs.
    """
    encoding: str | None = None
    delimiter: str | None = None

    def unreadable(key: str, **params: object) -> IngestResult:
        problem = Problem(filename, key, params=params)
        return IngestResult(filename, KINDS.get(kind or ""), pd.DataFrame(), [problem], encoding, delimiter,
                            readable=False)

    if not data or data.isspace():  # data.strip() would copy a large file
        return unreadable("problem.empty_file")
    if len(data) > limits.max_bytes:
        return unreadable("problem.too_large", limit=_format_size(limits.max_bytes))
    fast = _fast_read(data, limits.max_rows)
    if fast is not None:
        encoding, delimiter, header = fast.encoding, fast.delimiter, fast.header
        if fast.raw is None:
            return unreadable("problem.too_many_rows", limit=f"{limits.max_rows:,}")
    else:
        text, encoding = _decode(data)
        if text is None:
            return unreadable("problem.binary" if encoding == "binary" else "problem.undecodable")
        # One spelling per character, so that "ä" typed on a Mac (a + combining diaeresis) matches "ä".
        text = unicodedata.normalize("NFC", text)
        if not text.replace("\ufeff", "").strip():
            return unreadable("problem.empty_file")
        delimiter = _sniff_delimiter(text)
        try:
            header, records = _read_records(text, delimiter, limits.max_rows)
        except _TooManyRows:
            return unreadable("problem.too_many_rows", limit=f"{limits.max_rows:,}")
        except csv.Error as exc:
            return unreadable("problem.unparsable", detail=str(exc).strip().rstrip(".") + ".")
        del text
    headers = [_normalise_header(h) for h in header]
    if not any(headers):
        return unreadable("problem.no_header")

    chosen = KINDS[kind] if kind else (kind_for_file(filename) or _kind_from_headers(headers))
    if chosen is None:
        return unreadable("problem.unknown_kind")

    if fast is not None and fast.raw is not None:
        raw, problems = fast.raw, []
    else:
        raw, problems = _raw_frame(header, records, filename)
        del records
    frame, typed_problems = _typed_frame(raw, headers, chosen, filename, stripped=fast is not None)
    return IngestResult(filename, chosen, frame, problems + typed_problems, encoding, delimiter)


@dataclass
class _FastRead:
    """A file read by pyarrow: how, its header, and its records as text (None: more rows than allowed)."""

    encoding: str
    delimiter: str
    header: list[str]
    raw: pd.DataFrame | None


# Characters that are NFC whatever surrounds them (quick check Yes, combining class 0, never the second part of a
# composition): ASCII, Latin-1 and Latin Extended, spaces and punctuation, currency signs, CJK. Text made only of
# these needs no normalisation; a value with anything else sends the file to the csv module, which normalises.
# tests/test_ingest_fast.py checks every range against unicodedata.
NFC_SAFE_RANGES = ((0x00, 0x7F), (0x80, 0x2FF), (0x2002, 0x200A), (0x2010, 0x2027), (0x202F, 0x205E),
                   (0x20A0, 0x20BF), (0x2212, 0x2212), (0x3000, 0x3029), (0x3030, 0x303F), (0x3400, 0x4DBF),
                   (0x4E00, 0x9FFF), (0xFF01, 0xFF60))
_NOT_SURELY_NFC = "[^" + "".join(f"\\x{{{first:x}}}-\\x{{{last:x}}}" for first, last in NFC_SAFE_RANGES) + "]"
_FIELD_LIMIT = csv.field_size_limit()


def _fast_read(data: bytes, max_rows: int) -> _FastRead | None:
    """The records of a clean UTF-8 file split by pyarrow, or None when the csv module must read it.

    Clean: UTF-8 (with or without BOM), no NUL, the header on the first line and unquoted, every record as wide
    as the header, no field the csv module would refuse or read differently (a quote after leading spaces,
    which its `skipinitialspace` unquotes), text already in NFC. Record i is Excel row i + 2, as in the csv
    module's reading: a blank line is an (empty) record there too.
    """
    start, encoding = (3, "utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else (0, "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return None
    ends = [i for i in (data.find(b"\n", start, start + 1_000_000), data.find(b"\r", start, start + 1_000_000))
            if i >= 0]
    if not ends:
        return None
    try:
        line = data[start:min(ends)].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if '"' in line or not unicodedata.is_normalized("NFC", line):
        return None
    delimiter = _sniff_delimiter(line)
    header = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True))
    if not any(value.strip() for value in header):
        return None
    width = len(header)
    body = data if data.endswith((b"\n", b"\r")) else data + b"\n"
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(skip_rows=1, autogenerate_column_names=True,
                                           block_size=1 << 21 if len(body) > 1 << 24 else 1 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.large_string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowException, ValueError):
        return None
    del body
    if table.num_columns != width or any(not pa.types.is_large_string(t) for t in table.schema.types):
        return None
    rows, originals = table.num_rows, table.columns
    del table
    # the columns are checked and trimmed independently: on threads for a large file (arrow lets go of the GIL)
    if rows >= 20_000 and (os.cpu_count() or 1) > 1:
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            prepared = list(pool.map(_prepared, originals))
    else:
        prepared = [_prepared(column) for column in originals]
    del originals
    if any(p is None for p in prepared):
        return None
    if rows > max_rows:
        return _FastRead(encoding, delimiter, header, None)
    blank = np.ones(rows, dtype=bool)
    for _, empty in prepared:  # type: ignore[misc]
        blank &= empty
    index = pd.Index(np.arange(2, rows + 2), dtype="int64")
    raw = pd.DataFrame({i: pd.Series(pd.arrays.ArrowStringArray(column), index=index, copy=False)
                        for i, (column, _) in enumerate(prepared)})  # type: ignore[misc]
    if blank.any():
        raw = raw[~blank]
    return _FastRead(encoding, delimiter, header, raw)


def _prepared(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray] | None:
    """The column trimmed, and which of its values are empty; None when the csv module must read the file."""
    if len(column) and (pc.max(pc.binary_length(column)).as_py() or 0) > _FIELD_LIMIT:
        return None  # the csv module refuses the file; let it say so
    if pc.any(pc.starts_with(column, " ")).as_py() and pc.any(pc.match_substring_regex(column, '^ +"')).as_py():
        return None  # a quote after leading spaces: the csv module's skipinitialspace reads it differently
    if not _surely_nfc(column):
        return None  # the csv module's reading normalises the text
    padded, empty = _edges(column)
    if padded:
        column = pc.utf8_trim_whitespace(column)
        empty = pc.equal(pc.binary_length(column), 0).to_numpy(zero_copy_only=False)
    return column, empty


# Bytes a value may start or end with when it starts or ends with white space (str.isspace): ASCII white space, the
# lead bytes of U+0085, U+00A0, U+1680, U+2000-U+205F and U+3000, and the last bytes of those. A column with none at
# either end of any value needs no trimming; one with some is trimmed (a false alarm only costs the trimming).
_PADDING_FIRST = np.zeros(256, dtype=bool)
_PADDING_LAST = np.zeros(256, dtype=bool)
for _space in (c for c in range(0x3001) if chr(c).isspace()):
    _encoded = chr(_space).encode()
    _PADDING_FIRST[_encoded[0]] = _PADDING_LAST[_encoded[-1]] = True


def _edges(column: pa.ChunkedArray) -> tuple[bool, np.ndarray]:
    """Whether some value may have white space at an end (then the column is trimmed), and which values are empty.

    Read from the arrow buffers (offsets and bytes) with numpy: no copy of the column.
    """
    padded, empties = False, []
    for chunk in column.chunks:
        if chunk.null_count or not pa.types.is_large_string(chunk.type):
            return True, np.zeros(0, dtype=bool)
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1]
        empty = offsets[1:] == offsets[:-1]
        empties.append(empty)
        if not padded and chunk.buffers()[2] is not None and not empty.all():
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
            filled = ~empty
            padded = bool(_PADDING_FIRST[data[offsets[:-1][filled]]].any()
                          or _PADDING_LAST[data[offsets[1:][filled] - 1]].any())
    return padded, np.concatenate(empties) if empties else np.zeros(0, dtype=bool)


def _surely_nfc(column: pa.ChunkedArray) -> bool:
    """True when every value of `column` is made of NFC_SAFE_RANGES characters only (so is NFC as it is).

    Checks each distinct value once when values repeat (names, titles), else every value.
    """
    if pc.all(pc.string_is_ascii(column)).as_py() is not False:
        return True
    distinct = pc.unique(column)
    checked = distinct if 2 * len(distinct) < len(column) else column
    return not pc.any(pc.match_substring_regex(checked, _NOT_SURELY_NFC)).as_py()


class _TooManyRows(Exception):
    pass


def _read_records(text: str, delimiter: str, max_rows: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data records, each with its row number as Excel shows it.

    Every record is one Excel row: a blank line is an (empty) row, and a quoted value that spans
    several lines is still one row. Blank lines before the header are skipped but counted.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    for number, record in enumerate(reader, start=1):
        if header is None:
            if any(value.strip() for value in record):
                header = record
            continue
        if len(records) >= max_rows:
            raise _TooManyRows
        records.append((number, record))
    return header or [], records


def _raw_frame(header: list[str], records: list[tuple[int, list[str]]], filename: str
               ) -> tuple[pd.DataFrame, list[Problem]]:
    """The non-blank records as a frame of text indexed by Excel row, cut to the header's width.

    Values beyond the header's last column are a problem (usually a delimiter in an unquoted value),
    unless they are empty (a trailing delimiter).
    """
    width = len(header)
    problems: list[Problem] = []
    rows: list[int] = []
    values: list[list[str]] = []
    for number, record in records:
        extra = [value.strip() for value in record[width:] if value.strip()]
        if extra:
            shown = " | ".join(extra)
            problems.append(Problem(filename, "problem.extra_values", row=number, value=shown,
                                    params={"extra": shown}))
        cells = (record + [""] * width)[:width]
        if extra or any(value.strip() for value in cells):
            rows.append(number)
            values.append(cells)
    raw = pd.DataFrame(values, index=pd.Index(rows, dtype="int64"), columns=range(width), dtype=object)
    return raw, problems


def _format_size(size: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"


def _decode(data: bytes) -> tuple[str | None, str]:
    """Text and the encoding it was read with; (None, 'binary') for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, "undecodable"
    if b"\x00" in data[:4096]:
        return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_16"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin_1"


def _sniff_delimiter(text: str) -> str:
    """The delimiter that occurs most often in the first non-blank line (the header)."""
    header = next((line for line in io.StringIO(text.lstrip("\ufeff")) if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _normalise_header(header: object) -> str:
    return re.sub(r"\s+", "_", str(header).strip().lstrip("\ufeff").strip().lower())


def _kind_from_headers(headers: list[str]) -> Kind | None:
    """The kind whose required columns the headers cover best (all of them), if any."""
    best: tuple[int, Kind | None] = (0, None)
    for candidate in KINDS.values():
        lookup = header_lookup(candidate)
        known = {lookup[h] for h in headers if h in lookup}
        if set(candidate.required) <= known and len(known) > best[0]:
            best = (len(known), candidate)
    return best[1]


def _typed_frame(raw: pd.DataFrame, headers: list[str], kind: Kind, filename: str, stripped: bool = False
                 ) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed frame of `kind` from the text frame `raw` (values already trimmed when `stripped`)."""
    problems: list[Problem] = []
    lookup = header_lookup(kind)
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        name = lookup.get(header)
        if name is None:
            if header and not header.startswith("unnamed:"):
                problems.append(Problem(filename, "problem.unknown_column", column=header, severity="warning",
                                        params={"kind": kind.name}))
        elif name in positions:
            problems.append(Problem(filename, "problem.duplicate_column", column=header))
        else:
            positions[name] = position
    for name in kind.required:
        if name not in positions:
            problems.append(Problem(filename, "problem.missing_column", column=name))
    if any(p.key in ("problem.missing_column", "problem.duplicate_column") for p in problems):
        return pd.DataFrame(columns=kind.column_names), problems

    frame = pd.DataFrame(index=raw.index)
    parsed: dict[str, tuple[np.ndarray, list]] = {}
    for column in kind.columns:
        if column.name in positions:
            values = raw[positions[column.name]]
            if not stripped:
                values = values.astype("string").str.strip()
            frame[column.name], column_problems = _convert(values, column, filename, parsed)
            problems.extend(column_problems)
            blank = values == ""
        else:
            frame[column.name] = _empty(column, frame.index)
            blank = pd.Series(True, index=frame.index)
        if column.default is not None:
            # The default stands in for an empty cell, not for a value that was refused.
            frame[column.name] = frame[column.name].mask(blank, column.default)
    problems.extend(_row_checks(frame, kind, filename, parsed))
    problems.extend(_duplicate_ids(frame, filename))
    frame["id"] = frame["id"].fillna(_derived_ids(frame, kind))
    frame.insert(0, "row", frame.index)
    return frame.reset_index(drop=True), problems


def _empty(column: Column, index: pd.Index) -> pd.Series:
    # Built on the frame's index: a bare Series(pd.NA) would give an empty frame a phantom row.
    return pd.Series(pd.NA, index=index, dtype="Float64" if column.type in ("number", "integer") else "string")


def _convert(values: pd.Series, column: Column, filename: str, parsed: dict | None = None
             ) -> tuple[pd.Series, list[Problem]]:
    """Convert one column of text to its type; return the values and the problems found.

    Vectorised: each distinct value is parsed once (dates, choices, party lists, numbers that repeat), numbers
    that do not repeat are read by pyarrow. The problems are those a row-by-row reading gives, in the same order.
    A date column's parse (codes and per-value dates) goes into `parsed`, for the checks across columns.
    """
    problems: list[Problem] = []

    def problem(row: int, value: str, key: str, **params: object) -> None:
        problems.append(Problem(filename, key, row=int(row), column=column.name, value=value, params=params))

    present = (values != "").to_numpy(dtype=bool, na_value=False)
    if column.required:
        for row in values.index[~present]:
            problem(row, "", "problem.required")

    if column.type in ("number", "integer"):
        return _convert_numbers(values, present, column, problem), problems

    if column.type == "date":
        codes, uniques = _factorized(values)
        dates: list[object] = []
        refused: dict[int, str] = {}
        for position, value in enumerate(uniques):
            try:
                dates.append(parsed_date(value) if value else None)
            except DateError as exc:
                dates.append(None)
                refused[position] = exc.reason
        for row, code in _rows_with(values.index, codes, refused):
            problem(row, uniques[code], refused[code])
        if parsed is not None:
            parsed[column.name] = (codes, dates)
        return _taken([d.text if d is not None else None for d in dates], codes, values.index), problems

    if column.type == "choice":
        codes, uniques = _factorized(values)
        upper = column.name == "currency"
        arrow = pa.array(uniques, type=pa.large_string())
        canonical = (pc.utf8_upper(arrow) if upper else pc.replace_substring(pc.utf8_lower(arrow), " ", "_")
                     ).to_pylist()
        allowed = set(column.choices)
        bad = {i: value for i, value in enumerate(canonical) if uniques[i] and value not in allowed}
        for row, code in _rows_with(values.index, codes, bad):
            problem(row, uniques[code], "problem.not_allowed", allowed=", ".join(column.choices))
        return _taken([value if uniques[i] and i not in bad else None for i, value in enumerate(canonical)], codes,
                      values.index), problems

    out = values if present.all() else _empty_as_missing(values, present)
    if column.type == "parties":
        codes, uniques = _factorized(out)
        rewritten = {i: _join_parties(value) for i, value in enumerate(uniques)
                     if "|" in value and not _CANONICAL_PARTIES.fullmatch(value)}
        if rewritten:  # only lists not already written `A | B` are rewritten, each distinct one once
            out = _taken([rewritten.get(i, value) for i, value in enumerate(uniques)], codes, values.index)
            for row in out.index[(out == "").to_numpy(dtype=bool, na_value=False)]:  # only separators, e.g. "|"
                if column.required:
                    problem(row, values[row], "problem.required")
                out[row] = pd.NA
    return out, problems


def _empty_as_missing(values: pd.Series, present: np.ndarray) -> pd.Series:
    """values.where(present): empty text becomes missing. For arrow text, only a validity bitmap is made: the
    offsets and bytes are the column's own (empty values take no bytes, so nothing else changes)."""
    arrow = _arrow(values)
    if not isinstance(arrow, pa.ChunkedArray) or any(c.null_count or c.offset or not pa.types.is_large_string(c.type)
                                                     for c in arrow.chunks):
        return values.where(present)
    chunks, start = [], 0
    for chunk in arrow.chunks:
        valid = pa.array(present[start:start + len(chunk)], type=pa.bool_())
        start += len(chunk)
        chunks.append(pa.LargeStringArray.from_buffers(len(chunk), chunk.buffers()[1], chunk.buffers()[2],
                                                       valid.buffers()[1], len(chunk) - int(valid.true_count)))
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string())),
                     index=values.index)


def _factorized(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes of the column's distinct values (text, "" for an empty cell) and the values themselves."""
    codes, uniques = pd.factorize(values)
    return codes, uniques.to_numpy(dtype=object).tolist()


def _rows_with(index: pd.Index, codes: np.ndarray, chosen: dict[int, object]) -> list[tuple[int, int]]:
    """(row, code) of the rows whose code is one of `chosen`'s, in row order."""
    if not chosen:
        return []
    hit = np.isin(codes, np.fromiter(chosen, dtype=np.int64, count=len(chosen)))
    return list(zip(index[hit].tolist(), codes[hit].tolist(), strict=True))


def _taken(texts: list[str | None], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A text column: the text of each row's code (None: missing)."""
    table = pa.array(texts, type=pa.large_string())
    taken = table.take(pa.array(codes, mask=codes < 0)) if len(codes) else table.slice(0, 0)
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([taken])), index=index)


def _convert_numbers(values: pd.Series, present: np.ndarray, column: Column, problem: object) -> pd.Series:
    """A number column as Float64 (NA where empty or refused), reporting each refused value through `problem`."""
    positions = np.flatnonzero(present)
    given = values.iloc[positions]
    numbers, refused = _parse_numbers(given, three_decimals_ambiguous=column.maximum is None)
    found: list[tuple[int, str, dict[str, object]]] = [(position, key, {}) for position, key in refused.items()]
    checks: list[tuple[np.ndarray, str, dict[str, object]]] = []
    parsed = ~np.isnan(numbers)
    if column.type == "integer":
        checks.append((parsed & (np.floor(numbers) != numbers), "problem.not_whole", {}))
    if column.minimum is not None:
        checks.append((parsed & (numbers < column.minimum), "problem.below_minimum",
                       {"minimum": f"{column.minimum:g}"}))
    if column.maximum is not None:
        checks.append((parsed & (numbers > column.maximum), "problem.above_maximum",
                       {"maximum": f"{column.maximum:g}"}))
    bad = np.zeros(len(numbers), dtype=bool)
    for failed, key, params in checks:  # the first check a value fails is its problem, as row by row
        found.extend((int(position), key, params) for position in np.flatnonzero(failed & ~bad))
        bad |= failed
    for position, key, params in sorted(found, key=lambda f: f[0]):
        problem(given.index[position], given.iloc[position], key, **params)  # type: ignore[operator]
    accepted = np.full(len(values), np.nan)
    accepted[positions] = np.where(bad, np.nan, numbers)
    return pd.Series(pd.array(accepted, dtype="Float64"), index=values.index)  # NaN -> NA


@lru_cache(maxsize=1 << 16)
def parsed_date(text: str) -> PartialDate:
    """parse_partial_date, remembered: the same few thousand dates recur in every file and column."""
    return parse_partial_date(text)


_PLAIN_NUMBER = r"[+-]?[0-9]{1,15}(?:\.[0-9]{1,15})?"
_COMMA_NUMBER = r"[+-]?[0-9]{1,15},[0-9]{1,15}"
_GROUPED_NUMBER = r"[+-]?[0-9]{1,3}(?:[ \x{a0}\x{2009}\x{202f}][0-9]{3}){1,5}(?:[.,][0-9]{1,15})?"
_THREE_DECIMALS_ASCII = r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}"


def _parse_numbers(given: pd.Series, three_decimals_ambiguous: bool) -> tuple[np.ndarray, dict[int, str]]:
    """`parse_number` over a column of non-empty text: the numbers (NaN where refused) and {position: reason}.

    A column whose values repeat (a count of participants, coordinates of a few towns) is parsed one distinct
    value at a time by parse_number itself. Otherwise the plain ASCII forms (`1234`, `1234.5`, `1234,5`,
    `1 234 567,50`) are read by pyarrow in bulk and only the rest goes through parse_number.
    """
    numbers = np.full(len(given), np.nan)
    if not len(given):
        return numbers, {}
    sample = given.iloc[:5_000]
    codes, uniques = pd.factorize(given) if sample.nunique() * 4 <= len(sample) else (None, None)
    if uniques is not None and len(uniques) <= max(2_000, len(given) // 50):
        results = np.full(len(uniques), np.nan)
        reasons: dict[int, str] = {}
        for position, value in enumerate(uniques.to_numpy(dtype=object)):
            try:
                results[position] = parse_number(value, three_decimals_ambiguous=three_decimals_ambiguous)
            except ValueError as exc:
                reasons[position] = str(exc)
        numbers = results[codes]
        refused_rows = np.flatnonzero(np.isin(codes, np.fromiter(reasons, dtype=np.int64, count=len(reasons))))
        return numbers, {int(p): reasons[int(codes[p])] for p in refused_rows}
    simple = given.str.fullmatch(_PLAIN_NUMBER).to_numpy(dtype=bool, na_value=False)
    if three_decimals_ambiguous and simple.any():
        dotted = np.flatnonzero(simple & given.str.contains(".", regex=False).to_numpy(dtype=bool, na_value=False))
        if len(dotted):
            simple[dotted[given.iloc[dotted].str.fullmatch(_THREE_DECIMALS_ASCII).to_numpy(dtype=bool,
                                                                                          na_value=False)]] = False
    if simple.any():
        numbers[simple] = given[simple].astype("float64").to_numpy()
    grouped = np.zeros(len(given), dtype=bool)
    others = np.flatnonzero(~simple)
    if len(others):
        other = given.iloc[others]
        comma = other.str.fullmatch(_COMMA_NUMBER).to_numpy(dtype=bool, na_value=False)
        if three_decimals_ambiguous and comma.any():
            comma = comma & ~other.str.fullmatch(_THREE_DECIMALS_ASCII).to_numpy(dtype=bool, na_value=False)
        spaced = other.str.fullmatch(_GROUPED_NUMBER).to_numpy(dtype=bool, na_value=False) & ~comma
        grouped[others[comma | spaced]] = True
    if grouped.any():
        numbers[grouped] = (given[grouped].str.replace(r"[ \x{a0}\x{2009}\x{202f}]", "", regex=True)
                            .str.replace(",", ".", regex=False).astype("float64").to_numpy())
    refused: dict[int, str] = {}
    rest = np.flatnonzero(~(simple | grouped))
    if len(rest):
        rest_codes, rest_uniques = pd.factorize(given.iloc[rest])
        outcome: list[float | str] = []
        for value in rest_uniques.to_numpy(dtype=object):
            try:
                outcome.append(parse_number(value, three_decimals_ambiguous=three_decimals_ambiguous))
            except ValueError as exc:
                outcome.append(str(exc))
        for position, code in zip(rest.tolist(), rest_codes.tolist(), strict=True):
            result = outcome[code]
            if isinstance(result, str):
                refused[position] = result
            else:
                numbers[position] = result
    return numbers, refused


def _join_parties(value: object) -> object:
    """`A|B` or ` A |  B ` -> `A | B`; empty parts are dropped."""
    if not isinstance(value, str):
        return value
    return PARTY_SEPARATOR.join(part for part in _PARTY_SPLIT.split(value) if part)


def parse_number(text: str, three_decimals_ambiguous: bool = True) -> float:
    """A number written with `.` or `,` as decimal mark and spaces as thousands separators.

    Space, no-break space (U+00A0), thin space (U+2009) and narrow no-break space (U+202F) group
    the integer part in threes: `1 234,50` is 1234.5, `12 34` is refused. With
    `three_decimals_ambiguous`, `1.234` and `1,234` (thousands or decimals?) are refused.
    Raises ValueError with a message key when it is not a number or still ambiguous.
    """
    stripped = text.strip().replace("\u2212", "-")  # U+2212 MINUS SIGN, as some locales write it
    compact = _SPACES.sub("", stripped)
    if "," in compact and "." in compact or compact.count(",") > 1 or compact.count(".") > 1:
        raise ValueError("problem.number_ambiguous")
    if not _NUMBER.fullmatch(compact):
        raise ValueError("problem.not_a_number")
    if _SPACES.search(stripped):
        if not _GROUPED.fullmatch(stripped):
            raise ValueError("problem.number_ambiguous")
    elif three_decimals_ambiguous and _THREE_DECIMALS.fullmatch(compact):
        raise ValueError("problem.number_ambiguous")
    number = float(compact.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError("problem.not_a_number")
    return number


def _row_checks(frame: pd.DataFrame, kind: Kind, filename: str, parsed: dict | None = None) -> list[Problem]:
    """Checks that span columns or depend on today: date range, end before start, currency.

    `parsed` holds the date columns as _convert parsed them (codes and one date per distinct value); the checks
    then compare numbers per row instead of parsing dates again.
    """
    problems: list[Problem] = []
    latest_year = date.today().year + 1
    dates = {name: parsed[name] if parsed and name in parsed else _parsed_dates(frame[name])
             for name in ("date", "end_date") if name in frame}
    for name, (codes, values) in dates.items():
        years = np.array([int(v.text[:4]) if v is not None else -1 for v in values] + [-1], dtype=np.int64)[codes]
        known = np.array([v is not None for v in values] + [False])[codes]
        for position in np.flatnonzero(known & ((years < EARLIEST_YEAR) | (years > latest_year))):
            key = "problem.date_too_early" if years[position] < EARLIEST_YEAR else "problem.date_future"
            problems.append(Problem(filename, key, row=int(frame.index[position]), column=name,
                                    value=values[codes[position]].text, severity="warning"))
    if "end_date" in dates and "date" in dates:
        (start_codes, starts), (end_codes, ends) = dates["date"], dates["end_date"]
        first = np.array([v.start.toordinal() if v is not None else -1 for v in starts] + [-1])[start_codes]
        last = np.array([v.end.toordinal() if v is not None else -1 for v in ends] + [-1])[end_codes]
        for position in np.flatnonzero((first >= 0) & (last >= 0) & (last < first)):
            problems.append(Problem(filename, "problem.end_before_start", row=int(frame.index[position]),
                                    column="end_date", value=ends[end_codes[position]].text))
    if kind.name == "deal":
        missing = frame["value"].notna() & frame["currency"].isna()
        for row in frame.index[missing]:
            problems.append(Problem(filename, "problem.currency_missing", row=int(row), column="currency", value=""))
    return problems


def _parsed_dates(values: pd.Series) -> tuple[np.ndarray, list]:
    """(codes, one PartialDate or None per distinct value) of a column of normalised dates (NA: -1)."""
    codes, uniques = pd.factorize(values)
    return codes, [parsed_date(v) for v in uniques.to_numpy(dtype=object)]


def _derived_ids(frame: pd.DataFrame, kind: Kind) -> pd.Series:
    """A stable id from the row's content, for rows that have none; distinct for distinct rows.

    The id hashes the required columns (so it survives edits of the other columns). Rows that agree
    on those are told apart by a hash of all their columns, and rows that are identical throughout
    by a running number.
    """
    if not frame["id"].isna().any():
        return pd.Series([], index=frame.index[:0], dtype="string")
    missing = frame[frame["id"].isna()]
    key_columns = [c for c in kind.required if c in frame]
    all_columns = key_columns + [c for c in kind.column_names if c in frame and c not in key_columns and c != "id"]

    def digest(values: tuple[object, ...]) -> str:
        content = "\x1f".join("" if pd.isna(v) else str(v) for v in values)
        return hashlib.sha1(content.encode()).hexdigest()[:10]

    keys = [digest(v) for v in missing[key_columns].itertuples(index=False)]
    fulls = [digest(v) for v in missing[all_columns].itertuples(index=False)]
    shared = Counter(keys)
    seen: Counter[str] = Counter()
    ids: list[str] = []
    for key, full in zip(keys, fulls, strict=True):
        base = f"{kind.name[:3]}-{key}" if shared[key] == 1 else f"{kind.name[:3]}-{key}-{full[:6]}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return pd.Series(ids, index=missing.index, dtype="string")


def _arrow(values: pd.Series) -> pa.ChunkedArray | pa.Array:
    """The arrow data of a text column (no copy when it is arrow-backed already)."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return values.array.__arrow_array__()
    return pa.array(values.astype("string"))


def _duplicate_ids(frame: pd.DataFrame, filename: str) -> list[Problem]:
    """Ids given in the file must be unique: they are the records' keys."""
    ids = frame["id"].dropna()
    arrow = _arrow(ids)
    if len(ids) < 2 or pc.all(pc.greater(arrow[1:], arrow[:-1])).as_py() or \
            pc.count_distinct(arrow).as_py() == len(ids):  # ids in increasing order are distinct: no hashing
        return []
    repeated = ids.duplicated(keep="first").to_numpy(dtype=bool)
    if not repeated.any():
        return []
    first = {value: int(row) for row, value in ids[~repeated & ids.isin(ids[repeated]).to_numpy(dtype=bool)].items()}
    return [Problem(filename, "problem.duplicate_id", row=int(row), column="id", value=str(value),
                    params={"first": first[value]}) for row, value in ids[repeated].items()]


__all__ = ["IngestResult", "Limits", "Problem", "ingest_bytes", "parse_number"]
