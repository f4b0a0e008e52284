"""The story page through Streamlit's AppTest: inside the app and as a presentation (?present=1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.context import DATA_DIR_ENV

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
STORY = "views/story.py"
NUMBER = re.compile(r"^(\d+) / (\d+)$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def run_story(query: dict[str, str] | None = None) -> AppTest:
    """The story page, in English unless the query says otherwise; ?present=1 opens it alone."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    query = {"lang": "en", **(query or {})}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if query.get("present") != "1":
        at.switch_page(STORY).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def slide_number(at: AppTest) -> tuple[int, int]:
    found = [NUMBER.match(m.value) for m in at.markdown if NUMBER.match(m.value)]
    assert len(found) == 1, [m.value for m in at.markdown]
    return int(found[0].group(1)), int(found[0].group(2))


def kicker(at: AppTest) -> str:
    return next(m.value for m in at.markdown if " · " in m.value and not m.value.startswith("-"))


def test_the_story_page_renders_inside_the_app() -> None:
    at = run_story()
    assert at.title[0].value == "The partnership, moment by moment"
    number, total = slide_number(at)
    assert number == 1 and total >= 8
    assert at.title[1].value  # the headline
    assert len(at.get("deck_gl_json_chart")) == 1 and len(at.get("plotly_chart")) == 1
    assert any(m.value.startswith("**Sources**:") for m in at.markdown)
    link = at.get("link_button")[0].proto
    assert link.label == "Open presentation" and link.url.startswith("./?present=1&lang=en")
    assert len(at.sidebar.slider) == 1  # the app's filters are there


def test_next_and_previous_change_the_slide() -> None:
    at = run_story()
    assert at.button(key="story_prev").disabled
    first = at.title[1].value
    at.button(key="story_next").click().run()
    assert slide_number(at)[0] == 2 and at.title[1].value != first
    at.button(key="story_next").click().run()
    assert slide_number(at)[0] == 3
    at.button(key="story_prev").click().run()
    assert slide_number(at)[0] == 2
    _, total = slide_number(at)
    for _ in range(total):
        if not at.button(key="story_next").disabled:
            at.button(key="story_next").click().run()
    assert slide_number(at) == (total, total) and at.button(key="story_next").disabled
    assert not at.exception


def test_the_presentation_hides_the_chrome_and_keeps_the_slide_in_the_url() -> None:
    at = run_story({"present": "1"})
    assert len(at.sidebar.slider) == 0
    (notes,) = at.get("link_button")  # the only link: the presenter's notes of this presentation
    deck = at.query_params["deck"]
    assert notes.proto.url.startswith("./?") and {"present=1", "notes=1", f"deck={deck}", "lang=en"} <= set(
        notes.proto.url[3:].split("&"))
    css = at.markdown[0].value
    assert all(part in css for part in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]',
                                        '[data-testid="stToolbar"]', "display: none"))
    assert slide_number(at)[0] == 1 and at.query_params["slide"] == "1"
    at.button(key="story_next").click().run()
    assert slide_number(at)[0] == 2 and at.query_params["slide"] == "2"
    assert at.toggle(key="story_play").value is False


def test_the_presentation_opens_at_the_slide_in_the_url_in_the_language_of_the_url() -> None:
    at = run_story({"present": "1", "lang": "zh", "slide": "4"})
    assert slide_number(at)[0] == 4
    assert CJK.search(kicker(at)) and "2013年6月" in kicker(at)
    at = run_story({"present": "1", "lang": "sv", "slide": "99"})
    number, total = slide_number(at)
    assert number == total
    assert "2020" in kicker(at) and "februari" in kicker(at)


def test_the_language_can_change_during_the_presentation() -> None:
    at = run_story({"present": "1", "lang": "zh"})
    at.button(key="story_next").click().run()
    at.segmented_control(key="story_language").set_value("sv").run()
    assert not at.exception
    assert slide_number(at)[0] == 2 and "september 2011" in kicker(at)
    assert at.query_params["lang"] == "sv"


def test_exit_goes_back_to_the_app() -> None:
    at = run_story({"present": "1"})
    at.button(key="story_next").click().run()
    at.button(key="story_exit").click().run()
    assert not at.exception
    assert "present" not in at.query_params and "slide" not in at.query_params
    assert len(at.sidebar.slider) == 1
    assert slide_number(at)[0] == 2


def test_the_story_follows_the_filters() -> None:
    at = run_story({"present": "1", "from": "2019"})
    assert slide_number(at) == (1, 2)
    assert "16 October 2019" in kicker(at)


def test_playing_does_not_break_the_page() -> None:
    at = run_story({"present": "1"})
    at.toggle(key="story_play").set_value(True).run()
    assert not at.exception and slide_number(at)[0] == 1  # the timer, not the switch, moves on


@pytest.mark.parametrize("present", ["0", "1"])
def test_an_empty_store_says_so(present: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = run_story({"present": present})
    assert any("No records are stored yet" in i.value for i in at.info)
    assert len(at.get("deck_gl_json_chart")) == 0 and not at.exception


def events_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("- "))


def test_the_story_page_offers_a_second_language_and_the_offline_pack() -> None:
    at = run_story()
    assert at.get("download_button")[0].proto.label == "Offline presentation (HTML)"
    at.selectbox(key="story_second_language").set_value("zh").run()
    link = at.get("link_button")[0].proto
    assert link.url.startswith("./?present=1&lang=en&second=zh")
    assert any(CJK.search(m.value) for m in at.markdown if m.value.startswith("- "))  # the page shows it too


@pytest.mark.parametrize(("lang", "second", "headline_word", "title"), [
    ("zh", "sv", "4 avtal", "Borlänge förnyar vänortsavtalet med Wuhan"),
    ("sv", "zh", "4项协议", "博伦厄与武汉续签友好城市协议"),
    ("en", "sv", "4 avtal", "Borlänge förnyar vänortsavtalet med Wuhan"),
])
def test_bilingual_slides_show_headline_and_titles_in_both_languages(lang: str, second: str, headline_word: str,
                                                                      title: str) -> None:
    at = run_story({"present": "1", "lang": lang, "second": second, "slide": "4"})
    second_line = [m.value for m in at.markdown if headline_word in m.value and not m.value.startswith("- ")]
    assert len(second_line) == 1
    listed = events_text(at)
    assert title in listed and listed.count("  \n*") >= 6  # each event's title in the second language, below


@pytest.mark.parametrize("second", ["en", "xx"])
def test_a_second_language_that_is_the_first_or_unknown_adds_nothing(second: str) -> None:
    at = run_story({"present": "1", "lang": "en", "second": second, "slide": "4"})
    assert "  \n*" not in events_text(at)
    assert not any("4 avtal" in m.value or "4项协议" in m.value for m in at.markdown)


def test_the_notes_window_shows_sources_records_and_the_next_slide() -> None:
    at = run_story({"present": "1", "notes": "1", "deck": "notes-test", "slide": "4"})
    assert at.title[0].value == "Presenter notes"
    assert len(at.get("deck_gl_json_chart")) == 0 and len(at.get("plotly_chart")) == 0
    texts = [m.value for m in at.markdown]
    assert any("June 2013" in t and "**4 agreements" in t for t in texts)  # on the screen now
    assert any("6 May 2014" in t and "Wuhan" in t for t in texts)  # the next slide's headline
    assert any(t.startswith("**Sources**:") and "regiondalarna.se" in t for t in texts)
    records = [t for t in texts if t.startswith("- **")]
    assert len(records) == 8
    assert any("2013 \\(year only\\)" in r for r in records) and all("Confidence: " in r for r in records)
    assert all("Source: " in r for r in records)


def test_the_last_slide_says_there_is_no_next() -> None:
    at = run_story({"present": "1", "notes": "1", "deck": "notes-last", "slide": "99"})
    assert any(m.value == "This is the last slide." for m in at.markdown)


def test_projector_and_notes_follow_each_other() -> None:
    projector = run_story({"present": "1", "deck": "follow-test"})
    notes = run_story({"present": "1", "notes": "1", "deck": "follow-test"})
    assert slide_number(notes)[0] == 1
    projector.button(key="story_next").click().run()
    assert slide_number(projector)[0] == 2
    notes.run()  # what its polling fragment does once a second: sees the move, reruns
    assert slide_number(notes)[0] == 2 and notes.query_params["slide"] == "2"
    notes.button(key="story_next").click().run()
    notes.button(key="story_next").click().run()
    projector.run()
    assert slide_number(projector)[0] == 4 and slide_number(notes)[0] == 4
    other = run_story({"present": "1", "deck": "another-presentation"})
    assert slide_number(other)[0] == 1  # another presentation keeps its own slide


@pytest.mark.parametrize(("lang", "said"), [("en", "… and 5 more records of this moment"),
                                            ("sv", "… och 5 poster till i det här skedet"),
                                            ("zh", "本阶段另有 5 条记录")])
def test_a_moment_of_many_events_lists_the_first_and_says_so(monkeypatch: pytest.MonkeyPatch, lang: str,
                                                              said: str) -> None:
    """A moment of thousands of events (10^5 synthetic ones: up to 2,350) lists its first LISTED_EVENTS and says how
    many more there are; the bundled June 2013 week (8 events, slide 4) stands in with a limit of 3."""
    import cooperation.story

    monkeypatch.setattr(cooperation.story, "LISTED_EVENTS", 3)
    at = run_story({"lang": lang})
    at.session_state["story_slide"] = 4
    at.run()
    events = next(m.value for m in at.markdown if m.value.startswith("- **1**"))
    assert events.count("\n- ") == 2  # three events listed
    assert any(said in c.value for c in at.caption), [c.value for c in at.caption]
    at.session_state["story_slide"] = 1  # a moment of one event: nothing left out, nothing said
    at.run()
    assert not any(said in c.value for c in at.caption)
