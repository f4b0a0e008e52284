"""The map's year playback in a real browser: Play advances the year, arcs follow, nothing breaks."""

from __future__ import annotations

import pytest

from .test_pages import IDLE, TIMEOUT_MS, assert_clean, visit

pytestmark = pytest.mark.browser
MAP_SLIDER = "[data-testid='stMain'] [data-testid='stSlider'] input[type='range']"


def slider_year(page) -> int:
    return int(page.locator(MAP_SLIDER).get_attribute("value"))


def test_play_advances_the_year_and_pause_stops(page, browser_log, dashboard_url) -> None:
    visit(page, f"{dashboard_url}/map")
    assert slider_year(page) == 2020  # the whole history first
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(f"() => Number(document.querySelector(\"{MAP_SLIDER}\").value) >= 2009",
                           timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Pause").click()
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    stopped_at = slider_year(page)
    page.wait_for_timeout(3500)
    assert slider_year(page) == stopped_at < 2020
    assert page.locator(".st-key-map .js-plotly-plot g.trace").first.is_visible()
    assert_clean(page, browser_log)
