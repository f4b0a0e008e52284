"""Data: one table per kind with search, sources as links, and a CSV download of what is filtered (UTF-8 with a
byte-order mark for Excel, formula-like text neutralised)."""

import streamlit as st

from app.context import current_view
from cooperation.export import records_csv
from cooperation.i18n import t
from cooperation.schema import KINDS
from cooperation.style import kind_label
from cooperation.tables import record_table, search_rows

view = current_view()
lang = view.lang
st.title(t("data.title", lang))
st.caption(t("data.caption", lang))
if view.events.empty:
    st.info(t("data.empty", lang), icon=":material/inbox:")
search = st.text_input(t("data.search", lang), key="data_search")
shown_ids = set(view.shown["id"])
tabs = st.tabs([kind_label(name, lang) for name in KINDS])
for tab, kind in zip(tabs, KINDS.values(), strict=True):
    with tab:
        frame = view.dataset.frame(kind.name)
        if kind.is_event:
            frame = frame[frame["id"].isin(shown_ids)]
        rows = search_rows(record_table(frame), search)
        stored = frame[frame["id"].isin(rows["id"])] if "id" in rows else frame.iloc[0:0]
        st.caption(t("data.rows", lang, count=len(rows)))
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_config={"link": st.column_config.LinkColumn(
                         t("col.source_link", lang), display_text=r"https?://(?:www\.)?([^/]+)")})
        st.download_button(t("data.download", lang, kind=kind.file, count=len(rows)),
                           records_csv(stored), file_name=kind.file, mime="text/csv", key=f"download_{kind.name}")
