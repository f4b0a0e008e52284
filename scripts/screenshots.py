"""Screenshots of every page at 1920x1080 and 1280x720 in headless Chromium.

Usage: python scripts/screenshots.py [OUTPUT_DIR] [LANG]   (default: test-artifacts/screenshots, sv)
Prints every request that left 127.0.0.1 (there should be none).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_dashboard  # noqa: E402

PAGES = {"overview": "", "timeline": "timeline", "map": "map", "network": "network", "data": "data",
         "story": "story", "export": "export", "upload": "upload"}
SIZES = [(1920, 1080), (1280, 720)]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "test-artifacts" / "screenshots"
    lang = sys.argv[2] if len(sys.argv) > 2 else "sv"
    out.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    with running_dashboard() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                    else outside.append(r.url))
            for name, path in PAGES.items():
                page.goto(f"{url}/{path}?lang={lang}")
                page.wait_for_selector("[data-testid='stAppViewContainer']")
                page.wait_for_timeout(5000)
                page.screenshot(path=str(out / f"{name}-{lang}-{width}x{height}.png"), full_page=False)
                print("saved", out / f"{name}-{lang}-{width}x{height}.png")
            page.close()
        browser.close()
    print("requests outside 127.0.0.1:", outside or "none")


if __name__ == "__main__":
    main()
