"""The offline presentation pack: the story as one self-contained HTML file, the fallback when the computer that
runs the dashboard fails at the venue.

Everything is inside the file: the slides' texts, each map as an inline SVG picture (cooperation.story_map), each
timeline as a plotly figure drawn by the plotly.js that the plotly package ships (embedded), and a few lines of
script that step through the slides with the keyboard (← →, Page Up/Down, Home, End) or the buttons. It makes no
request, so it plays from a USB stick with the network off. Every text from the data is escaped; the slides cite
their sources as the dashboard's do and never a low-confidence source.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly

from cooperation.i18n import join_names, labelled, t
from cooperation.story import Slide, display_width, event_dates, events_upto, list_layout, second_language, story_slides
from cooperation.story_chart import story_period, story_timeline
from cooperation.story_map import map_svg
from cooperation.style import KIND_COLOURS, KIND_GLYPHS, kind_label, side_label
from cooperation.tables import confidence_label

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundled with the plotly package (the version the dashboard's figures are made for)."""
    return PLOTLY_JS.read_text(encoding="utf-8")


def presentation_pack(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str,
                      second_slides: list[Slide] | None = None) -> str:
    """The story of `events` (names and titles in `lang`, as the dashboard shows them) as one HTML document
    that plays offline; with `second_slides` (the same story in a second language) every headline and event
    title in that language too, smaller."""
    slides = story_slides(events, lang)
    period = story_period(events) if len(events) else None
    sections, figures = [], []
    for index, slide in enumerate(slides):
        other = second_slides[index] if second_slides else None
        headline, titles = second_language(slide, other) if other is not None else ("", {})
        upto = events_upto(events, slide)
        sections.append(_slide_html(slide, len(slides), headline, titles, map_svg(upto, slide.events, organisations,
                                                                                   places), lang))
        figures.append(story_timeline(upto, slide.ids, lang, period, None, slide.end).to_plotly_json())
    figures_json = _json_in_script(json.dumps(figures, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False))
    texts = {key: html.escape(t(f"story.{key}", lang)) for key in ("previous", "next", "pack_keys")}
    title = html.escape(t("story.title", lang))
    empty = "" if slides else f"<p class='empty'>{html.escape(t('data.empty', lang))}</p>"
    return f"""<!doctype html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{PACK_CSS}</style>
<script>{_code_in_script(plotly_js())}</script>
</head>
<body>
<nav class="bar">
<button id="previous" type="button">← {texts['previous']}</button>
<button id="next" type="button">{texts['next']} →</button>
<span id="number" aria-live="polite"></span>
<span class="keys">{texts['pack_keys']}</span>
</nav>
<main>{empty}{''.join(sections)}</main>
<script type="application/json" id="figures">{figures_json}</script>
<script>{PLAYER_JS}</script>
</body>
</html>
"""


def _slide_html(slide: Slide, total: int, headline: str, titles: dict[str, str], svg: str, lang: str) -> str:
    """One slide: date and summary, title (and the second language's headline), the events, map, timeline, sources."""
    e = html.escape
    second = f'<p class="second">{e(headline)}</p>' if headline else ""
    long_title = " long" if display_width(slide.title) > 70 else ""
    room = list_layout(slide, lang, titles)
    sources = labelled(f"<b>{e(t('data.sources', lang))}</b>", _sources_html(slide.sources, lang), lang)
    return f"""<section class="slide" data-number="{slide.number}" aria-label="{slide.number} / {total}" hidden>
<header><p class="kicker">{e(slide.date_label)} · {e(slide.summary)}</p>
<h1 class="title{long_title}">{e(slide.title)}</h1>{second}</header>
<div class="body">
<div class="events {room}"><ul>{_events_html(slide, titles, lang)}</ul>{_note_html(slide.events, lang)}</div>
<div class="charts"><div class="map">{svg}</div><div class="timeline"></div></div>
</div>
<footer class="sources">{sources}</footer>
</section>"""


def _events_html(slide: Slide, titles: dict[str, str], lang: str) -> str:
    """The moment's events as list items, as on the slide: number, kind's mark, date, title, second language."""
    e, events = html.escape, slide.events
    items = []
    for number, (event, date) in enumerate(zip(events.itertuples(), event_dates(slide, lang), strict=True), start=1):
        mark = f'<span class="mark" style="color:{KIND_COLOURS.get(event.kind, "#000")}">' \
               f'{KIND_GLYPHS.get(event.kind, "")}</span>'
        if len(events) == 1:
            text = f"{mark} <b>{e(kind_label(event.kind, lang))}</b> · {e(event.title)}"
            parties = [labelled(side_label(side, lang), join_names(names, lang), lang)
                       for side, names in (("dalarna", event.dalarna_parties), ("hubei", event.hubei_parties)) if names]
        else:
            dated = f"{e(date)} · " if date else ""
            text = f"<b>{number}</b> {mark} {dated}{e(event.title)}"
            parties = []
        if str(event.id) in titles:
            text += f'<br><span class="second">{e(titles[str(event.id)])}</span>'
        text += "".join(f"<br>{e(line)}" for line in parties)
        items.append(f"<li>{text}</li>")
    return "".join(items)


def _note_html(events: pd.DataFrame, lang: str) -> str:
    uncertain = events[events["confidence"].isin(["medium", "low"])]
    if uncertain.empty:
        return ""
    if len(events) == 1:
        text = t("story.uncertain_one", lang, level=confidence_label(uncertain["confidence"].iloc[0], lang))
    else:
        text = t("story.uncertain", lang, count=len(uncertain), total=len(events))
    return f'<p class="note">{html.escape(text)}</p>'


def _sources_html(sources: tuple[str, ...], lang: str) -> str:
    """Web addresses as links named by their host, other sources as written; all escaped."""
    if not sources:
        return f"<i>{html.escape(t('data.no_source', lang))}</i>"
    shown = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            host = source.split("/")[2].removeprefix("www.")
            shown.append(f'<a href="{html.escape(source, quote=True)}">{html.escape(host)}</a>')
        else:
            shown.append(html.escape(source))
    return " · ".join(shown)


def _json_in_script(text: str) -> str:
    """JSON that cannot end the <script> element it sits in: every '<' written as its JSON escape."""
    return text.replace("<", "\\u003c")


def _code_in_script(code: str) -> str:
    """Script code that cannot end its <script> element ('</script' only occurs inside its strings)."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


PACK_CSS = """
* {box-sizing: border-box;}
html, body {margin: 0; height: 100%; background: #fff; color: #000;
  font-family: 'Source Sans Pro', 'Noto Sans', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif;}
body {display: flex; flex-direction: column; padding: 0.8vw 1.4vw;}
.bar {display: flex; align-items: center; gap: 1vw; font-size: max(20px, 1.1vw);}
.bar button {font: inherit; font-weight: 600; padding: 0.3em 0.9em; border: 2px solid #0e1117; border-radius: 0.4em;
  background: #fff; color: #000; cursor: pointer;}
.bar #next {background: #0e1117; color: #fff;}
.bar button:disabled {background: #e8e8e8; color: #4a4a4a; border-color: #9a9a9a; cursor: default;}
.bar #next:disabled {background: #e8e8e8; color: #4a4a4a;}
#number {font-weight: 700; font-size: max(24px, 1.35vw); font-variant-numeric: tabular-nums;}
.keys {margin-left: auto; color: #333;}
main {flex: 1 1 0; min-height: 0; display: flex;}
.slide {flex: 1 1 0; min-height: 0; display: flex; flex-direction: column; gap: 0.7vw; padding-top: 0.7vw;}
.slide[hidden] {display: none;}
.slide header p, .slide header h1 {margin: 0;}
.kicker {font-size: max(24px, 1.45vw); font-weight: 600; color: #004a75;}
h1.title {font-size: max(34px, 2.5vw); line-height: 1.15;}
h1.title.long {font-size: max(30px, 2.05vw);}
header .second {font-size: max(24px, 1.55vw); font-weight: 600; color: #333;}
.body {flex: 1 1 0; min-height: 0; display: flex; gap: 1.2vw;}
.events {flex: 11 1 0; overflow: hidden;}
.events.brief {flex: 8 1 0;}
.events.brief + .charts {flex: 15 1 0;}
.events.long, .events.dense {flex: 14 1 0;}
.events.long + .charts, .events.dense + .charts {flex: 10 1 0;}
.events.dense li {font-size: max(24px, 1.35vw);}
.events.dense .second {font-size: max(20px, 1.1vw);}
@media (max-width: 1500px) {
  .events.dense {flex: 1 1 0;}
  .events.dense + .charts {display: none;}
  .events.dense ul {column-count: 2; column-gap: 2vw;}
  .events.dense li {break-inside: avoid;}
}
.events ul {list-style: none; margin: 0; padding: 0;}
.events li {font-size: max(24px, 1.5vw); line-height: 1.3; margin: 0 0 0.3em 0; padding-left: 1.4em;
  text-indent: -1.4em;}
.events .second {font-size: max(20px, 1.2vw); color: #333;}
.note {font-size: max(20px, 1.1vw); font-style: italic; color: #333;}
.charts {flex: 12 1 0; min-height: 0; display: flex; flex-direction: column; gap: 0.5vw;}
.map, .timeline {flex: 1 1 0; min-height: 0;}
.map {overflow: hidden;}
.map svg {width: 100%; height: 100%; display: block; overflow: visible;}
.sources {font-size: max(20px, 1.1vw);}
.sources a {color: #004a75;}
.empty {font-size: 24px;}
"""

PLAYER_JS = """
(() => {
  const slides = [...document.querySelectorAll('.slide')];
  const figures = JSON.parse(document.getElementById('figures').textContent);
  const previous = document.getElementById('previous'), next = document.getElementById('next');
  const number = document.getElementById('number');
  let current = -1;
  function show(index) {
    if (!slides.length) { previous.disabled = next.disabled = true; return; }
    index = Math.max(0, Math.min(slides.length - 1, index));
    if (index === current) return;
    current = index;
    slides.forEach((slide, i) => { slide.hidden = i !== current; });
    const chart = slides[current].querySelector('.timeline');
    const figure = figures[current];
    Plotly.react(chart, figure.data, figure.layout, {displayModeBar: false, responsive: true, staticPlot: true});
    number.textContent = (current + 1) + ' / ' + slides.length;
    previous.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    try { history.replaceState(null, '', '#' + (current + 1)); } catch (error) { /* some file:// pages refuse */ }
  }
  const keys = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1};
  document.addEventListener('keydown', event => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key in keys) show(current + keys[event.key]);
    else if (event.key === 'Home') show(0);
    else if (event.key === 'End') show(slides.length - 1);
    else return;
    event.preventDefault();
  });
  previous.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => show(current + 1));
  show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
"""


__all__ = ["PLOTLY_JS", "plotly_js", "presentation_pack"]
