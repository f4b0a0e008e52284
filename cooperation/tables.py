"""Events and records laid out as tables for people: labelled columns in the chosen language, honest dates,
sources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from cooperation.cells import fold
from cooperation.dataset import first_url
from cooperation.dates import parse_partial_date
from cooperation.i18n import choice_label, fmt_decimal, fmt_number, join_names, place_word, sector_label, t, with_note
from cooperation.schema import EVENT_KINDS, KINDS, PARTY_SEPARATOR
from cooperation.style import date_label, kind_label

# columns shown as the data gives them, in no language of ours: what a test of the translated view leaves alone
AS_WRITTEN_COLUMNS = ("id", "source", "low_confidence_source", "description", "purpose", "notes", "website",
                      "name_original")
_HIDDEN = ("row", "title_sv", "title_en", "title_zh", "name_sv", "name_en", "name_zh")
_NAMED = ("dalarna_party", "hubei_party", "delegation", "host", "city", "name", "part_of")  # translated names


def confidence_label(value: object, lang: str) -> str:
    """The confidence of a record in words ('not stated' when the data does not say)."""
    return choice_label("", "confidence", value, lang) if isinstance(value, str) and value \
        else t("confidence.none", lang)


def events_display_table(events: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per event with the date as known, kind, title, parties, confidence and sources."""
    return pd.DataFrame({
        t("col.date", lang): [date_label(d, p, lang) for d, p in zip(events["date"], events["precision"], strict=True)],
        t("col.kind", lang): [kind_label(k, lang) for k in events["kind"]],
        t("col.title", lang): events["title"].astype(str),
        t("col.parties", lang): [join_names(p, lang) for p in events["parties"]],
        t("col.confidence", lang): [confidence_label(c, lang) for c in events["confidence"]],
        t("col.source", lang): events["source"].fillna(t("data.no_source", lang)).astype(str),
        t("col.source_link", lang): [first_url(s) or "" for s in events["source"]],
    })


TABLE_ROWS = 500  # a chart's table view shows at most this many rows (the Data page pages through all of them)
PAGE_ROWS = 200  # rows on a page of the Data page


def first_by_date(events: pd.DataFrame, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The first `limit` events by date (all of them when there are no more)."""
    if len(events) <= limit:
        return events
    ordered = events if events["start"].is_monotonic_increasing else events.sort_values("start", kind="stable")
    return ordered.head(limit)


def rows_with_ids(frame: pd.DataFrame, ids: Iterable[object]) -> pd.DataFrame:
    """The rows of `frame` whose `id` is one of `ids`, in the frame's order (a set lookup per row: Series.isin of
    a hundred thousand text ids takes seconds)."""
    wanted = set(ids)
    found = np.fromiter((i in wanted for i in frame["id"].to_numpy(dtype=object).tolist()), dtype=bool,
                        count=len(frame))
    return frame[found]


def bounded_note(count: int, limit: int, lang: str) -> str | None:
    """What a table view of `count` rows cut to `limit` says about the rest (None when nothing is cut)."""
    if count <= limit:
        return None
    return t("table.first_rows", lang, shown=fmt_number(limit, lang), count=fmt_number(count, lang))


def per_year_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Records per year (metrics.records_per_year) as a table: a row per year, a column per kind, in words."""
    if counts.empty:
        return pd.DataFrame({t("col.year", lang): []})
    table = counts.pivot(index="year", columns="kind", values="count").fillna(0).astype(int)
    table = table[[k for k in EVENT_KINDS if k in table.columns]]
    table.columns = [kind_label(k, lang) for k in table.columns]
    return table.rename_axis(t("col.year", lang)).reset_index()


def record_table(frame: pd.DataFrame, kind: str, lang: str, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A stored frame of one kind as the data view shows it, in `lang`: headers and choices in words, names
    (`names`: as written -> in `lang`) and sectors translated, the title in `lang` (else the original, marked),
    the date with how precisely it is known, the first web source as a link; empty columns left out.

    Columns keep the frame's index, so that a row of the table is the stored row of the same label.
    """
    names = names or {}
    columns: dict[str, pd.Series] = {}
    for column in KINDS[kind].column_names:
        if column not in frame or column in _HIDDEN or (frame[column].isna().all() and column not in (
                "source", "confidence")):
            continue
        columns.update(_shown_columns(frame, column, kind, lang, names))
    # an empty cell where the data has nothing: a table shows a missing value as "None"
    table = pd.DataFrame({c: v.astype(object).where(v.notna(), "") for c, v in columns.items()}, index=frame.index)
    table.columns = [t(f"col.{c}", lang) if c != "link" else t("col.source_link", lang) for c in table.columns]
    return table


def _shown_columns(frame: pd.DataFrame, column: str, kind: str, lang: str, names: Mapping[str, str]
                   ) -> dict[str, pd.Series]:
    """The table's columns for one stored column: the title in `lang`; a name in `lang` beside the original; the
    date beside its precision; the source beside its first web address; any other column in words."""
    values = frame[column]
    if column == "title":
        return {"title": _titles(frame, lang)}
    if column == "name" and any(names.get(n, n) != n for n in values):
        return {"name": values.map(lambda n: names.get(n, n)), "name_original": values}
    if column == "date":
        return {"date": values, "date_precision": values.map(lambda d: _precision_label(d, lang))}
    shown = {"link": values.map(lambda s: first_url(s) or "")} if column == "source" else {}
    return {**shown, column: _in_words(values, column, kind, lang, names)}


def _in_words(values: pd.Series, column: str, kind: str, lang: str, names: Mapping[str, str]) -> pd.Series:
    """A column's values as the reader reads them in `lang`: numbers written the language's way, choices and
    sectors in words, party names and places translated; other text as it is."""
    spec = KINDS[kind].column(column)
    if spec.type in ("number", "integer"):
        return values.map(lambda v: fmt_decimal(v, lang) if pd.notna(v) else "")
    if spec.type == "choice":
        return values.map(lambda v: choice_label(kind, column, v, lang))
    if column == "sector":
        return values.map(lambda v: sector_label(v, lang))
    if column in _NAMED:
        return values.map(lambda v: _names(v, names, lang))
    if column in ("region", "country"):
        return values.map(lambda v: place_word(v, lang))
    return values


def _titles(frame: pd.DataFrame, lang: str) -> pd.Series:
    """The title in `lang`; where the data has none, the original title marked as such (English reads the
    original: the contract's `title` is English unless a `title_en` says otherwise)."""
    own = frame.get(f"title_{lang}")
    original_word = t("value.original", lang)

    def title(row_title: object, translated: object) -> str:
        if isinstance(translated, str) and translated.strip():
            return translated
        text = "" if not isinstance(row_title, str) else row_title
        return text if lang == "en" or not text else with_note(text, original_word, lang)

    translated = own if own is not None else pd.Series(None, index=frame.index, dtype=object)
    return pd.Series([title(a, b) for a, b in zip(frame["title"], translated, strict=True)], index=frame.index,
                     dtype=object)


def _precision_label(value: object, lang: str) -> str:
    if not isinstance(value, str) or not value:
        return ""
    return t(f"precision.{parse_partial_date(value).precision}", lang)


def _names(value: object, names: Mapping[str, str], lang: str) -> str:
    """A cell naming one party or several (' | '), each in `lang` where known."""
    if not isinstance(value, str) or not value.strip():
        return ""
    return join_names((names.get(p.strip(), p.strip()) for p in value.split(PARTY_SEPARATOR.strip()) if p.strip()),
                      lang)


def search_rows(frame: pd.DataFrame, text: str, also: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows where any cell (of `frame`, or of `also`: the same rows as stored) contains `text`, ignoring case and
    accents ('borlange' finds Borlänge)."""
    needle = fold(text.strip())
    if not needle or frame.empty:
        return frame
    found = pd.Series(False, index=frame.index)
    for table in (frame, also):
        if table is None:
            continue
        for column in table.columns:
            cells = table[column].map(lambda v: fold(str(v)) if isinstance(v, str) or pd.notna(v) else "")
            found |= cells.str.contains(needle, regex=False).reindex(frame.index, fill_value=False)
    return frame[found.to_numpy(dtype=bool)]


__all__ = ["AS_WRITTEN_COLUMNS", "PAGE_ROWS", "TABLE_ROWS", "bounded_note", "confidence_label", "events_display_table",
           "first_by_date", "rows_with_ids", "per_year_table", "record_table",
           "search_rows"]
