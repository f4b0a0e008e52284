"""Story mode: one slide per moment of the partnership, for a projector (?present=1) or inside the app.

The slides come from cooperation.story (built from the records); this page only keeps the slide number, draws the
slide (or, with ?notes=1, the presenter's notes), follows the other window of the same presentation (?deck=…,
app/presentation.py) and advances while playing. ?second=sv|en|zh adds a second language to the slides.
"""

from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app.context import View, cached, current_view, load_localized, shown_events
from app.presentation import follow, new_deck_id, sync_slide
from app.sidebar import LANGUAGE_KEY
from app.widgets import PLOTLY_CONFIG, stop_if_empty
from cooperation.i18n import LANGUAGES, fmt_number, labelled, t
from cooperation.markdown import md_text, sources_markdown
from cooperation.story import (
    ADVANCE_SECONDS,
    Slide,
    display_width,
    events_upto,
    group_moments,
    list_layout,
    listed,
    second_language,
    slide_records,
    story_slide,
    story_slides,
    unlisted,
)
from cooperation.story_chart import story_period, story_timeline
from cooperation.story_map import story_deck
from cooperation.story_text import events_markdown, uncertainty_note

SLIDE_KEY = "story_slide"
PLAY_KEY = "story_play"
SECOND_KEY = "story_second_language"
FULL_RUN_KEY = "_story_full_run"
STORY_LANGUAGE_KEY = "story_language"  # not the sidebar's key: two widgets must not share one
LONG_TITLE = 70  # half-ems: a longer title is set smaller, so that it stays within two lines at 1280×720
CHART_HEIGHT = 360  # px inside the app; when presenting, the CSS below gives map and timeline the screen's rest
NO_SECOND = ""
COLUMNS = {"brief": [8, 15], "short": [11, 12], "long": [14, 10], "dense": [14, 10]}  # list : map and timeline

# Static CSS only: no text from the data ever goes into it.
SLIDE_CSS = """
<style>
.st-key-story_head h1 {font-size: 2.1rem; line-height: 1.15; color: #000; font-weight: 700; padding: 0; margin: 0;}
.st-key-story_title_long h1 {font-size: 1.7rem;}
.st-key-story_head p {font-size: 1.15rem; color: #111; margin: 0;}
.st-key-story_kicker p {font-weight: 600; color: #004a75;}
.st-key-story_second p {color: #333;}
.st-key-story_bar button p {font-weight: 600;}
.st-key-story_number p {font-size: 1.25rem; font-weight: 700; font-variant-numeric: tabular-nums;}
.st-key-story_events li, .st-key-story_events p, .st-key-story_note p {color: #000; line-height: 1.3;
  margin: 0 0 0.3rem 0;}
.st-key-story_events em {color: #333; font-style: normal;}
.st-key-story_note p {color: #333; font-style: italic;}
.st-key-story_sources a {color: #004a75; text-decoration: underline;}
.st-key-story_keys {display: none;}
[class*="st-key-story_"] [data-testid="stMarkdownContainer"] {margin-bottom: 0 !important;}
[class*="st-key-story_"] [data-testid="stMarkdownContainer"] p {margin-bottom: 0;}
.st-key-story_events ul {margin: 0; padding-left: 0; list-style: none;}
.st-key-story_events li {padding-left: 1.4em; text-indent: -1.4em;}
/* the arrow keys are said by the buttons' arrows: the shortcut hints would show each arrow twice */
.st-key-story_bar kbd, .st-key-story_bar [data-testid="stButtonShortcut"] {display: none !important;}
/* a disabled button keeps a readable label: dark grey on light grey, not white on light grey */
.st-key-story_bar button:disabled {background: #e8e8e8 !important; border-color: #9a9a9a !important;
  opacity: 1 !important;}
.st-key-story_bar button:disabled p, .st-key-story_bar button:disabled span {color: #4a4a4a !important;}
</style>
"""

CHROME_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], footer {display: none !important;}
[data-testid="stAppViewContainer"], [data-testid="stMain"] {background: #fff;}
</style>
"""

# For the hall: body text at least 24 px, every other text at least 20 px, at 1280×720 and 1920×1080 alike; the
# slide is a column as high as the screen, map and timeline taking what the texts leave.
HALL_CSS = """
<style>
[data-testid="stMainBlockContainer"] {padding: 0.8vw 1.4vw 0.6vw 1.4vw !important; max-width: 100% !important;
  height: 100vh; box-sizing: border-box;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {height: 100%; flex-wrap: nowrap;
  gap: 0.7vw;}
/* every keyed container sits in a layout wrapper: the wrappers on the way to map and timeline pass the height on */
[data-testid="stLayoutWrapper"]:has(> .st-key-story_body), [data-testid="stLayoutWrapper"]:has(> .st-key-story_map),
[data-testid="stLayoutWrapper"]:has(> .st-key-story_timeline) {flex: 1 1 0; min-height: 0;}
.st-key-story_body, .st-key-story_map, .st-key-story_timeline {flex: 1 1 0; min-height: 0;}
.st-key-story_body [data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"]),
.st-key-story_body [data-testid="stHorizontalBlock"] {flex: 1 1 0; min-height: 0;}
.st-key-story_body [data-testid="stColumn"] {min-height: 0; height: 100%; overflow: hidden;}
.st-key-story_body [data-testid="stColumn"] > [data-testid="stVerticalBlock"],
[data-testid="stLayoutWrapper"]:has(> .st-key-story_charts), .st-key-story_charts,
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-story_events_"]) {height: 100%; min-height: 0;}
.st-key-story_charts {flex-wrap: nowrap;}
.st-key-story_map [data-testid="stElementContainer"], .st-key-story_timeline [data-testid="stElementContainer"]
{flex: 1 1 0 !important; height: auto !important; min-height: 0;}
.st-key-story_map [data-testid="stFullScreenFrame"], .st-key-story_map [data-testid="stDeckGlJsonChart"],
.st-key-story_timeline [data-testid="stFullScreenFrame"], .st-key-story_timeline [data-testid="stPlotlyChart"]
{height: 100% !important;}
.st-key-story_timeline {flex-grow: 1.25;}
[class*="st-key-story_events_"] {height: 100%; overflow: hidden; flex-wrap: nowrap;}
.st-key-story_bar p, .st-key-story_bar button, .st-key-story_bar label, .st-key-story_bar a
  {font-size: max(20px, 1.1vw) !important;}
.st-key-story_bar [data-testid="stIconMaterial"] {font-size: max(22px, 1.25vw) !important;}
.st-key-story_number p {font-size: max(24px, 1.35vw) !important;}
.st-key-story_head h1 {font-size: max(34px, 2.5vw);}
.st-key-story_title_long h1 {font-size: max(30px, 2.05vw);}
.st-key-story_head p {font-size: max(24px, 1.45vw);}
.st-key-story_second p {font-size: max(24px, 1.55vw); font-weight: 600;}
.st-key-story_events li, .st-key-story_events p {font-size: max(24px, 1.5vw);}
.st-key-story_events em {font-size: max(20px, 1.2vw);}
.st-key-story_events_dense .st-key-story_events li, .st-key-story_events_dense .st-key-story_events p
  {font-size: max(24px, 1.35vw);}
.st-key-story_events_dense .st-key-story_events em {font-size: max(20px, 1.1vw);}
/* a very long list (two languages, many events) on a small screen takes the whole width: map and timeline step
   aside for that slide rather than the list being cut */
@media (max-width: 1500px) {
  .st-key-story_body:has(.st-key-story_events_dense) [data-testid="stColumn"]:has(.st-key-story_charts)
  {display: none;}
  .st-key-story_events_dense ul {column-count: 2; column-gap: 2vw;}
  .st-key-story_events_dense li {break-inside: avoid;}
}
.st-key-story_note p, .st-key-story_sources p {font-size: max(20px, 1.1vw);}
</style>
"""


def _go(step: int, total: int) -> None:
    st.session_state[SLIDE_KEY] = min(max(st.session_state.get(SLIDE_KEY, 1) + step, 1), total)


def _presenter_controls(lang: str, notes_url: str | None) -> None:
    """The language of the slides, the notes window and the way back to the app: all a presenter needs without
    the sidebar."""
    st.session_state[STORY_LANGUAGE_KEY] = lang
    st.segmented_control(t("story.language", lang), list(LANGUAGES), format_func=LANGUAGES.__getitem__,
                         key=STORY_LANGUAGE_KEY, selection_mode="single", required=True, label_visibility="collapsed",
                         on_change=_pick_language)
    if notes_url is not None:
        st.link_button(t("story.notes", lang), notes_url, icon=":material/speaker_notes:", key="story_notes",
                       help=t("story.notes_help", lang))
    if st.button(t("story.exit", lang), key="story_exit", icon=":material/close:", type="tertiary",
                 help=t("story.exit_help", lang)):
        for name in ("present", "slide", "notes", "deck", "second"):  # back to the story inside the app
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


def _second_language(lang: str) -> str | None:
    """The slides' second language: ?second= when presenting, the page's choice inside the app; never `lang`."""
    presenting = st.query_params.get("present") == "1"
    chosen = st.query_params.get("second") if presenting else st.session_state.get(SECOND_KEY)
    return chosen if chosen in LANGUAGES and chosen != lang else None


def _presentation_url(lang: str, second: str | None) -> str:
    """This view as a presentation: the same filters (they are in the URL), the language, ?present=1."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in ("present", "slide", "lang", "second")}
    return "./?" + urlencode({"present": "1", "lang": lang, **({"second": second} if second else {}), **params})


def _notes_url(deck: str) -> str:
    """The presenter's notes of this presentation: this address with ?notes=1 (same deck, filters, language)."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k != "notes"}
    return "./?" + urlencode({**params, "deck": deck, "notes": "1"})


def _ticker(total: int) -> None:
    """Runs every ADVANCE_SECONDS while playing: the next slide, then a full rerun to draw it."""
    if st.session_state.pop(FULL_RUN_KEY, False):
        return  # called by the page's own run, not by the timer
    if st.session_state.get(PLAY_KEY) and st.session_state.get(SLIDE_KEY, 1) < total:
        _go(1, total)
        st.rerun()


def _sources(slide: Slide, lang: str) -> None:
    with st.container(key="story_sources"):
        st.markdown(labelled(f"**{t('data.sources', lang)}**",
                             sources_markdown(" | ".join(slide.sources), t("data.no_source", lang)), lang))


def _second_shown(view: View, second: str | None) -> pd.DataFrame | None:
    """The shown events in the second language (the same rows: the names and titles of that language)."""
    if second is None:
        return None
    _, localized = load_localized(second)
    return shown_events(view.events, localized, view.filters)


def _pack_maker(view: View, second: str | None):
    """What the download button calls, on its own thread, when pressed: the offline presentation of what this
    page shows (everything it needs is taken now, in the page's run; the slides are made then)."""
    from cooperation.pack import presentation_pack

    shown, organisations, places = view.shown, view.dataset.frame("organisation"), view.dataset.frame("place")
    other = _second_shown(view, second)

    def pack() -> bytes:
        others = story_slides(other, second) if other is not None else None
        return presentation_pack(shown, organisations, places, view.lang, second_slides=others).encode("utf-8")

    return pack


def _draw_slide(view: View, slide: Slide, other: Slide | None, total: int, deck: str | None,
                presenting: bool) -> None:
    """A slide: the bar, the date and headline, map and timeline up to the moment, its events and sources."""
    lang, events = view.lang, view.shown
    headline, second_titles = second_language(slide, other) if other is not None else ("", {})
    whole, slide = slide, listed(slide)  # a moment of thousands of events lists its first ones and says so
    with st.container(key="story_bar", horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(t("story.previous", lang), key="story_prev", icon=":material/arrow_back:", on_click=_go,
                  args=(-1, total), disabled=slide.number == 1, shortcut="Left")
        st.button(t("story.next", lang), key="story_next", icon=":material/arrow_forward:", on_click=_go,
                  args=(1, total), disabled=slide.number == total, shortcut="Right", type="primary")
        with st.container(key="story_number", width="content"):
            st.markdown(t("story.slide_number", lang, number=slide.number, total=total),
                        help=t("story.slide_number_help", lang, number=slide.number, total=total))
        st.toggle(t("story.autoplay", lang), key=PLAY_KEY, help=t("story.autoplay_help", lang, seconds=ADVANCE_SECONDS))
        if presenting:
            st.space("stretch")
            _presenter_controls(lang, _notes_url(deck) if deck else None)
    if presenting:  # what a presenter's clicker sends; inside the app these keys keep scrolling the page
        with st.container(key="story_keys"):
            st.button(t("story.next", lang), key="story_next_page", on_click=_go, args=(1, total),
                      shortcut="PageDown")
            st.button(t("story.previous", lang), key="story_prev_page", on_click=_go, args=(-1, total),
                      shortcut="PageUp")

    with st.container(key="story_head", gap=None):
        with st.container(key="story_kicker"):
            st.markdown(f"{md_text(slide.date_label)} · {md_text(slide.summary)}")
        with st.container(key="story_title_long" if display_width(slide.title) > LONG_TITLE else "story_title"):
            st.title(md_text(slide.title), anchor=False)
        if headline:
            with st.container(key="story_second"):
                st.markdown(md_text(headline))

    upto = events_upto(events, slide)
    organisations, places = view.dataset.frame("organisation"), view.dataset.frame("place")
    deck_map = story_deck(upto, slide.events, organisations, places, lang)
    timeline = story_timeline(upto, slide.ids, lang, story_period(events), None if presenting else CHART_HEIGHT,
                              slide.end)
    room = list_layout(slide, lang, second_titles)
    if presenting:  # the list beside map and timeline, which share the height the texts leave
        with st.container(key="story_body"):
            left, right = st.columns(COLUMNS[room], gap="medium")
        charts, below = right.container(key="story_charts", gap="small"), left
    else:  # beside the sidebar: map and timeline side by side, the list below
        charts, below = st.container(key="story_charts", horizontal=True, gap="medium"), st.container()
    with charts:
        with st.container(key="story_map"):
            st.pydeck_chart(deck_map, height=CHART_HEIGHT, key="story_map_chart", alt=t("story.map_caption", lang))
        with st.container(key="story_timeline"):
            st.plotly_chart(timeline, config={**PLOTLY_CONFIG, "displayModeBar": False}, key="story_timeline_chart",
                            height="stretch", alt=t("story.timeline_caption", lang))
    with below, st.container(key=f"story_events_{room}"):
        with st.container(key="story_events"):
            st.markdown(events_markdown(slide, lang, second_titles))
        if unlisted(whole):
            with st.container(key="story_more"):
                st.caption(t("story.more", lang, count=fmt_number(unlisted(whole), lang)))
        note = uncertainty_note(whole.events, lang)
        if note:
            with st.container(key="story_note"):
                st.markdown(note)
    _sources(slide, lang)


def _draw_notes(slide: Slide, following: Slide | None, total: int, lang: str) -> None:
    """The presenter's window: where the projector is, what the slide rests on, and what comes next."""
    st.title(t("story.notes_title", lang), anchor=False)
    with st.container(key="story_bar", horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(t("story.previous", lang), key="story_prev", icon=":material/arrow_back:", on_click=_go,
                  args=(-1, total), disabled=slide.number == 1, shortcut="Left")
        st.button(t("story.next", lang), key="story_next", icon=":material/arrow_forward:", on_click=_go,
                  args=(1, total), disabled=slide.number == total, shortcut="Right", type="primary")
        with st.container(key="story_number", width="content"):
            st.markdown(t("story.slide_number", lang, number=slide.number, total=total),
                        help=t("story.slide_number_help", lang, number=slide.number, total=total))
    st.caption(t("story.notes_follow", lang))
    st.subheader(t("story.notes_now", lang), anchor=False)
    with st.container(key="story_notes_now"):
        st.markdown(f"{md_text(slide.date_label)} · **{md_text(slide.headline)}**")
    st.subheader(t("story.notes_next", lang), anchor=False)
    with st.container(key="story_notes_next"):
        if following is None:
            st.markdown(t("story.notes_last", lang))
        else:
            st.markdown(f"{md_text(following.date_label)} · **{md_text(following.headline)}**")
    st.subheader(t("story.notes_records", lang), anchor=False)
    _sources(listed(slide), lang)
    with st.container(key="story_notes_records"):
        for record in slide_records(listed(slide), lang):
            lines = [f"**{md_text(record['kind'])}** · {md_text(record['date'])} · {md_text(record['title'])}",
                     labelled(md_text(t("col.parties", lang)), md_text(record["parties"]), lang),
                     labelled(md_text(t("col.confidence", lang)), md_text(record["confidence"]), lang),
                     labelled(md_text(t("col.source", lang)),
                              sources_markdown(record["sources"], t("data.no_source", lang)), lang)]
            st.markdown("- " + "  \n".join(lines))


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    presenting = st.query_params.get("present") == "1"
    notes = presenting and st.query_params.get("notes") == "1"
    st.markdown(SLIDE_CSS + (CHROME_CSS if presenting else "") + (HALL_CSS if presenting and not notes else ""),
                unsafe_allow_html=True)
    if not presenting:
        st.title(t("story.title", lang))
        st.caption(t("story.caption", lang))

    events = view.shown  # the story follows the filters, like every view; by default they hold everything
    # the moments once per data version and filters; a run makes only the slide it draws (and the next one's
    # heading for the notes): every slide of 10^5 events took seconds and held the ids up to each
    moments = [] if events.empty else cached("story_moments", lambda shown: group_moments(shown), view)
    second = _second_language(lang) if moments else None
    if not presenting and moments:
        _story_tools(view, second)
    if not stop_if_empty(view) and moments:
        _show_moment(view, moments, second, presenting, notes)
    elif presenting:
        with st.container(horizontal=True):
            _presenter_controls(lang, None)


def _story_tools(view: View, second: str | None) -> None:
    """Above the slide on the page: the second language, the presentation's link and the offline pack."""
    lang = view.lang
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        st.selectbox(t("story.second", lang), [NO_SECOND, *(code for code in LANGUAGES if code != lang)],
                     format_func=lambda code: LANGUAGES.get(code, t("story.second_none", lang)), key=SECOND_KEY,
                     help=t("story.second_help", lang), width=280)
        st.link_button(t("story.open", lang), _presentation_url(lang, _second_language(lang)),
                       icon=":material/slideshow:", type="primary", key="story_open")
        st.download_button(t("story.pack", lang), _pack_maker(view, second),
                           file_name=f"dalarna-hubei-story-{lang}.html", mime="text/html", key="story_pack",
                           icon=":material/download:", help=t("story.pack_help", lang), on_click="ignore")


def _show_moment(view: View, moments: list, second: str | None, presenting: bool, notes: bool) -> None:
    """The current slide (from the session, the address, or the deck the presenter's windows share), drawn as a
    slide or as the presenter's notes, and the playback's ticker."""
    lang, events, total = view.lang, view.shown, len(moments)
    if SLIDE_KEY not in st.session_state:
        st.session_state[SLIDE_KEY] = _slide_from_url(total)
    number = min(max(int(st.session_state[SLIDE_KEY]), 1), total)
    deck = None
    if presenting:
        deck = st.query_params.get("deck") or new_deck_id()
        number = min(max(sync_slide(deck, number), 1), total)
        for name, value in (("deck", deck), ("slide", str(number))):
            if st.query_params.get(name) != value:
                st.query_params[name] = value
    st.session_state[SLIDE_KEY] = number
    slide = story_slide(events, moments, number, lang)
    if notes:
        following = story_slide(events, moments, number + 1, lang) if number < total else None
        _draw_notes(slide, following, total, lang)
    else:
        other = _second_shown(view, second)
        _draw_slide(view, slide, story_slide(other, moments, number, second) if other is not None else None,
                    total, deck, presenting)
    if deck:
        follow(deck)
    if st.session_state.get(PLAY_KEY) and number < total and not notes:
        st.session_state[FULL_RUN_KEY] = True
        st.fragment(_ticker, run_every=ADVANCE_SECONDS)(total)


render(current_view())
