"""The agreements page in a browser, in Swedish and Chinese: the swim-lanes are drawn with every agreement's title
and state, the cards say what became of each, nothing leaves 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from cooperation.i18n import t

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PLOTLY = "[data-testid='stPlotlyChart'] .js-plotly-plot"


@pytest.mark.parametrize("lang", ["sv", "zh"])
def test_the_lives_are_drawn_and_told(page, browser_log, dashboard_url, artifacts, lang):
    page.goto(f"{dashboard_url}/agreements?lang={lang}")
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    page.get_by_role("heading", name=t("lives.title", lang)).wait_for(timeout=TIMEOUT_MS)
    signed = t("lives.reason.signed", lang, date="@").split("@")[0]
    reasons = page.locator("[data-testid='stMarkdownContainer'] p").filter(has_text=re.compile(f"^{signed}"))
    reasons.nth(7).wait_for(timeout=TIMEOUT_MS)  # the eighth agreement's card: the page is drawn
    page.locator(f"{PLOTLY} .annotation-text").nth(7).wait_for(timeout=TIMEOUT_MS)
    drawn = page.evaluate("""sel => [...document.querySelectorAll(sel + ' text')].map(n => n.textContent)""", PLOTLY)
    assert sum(t("lives.legend.ended", lang) in text or t("lives.state.no_end", lang) in text for text in drawn) >= 2
    assert any(t("lives.state.quiet", lang, year=2013) in text for text in drawn)
    assert reasons.count() == 8  # one sentence of what became of it per agreement
    page.screenshot(path=str(artifacts / f"agreements-{lang}.png"), full_page=True)
    assert browser_log.outside == [] and browser_log.page_errors == []
