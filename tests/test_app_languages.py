"""Every page in Swedish (the default), English and Chinese: texts, numbers and data in that language."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest
from test_app import DASHBOARD, PAGES

from app.pages import page

CJK = re.compile(r"[\u4e00-\u9fff]")
SHOWING = {"sv": "Visar 26 av 26 poster.", "en": "Showing 26 of 26 records.", "zh": "显示 26 条记录中的 26 条。"}


def run(page: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["sv", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_each_language(page: str, lang: str) -> None:
    at = run(page, {"lang": lang})
    assert SHOWING[lang] in [c.value for c in at.sidebar.caption]
    if lang == "zh":
        assert CJK.search(at.title[0].value)
    assert at.query_params.get("lang") == (None if lang == "sv" else lang)  # Swedish is the default


def test_swedish_is_the_default_and_stays_out_of_the_url() -> None:
    at = run(PAGES[0], {})
    assert at.title[0].value == "Samarbetet Dalarna–Hubei"
    assert "lang" not in at.query_params


@pytest.mark.parametrize(("lang", "sourced", "ended"), [
    ("sv", "100\u00a0%", "16 oktober 2019"), ("en", "100%", "16 October 2019"), ("zh", "100%", "2019年10月16日")])
def test_overview_numbers_and_dates_follow_the_language(lang: str, sourced: str, ended: str) -> None:
    at = run(PAGES[0], {"lang": lang})
    assert sourced in [m.value for m in at.metric]
    assert any(ended in i.value for i in at.info)


def test_data_in_chinese_where_the_data_has_it() -> None:
    at = run(page("network").script, {"lang": "zh"})  # the network: organisation names
    centrality = at.dataframe[0].value if len(at.dataframe) == 1 else at.dataframe[-1].value
    names = " ".join(centrality.iloc[:, 0])
    assert "武汉市人民政府" in names and "博伦厄市" in names  # Chinese where known (names-zh.csv, official names)
    assert "Borlänge kommun" not in names and "Dellner Couplers AB" in names  # else as written
    at = run(page("timeline").script, {"lang": "zh"})
    hover = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert any("博伦厄与武汉结为友好城市" in text for trace in hover for text in trace.get("hovertext") or [])


def test_switching_language_keeps_the_filters() -> None:
    at = run(page("timeline").script, {"lang": "en", "party": "Dellner"})
    at.session_state["language"] = "zh"  # what clicking 中文 in the sidebar's language picker sets
    at.run()
    assert at.query_params["lang"] == "zh" and at.query_params["party"] == "Dellner"
    assert "显示 26 条记录中的 2 条。" in [c.value for c in at.sidebar.caption]
