"""The shared filters in the sidebar, kept in step with the URL's query string.

The language choice needs nothing heavy: the frame reads it before it imports pandas (a faster cold open), so the
filters' modules are imported when the filters are first drawn.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from cooperation.i18n import DEFAULT_LANGUAGE, LANGUAGES, language, t

if TYPE_CHECKING:
    import pandas as pd

    from cooperation.filters import Filters

KEYS = {"period": "filter_period", "kinds": "filter_kinds", "sectors": "filter_sectors", "party": "filter_party"}
KEPT_PARAMS = ("present",)  # query parameters owned by others, carried along when filters are written


def _put_in_state(filters: Filters) -> None:
    st.session_state[KEYS["period"]] = (filters.year_from, filters.year_to)
    st.session_state[KEYS["kinds"]] = list(filters.kinds)
    st.session_state[KEYS["sectors"]] = list(filters.sectors)
    st.session_state[KEYS["party"]] = filters.party


LANGUAGE_KEY = "language"


def chosen_language() -> str:
    """The language picked in the sidebar, else the URL's `lang`, else Swedish."""
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = language(st.query_params.get("lang"))
    return language(st.session_state[LANGUAGE_KEY])


def language_picker() -> None:
    """The language choice at the top of the sidebar (its label in every language, so anyone finds it)."""
    st.sidebar.segmented_control("Språk · Language · 语言", list(LANGUAGES), format_func=LANGUAGES.__getitem__,
                                 key=LANGUAGE_KEY, selection_mode="single", required=True)


def sidebar_filters(events: pd.DataFrame, lang: str, visible: bool = True) -> Filters:
    """Draw the filters (unless not `visible`); return what they hold. A session's first run reads the URL."""
    from cooperation.filters import Filters, apply_filters, default_filters, from_query, sectors_of, to_query
    from cooperation.schema import EVENT_KINDS
    from cooperation.style import kind_label

    defaults = default_filters(events, date.today().year)
    sectors = sectors_of(events)
    bounds = (defaults.year_from, defaults.year_to)
    if st.session_state.get("_filter_bounds") != bounds:
        _put_in_state(from_query(st.query_params.to_dict(), defaults, sectors))
        st.session_state["_filter_bounds"] = bounds

    if not visible:
        year_from, year_to = st.session_state[KEYS["period"]]
        return Filters(int(year_from), int(year_to), tuple(st.session_state[KEYS["kinds"]]),
                       tuple(st.session_state[KEYS["sectors"]]), st.session_state[KEYS["party"]])
    with st.sidebar:
        st.header(t("filters.header", lang))
        st.slider(t("filters.period", lang), min_value=bounds[0], max_value=bounds[1], key=KEYS["period"])
        st.multiselect(t("filters.kinds", lang), EVENT_KINDS, format_func=lambda k: kind_label(k, lang),
                       key=KEYS["kinds"], placeholder=t("filters.kinds_none", lang))
        st.multiselect(t("filters.sectors", lang), sectors, key=KEYS["sectors"], help=t("filters.sectors_help", lang),
                       placeholder=t("filters.sectors_all", lang))
        st.text_input(t("filters.party", lang), key=KEYS["party"], help=t("filters.party_help", lang))
        st.button(t("filters.reset", lang), on_click=_put_in_state, args=(defaults,))

    year_from, year_to = st.session_state[KEYS["period"]]
    filters = Filters(int(year_from), int(year_to), tuple(st.session_state[KEYS["kinds"]]),
                      tuple(st.session_state[KEYS["sectors"]]), st.session_state[KEYS["party"]])
    params = to_query(filters, defaults)
    if lang != DEFAULT_LANGUAGE:
        params["lang"] = lang
    params.update({k: v for k, v in st.query_params.to_dict().items() if k in KEPT_PARAMS})
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    with st.sidebar:
        shown = len(apply_filters(events, filters))
        st.caption(t("filters.showing", lang, shown=shown, total=len(events)))
        st.caption(t("filters.share", lang))
    return filters
