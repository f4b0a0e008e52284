"""Fixtures for the browser tests: the dashboard served on loopback, headless Debian chromium, a logged page.

Without chromium the tests are skipped, except when $CI is set: a CI run must not pass by skipping them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from devtools.streamlit_server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_dashboard

ARTIFACTS = ROOT / "test-artifacts" / "browser"
VIEWPORT = {"width": 1600, "height": 1000}
LOCAL_PREFIXES = ("http://127.0.0.1", "data:", "blob:")
# Opening a page URL directly makes the frontend probe /<page>/_stcore/... first: 404s that mean nothing.
HARMLESS_404 = re.compile(r"^http://127\.0\.0\.1:\d+/[^/]+/_stcore/(health|host-config)$")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(reason: str) -> None:
    """Skip locally; fail in CI, where a browser test that cannot run must not count as passed."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class BrowserLog:
    """What a page did besides drawing: requests that left loopback, console errors, uncaught errors."""

    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_request(self, request) -> None:
        if not request.url.startswith(LOCAL_PREFIXES):
            self.outside.append(request.url)

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if "404" in message.text and HARMLESS_404.match(url):
            return
        if "ERR_ABORTED" in message.text and url.endswith(".js"):
            return
        self.console_errors.append(f"{message.text} ({url})" if url else message.text)

    def on_page_error(self, error) -> None:
        self.page_errors.append(str(error))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).is_file():
        missing(f"chromium not found at {CHROMIUM} (apt-get install -y chromium; never `playwright install`)")
    return CHROMIUM


def serve(env: dict[str, str]) -> Iterator[str]:
    with running_dashboard(env=env) as url:
        yield url


@pytest.fixture(scope="session")
def dashboard_url() -> Iterator[str]:
    """The dashboard on the bundled data (an inherited $DASHBOARD_DATA_DIR is blanked out)."""
    yield from serve({"DASHBOARD_DATA_DIR": ""})


@pytest.fixture(scope="session")
def empty_dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second dashboard whose store is an empty directory (only test_empty_store_says_so uses it)."""
    yield from serve({"DASHBOARD_DATA_DIR": str(tmp_path_factory.mktemp("empty-store"))})


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        manager.stop()


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def page(browser, browser_log: BrowserLog) -> Iterator[object]:
    """A fresh context and page (so a fresh Streamlit session) whose requests and errors go to browser_log."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    context.on("request", browser_log.on_request)
    page = context.new_page()
    page.on("console", browser_log.on_console)
    page.on("pageerror", browser_log.on_page_error)
    yield page
    context.close()
