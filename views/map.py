"""Map: the parties' places and great-circle arcs between the two sides, on an offline basemap."""

import streamlit as st

from app.context import current_view
from app.widgets import stop_if_empty
from cooperation.geo import arcs_table, locate_parties, map_deck, map_summary, unplaced_parties
from cooperation.i18n import t

view = current_view()
lang = view.lang
organisations, places = view.dataset.frame("organisation"), view.dataset.frame("place")
st.title(t("map.title", lang))
st.caption(t("map.caption", lang))
if not stop_if_empty(view.shown, view.events, lang):
    st.pydeck_chart(map_deck(view.shown, organisations, places, lang), height=620, key="map")
    st.caption(f"{map_summary(view.shown, organisations, places, lang)} {t('data.attribution', lang)}")
    unplaced = unplaced_parties(view.shown, organisations, places)
    if unplaced:
        st.caption(t("map.unplaced", lang, names=", ".join(unplaced)))
    with st.expander(t("map.table", lang)):
        names = {p for parties in view.shown["parties"] for p in parties}
        arcs = arcs_table(view.shown, locate_parties(names, organisations, places), lang)
        st.dataframe(arcs[["from_place", "to_place", "records", "titles"]].rename(columns={
            "from_place": t("col.from", lang), "to_place": t("col.to", lang), "records": t("col.records", lang),
            "titles": t("col.title", lang)}), hide_index=True, width="stretch")
