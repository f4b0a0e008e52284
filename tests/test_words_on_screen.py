"""Every page read in Chinese and Swedish (and English, for codes): no schema code, no name that has an established
Chinese rendering left in Latin script, no English word of the UI left untranslated (tests/screen_words.py)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest
from screen_words import clean, foreign_words, latin_names_with_chinese_renderings, screen_texts
from streamlit.testing.v1 import AppTest
from test_app import DASHBOARD

from app.pages import PAGES as ALL_PAGES
from cooperation.briefing import briefing_html
from cooperation.dataset import BUNDLED_DATA_DIR, events_table, load_directory
from cooperation.filters import default_filters
from cooperation.i18n import t
from cooperation.lives import agreement_lives
from cooperation.localize import localize_dataset, localize_events

PAGES = [spec.script for spec in ALL_PAGES]
LANGS = ["zh", "sv", "en"]


def run(page: str, lang: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in {"lang": lang, **(query or {})}.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0] and (query or {}).get("present") != "1":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_names_file_is_found() -> None:
    assert "Borlänge" in latin_names_with_chinese_renderings()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_speaks_the_language(page: str, lang: str) -> None:
    at = run(page, lang)
    texts = screen_texts(at, lang)
    if page == "views/network.py":  # a clicked organisation lists its records too
        first_node = at.dataframe[-1].value.iloc[0, 0]
        at.session_state["network_chart"] = {"selection": {"points": [{"customdata": first_node}]}}
        at.run()
        texts += screen_texts(at, lang)
    assert len(texts) > 10
    assert foreign_words(texts, lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_story_slide_speaks_the_language(lang: str) -> None:
    at = run("views/story.py", lang, {"present": "1"})
    texts = screen_texts(at, lang)
    while not at.button(key="story_next").disabled:
        at.button(key="story_next").click().run()
        texts += screen_texts(at, lang)
    assert foreign_words(texts, lang) == []


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data)


@pytest.mark.parametrize("lang", LANGS)
def test_the_briefing_speaks_the_language(lang: str) -> None:
    dataset = load_directory(BUNDLED_DATA_DIR)
    events = events_table(dataset)
    localized = localize_events(events, dataset, lang)
    lives = agreement_lives(events, dataset, pd.Timestamp("2020-12-31"))
    page = briefing_html(localize_dataset(dataset, lang), localized, localized, default_filters(events, 2026), lang,
                         images=None, lives=lives)
    assert t("lives.title", lang) in page
    parser = _Text()
    parser.feed(page)
    sources_from = next(i for i, text in enumerate(parser.parts) if text.startswith(("http", "Pressmeddelande")))
    texts = [clean(text) for text in parser.parts[:sources_from]]  # the numbered sources are cited as written
    assert foreign_words(texts, lang) == []
