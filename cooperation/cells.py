"""A cell's text: the characters it may hold, how a value is shown in a message, compared in a search and
written to a spreadsheet.

- Invisible characters (control characters such as NUL, bidirectional overrides such as U+202E, zero-width
  characters, a byte-order mark inside a value) make names that look the same compare differently and can hide what
  a name says; the ingest removes them (cooperation.ingest) and the store keeps PostgreSQL from NUL.
- Text a spreadsheet would run as a formula is neutralised in every file the dashboard writes (exports, problem
  reports), with a leading apostrophe (OWASP "CSV injection").
- A search compares text folded: case, accents and full-width forms ignored.

This module is at the bottom of the engine (it imports nothing of it): the ingest, the problems' reports, the
record model and the exports all use it.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
FORMULA_SIGNS = "=+-@"  # a value starting with one gets a warning on upload
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # neutralised in what is written (OWASP "CSV injection")


def shortened(text: str, most: int = SHOWN_CHARS) -> str:
    """`text`, cut to `most` characters with an ellipsis when it is longer (values shown in a message)."""
    return text if len(text) <= most else text[:most] + "…"


def visible(text: str) -> str:
    """`text` with each invisible character written as ⟨U+XXXX⟩, so that a message can show where it was."""
    return INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def without_invisible(text: str) -> str:
    """`text` without its invisible characters (for a header cell)."""
    return INVISIBLE.sub("", text)


def arrow_text(values: pd.Series) -> pa.ChunkedArray | pa.Array:
    """The arrow data of a text column (no copy when it is arrow-backed already)."""
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
    arrow = arrow_text(values)
    suspects = _suspects(arrow)
    if suspects is None:
        hits = pc.match_substring_regex(arrow, INVISIBLE_RE2)
        return np.flatnonzero(np.asarray(hits.to_numpy(zero_copy_only=False), dtype=bool))
    if not len(suspects):
        return suspects
    taken = arrow.take(pa.array(suspects))
    hits = np.asarray(pc.match_substring_regex(taken, INVISIBLE_RE2).to_numpy(zero_copy_only=False), dtype=bool)
    return suspects[hits]


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a leading apostrophe; anything else unchanged.

    Numbers stay numbers (a negative float is harmless); the TEXT "-1+1" is neutralised.
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def fold(text: str) -> str:
    """`text` for matching: case folded, accents dropped, full-width forms made plain ('Borlänge' -> 'borlange')."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


__all__ = ["FORMULA_SIGNS", "FORMULA_TRIGGERS", "INVISIBLE", "INVISIBLE_RANGES", "INVISIBLE_RE2", "SHOWN_CHARS",
           "arrow_text", "fold", "invisible_positions", "neutralise", "shortened", "visible", "without_invisible"]
