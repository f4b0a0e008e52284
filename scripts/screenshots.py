"""Screenshots of every page, in each language and size, in headless Chromium; with --slides, every story slide
in presentation mode (?present=1) too.

Usage: python scripts/screenshots.py [--out DIR] [--langs sv,zh] [--sizes 1920x1080,390x844] [--pages map,data]
                                     [--slides] [--wait SECONDS]
Defaults: test-artifacts/screenshots, sv and zh, 1920x1080, 1280x720, 1024x768 and 390x844, every page.
Prints every request that left 127.0.0.1 (there should be none).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from app.pages import PAGES as ALL_PAGES
from devtools.streamlit_server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_dashboard

PAGES = {spec.name: spec.address for spec in ALL_PAGES}
SIZES = "1920x1080,1280x720,1024x768,390x844"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "screenshots")
    parser.add_argument("--langs", default="sv,zh")
    parser.add_argument("--sizes", default=SIZES)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--slides", action="store_true", help="every story slide with ?present=1 as well")
    parser.add_argument("--wait", type=float, default=3.0, help="seconds to let charts and maps draw")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    outside: list[str] = []
    with running_dashboard(env={"DASHBOARD_DATA_DIR": ""}) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in sizes:
            for lang in args.langs.split(","):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                        else outside.append(r.url))
                for name in args.pages.split(","):
                    _shoot(page, f"{url}/{PAGES[name]}?lang={lang}", args.out / f"{name}-{lang}-{width}x{height}.png",
                           args.wait)
                if args.slides:
                    _slides(page, url, lang, args.out / f"slide-{lang}-{width}x{height}", args.wait)
                page.close()
        browser.close()
    print("requests outside 127.0.0.1:", outside or "none")


def _shoot(page, address: str, path: Path, wait: float) -> None:
    page.goto(address)
    page.wait_for_selector(IDLE, state="attached", timeout=60_000)
    page.wait_for_timeout(wait * 1000)
    page.screenshot(path=str(path), full_page=False)
    print("saved", path)


def _slides(page, url: str, lang: str, prefix: Path, wait: float) -> None:
    _shoot(page, f"{url}/?present=1&lang={lang}&slide=1", Path(f"{prefix}-01.png"), wait)
    number = 1
    while True:
        following = page.locator(".st-key-story_next button")
        if following.count() == 0 or following.is_disabled():
            break
        following.click()
        number += 1
        page.wait_for_function("n => new URLSearchParams(location.search).get('slide') === String(n)", arg=number)
        page.wait_for_selector(IDLE, state="attached", timeout=60_000)
        page.wait_for_timeout(wait * 1000)
        page.screenshot(path=f"{prefix}-{number:02d}.png", full_page=False)
        print("saved", f"{prefix}-{number:02d}.png")


if __name__ == "__main__":
    main()
