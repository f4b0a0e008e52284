"""The one-page A4 briefing as self-contained HTML, and as PDF printed by headless Chromium."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import reduce
from pathlib import Path
from typing import Literal

import pandas as pd

from cooperation.dataset import Dataset, split_sources
from cooperation.filters import Filters, default_filters
from cooperation.geo import arcs_table, locate_parties, points_table
from cooperation.i18n import fmt_date, join_names, labelled, sector_label, t
from cooperation.lives import AgreementLife, state_label
from cooperation.lives_figure import STATE_STYLES, STATE_SYMBOLS, lives_summary
from cooperation.metrics import latest_events, records_per_year
from cooperation.narrative import by_year_summary, empty_reason, kpi_cards, state_text
from cooperation.pictures import CHART_NAMES, briefing_images, chart_title, chromium_path
from cooperation.schema import EVENT_KINDS
from cooperation.style import date_label, kind_label
from cooperation.style import escape as _e
from cooperation.timeline import timeline_summary

HTML_LANG = {"sv": "sv", "en": "en", "zh": "zh-Hans"}
MANY_SOURCES = 14  # more than this: the sources get the full width in three columns

BRIEFING_CSS = """
@page { size: A4 portrait; margin: 10mm 12mm 9mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef0f2; color: #1e1e1e; font-size: 8.6pt; line-height: 1.32;
       font-family: "Source Sans Pro", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
                    "DejaVu Sans", Arial, sans-serif; }
:lang(zh-Hans) body, body:lang(zh-Hans) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
                    "PingFang SC", "Noto Sans", sans-serif; }
/* where a CJK font stands in for the Latin ones, its quotation marks are full-width unless told otherwise */
body:not(:lang(zh-Hans)) { font-variant-east-asian: proportional-width; }
.page { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 11mm 12mm 10mm 12mm; background: white;
        box-shadow: 0 1px 6px rgba(0, 0, 0, .18); }
header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #0072B2;
         padding-bottom: 2mm; margin-bottom: 3mm; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: #0072B2; font-weight: 700; font-size: 7.5pt; }
h1 { font-size: 17pt; margin: .5mm 0 0 0; line-height: 1.15; }
.meta { text-align: right; color: #555; font-size: 7.5pt; max-width: 85mm; }
h2 { font-size: 9.5pt; margin: 0 0 1.2mm 0; color: #0b3d63; }
section { margin-bottom: 2.6mm; break-inside: avoid; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; }
.kpi { border: 1px solid #d5dae0; border-radius: 1.5mm; padding: 1.5mm 2mm; }
.kpi .value { font-size: 15pt; font-weight: 700; line-height: 1.1; }
.kpi .label { font-weight: 700; font-size: 8pt; }
.kpi .note { color: #555; font-size: 7pt; }
.state { border-left: 3px solid #D55E00; background: #fbf1ea; padding: 1.6mm 2.5mm; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.grid.bottom { grid-template-columns: 1fr 1fr; }
figure { margin: 0; }
figure img { display: block; width: 100%; height: auto; }
figcaption { color: #555; font-size: 7pt; margin-top: .6mm; }
table { border-collapse: collapse; width: 100%; font-size: 7.3pt; }
th, td { border-bottom: 1px solid #e3e6ea; padding: .5mm 1mm; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
.notice { color: #8a4b00; font-size: 7.3pt; }
ul.events { list-style: none; margin: 0; padding: 0; }
ul.events li { padding: .7mm 0; border-bottom: 1px solid #e3e6ea; }
ul.events .title { font-weight: 700; }
ul.events .line { color: #444; font-size: 7.2pt; line-height: 1.22; }
sup { font-size: 6.5pt; color: #0072B2; }
ul.lives { list-style: none; margin: 0; padding: 0; font-size: 7pt; line-height: 1.15; }
ul.lives li { padding: .15mm 0; border-bottom: 1px solid #e3e6ea; }
ul.lives .mark { font-weight: 700; }
h2 .aside { font-weight: 400; color: #555; font-size: 7.3pt; }
ol.sources { margin: 0; padding-left: 5mm; font-size: 6.9pt; line-height: 1.25; }
ol.sources li { margin-bottom: .5mm; overflow-wrap: anywhere; word-break: break-word; break-inside: avoid; }
.many ol.sources { columns: 3; column-gap: 5mm; font-size: 6pt; line-height: 1.2; }
.many { break-inside: auto; }
p.lead { color: #555; font-size: 7.3pt; margin: 0 0 1mm 0; }
a { color: #0b5c99; text-decoration: none; }
footer { color: #666; font-size: 6.6pt; line-height: 1.2; border-top: 1px solid #d5dae0; padding-top: 1mm; }
@media print {
  body { background: white; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
"""


def sentences(lang: str, *texts: str) -> str:
    """Sentences one after another, as the language writes them (a space between, none in Chinese)."""
    return reduce(lambda first, second: t("punct.sentences", lang, first=first, second=second), texts)


def is_url(text: str) -> bool:
    """True for an http(s) address without spaces (the only sources that become links)."""
    return text.startswith(("http://", "https://")) and not any(c.isspace() for c in text)


def numbered_sources(events: pd.DataFrame) -> dict[str, int]:
    """Every distinct source of `events`, numbered from 1 in the order of the events (oldest first)."""
    ordered = events.sort_values(["start", "kind", "id"], kind="stable") if len(events) else events
    numbers: dict[str, int] = {}
    for value in ordered["source"] if len(ordered) else []:
        for source in split_sources(value):
            numbers.setdefault(source, len(numbers) + 1)
    return numbers


def _filters_text(filters: Filters, events: pd.DataFrame, lang: str) -> str:
    parts = [f"{filters.year_from}–{filters.year_to}"]
    present = [k for k in EVENT_KINDS if k in set(events["kind"])] if len(events) else list(EVENT_KINDS)
    kinds = [k for k in filters.kinds if k in EVENT_KINDS]
    if set(present) <= set(kinds):
        parts.append(t("briefing.filters.all_kinds", lang))
    else:
        parts.append(join_names((kind_label(k, lang) for k in kinds), lang))
    if filters.sectors:
        parts.append(t("briefing.filters.sectors", lang,
                       sectors=join_names((sector_label(s, lang) for s in filters.sectors), lang)))
    if filters.party.strip():
        parts.append(t("briefing.filters.party", lang, party=filters.party.strip()))
    return " · ".join(parts)


def _kpi_cards(events: pd.DataFrame, shown: pd.DataFrame, filters: Filters, lang: str) -> str:
    cards = kpi_cards(events, shown, filters, lang)
    notes = [" · ".join(card.captions) for card in cards]
    notes[-1] = t("briefing.kpi.records", lang, count=len(shown))  # the page has no room for the dates there
    return "".join(f'<div class="kpi"><div class="label">{_e(card.label)}</div><div class="value">{_e(card.value)}'
                   f'</div><div class="note">{_e(note)}</div></div>' for card, note in zip(cards, notes, strict=True))


def _refs(source: object, numbers: Mapping[str, int]) -> str:
    found = sorted({numbers[s] for s in split_sources(source) if s in numbers})
    return f"<sup>[{', '.join(str(n) for n in found)}]</sup>" if found else ""


def _latest_html(shown: pd.DataFrame, numbers: Mapping[str, int], lang: str, count: int) -> str:
    items = []
    for event in latest_events(shown, count).itertuples():
        names = list(event.parties)
        parties = join_names(names[:3], lang) + (f" +{len(names) - 3}" if len(names) > 3 else "") if names else "–"
        source = _refs(event.source, numbers) or f"<sup>({_e(t('data.no_source', lang))})</sup>"
        items.append(f'<li><div class="title">{_e(event.title)}{source}</div>'
                     f'<div class="line">{_e(date_label(event.date, event.precision, lang))} · '
                     f'{_e(kind_label(event.kind, lang))} · {_e(parties)}</div></li>')
    return f'<ul class="events">{"".join(items)}</ul>'


def _lives_html(lives: Sequence[AgreementLife], events: pd.DataFrame, lang: str) -> str:
    """What became of each agreement: its state (mark, colour and words) and title, one line each."""
    titles = dict(zip(events["id"], events["title"], strict=True))
    items = "".join(
        f'<li><span class="mark" style="color:{STATE_STYLES[life.state][0]}">{STATE_SYMBOLS[life.state]}</span> '
        f"<b>{_e(state_label(life, lang))}</b> · {_e(titles.get(life.id, life.agreement['title']))}</li>"
        for life in lives)
    return (f'<section><h2>{_e(t("lives.title", lang))} <span class="aside">{_e(lives_summary(lives, lang))}</span>'
            f'</h2><ul class="lives">{items}</ul></section>')


def _sources_html(numbers: Mapping[str, int]) -> str:
    items = []
    for source, number in sorted(numbers.items(), key=lambda item: item[1]):
        shown = (f'<a href="{_e(source)}">{_e(source)}</a>' if is_url(source) else _e(source))
        items.append(f'<li value="{number}">{shown}</li>')
    return f'<ol class="sources">{"".join(items)}</ol>'


def _picture(png: bytes | None, alt: str, fallback: str) -> str:
    if png:
        encoded = base64.b64encode(png).decode("ascii")
        return f'<img src="data:image/png;base64,{encoded}" alt="{_e(alt)}">'
    return fallback


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[bool]) -> str:
    head = "".join(f'<th class="{"n" if n else ""}">{_e(h)}</th>' for h, n in zip(headers, numeric, strict=True))
    body = "".join("<tr>" + "".join(f'<td class="{"n" if n else ""}">{_e(v)}</td>'
                                    for v, n in zip(row, numeric, strict=True)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fallback_tables(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, str]:
    """Small tables standing in for the pictures when kaleido cannot draw them."""
    counts = records_per_year(shown)
    kinds = [k for k in EVENT_KINDS if k in set(counts["kind"])]
    pivot = counts.pivot(index="year", columns="kind", values="count").fillna(0) if len(counts) else pd.DataFrame()
    per_year_rows = [[int(year), *(int(pivot.loc[year, k]) for k in kinds)] for year in pivot.index
                     if pivot.loc[year].sum() > 0]
    per_year = _table([t("briefing.col.year", lang), *(kind_label(k, lang) for k in kinds)], per_year_rows,
                      [False, *([True] * len(kinds))])
    spans = []
    for kind in kinds:
        rows = shown[shown["kind"] == kind].sort_values("start", kind="stable")
        first, last = rows.iloc[0], rows.iloc[-1]
        spans.append([kind_label(kind, lang), len(rows), fmt_date(first["date"], first["precision"], lang),
                      fmt_date(last["date"], last["precision"], lang)])
    timeline = _table([t("col.kind", lang), t("col.records", lang), t("briefing.col.first", lang),
                       t("briefing.col.last", lang)], spans, [False, True, False, False])
    names = {p for parties in shown["parties"] for p in parties}
    arcs = arcs_table(shown, locate_parties(names, dataset.frame("organisation"), dataset.frame("place")), lang)
    links = _table([t("col.from", lang), t("col.to", lang), t("col.records", lang)],
                   [[a.from_place, a.to_place, a.records] for a in arcs.itertuples()], [False, False, True])
    return {"per_year": per_year, "timeline": timeline, "map": links}


def _report_parts(dataset: Dataset, events: pd.DataFrame, shown: pd.DataFrame, filters: Filters, lang: str,
                  pictures: dict[str, bytes], latest_count: int, lives: Sequence[AgreementLife] | None) -> list[str]:
    """The briefing's sections for records shown: KPIs, the state, the pictures (or their tables) with their
    captions, the latest events (or the agreements' states) and the sources."""
    fallback = _fallback_tables(dataset, shown, lang) if any(not pictures.get(n) for n in CHART_NAMES) else {}

    def figure(name: str, caption: str) -> str:
        return (f"<section><h2>{_e(chart_title(name, lang))}</h2><figure>"
                f"{_picture(pictures.get(name), chart_title(name, lang), fallback.get(name, ''))}"
                f"<figcaption>{_e(caption)}</figcaption></figure></section>")

    state_label = f"<strong>{_e(t('briefing.state', lang))}</strong>"
    parts = [f'<section><h2>{_e(t("briefing.kpis", lang))}</h2><div class="kpis">'
             f"{_kpi_cards(events, shown, filters, lang)}</div></section>",
             f'<section class="state">{labelled(state_label, _e(state_text(events, lang)), lang)}</section>']
    if fallback:
        parts.append(f'<p class="notice">{_e(t("briefing.no_pictures", lang))}</p>')
    parts.append('<div class="grid">' + figure("per_year", by_year_summary(shown, lang))
                 + figure("map", _map_caption(dataset, shown, lang)) + "</div>")
    parts.append(figure("timeline", timeline_summary(shown, lang)))
    parts.append(_bottom_html(events, shown, lang, latest_count, lives))
    return parts


def _map_caption(dataset: Dataset, shown: pd.DataFrame, lang: str) -> str:
    """The map picture's caption: what it shows, how many places and links, its attribution, and the parties that
    cannot be placed (last: this sentence ends in a list, with no full stop)."""
    names = {p for parties in shown["parties"] for p in parties}
    located = locate_parties(names, dataset.frame("organisation"), dataset.frame("place"))
    arcs, points = arcs_table(shown, located, lang), points_table(shown, located)
    linked = len({i for ids in arcs["ids"] for i in ids})
    caption = sentences(lang, t("map.caption", lang),
                        t("map.summary", lang, places=len(points), arcs=len(arcs), records=linked))
    caption = sentences(lang, caption, t("data.attribution", lang))
    unplaced = sorted(located[located["lat"].isna()]["name"])
    if unplaced:
        caption = sentences(lang, caption, t("map.unplaced", lang, names=join_names(unplaced, lang)))
    return caption


def _bottom_html(events: pd.DataFrame, shown: pd.DataFrame, lang: str, latest_count: int,
                 lives: Sequence[AgreementLife] | None) -> str:
    """The latest events (or, when given, what became of the agreements: the timeline shows the events) and the
    numbered sources; with many sources, the sources below in three columns over the full width."""
    numbers = numbered_sources(shown)
    unsourced = int(shown["source"].map(lambda s: not split_sources(s)).sum())
    sources_note = t("briefing.sources_caption", lang, count=len(shown))
    if unsourced:
        sources_note = sentences(lang, sources_note, t("briefing.unsourced", lang, count=unsourced))
    many = len(numbers) > MANY_SOURCES
    latest = _lives_html(lives, events, lang) if lives else (
        f'<section><h2>{_e(t("overview.latest", lang))}</h2>'
        f"{_latest_html(shown, numbers, lang, min(latest_count, 3) if many else latest_count)}</section>")
    sources = (f'<section class="{"many" if many else ""}">'
               f'<h2>{_e(t("data.sources", lang))}</h2><p class="lead">{_e(sources_note)}</p>'
               f"{_sources_html(numbers)}</section>")
    return latest + sources if many else f'<div class="grid bottom">{latest}{sources}</div>'


def briefing_html(dataset: Dataset, events: pd.DataFrame, shown: pd.DataFrame, filters: Filters, lang: str, *,
                  images: Mapping[str, bytes] | None | Literal["auto"] = "auto", today: date | None = None,
                  latest_count: int = 5, lives: Sequence[AgreementLife] | None = None) -> str:
    """A self-contained one-page A4 briefing in `lang`: KPIs, the state of the partnership, records per year,
    the timeline, a map picture, the latest events and the numbered sources of every record shown.

    `lives`: what became of the agreements shown (cooperation.lives): when given, their states are listed in the
    place of the latest events.
    `images`: "auto" draws the pictures with kaleido; a mapping gives them (name -> PNG); None or a failed
    drawing puts small tables in their place and says so. No scripts, no external resources: the only
    addresses in it are the sources' links.
    """
    exported = fmt_date((today or date.today()).isoformat(), "day", lang)
    title = t("app.title", lang)
    meta = (f'<div>{_e(t("briefing.exported", lang, date=exported))}</div>'
            f'<div>{_e(_filters_text(filters, events, lang))}</div>')
    parts = [f'<header><div><div class="kicker">{_e(t("briefing.kicker", lang))}</div><h1>{_e(title)}</h1></div>'
             f'<div class="meta">{meta}</div></header>']
    if events.empty or shown.empty:
        why = t("data.empty", lang) if events.empty else empty_reason(
            filters, default_filters(events, (today or date.today()).year), lang)
        parts.append(f'<section class="state">{_e(why)}</section>')
    else:
        if isinstance(images, str):
            images = briefing_images(dataset, shown, lang)
        parts += _report_parts(dataset, events, shown, filters, lang, dict(images or {}), latest_count, lives)
    parts.append(f'<footer>{_e(t("briefing.footer", lang))}</footer>')
    return ("<!DOCTYPE html>\n"
            f'<html lang="{HTML_LANG.get(lang, "sv")}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)} – {_e(t("briefing.kicker", lang))}</title>'
            f"<style>{BRIEFING_CSS}</style></head>"
            f'<body><main class="page">{"".join(parts)}</main></body></html>\n')


# --------------------------------------------------------------------------------------------------------------
# the briefing as PDF: headless Chromium prints the HTML

PDF_TIMEOUT = 60.0
OFFLINE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-extensions", "--disable-dev-shm-usage", "--no-default-browser-check",
                 "--no-pdf-header-footer", "--hide-scrollbars")


def briefing_pdf(html_text: str, timeout: float = PDF_TIMEOUT) -> bytes | None:
    """The briefing printed to PDF (A4, by its @page rule) by headless Chromium, or None when Chromium is missing
    or fails."""
    browser = chromium_path()
    if browser is None:
        return None
    with tempfile.TemporaryDirectory(prefix="briefing-") as folder:
        page, out = Path(folder) / "briefing.html", Path(folder) / "briefing.pdf"
        page.write_text(html_text, encoding="utf-8")
        command = [browser, *OFFLINE_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={out}", page.as_uri()]
        try:  # its own process group, so that a hung Chromium is stopped with all its helpers
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            return None
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None
        data = out.read_bytes() if out.is_file() else b""
    return data if data.startswith(b"%PDF") else None
