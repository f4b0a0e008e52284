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


__all__ = ["md_link", "md_text", "sources_markdown"]
