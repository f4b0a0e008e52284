"""Every key has a text in every language, every text is used, and formats follow the language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from cooperation.i18n import LANGUAGES, MESSAGES, fmt_date, fmt_money, fmt_number, fmt_percent, language, t
from cooperation.messages import MODULES

ROOT = Path(__file__).resolve().parent.parent
CODE = [ROOT / "dashboard.py", *(ROOT / "views").glob("*.py"), *(ROOT / "app").glob("*.py"),
        *(p for p in (ROOT / "cooperation").rglob("*.py") if "messages" not in p.parts)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _strings_in_code() -> tuple[set[str], set[str]]:
    """String constants and the literal prefixes of f-strings in the app's code."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(str(node.values[0].value))
    return constants, prefixes


def test_every_key_has_a_text_in_every_language() -> None:
    for module in MODULES:
        for key, texts in module.TEXTS.items():
            assert len(texts) == len(LANGUAGES), key
            assert all(text.strip() for text in texts), f"{key} has an empty translation"


def test_translations_take_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key in MESSAGES["en"]:
        english = fields(MESSAGES["en"][key])
        for lang in LANGUAGES:
            assert fields(MESSAGES[lang][key]) == english, (lang, key)


def test_no_key_is_defined_twice() -> None:
    keys = [key for module in MODULES for key in module.TEXTS]
    assert len(keys) == len(set(keys))


def test_every_text_is_used_and_every_used_key_exists() -> None:
    constants, prefixes = _strings_in_code()
    dynamic = {p for p in prefixes if p.endswith(".")}
    unused = [k for k in MESSAGES["en"] if k not in constants and not any(k.startswith(p) for p in dynamic)]
    assert unused == [], f"translations nobody uses: {unused}"
    key_like = {c for c in constants if re.fullmatch(r"(?:[a-z_]+\.)+[a-z_]+", c)
                and c.rsplit(".", 1)[1] not in {"py", "csv", "json", "png", "html", "pdf", "xlsx"}}  # files
    prefixes_of_keys = {k.split(".")[0] for k in MESSAGES["en"]}
    missing = [c for c in key_like if c.split(".")[0] in prefixes_of_keys and c not in MESSAGES["en"]]
    assert missing == [], f"keys used in code but not translated: {missing}"


def test_chinese_texts_are_chinese() -> None:
    untranslated = [k for k, text in MESSAGES["zh"].items()
                    if not CJK.search(text) and re.search(r"[a-z]{4,}", re.sub(r"\{[a-z_]+\}", "", text))]
    assert untranslated == []


def test_unknown_language_falls_back_to_swedish() -> None:
    assert language("xx") == language(None) == "sv"
    assert t("nav.map", "xx") == "Karta"


@pytest.mark.parametrize(("lang", "number", "money", "day", "month", "percent"), [
    ("sv", "1\u00a0234\u00a0567", "1\u00a0000,5\u00a0SEK", "13 juni 2013", "juni 2013", "95\u00a0%"),
    ("en", "1,234,567", "1,000.5\u00a0SEK", "13 June 2013", "June 2013", "95%"),
    ("zh", "1,234,567", "1,000.5\u00a0SEK", "2013年6月13日", "2013年6月", "95%"),
])
def test_numbers_money_and_dates_per_language(lang: str, number: str, money: str, day: str, month: str,
                                              percent: str) -> None:
    assert fmt_number(1234567, lang) == number
    assert fmt_money(1000.5, "SEK", lang) == money
    assert fmt_date("2013-06-13", "day", lang) == day
    assert fmt_date("2013-06", "month", lang) == month
    assert fmt_percent(0.95, lang) == percent
