"""Choice, party-list and plain text columns: choices written the contract's way (`Twin city` -> `twin_city`, currency
upper-case) or refused, party lists written `A | B`. Each distinct value is looked at once; the fast checks
(`_already_choices`, `_may_need_rewriting` with RE2) say when a column is already as the plain way would write it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cooperation.cells import arrow_text
from cooperation.ingest.text_columns import Report, empty_as_missing, factorized, rows_with, taken
from cooperation.schema import PARTY_SEPARATOR, Column

_PARTY_SPLIT = re.compile(r"\s*\|\s*")


# A party list already written the normal way (`A | B`, no empty part, no white space at a part's ends): what
# _join_parties gives back unchanged.
_CANONICAL_PARTIES = re.compile(r"[^|\s](?:[^|]*[^|\s])?(?: \| [^|\s](?:[^|]*[^|\s])?)*")


def _join_parties(value: object) -> object:
    """`A|B` or ` A |  B ` -> `A | B`; empty parts are dropped."""
    if not isinstance(value, str):
        return value
    return PARTY_SEPARATOR.join(part for part in _PARTY_SPLIT.split(value) if part)


def _already_choices(values: pd.Series, column: Column, upper: bool) -> bool:
    """True when every value of the (arrow text, no missing) column is empty or an allowed choice written as the
    contract writes it, so the column converts to itself; each distinct value is looked at once."""
    distinct = pc.unique(arrow_text(values)).to_pylist()
    allowed = set(column.choices)
    return all(not value or (value in allowed and (value == value.upper() if upper
                                                   else value == value.lower().replace(" ", "_")))
               for value in distinct)


def _may_need_rewriting(values: pd.Series) -> bool:
    """False when no party list of the column needs _join_parties: no value holds a `|`, or each distinct one that
    does is written `A | B` already."""
    arrow = arrow_text(values)
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


def convert_choices(values: pd.Series, present: np.ndarray, lengths: np.ndarray | None, column: Column,
                    problem: Report) -> pd.Series:
    """A choice column written the contract's way (lower case with `_`; a currency upper case), missing where empty
    or not allowed, each value not allowed reported through `problem`."""
    upper = column.name == "currency"
    if lengths is not None and (lengths >= 0).all() and _already_choices(values, column, upper):
        return values if present.all() else empty_as_missing(values, present)
    codes, uniques = factorized(values)
    arrow = pa.array(uniques, type=pa.large_string())
    canonical = (pc.utf8_upper(arrow) if upper else pc.replace_substring(pc.utf8_lower(arrow), " ", "_")).to_pylist()
    allowed = set(column.choices)
    bad = {i: value for i, value in enumerate(canonical) if uniques[i] and value not in allowed}
    for row, code in rows_with(values.index, codes, bad):
        problem(row, uniques[code], "problem.not_allowed", allowed=", ".join(column.choices))
    return taken([value if uniques[i] and i not in bad else None for i, value in enumerate(canonical)], codes,
                 values.index)


def convert_parties(values: pd.Series, out: pd.Series, column: Column, problem: Report) -> pd.Series:
    """`out` (the party column `values`, empty text missing) with each list written `A | B`; a cell of separators
    only ("|") is missing, and reported through `problem` when the column is required."""
    if not _may_need_rewriting(values):
        return out
    codes, uniques = factorized(out)
    rewritten = {i: _join_parties(value) for i, value in enumerate(uniques)
                 if "|" in value and not _CANONICAL_PARTIES.fullmatch(value)}
    if not rewritten:
        return out
    # only lists not already written `A | B` are rewritten, each distinct one once
    out = taken([rewritten.get(i, value) for i, value in enumerate(uniques)], codes, values.index)
    for row in out.index[(out == "").to_numpy(dtype=bool, na_value=False)]:
        if column.required:
            problem(row, values[row], "problem.required")
        out[row] = pd.NA
    return out


__all__ = ["convert_choices", "convert_parties"]
