"""What an uploaded cell's text may hold, checked a column at a time (arrow, each column in one pass).

- Invisible characters (cooperation.cells) are removed, each value with a warning naming its row and column, on
  every backend alike. Tab, line feed and carriage return stay (multi-line descriptions).
- A text longer than the limit is refused.
- On upload, text a spreadsheet would run as a formula (starting with = + - or @) is flagged: it is stored as text
  and exported neutralised, but the analyst should know; a web address must be http(s), and a script address
  (`javascript:`, `data:`, …) is refused in any link column.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from cooperation.cells import (
    INVISIBLE,
    SHOWN_CHARS,
    arrow_text,
    invisible_positions,
    shortened,
    visible,
    without_invisible,
)
from cooperation.problems import Problem
from cooperation.schema import Column

MAX_CELL_CHARS = 10_000  # the default of Limits.max_cell_chars


# schemes that run or embed instead of linking (browsers drop tabs, line breaks and controls inside a scheme)
_SCRIPT_SCHEMES = re.compile(r"^(?:javascript|vbscript|data|file|blob|about):", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_WEB_SCHEMES = ("http", "https")


def _codes(text: str) -> str:
    """The invisible characters of `text`, each once, as `U+202E RIGHT-TO-LEFT OVERRIDE`, in order."""
    seen = dict.fromkeys(INVISIBLE.findall(text))
    return ", ".join(f"U+{ord(c):04X} " + unicodedata.name(c, "NULL" if c == "\x00" else "CONTROL CHARACTER")
                     for c in seen)


def strip_invisible(values: pd.Series, column: str, filename: str) -> tuple[pd.Series, list[Problem]]:
    """The column without invisible characters (values trimmed again), and a warning for each value that had some."""
    positions = invisible_positions(values)
    if not len(positions):
        return values, []
    problems = []
    cleaned = values.astype(object).copy()
    for position in positions:
        original = str(values.iloc[position])
        problems.append(Problem(filename, "problem.invisible_removed", row=int(values.index[position]), column=column,
                                value=shortened(visible(original), SHOWN_CHARS + 20), severity="warning",
                                params={"characters": _codes(original)}))
        cleaned.iloc[position] = without_invisible(original).strip()
    return pd.Series(pd.array(cleaned.tolist(), dtype="string[pyarrow]"), index=values.index), problems


def formula_warnings(values: pd.Series, column: str, filename: str) -> list[Problem]:
    """A warning for each value starting with = + - or @, which a spreadsheet would run as a formula."""
    arrow = arrow_text(values)
    hits = pc.match_substring_regex(arrow, "^[=+\\-@]")
    if not pc.any(hits).as_py():
        return []
    flags = np.asarray(hits.to_numpy(zero_copy_only=False), dtype=bool)
    problems = []
    for position in np.flatnonzero(flags):
        value = str(values.iloc[position])
        problems.append(Problem(filename, "problem.formula_like", row=int(values.index[position]), column=column,
                                value=shortened(value), severity="warning", params={"sign": value[0]}))
    return problems


_SCRIPT_PART = r"(?i)(?:^|\|)\s*(?:javascript|vbscript|data|file|blob|about):"
_SCHEME_PART = r"(?i)(?:^|\|)\s*[a-z][a-z0-9+.\-]*:"


def link_problems(values: pd.Series, column: str, filename: str, web: bool) -> list[Problem]:
    """Errors for link values that would run script when clicked (`javascript:`, `data:`, …), in any part of a
    `|`-separated list; with `web` (a web site column), also for any address that is not http(s). The column is
    searched in one pass; only the values found are looked at one by one."""
    arrow = pc.replace_substring_regex(arrow_text(values), "[\t\n\r]", "")  # as browsers drop them from a scheme
    found = pc.match_substring_regex(arrow, _SCHEME_PART if web else _SCRIPT_PART)
    if not pc.any(found).as_py():
        return []
    problems = []
    for position in np.flatnonzero(np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)):
        value = str(values.iloc[position])
        for part in value.split("|"):
            compact = re.sub(r"[\s\x00-\x1f]+", "", part)
            scheme = _SCHEME.match(compact)
            if _SCRIPT_SCHEMES.match(compact) or (web and scheme and scheme.group(1).lower() not in _WEB_SCHEMES):
                problems.append(Problem(filename, "problem.unsafe_link", row=int(values.index[position]),
                                        column=column, value=shortened(value),
                                        params={"scheme": (scheme.group(1) if scheme else compact[:12]) + ":"}))
                break
    return problems


def text_checks(values: pd.Series, column: Column, filename: str, upload: bool,
                 byte_lengths: np.ndarray | None = None, max_cell_chars: int = MAX_CELL_CHARS) -> list[Problem]:
    """A text value longer than `max_cell_chars` is refused; on upload, so is a link that would run script
    (`javascript:`), and text a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+46 …`) is flagged: it is
    stored as text and exported neutralised, but the analyst should know. (The store's own records are read
    without: what was stored stays readable.)

    `byte_lengths` (the UTF-8 length of each value, byte_lengths): no value longer in bytes than the limit is
    longer in characters, so the characters are only counted when some value is.
    """
    problems: list[Problem] = []
    if not len(values):
        return problems
    arrow = arrow_text(values)
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


__all__ = ["MAX_CELL_CHARS", "formula_warnings", "link_problems", "strip_invisible", "text_checks"]
