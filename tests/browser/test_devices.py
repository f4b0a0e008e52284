"""Every page where it is read: a phone (390×844, touch), a tablet (1024×768, touch), a laptop (1280×720) and a
projector (1920×1080), in Swedish and Chinese. One browser session per size walks the pages through the sidebar, as
a reader would, and fails on: text cut by its box (a KPI's "1…" for 100 %, "Gälla…"), a map without Borlänge or
Wuhan inside its canvas, a sidebar left over the page after choosing a page on a phone, plotly's toolbar over a
legend on a touch screen, a network graph squeezed onto a phone instead of its list, a name cut on the network
chart, and (at 1920) a network records table cut at the right."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.pages import PAGES as ALL_PAGES
from cooperation.i18n import t

from .conftest import BrowserLog
from .test_pages import IDLE, TIMEOUT_MS, assert_clean

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "tablet": (1024, 768), "laptop": (1280, 720), "projector": (1920, 1080)}
TOUCH = {"phone", "tablet"}
PAGES = {spec.name: (spec.address, spec.heading_key) for spec in ALL_PAGES}
ENDS = {"Borlänge": (60.49, 15.42), "Wuhan": (30.59, 114.31)}
SIDEBAR = "[data-testid='stSidebar']"

# Elements whose text is cut by their own box: overflow hidden or clipped, and more text than room. Tables, charts
# and maps draw their text on a canvas or in SVG and scroll or clip it themselves.
CUT_TEXTS = """() => [...document.querySelectorAll("[data-testid='stMain'] *, [data-testid='stSidebar'] *")]
  .filter(el => el.clientWidth > 0 && el.textContent.trim() && el.scrollWidth > el.clientWidth + 1
    && ['hidden', 'clip'].includes(getComputedStyle(el).overflowX)
    && !el.closest("[data-testid='stDataFrame'], .js-plotly-plot, [data-testid='stDeckGlJsonChart']")
    && el.getBoundingClientRect().right > 0)
  .map(el => `${el.textContent.trim().slice(0, 40)} (${el.scrollWidth} px of text in ${el.clientWidth})`)"""
CHARTS_DRAWN = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
  .filter(c => c.getBoundingClientRect().width > 0).every(c => c.querySelector('.js-plotly-plot g.trace'))"""
# Borlänge and Wuhan projected with the drawn map's own axes (Web Mercator y, as cooperation.geo.mercator_y).
MAP_ENDS = """ends => {
  const gd = document.querySelector('.st-key-map .js-plotly-plot');
  if (!gd || !gd._fullLayout) return null;
  const box = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const y = lat => 180 / Math.PI * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360));
  return {box: [box.left, box.top, box.right, box.bottom], viewport: window.innerWidth,
          ends: Object.fromEntries(Object.entries(ends).map(([name, [lat, lon]]) =>
            [name, [box.left + xa._offset + xa.l2p(lon), box.top + ya._offset + ya.l2p(y(lat))]]))};
}"""
TOOLBAR_OVER_LEGEND = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
  const bar = plot.querySelector('.modebar'), legend = plot.querySelector('.legend');
  if (!bar || !legend || getComputedStyle(bar).display === 'none') return [];
  const a = bar.getBoundingClientRect(), b = legend.getBoundingClientRect();
  const overlap = a.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return overlap ? [`toolbar ${[a.left, a.top, a.right, a.bottom].map(Math.round)} over legend `
                    + `${[b.left, b.top, b.right, b.bottom].map(Math.round)}`] : [];
})"""


def sidebar_open(page) -> bool:
    box = page.locator(SIDEBAR).bounding_box()
    return box is not None and box["x"] + box["width"] > 1


def go_to(page, name: str, lang: str) -> None:
    """Choose page `name` in the sidebar (opened first where it is folded away) and wait until it is drawn."""
    if not sidebar_open(page):
        page.locator("[data-testid='stExpandSidebarButton']").click()
        page.wait_for_function(f"() => document.querySelector(\"{SIDEBAR}\").getBoundingClientRect().right > 200")
    path, title = PAGES[name]
    page.locator(f"{SIDEBAR} a[data-testid='stSidebarNavLink'][href$='/{path}']").click()
    page.locator("h1").filter(has_text=t(title, lang)).first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)  # plotly lays out its legend and toolbar just after the traces


def map_ends_inside(page) -> list[str]:
    drawn = page.evaluate(MAP_ENDS, ENDS)
    if drawn is None:
        return ["no map drawn with plotly axes (.st-key-map)"]
    left, top, right, bottom = drawn["box"]
    return [f"{name} at {x:.0f},{y:.0f} outside the map {[round(v) for v in drawn['box']]}"
            for name, (x, y) in drawn["ends"].items()
            if not (max(left, 0) <= x <= min(right, drawn["viewport"]) and top <= y <= bottom)]


def network_problems(page, size: str) -> list[str]:
    graph, table = page.locator(".st-key-network_chart"), page.locator(".st-key-network_list")
    problems = []
    if size == "phone" and graph.is_visible():
        problems.append("the network graph is squeezed onto a phone")
    if not table.is_visible():
        problems.append("no list of organisations and their links")
    if graph.is_visible():
        labels = graph.locator(".textpoint text").all_text_contents()
        problems += [f"name cut on the chart: {label}" for label in labels if "…" in label]
    return problems


def records_fit(page) -> list[str]:
    """At 1920 px: choose the best-connected organisation by its node; its records table shows every column."""
    points = page.locator(".st-key-network_chart .scatterlayer path.point")
    boxes = [b for b in (points.nth(i).bounding_box() for i in range(points.count())) if b]
    biggest = max(boxes, key=lambda b: b["width"] * b["height"])
    page.mouse.click(biggest["x"] + biggest["width"] / 2, biggest["y"] + biggest["height"] / 2)
    page.locator("h3").filter(has_text=t("network.selected", "sv", name="")).first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    scroller = page.locator("[data-testid='stDataFrame'] .dvn-scroller").first
    scroller.wait_for(timeout=TIMEOUT_MS)
    width, room = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    return [] if width <= room + 1 else [f"the records table is cut: {width} px of columns in {room}"]


@pytest.mark.parametrize("size", SIZES)
def test_every_page_reads_on_the_device(browser, dashboard_url, artifacts, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=size in TOUCH,
                                  is_mobile=size == "phone")
    context.set_default_timeout(TIMEOUT_MS)
    log = BrowserLog()
    context.on("request", log.on_request)
    page = context.new_page()
    page.on("pageerror", log.on_page_error)
    problems: list[str] = []
    try:
        for lang in ("sv", "zh"):
            page.goto(f"{dashboard_url}/data?lang={lang}")
            page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
            for name in PAGES:
                go_to(page, name, lang)
                where = f"{size} {lang} {name}"
                if size == "phone":
                    try:
                        page.wait_for_function(f"() => document.querySelector(\"{SIDEBAR}\")"
                                               ".getBoundingClientRect().right <= 1", timeout=3000)
                    except PlaywrightTimeout:  # said below, with the rest; closed by hand to walk on
                        problems.append(f"{where}: the sidebar stays over the page after choosing it")
                        page.locator("[data-testid='stSidebarCollapseButton'] button").click()
                        page.wait_for_timeout(500)
                if size in TOUCH:  # a finger on the first chart, as a reader scrolling past it
                    charts = [c for c in page.locator(".js-plotly-plot").all() if c.is_visible()]
                    if charts:  # tapped where it is once scrolled to and still (coordinates taken before can
                        charts[0].tap()  # land elsewhere on a loaded machine)
                        page.wait_for_timeout(300)
                    problems += [f"{where}: {p}" for p in page.evaluate(TOOLBAR_OVER_LEGEND)]
                problems += [f"{where}: text cut: {p}" for p in page.evaluate(CUT_TEXTS)]
                if name == "map":
                    problems += [f"{where}: {p}" for p in map_ends_inside(page)]
                if name == "network":
                    problems += [f"{where}: {p}" for p in network_problems(page, size)]
                page.screenshot(path=str(artifacts / f"device-{size}-{lang}-{name}.png"))
                if name == "network" and size == "projector" and lang == "sv":
                    problems += [f"{where}: {p}" for p in records_fit(page)]
        assert problems == []
        assert_clean(page, log)
    finally:
        context.close()

