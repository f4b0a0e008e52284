"""What an uploaded cell's text may hold, checked a column at a time (arrow, each column in one pass).

- Invisible characters (cooperation.cells) are removed, each value with a warning naming its row and column, on
  every backend alike. Tab, line feed and carriage return stay (multi-line descriptions).
- Text a spreadsheet would run as a formula (starting with = + - or @) is flagged: it is stored as text and exported
  neutralised, but the analyst should know.
- A web address must be http(s); a script address (`javascript:`, `data:`, …) is refused in any link column.
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



__all__ = ["formula_warnings", "link_problems", "strip_invisible"]
