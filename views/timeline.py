"""Timeline: every event by date and kind; partial dates drawn as the period they may mean."""

import streamlit as st

from app.context import View, cached, current_view
from app.widgets import chart_with_summary, stop_if_empty
from cooperation.i18n import t
from cooperation.tables import TABLE_ROWS, bounded_note, events_display_table, first_by_date
from cooperation.timeline import summary_notice, timeline_figure, timeline_summary


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    st.title(t("timeline.title", view.lang))
    notice = summary_notice(view.shown, view.lang)  # too many events to draw one by one: counts per period
    st.caption(t("timeline.counts.caption" if notice else "timeline.caption", view.lang))
    if not stop_if_empty(view):
        # figure, sentence and table are computed once per data version, filters and language; the table shows the
        # first rows by date only (the Data page pages through all of them)
        table = cached("timeline_table", lambda shown, lang: events_display_table(first_by_date(shown), lang), view,
                       view.lang)
        chart_with_summary(cached("timeline_figure", timeline_figure, view, view.lang),
                           cached("timeline_summary", timeline_summary, view, view.lang), table,
                           t("timeline.table", view.lang), key="timeline",
                           notice=notice,
                           table_note=bounded_note(len(view.shown), TABLE_ROWS, view.lang))


render(current_view())
