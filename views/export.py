"""Exports: records as CSV/XLSX, charts as PNG, a one-page briefing (being built)."""

import streamlit as st

from app.context import current_view
from cooperation.i18n import t

view = current_view()
st.title(t("nav.export", view.lang))
