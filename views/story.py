"""Story mode for the projector (being built)."""

import streamlit as st

from app.context import current_view
from cooperation.i18n import t

view = current_view()
st.title(t("nav.story", view.lang))
