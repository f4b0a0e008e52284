"""The offline presentation pack: one self-contained HTML file, every slide with its sources, the data's text
escaped, no low-confidence source, and the second language where one is asked for."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import TINY, dataset_from

from cooperation.dataset import Dataset, events_table
from cooperation.localize import localize_dataset, localize_events
from cooperation.pack import plotly_js, presentation_pack
from cooperation.story import story_slides

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


class Parts(HTMLParser):
    """The pack's elements as a browser reads them: sections, script elements, what loads from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict] = []
        self.scripts: list[str] = []
        self.remote: list[str] = []
        self.tags: list[str] = []
        self._in_script = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "section":
            self.sections.append(attributes)
        if tag == "script":
            self._in_script, self._text = True, []
        for name in ("src", "srcset"):
            if name in attributes:
                self.remote.append(attributes[name])
        if tag == "link" and attributes.get("href"):
            self.remote.append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
            self.scripts.append("".join(self._text))

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._text.append(data)


def parse(document: str) -> Parts:
    parts = Parts()
    parts.feed(document)
    return parts


def pack_of(dataset: Dataset, lang: str, second: str | None = None) -> str:
    events = localize_events(events_table(dataset), dataset, lang)
    localized = localize_dataset(dataset, lang)
    others = None
    if second:
        others = story_slides(localize_events(events_table(dataset), dataset, second), second)
    return presentation_pack(events, localized.frame("organisation"), localized.frame("place"), lang, others)


@pytest.fixture(scope="module")
def bundled_pack(bundled: Dataset) -> str:
    return pack_of(bundled, "zh", "sv")


def test_the_pack_is_one_file_that_loads_nothing_from_elsewhere(bundled_pack: str, bundled: Dataset) -> None:
    parts = parse(bundled_pack)
    assert parts.remote == []  # no src=, no stylesheet link: scripts and pictures are inside
    assert "iframe" not in parts.tags and "img" not in parts.tags
    assert plotly_js()[:2000] in parts.scripts[0]  # the plotly.js shipped with the plotly package, embedded
    slides = story_slides(events_table(bundled), "zh")
    assert [s["data-number"] for s in parts.sections] == [str(n) for n in range(1, len(slides) + 1)]
    figures = json.loads(parts.scripts[1])
    assert len(figures) == len(slides) and all(f["data"] and f["layout"] for f in figures)
    assert bundled_pack.count("<div class=\"map\"><svg") == len(slides)  # one map picture per slide


def test_every_slide_cites_its_sources_and_never_a_low_confidence_one(bundled_pack: str, bundled: Dataset) -> None:
    sections = bundled_pack.split("<section")[1:]
    assert all('<footer class="sources"><b>来源</b>：' in section for section in sections)
    assert "<i>未提供来源</i>" not in bundled_pack  # every bundled slide has a source
    hidden = [source for kind in ("agreement", "visit", "deal", "milestone")
              for value in bundled.frame(kind).get("low_confidence_source", pd.Series(dtype=str)).dropna()
              for source in str(value).split(" | ") if source.strip()]
    assert hidden, "the bundled data holds low-confidence sources"
    for source in hidden:
        assert source not in bundled_pack


def test_the_pack_speaks_both_languages_and_names_the_places(bundled_pack: str) -> None:
    assert "博伦厄与武汉续签友好城市协议" in bundled_pack  # the slide's language
    assert '<span class="second">Borlänge förnyar vänortsavtalet med Wuhan</span>' in bundled_pack  # the second
    assert '<p class="second">4 avtal, ett besök, en affär och 2 andra händelser' in bundled_pack
    assert ">博伦厄</tspan>" in bundled_pack and ">武汉</tspan>" in bundled_pack  # the map's names, in Chinese
    assert "2007年（仅知年份）" in bundled_pack  # the date as precise as it is known


def test_text_from_the_data_is_escaped_everywhere() -> None:
    texts = dict(TINY)
    texts["milestone"] = TINY["milestone"] + f'm9,2021-03-01,,"{HOSTILE}",other,Borlänge kommun,,' \
                                             f'"https://e.org/?q=</script>"\n'
    texts["place"] = TINY["place"] + '"Falun <b>x</b>",Dalarna,Sweden,60.6,15.6\n'
    texts["organisation"] = TINY["organisation"].replace("Extuna,dalarna,company,Falun,,",
                                                         "Extuna,dalarna,company,Falun <b>x</b>,,")
    document = pack_of(dataset_from(texts), "en")
    assert HOSTILE not in document and "alert(2)</script>" not in document
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)" in document
    assert "Falun &lt;b&gt;x&lt;/b&gt;" in document
    parts = parse(document)
    assert len(parts.scripts) == 3  # plotly.js, the figures, the player: nothing from the data became a script
    assert parts.remote == []
    figures = json.loads(parts.scripts[1])
    assert figures[-1]["data"]  # the hostile slide's timeline survived as data


def test_an_empty_store_gives_a_pack_that_says_so() -> None:
    document = presentation_pack(events_table(Dataset({})), pd.DataFrame(), pd.DataFrame(), "sv")
    assert "Inga poster" in document or "inga poster" in document
    assert "<section" not in document


def test_the_keys_of_a_clicker_and_a_keyboard_are_handled(bundled_pack: str) -> None:
    player = parse(bundled_pack).scripts[2]
    for key in ("ArrowRight", "ArrowLeft", "PageDown", "PageUp", "Home", "End"):
        assert re.search(rf"\b{key}\b", player), key


def test_json_and_code_inside_a_script_element_cannot_close_it() -> None:
    from cooperation.pack import _code_in_script, _json_in_script

    text = json.dumps({"title": "</script><script>alert(1)</SCRIPT><!--"})
    safe = _json_in_script(text)
    assert "<" not in safe and json.loads(safe) == json.loads(text)
    assert _code_in_script('let a = "</script>" + "</SCRIPT >";') == 'let a = "<\\/script>" + "<\\/SCRIPT >";'
