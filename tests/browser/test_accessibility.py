"""axe-core on every page in headless Chromium: no serious or critical accessibility violations."""

from __future__ import annotations

import pytest

from app.pages import PAGES

from .test_pages import assert_clean, visit

pytestmark = pytest.mark.browser
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

PATHS = [*(spec.address for spec in PAGES), "?present=1"]


@pytest.fixture(scope="module")
def axe():
    return axe_module.Axe()


@pytest.mark.parametrize("lang", ["sv", "zh"])
@pytest.mark.parametrize("path", PATHS)
def test_no_serious_or_critical_violations(page, browser_log, dashboard_url, axe, path: str, lang: str) -> None:
    visit(page, f"{dashboard_url}/{path}", lang=lang)
    page.wait_for_timeout(1500)  # charts and the map draw after the script run ends
    violations = axe.run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert_clean(page, browser_log)
