"""Uploads in a real browser: an analyst signs in, uploads names carrying script payloads, commits them, and no
payload runs on any page; a bad file is refused with its row and column."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from app.pages import PAGES
from cooperation.auth import PASSWORD_HASH_ENV, hash_password
from devtools.streamlit_server import running_dashboard

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
ORGANISATIONS = csv_bytes([["name", "side", "city", "lat", "lon"],  # a place of its own, not under Borlänge's
                           [PAYLOADS["dalarna_party"], "dalarna", "Borlänge", "62.5", "13.5"]])
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
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    uploader = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    expect(uploader).to_have_count(1, timeout=TIMEOUT_MS)  # after a commit the old uploader is being replaced
    uploader.set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": data} for name, data in files])
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)


HOVER_POINTS = """gd => {
  // every point of the map that carries a hover text, as the page's pixel it is drawn at
  const rect = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, out = [];
  gd._fullData.forEach(trace => {
    if (!trace.hovertext || trace.hoverinfo === 'skip' || !trace.visible) return;
    trace.x.forEach((x, i) => {
      if (x === null || trace.y[i] === null) return;
      out.push([rect.left + xa._offset + xa.d2p(x), rect.top + ya._offset + ya.d2p(trace.y[i])]);
    });
  });
  return out;
}"""


def map_tooltips(page) -> list[tuple[str, str]]:
    """Hover every point of the map (plotly, SVG) that carries a hover text; the (text, markup) of each different
    hover label shown."""
    chart = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot").first
    chart.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    label = page.locator(".hoverlayer .hovertext").first
    seen: dict[str, str] = {}
    for x, y in chart.evaluate(HOVER_POINTS):
        page.mouse.move(x, y)
        page.wait_for_timeout(60)
        if label.count():
            seen.setdefault(label.text_content(), label.inner_html())
    return list(seen.items())


def test_uploaded_script_payloads_never_run(page, upload_url: str, browser_log, artifacts) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, upload_url)
    upload(page, [("agreements.csv", AGREEMENTS), ("organisations.csv", ORGANISATIONS)])
    page.get_by_role("button", name=re.compile(r"^Store the preview as one batch")).click()
    page.get_by_text(re.compile("Stored as batch")).wait_for(timeout=TIMEOUT_MS)
    for path in (spec.address for spec in PAGES):
        visit(page, f"{upload_url}/{path}")
        page.wait_for_timeout(1500)  # charts, the map and its tooltips' templates
        if path == "map":  # the uploaded party's name, in the hover label of its place, as text that never runs
            labels = [text for text, _ in map_tooltips(page)]
            assert any(PAYLOADS["dalarna_party"][:18] in text for text in labels), labels  # plotly cuts long lines
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




def serious_violations(page) -> list:
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [(n["html"][:200], n.get("failureSummary", "")[:300]) for n in v["nodes"]][:3])
            for v in violations
            if v["impact"] in ("serious", "critical")]


def swedish_workbook() -> bytes:
    """What an analyst's Swedish Excel holds: Swedish headers, real date cells, decimal numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Affärer"
    sheet.append(["Datum", "Titel", "Dalapart", "Hubeipart", "Värde", "Valuta", "Källa"])
    sheet.append([datetime(2016, 9, 14), "Leverans av värmepannor", "Extuna", "Wuhan Boiler Co.", 1234.5, "SEK",
                  "https://example.org/leverans"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`."""
    box = page.get_by_role("combobox", name=label, exact=True)
    for attempt in range(3):  # the list can close under a rerun that lands while it opens: open it again
        box.click()
        box.fill(option)  # long lists are virtual: filter first, then the option is drawn
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def test_a_real_world_file_is_mapped_previewed_committed_and_undone(page, upload_url: str, browser_log,
                                                                     artifacts, real_world) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, upload_url)
    data = (real_world / "aiddata_china_geocoded_v1.1" / "transactions.csv").read_bytes()
    upload(page, [("transactions.csv", data)])
    page.get_by_text(re.compile("choose the kind and map")).first.wait_for(timeout=TIMEOUT_MS)
    choose(page, "The rows are", "Deal")
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    for header, column in {"transaction_year": "date", "transaction_id": "title", "transaction_value_code":
                           "dalarna_party", "project_id": "hubei_party", "transaction_value": "value",
                           "transaction_currency": "currency", "transaction_isodate": "— not read —"}.items():
        choose(page, header, column)
    page.screenshot(path=str(artifacts / "upload-mapping-1920.png"))
    assert serious_violations(page) == []  # the signed-in page with a file, its mapping and its problems
    page.get_by_role("button", name="Apply mapping").click()
    page.get_by_text("The file can be stored.").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("Preview against the stored data").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "upload-preview-1920.png"))
    page.get_by_role("button", name="Store the preview as one batch (records: 1,967)").click()
    stored = page.get_by_text(re.compile(r"Stored as batch \d+"))
    stored.wait_for(timeout=TIMEOUT_MS)
    batch = re.search(r"batch (\d+)", stored.inner_text()).group(1)

    upload(page, [("affarer.xlsx", swedish_workbook())])
    page.get_by_text("The file can be stored.").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text(re.compile("Encoding: xlsx")).count() == 1
    page.set_viewport_size({"width": 1280, "height": 720})
    page.screenshot(path=str(artifacts / "upload-xlsx-1280.png"), full_page=True)
    page.get_by_role("button", name="Store the preview as one batch (records: 1)").click()
    page.get_by_text(re.compile(rf"Stored as batch {int(batch) + 1}")).wait_for(timeout=TIMEOUT_MS)

    choose(page, "Batch to undo", f"Batch {batch}")
    page.get_by_text("Yes, undo this batch").click()
    page.get_by_role("button", name="Undo").click()
    page.wait_for_selector(IDLE, state="attached", timeout=TIMEOUT_MS)
    page.get_by_text(f"Batch {batch} undone.").wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(artifacts / "upload-history-1280.png"), full_page=True)
    # the 1,967 deals are gone, the workbook's deal stays (26 bundled events, 1 or 2 uploaded by the tests)
    expect(page.get_by_text(re.compile(r"Showing \d+ of \d+ records"))).to_have_text(
        re.compile(r"Showing 2[78] of 2[78] records\."), timeout=TIMEOUT_MS)
    assert_clean(page, browser_log)


@pytest.mark.parametrize("lang", ["sv", "zh"])
def test_map_tooltips_show_text_not_markup(page, upload_url: str, lang: str, browser_log, artifacts) -> None:
    """Defect 7: every tooltip showed `<b>Borlänge – Wuhan</b>: 1 records<br>…` and `People&#x27;s`."""
    visit(page, f"{upload_url}/map", lang=lang)
    tooltips = map_tooltips(page)
    assert tooltips, "no tooltip found on the map"
    for text, markup in tooltips:  # plotly draws the markup as SVG: bold, lines; the text shows none of it
        assert "<b>" not in text and "<br>" not in text and "&#" not in text and "&lt;" not in text, text
        assert "font-weight:bold" in markup, markup  # the place's name in bold, drawn as such
    if lang == "zh":
        assert any(re.search(r"[\u4e00-\u9fff]", text) for text, _ in tooltips), tooltips
    page.screenshot(path=str(artifacts / f"map-tooltip-{lang}.png"))
    assert_clean(page, browser_log)


def test_forged_forwarded_addresses_stay_locked_out(browser, artifacts) -> None:
    """Defect 2: after 5 wrong passwords, a new browser context sending `X-Forwarded-For: 203.0.113.7` signed in.
    Here each attempt comes from a new context with a new forged address and a new name, and after 5 even the
    right password is refused. Its own server: the lock lasts 15 minutes."""
    with running_dashboard(env={"DASHBOARD_DATA_DIR": "", PASSWORD_HASH_ENV: hash_password(PASSWORD)}) as url:
        def attempt(number: int, password: str) -> str:
            context = browser.new_context(viewport={"width": 1280, "height": 900},
                                          extra_http_headers={"X-Forwarded-For": f"203.0.113.{number}"})
            try:
                page = context.new_page()
                visit(page, f"{url}/upload")
                page.get_by_label("Your name (shown in the history)").fill(f"Gissare {number}")
                page.get_by_label("Password", exact=True).fill(password)
                page.get_by_role("button", name="Sign in").click()
                said = page.locator("[data-testid='stAlertContentError'], [data-testid='stCaptionContainer']").filter(
                    has_text=re.compile("Wrong password|Too many failed|Signed in as")).first
                said.wait_for(timeout=TIMEOUT_MS)
                if number == 6:
                    page.screenshot(path=str(artifacts / "signin-forged-locked.png"))
                return said.inner_text()
            finally:
                context.close()

        for number in range(4):
            assert "Wrong password" in attempt(number, "not the password")
        assert "Too many failed sign-ins" in attempt(4, "not the password")  # the fifth failure locks
        assert "Too many failed sign-ins" in attempt(6, PASSWORD)
