"""A number column's text -> numbers, and the problem of each value that is not one (or is ambiguous, or out of range).

The plain way is `parse_number`, one value at a time; the fast ways read the plain ASCII forms from the arrow buffers
(`_plain_numbers`, `_cast_plain`) or with pyarrow's regular expressions (`_parse_numbers`), and are tested against it.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cooperation.cells import arrow_text
from cooperation.ingest.text_columns import Report
from cooperation.schema import Column

_SPACES = re.compile(r"[ \u00a0\u2009\u202f]")


_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:[.,]\d+)?")


_THREE_DECIMALS = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")


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


def convert_numbers(values: pd.Series, present: np.ndarray, column: Column, problem: Report) -> pd.Series:
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
        problem(values.index[position], values.iloc[position], key, **params)
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
    arrow = arrow_text(values)
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
    arrow = arrow_text(values)
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
    if not len(given):
        return np.full(0, np.nan), {}
    sample = given.iloc[:5_000]
    codes, uniques = pd.factorize(given) if sample.nunique() * 4 <= len(sample) else (None, None)
    if uniques is not None and len(uniques) <= max(2_000, len(given) // 50):
        return _parse_distinct(codes, uniques.to_numpy(dtype=object), three_decimals_ambiguous)
    return _parse_in_bulk(given, three_decimals_ambiguous)


def _parse_distinct(codes: np.ndarray, uniques: np.ndarray, three_decimals_ambiguous: bool
                    ) -> tuple[np.ndarray, dict[int, str]]:
    """parse_number of each distinct value once, spread over the rows by `codes`."""
    results = np.full(len(uniques), np.nan)
    reasons: dict[int, str] = {}
    for position, value in enumerate(uniques):
        try:
            results[position] = parse_number(value, three_decimals_ambiguous=three_decimals_ambiguous)
        except ValueError as exc:
            reasons[position] = str(exc)
    refused_rows = np.flatnonzero(np.isin(codes, np.fromiter(reasons, dtype=np.int64, count=len(reasons))))
    return results[codes], {int(p): reasons[int(codes[p])] for p in refused_rows}


def _parse_in_bulk(given: pd.Series, three_decimals_ambiguous: bool) -> tuple[np.ndarray, dict[int, str]]:
    """The plain and grouped ASCII forms read by pyarrow all at once; the rest by parse_number, each distinct once."""
    numbers = np.full(len(given), np.nan)
    simple = _simple_numbers(given, three_decimals_ambiguous)
    if simple.any():
        numbers[simple] = given[simple].astype("float64").to_numpy()
    grouped = _grouped_numbers(given, simple, three_decimals_ambiguous)
    if grouped.any():
        numbers[grouped] = (given[grouped].str.replace(r"[ \x{a0}\x{2009}\x{202f}]", "", regex=True)
                            .str.replace(",", ".", regex=False).astype("float64").to_numpy())
    rest = np.flatnonzero(~(simple | grouped))
    if not len(rest):
        return numbers, {}
    rest_codes, rest_uniques = pd.factorize(given.iloc[rest])
    rest_numbers, refused = _parse_distinct(rest_codes, rest_uniques.to_numpy(dtype=object), three_decimals_ambiguous)
    numbers[rest] = rest_numbers
    return numbers, {int(rest[position]): reason for position, reason in refused.items()}


def _simple_numbers(given: pd.Series, three_decimals_ambiguous: bool) -> np.ndarray:
    """Which values are plain ASCII numbers (`1234`, `-12.5`) that parse_number reads as they are."""
    simple = given.str.fullmatch(_PLAIN_NUMBER).to_numpy(dtype=bool, na_value=False)
    if three_decimals_ambiguous and simple.any():
        dotted = np.flatnonzero(simple & given.str.contains(".", regex=False).to_numpy(dtype=bool, na_value=False))
        if len(dotted):
            ambiguous = given.iloc[dotted].str.fullmatch(_THREE_DECIMALS_ASCII).to_numpy(dtype=bool, na_value=False)
            simple[dotted[ambiguous]] = False
    return simple


def _grouped_numbers(given: pd.Series, simple: np.ndarray, three_decimals_ambiguous: bool) -> np.ndarray:
    """Which of the values that are not `simple` are written with a decimal comma (`1234,5`) or grouped in threes
    by spaces (`1 234 567,50`), as parse_number reads them."""
    grouped = np.zeros(len(given), dtype=bool)
    others = np.flatnonzero(~simple)
    if len(others):
        other = given.iloc[others]
        comma = other.str.fullmatch(_COMMA_NUMBER).to_numpy(dtype=bool, na_value=False)
        if three_decimals_ambiguous and comma.any():
            comma = comma & ~other.str.fullmatch(_THREE_DECIMALS_ASCII).to_numpy(dtype=bool, na_value=False)
        spaced = other.str.fullmatch(_GROUPED_NUMBER).to_numpy(dtype=bool, na_value=False) & ~comma
        grouped[others[comma | spaced]] = True
    return grouped


__all__ = ["convert_numbers", "parse_number"]
