"""Bytes of a CSV file -> a typed frame of one kind plus a list of problems.

The bundled files and (later) uploads go through this same path. Every value is read as text
first and converted column by column, so each problem names the file, the row as Excel shows it
(header = row 1), the column and the value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
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

    def unreadable(key: str, **params: object) -> IngestResult:
        problem = Problem(filename, key, params=params)
        return IngestResult(filename, KINDS.get(kind or ""), pd.DataFrame(), [problem], readable=False)

    if not data.strip():
        return unreadable("problem.empty_file")
    if len(data) > limits.max_bytes:
        return unreadable("problem.too_large", limit=f"{limits.max_bytes / 1024 / 1024:.0f} MB")
    text, encoding = _decode(data)
    if text is None:
        return unreadable("problem.binary" if encoding == "binary" else "problem.undecodable")
    delimiter = _sniff_delimiter(text)
    try:
        raw = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                          skip_blank_lines=False, engine="python" if delimiter == "\t" else "c")
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        return unreadable("problem.unparsable", detail=str(exc).strip().splitlines()[-1])
    if raw.columns.size == 0:
        return unreadable("problem.no_header")
    if len(raw) > limits.max_rows:
        return unreadable("problem.too_many_rows", limit=f"{limits.max_rows:,}")

    headers = [_normalise_header(h) for h in raw.columns]
    chosen = KINDS[kind] if kind else (kind_for_file(filename) or _kind_from_headers(headers))
    if chosen is None:
        return unreadable("problem.unknown_kind")

    raw.columns = range(raw.columns.size)
    raw.index = pd.RangeIndex(2, len(raw) + 2)  # Excel row numbers: the header is row 1
    raw = raw[~(raw.apply(lambda col: col.str.strip() == "")).all(axis=1)]
    frame, problems = _typed_frame(raw, headers, chosen, filename)
    result = IngestResult(filename, chosen, frame, problems, encoding, delimiter)
    return result


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
    header = text.lstrip("\ufeff").split("\n", 1)[0]
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


def _typed_frame(raw: pd.DataFrame, headers: list[str], kind: Kind, filename: str) -> tuple[pd.DataFrame, list[Problem]]:
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
        else:
            frame[column.name] = _empty(column)
        if column.default is not None:
            frame[column.name] = frame[column.name].fillna(column.default)
    problems.extend(_row_checks(frame, kind, filename))
    frame["id"] = frame["id"].fillna(_derived_ids(frame, kind))
    frame.insert(0, "row", frame.index)
    return frame.reset_index(drop=True), problems


def _empty(column: Column) -> pd.Series:
    return pd.Series(pd.NA, dtype="Float64" if column.type in ("number", "integer") else "string")


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
        out = out.map(lambda v: PARTY_SEPARATOR.join(p for p in _PARTY_SPLIT.split(v) if p) if isinstance(v, str) else v)
        out = out.astype("string")
    return out, problems


def parse_number(text: str, three_decimals_ambiguous: bool = True) -> float:
    """A number written with `.` or `,` as decimal mark and spaces as thousands separators.

    Raises ValueError with a message key when it is not a number or still ambiguous.
    """
    compact = _SPACES.sub("", text)
    if "," in compact and "." in compact or compact.count(",") > 1 or compact.count(".") > 1:
        raise ValueError("problem.number_ambiguous")
    if three_decimals_ambiguous and re.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}", compact) and _SPACES.search(text) is None:
        raise ValueError("problem.number_ambiguous")
    try:
        number = float(compact.replace(",", "."))
    except ValueError:
        raise ValueError("problem.not_a_number") from None
    if number != number or number in (float("inf"), float("-inf")):
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
    """A stable id from the row's content, for rows that have none."""
    key_columns = [c for c in kind.required if c in frame]

    def digest(row: pd.Series) -> str:
        content = "\x1f".join("" if pd.isna(v) else str(v) for v in row)
        return f"{kind.name[:3]}-{hashlib.sha1(content.encode()).hexdigest()[:10]}"

    return frame[key_columns].apply(digest, axis=1).astype("string")


__all__ = ["IngestResult", "Limits", "Problem", "ingest_bytes", "parse_number"]
