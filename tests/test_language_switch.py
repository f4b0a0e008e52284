"""Switching language never changes what is shown: on every page, through every ordered pair of languages, the
page, every filter (in the session and in the address) and the shown count stay as they were.

The filters are set the way a user sets them (through the widgets, in one language), then the language is switched
the way the sidebar's picker does it. The browser test (tests/browser/test_languages.py) clicks the same path.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest
from test_app import DASHBOARD

from app.pages import PAGES as ALL_PAGES
from app.sidebar import LANGUAGE_KEY, widget_key
from cooperation.i18n import t

PAGES = {spec.script: spec.heading_key for spec in ALL_PAGES}
# sv -> en -> zh -> sv -> zh -> en -> sv: every ordered pair of the three languages once
WALK = ["sv", "en", "zh", "sv", "zh", "en", "sv"]
COUNT = re.compile(r"\d+")


def shown_count(at: AppTest, lang: str) -> tuple[int, int]:
    """(shown, total) from the sidebar's 'Showing N of M records' in `lang`."""
    prefix = t("filters.showing", lang, shown=0, total=0).split("0")[0]
    caption = next(c.value for c in at.sidebar.caption if c.value.startswith(prefix))
    first, second = map(int, COUNT.findall(caption))
    return (second, first) if lang == "zh" else (first, second)  # zh names the total first


def filter_params(at: AppTest) -> dict[str, str]:
    return {k: v for k, v in at.query_params.items() if k != "lang"}


@pytest.mark.parametrize("page", PAGES)
def test_switching_language_keeps_page_filters_and_count(page: str) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    if page != "views/overview.py":
        at.switch_page(page).run()
    lang = WALK[0]
    # the filters a user sets in Swedish: a period, two kinds, two sectors and a party search
    at.slider(key=widget_key("period", lang)).set_value((2011, 2019)).run()
    at.multiselect(key=widget_key("kinds", lang)).set_value(["agreement", "milestone"]).run()
    at.multiselect(key=widget_key("sectors", lang)).set_value(["education", "public administration"]).run()
    at.text_input(key=widget_key("party", lang)).set_value("borl").run()
    assert not at.exception, [e.value for e in at.exception]
    before = (shown_count(at, lang), filter_params(at))
    assert before[0][0] > 0 and before[1] == {"from": "2011", "to": "2019", "kinds": "agreement,milestone",
                                              "sectors": "education,public administration", "party": "borl"}
    for new in WALK[1:]:
        at.session_state[LANGUAGE_KEY] = new  # what a click on the language picker sets
        at.run()
        assert not at.exception, (lang, new, [e.value for e in at.exception])
        assert at.title[0].value == t(PAGES[page], new), (lang, new)  # the same page, in the new language
        assert (shown_count(at, new), filter_params(at)) == before, (lang, new)
        assert at.query_params.get("lang") == (None if new == "sv" else new)
        assert at.multiselect(key=widget_key("kinds", new)).value == ["agreement", "milestone"], (lang, new)
        lang = new
