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
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd
from charset_normalizer import from_bytes

from cooperation.dates import DateError, parse_partial_date
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
    """Read `data` (the bytes of `filename`) as records of `kind` (guessed when None)."""
    encoding: str | None = None
    delimiter: str | None = None

    def unreadable(key: str, **params: object) -> IngestResult:
        problem = Problem(filename, key, params=params)
        return IngestResult(filename, KINDS.get(kind or ""), pd.DataFrame(), [problem], encoding, delimiter,
                            readable=False)

    if not data.strip():
        return unreadable("problem.empty_file")
    if len(data) > limits.max_bytes:
        return unreadable("problem.too_large", limit=_format_size(limits.max_bytes))
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
    headers = [_normalise_header(h) for h in header]
    if not any(headers):
        return unreadable("problem.no_header")

    chosen = KINDS[kind] if kind else (kind_for_file(filename) or _kind_from_headers(headers))
    if chosen is None:
        return unreadable("problem.unknown_kind")

    raw, problems = _raw_frame(header, records, filename)
    frame, typed_problems = _typed_frame(raw, headers, chosen, filename)
    return IngestResult(filename, chosen, frame, problems + typed_problems, encoding, delimiter)


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


def _typed_frame(raw: pd.DataFrame, headers: list[str], kind: Kind, filename: str
                 ) -> tuple[pd.DataFrame, list[Problem]]:
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
    for column in kind.columns:
        if column.name in positions:
            values = raw[positions[column.name]].str.strip()
            frame[column.name], column_problems = _convert(values, column, filename)
            problems.extend(column_problems)
            blank = values == ""
        else:
            frame[column.name] = _empty(column, frame.index)
            blank = pd.Series(True, index=frame.index)
        if column.default is not None:
            # The default stands in for an empty cell, not for a value that was refused.
            frame[column.name] = frame[column.name].mask(blank, column.default)
    problems.extend(_row_checks(frame, kind, filename))
    problems.extend(_duplicate_ids(frame, filename))
    frame["id"] = frame["id"].fillna(_derived_ids(frame, kind))
    frame.insert(0, "row", frame.index)
    return frame.reset_index(drop=True), problems


def _empty(column: Column, index: pd.Index) -> pd.Series:
    # Built on the frame's index: a bare Series(pd.NA) would give an empty frame a phantom row.
    return pd.Series(pd.NA, index=index, dtype="Float64" if column.type in ("number", "integer") else "string")


def _convert(values: pd.Series, column: Column, filename: str) -> tuple[pd.Series, list[Problem]]:
    """Convert one column of text to its type; return the values and the problems found."""
    problems: list[Problem] = []

    def problem(row: int, value: str, key: str, **params: object) -> None:
        problems.append(Problem(filename, key, row=int(row), column=column.name, value=value, params=params))

    present = values != ""
    if column.required:
        for row in values.index[~present]:
            problem(row, "", "problem.required")

    if column.type in ("number", "integer"):
        out = pd.Series(pd.NA, index=values.index, dtype="Float64")
        for row, value in values[present].items():
            try:
                number = parse_number(value, three_decimals_ambiguous=column.maximum is None)
            except ValueError as exc:
                problem(row, value, str(exc))
                continue
            if column.type == "integer" and not number.is_integer():
                problem(row, value, "problem.not_whole")
            elif column.minimum is not None and number < column.minimum:
                problem(row, value, "problem.below_minimum", minimum=f"{column.minimum:g}")
            elif column.maximum is not None and number > column.maximum:
                problem(row, value, "problem.above_maximum", maximum=f"{column.maximum:g}")
            else:
                out[row] = number
        return out, problems

    out = values.where(present).astype("string")
    if column.type == "date":
        for row, value in values[present].items():
            try:
                out[row] = parse_partial_date(value).text
            except DateError as exc:
                problem(row, value, exc.reason)
                out[row] = pd.NA
    elif column.type == "choice":
        canonical = out.str.upper() if column.name == "currency" else out.str.lower().str.replace(" ", "_")
        bad = canonical.notna() & ~canonical.isin(column.choices)
        for row in canonical.index[bad]:
            problem(row, values[row], "problem.not_allowed", allowed=", ".join(column.choices))
        out = canonical.where(~bad)
    elif column.type == "parties":
        out = out.map(_join_parties).astype("string")
        for row in out.index[out == ""]:  # only separators, e.g. "|"
            if column.required:
                problem(row, values[row], "problem.required")
            out[row] = pd.NA
    return out, problems


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


def _row_checks(frame: pd.DataFrame, kind: Kind, filename: str) -> list[Problem]:
    """Checks that span columns or depend on today: date range, end before start, currency."""
    problems: list[Problem] = []
    latest_year = date.today().year + 1
    for name in ("date", "end_date"):
        if name not in frame:
            continue
        for row, value in frame[name].dropna().items():
            year = int(str(value)[:4])
            if year < EARLIEST_YEAR:
                problems.append(Problem(filename, "problem.date_too_early", row=int(row), column=name,
                                        value=str(value), severity="warning"))
            elif year > latest_year:
                problems.append(Problem(filename, "problem.date_future", row=int(row), column=name,
                                        value=str(value), severity="warning"))
    if "end_date" in frame and "date" in frame:
        both = frame[["date", "end_date"]].dropna()
        for row, start, end in both.itertuples():
            if parse_partial_date(end).end < parse_partial_date(start).start:
                problems.append(Problem(filename, "problem.end_before_start", row=int(row), column="end_date",
                                        value=str(end)))
    if kind.name == "deal":
        missing = frame["value"].notna() & frame["currency"].isna()
        for row in frame.index[missing]:
            problems.append(Problem(filename, "problem.currency_missing", row=int(row), column="currency", value=""))
    return problems


def _derived_ids(frame: pd.DataFrame, kind: Kind) -> pd.Series:
    """A stable id from the row's content, for rows that have none; distinct for distinct rows.

    The id hashes the required columns (so it survives edits of the other columns). Rows that agree
    on those are told apart by a hash of all their columns, and rows that are identical throughout
    by a running number.
    """
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


def _duplicate_ids(frame: pd.DataFrame, filename: str) -> list[Problem]:
    """Ids given in the file must be unique: they are the records' keys."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for row, value in frame["id"].dropna().items():
        if value in first:
            problems.append(Problem(filename, "problem.duplicate_id", row=int(row), column="id", value=str(value),
                                    params={"first": first[value]}))
        else:
            first[value] = int(row)
    return problems


__all__ = ["IngestResult", "Limits", "Problem", "ingest_bytes", "parse_number"]
