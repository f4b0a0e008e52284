"""What the first screens tell is true: the numbers agree with the state banner, the subtitle gives the years of
the data, the party search finds what any language shows, and a low-confidence mirror is never cited to an
audience (overview, every story slide, the briefing) though the Data page keeps it."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from screen_words import screen_texts
from streamlit.testing.v1 import AppTest
from test_app import DASHBOARD, TOTAL

from app.sidebar import widget_key
from cooperation.briefing import briefing_html
from cooperation.dataset import BUNDLED_DATA_DIR, events_table, load_directory, split_sources
from cooperation.filters import default_filters
from cooperation.metrics import agreements_in_force

MIRROR_HOST = "feu-artifice.eu"  # an unofficial copy of an official travel report (shared/data/facts/README.md)


def run(query: dict[str, str], page: str | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def showing(at: AppTest) -> int:
    caption = next(c.value for c in at.sidebar.caption if c.value.startswith("Showing"))
    return int(re.search(r"Showing (\d+)", caption).group(1))


@pytest.fixture(scope="module")
def bundled() -> tuple[object, pd.DataFrame]:
    dataset = load_directory(BUNDLED_DATA_DIR)
    return dataset, events_table(dataset)


def low_confidence_sources(dataset) -> set[str]:
    found = {MIRROR_HOST}
    for kind in ("agreement", "visit", "deal", "milestone"):
        frame = dataset.frame(kind)
        if "low_confidence_source" in frame:
            found |= {s for value in frame["low_confidence_source"] for s in split_sources(value)}
    return found


def test_in_force_agrees_with_the_state_banner(bundled) -> None:
    _, events = bundled
    at = run({"lang": "en"})
    banner = " ".join(i.value for i in at.info)
    assert "wound down" in banner and "19 February 2020" in banner
    metrics = {m.label: m.value for m in at.metric}
    end_of_period = pd.Timestamp(f"{default_filters(events, 2026).year_to}-12-31")
    recorded_in_force = agreements_in_force(events, end_of_period)
    assert (recorded_in_force["span_end"] >= end_of_period).all()  # only what a recorded end says
    assert metrics["In force"] == str(len(recorded_in_force)) == "0"
    captions = " ".join(c.value for c in at.caption)
    no_end = re.search(r"(\d+) with no end recorded", captions)
    assert no_end and f"record no end for {no_end.group(1)} agreements" in banner


def test_in_force_before_the_end_counts_agreements_without_an_end() -> None:
    at = run({"lang": "en", "to": "2015"})
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["In force"]) >= 6  # the sister regions, the 2007 and 2013 twin-city accords, the 2013 four
    assert "no end recorded" not in " ".join(c.value for c in at.caption)


def test_subtitle_gives_the_years_of_the_data() -> None:
    subtitle = run({"lang": "en"}).caption[0].value
    assert "2007–2020" in subtitle and "2000" not in subtitle and "did together" in subtitle


@pytest.mark.parametrize(("lang", "needle"), [("zh", "武汉"), ("zh", "湖北"), ("zh", "博伦厄"), ("en", "borlange"),
                                              ("sv", "BORLANGE"), ("en", "Wuhan")])
def test_party_search_finds_what_any_language_shows(lang: str, needle: str) -> None:
    at = run({"lang": lang})
    at.text_input(key=widget_key("party", lang)).set_value(needle).run()
    prefix = {"zh": r"显示 \d+ 条记录中的 (\d+) 条", "sv": r"Visar (\d+) av", "en": r"Showing (\d+) of"}[lang]
    caption = next(c.value for c in at.sidebar.caption if re.search(prefix, c.value))
    assert int(re.search(prefix, caption).group(1)) > 0, (lang, needle)


def test_borlange_without_accent_finds_as_many_as_with_it() -> None:
    plain = run({"lang": "en", "party": "borlange"})
    accented = run({"lang": "en", "party": "Borlänge"})
    assert 0 < showing(plain) == showing(accented) < TOTAL


def test_data_page_search_ignores_accents_and_language() -> None:
    at = run({"lang": "zh"}, "views/data.py")
    at.text_input(key="data_search").set_value("borlange").run()
    assert len(at.tabs[0].dataframe[0].value) > 0
    at.text_input(key="data_search").set_value("武汉").run()
    assert len(at.tabs[0].dataframe[0].value) > 0


def test_a_low_confidence_mirror_is_never_cited_to_an_audience(bundled) -> None:
    dataset, events = bundled
    hidden = low_confidence_sources(dataset)
    overview = run({"lang": "en"})
    story = run({"lang": "en", "present": "1"})
    shown = [m.value for m in overview.markdown]
    while True:
        shown += [m.value for m in story.markdown]
        if story.button(key="story_next").disabled:
            break
        story.button(key="story_next").click().run()
    page = briefing_html(dataset, events, events, default_filters(events, 2026), "en", images=None)
    for text in [*shown, page]:
        for source in hidden:
            assert source not in text and MIRROR_HOST not in text
    data_page = run({"lang": "en"}, "views/data.py")  # kept in the data, where an analyst looks
    assert any(MIRROR_HOST in str(v) for tab in data_page.tabs for frame in tab.dataframe
               for v in frame.value.to_numpy().ravel())


def test_screen_texts_sees_the_tables(bundled) -> None:
    texts = screen_texts(run({"lang": "en"}, "views/data.py"), "en")
    assert "Party in Dalarna" in texts and "twin-city agreement" in texts
