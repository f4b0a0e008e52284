"""The presentation (?present=1) in a real browser, at a projector's 1920×1080 and 1280×720, in Chinese and
Swedish, every slide at both sizes: readable in a hall (every text on the page, the plotly chart's SVG text included,
at least 20 px and the body text at least 24 px; the map's labels are drawn in a canvas: their size is checked in the
deck spec, tests/test_story.py), no text cut by its box, the slide filling the screen, the map drawn, and nothing
fetched from outside 127.0.0.1. The notes window and the projector follow each other; the offline pack, downloaded
from the story page, plays from file:// with every request refused. Screenshots: test-artifacts/story/."""

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
BODY_PX, ANY_PX = 24, 20
BODY = ".st-key-story_head h1, .st-key-story_kicker, .st-key-story_events li"  # the second language aside (em)
# Every visible text node on the page (DOM and SVG): its computed font size, whether it is body text, and whether
# a box that clips it (the window, or an ancestor whose overflow is not visible) cuts it.
TEXTS_JS = """body => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, noscript, title, [data-testid="stTooltipContent"]')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 1 && r.height > 1);
    if (!rects.length) continue;  // not laid out (display: none) or a visually hidden 1-px box
    let hidden = false, cut = false;
    const clips = [{left: 0, top: 0, right: innerWidth, bottom: innerHeight}];
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.visibility === 'hidden' || parseFloat(style.opacity) === 0
          || style.clip === 'rect(0px, 0px, 0px, 0px)') { hidden = true; break; }
      if (a !== el && (style.overflowX !== 'visible' || style.overflowY !== 'visible')
          && !(a instanceof SVGElement)) clips.push(a.getBoundingClientRect());
    }
    if (hidden) continue;
    for (const r of rects) for (const c of clips)
      if (r.left < c.left - 1 || r.top < c.top - 1 || r.right > c.right + 1 || r.bottom > c.bottom + 1) cut = true;
    out.push({text: text.slice(0, 40), size: parseFloat(getComputedStyle(el).fontSize),
              body: !!el.closest(body) && !el.closest('em'), svg: el instanceof SVGElement, cut});
  }
  return out;
}"""


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
    check_readable(page, label)
    check_fills_the_screen(page, viewport, label)


def check_readable(page, label: str) -> None:
    """Every text at least ANY_PX, the body at least BODY_PX, and none cut by its box or the window."""
    texts = page.evaluate(TEXTS_JS, BODY)
    assert any(t["svg"] for t in texts) and sum(t["body"] for t in texts) >= 3, f"{label}: texts not found"
    small = [(t["text"], t["size"]) for t in texts if t["size"] < ANY_PX]
    assert small == [], f"{label}: text under {ANY_PX} px: {small}"
    small_body = [(t["text"], t["size"]) for t in texts if t["body"] and t["size"] < BODY_PX]
    assert small_body == [], f"{label}: body text under {BODY_PX} px: {small_body}"
    cut = [t["text"] for t in texts if t["cut"]]
    assert cut == [], f"{label}: text cut by its box: {cut}"


def check_fills_the_screen(page, viewport: dict[str, int], label: str) -> None:
    """No empty bottom: the timeline reaches into the screen's bottom tenth, the sources to its last twentieth."""
    timeline = page.locator(".st-key-story_timeline").bounding_box()
    sources = page.locator(".st-key-story_sources").bounding_box()
    height = viewport["height"]
    assert timeline["y"] + timeline["height"] >= 0.9 * height, f"{label}: the timeline ends at {timeline}"
    assert sources["y"] + sources["height"] >= 0.95 * height, f"{label}: the sources end at {sources}"


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


EVERY_SLIDE = set(range(1, 100))


def test_chinese_every_slide_at_both_sizes(open_page, browser_log, dashboard_url, story_artifacts):
    """Chinese, opened at 1280×720; every slide at 1920×1080 too (the window resized and back)."""
    page, total = open_presentation(open_page, dashboard_url, "zh", "1280x720")
    check_all_slides(page, "zh", "1280x720", "1920x1080", EVERY_SLIDE, story_artifacts)
    assert_clean(page, browser_log)


def test_swedish_every_slide_with_keys_and_playing(open_page, browser_log, dashboard_url, story_artifacts):
    """Swedish opened at 1920×1080, every slide at 1280×720 too. On the way: the arrow keys, a clicker's Page Up,
    playing (the next slide after 8 s) and pausing, and the last slide's disabled Next still readable."""
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
    check_all_slides(page, "sv", "1920x1080", "1280x720", EVERY_SLIDE, story_artifacts)
    assert slide_number(page) == (total, total)  # paused: nothing moved on by itself
    check_disabled_button_is_readable(page.locator(".st-key-story_next button"))
    arrows = page.locator(".st-key-story_prev button").inner_text()
    assert arrows.count("arrow_back") + arrows.count("←") == 1, f"the arrow is shown twice: {arrows!r}"
    assert_clean(page, browser_log)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (the alpha of an rgba colour is ignored)."""
    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_disabled_button_is_readable(button) -> None:
    """A disabled button is not an empty grey box: its label is drawn with a contrast of 4.5:1 at least."""
    assert button.is_disabled()
    label = button.locator("p").first
    assert label.is_visible() and label.inner_text().strip(), "the disabled button shows no label"
    colours = button.evaluate("""b => {  // the label's colour on the first background that is not transparent
        let a = b;
        while (a && /^rgba\\(.*, 0\\)$/.test(getComputedStyle(a).backgroundColor)) a = a.parentElement;
        return [getComputedStyle(b.querySelector('p')).color,
                a ? getComputedStyle(a).backgroundColor : 'rgb(255, 255, 255)']; }""")
    assert contrast(*colours) >= 4.5, f"the disabled button's label hardly shows: {colours}"


def test_the_notes_window_and_the_projector_follow_each_other(open_page, browser_log, dashboard_url,
                                                              story_artifacts):
    """The projector's Notes link opens the presenter's window of the same presentation; a step in either window
    moves the other within a few seconds (each polls the server once a second)."""
    projector, total = open_presentation(open_page, dashboard_url, "sv", "1280x720")
    link = projector.locator(".st-key-story_notes a:visible")  # (a hidden copy sits beside it)
    href = link.get_attribute("href")
    deck = re.search(r"[?&]deck=([^&]+)", projector.url).group(1)
    assert link.get_attribute("target") == "_blank" and "notes=1" in href and f"deck={deck}" in href
    notes = open_page({"width": 1280, "height": 800})
    notes.goto(f"{dashboard_url}/?present=1&notes=1&lang=sv&deck={deck}")
    wait_for_slide(notes, 1, total)
    assert notes.get_by_text("Talarens anteckningar", exact=True).is_visible()
    projector.locator(".st-key-story_next button").click()
    wait_for_slide(projector, 2, total)
    wait_for_slide(notes, 2, total)
    notes.locator(".st-key-story_next button").click()
    wait_for_slide(notes, 3, total)
    wait_for_slide(projector, 3, total)
    assert notes.locator(".st-key-story_notes_records li").count() >= 1
    notes.screenshot(path=str(story_artifacts / "notes-sv-03.png"))
    assert_clean(projector, browser_log)


def test_the_offline_pack_plays_from_a_file_with_the_network_off(open_page, browser, browser_log, dashboard_url,
                                                                 story_artifacts, tmp_path):
    """Downloaded from the story page (Chinese slides with Swedish below), opened from file:// with every request
    refused: it makes none, steps through every slide with the keyboard, draws each timeline, and shows no error."""
    page = open_page(SIZES["1280x720"])
    visit(page, f"{dashboard_url}/story", lang="zh")
    page.locator(".st-key-story_second_language [role='combobox']").click()
    page.get_by_role("option", name="Svenska").click()
    page.locator(".st-key-story_second").wait_for(timeout=TIMEOUT_MS)  # the slide below shows it too
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator(".st-key-story_pack button:visible").click()
    path = tmp_path / "story.html"
    download.value.save_as(path)
    assert_clean(page, browser_log)

    context = browser.new_context(viewport=SIZES["1920x1080"])
    requests, errors = [], []

    def refuse(route) -> None:
        requests.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!file:|data:|blob:|about:).*"), refuse)
    offline = context.new_page()
    offline.on("pageerror", lambda error: errors.append(str(error)))
    offline.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        offline.goto(path.as_uri())
        number = offline.locator("#number")
        total = int(number.inner_text().split(" / ")[1])
        assert total >= 8
        keys = ["ArrowRight", "PageDown"] * total
        for step in range(1, total + 1):
            assert number.inner_text() == f"{step} / {total}"
            slide = offline.locator(f".slide[data-number='{step}']")
            assert slide.is_visible() and offline.locator(".slide:not([hidden])").count() == 1
            slide.locator(".timeline .main-svg").first.wait_for(timeout=10_000)  # plotly drew the timeline
            assert slide.locator(".map svg text").count() >= 1 and slide.locator(".sources").inner_text()
            assert re.search(r"[\u4e00-\u9fff]", slide.locator("h1").inner_text())
            if step == 4:  # the June 2013 week: its headline and every title in Swedish too
                assert "4 avtal" in slide.locator("header .second").inner_text()
                assert slide.locator("li .second").count() >= 6
            offline.screenshot(path=str(story_artifacts / f"pack-zh-sv-{step:02d}.png"))
            if step < total:
                offline.keyboard.press(keys[step - 1])
        assert offline.locator("#next").is_disabled()
        for key, expected in (("Home", 1), ("End", total), ("PageUp", total - 1), ("ArrowLeft", total - 2)):
            offline.keyboard.press(key)
            assert number.inner_text() == f"{expected} / {total}", key
        assert requests == [] and errors == []
    finally:
        context.close()
