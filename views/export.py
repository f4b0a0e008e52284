"""Export: the filtered records as CSV and XLSX, the charts as PNG, a one-page briefing as HTML and PDF."""

import time
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from app.context import View, cached, current_view, data_source, load, shown_lives
from app.widgets import stop_if_empty
from cooperation.briefing import briefing_html, briefing_pdf
from cooperation.dataset import Dataset
from cooperation.export import (
    XLSX_MIME,
    agreements_with_lives,
    filtered_records,
    record_counts,
    records_csv,
    records_xlsx,
)
from cooperation.i18n import t
from cooperation.lives_figure import lives_table
from cooperation.localize import name_map
from cooperation.pictures import (
    CHART_NAMES,
    briefing_images,
    chart_title,
    charts_for_download,
    chromium_path,
    kaleido_available,
)

LIVES_FILE = "agreement-states"  # what became of each agreement, in the chosen language


def _lives_table(view: View) -> pd.DataFrame:
    stored, _ = load()
    return lives_table(shown_lives(view), view.lang, name_map(stored, view.lang),
                       dict(zip(view.events["id"], view.events["title"], strict=True)))


class _Uncached(Exception):
    """Carries a result that a failed browser made incomplete: shown once, not cached, tried again next time."""

    def __init__(self, value: object) -> None:
        super().__init__("incomplete result")
        self.value = value


def _made_once(name: str, make: Callable[[View], object], view: View) -> object:
    """`make(view)` computed once per data version, filters, language and day (app.context.cached), except when it
    raises _Uncached: that result is shown, not kept."""
    try:
        return cached(name, lambda _: make(view), view, key=(date.today().isoformat(),))
    except _Uncached as incomplete:
        return incomplete.value


def period_end(view: View) -> pd.Timestamp:
    """The moment the agreements' states are told as of (app.context.shown_lives): the end of the period."""
    return pd.Timestamp(year=view.filters.year_to, month=12, day=31)


def _records_file(stored: Dataset, shown: pd.DataFrame, name: str) -> Callable[[], bytes]:
    """What the download button of `name`.csv calls when pressed: the file of its shown records."""
    return lambda: records_csv(filtered_records(stored, shown, only=name)[name])


def _workbook(view: View) -> bytes:
    return records_xlsx({**filtered_records(load()[0], view.shown), LIVES_FILE: _lives_table(view)})


def _chart_pngs(view: View) -> dict[str, bytes] | None:
    pngs = charts_for_download(view.dataset, view.shown, view.lang)
    if pngs is None:
        raise _Uncached(None)
    return pngs


def _briefing(view: View) -> tuple[str, bytes | None, float]:
    started = time.perf_counter()
    images = briefing_images(view.dataset, view.shown, view.lang)
    page = briefing_html(view.dataset, view.events, view.shown, view.filters, view.lang, images=images,
                         lives=shown_lives(view))
    pdf = briefing_pdf(page)
    result = (page, pdf, time.perf_counter() - started)
    if (images is None and kaleido_available()) or (pdf is None and chromium_path()):
        raise _Uncached(result)
    return result


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    st.title(t("export.title", lang))
    st.caption(t("export.caption", lang))
    if not stop_if_empty(view):
        key = (data_source(), repr(view.filters), lang, date.today().isoformat())

        st.subheader(t("export.records.header", lang))
        st.caption(t("export.records.help", lang))
        # Nothing is built on open: each file is made when its button is pressed (a callable `data`, run on its own
        # thread), from what this run hands it; at 10^5 events the workbook alone took half a minute.
        stored = load()[0]  # as stored: names as written, for a file to upload again
        counts = record_counts(stored, view.shown)
        columns = st.columns(3)
        for number, (name, count) in enumerate(counts.items()):
            columns[number % 3].download_button(
                t("export.csv.button", lang, kind=f"{name}.csv", count=count), _records_file(stored, view.shown, name),
                file_name=f"{name}.csv", mime="text/csv", key=f"export_csv_{name}", on_click="ignore",
                icon=":material/table_view:")
        lives = agreements_with_lives(view.shown, period_end(view))
        columns[len(counts) % 3].download_button(
            t("export.csv.button", lang, kind=f"{LIVES_FILE}.csv", count=lives),
            lambda: records_csv(_lives_table(view)),
            file_name=f"{LIVES_FILE}.csv", mime="text/csv", key="export_csv_lives", on_click="ignore",
            icon=":material/handshake:", help=t("export.lives.help", lang))
        st.download_button(t("export.xlsx.button", lang), lambda: _made_once("export_workbook", _workbook, view),
                           file_name="dalarna-hubei.xlsx", mime=XLSX_MIME, key="export_xlsx", on_click="ignore",
                           icon=":material/grid_on:", type="primary")

        st.subheader(t("export.briefing.header", lang))
        st.caption(t("export.briefing.help", lang))
        if st.button(t("export.briefing.make", lang), key="export_briefing_make", icon=":material/description:") \
                or st.session_state.get("_export_briefing") == key:
            with st.spinner(t("export.briefing.preparing", lang)):
                page, pdf, seconds = _made_once("export_briefing", _briefing, view)
            st.session_state["_export_briefing"] = key
            left, right = st.columns(2)
            left.download_button(t("export.briefing.html", lang), page.encode("utf-8"),
                                 file_name=f"briefing-{lang}.html", mime="text/html", key="export_briefing_html",
                                 on_click="ignore", icon=":material/html:")
            if pdf:
                right.download_button(t("export.briefing.pdf", lang), pdf, file_name=f"briefing-{lang}.pdf",
                                      mime="application/pdf", key="export_briefing_pdf", on_click="ignore",
                                      icon=":material/picture_as_pdf:")
            else:
                right.info(t("export.briefing.no_pdf", lang), icon=":material/print_disabled:")
            st.caption(t("export.briefing.ready", lang, seconds=f"{seconds:.1f}"))

        st.subheader(t("export.charts.header", lang))
        st.caption(t("export.charts.help", lang))
        if not kaleido_available():
            st.info(t("export.charts.unavailable", lang), icon=":material/image_not_supported:")
        elif st.button(t("export.charts.make", lang), key="export_charts_make", icon=":material/image:") \
                or st.session_state.get("_export_charts") == key:
            with st.spinner(t("export.charts.drawing", lang)):
                pngs = _made_once("export_charts", _chart_pngs, view)
            if not pngs:
                st.warning(t("export.charts.unavailable", lang), icon=":material/image_not_supported:")
            else:
                st.session_state["_export_charts"] = key
                for column, name in zip(st.columns(len(CHART_NAMES)), CHART_NAMES, strict=True):
                    column.image(pngs[name], caption=chart_title(name, lang))
                    column.download_button(t("export.charts.download", lang, name=chart_title(name, lang)), pngs[name],
                                           file_name=f"{name}-{lang}.png", mime="image/png", key=f"export_png_{name}",
                                           on_click="ignore", icon=":material/download:")


render(current_view())
