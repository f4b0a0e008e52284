"""Agreements' lives: what became of each agreement, from its signing to its last record, and its state in words."""

import pandas as pd
import streamlit as st

from app.context import View, current_view, load, shown_lives
from app.widgets import chart_with_summary, stop_if_empty
from cooperation.i18n import labelled, t, with_note
from cooperation.lives import QUIET_YEARS, reason, state_label
from cooperation.lives_figure import STATE_MARKS, follow_up_lines, lives_figure, lives_summary, lives_table
from cooperation.localize import name_map
from cooperation.markdown import md_text, sources_markdown

QUIET_KEY = "lives_quiet"

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
        titles = dict(zip(view.events["id"], view.events["title"], strict=True))
        st.markdown(f"**{md_text(t('lives.as_of', lang, year=view.filters.year_to))}**")
        if not lives:
            st.info(t("lives.none", lang), icon=":material/handshake:")
        else:
            period = (view.events["start"].min(), moment)
            chart_with_summary(lives_figure(lives, lang, titles, period), lives_summary(lives, lang),
                               lives_table(lives, lang, names, titles), t("lives.table", lang), key="lives_chart")
            for life in lives:
                with st.container(border=True):
                    st.markdown(f"{STATE_MARKS[life.state]} **{md_text(state_label(life, lang))}** · "
                                f"{md_text(titles.get(life.id, str(life.agreement['title'])))}")
                    st.markdown(md_text(reason(life, lang, names, titles)))
                    sources = sources_markdown(life.agreement["source"], t("data.no_source", lang))
                    st.markdown(f":small[{labelled(t('data.sources', lang), sources, lang)}]")
                    if len(life.follow_ups):
                        with st.expander(with_note(t("lives.follow_ups", lang), str(len(life.follow_ups)), lang)):
                            st.markdown("\n".join(f"- {md_text(line)}" for line in follow_up_lines(life, lang, titles)))


render(current_view())
