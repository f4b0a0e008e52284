"""What an uploaded cell's text may hold, checked a column at a time (arrow, each column in one pass).

- Invisible characters (control characters such as NUL, bidirectional overrides such as U+202E, zero-width
  characters, a byte-order mark inside a value) are removed, each value with a warning naming its row and column,
  on every backend alike: they make names that look the same compare differently, can hide what a name says, and
  PostgreSQL cannot store NUL at all. Tab, line feed and carriage return stay (multi-line descriptions).
- Text a spreadsheet would run as a formula (starting with = + - or @) is flagged: it is stored as text and exported
  neutralised, but the analyst should know.
- A web address must be http(s); a script address (`javascript:`, `data:`, …) is refused in any link column.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cooperation.problems import Problem

# The characters removed, as code point ranges: C0 and C1 controls (but tab, line feed, carriage return), soft
# hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space/non-joiner/joiner, left-to-right and
# right-to-left marks, bidirectional embeddings, overrides and isolates, word joiner and invisible operators,
# deprecated format characters, the byte-order mark (zero-width no-break space), interlinear annotations and tags.
INVISIBLE_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x61C, 0x61C),
                    (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
                    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0xE0000, 0xE007F))
_CLASS = "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b != a else "") for a, b in INVISIBLE_RANGES)
INVISIBLE_RE2 = f"[{_CLASS}]"  # for pyarrow (RE2)
INVISIBLE = re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b != a else "")
                                     for a, b in INVISIBLE_RANGES) + "]")
SHOWN_CHARS = 60
FORMULA_SIGNS = "=+-@"
# schemes that run or embed instead of linking (browsers drop tabs, line breaks and controls inside a scheme)
_SCRIPT_SCHEMES = re.compile(r"^(?:javascript|vbscript|data|file|blob|about):", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_WEB_SCHEMES = ("http", "https")


def shortened(text: str, most: int = SHOWN_CHARS) -> str:
    """`text`, cut to `most` characters with an ellipsis when it is longer (values shown in a message)."""
    return text if len(text) <= most else text[:most] + "…"


def visible(text: str) -> str:
    """`text` with each invisible character written as ⟨U+XXXX⟩, so that a message can show where it was."""
    return INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def without_invisible(text: str) -> str:
    """`text` without its invisible characters (for a header cell)."""
    return INVISIBLE.sub("", text)


def _codes(text: str) -> str:
    """The invisible characters of `text`, each once, as `U+202E RIGHT-TO-LEFT OVERRIDE`, in order."""
    seen = dict.fromkeys(INVISIBLE.findall(text))
    return ", ".join(f"U+{ord(c):04X} " + unicodedata.name(c, "NULL" if c == "\x00" else "CONTROL CHARACTER")
                     for c in seen)


def _arrow(values: pd.Series) -> pa.ChunkedArray | pa.Array:
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return values.array.__arrow_array__()
    return pa.array(values.astype("string"))


# The first byte of each invisible character in UTF-8 (the C0 controls and DEL are one byte; the others start with
# C2, D8, E1, E2, EF or F3). A column whose text holds none of these bytes holds no invisible character, which
# numpy finds in one pass over its buffer; only the values that do hold one go through the regular expression.
_LEAD_BYTES = np.zeros(256, dtype=bool)
_LEAD_BYTES[[b for b in range(32) if b not in (9, 10, 13)] + [0x7F, 0xC2, 0xD8, 0xE1, 0xE2, 0xEF, 0xF3]] = True


def _suspects(arrow: pa.ChunkedArray | pa.Array) -> np.ndarray | None:
    """Positions of the values that may hold an invisible character (by their bytes), or None when the column is
    not arrow text with its offsets at hand (then every value is a suspect)."""
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    found, start = [], 0
    for chunk in chunks:
        if not pa.types.is_large_string(chunk.type) and not pa.types.is_string(chunk.type):
            return None
        size = len(chunk)
        if size and chunk.buffers()[2] is not None:
            width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
            offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[chunk.offset:chunk.offset + size + 1]
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[int(offsets[0]):int(offsets[-1])]
            hits = np.flatnonzero(_LEAD_BYTES[data])
            if len(hits):
                rows = np.searchsorted(offsets, hits + int(offsets[0]), side="right") - 1  # increasing
                found.append(rows[np.r_[True, rows[1:] != rows[:-1]]] + start)
        start += size
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def invisible_positions(values: pd.Series) -> np.ndarray:
    """Positions of the values of a text column that hold an invisible character."""
    arrow = _arrow(values)
    suspects = _suspects(arrow)
    if suspects is None:
        hits = pc.match_substring_regex(arrow, INVISIBLE_RE2)
        return np.flatnonzero(np.asarray(hits.to_numpy(zero_copy_only=False), dtype=bool))
    if not len(suspects):
        return suspects
    taken = arrow.take(pa.array(suspects))
    hits = np.asarray(pc.match_substring_regex(taken, INVISIBLE_RE2).to_numpy(zero_copy_only=False), dtype=bool)
    return suspects[hits]


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
    arrow = _arrow(values)
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
    arrow = pc.replace_substring_regex(_arrow(values), "[\t\n\r]", "")  # as browsers drop them from a scheme
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


__all__ = ["FORMULA_SIGNS", "INVISIBLE", "INVISIBLE_RANGES", "INVISIBLE_RE2", "formula_warnings", "invisible_positions",
           "link_problems", "shortened", "strip_invisible", "visible", "without_invisible"]
