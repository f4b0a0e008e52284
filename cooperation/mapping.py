"""Column mapping: a file whose headers are not the contract's gets them renamed to the contract's columns.

`file_headers` gives the headers as the analyst sees them, `suggest_mapping` proposes a contract column for each
(exact name or alias, then a close match), the analyst corrects it, and `ingest_bytes(..., mapping=...)` applies it.
`header_signature` names a set of headers, so that the store can remember the mapping for the next file with the
same headers (in any order, any case).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from typing import NamedTuple

from cooperation.ingest.raw import Unreadable, normalise_header
from cooperation.ingest.reading import sniff_format
from cooperation.ingest.split_plain import read_header
from cooperation.ingest.xlsx import read_sheet_header
from cooperation.limits import Limits
from cooperation.schema import KINDS, header_lookup

_TOKEN = re.compile(r"[^\W_]+")
CLOSE_MATCH = 0.8  # difflib ratio for a header that is a misspelling of a column or alias
# the words of every column name and alias of the contract
_CONTRACT_WORDS = {w for k in KINDS.values() for spelling in header_lookup(k) for w in _TOKEN.findall(spelling)}


class Remembered(NamedTuple):
    """A mapping remembered for a set of headers: the kind, {file header: contract column} ("" for not read), and
    {contract column: the value it has in every row}."""

    kind: str
    columns: dict[str, str]
    constants: dict[str, str] = {}


def _normalised(header: str) -> str:
    return normalise_header(unicodedata.normalize("NFC", str(header)))


def header_signature(headers: list[str]) -> str:
    """A stable name for a set of headers: the SHA-256 (hex) of the normalised headers (trimmed, lower-case, inner
    white space as `_`, NFC), sorted; the same for the same headers in any order, case or spacing. Empty headers
    count (R's row-name column, say), so a file with one more column has another signature."""
    normalised = sorted(_normalised(h) for h in headers)
    return hashlib.sha256("\x1f".join(normalised).encode("utf-8")).hexdigest()


def file_headers(data: bytes, filename: str, sheet: str | None = None, limits: Limits | None = None) -> list[str]:
    """The header cells of a CSV file or of one sheet of a workbook (default: the first), trimmed, as the analyst
    wrote them, up to the last named one; [] for a file that cannot be read within `limits` (ingest_bytes says
    why)."""
    if not data:
        return []
    try:
        form = sniff_format(data, filename)
    except Unreadable:
        return []
    if form == "xlsx":
        return read_sheet_header(data, sheet, limits=limits)
    headers = read_header(data)
    return headers if len(headers) <= (limits or Limits()).max_columns else []


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t]


def _score(header: str, spelling: str) -> float:
    """How well a normalised header fits one spelling of a column (name or alias); 0 when it does not.

    1 for the same text; a close match by difflib; else, when every word of the spelling is a word of the header
    (or ends one: `isodate` ends with `date`), a score below a close match that prefers the shorter header.
    """
    if header == spelling:
        return 1.0
    ratio = difflib.SequenceMatcher(None, header, spelling).ratio()
    if ratio >= CLOSE_MATCH:
        return ratio
    words, wanted = _tokens(header), _tokens(spelling)
    if not words or not wanted:
        return 0.0
    for word in wanted:
        if word not in words and not any(w.endswith(word) and len(word) >= 4 for w in words):
            return 0.0
    used = len(wanted)
    # every word found: rank by how much of the header they cover, less for words that belong to other columns
    # (`end_actual_isodate` is rather an end_date than a date)
    others = sum(1 for w in words
                 if w in _CONTRACT_WORDS and w not in wanted and not any(w.endswith(x) for x in wanted))
    return max(0.05, 0.3 + 0.4 * ratio + 0.1 * used / len(words) - 0.1 * others)


def suggest_mapping(headers: list[str], kind: str) -> dict[str, str]:
    """{file header: contract column} for the headers that fit a column of `kind`: by exact name or Swedish alias,
    a close spelling (difflib), or the column's words within the header (`transaction_currency` -> `currency`).
    Each column is given to at most one header, the best fitting; headers that fit nothing are left out."""
    chosen = KINDS[kind]
    lookup = header_lookup(chosen)
    candidates: list[tuple[float, int, str, str]] = []
    for position, header in enumerate(headers):
        normal = _normalised(header)
        if not normal:
            continue
        if normal in lookup:
            candidates.append((2.0, position, header, lookup[normal]))
            continue
        for spelling, column in lookup.items():
            score = _score(normal, spelling)
            if score > 0:
                candidates.append((score, position, header, column))
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, header, column in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if header in mapping or column in taken:
            continue
        mapping[header] = column
        taken.add(column)
    return {h: mapping[h] for h in headers if h in mapping}


__all__ = ["Remembered", "file_headers", "header_signature", "suggest_mapping"]
