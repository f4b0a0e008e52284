"""Uploads in a real browser: an analyst signs in, uploads names carrying script payloads, commits them, and no
payload runs on any page; a bad file is refused with its row and column."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from streamlit_server import running_dashboard

from cooperation.auth import PASSWORD_HASH_ENV, hash_password

from .test_pages import IDLE, TIMEOUT_MS, assert_clean, visit

PASSWORD = "browser test password 42"
PAYLOADS = {
    "title": "<script>window.__xss = 'title'</script>Avtal om <b>skolor</b>",
    "dalarna_party": "<img src=x onerror=\"window.__xss = 'dalarna'\">",
    "hubei_party": "\"><svg onload=\"window.__xss = 'hubei'\"></svg>",
    "notes": "[klicka](javascript:window.__xss='notes') <iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
}


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


AGREEMENTS = csv_bytes([
    ["date", "title", "dalarna_party", "hubei_party", "notes", "source", "title_zh"],
    ["2014-03-01", PAYLOADS["title"], PAYLOADS["dalarna_party"], PAYLOADS["hubei_party"], PAYLOADS["notes"],
     "https://example.org/x", "<script>window.__xss='zh'</script>"]])
ORGANISATIONS = csv_bytes([["name", "side", "city", "lat", "lon"],
                           [PAYLOADS["dalarna_party"], "dalarna", "Borlänge", "60.48", "15.43"]])
BAD = b"date,title,dalarna_party,hubei_party\n2013-02-30,Impossible,Falun,Wuhan\n"


@pytest.fixture(scope="module")
def upload_url() -> Iterator[str]:
    with running_dashboard(env={"DASHBOARD_DATA_DIR": "", PASSWORD_HASH_ENV: hash_password(PASSWORD)}) as url:
        yield url


def sign_in(page, url: str) -> None:
    visit(page, f"{url}/upload")
    page.get_by_label("Your name (shown in the history)").fill("<b>Browser</b> test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as analyst").wait_for(timeout=TIMEOUT_MS)


def upload(page, files: list[tuple[str, bytes]]) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": data} for name, data in files])
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)


def test_uploaded_script_payloads_never_run(page, upload_url: str, browser_log, artifacts) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, upload_url)
    upload(page, [("agreements.csv", AGREEMENTS), ("organisations.csv", ORGANISATIONS)])
    page.get_by_role("button", name=re.compile(r"^Store the preview as one batch")).click()
    page.get_by_text(re.compile("Stored as batch")).wait_for(timeout=TIMEOUT_MS)
    for path in ["", "timeline", "map", "network", "data", "story", "export", "upload"]:
        visit(page, f"{upload_url}/{path}")
        page.wait_for_timeout(1500)  # charts, the map and its tooltips' templates
        assert page.evaluate("window.__xss") is None, f"a payload ran on /{path}"
        assert page.locator("img[src='x'], iframe[src^='javascript'], svg[onload]").count() == 0, path
        assert_clean(page, browser_log)
    assert dialogs == []
    # the overview's latest events, filtered to the uploaded record, show its title as text, tags and all
    visit(page, f"{upload_url}/?party=onerror")
    page.get_by_text(re.compile(r"<script>window\.__xss = 'title'</script>Avtal")).first.wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(artifacts / "upload-payloads-overview.png"), full_page=True)


def test_a_bad_file_is_refused_with_its_row_and_column(page, upload_url: str, browser_log) -> None:
    sign_in(page, upload_url)
    upload(page, [("agreements.csv", BAD)])
    page.get_by_text(re.compile(r"Problems found: 1\b")).wait_for(timeout=TIMEOUT_MS)
    store = page.get_by_role("button", name=re.compile(r"^Store the preview as one batch"))
    assert store.count() == 0 or store.is_disabled()
    assert_clean(page, browser_log)
