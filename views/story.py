"""Story mode: one slide per moment of the partnership, for a projector (?present=1) or inside the app.

The slides come from cooperation.story (built from the records); this page only keeps the slide number,
draws the slide and advances it while playing.
"""

import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app.context import current_view
from app.sidebar import LANGUAGE_KEY
from app.widgets import PLOTLY_CONFIG, stop_if_empty
from cooperation.i18n import LANGUAGES, fmt_date, join_names, labelled, t
from cooperation.markdown import md_text, sources_markdown
from cooperation.story import (
    ADVANCE_SECONDS,
    events_upto,
    story_deck,
    story_period,
    story_slides,
    story_timeline,
)
from cooperation.style import kind_label, side_label
from cooperation.tables import confidence_label

SLIDE_KEY = "story_slide"
PLAY_KEY = "story_play"
FULL_RUN_KEY = "_story_full_run"
STORY_LANGUAGE_KEY = "story_language"  # not the sidebar's key: two widgets must not share one
LONG_TITLE = 70  # half-ems: a longer title is set smaller, so that it stays within two lines at 1280×720
CHART_HEIGHT = 360  # px; when presenting, the CSS below fits the map to the screen and the timeline follows

# Static CSS only: no text from the data ever goes into it.
SLIDE_CSS = """
<style>
.st-key-story_head h1 {font-size: clamp(1.7rem, 2.7vw, 3.4rem); line-height: 1.15; color: #000; font-weight: 700;
  padding: 0; margin: 0;}
.st-key-story_title_long h1 {font-size: clamp(1.4rem, 2.05vw, 2.6rem);}
.st-key-story_head p {font-size: clamp(1.1rem, 1.45vw, 1.9rem); color: #111; margin: 0;}
.st-key-story_kicker p {font-weight: 600; color: #004a75;}
.st-key-story_bar p {font-size: clamp(1rem, 1.3vw, 1.6rem); color: #000;}
.st-key-story_bar [data-testid="stBaseButton-primary"] p {color: #fff;}
.st-key-story_bar button p {font-weight: 600;}
.st-key-story_number p {font-size: clamp(1.2rem, 1.6vw, 2rem); font-weight: 700; font-variant-numeric: tabular-nums;}
.st-key-story_events li, .st-key-story_events p {font-size: clamp(0.95rem, 1.05vw, 1.35rem); color: #000;
  line-height: 1.3; margin: 0 0 0.25rem 0;}
.st-key-story_sources p {font-size: clamp(0.9rem, 1vw, 1.25rem); color: #111;}
.st-key-story_sources a {color: #004a75; text-decoration: underline;}
.st-key-story_keys {display: none;}
[class*="st-key-story_"] [data-testid="stMarkdownContainer"] {margin-bottom: 0 !important;}
[class*="st-key-story_"] [data-testid="stMarkdownContainer"] p {margin-bottom: 0;}
.st-key-story_events ul {margin: 0; padding-left: 0; list-style: none;}
.st-key-story_events li {padding-left: 1.3em; text-indent: -1.3em;}
.st-key-story_events em {color: #333;}
</style>
"""

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], footer {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 0.9rem 1.6rem 0.5rem 1.6rem !important; max-width: 100% !important;}
[data-testid="stAppViewContainer"], [data-testid="stMain"] {background: #fff;}
/* map and timeline take what the screen leaves: about 26rem at 1280x720, capped near two thirds of 1080 */
.st-key-story_map [data-testid="stElementContainer"], .st-key-story_map [data-testid="stFullScreenFrame"],
.st-key-story_map [data-testid="stDeckGlJsonChart"], .st-key-story_timeline [data-testid="stElementContainer"],
.st-key-story_timeline [data-testid="stFullScreenFrame"], .st-key-story_timeline [data-testid="stPlotlyChart"]
{height: clamp(15rem, min(100vh - 18rem, 62vh), 60rem) !important;}
.st-key-story_events {max-height: clamp(15rem, min(100vh - 18rem, 62vh), 60rem); overflow-y: auto;}
</style>
"""


def _go(step: int, total: int) -> None:
    st.session_state[SLIDE_KEY] = min(max(st.session_state.get(SLIDE_KEY, 1) + step, 1), total)


def _presenter_controls(lang: str) -> None:
    """The language of the slides and the way back to the app: all a presenter needs without the sidebar."""
    st.session_state[STORY_LANGUAGE_KEY] = lang
    st.segmented_control(t("story.language", lang), list(LANGUAGES), format_func=LANGUAGES.__getitem__,
                         key=STORY_LANGUAGE_KEY, selection_mode="single", required=True, label_visibility="collapsed",
                         on_change=_pick_language)
    if st.button(t("story.exit", lang), key="story_exit", icon=":material/close:", type="tertiary"):
        for name in ("present", "slide"):  # back to the story inside the app: same session, language, filters
            st.query_params.pop(name, None)
        st.switch_page(Path(__file__).resolve())
    if st.query_params.get("lang") != lang:  # the language picked here survives a reload
        st.query_params["lang"] = lang


def _pick_language() -> None:
    """The language picked on the slide becomes the app's language (the frame reads it before this page)."""
    st.session_state[LANGUAGE_KEY] = st.session_state[STORY_LANGUAGE_KEY]


def _slide_from_url(total: int) -> int:
    try:
        return min(max(int(st.query_params.get("slide", "1")), 1), total)
    except ValueError:
        return 1


def _presentation_url(lang: str) -> str:
    """This view as a presentation: the same filters (they are in the URL), the language, ?present=1."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in ("present", "slide", "lang")}
    return "./?" + urlencode({"present": "1", "lang": lang, **params})


def _ticker(total: int) -> None:
    """Runs every ADVANCE_SECONDS while playing: the next slide, then a full rerun to draw it."""
    if st.session_state.pop(FULL_RUN_KEY, False):
        return  # called by the page's own run, not by the timer
    if st.session_state.get(PLAY_KEY) and st.session_state.get(SLIDE_KEY, 1) < total:
        _go(1, total)
        st.rerun()


def _display_width(text: str) -> int:
    """Width of `text` in half-em units: Chinese characters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


KIND_MARKS = {"agreement": ":blue[◆]", "visit": ":orange[●]", "deal": ":green[■]", "milestone": ":violet[▲]"}


def _events_markdown(events: pd.DataFrame, lang: str) -> str:
    """The moment's events as a list: the kind's mark (as on the timeline), date and title; for a single
    event its parties too; a last line when some rest on a medium- or low-confidence source."""
    items = []
    for e in events.itertuples():
        item = f"- {KIND_MARKS.get(e.kind, '')} {md_text(fmt_date(e.date, e.precision, lang))} · {md_text(e.title)}"
        if len(events) == 1:
            item = f"- {KIND_MARKS.get(e.kind, '')} **{md_text(kind_label(e.kind, lang))}** · {md_text(e.title)}"
            for side, parties in (("dalarna", e.dalarna_parties), ("hubei", e.hubei_parties)):
                if parties:
                    item += f"  \n{md_text(labelled(side_label(side, lang), join_names(parties, lang), lang))}"
        items.append(item)
    uncertain = events[events["confidence"].isin(["medium", "low"])]
    if len(events) == 1 and len(uncertain):
        level = confidence_label(uncertain["confidence"].iloc[0], lang)
        items.append(f"\n*{md_text(t('story.uncertain_one', lang, level=level))}*")
    elif len(uncertain):
        items.append(f"\n*{md_text(t('story.uncertain', lang, count=len(uncertain), total=len(events)))}*")
    return "\n".join(items)


view = current_view()
lang = view.lang
presenting = st.query_params.get("present") == "1"
st.markdown(SLIDE_CSS + (PRESENT_CSS if presenting else ""), unsafe_allow_html=True)
if not presenting:
    st.title(t("story.title", lang))
    st.caption(t("story.caption", lang))
    st.link_button(t("story.open", lang), _presentation_url(lang), icon=":material/slideshow:", type="primary",
                   key="story_open")

events = view.shown  # the story follows the filters, like every view; by default they hold everything
slides = [] if events.empty else story_slides(events, lang)
if not stop_if_empty(view) and slides:
    total = len(slides)
    if SLIDE_KEY not in st.session_state:
        st.session_state[SLIDE_KEY] = _slide_from_url(total)
    number = min(max(int(st.session_state[SLIDE_KEY]), 1), total)
    st.session_state[SLIDE_KEY] = number
    if presenting and st.query_params.get("slide") != str(number):
        st.query_params["slide"] = str(number)
    slide = slides[number - 1]

    with st.container(key="story_bar", horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(t("story.previous", lang), key="story_prev", icon=":material/arrow_back:", on_click=_go,
                  args=(-1, total), disabled=number == 1, shortcut="Left")
        st.button(t("story.next", lang), key="story_next", icon=":material/arrow_forward:", on_click=_go,
                  args=(1, total), disabled=number == total, shortcut="Right", type="primary")
        with st.container(key="story_number", width="content"):
            st.markdown(t("story.slide_number", lang, number=number, total=total),
                        help=t("story.slide_number_help", lang, number=number, total=total))
        st.toggle(t("story.autoplay", lang, seconds=ADVANCE_SECONDS), key=PLAY_KEY,
                  help=t("story.autoplay_help", lang, seconds=ADVANCE_SECONDS))
        if presenting:
            st.space("stretch")
            _presenter_controls(lang)
    if presenting:  # what a presenter's clicker sends; inside the app these keys keep scrolling the page
        with st.container(key="story_keys"):
            st.button(t("story.next", lang), key="story_next_page", on_click=_go, args=(1, total),
                      shortcut="PageDown")
            st.button(t("story.previous", lang), key="story_prev_page", on_click=_go, args=(-1, total),
                      shortcut="PageUp")

    with st.container(key="story_head", gap="small"):
        with st.container(key="story_kicker"):
            st.markdown(f"{md_text(slide.date_label)} · {md_text(slide.summary)}")
        with st.container(key="story_title_long" if _display_width(slide.title) > LONG_TITLE else "story_title"):
            st.title(md_text(slide.title), anchor=False)

    upto = events_upto(events, slide)
    organisations, places = view.dataset.frame("organisation"), view.dataset.frame("place")
    # presenting: map, timeline and the moment's events side by side; beside the sidebar, the events go below
    columns = st.columns([5, 6, 4] if presenting else [1, 1], gap="medium")
    with columns[0], st.container(key="story_map"):
        deck = story_deck(upto, slide.events, organisations, places, lang)
        st.pydeck_chart(deck, height=CHART_HEIGHT, key="story_map_chart", alt=t("story.map_caption", lang))
    with columns[1], st.container(key="story_timeline"):
        st.plotly_chart(story_timeline(upto, slide.ids, lang, story_period(events),
                                       None if presenting else CHART_HEIGHT, slide.end),
                        config={**PLOTLY_CONFIG, "displayModeBar": False}, key="story_timeline_chart",
                        height="stretch", alt=t("story.timeline_caption", lang))
    with columns[-1] if presenting else st.container(), st.container(key="story_events"):
        st.markdown(_events_markdown(slide.events, lang))
    with st.container(key="story_sources"):
        st.markdown(labelled(f"**{t('data.sources', lang)}**",
                             sources_markdown(" | ".join(slide.sources), t("data.no_source", lang)), lang))

    if st.session_state.get(PLAY_KEY) and number < total:
        st.session_state[FULL_RUN_KEY] = True
        st.fragment(_ticker, run_every=ADVANCE_SECONDS)(total)
elif presenting:
    with st.container(horizontal=True):
        _presenter_controls(lang)
