"""Overview: the key numbers, where the partnership stands, and the latest events with sources."""

import streamlit as st

from app.context import View, current_view
from app.widgets import chart_with_summary, stop_if_empty
from cooperation.i18n import t
from cooperation.markdown import event_markdown, md_text
from cooperation.metrics import latest_events, partnership_state, records_per_year
from cooperation.narrative import by_year_summary, kpi_cards, state_text, subtitle
from cooperation.tables import per_year_table
from cooperation.timeline import per_year_figure


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    st.title(t("app.title", lang))
    st.caption(md_text(subtitle(view.events, lang)))
    if view.dataset.problems and any(p.severity == "error" for p in view.dataset.problems):
        errors = [p for p in view.dataset.problems if p.severity == "error"]
        st.warning(t("data.load_problems", lang, count=len(errors)))

    state = partnership_state(view.events)
    if state.state != "empty":
        icon = ":material/event_available:" if state.state == "active" else ":material/event_busy:"
        st.info(md_text(state_text(view.events, lang)), icon=icon)

    if not stop_if_empty(view):
        cards = kpi_cards(view.events, view.shown, view.filters, lang)  # they wrap onto a second row when narrow
        with st.container(horizontal=True, key="kpis"):
            for card in cards:
                with st.container(key=f"kpi_{card.key}"):
                    st.metric(card.label, card.value, help=card.help, border=True)
                    st.caption("  \n".join(card.captions))

        left, right = st.columns([3, 2], gap="large")
        with left:
            st.subheader(t("overview.by_year", lang))
            counts = records_per_year(view.shown)
            chart_with_summary(per_year_figure(counts, lang), by_year_summary(view.shown, lang),
                               per_year_table(counts, lang),
                               t("timeline.table", lang), key="per_year")
        with right:
            st.subheader(t("overview.latest", lang))
            st.caption(t("overview.latest_caption", lang))
            for event in latest_events(view.shown).itertuples():
                head, sources = event_markdown(event, lang, t("data.no_source", lang), t("data.sources", lang))
                with st.container(border=True):
                    st.markdown(head)
                    st.markdown(sources)


render(current_view())
