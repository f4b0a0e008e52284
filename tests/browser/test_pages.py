"""The dashboard in a real browser: every page draws, charts are drawn, the map is offline, a network
click lists records, the URL restores filters, and an empty store says so."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from app.pages import PAGES as ALL_PAGES
from cooperation.dataset import BUNDLED_DATA_DIR, events_table, load_directory
from cooperation.i18n import t
from cooperation.metrics import records_per_year
from cooperation.network import records_of

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000
PAGES = [(spec.name, spec.address, t(spec.heading_key, "en")) for spec in ALL_PAGES]
EXCEPTION = "[data-testid='stException']"
PLOTLY = "[data-testid='stPlotlyChart'] .js-plotly-plot"
DECK = "[data-testid='stDeckGlJsonChart']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.fixture(scope="module")
def bundled_events():
    return events_table(load_directory(BUNDLED_DATA_DIR))


def visit(page, url: str, lang: str = "en") -> None:
    """Open `url` in `lang` (texts are asserted in English) and wait until the first run has finished."""
    page.goto(url + ("&" if "?" in url else "?") + f"lang={lang}")
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)


def heading(page, level: int, text: str | re.Pattern):
    pattern = text if isinstance(text, re.Pattern) else re.compile(rf"^\s*{re.escape(text)}\s*$")
    return page.locator(f"h{level}").filter(has_text=pattern)


def assert_clean(page, log) -> None:
    """No Streamlit exception on the page, nothing fetched from outside loopback, no JavaScript errors."""
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    assert log.outside == [], f"requests left 127.0.0.1: {log.outside}"
    assert log.page_errors == [], f"uncaught JavaScript errors: {log.page_errors}"
    assert log.console_errors == [], f"console errors: {log.console_errors}"


def distinct_colours(png: bytes) -> tuple[int, float]:
    """Number of distinct colours and the share of pixels the commonest one covers."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    return len(colours), max(count for count, _ in colours) / (image.width * image.height)


def drawn_bars(page) -> int:
    return page.evaluate("""sel => [...document.querySelectorAll(sel)]
        .filter(p => { const b = p.getBBox(); return b.width >= 1 && b.height >= 1; }).length""",
                         f"{PLOTLY} .barlayer .point path")


def dataframe_rows(dataframe) -> int:
    """Rows of a st.dataframe: glide-data-grid sizes its scroll stack to header + rows, 35 px each."""
    dataframe.locator(".dvn-stack").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    height = dataframe.evaluate("el => el.querySelector('.dvn-stack').children[1].getBoundingClientRect().height")
    return round(height / 35) - 1


@pytest.mark.parametrize(("name", "path", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads(page, browser_log, dashboard_url, artifacts, name, path, title):
    visit(page, f"{dashboard_url}/{path}")
    title_heading = heading(page, 1, title)
    title_heading.wait_for(timeout=TIMEOUT_MS)
    assert title_heading.is_visible()
    page.screenshot(path=str(artifacts / f"{name}.png"))
    assert_clean(page, browser_log)


def test_overview_draws_bars_per_year(page, browser_log, dashboard_url, bundled_events):
    visit(page, f"{dashboard_url}/")
    page.locator(f"{PLOTLY} .barlayer .point path").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert page.locator(PLOTLY).first.is_visible()
    counts = records_per_year(bundled_events)
    expected = int((counts["count"] > 0).sum())
    assert expected > 0
    assert drawn_bars(page) == expected
    assert_clean(page, browser_log)


def test_timeline_draws_points(page, browser_log, dashboard_url):
    visit(page, f"{dashboard_url}/timeline")
    points = page.locator(f"{PLOTLY} .scatterlayer .point")
    points.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert page.locator(PLOTLY).first.is_visible()
    assert points.count() >= 10
    assert page.locator(f"{PLOTLY} .cartesianlayer path").count() > 0
    assert_clean(page, browser_log)


def test_map_is_drawn_offline(page, browser_log, dashboard_url, artifacts):
    visit(page, f"{dashboard_url}/map")
    chart = page.locator(".st-key-map .js-plotly-plot")
    chart.locator("g.trace").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    box = chart.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, box
    assert chart.locator("g.trace path.js-fill").count() >= 1  # the country outlines, filled
    assert chart.locator(".scatterlayer path.point").count() >= 2  # the places of both sides
    assert page.locator(DECK).count() == 0  # no WebGL canvas (see views/map.py)
    colours, commonest = distinct_colours(chart.screenshot())
    chart.screenshot(path=str(artifacts / "map-chart.png"))
    assert colours > 3, f"the map is blank: {colours} colours"
    assert commonest < 0.99, f"the map is almost one colour ({commonest:.1%} of pixels)"
    assert_clean(page, browser_log)


def test_network_click_lists_records(page, browser_log, dashboard_url, artifacts, bundled_events):
    visit(page, f"{dashboard_url}/network")
    points = page.locator(f"{PLOTLY} .scatterlayer path.point")
    points.first.wait_for(timeout=TIMEOUT_MS)
    assert heading(page, 3, re.compile(r"^\s*Records of ")).count() == 0
    boxes = [box for box in (points.nth(i).bounding_box() for i in range(points.count())) if box]
    biggest = max(boxes, key=lambda b: b["width"] * b["height"])
    page.mouse.click(biggest["x"] + biggest["width"] / 2, biggest["y"] + biggest["height"] / 2)
    page.wait_for_timeout(300)
    records_heading = heading(page, 3, re.compile(r"^\s*Records of "))
    records_heading.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    name = records_heading.inner_text().strip().removeprefix("Records of ")
    expected = len(records_of(bundled_events, name))
    assert expected >= 1, f"no records for the clicked node {name!r}"
    dataframe = records_heading.locator(
        "xpath=ancestor::div[@data-testid='stElementContainer'][1]"
        "/following-sibling::div[@data-testid='stElementContainer'][1]").locator("[data-testid='stDataFrame']")
    dataframe.wait_for(timeout=TIMEOUT_MS)
    rows = dataframe_rows(dataframe)
    page.screenshot(path=str(artifacts / "network-selected.png"))
    assert rows >= 1
    assert rows == expected, f"{name}: {rows} rows shown, {expected} records"
    assert_clean(page, browser_log)


def test_query_parameters_restore_filters(page, browser_log, dashboard_url, artifacts):
    visit(page, f"{dashboard_url}/timeline?from=2013&to=2014&kinds=agreement")
    showing = page.locator("[data-testid='stSidebar']").get_by_text(re.compile(r"^Showing \d+ of \d+ records\.$"))
    showing.wait_for(timeout=TIMEOUT_MS)
    assert showing.inner_text().strip() == "Showing 4 of 26 records."
    points = page.locator(f"{PLOTLY} .scatterlayer .point")
    points.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert points.count() == 4
    assert re.search(r"[?&]from=2013(&|$)", page.url) and re.search(r"[?&]kinds=agreement(&|$)", page.url), page.url
    page.screenshot(path=str(artifacts / "timeline-filtered.png"))
    assert_clean(page, browser_log)


def test_empty_store_says_so(page, browser_log, empty_dashboard_url, artifacts):
    visit(page, f"{empty_dashboard_url}/")
    heading(page, 1, "Dalarna–Hubei cooperation").wait_for(timeout=TIMEOUT_MS)
    notice = page.get_by_text("No records are stored yet")
    notice.wait_for(timeout=TIMEOUT_MS)
    assert notice.is_visible()
    page.screenshot(path=str(artifacts / "overview-empty.png"))
    assert_clean(page, browser_log)
