"""Network: organisations and the records that join them, in plain words; click a node, or choose an organisation,
to list its records. On a phone the graph gives way to the list of organisations and their links (static/dashboard.css).
"""

import streamlit as st

from app.context import View, cached, centrality, current_view, graph_and_layout
from app.widgets import PLOTLY_CONFIG, stop_if_empty
from cooperation.i18n import fmt_number, t
from cooperation.markdown import md_text
from cooperation.network import (
    DRAWN_NODES,
    RECORDS_SHOWN,
    latest,
    network_figure,
    network_list,
    network_summary,
    records_of,
)
from cooperation.tables import events_display_table

CHART, PICK = "network_chart", "network_pick"


def record_columns(lang: str) -> dict:
    """Widths that fit every column of a records table into a 1920 px screen (1,460 px of page beside the sidebar);
    a narrower screen scrolls the table, not the page."""
    return {t("col.date", lang): st.column_config.TextColumn(width=170),
            t("col.kind", lang): st.column_config.TextColumn(width=80),
            t("col.title", lang): st.column_config.TextColumn(width=400),
            t("col.parties", lang): st.column_config.TextColumn(width=220),
            t("col.confidence", lang): st.column_config.TextColumn(width=110),
            t("col.source", lang): st.column_config.TextColumn(width=290),
            t("col.source_link", lang): st.column_config.LinkColumn(width=140,
                                                                     display_text=r"https?://(?:www\.)?([^/]+).*")}


def clicked_node() -> str | None:
    """The organisation of the node clicked in the graph, if any."""
    selection = st.session_state.get(CHART, {}) or {}
    points = (selection.get("selection") or {}).get("points") or []
    node = points[0].get("customdata") if points else None
    if isinstance(node, list):
        node = node[0] if node else None
    return node


def follow_the_graph(names: list[str]) -> None:
    """A click on a node chooses its organisation in the list above the records (a click is seen once, so that a
    later choice in the list is not overridden by the graph's standing selection)."""
    node = clicked_node()
    if node != st.session_state.get("_network_clicked"):
        st.session_state["_network_clicked"] = node
        if node in names:
            st.session_state[PICK] = node
    if st.session_state.get(PICK) not in names:
        st.session_state[PICK] = None


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    st.title(t("network.title", lang))
    st.caption(t("network.caption", lang))
    if not stop_if_empty(view):
        # Graph, layout, centrality and figure are cached per data version, language and selection; a cold network of
        # thousands of organisations takes seconds, and the spinner (shown after half a second) says it is working.
        with st.spinner(f"{t('network.title', lang)} …", show_time=True):
            graph, positions = graph_and_layout(view.shown, lang)
            table = centrality(view.shown, graph, lang)
        names = list(table["organisation"])
        follow_the_graph(names)
        selected = st.session_state.get(PICK)
        figure = cached("network_figure", lambda _, g, p, c: network_figure(g, p, lang, selected, c, DRAWN_NODES),
                        view, graph, positions, table, key=(selected, DRAWN_NODES))
        st.plotly_chart(figure, config=PLOTLY_CONFIG, on_select="rerun", selection_mode=("points",), key=CHART)
        st.caption(network_summary(table, graph.number_of_edges(), lang))
        if graph.number_of_nodes() > DRAWN_NODES:
            st.caption(t("network.drawn_part", lang, total=fmt_number(graph.number_of_nodes(), lang),
                         shown=fmt_number(DRAWN_NODES, lang)))

        st.selectbox(t("network.pick", lang), names, key=PICK, index=None, width=440,
                     placeholder=t("network.pick_placeholder", lang))
        if selected:
            st.subheader(t("network.selected", lang, name=md_text(selected)))
            records = records_of(view.shown, selected)
            st.dataframe(events_display_table(latest(records, RECORDS_SHOWN), lang), hide_index=True,
                         width="stretch", column_config=record_columns(lang))
            if len(records) > RECORDS_SHOWN:
                st.caption(t("network.records_capped", lang, shown=fmt_number(RECORDS_SHOWN, lang),
                             total=fmt_number(len(records), lang)))
        else:
            st.info(t("network.click_hint", lang), icon=":material/touch_app:")

        with st.container(key="network_list"):
            st.subheader(t("network.list", lang))
            st.dataframe(cached("network_list", lambda _, c: network_list(c, lang), view, table), hide_index=True,
                         width="stretch", column_config={
                             t("col.organisation", lang): st.column_config.Column(pinned=True),
                             t("network.links", lang): st.column_config.Column(help=t("network.links_help", lang)),
                             t("network.bridge", lang): st.column_config.Column(help=t("network.bridge_help", lang)),
                             t("network.partners", lang): st.column_config.TextColumn(width="large")})


render(current_view())
