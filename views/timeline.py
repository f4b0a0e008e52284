"""Timeline: every event by date and kind; partial dates drawn as the period they may mean."""

import streamlit as st

from app.context import View, cached, current_view
from app.widgets import chart_with_summary, stop_if_empty
from cooperation.i18n import t
from cooperation.tables import events_display_table
from cooperation.timeline import timeline_figure, timeline_summary


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    st.title(t("timeline.title", view.lang))
    st.caption(t("timeline.caption", view.lang))
    if not stop_if_empty(view):
        # figure, sentence and table are computed once per data version, filters and language
        chart_with_summary(cached("timeline_figure", timeline_figure, view, view.lang),
                           cached("timeline_summary", timeline_summary, view, view.lang),
                           cached("timeline_table", events_display_table, view, view.lang),
                           t("timeline.table", view.lang), key="timeline")


render(current_view())
