"""Data: one table per kind in the chosen language (headers, values, names and titles translated; what the data
says in its own words marked as such), with search, sources as links, and a CSV download of what is filtered (the
stored columns, UTF-8 with a byte-order mark for Excel, formula-like text neutralised)."""

import streamlit as st

from app.context import View, current_view, load
from cooperation.export import records_csv
from cooperation.i18n import t
from cooperation.localize import name_map
from cooperation.schema import KINDS
from cooperation.style import kind_label
from cooperation.tables import record_table, search_rows


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
    shown_ids = set(view.shown["id"])
    tabs = st.tabs([kind_label(name, lang) for name in KINDS])
    for tab, kind in zip(tabs, KINDS.values(), strict=True):
        with tab:
            frame = stored.frame(kind.name)
            if kind.is_event:
                frame = frame[frame["id"].isin(shown_ids)]
            table = record_table(frame, kind.name, lang, names)
            rows = search_rows(table, search, also=frame)
            st.caption(t("data.rows", lang, count=len(rows)))
            st.dataframe(rows, hide_index=True, width="stretch",
                         column_config={t("col.source_link", lang): st.column_config.LinkColumn(
                             display_text=r"https?://(?:www\.)?([^/]+)")})
            st.download_button(t("data.download", lang, kind=kind.file, count=len(rows)),
                               records_csv(frame.loc[rows.index]), file_name=kind.file, mime="text/csv",
                               key=f"download_{kind.name}")


render(current_view())
