"""The exported pictures and the briefing as they are laid out, in sv, en and zh: every text of every chart PNG and
briefing picture whole and inside its picture, no text on top of another; the briefing at A4 with no text out of
its box and nothing off the page.

The figures are built as in the app's process, where Streamlit has made its own plotly template the default, and
drawn by kaleido as SVG (the layout of the PNG, with text that Chromium can measure).
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import plotly.io as pio
import pytest
from PIL import Image

from cooperation.briefing import briefing_html
from cooperation.dataset import Dataset, events_table
from cooperation.filters import Filters, apply_filters, default_filters
from cooperation.lives import agreement_lives
from cooperation.localize import localize_dataset, localize_events
from cooperation.pictures import (
    CHART_NAMES,
    PRINT_SIZES,
    chart_title,
    charts_png,
    download_figures,
    kaleido_available,
    print_figures,
)

from .conftest import missing

LANGS = ("sv", "en", "zh")
A4_CONTENT_MM = (210 - 12 - 12, 297 - 10 - 9)  # the briefing's @page size less its margins
PX_PER_MM = 96 / 25.4

# Every <text> of a plotly SVG with its box relative to the picture; boxes outside it or over one another.
MEASURE_TEXTS = """
() => {
  const svg = document.querySelector("svg");
  const frame = svg.getBoundingClientRect();
  const boxes = [];
  for (const element of svg.querySelectorAll("text")) {
    const text = element.textContent.trim();
    const r = element.getBoundingClientRect();
    if (text && r.width > 0 && r.height > 0)
      boxes.push({text, x0: r.left - frame.left, y0: r.top - frame.top, x1: r.right - frame.left,
                  y1: r.bottom - frame.top});
  }
  const problems = [];
  const box = b => `[${[b.x0, b.y0, b.x1, b.y1].map(v => v.toFixed(1)).join(", ")}]`;
  for (const b of boxes)
    if (b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > frame.width + 0.5 || b.y1 > frame.height + 0.5)
      problems.push(`"${b.text}" ${box(b)} outside ${frame.width}×${frame.height}`);
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
    if (w > 1 && h > 1) problems.push(`"${a.text}" ${box(a)} over "${b.text}" ${box(b)}`);
  }));
  return {count: boxes.length, problems};
}
"""

# Every line of text of the briefing inside the block that holds it and inside the page, no line over another; the
# pictures' shown sizes. A line's box is the font's whole height, taller than a tight line-height: its middle 70 %
# (where the letters are) is what must not leave its block or touch another line.
MEASURE_PAGE = """
(pageHeight) => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const lines = [];
  const blockOf = node => {
    let element = node.parentElement;
    while (getComputedStyle(element).display.startsWith("inline")) element = element.parentElement;
    return element;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim().slice(0, 50);
    if (!text) continue;
    const block = blockOf(node);
    const outer = block.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      const core = {text, x0: r.left, x1: r.right, y0: r.top + 0.15 * r.height, y1: r.bottom - 0.15 * r.height};
      lines.push(core);
      if (core.x0 < outer.left - 0.5 || core.x1 > outer.right + 0.5 || core.y0 < outer.top - 0.5
          || core.y1 > outer.bottom + 0.5)
        problems.push(`"${text}" out of its <${block.tagName.toLowerCase()} class="${block.className}">`);
      if (r.left < -0.5 || r.right > width + 0.5 || r.bottom > pageHeight) problems.push(`"${text}" off the page`);
    }
  }
  lines.forEach((a, i) => lines.slice(i + 1).forEach(b => {
    const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
    if (w > 0.5 && h > 0.5) problems.push(`"${a.text}" over "${b.text}"`);
  }));
  const pictures = [...document.images].map(img => {
    const r = img.getBoundingClientRect();
    if (r.left < -0.5 || r.right > width + 0.5 || r.bottom > pageHeight)
      problems.push(`picture ${img.alt} off the page`);
    return [img.alt, r.width, r.height];
  });
  const bottom = Math.max(...[...document.body.querySelectorAll("*")].map(e => e.getBoundingClientRect().bottom));
  return {height: bottom, problems, pictures};
}
"""


def view_of(dataset: Dataset, lang: str) -> tuple[Dataset, pd.DataFrame, pd.DataFrame, Filters]:
    events = localize_events(events_table(dataset), dataset, lang)
    filters = default_filters(events, 2026)
    return localize_dataset(dataset, lang), events, apply_filters(events, filters), filters


@pytest.fixture(scope="module")
def app_template() -> None:
    """The plotly template of the app's process: Streamlit's chart element makes its own the default on import."""
    import streamlit.elements.plotly_chart  # noqa: F401

    assert pio.templates.default == "streamlit"


@pytest.fixture(scope="module")
def drawn(bundled: Dataset, app_template: None) -> dict[str, list[tuple[str, bytes]]]:
    """Every picture of the export page and of the briefing in every language, drawn as SVG in one kaleido run."""
    if not kaleido_available():
        missing("kaleido with Chromium is not available")
    jobs = []
    for lang in LANGS:
        dataset, _, shown, _ = view_of(bundled, lang)
        for purpose, figures in (("png", download_figures(dataset, shown, lang)),
                                 ("briefing", print_figures(dataset, shown, lang))):
            jobs += [(lang, f"{purpose} {name}", figures[name]) for name in CHART_NAMES]
    svgs = charts_png([(fig, fig.layout.width, fig.layout.height) for *_, fig in jobs], scale=1, image_format="svg")
    assert svgs is not None, "kaleido drew nothing"
    out: dict[str, list[tuple[str, bytes]]] = {lang: [] for lang in LANGS}
    for (lang, label, _), svg in zip(jobs, svgs, strict=True):
        out[lang].append((label, svg))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_of_every_picture_is_whole_and_apart(browser, drawn: dict, lang: str) -> None:
    page = browser.new_page()
    problems = []
    for label, svg in drawn[lang]:
        page.set_content(svg.decode("utf-8"))
        found = page.evaluate(MEASURE_TEXTS)
        assert found["count"] >= 2, f"{label}: only {found['count']} texts drawn"
        problems += [f"{label}: {problem}" for problem in found["problems"]]
    page.close()
    assert not problems, "\n".join(problems)


def placeholder_png(width: int, height: int) -> bytes:
    """A blank PNG of the pixel size kaleido draws a briefing picture at (3×)."""
    out = io.BytesIO()
    Image.new("RGB", (3 * width, 3 * height), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("with_lives", [True, False], ids=["agreements", "latest"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_briefing_fits_its_a4_page(browser, bundled: Dataset, lang: str, with_lives: bool) -> None:
    images = {name: placeholder_png(*PRINT_SIZES[name]) for name in CHART_NAMES}
    lives = agreement_lives(events_table(bundled), bundled, pd.Timestamp("2020-12-31")) if with_lives else None
    html = briefing_html(*view_of(bundled, lang), lang, images=images, today=date(2026, 11, 27), lives=lives)
    width, height = (round(mm * PX_PER_MM) for mm in A4_CONTENT_MM)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.emulate_media(media="print")
    page.set_content(html)
    found = page.evaluate(MEASURE_PAGE, height)
    page.close()
    assert not found["problems"], "\n".join(found["problems"])
    assert found["height"] <= height, f"{found['height']:.0f} px of content on a page of {height} px"
    # each picture is shown at the width it was drawn for, so that its text prints at the size it was laid out in
    names = {chart_title(name, lang): name for name in CHART_NAMES}
    shown = {names[alt]: (round(w, 1), round(h, 1)) for alt, w, h in found["pictures"]}
    assert set(shown) == set(CHART_NAMES)
    for name, (shown_width, shown_height) in shown.items():
        drawn_width, drawn_height = PRINT_SIZES[name]
        assert abs(shown_width - drawn_width) <= 1 and abs(shown_height - drawn_height) <= 1, (name, shown)
