"""The presentation (?present=1) in a real browser, at a projector's 1920×1080 and 1280×720, in Chinese and
Swedish: every slide fits (no horizontal scrollbar, no vertical scrolling, the headline, map and sources inside
the window), the map is drawn, and nothing is fetched from outside 127.0.0.1. Screenshots: test-artifacts/story/."""

from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image

from .test_pages import DECK, EXCEPTION, IDLE, TIMEOUT_MS, assert_clean, visit

pytestmark = pytest.mark.browser

SIZES = {"1920x1080": {"width": 1920, "height": 1080}, "1280x720": {"width": 1280, "height": 720}}
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = ".st-key-story_number"
HEAD = ".st-key-story_head"


@pytest.fixture(scope="module")
def story_artifacts(artifacts):
    folder = artifacts.parent / "story"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def open_page(browser, browser_log):
    """A function opening a fresh context of a given viewport whose requests and errors go to browser_log."""
    contexts = []

    def open_at(viewport: dict[str, int]):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", browser_log.on_request)
        page = context.new_page()
        page.on("console", browser_log.on_console)
        page.on("pageerror", browser_log.on_page_error)
        contexts.append(context)
        return page

    yield open_at
    for context in contexts:
        context.close()


def slide_number(page) -> tuple[int, int]:
    number, total = page.locator(NUMBER).inner_text().strip().split(" / ")
    return int(number), int(total)


def wait_for_slide(page, number: int, total: int) -> None:
    page.locator(NUMBER).get_by_text(f"{number} / {total}", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)


def inside(box: dict | None, viewport: dict[str, int]) -> bool:
    return (box is not None and box["width"] > 0 and box["height"] > 0 and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= viewport["width"] + 0.5
            and box["y"] + box["height"] <= viewport["height"] + 0.5)


def map_colours(page) -> int:
    """Distinct colours in the left three quarters of the map (the zoom buttons sit top right)."""
    box = page.locator(DECK).first.bounding_box()
    clip = {"x": box["x"], "y": box["y"], "width": box["width"] * 0.75, "height": box["height"]}
    image = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    return len(image.getcolors(maxcolors=image.width * image.height))


def check_slide(page, viewport: dict[str, int], lang: str, label: str) -> None:
    """The slide on screen fits the window and is drawn."""
    assert page.locator(EXCEPTION).count() == 0, f"{label}: {page.locator(EXCEPTION).first.inner_text()}"
    sizes = page.evaluate("""() => { const d = document.documentElement;
        return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
                scrollHeight: d.scrollHeight, clientHeight: d.clientHeight}; }""")
    assert sizes["scrollWidth"] <= sizes["clientWidth"], f"{label}: horizontal scrollbar {sizes}"
    assert sizes["scrollHeight"] <= sizes["clientHeight"], f"{label}: the slide needs scrolling {sizes}"
    head = page.locator(HEAD)
    assert inside(head.bounding_box(), viewport), f"{label}: headline {head.bounding_box()}"
    title = head.locator("h1")
    assert inside(title.bounding_box(), viewport), f"{label}: title {title.bounding_box()}"
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth"), f"{label}: the title is wider than its box"
    if lang == "zh":
        assert CJK.search(head.inner_text()), f"{label}: no Chinese in the headline {head.inner_text()!r}"
    canvas = page.locator(f"{DECK} canvas").first
    canvas.wait_for(timeout=TIMEOUT_MS)
    assert inside(canvas.bounding_box(), viewport), f"{label}: map {canvas.bounding_box()}"
    assert page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot .scatterlayer .point").count() >= 1, label
    assert inside(page.locator(".st-key-story_timeline").bounding_box(), viewport), f"{label}: timeline"
    assert inside(page.locator(".st-key-story_sources").bounding_box(), viewport), f"{label}: sources"


def settle(page, viewport: dict[str, int]) -> None:
    """Resize the window and give the charts a moment to follow."""
    page.set_viewport_size(viewport)
    page.wait_for_timeout(300)


def check_all_slides(page, lang: str, first: str, second: str | None, second_at: set[int], artifacts,
                     last: int | None = None) -> int:
    """From the slide shown, step through every following slide with the Next button; check each at the `first`
    size, and at the `second` size too on the slides in `second_at` (the window is resized there and back)."""
    current, total = slide_number(page)
    for number in range(current, (last or total) + 1):
        if number > current:
            page.locator(".st-key-story_next button").click()
            wait_for_slide(page, number, total)
        sizes = [first] + ([second] if second and number in second_at else [])
        for size in sizes:
            if size != first:
                settle(page, SIZES[size])
            check_slide(page, SIZES[size], lang, f"{lang} {size} slide {number}/{total}")
            page.screenshot(path=str(artifacts / f"{lang}-{size}-{number:02d}.png"))
        if len(sizes) > 1:
            settle(page, SIZES[first])
    if last is None:
        assert page.locator(".st-key-story_next button").is_disabled()
    return total


def open_presentation(open_page, url: str, lang: str, size: str):
    page = open_page(SIZES[size])
    visit(page, f"{url}/?present=1", lang=lang)
    number, total = slide_number(page)
    assert number == 1 and total >= 8
    for chrome in ("[data-testid='stSidebar']", "[data-testid='stHeader']", "[data-testid='stToolbar']"):
        assert not page.locator(chrome).is_visible(), f"{chrome} is shown while presenting"
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while map_colours(page) <= 3 and time.monotonic() < deadline:  # the map's first drawing
        page.wait_for_timeout(250)
    assert map_colours(page) > 3, "the map is blank"
    return page, total


def test_chinese_every_slide_at_1280x720_and_some_at_1920x1080(open_page, browser_log, dashboard_url,
                                                                 story_artifacts):
    """The hardest case on every slide: Chinese at 1280×720 (opened at that size); first, third and last
    slides at 1920×1080 too."""
    page, total = open_presentation(open_page, dashboard_url, "zh", "1280x720")
    check_all_slides(page, "zh", "1280x720", "1920x1080", {1, 3, total}, story_artifacts)
    assert_clean(page, browser_log)


def test_swedish_every_slide_with_keys_and_playing(open_page, browser_log, dashboard_url, story_artifacts):
    """Swedish opened at 1920×1080, every slide; the first, third and last at 1280×720 too. On the way: the
    arrow keys, a clicker's Page Up, playing (the next slide after 8 s) and pausing."""
    page, total = open_presentation(open_page, dashboard_url, "sv", "1920x1080")
    check_all_slides(page, "sv", "1920x1080", "1280x720", {1}, story_artifacts, last=1)
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 2, total)
    page.keyboard.press("PageUp")
    wait_for_slide(page, 1, total)
    play = page.locator(".st-key-story_bar [data-testid='stCheckbox'] label")
    play.click()
    page.locator(NUMBER).get_by_text(f"2 / {total}", exact=True).wait_for(timeout=15_000)
    assert re.search(r"[?&]slide=2(&|$)", page.url), page.url
    play.click()  # pause
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    check_all_slides(page, "sv", "1920x1080", "1280x720", {3, total}, story_artifacts)
    assert slide_number(page) == (total, total)  # paused: nothing moved on by itself
    assert_clean(page, browser_log)
