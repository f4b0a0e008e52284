"""The shared filters in the sidebar, kept in step with the URL's query string.

The filters live in the session as codes (a `Filters`: years, kind and sector codes, the search text), never as the
labels a widget shows: each language has its own widgets (keys ending in the language), seeded from the codes when
they first appear, so that a language switch keeps every filter (a multiselect's state is its labels: kept across a
switch, labels of the old language would match nothing and empty the choice).

The language choice needs nothing heavy: the frame reads it before it imports pandas (a faster cold open), so the
filters' modules are imported when the filters are first drawn.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from cooperation.i18n import DEFAULT_LANGUAGE, LANGUAGES, fmt_number, language, t

if TYPE_CHECKING:
    import pandas as pd

    from cooperation.filters import Filters

FILTERS_KEY = "_filters"  # session_state: the filters as codes, whatever the language
BOUNDS_KEY = "_filter_bounds"  # session_state: the period's bounds the filters were read for
FILTER_NAMES = ("period", "kinds", "sectors", "party")
KEPT_PARAMS = ("present", "quiet")  # query parameters owned by pages, carried along when filters are written
LANGUAGE_KEY = "language"


def widget_key(name: str, lang: str) -> str:
    """The key of the filter widget `name` drawn in `lang`."""
    return f"filter_{name}_{lang}"


def _widget_values(filters: Filters) -> dict[str, object]:
    return {"period": (filters.year_from, filters.year_to), "kinds": list(filters.kinds),
            "sectors": list(filters.sectors), "party": filters.party}


def _show_in_widgets(filters: Filters, lang: str) -> None:
    """Put `filters` in this language's widgets (before they are drawn, or from a callback)."""
    for name, value in _widget_values(filters).items():
        st.session_state[widget_key(name, lang)] = value


def _reset(defaults: Filters, lang: str) -> None:
    st.session_state[FILTERS_KEY] = defaults
    _show_in_widgets(defaults, lang)


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
    from cooperation.filters import Filters, default_filters, from_query, sectors_of, to_query
    from cooperation.i18n import sector_label
    from cooperation.schema import EVENT_KINDS
    from cooperation.style import kind_label

    defaults = default_filters(events, date.today().year)
    sectors = sectors_of(events)
    bounds = (defaults.year_from, defaults.year_to)
    if st.session_state.get(BOUNDS_KEY) != bounds or FILTERS_KEY not in st.session_state:
        st.session_state[FILTERS_KEY] = from_query(st.query_params.to_dict(), defaults, sectors)
        st.session_state[BOUNDS_KEY] = bounds
        for shown_in in LANGUAGES:  # widgets drawn for other bounds hold values the new bounds may not allow
            for name in FILTER_NAMES:
                st.session_state.pop(widget_key(name, shown_in), None)
    if not visible:
        return st.session_state[FILTERS_KEY]

    if any(widget_key(name, lang) not in st.session_state for name in FILTER_NAMES):
        _show_in_widgets(st.session_state[FILTERS_KEY], lang)  # a language's widgets start from the codes
    with st.sidebar:
        st.header(t("filters.header", lang))
        st.slider(t("filters.period", lang), min_value=bounds[0], max_value=bounds[1], key=widget_key("period", lang))
        st.multiselect(t("filters.kinds", lang), EVENT_KINDS, format_func=lambda k: kind_label(k, lang),
                       key=widget_key("kinds", lang), placeholder=t("filters.kinds_none", lang))
        st.multiselect(t("filters.sectors", lang), sectors, format_func=lambda s: sector_label(s, lang),
                       key=widget_key("sectors", lang), help=t("filters.sectors_help", lang),
                       placeholder=t("filters.sectors_all", lang))
        st.text_input(t("filters.party", lang), key=widget_key("party", lang), help=t("filters.party_help", lang))
        st.button(t("filters.reset", lang), on_click=_reset, args=(defaults, lang))

    year_from, year_to = st.session_state[widget_key("period", lang)]
    filters = Filters(int(year_from), int(year_to), tuple(st.session_state[widget_key("kinds", lang)]),
                      tuple(st.session_state[widget_key("sectors", lang)]), st.session_state[widget_key("party", lang)])
    st.session_state[FILTERS_KEY] = filters
    params = to_query(filters, defaults)
    if lang != DEFAULT_LANGUAGE:
        params["lang"] = lang
    params.update({k: v for k, v in st.query_params.to_dict().items() if k in KEPT_PARAMS})
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    return filters


def sidebar_count(shown: int, total: int, lang: str) -> None:
    """Under the filters: how many records pass them, and that the address holds them."""
    with st.sidebar:
        st.caption(t("filters.showing", lang, shown=fmt_number(shown, lang), total=fmt_number(total, lang)))
        st.caption(t("filters.share", lang))
