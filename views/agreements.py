"""Agreements' lives: what became of each agreement, from its signing to its last record, and its state in words."""

import pandas as pd
import streamlit as st

from app.context import View, cached, current_view, load, shown_lives
from app.widgets import chart_with_summary, page_picker, stop_if_empty
from cooperation.i18n import fmt_number, labelled, t, with_note
from cooperation.lives import QUIET_YEARS, reason, state_label
from cooperation.lives_figure import (
    LANES_LIMIT,
    STATE_MARKS,
    follow_up_lines,
    lives_counts_figure,
    lives_figure,
    lives_summary,
    lives_table,
)
from cooperation.localize import name_map
from cooperation.markdown import md_text, sources_markdown
from cooperation.tables import bounded_note, rows_with_ids

QUIET_KEY = "lives_quiet"
PAGE_SIZE = 20  # agreements on a page when there are more than LANES_LIMIT
FOLLOW_UPS_SHOWN = 50  # records listed under an agreement's card; the Data page has the rest


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    st.title(t("lives.title", lang))
    st.caption(t("lives.caption", lang))
    if not stop_if_empty(view):
        if QUIET_KEY not in st.session_state:
            try:
                st.session_state[QUIET_KEY] = min(max(int(st.query_params.get("quiet", QUIET_YEARS)), 1), 10)
            except ValueError:
                st.session_state[QUIET_KEY] = QUIET_YEARS
        quiet = st.slider(t("lives.quiet_years", lang), 1, 10, key=QUIET_KEY, help=t("lives.quiet_years_help", lang),
                          width=420)
        if quiet != QUIET_YEARS:
            st.query_params["quiet"] = str(quiet)
        else:
            st.query_params.pop("quiet", None)

        lives = shown_lives(view, quiet)
        stored, _ = load()
        moment = pd.Timestamp(year=view.filters.year_to, month=12, day=31)
        names = name_map(stored, lang)
        st.markdown(f"**{md_text(t('lives.as_of', lang, year=view.filters.year_to))}**")
        if not lives:
            st.info(t("lives.none", lang), icon=":material/handshake:")
        elif len(lives) <= LANES_LIMIT:
            titles = dict(zip(view.events["id"], view.events["title"], strict=True))
            period = (view.events["start"].min(), moment)
            chart_with_summary(lives_figure(lives, lang, titles, period), lives_summary(lives, lang),
                               lives_table(lives, lang, names, titles), t("lives.table", lang), key="lives_chart")
            _cards(lives, lang, names, titles)
        else:  # counts per state, and the agreements a page at a time: the figure, table and cards stay small
            chart_area = st.container()  # above the page picker, drawn once the page is known
            page = page_picker(len(lives), PAGE_SIZE, "lives_page", lang)
            shown = lives[page]
            # computed once per data version, filters, language, patience (and page)
            figure, summary = cached("lives_counts", lambda _: (lives_counts_figure(lives, lang),
                                                                lives_summary(lives, lang)), view, key=(quiet,))
            titles, table = cached("lives_page", lambda _: _page_table(view, shown, names), view,
                                   key=(quiet, page.start))
            with chart_area:
                chart_with_summary(figure, summary, table, t("lives.table", lang), key="lives_chart",
                                   notice=t("lives.summarised", lang, count=fmt_number(len(lives), lang),
                                            first=fmt_number(page.start + 1, lang),
                                            last=fmt_number(page.start + len(shown), lang)))
            _cards(shown, lang, names, titles)


def _page_table(view: View, lives: list, names: dict) -> tuple[dict[str, str], pd.DataFrame]:
    """The titles of the records a page of agreements names, and the page's table."""
    titles = _titles(view, lives)
    return titles, lives_table(lives, view.lang, names, titles)


def _titles(view: View, lives: list) -> dict[str, str]:
    """The titles in the chosen language of the records these agreements name (not of every record: a dict of a
    million titles on every run)."""
    ids = {life.id for life in lives}
    for life in lives:
        ids.update(life.follow_ups["id"].head(FOLLOW_UPS_SHOWN))
        ids.update(row["id"] for row in (life.last, life.decision, life.reported_end) if row is not None)
    rows = rows_with_ids(view.events, ids)
    return dict(zip(rows["id"], rows["title"], strict=True))


def _cards(lives: list, lang: str, names: dict, titles: dict) -> None:
    """A card per agreement: its state, title, what became of it in words, its sources and what followed."""
    for life in lives:
        with st.container(border=True):
            st.markdown(f"{STATE_MARKS[life.state]} **{md_text(state_label(life, lang))}** · "
                        f"{md_text(titles.get(life.id, str(life.agreement['title'])))}")
            st.markdown(md_text(reason(life, lang, names, titles)))
            sources = sources_markdown(life.agreement["source"], t("data.no_source", lang))
            st.markdown(f":small[{labelled(t('data.sources', lang), sources, lang)}]")
            follow_ups = len(life.follow_up_at)
            if follow_ups:
                with st.expander(with_note(t("lives.follow_ups", lang), str(follow_ups), lang)):
                    lines = follow_up_lines(life, lang, titles, limit=FOLLOW_UPS_SHOWN)
                    st.markdown("\n".join(f"- {md_text(line)}" for line in lines))
                    if follow_ups > len(lines):
                        st.caption(bounded_note(follow_ups, len(lines), lang))


render(current_view())
