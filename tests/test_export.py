"""Exports read back: CSV and XLSX parse, injected formulas are neutralised, numbers stay numbers; the map picture
has no geo traces; the briefing is self-contained, escaped, in the chosen language and cites every source."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import plotly.io as pio
import pytest
from conftest import TINY, dataset_from

from cooperation.briefing import briefing_html, briefing_pdf, numbered_sources
from cooperation.dataset import Dataset, events_table, split_sources
from cooperation.export import filtered_records, neutralise, records_csv, records_xlsx
from cooperation.filters import Filters, apply_filters, default_filters
from cooperation.geo import load_outlines
from cooperation.i18n import t
from cooperation.localize import localize_dataset, localize_events
from cooperation.pictures import (
    CHART_NAMES,
    briefing_images,
    chart_png,
    chromium_path,
    download_figures,
    kaleido_available,
    print_figures,
)
from cooperation.static_map import great_circle, map_figure, outline_paths

IN_CI = bool(os.environ.get("CI"))
INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "  =1+1"]


def needs_browser(available: bool, what: str) -> None:
    """Skip on a developer machine without Chromium/kaleido; fail in CI, where they must be installed."""
    if not available:
        if IN_CI:
            pytest.fail(f"{what} is required in CI (CI is set)")
        pytest.skip(f"{what} not available here (install Debian's chromium; kaleido comes with the project)")


@pytest.fixture
def hostile() -> pd.DataFrame:
    """Text that a spreadsheet would run, beside honest text and numbers (a negative float is not an injection)."""
    return pd.DataFrame({
        "title": [*INJECTIONS, "Borlänge–Wuhan: åäö ÅÄÖ", "武汉市人民政府"],
        "value": [-1.5, 2.0, 0.25, -3.0, 4.0, 5.5, 6.0, 1000.5, -7.0],
        "participants": pd.array([12, None, 3, 4, 5, 6, 7, 8, 9], dtype="Float64"),
        "row": range(2, 11),
    })


# ---------------------------------------------------------------------------------------------------- records

@pytest.mark.parametrize("text", INJECTIONS)
def test_neutralise_prefixes_formula_text(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-1.5, -3, 0, 2.5, None, "", "Borlänge", "a=b", "1-2", "'=already quoted"])
def test_neutralise_leaves_numbers_and_harmless_text(value: object) -> None:
    assert neutralise(value) == value


def test_csv_has_a_bom_and_reads_back(hostile: pd.DataFrame) -> None:
    data = records_csv(hostile)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["title", "value", "participants"]  # the ingest's row number is not exported
    assert back["title"].tolist()[-2:] == ["Borlänge–Wuhan: åäö ÅÄÖ", "武汉市人民政府"]
    assert back["title"].tolist()[: len(INJECTIONS)] == ["'" + text for text in INJECTIONS]
    assert pd.api.types.is_float_dtype(back["value"]) and back["value"].tolist() == hostile["value"].tolist()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][2] == "12" and rows[2][2] == ""  # a whole number is written as 12, not 12.0
    cells = [cell for row in rows for cell in row]
    assert not any(c.lstrip(" ").startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert not any(c.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?", c) for c in cells)


def test_xlsx_reads_back_with_text_as_text_and_numbers_as_numbers(hostile: pd.DataFrame) -> None:
    book = openpyxl.load_workbook(io.BytesIO(records_xlsx({"agreements": hostile, "visits": hostile.head(2)})))
    assert book.sheetnames == ["agreements", "visits"]
    sheet = book["agreements"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("title", "value", "participants")
    titles = [r[0] for r in rows[1:]]
    # XML reads a carriage return back as a line feed
    assert titles[: len(INJECTIONS)] == ["'" + text.replace("\r", "\n") for text in INJECTIONS]
    assert titles[-2:] == ["Borlänge–Wuhan: åäö ÅÄÖ", "武汉市人民政府"]
    assert [r[1] for r in rows[1:]] == hostile["value"].tolist()
    assert rows[1][2] == 12 and rows[2][2] is None
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert all(isinstance(cell.value, (int, float)) for cell in sheet["B"][1:])


def test_xlsx_of_every_kind_with_the_filtered_records(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    shown = apply_filters(tiny_events, Filters(2013, 2015))
    records = filtered_records(tiny, shown)
    assert list(records) == ["agreements", "visits", "deals", "milestones", "organisations", "places"]
    assert set(records["agreements"]["id"]) == {"a2"} and records["milestones"].empty
    book = openpyxl.load_workbook(io.BytesIO(records_xlsx(records)))
    assert book.sheetnames == list(records)
    deals = list(book["deals"].iter_rows(values_only=True))
    header = deals[0]
    assert deals[1][header.index("value")] == 1000.5 and deals[1][header.index("dalarna_party")] == "Extuna"
    assert "row" not in header
    csv_text = records_csv(records["agreements"]).decode("utf-8-sig")
    assert "Science Park | Borlänge kommun" in csv_text and "\r\n" in csv_text


def test_xlsx_drops_control_characters_that_excel_refuses() -> None:
    book = openpyxl.load_workbook(io.BytesIO(records_xlsx(pd.DataFrame({"note": ["bell\x07 and nul\x00"]}))))
    assert book.active["A2"].value == "bell and nul"


# ---------------------------------------------------------------------------------------------------- map picture

def test_map_figure_has_arcs_and_no_geo_traces(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    fig = map_figure(tiny_events, tiny.frame("organisation"), tiny.frame("place"), "sv")
    types = {trace.type for trace in fig.data}
    assert types == {"scatter"}
    assert not types & {"scattergeo", "choropleth", "scattermap", "scattermapbox", "choroplethmap"}
    arcs = [trace for trace in fig.data if trace.name == t("export.map.links", "sv")]
    assert arcs and all(len(arc.x) == 50 for arc in arcs)
    assert fig.data[0].fill == "toself" and len(fig.data[0].x) > 1000
    assert {trace.name for trace in fig.data} >= {"Dalarna", "Hubei"}


def test_great_circle_runs_north_of_the_straight_line() -> None:
    lats, lons = great_circle(60.4858, 15.4371, 30.5928, 114.3055)
    assert len(lats) == 50
    assert (lats[0], lons[0]) == pytest.approx((60.4858, 15.4371)) and (lats[-1], lons[-1]) == pytest.approx(
        (30.5928, 114.3055))
    assert lats[25] > (60.4858 + 30.5928) / 2 + 5  # a great circle bows towards the pole
    _, across = great_circle(60.0, 170.0, 60.0, -170.0)  # across ±180°: no jump back over the map
    assert across[0] == pytest.approx(170.0) and across[-1] == pytest.approx(190.0)


@pytest.mark.parametrize("default", ["streamlit", "none"])
def test_pictures_do_not_depend_on_the_process_template(tiny: Dataset, tiny_events: pd.DataFrame, default: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """In the app Streamlit makes its own plotly template the default (no automargin: labels fall off the picture)."""
    import streamlit.elements.plotly_chart  # noqa: F401 - registers the "streamlit" template

    def laid_out() -> list[str]:
        return [fig.to_json() for make in (download_figures, print_figures)
                for fig in make(tiny, tiny_events, "sv").values()]

    monkeypatch.setattr(pio.templates, "default", "plotly")
    expected = laid_out()
    monkeypatch.setattr(pio.templates, "default", default)
    assert laid_out() == expected
    charts = print_figures(tiny, tiny_events, "sv")
    assert all(charts[name].layout.yaxis.automargin for name in ("per_year", "timeline"))


def test_the_briefing_map_keeps_only_its_place_labels(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    labels = print_figures(tiny, tiny_events, "en")["map"].layout.annotations
    assert sorted((a.text, a.xref) for a in labels) == [("<b>Dalarna</b>", None), ("<b>Hubei</b>", None)]


def test_outlines_draw_no_band_across_the_antimeridian() -> None:
    xs, _ = outline_paths(load_outlines(), (-10.0, 130.0), (15.0, 72.0))
    jumps = [abs(b - a) for a, b in zip(xs, xs[1:], strict=False) if a is not None and b is not None]
    assert max(jumps) < 60


# ---------------------------------------------------------------------------------------------------- briefing

class _Addresses(HTMLParser):
    """Every src/href of a page (attribute values unescaped) and every tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.addresses.append(value)
                if tag == "a":
                    self.links.append(value)


def parse(page: str) -> _Addresses:
    parser = _Addresses()
    parser.feed(page)
    return parser


def view_of(dataset: Dataset, lang: str, filters: Filters | None = None) -> tuple[Dataset, pd.DataFrame,
                                                                                     pd.DataFrame, Filters]:
    events = localize_events(events_table(dataset), dataset, lang)
    chosen = filters or default_filters(events, 2026)
    return localize_dataset(dataset, lang), events, apply_filters(events, chosen), chosen


def source_urls(events: pd.DataFrame) -> set[str]:
    return {s for value in events["source"] for s in split_sources(value) if s.startswith(("http://", "https://"))}


@pytest.mark.parametrize("lang", ["sv", "en", "zh"])
def test_briefing_cites_every_source_and_loads_nothing(bundled: Dataset, lang: str) -> None:
    dataset, events, shown, filters = view_of(bundled, lang)
    page = briefing_html(dataset, events, shown, filters, lang, images=None, today=date(2026, 11, 27))
    found = parse(page)
    urls = source_urls(shown)
    assert len(urls) >= 10 and urls <= set(found.links)
    for address in found.addresses:
        assert address.startswith("data:image/png;base64,") or address in urls, address
    assert "script" not in found.tags and "link" not in found.tags and "iframe" not in found.tags
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    assert '<meta charset="utf-8">' in page and "@page { size: A4" in page
    assert "Pressmeddelande, Stiftelsen Teknikdalen" in page  # a source that is not a URL, as text
    assert t("briefing.no_pictures", lang) in page  # images=None: tables stand in, and say so
    numbers = numbered_sources(shown)
    assert len(numbers) == len({s for v in shown["source"] for s in split_sources(v)})


def test_briefing_is_in_the_chosen_language(bundled: Dataset) -> None:
    pages = {lang: briefing_html(*view_of(bundled, lang), lang, images=None, today=date(2026, 11, 27))
             for lang in ("sv", "zh", "en")}
    assert '<html lang="sv">' in pages["sv"] and "<h2>Nyckeltal</h2>" in pages["sv"]
    assert "Samarbetets läge" in pages["sv"] and "Exporterad 27 november 2026" in pages["sv"]
    assert '<html lang="zh-Hans">' in pages["zh"] and "<h2>关键数据</h2>" in pages["zh"]
    assert "<h2>来源</h2>" in pages["zh"] and "2026年11月27日" in pages["zh"]
    assert "<h2>Key figures</h2>" in pages["en"] and "Nyckeltal" not in pages["en"]
    assert "reported ended" in pages["en"]  # the end of the partnership is stated


def test_briefing_follows_the_filters(bundled: Dataset) -> None:
    dataset, events, shown, filters = view_of(bundled, "en", Filters(2013, 2013, party="Dellner"))
    page = briefing_html(dataset, events, shown, filters, "en", images=None)
    assert len(shown) == 1 and shown["title"].iloc[0] in page
    assert "2013–2013" in page and "party: “Dellner”" in page
    assert source_urls(shown) <= set(parse(page).links)
    assert "scandasia.com" not in page  # a source of a record that is not shown


def test_briefing_escapes_text_from_the_data() -> None:
    texts = dict(TINY)
    texts["milestone"] = TINY["milestone"].replace("Partnership ended", "<script>alert(1)</script>")  # the latest
    texts["agreement"] = TINY["agreement"].replace(
        "https://example.org/a1", 'https://example.org/a1?x=1&y="2" | javascript:alert(2) | <b>bold</b>')
    dataset = dataset_from(texts)
    page = briefing_html(*view_of(dataset, "en"), "en", images=None)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    found = parse(page)
    assert 'https://example.org/a1?x=1&y="2"' in found.links  # escaped in the attribute, intact when read
    assert not any(link.startswith("javascript") for link in found.links)
    assert "javascript:alert(2)" in page  # shown as text, not as a link


def test_briefing_of_an_empty_store_and_of_no_match(tiny_events: pd.DataFrame, tiny: Dataset) -> None:
    empty = Dataset({})
    events = events_table(empty)
    page = briefing_html(empty, events, events, Filters(2000, 2026), "en", images=None)
    assert t("data.empty", "en") in page and "<img" not in page
    none = apply_filters(tiny_events, Filters(2000, 2001))
    page = briefing_html(tiny, tiny_events, none, Filters(2000, 2001), "sv", images=None)
    assert "Inga poster matchar filtren (perioden 2000–2001)" in page


def test_briefing_pictures_and_pdf(bundled: Dataset) -> None:
    needs_browser(kaleido_available(), "kaleido with Chromium")
    dataset, events, shown, filters = view_of(bundled, "zh")
    images = briefing_images(dataset, shown, "zh")
    assert images is not None and set(images) == set(CHART_NAMES)
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in images.values())
    page = briefing_html(dataset, events, shown, filters, "zh", images=images)
    assert page.count('<img src="data:image/png;base64,') == 3 and t("briefing.no_pictures", "zh") not in page
    pdf = briefing_pdf(page)
    assert pdf is not None and pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1  # one A4 page


def test_briefing_pdf_without_pictures_is_one_page(bundled: Dataset) -> None:
    needs_browser(chromium_path() is not None, "Chromium")
    page = briefing_html(*view_of(bundled, "sv"), "sv", images=None)
    pdf = briefing_pdf(page)
    assert pdf is not None and pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    assert b"/MediaBox [0 0 594.9" in pdf  # A4: 595 x 842 points


def test_chart_png(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    needs_browser(kaleido_available(), "kaleido with Chromium")
    png = chart_png(map_figure(tiny_events, tiny.frame("organisation"), tiny.frame("place"), "en"), 400, 240)
    assert png is not None and png.startswith(b"\x89PNG")
