"""Which kind of records a file holds: named by its file name, its sheet's name or its columns, or guessed from them."""

from __future__ import annotations

import re

from cooperation.schema import KINDS, Kind, header_lookup, kind_for_file

# How a file's kind was found: given by the caller (chosen, or a mapping's), named by the file or its sheet, named
# by its columns (the kind they fit best lacks a required column), or guessed from its columns.
KindSource = str  # "given" | "file name" | "sheet" | "columns" | "guess"


# Words that name a kind in a file or sheet name, in English, Swedish and Chinese.
_KIND_WORDS = {
    "agreement": ("agreements", "agreement", "avtal", "协议", "協議"),
    "visit": ("visits", "visit", "besök", "besok", "访问", "訪問"),
    "deal": ("deals", "deal", "affärer", "affarer", "affär", "affar", "交易"),
    "milestone": ("milestones", "milestone", "händelser", "handelser", "milstolpar", "事件"),
    "organisation": ("organisations", "organisation", "organizations", "organization", "organisationer",
                     "机构", "組織", "组织"),
    "place": ("places", "place", "orter", "platser", "地点", "地點"),
}


def kind_from_headers(headers: list[str]) -> Kind | None:
    """The kind whose required columns the (normalised) headers cover best (all of them), if any."""
    best: tuple[int, Kind | None] = (0, None)
    for candidate in KINDS.values():
        lookup = header_lookup(candidate)
        known = {lookup[h] for h in headers if h in lookup}
        if set(candidate.required) <= known and len(known) > best[0]:
            best = (len(known), candidate)
    return best[1]


def kind_of(filename: str, sheet: str | None, headers: list[str]) -> tuple[Kind | None, KindSource | None]:
    """The kind a file names and how: by its file name, its sheet's name, or its (normalised, mapped) headers.

    By the headers: the kind with the most of its own columns among them is named by them (ties go to a kind whose
    required columns are all there; a tie of kinds none of which is whole names none). When its required columns
    are all there it is only a guess ("guess"), since another kind may fit as well; when one is missing, the file
    still names that kind ("columns"), so that the missing column is named rather than another kind taken silently.
    """
    by_name = _kind_by_name(filename)
    if by_name is not None:
        return by_name, "file name"
    by_sheet = _kind_by_name(sheet + ".csv") if sheet else None
    if by_sheet is not None:
        return by_sheet, "sheet"
    best = _best_fitting(headers)
    if best is None:
        return None, None
    return best, "guess" if kind_from_headers(headers) is best else "columns"


def _kind_by_name(filename: str) -> Kind | None:
    """The kind a file's name names: the kind's file name at its start (kind_for_file), else the one kind whose
    word, in English, Swedish or Chinese, is a word of the name (`bad_agreements.csv`, `avtal 2024.csv`,
    `Affärer.xlsx`, `2013年协议.csv`); None when the name names none, or more than one."""
    found = kind_for_file(filename)
    if found is not None:
        return found
    stem = re.split(r"[\\/]", filename)[-1].casefold().rsplit(".", 1)[0]
    words = set(re.split(r"[\W_]+", stem))
    named = {name for name, spellings in _KIND_WORDS.items()
             if any(word in words or (not word.isascii() and word in stem) for word in spellings)}
    return KINDS[named.pop()] if len(named) == 1 else None


def _best_fitting(headers: list[str]) -> Kind | None:
    """The kind with the most of its own columns among `headers` (normalised); ties go to a kind whose required
    columns are all there, then to the kinds' order. None when no header is a column of a kind but the common ones
    (id, source, notes, …), which say nothing of the kind."""
    from cooperation.schema import header_lookup

    common = set.intersection(*(set(k.column_names) for k in KINDS.values()))
    fits: list[tuple[int, int, Kind]] = []
    for candidate in KINDS.values():
        lookup = header_lookup(candidate)
        known = {lookup[h] for h in headers if h in lookup}
        if own := len(known - common):
            fits.append((own, int(set(candidate.required) <= known), candidate))
    if not fits:
        return None
    best = max(fits, key=lambda fit: fit[:2])  # the first of equals, in the kinds' order
    if not best[1] and sum(1 for fit in fits if fit[:2] == best[:2]) > 1:
        return None  # several kinds fit as well, none of them whole: the columns name none
    return best[2]


__all__ = ["KindSource", "kind_from_headers", "kind_of"]
