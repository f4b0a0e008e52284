"""Chinese renders with real glyphs, not boxes: the machine set up by the README has a CJK font."""

from __future__ import annotations

import pytest

from .test_pages import visit

pytestmark = pytest.mark.browser

SAME_AS_MISSING_GLYPH = """(text) => {
  const draw = (s) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const ctx = canvas.getContext('2d');
    ctx.font = '40px "Source Sans", sans-serif';
    ctx.fillText(s, 4, 48);
    return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
  };
  const missing = draw(String.fromCodePoint(0x10FFFD));  // a private-use code point no font has
  return [...text].map((ch) => draw(ch) === missing || draw(ch) === draw(' '));
}"""


def test_chinese_headline_uses_real_glyphs(page, dashboard_url) -> None:
    visit(page, f"{dashboard_url}/", lang="zh")
    title = page.locator("h1").first.inner_text().strip()
    assert title.startswith("达拉纳")
    boxes = page.evaluate(SAME_AS_MISSING_GLYPH, title[:6])
    assert not any(boxes), f"drawn as missing-glyph boxes: {title[:6]}"
