"""The frame: page config, navigation, the shared sidebar; each page draws from the view set here.

The pages live in views/, not pages/: Streamlit treats a pages/ folder beside the main script as a
version-1 multipage app and never runs this frame (seen with streamlit 1.67).

A session's first run is a cold open: before anything heavy is imported (pandas, pyarrow, the store) the frame sets
the page up and has the browser start loading the charts' code (app.widgets.start_loading_chart_code), so that the
two overlap; see benchmarks/README.md ("Cold open").
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.sidebar import chosen_language, language_picker, sidebar_filters
from app.widgets import start_loading_chart_code
from cooperation.i18n import t

HERE = Path(__file__).resolve().parent
LAYOUT_CSS = HERE / "static" / "dashboard.css"  # every device: wrapping numbers, the network's list, touch toolbars
SIDEBAR_JS = (HERE / "static" / "sidebar.js").read_text(encoding="utf-8")  # closes the sidebar after navigation

chart_code = start_loading_chart_code()  # first: the page's icon alone takes a quarter of a second (PIL)
lang = chosen_language()
st.set_page_config(page_title=t("app.title", lang), page_icon=str(HERE / "static" / "favicon.png"), layout="wide")
st.html(LAYOUT_CSS)  # style only: sent aside, takes no space
PAGES = [
    st.Page(HERE / "views" / "overview.py", title=t("nav.overview", lang), icon=":material/dashboard:",
            url_path="overview", default=True),
    st.Page(HERE / "views" / "timeline.py", title=t("nav.timeline", lang), icon=":material/timeline:",
            url_path="timeline"),
    st.Page(HERE / "views" / "agreements.py", title=t("nav.agreements", lang), icon=":material/handshake:",
            url_path="agreements"),
    st.Page(HERE / "views" / "map.py", title=t("nav.map", lang), icon=":material/public:", url_path="map"),
    st.Page(HERE / "views" / "network.py", title=t("nav.network", lang), icon=":material/hub:", url_path="network"),
    st.Page(HERE / "views" / "data.py", title=t("nav.data", lang), icon=":material/table:", url_path="data"),
    st.Page(HERE / "views" / "story.py", title=t("nav.story", lang), icon=":material/slideshow:", url_path="story"),
    st.Page(HERE / "views" / "export.py", title=t("nav.export", lang), icon=":material/download:",
            url_path="export"),
    st.Page(HERE / "views" / "upload.py", title=t("nav.upload", lang), icon=":material/upload_file:",
            url_path="upload"),
]
presenting = st.query_params.get("present") == "1"
if presenting:  # ?present=1 opens the story mode alone: no sidebar, no menu (see views/story.py)
    page = st.navigation([st.Page(HERE / "views" / "story.py", title=t("nav.story", lang), default=True)],
                         position="hidden")
else:
    page = st.navigation(PAGES)

from app.context import View, load, load_localized, set_view, shown_events  # noqa: E402  (pandas, the store: after)

_, events = load()
if not presenting:
    language_picker()
filters = sidebar_filters(events, lang, visible=not presenting)
if not presenting:
    st.sidebar.html(f"<script>{SIDEBAR_JS}</script>", unsafe_allow_javascript=True)
dataset, localized = load_localized(lang)
set_view(View(dataset, localized, shown_events(events, localized, filters), filters, lang))
if dataset.synthetic_rows:  # generated data is never shown without saying so, on every page
    st.warning(t("data.synthetic", lang, count=dataset.synthetic_rows), icon=":material/science:")
if chart_code is not None:
    chart_code.empty()
page.run()
