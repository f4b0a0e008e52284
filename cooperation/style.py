"""Colours, symbols and text helpers shared by the figure builders.

Colours are the Okabe–Ito palette, which stays distinct for the common forms of colour
blindness; every colour is paired with a symbol or dash so meaning never rests on colour alone.
"""

from __future__ import annotations

import html

import pandas as pd

from cooperation.i18n import choice_label, fmt_date, t, with_note

KIND_COLOURS = {
    "agreement": "#0072B2",  # blue
    "visit": "#E69F00",  # orange
    "deal": "#009E73",  # bluish green
    "milestone": "#CC79A7",  # reddish purple
}
KIND_SYMBOLS = {"agreement": "diamond", "visit": "circle", "deal": "square", "milestone": "triangle-up"}
KIND_GLYPHS = {"agreement": "◆", "visit": "●", "deal": "■", "milestone": "▲"}  # the symbols, as text
_MARKDOWN_COLOURS = {"agreement": "blue", "visit": "orange", "deal": "green", "milestone": "violet"}
KIND_DASHES = {"agreement": "solid", "visit": "dash", "deal": "dot", "milestone": "dashdot"}
SIDE_COLOURS = {"dalarna": "#0072B2", "hubei": "#D55E00", "other": "#999999"}
SIDE_SYMBOLS = {"dalarna": "circle", "hubei": "square", "other": "diamond"}
SIDE_RGB = {"dalarna": [0, 114, 178], "hubei": [213, 94, 0], "other": [153, 153, 153]}
PHASE_OUT_COLOUR = "rgba(213, 94, 0, 0.10)"
FONT_FAMILY = "'Source Sans Pro', 'Noto Sans', 'Noto Sans CJK SC', sans-serif"


def escape(value: object) -> str:
    """Text from data made safe for HTML (plotly hover labels, deck.gl tooltips, markdown)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def date_label(date_text: str, precision: str, lang: str) -> str:
    """A date in the language's words, with its precision said when it is not a day."""
    shown = fmt_date(date_text, precision, lang)
    if precision == "day":
        return shown
    return with_note(shown, t(f"precision.{precision}", lang), lang)


def kind_label(kind: str, lang: str) -> str:
    """The display name of an event kind."""
    return t(f"kind.{kind}", lang)


def kind_mark_markdown(kind: str) -> str:
    """The kind's symbol in its colour, as Streamlit's Markdown writes it (':blue[◆]'), or '' for no kind."""
    return f":{_MARKDOWN_COLOURS[kind]}[{KIND_GLYPHS[kind]}]" if kind in KIND_GLYPHS else ""


def side_label(side: str, lang: str) -> str:
    """The name of a side (Dalarna, Hubei, other) as a legend or column shows it: a capital first letter."""
    text = choice_label("organisation", "side", side, lang)
    return text[:1].upper() + text[1:]


__all__ = ["FONT_FAMILY", "KIND_COLOURS", "KIND_DASHES", "KIND_SYMBOLS", "PHASE_OUT_COLOUR", "SIDE_COLOURS",
           "SIDE_RGB", "SIDE_SYMBOLS", "KIND_GLYPHS", "date_label", "escape", "kind_label", "kind_mark_markdown",
           "side_label"]
