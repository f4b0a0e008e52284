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

from app.pages import PAGES, STORY
from app.sidebar import chosen_language, language_picker, sidebar_count, sidebar_filters
from app.widgets import start_loading_chart_code
from cooperation.i18n import fmt_number, t

HERE = Path(__file__).resolve().parent
LAYOUT_CSS = HERE / "static" / "dashboard.css"  # every device: wrapping numbers, the network's list, touch toolbars
SIDEBAR_JS = (HERE / "static" / "sidebar.js").read_text(encoding="utf-8")  # closes the sidebar after navigation

chart_code = start_loading_chart_code()  # first: the page's icon alone takes a quarter of a second (PIL)
lang = chosen_language()
st.set_page_config(page_title=t("app.title", lang), page_icon=str(HERE / "static" / "favicon.png"), layout="wide")
st.html(LAYOUT_CSS)  # style only: sent aside, takes no space
presenting = st.query_params.get("present") == "1"
if presenting:  # ?present=1 opens the story mode alone: no sidebar, no menu (see views/story.py)
    page = st.navigation([st.Page(STORY.file, title=t(STORY.title_key, lang), default=True)], position="hidden")
else:  # the pages of app/pages.py, the one list of them
    page = st.navigation([st.Page(spec.file, title=t(spec.title_key, lang), icon=spec.icon, url_path=spec.name,
                                  default=spec is PAGES[0]) for spec in PAGES])

from app.context import View, load, load_localized, set_view, shown_events  # noqa: E402  (pandas, the store: after)

_, events = load()
if not presenting:
    language_picker()
filters = sidebar_filters(events, lang, visible=not presenting)
dataset, localized = load_localized(lang)
shown = shown_events(events, localized, filters)  # the records every page draws from: filtered once, here
if not presenting:
    sidebar_count(len(shown), len(events), lang)
    st.sidebar.html(f"<script>{SIDEBAR_JS}</script>", unsafe_allow_javascript=True)
set_view(View(dataset, localized, shown, filters, lang))
if dataset.synthetic_rows:  # generated data is never shown without saying so, on every page
    st.warning(t("data.synthetic", lang, count=fmt_number(dataset.synthetic_rows, lang)), icon=":material/science:")
if chart_code is not None:
    chart_code.empty()
page.run()
