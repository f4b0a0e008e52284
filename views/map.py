"""Map: the parties' places and great-circle arcs between the two sides, on offline country outlines, with a year
slider that plays the partnership back year by year.

The map is a plotly chart (SVG), not a deck.gl canvas: in a browser without a graphics card (a software WebGL
renderer, as in headless Chromium) every visit to a deck.gl map compiled its shaders anew and took 7-11 s; see
benchmarks/README.md ("Map page")."""

import pandas as pd
import streamlit as st

from app.context import View, cached, current_view
from app.widgets import PLOTLY_CONFIG, stop_if_empty
from cooperation.geo import map_figure, map_parts, map_summary, unplaced_parties
from cooperation.i18n import join_names, t

PLAY_SECONDS = 1.5  # one year per tick while playing


def _below_the_map(shown: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str
                   ) -> tuple[str, list[str], pd.DataFrame]:
    """The sentence under the map, the parties it cannot place and the table of links, from one map_parts."""
    parts = map_parts(shown, organisations, places, lang)
    return (map_summary(shown, organisations, places, lang, parts),
            unplaced_parties(shown, organisations, places, parts),
            parts.arcs[["from_place", "to_place", "records", "titles"]])

def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    organisations, places = view.dataset.frame("organisation"), view.dataset.frame("place")
    st.title(t("map.title", lang))
    st.caption(t("map.caption", lang))


    def toggle_play(first: int, last: int) -> None:
        playing = not st.session_state.get("map_playing", False)
        st.session_state["map_playing"] = playing
        if playing and st.session_state.get("map_year", last) >= last:
            st.session_state["map_year"] = first


    if not stop_if_empty(view):
        first = int(view.shown["year"].min())
        last = max(int(view.shown["year"].max()), first + 1)
        st.session_state["map_year"] = min(max(st.session_state.get("map_year", last), first), last)
        playing = st.session_state.get("map_playing", False)
        st.button(t("map.pause", lang) if playing else t("map.play", lang), key="map_play", on_click=toggle_play,
                      args=(first, last), icon=":material/pause:" if playing else ":material/play_arrow:")

        @st.fragment(run_every=PLAY_SECONDS if playing else None)
        def map_as_of_year() -> None:
            if st.session_state.get("map_playing") and st.session_state.get("_map_tick_seen"):
                if st.session_state["map_year"] >= last:
                    st.session_state["map_playing"] = False
                    st.rerun()
                st.session_state["map_year"] += 1
            st.session_state["_map_tick_seen"] = st.session_state.get("map_playing", False)
            year = st.slider(t("map.year", lang), first, last, key="map_year", help=t("map.year_help", lang))
            # one map per data version, filters, language and year: playing back a year a second reuses them
            figure = cached("map_figure", lambda shown: map_figure(shown, organisations, places, lang, as_of=year),
                            view, key=(year,))
            st.plotly_chart(figure, config=PLOTLY_CONFIG, key="map")

        map_as_of_year()
        # the parties located, the links and the places once per filters for the sentence, the unplaced parties and
        # the table (each computed them anew: the links three times per filter change); kept without the links' ids
        # and coordinates (at 10^6 events, millions of references per filter state)
        summary, unplaced, arcs = cached("map_below", lambda shown: _below_the_map(shown, organisations, places, lang),
                                         view)
        st.caption(f"{summary} {t('data.attribution', lang)}")
        if unplaced:
            st.caption(t("map.unplaced", lang, names=join_names(unplaced, lang)))
        with st.expander(t("map.table", lang)):
            st.dataframe(arcs.rename(columns={
                "from_place": t("col.from", lang), "to_place": t("col.to", lang), "records": t("col.records", lang),
                "titles": t("col.title", lang)}), hide_index=True, width="stretch")


render(current_view())
