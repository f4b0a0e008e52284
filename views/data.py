"""Data: one table per kind in the chosen language (headers, values, names and titles translated; what the data
says in its own words marked as such), with search, sources as links, and a CSV download of what is filtered (the
stored columns, UTF-8 with a byte-order mark for Excel, formula-like text neutralised).

The tables are paged on the server: a search is applied to every row, then only the chosen page's rows are put in
words and sent, and the CSV is made only when its button is clicked."""

import pandas as pd
import streamlit as st

from app.context import View, cached, current_view, load
from app.widgets import page_picker
from cooperation.export import records_csv
from cooperation.i18n import fmt_number, t
from cooperation.localize import name_map
from cooperation.schema import KINDS
from cooperation.style import kind_label
from cooperation.tables import PAGE_ROWS, record_table, rows_with_ids, search_rows


def _stored_rows(shown: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The stored rows of `kind` the filters show (every organisation and place: the filters choose events)."""
    frame = load()[0].frame(kind)
    return rows_with_ids(frame, shown["id"].to_numpy(dtype=object).tolist()) if KINDS[kind].is_event else frame


def _found(shown: pd.DataFrame, lang: str, text: str) -> dict[str, tuple[pd.DataFrame, pd.Index]]:
    """Per kind: the stored rows the filters show, and the labels of those where `text` is found (in the table's
    words or as stored)."""
    found = {}
    for kind in KINDS:
        frame = _stored_rows(shown, kind)
        if text.strip():
            table = record_table(frame, kind, lang, name_map(load()[0], lang))
            found[kind] = frame, search_rows(table, text, also=frame).index
        else:
            found[kind] = frame, frame.index
    return found


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    stored, _ = load()  # the records as stored: names as written, which the tables translate
    names = name_map(stored, lang)
    st.title(t("data.title", lang))
    st.caption(t("data.caption", lang))
    if view.events.empty:
        st.info(t("data.empty", lang), icon=":material/inbox:")
    search = st.text_input(t("data.search", lang), key="data_search", help=t("data.search_help", lang))
    # per data version, filters, language and search: a page change only slices and words 200 rows
    tables = cached("data_found", _found, view, lang, search, key=(search,))
    tabs = st.tabs([kind_label(name, lang) for name in KINDS])
    for tab, kind in zip(tabs, KINDS.values(), strict=True):
        with tab:
            frame, found = tables[kind.name]
            page = page_picker(len(found), PAGE_ROWS, f"data_page_{kind.name}", lang)
            shown = found[page]
            st.caption(t("data.rows", lang, count=fmt_number(len(found), lang)) if len(shown) == len(found) else t(
                "data.rows_range", lang, first=fmt_number(page.start + 1, lang),
                last=fmt_number(page.start + len(shown), lang), count=fmt_number(len(found), lang)))
            st.dataframe(record_table(frame.loc[shown], kind.name, lang, names), hide_index=True, width="stretch",
                         column_config={t("col.source_link", lang): st.column_config.LinkColumn(
                             display_text=r"https?://(?:www\.)?([^/]+)")})
            st.download_button(t("data.download", lang, kind=kind.file, count=fmt_number(len(found), lang)),
                               lambda frame=frame, found=found: records_csv(frame.loc[found]), file_name=kind.file,
                               mime="text/csv", key=f"download_{kind.name}")


render(current_view())
