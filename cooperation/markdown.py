"""Text from data made safe for Markdown, and sources written as links."""

from __future__ import annotations

import re
from urllib.parse import quote

from cooperation.dataset import split_sources

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def md_text(value: object) -> str:
    """Plain text that Markdown shows as written: no links, no HTML, no formatting."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_link(label: str, url: str) -> str:
    """A Markdown link to an http(s) URL, with both parts escaped; other URLs become plain text."""
    if not url.startswith(("http://", "https://")):
        return md_text(label)
    safe_url = quote(url, safe=":/?&=#%@+,;~")
    return f"[{md_text(label)}]({safe_url})"


def sources_markdown(source: object, no_source_text: str) -> str:
    """Every source of a record: web addresses as links (named by their host), others as text."""
    parts = split_sources(source)
    if not parts:
        return f"*{md_text(no_source_text)}*"
    shown = []
    for part in parts:
        if part.startswith(("http://", "https://")):
            host = part.split("/")[2].removeprefix("www.")
            shown.append(md_link(host, part))
        else:
            shown.append(md_text(part))
    return " · ".join(shown)


def event_markdown(event: object, lang: str, no_source_text: str, sources_word: str) -> tuple[str, str]:
    """An event as the overview's latest events show it: its title in bold over its date (as known), kind and
    parties; and its sources as links, in small type."""
    from cooperation.i18n import join_names, labelled
    from cooperation.style import date_label, kind_label

    head = (f"**{md_text(event.title)}**  \n{md_text(date_label(event.date, event.precision, lang))} · "
            f"{kind_label(event.kind, lang)} · {md_text(join_names(event.parties, lang))}")
    return head, f":small[{labelled(sources_word, sources_markdown(event.source, no_source_text), lang)}]"


__all__ = ["event_markdown", "md_link", "md_text", "sources_markdown"]
