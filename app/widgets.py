"""Small drawing helpers every page uses: notices, a chart with its summary and table."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cooperation.i18n import t

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def stop_if_empty(shown: pd.DataFrame, all_events: pd.DataFrame, lang: str) -> bool:
    """Say why there is nothing to show; return True when the page should draw nothing more."""
    if all_events.empty:
        st.info(t("data.empty", lang), icon=":material/inbox:")
        return True
    if shown.empty:
        st.warning(t("data.none_match", lang), icon=":material/filter_alt_off:")
        return True
    return False


def chart_with_summary(fig: go.Figure, summary: str, table: pd.DataFrame, table_label: str, key: str) -> None:
    """A chart, the sentence that says what it shows, and its data as a table on demand."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key)
    st.caption(summary)
    with st.expander(table_label):
        st.dataframe(table, hide_index=True, width="stretch")
