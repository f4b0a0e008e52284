"""A table of text -> a typed frame of one kind, and the problems of each value.

Every value is read as text and converted column by column (each distinct value once), so that each problem names
the file, the row as Excel shows it (header = row 1), the column and the value.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cooperation.cell_checks import formula_warnings, link_problems, strip_invisible
from cooperation.columns import BLOCKING, column_positions
from cooperation.dates import DateError, PartialDate, parsed_date
from cooperation.limits import Budget
from cooperation.problems import Problem
from cooperation.reading import normalise_header
from cooperation.schema import PARTY_SEPARATOR, Column, Kind, header_lookup

EARLIEST_YEAR = 2000
MAX_CELL_CHARS = 10_000  # the default of Limits.max_cell_chars
_SPACES = re.compile(r"[ \u00a0\u2009\u202f]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:[.,]\d+)?")
_THREE_DECIMALS = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
_PARTY_SPLIT = re.compile(r"\s*\|\s*")
# A party list already written the normal way (`A | B`, no empty part, no white space at a part's ends): what
# _join_parties gives back unchanged.
_CANONICAL_PARTIES = re.compile(r"[^|\s](?:[^|]*[^|\s])?(?: \| [^|\s](?:[^|]*[^|\s])?)*")


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
        _, found = _convert(pd.Series([text], index=[0], dtype="string"), column, filename)
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
            converted, column_problems = _convert(values, column, filename, parsed, upload, max_cell_chars)
            problems.extend(column_problems)
            if column.default is not None:
                lengths = _byte_lengths(values)
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
    problems.extend(_row_checks(frame, kind, filename, parsed, refused_currency))
    problems.extend(_duplicate_ids(frame, filename))
    if frame["id"].isna().any():
        frame["id"] = frame["id"].fillna(_derived_ids(frame, kind))
    frame.insert(0, "row", frame.index)
    return frame.reset_index(drop=True), problems


def _empty(column: Column, index: pd.Index) -> pd.Series:
    # Built on the frame's index: a bare Series(pd.NA) would give an empty frame a phantom row.
    return pd.Series(pd.NA, index=index, dtype="Float64" if column.type in ("number", "integer") else "string")


def _convert(values: pd.Series, column: Column, filename: str, parsed: dict | None = None, upload: bool = False,
             max_cell_chars: int = 10_000) -> tuple[pd.Series, list[Problem]]:
    """Convert one column of text to its type; return the values and the problems found.

    Vectorised: each distinct value is parsed once (dates, choices, party lists, numbers that repeat), numbers
    that do not repeat are read by pyarrow. The problems are those a row-by-row reading gives, in the same order.
    A date column's parse (codes and per-value dates) goes into `parsed`, for the checks across columns.
    """
    problems: list[Problem] = []

    def problem(row: int, value: str, key: str, **params: object) -> None:
        problems.append(Problem(filename, key, row=int(row), column=column.name, value=value, params=params))

    lengths = _byte_lengths(values)
    present = (values != "").to_numpy(dtype=bool, na_value=False) if lengths is None else lengths > 0
    if column.required and not present.all():
        for row in values.index[~present]:
            problem(row, "", "problem.required")

    if column.type in ("number", "integer"):
        return _convert_numbers(values, present, column, problem), problems

    if column.type == "date":
        codes, uniques = _factorized(values)
        normal = _normal_dates(uniques)
        if normal is not None:
            # every value is a date written as the contract writes it: the column is its own text
            if parsed is not None:
                parsed[column.name] = (codes, normal)
            return (values if present.all() else _empty_as_missing(values, present)), problems
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
            parsed[column.name] = (codes, _Dates.of(dates))  # type: ignore[arg-type]
        return _taken([d.text if d is not None else None for d in dates], codes, values.index), problems

    if column.type == "choice":
        upper = column.name == "currency"
        if lengths is not None and (lengths >= 0).all() and _already_choices(values, column, upper):
            return (values if present.all() else _empty_as_missing(values, present)), problems
        codes, uniques = _factorized(values)
        arrow = pa.array(uniques, type=pa.large_string())
        canonical = (pc.utf8_upper(arrow) if upper else pc.replace_substring(pc.utf8_lower(arrow), " ", "_")
                     ).to_pylist()
        allowed = set(column.choices)
        bad = {i: value for i, value in enumerate(canonical) if uniques[i] and value not in allowed}
        for row, code in _rows_with(values.index, codes, bad):
            problem(row, uniques[code], "problem.not_allowed", allowed=", ".join(column.choices))
        return _taken([value if uniques[i] and i not in bad else None for i, value in enumerate(canonical)], codes,
                      values.index), problems

    problems.extend(_text_checks(values, column, filename, upload, lengths, max_cell_chars))
    out = values if present.all() else _empty_as_missing(values, present)
    if column.type == "parties" and _may_need_rewriting(values):
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


SHOWN_CHARS = 60


def _text_checks(values: pd.Series, column: Column, filename: str, upload: bool,
                 byte_lengths: np.ndarray | None = None, max_cell_chars: int = MAX_CELL_CHARS) -> list[Problem]:
    """A text value longer than `max_cell_chars` is refused; on upload, so is a link that would run script
    (`javascript:`), and text a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+46 …`) is flagged: it is
    stored as text and exported neutralised, but the analyst should know. (The store's own records are read
    without: what was stored stays readable.)

    `byte_lengths` (the UTF-8 length of each value, _byte_lengths): no value longer in bytes than the limit is
    longer in characters, so the characters are only counted when some value is.
    """
    problems: list[Problem] = []
    if not len(values):
        return problems
    arrow = _arrow(values)
    if byte_lengths is not None and int(byte_lengths.max()) <= max_cell_chars:
        pass
    elif (pc.max(lengths := pc.utf8_length(arrow)).as_py() or 0) > max_cell_chars:
        for position in np.flatnonzero(np.asarray(lengths.to_numpy(zero_copy_only=False)) > max_cell_chars):
            value = str(values.iloc[position])
            problems.append(Problem(filename, "problem.too_long", row=int(values.index[position]), column=column.name,
                                    value=value[:SHOWN_CHARS] + "…",
                                    params={"length": f"{len(value):,}", "limit": f"{max_cell_chars:,}"}))
    if upload and (column.type == "url" or column.name == "source"):
        problems.extend(link_problems(values, column.name, filename, web=column.type == "url"))
    if upload:
        problems.extend(formula_warnings(values, column.name, filename))
    return problems


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
    """Codes of the column's distinct values (text, "" for an empty cell; -1 for a missing one) and the values
    themselves, in the order they first appear."""
    arrow = _arrow(values)
    if isinstance(arrow, pa.ChunkedArray) and arrow.num_chunks and pa.types.is_large_string(arrow.type):
        encoded = pc.dictionary_encode(arrow)  # one dictionary for every chunk
        codes = np.concatenate([np.asarray(chunk.indices.to_numpy(zero_copy_only=False) if not chunk.null_count
                                           else chunk.indices.fill_null(-1).to_numpy(), dtype=np.int64)
                                for chunk in encoded.chunks])
        return codes, encoded.chunks[0].dictionary.to_pylist()
    codes, uniques = pd.factorize(values)
    return codes, uniques.to_numpy(dtype=object).tolist()


def _byte_lengths(values: pd.Series) -> np.ndarray | None:
    """The UTF-8 length of each value of an arrow text column (-1 where missing), read from its offsets without a
    copy of the text; None for a column that is not arrow text."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    arrow = _arrow(values)
    if not isinstance(arrow, pa.ChunkedArray) or not pa.types.is_large_string(arrow.type):
        return None
    parts = []
    for chunk in arrow.chunks:
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1] \
            if len(chunk) else np.zeros(1, dtype=np.int64)
        lengths = np.diff(offsets)
        if chunk.null_count:
            lengths = np.where(chunk.is_valid().to_numpy(zero_copy_only=False), lengths, -1)
        parts.append(lengths)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


_NORMAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class _Dates:
    """The distinct values of a date column as the checks across columns use them: each one's normal text (None:
    empty or refused), year, and first and last day as ordinals (-1 where unknown)."""

    texts: list[str | None]
    years: np.ndarray
    first: np.ndarray
    last: np.ndarray

    @staticmethod
    def of(dates: list[PartialDate | None]) -> _Dates:
        return _Dates([d.text if d is not None else None for d in dates],
                      np.array([int(d.text[:4]) if d is not None else -1 for d in dates], dtype=np.int64),
                      np.array([d.start.toordinal() if d is not None else -1 for d in dates], dtype=np.int64),
                      np.array([d.end.toordinal() if d is not None else -1 for d in dates], dtype=np.int64))


def _normal_dates(uniques: list[str | None]) -> _Dates | None:
    """The dates of a column's distinct values when each is empty or a date written as the contract writes it
    (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` that parsed_date gives back unchanged), else None.

    Read by numpy all at once: no PartialDate is made.
    """
    given = [i for i, value in enumerate(uniques) if value]
    texts = [uniques[i] for i in given]
    if any(value is None for value in uniques) or not all(map(_NORMAL_DATE.fullmatch, texts)):  # type: ignore[arg-type]
        return None
    try:
        days = np.array(texts, dtype="datetime64[D]")
    except ValueError:  # a month or day that does not exist: refused, as parsed_date says
        return None
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    if len(years) and (years.min() < 1700 or years.max() > 2200):
        return None  # far from any date a record has: as parsed_date reads it
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))  # type: ignore[arg-type]
    first = days.astype(np.int64) + _EPOCH_ORDINAL
    year_end = (days.astype("datetime64[Y]") + 1).astype("datetime64[D]").astype(np.int64) - 1 + _EPOCH_ORDINAL
    month_end = (days.astype("datetime64[M]") + 1).astype("datetime64[D]").astype(np.int64) - 1 + _EPOCH_ORDINAL
    last = np.where(sizes == 4, year_end, np.where(sizes == 7, month_end, first))
    unknown = np.full(len(uniques), -1, dtype=np.int64)
    all_years, all_first, all_last = unknown.copy(), unknown.copy(), unknown.copy()
    all_years[given], all_first[given], all_last[given] = years, first, last
    return _Dates([value or None for value in uniques], all_years, all_first, all_last)


def _already_choices(values: pd.Series, column: Column, upper: bool) -> bool:
    """True when every value of the (arrow text, no missing) column is empty or an allowed choice written as the
    contract writes it, so the column converts to itself; each distinct value is looked at once."""
    distinct = pc.unique(_arrow(values)).to_pylist()
    allowed = set(column.choices)
    return all(not value or (value in allowed and (value == value.upper() if upper
                                                   else value == value.lower().replace(" ", "_")))
               for value in distinct)


def _may_need_rewriting(values: pd.Series) -> bool:
    """False when no party list of the column needs _join_parties: no value holds a `|`, or each distinct one that
    does is written `A | B` already."""
    arrow = _arrow(values)
    if isinstance(arrow, pa.ChunkedArray) and pa.types.is_large_string(arrow.type):
        if not any(chunk.buffers()[2] is not None and (np.frombuffer(chunk.buffers()[2], dtype=np.uint8) == 0x7C).any()
                   for chunk in arrow.chunks):
            return False
        distinct = pc.unique(arrow)
        listed = distinct.filter(pc.match_substring(distinct, "|"))
        return not pc.all(pc.match_substring_regex(listed, _CANONICAL_PARTIES_RE2)).as_py()
    return True


# _CANONICAL_PARTIES for arrow (RE2): Python's \s (str.isspace) spelt out, as RE2's \s is ASCII white space only.
_SPACE_CLASS = "".join(f"\\x{{{c:x}}}" for c in range(0x3001) if chr(c).isspace())
_PART = f"[^|{_SPACE_CLASS}](?:[^|]*[^|{_SPACE_CLASS}])?"
_CANONICAL_PARTIES_RE2 = f"^{_PART}(?: \\| {_PART})*$"


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
    three_decimals_ambiguous = column.maximum is None
    numbers = np.full(len(values), np.nan)
    plain = _plain_numbers(values, present, three_decimals_ambiguous)
    if plain is not None and plain.any():
        numbers[plain] = _cast_plain(values, plain)[plain]
    rest = np.flatnonzero(present if plain is None else present & ~plain)
    refused: dict[int, str] = {}
    if len(rest):
        rest_numbers, rest_refused = _parse_numbers(values.iloc[rest], three_decimals_ambiguous)
        numbers[rest] = rest_numbers
        refused = {int(rest[position]): key for position, key in rest_refused.items()}
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
        problem(values.index[position], values.iloc[position], key, **params)  # type: ignore[operator]
    accepted = np.where(bad, np.nan, numbers)
    return pd.Series(pd.array(accepted, dtype="Float64"), index=values.index)  # NaN -> NA


# Bytes a plain number (_PLAIN_NUMBER) is made of.
_PLAIN_BYTES = np.zeros(256, dtype=bool)
_PLAIN_BYTES[list(b"0123456789.+-")] = True


def _plain_numbers(values: pd.Series, present: np.ndarray, three_decimals_ambiguous: bool) -> np.ndarray | None:
    """Which values are plain ASCII numbers that parse_number reads as they are (`_PLAIN_NUMBER`: a sign, 1 to 15
    digits, a point and 1 to 15 digits), without those it refuses as ambiguous (`1.234`); None for a column that
    is not arrow text without missing values.

    Read from the arrow buffers with numpy (no regular expression, no copy of the text): the bytes of every
    value, where its signs and points are, and the lengths of its whole and decimal parts.
    """
    arrow = _arrow(values)
    if not isinstance(arrow, pa.ChunkedArray) or not pa.types.is_large_string(arrow.type) or arrow.null_count:
        return None
    masks = []
    for chunk in arrow.chunks:
        size = len(chunk)
        if not size:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + size + 1]
        starts, ends = offsets[:-1], offsets[1:]
        ok = (ends > starts) & (ends - starts <= 32)
        if chunk.buffers()[2] is None or not ok.any():
            masks.append(np.zeros(size, dtype=bool))
            continue
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
        base = int(offsets[0])
        text = data[base:int(offsets[-1])]

        def owners(where: np.ndarray, offsets: np.ndarray = offsets, base: int = base) -> np.ndarray:
            return np.searchsorted(offsets, where + base, side="right") - 1

        foreign = np.flatnonzero(~_PLAIN_BYTES[text])
        if len(foreign):
            ok[owners(foreign)] = False
        signs = np.flatnonzero((text == 0x2B) | (text == 0x2D))
        signed = np.zeros(size, dtype=np.int64)
        if len(signs):
            owner = owners(signs)
            leading = signs + base == starts[owner]
            ok[owner[~leading]] = False
            signed[owner[leading]] = 1
        points = np.flatnonzero(text == 0x2E)
        point_at = ends.copy()
        if len(points):
            owner = owners(points)
            ok &= np.bincount(owner, minlength=size) <= 1
            point_at[owner] = points + base
        dotted = point_at < ends
        whole = point_at - starts - signed
        decimals = np.where(dotted, ends - point_at - 1, 1)
        ok &= (whole >= 1) & (whole <= 15) & (decimals >= 1) & (decimals <= 15)
        if three_decimals_ambiguous:
            first = data[np.minimum(starts + signed, len(data) - 1)]
            ok &= ~(dotted & (decimals == 3) & (whole <= 3) & (first != 0x30))
        masks.append(ok)
    return (np.concatenate(masks) if masks else np.zeros(0, dtype=bool)) & present


def _cast_plain(values: pd.Series, plain: np.ndarray) -> np.ndarray:
    """The numbers of the `plain` values (NaN elsewhere), read by arrow without a copy of the text."""
    arrow = _arrow(values)
    numbers, start = [], 0
    for chunk in arrow.chunks:
        wanted = plain[start:start + len(chunk)]
        start += len(chunk)
        # the validity bitmap counts from the buffers' start, as the offsets do: the chunk's offset comes first
        valid = pa.array(np.concatenate([np.zeros(chunk.offset, dtype=bool), wanted]), type=pa.bool_())
        masked = pa.LargeStringArray.from_buffers(len(chunk), chunk.buffers()[1], chunk.buffers()[2],
                                                  valid.buffers()[1], len(chunk) - int(wanted.sum()), chunk.offset)
        numbers.append(pc.cast(masked, pa.float64()).to_numpy(zero_copy_only=False))
    return np.concatenate(numbers) if numbers else np.zeros(0)


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


def _row_checks(frame: pd.DataFrame, kind: Kind, filename: str, parsed: dict | None = None,
                refused_currency: set[int | None] | None = None) -> list[Problem]:
    """Checks that span columns or depend on today: date range, end before start, currency.

    `parsed` holds the date columns as _convert parsed them (codes and one date per distinct value); the checks
    then compare numbers per row instead of parsing dates again.
    """
    problems: list[Problem] = []
    latest_year = date.today().year + 1
    dates: dict[str, tuple[np.ndarray, _Dates]] = {
        name: parsed[name] if parsed and name in parsed else _parsed_dates(frame[name])
        for name in ("date", "end_date") if name in frame}
    for name, (codes, values) in dates.items():
        # per distinct value first (the last entry stands for a missing value, code -1), then per row
        early = np.append((values.years >= 0) & (values.years < EARLIEST_YEAR), False)
        late = np.append(values.years > latest_year, False)
        if not (early.any() or late.any()):
            continue
        for position in np.flatnonzero((early | late)[codes]):
            key = "problem.date_too_early" if early[codes[position]] else "problem.date_future"
            problems.append(Problem(filename, key, row=int(frame.index[position]), column=name,
                                    value=values.texts[codes[position]], severity="warning"))
    if "end_date" in dates and "date" in dates:
        (start_codes, starts), (end_codes, ends) = dates["date"], dates["end_date"]
        first = np.append(starts.first, -1)[start_codes]
        last = np.append(ends.last, -1)[end_codes]
        for position in np.flatnonzero((first >= 0) & (last >= 0) & (last < first)):
            problems.append(Problem(filename, "problem.end_before_start", row=int(frame.index[position]),
                                    column="end_date", value=ends.texts[end_codes[position]]))
    if kind.name == "deal":
        missing = frame["value"].notna() & frame["currency"].isna()
        for row in frame.index[missing]:
            if refused_currency and int(row) in refused_currency:
                continue  # its currency was refused, and said so: not empty
            problems.append(Problem(filename, "problem.currency_missing", row=int(row), column="currency", value=""))
    return problems


def _parsed_dates(values: pd.Series) -> tuple[np.ndarray, _Dates]:
    """(codes, the dates of the distinct values) of a column of normalised dates (NA: -1)."""
    codes, uniques = pd.factorize(values)
    return codes, _Dates.of([parsed_date(v) for v in uniques.to_numpy(dtype=object)])


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


