"""Every text the app writes, by key, in Swedish, English and Simplified Chinese; numbers and dates
formatted for the chosen language with Babel.

Babel and pandas are imported by the formatting functions when first used, not with the texts: the dashboard's
frame looks up its first texts before it imports anything heavy (a faster cold open).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cooperation.messages import MODULES

LANGUAGES: dict[str, str] = {"sv": "Svenska", "en": "English", "zh": "中文"}
DEFAULT_LANGUAGE = "sv"
_COLUMN = {"en": 0, "sv": 1, "zh": 2}  # position of each language in the message tuples
LOCALES = {"sv": "sv_SE", "en": "en_GB", "zh": "zh_Hans_CN"}

MESSAGES: dict[str, dict[str, str]] = {
    lang: {key: texts[column] for module in MODULES for key, texts in module.TEXTS.items()}
    for lang, column in _COLUMN.items()
}


def language(value: object) -> str:
    """`value` if it names a language the app speaks, else the default (Swedish)."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for `key` in `lang`, with `params` filled in."""
    text = MESSAGES[language(lang)][key]
    return text.format(**params) if params else text


def choice_label(kind: str, column: str, value: object, lang: str) -> str:
    """The words for a choice of the schema (`value.KIND.COLUMN.CHOICE`, else `value.COLUMN.CHOICE`); a value that
    is not a choice is shown as written, and a missing one as an empty text."""
    if not isinstance(value, str) or not value:
        return ""
    texts = MESSAGES[language(lang)]
    return texts.get(f"value.{kind}.{column}.{value}") or texts.get(f"value.{column}.{value}") or value


def sector_label(value: object, lang: str) -> str:
    """A sector in `lang` where the catalogue knows it (the data's sectors are free text), else as written."""
    if not isinstance(value, str) or not value:
        return ""
    return MESSAGES[language(lang)].get(f"sector.{value.strip().casefold()}", value)


def place_word(value: object, lang: str) -> str:
    """A region or country (the places table's `region`, `country`) in `lang` where the catalogue knows it."""
    if not isinstance(value, str) or not value:
        return ""
    return MESSAGES[language(lang)].get(f"place.{value.strip()}", value)


def join_names(names: Iterable[str], lang: str) -> str:
    """Names as one text, separated the language's way ('Borlänge, Falun'; '博伦厄、法伦')."""
    return t("punct.list", lang).join(names)


def labelled(label: str, value: str, lang: str) -> str:
    """'label: value' with the language's colon (full-width in Chinese)."""
    return t("punct.labelled", lang, label=label, value=value)


def with_note(text: str, note: str, lang: str) -> str:
    """'text (note)' with the language's brackets (full-width in Chinese)."""
    return t("punct.note", lang, text=text, note=note)


def fmt_number(value: float, lang: str, decimals: int = 0) -> str:
    """A number with the language's digit grouping and decimal mark."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[language(lang)])


def fmt_decimal(value: float, lang: str) -> str:
    """A number as precise as it is given (up to six decimals), with the language's decimal mark and grouping."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.######", locale=LOCALES[language(lang)])


def fmt_percent(share: float, lang: str) -> str:
    """A share 0..1 as a whole percentage."""
    from babel.numbers import format_percent

    return format_percent(share, locale=LOCALES[language(lang)])


def fmt_money(value: float, currency: str, lang: str) -> str:
    """An amount with its ISO currency code after it, the number written the language's way."""
    from babel.numbers import format_currency

    return format_currency(value, currency, format="#,##0.##\u00a0¤¤", locale=LOCALES[language(lang)],
                           currency_digits=False)


def fmt_date(text: str, precision: str, lang: str) -> str:
    """A date as precise as it is known: '13 juni 2013', 'juni 2013' or '2013' (in Chinese 2013年6月13日…)."""
    import pandas as pd
    from babel.dates import format_date, format_skeleton

    locale = LOCALES[language(lang)]
    when = pd.Timestamp(text).date() if precision != "year" else date(int(text[:4]), 1, 1)
    if precision == "day":
        return format_date(when, format="long", locale=locale)
    if precision == "month":
        return format_skeleton("yMMMM", when, locale=locale)
    return format_skeleton("y", when, locale=locale)


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "MESSAGES", "choice_label", "fmt_date", "fmt_decimal", "fmt_money",
           "fmt_number", "fmt_percent", "join_names", "labelled", "language", "place_word", "sector_label", "t",
           "with_note"]
