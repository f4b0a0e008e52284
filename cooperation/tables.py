"""Events and records laid out as tables for people: labelled columns, honest dates, sources."""

from __future__ import annotations

import pandas as pd

from cooperation.dataset import first_url
from cooperation.dates import parse_partial_date
from cooperation.i18n import t
from cooperation.style import date_label, kind_label


def confidence_label(value: object, lang: str) -> str:
    """The confidence of a record in words ('not stated' when the data does not say)."""
    return t(f"confidence.{value}", lang) if isinstance(value, str) and value else t("confidence.none", lang)


def events_display_table(events: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per event with the date as known, kind, title, parties, confidence and sources."""
    return pd.DataFrame({
        t("col.date", lang): [date_label(d, p, lang) for d, p in zip(events["date"], events["precision"], strict=True)],
        t("col.kind", lang): [kind_label(k, lang) for k in events["kind"]],
        t("col.title", lang): events["title"].astype(str),
        t("col.parties", lang): [", ".join(p) for p in events["parties"]],
        t("col.confidence", lang): [confidence_label(c, lang) for c in events["confidence"]],
        t("col.source", lang): events["source"].fillna(t("data.no_source", lang)).astype(str),
        t("col.source_link", lang): [first_url(s) for s in events["source"]],
    })


def record_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A stored frame of one kind as shown in the data view: the row number and empty columns dropped,
    the date's precision and a link column added."""
    empty = [c for c in frame.columns if frame[c].isna().all() and c not in ("source", "confidence")]
    shown = frame.drop(columns=["row", *empty] if len(frame) else ["row"], errors="ignore").copy()
    if "date" in shown:
        precision = [parse_partial_date(d).precision if isinstance(d, str) else None for d in shown["date"]]
        shown.insert(shown.columns.get_loc("date") + 1, "date_precision", precision)
    if "source" in shown:
        shown.insert(0, "link", [first_url(s) for s in shown["source"]])
    return shown


def search_rows(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows where any cell contains `text` (case-insensitive)."""
    needle = text.strip().casefold()
    if not needle or frame.empty:
        return frame
    haystack = frame.astype(str).apply(lambda column: column.str.casefold().str.contains(needle, regex=False))
    return frame[haystack.any(axis=1)]


__all__ = ["confidence_label", "events_display_table", "record_table", "search_rows"]
