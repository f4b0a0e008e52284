"""What a page shows a reader, as text, and the words that must not be among it in a language.

`screen_texts(at)` gathers every text an AppTest run shows: headings, markdown, notices, metrics, buttons, tabs,
table headers and cells (except the columns shown as the data wrote them: sources, descriptions, notes, ids),
plotly charts (trace names, texts, hover texts, ticks, annotations, titles) and deck.gl maps (tooltips, labels).
`foreign_words(texts, lang)` finds in them what a reader of `lang` should never meet: schema codes (`twin_city`,
`dalarna_party`, a cell that is a bare choice code), a name that names-zh.csv renders in Chinese shown in Latin
script (zh), and English words of the UI catalogue left untranslated (sv, zh).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from cooperation.i18n import MESSAGES, t
from cooperation.schema import KINDS
from cooperation.store import SEED_AUTHOR
from cooperation.tables import AS_WRITTEN_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
NAMES_ZH = next((p for p in (ROOT.parent / "shared" / "data" / "facts" / "names-zh.csv",
                             ROOT / "tests" / "names-zh.csv") if p.is_file()), None)
URL = re.compile(r"\(?https?://[^\s)\]\"'<>]+\)?")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")
SNAKE = re.compile(r"(?<![\w.-])[a-z]+(?:_[a-z]+)+(?![\w.-])")
PLOTLY_TEXT_KEYS = ("name", "text", "hovertext", "ticktext", "title", "legendgrouptitle")


def _as_written_headers(lang: str) -> set[str]:
    return {t(f"col.{c}", lang) for c in AS_WRITTEN_COLUMNS} | {t("col.source", lang), t("col.source_link", lang)}


def _plotly_texts(node: object) -> Iterator[str]:
    """Every text a plotly figure's JSON shows (names, texts, ticks, annotations, titles), not its numbers."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in PLOTLY_TEXT_KEYS or (key == "text" and isinstance(value, str)):
                yield from _strings(value)
            elif key not in ("customdata", "x", "y", "meta", "ids"):
                yield from _plotly_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _plotly_texts(item)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from _plotly_texts(value)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _deck_texts(spec: str) -> Iterator[str]:
    """Tooltips and labels of a deck.gl map (the layers' data), not its URLs and numbers."""
    deck = json.loads(spec)
    for layer in deck.get("layers", []):
        data = layer.get("data")
        if isinstance(data, list):
            for row in data:
                for key in ("tooltip", "label", "text", "name"):
                    if isinstance(row, dict) and isinstance(row.get(key), str):
                        yield row[key]


def screen_texts(at: object, lang: str) -> list[str]:
    """Every text the last run of `at` shows, as the reader sees it (tags and link targets removed)."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "exception"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for metric in at.metric:
        texts += [metric.label, str(metric.value)]
    for kind in ("button", "toggle", "checkbox", "text_input", "slider", "selectbox", "multiselect", "radio"):
        texts += [e.label for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio"):
        for element in getattr(at, kind):
            texts += [str(o) for o in element.options]
    texts += [tab.label for tab in at.tabs]
    texts += [e.label for e in at.expander]
    skipped = _as_written_headers(lang)
    for frame in at.dataframe:
        table = frame.value
        texts += [str(c) for c in table.columns]
        for column in table.columns:
            if str(column) not in skipped:
                texts += [str(v) for v in table[column].tolist() if v is not None and str(v) not in ("", "nan")]
    for chart in at.get("plotly_chart"):
        texts += list(_plotly_texts(json.loads(chart.proto.spec)))
    for deck in at.get("deck_gl_json_chart"):
        texts += list(_deck_texts(deck.proto.json))
    for button in at.get("download_button") + at.get("link_button"):
        texts.append(button.proto.label)
    return [clean(text) for text in texts if text]


def clean(text: str) -> str:
    """The text as read: markdown links by their label, web addresses and HTML tags left out, escapes undone."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = URL.sub(" ", TAG.sub(" ", text))
    return re.sub(r"\\(.)", r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _codes() -> tuple[set[str], set[str]]:
    """(snake_case identifiers of the schema, every choice code)."""
    identifiers = {c.name for kind in KINDS.values() for c in kind.columns if "_" in c.name}
    identifiers |= {v for kind in KINDS.values() for c in kind.columns for v in c.choices if "_" in v}
    identifiers |= {"date_precision", "name_original", "low_confidence_source"}
    choices = {v for kind in KINDS.values() for c in kind.columns for v in c.choices}
    return identifiers, choices


def latin_names_with_chinese_renderings() -> list[str]:
    """The Latin names names-zh.csv gives a Chinese rendering for (empty when the file is not beside the repo)."""
    if NAMES_ZH is None:
        return []
    with NAMES_ZH.open(encoding="utf-8") as f:
        return sorted({row["name"] for row in csv.DictReader(f) if row.get("name_zh")}, key=len, reverse=True)


def untranslated_english(lang: str) -> list[str]:
    """Phrases of the English catalogue that `lang` words otherwise: seeing one in `lang` means it was not
    translated. Each is a literal part of an English text (between placeholders) of two words or more, or one
    word of five letters or more, that no text of `lang` contains; foreign_words looks for a single word only as a
    whole text (a table cell, a label), for loanwords such as 'cleantech' are at home in Swedish sentences."""
    own = " ".join(MESSAGES[lang].values())
    phrases: set[str] = set()
    for key, english in MESSAGES["en"].items():
        if MESSAGES[lang][key] == english:
            continue
        for part in re.split(r"\{[^}]*\}", english):
            part = part.strip(" .,:;()–-…·“”\"'")
            words = re.findall(r"[A-Za-z]+", part)
            if (len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 5)) and part and part not in own:
                phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


def foreign_words(texts: Iterable[str], lang: str) -> list[tuple[str, str]]:
    """(what, where) for every schema code, Latin name with a Chinese rendering (zh) and untranslated English
    phrase (sv, zh) found in `texts`."""
    identifiers, choices = _codes()
    found: list[tuple[str, str]] = []
    names = latin_names_with_chinese_renderings() if lang == "zh" else []
    english = [*untranslated_english(lang), SEED_AUTHOR] if lang != "en" else []
    for text in texts:
        found += [(code, text) for code in SNAKE.findall(text) if code in identifiers]
        if lang != "en" and text.strip() in choices and text.strip() not in MESSAGES[lang].values():
            found.append((text.strip(), text))
        for name in names:
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                found.append((name, text))
        for phrase in english:  # a single word only as the whole text (a loanword may sit in a sentence)
            if text.strip() == phrase or (" " in phrase and re.search(
                    rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)):
                found.append((phrase, text))
    return found


__all__ = ["clean", "foreign_words", "latin_names_with_chinese_renderings", "screen_texts", "untranslated_english"]
