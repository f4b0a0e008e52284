"""The frame: page config, navigation, the shared sidebar; each page draws from the view set here.

The pages live in views/, not pages/: Streamlit treats a pages/ folder beside the main script as a
version-1 multipage app and never runs this frame (seen with streamlit 1.67).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.context import View, current_view, load, set_view  # noqa: F401  (current_view used by pages)
from app.sidebar import sidebar_filters
from cooperation.filters import apply_filters
from cooperation.i18n import DEFAULT_LANGUAGE, t

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title=t("app.title"), page_icon=str(HERE / "static" / "favicon.png"), layout="wide")

lang = DEFAULT_LANGUAGE
PAGES = [
    st.Page(HERE / "views" / "overview.py", title=t("nav.overview", lang), icon=":material/dashboard:",
            url_path="overview", default=True),
    st.Page(HERE / "views" / "timeline.py", title=t("nav.timeline", lang), icon=":material/timeline:",
            url_path="timeline"),
    st.Page(HERE / "views" / "map.py", title=t("nav.map", lang), icon=":material/public:", url_path="map"),
    st.Page(HERE / "views" / "network.py", title=t("nav.network", lang), icon=":material/hub:", url_path="network"),
    st.Page(HERE / "views" / "data.py", title=t("nav.data", lang), icon=":material/table:", url_path="data"),
]
page = st.navigation(PAGES)

dataset, events = load()
filters = sidebar_filters(events, lang)
set_view(View(dataset, events, apply_filters(events, filters), filters, lang))
page.run()
