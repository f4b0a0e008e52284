"""Network: organisations and the records that join them; click a node to list its records."""

import streamlit as st

from app.context import cached, centrality, current_view, graph_and_layout
from app.widgets import PLOTLY_CONFIG, stop_if_empty
from cooperation.i18n import t
from cooperation.markdown import md_text
from cooperation.network import network_figure, network_summary, records_of
from cooperation.style import side_label
from cooperation.tables import events_display_table

view = current_view()
lang = view.lang
st.title(t("network.title", lang))
st.caption(t("network.caption", lang))
if not stop_if_empty(view):
    # Graph, layout, centrality and figure are cached per data version, language and selection; a cold network of
    # thousands of organisations takes seconds, and the spinner (shown after half a second) says it is working.
    with st.spinner(f"{t('network.title', lang)} …", show_time=True):
        graph, positions = graph_and_layout(view.shown, lang)
        table = centrality(view.shown, graph, lang)
    selection = st.session_state.get("network_chart", {}) or {}
    points = (selection.get("selection") or {}).get("points") or []
    selected = points[0].get("customdata") if points else None
    if isinstance(selected, list):
        selected = selected[0] if selected else None
    figure = cached("network_figure", lambda _, g, p: network_figure(g, p, lang, selected), view, graph, positions,
                    key=(selected,))
    st.plotly_chart(figure, config=PLOTLY_CONFIG, on_select="rerun", selection_mode=("points",), key="network_chart")
    st.caption(network_summary(table, graph.number_of_edges(), lang))
    left, right = st.columns(2, gap="large")
    with left:
        if selected:
            st.subheader(t("network.selected", lang, name=md_text(selected)))
            st.dataframe(events_display_table(records_of(view.shown, selected), lang), hide_index=True,
                         width="stretch", column_config={t("col.source_link", lang): st.column_config.LinkColumn()})
        else:
            st.info(t("network.click_hint", lang), icon=":material/touch_app:")
    with right:
        st.subheader(t("network.centrality", lang))
        shown_table = table.assign(side=table["side"].map(lambda side: side_label(side, lang)))
        st.dataframe(shown_table.rename(columns={"organisation": t("col.organisation", lang),
                                                 "side": t("col.side", lang),
                                                 "degree": t("network.degree", lang),
                                                 "betweenness": t("network.betweenness", lang),
                                                 "records": t("col.records", lang)}),
                     hide_index=True, width="stretch")
