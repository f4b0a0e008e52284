"""Timeline: every event by date and kind; partial dates drawn as the period they may mean."""

import streamlit as st

from app.context import current_view
from app.widgets import chart_with_summary, stop_if_empty
from cooperation.i18n import t
from cooperation.tables import events_display_table
from cooperation.timeline import timeline_figure, timeline_summary

view = current_view()
st.title(t("timeline.title", view.lang))
st.caption(t("timeline.caption", view.lang))
if not stop_if_empty(view.shown, view.events, view.lang):
    chart_with_summary(timeline_figure(view.shown, view.lang), timeline_summary(view.shown, view.lang),
                       events_display_table(view.shown, view.lang), t("timeline.table", view.lang), key="timeline")
