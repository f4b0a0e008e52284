"""Small drawing helpers every page uses: notices, a chart with its summary and table."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from cooperation.i18n import fmt_number, t

if TYPE_CHECKING:  # the frame imports this module before pandas and plotly (see start_loading_chart_code)
    import pandas as pd
    import plotly.graph_objects as go

    from app.context import View

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
_CHART_CODE = "chart_code"  # the key of start_loading_chart_code's hidden chart
_CHART_CODE_STARTED = "_chart_code_started"


def start_loading_chart_code() -> object | None:
    """Once per session, on its first run: an empty plotly chart, hidden, so that the browser starts loading plotly's
    code (Streamlit's chart element is 4.7 MB of JavaScript, fetched only when a chart is first drawn) while the
    server imports pandas and reads the data, instead of after the page's first chart has arrived.

    Returns the placeholder to empty before the page is drawn (None on later runs): an emptied placeholder is not
    laid out at all, so the page looks as it would without it.
    """
    if st.session_state.get(_CHART_CODE_STARTED):
        return None
    st.session_state[_CHART_CODE_STARTED] = True
    st.html(f"<style>.st-key-{_CHART_CODE} {{display: none}}</style>")  # style only: sent aside, takes no space
    placeholder = st.empty()
    placeholder.plotly_chart({"data": [{"type": "scatter", "x": [], "y": []}],
                              "layout": {"height": 10, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}}},
                             config={"staticPlot": True, "displayModeBar": False}, key=_CHART_CODE)
    return placeholder


def stop_if_empty(view: View) -> bool:
    """Say why there is nothing to show (no records, or which filters leave none); return True when the page should
    draw nothing more."""
    if view.events.empty:
        st.info(t("data.empty", view.lang), icon=":material/inbox:")
        return True
    if view.shown.empty:
        from cooperation.filters import default_filters
        from cooperation.markdown import md_text
        from cooperation.narrative import empty_reason

        defaults = default_filters(view.events, date.today().year)
        st.warning(md_text(empty_reason(view.filters, defaults, view.lang)), icon=":material/filter_alt_off:")
        return True
    return False


def chart_with_summary(fig: go.Figure, summary: str, table: pd.DataFrame, table_label: str, key: str,
                       notice: str | None = None, table_note: str | None = None) -> None:
    """A chart, the sentence that says what it shows, and its data as a table on demand; `notice` says above the
    chart that it summarises (counts, not single records), `table_note` under the table that it is cut short."""
    if notice:
        st.info(notice, icon=":material/stacked_bar_chart:")
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key)
    st.caption(summary)
    with st.expander(table_label):
        st.dataframe(table, hide_index=True, width="stretch")
        if table_note:
            st.caption(table_note)


def page_picker(count: int, page_size: int, key: str, lang: str) -> slice:
    """The rows of the page chosen in a page picker (drawn only when `count` rows take more than one page)."""
    pages = max(1, -(-count // page_size))
    if pages == 1:
        return slice(0, count)
    if st.session_state.get(key, 1) > pages:  # fewer rows than when the page was chosen
        st.session_state[key] = pages
    page = st.number_input(t("data.page", lang, pages=fmt_number(pages, lang)), min_value=1,
                           max_value=pages, step=1, key=key, width=220)
    return slice((page - 1) * page_size, page * page_size)
