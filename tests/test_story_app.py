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
    assert len(at.sidebar.slider) == 0 and len(at.get("link_button")) == 0
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
