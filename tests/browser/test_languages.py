"""The language switch as a presenter clicks it: on every page, through every ordered pair of languages, the page,
every filter in the address and the shown count stay as they were (tests/test_language_switch.py checks the
session's state the same way through AppTest)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.pages import PAGES as ALL_PAGES
from cooperation.i18n import LANGUAGES, t

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = [spec.address for spec in ALL_PAGES]
WALK = ["sv", "en", "zh", "sv", "zh", "en", "sv"]  # every ordered pair of the three languages once
FILTERS = {"from": "2011", "to": "2019", "kinds": "agreement,milestone", "sectors": "education,public administration",
           "party": "borl"}
SHOWING = {lang: re.compile(re.escape(t("filters.showing", lang, shown="@", total="@")).replace("@", r"(\d+)"))
           for lang in LANGUAGES}


def address(page) -> tuple[str, dict[str, str]]:
    """The page's path and its query parameters."""
    parts = urlsplit(page.url)
    return parts.path, dict(parse_qsl(parts.query))


def shown_count(page, lang: str) -> tuple[int, int]:
    """(shown, total), once the sidebar says it in `lang` (that is, once the run in `lang` is drawn)."""
    sidebar = page.locator("[data-testid='stSidebar']")
    caption = sidebar.get_by_text(SHOWING[lang]).first
    caption.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    numbers = [int(n) for n in SHOWING[lang].search(caption.inner_text()).groups()]
    return (numbers[1], numbers[0]) if lang == "zh" else (numbers[0], numbers[1])


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_language_walk_keeps_page_filters_and_count(page, browser_log, dashboard_url, path):
    query = "&".join(f"{k}={v}" for k, v in FILTERS.items())
    page.goto(f"{dashboard_url}/{path}?{query}")
    before = shown_count(page, WALK[0])
    where, params = address(page)
    assert before[0] > 0 and params == FILTERS and where.rstrip("/") == f"/{path}".rstrip("/")
    for new in WALK[1:]:
        page.locator("[data-testid='stSidebar']").get_by_role("radio", name=LANGUAGES[new], exact=True).click()
        assert shown_count(page, new) == before, new
        page.wait_for_function("want => new URLSearchParams(location.search).get('lang') === want",
                               arg=None if new == "sv" else new, timeout=TIMEOUT_MS)
        where_now, params_now = address(page)
        assert where_now == where, new
        assert {k: v for k, v in params_now.items() if k != "lang"} == FILTERS, (new, params_now)
    assert browser_log.page_errors == [], browser_log.page_errors
