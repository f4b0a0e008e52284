"""Chart pictures (PNG) drawn by kaleido with the machine's Chromium; None when there is no browser."""

from __future__ import annotations

import asyncio
import html
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from cooperation.dataset import Dataset
from cooperation.i18n import t
from cooperation.metrics import records_per_year
from cooperation.static_map import fit_map, map_figure
from cooperation.timeline import per_year_figure, timeline_figure

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
KALEIDO_TIMEOUT = 30.0  # seconds for starting the browser, plus per figure below
KALEIDO_PER_FIGURE = 20.0


def chromium_path() -> str | None:
    """The Chromium to use: $BROWSER_PATH (the variable kaleido reads too) or the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH", "").strip()
    if configured:
        return configured if Path(configured).is_file() and os.access(configured, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def kaleido_available() -> bool:
    """True when kaleido is installed and a Chromium is there for it (a quick check: nothing is started)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


async def _render(figures: Sequence[tuple[go.Figure, int, int, float]], image_format: str) -> list[bytes]:
    import kaleido

    # mathjax=False: kaleido would load MathJax from a CDN; plotly.js comes from the installed plotly package
    async with kaleido.Kaleido(n=1, timeout=KALEIDO_PER_FIGURE, mathjax=False) as renderer:
        return [await renderer.calc_fig(fig, opts={"format": image_format, "width": width, "height": height,
                                                   "scale": scale})
                for fig, width, height, scale in figures]


def charts_png(figures: Sequence[tuple[go.Figure, int, int]] | Sequence[tuple[go.Figure, int, int, float]],
               scale: float = 2.0, timeout: float | None = None, image_format: str = "png") -> list[bytes] | None:
    """PNGs (or `image_format`: "svg") of (figure, width, height[, scale]) drawn in one browser session, or None
    if kaleido or Chromium is missing, fails or takes longer than `timeout` seconds."""
    if not figures:
        return []
    if not kaleido_available():
        return None
    jobs = [(fig, int(w), int(h), float(rest[0]) if rest else scale) for fig, w, h, *rest in figures]
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["png"] = asyncio.run(_render(jobs, image_format))
        except Exception as error:  # noqa: BLE001 - any failure of the optional renderer means "no picture"
            result["error"] = error

    worker = threading.Thread(target=work, name="kaleido-export", daemon=True)
    worker.start()
    worker.join(timeout if timeout is not None else KALEIDO_TIMEOUT + KALEIDO_PER_FIGURE * len(jobs))
    pngs = result.get("png")
    if worker.is_alive() or not isinstance(pngs, list) or not all(isinstance(p, bytes) for p in pngs):
        return None
    return pngs


def chart_png(fig: go.Figure, width: int = 1200, height: int = 600, scale: float = 2.0) -> bytes | None:
    """One figure as PNG via kaleido, or None when it cannot be drawn here."""
    pngs = charts_png([(fig, width, height)], scale=scale)
    return pngs[0] if pngs else None


CHART_NAMES = ("per_year", "timeline", "map")


def chart_figures(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, go.Figure]:
    """The charts that can be exported: records per year, the timeline and the static map picture."""
    return {
        "per_year": per_year_figure(records_per_year(shown), lang),
        "timeline": timeline_figure(shown, lang),
        "map": map_figure(shown, dataset.frame("organisation"), dataset.frame("place"), lang),
    }


def chart_title(name: str, lang: str) -> str:
    """The heading of an exportable chart."""
    return t({"per_year": "overview.by_year", "timeline": "timeline.title", "map": "export.chart.map"}[name], lang)


DOWNLOAD_SIZES = {"per_year": (1200, 640), "timeline": (1400, 760), "map": (1400, 840)}
# CSS px of the pictures where the briefing shows them, so that their text prints at the size it was laid out in:
# a column of its two-column grid is 91 mm ((186 mm page width - 4 mm gap) / 2), the full width 186 mm.
PRINT_SIZES = {"per_year": (344, 160), "timeline": (703, 200), "map": (344, 160)}
# A template named, not the process's default: in the app Streamlit makes its own the default, which has no
# automargin (tick labels fall outside the picture) and placeholder colours that only its web page replaces.
PICTURE_TEMPLATE = "plotly_white"


def sized(fig: go.Figure, width: int, height: int, font_size: int | None = None) -> go.Figure:
    """A copy of `fig` laid out for a picture of width × height pixels, its margins grown to hold every label."""
    out = go.Figure(fig)
    out.update_layout(template=PICTURE_TEMPLATE, width=width, height=height, autosize=False)
    if (out.layout.meta or {}).get("lon_range"):
        fit_map(out, width, height)
    else:  # a picture has no hover: a legend of one kind says what the colour is; a gap keeps "0" off the first year
        out.update_layout(showlegend=True)
        out.update_xaxes(automargin=True)
        out.update_yaxes(automargin=True, ticklabelstandoff=4)
    if font_size:
        out.update_layout(font={"size": font_size}, legend={"font": {"size": font_size - 1}})
    return out


def titled(fig: go.Figure, name: str, lang: str) -> go.Figure:
    """The figure with its title and the app's name on top, for a picture that stands alone (a slide)."""
    title = f"<b>{html.escape(chart_title(name, lang))}</b> · {html.escape(t('app.title', lang))}"
    if name == "map":  # the map has no margins: the title sits in its top-left corner
        fig.add_annotation(x=0.01, y=0.99, xref="paper", yref="paper", xanchor="left", yanchor="top", text=title,
                           showarrow=False, font={"size": 20}, bgcolor="rgba(255,255,255,0.85)")
        return fig
    fig.update_layout(title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top",
                             "font": {"size": 20}},
                      margin={"t": 100}, legend={"y": 1.02, "yanchor": "bottom"})
    return fig


def _labels_over_data(fig: go.Figure) -> go.Figure:
    """Labels that sit on the data (the timeline's phase-out) get a white ground, so that no bar runs through them."""
    return fig.update_annotations(bgcolor="rgba(255,255,255,0.85)", selector={"xref": "x"})


def download_figures(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, go.Figure]:
    """The exportable charts laid out for the PNG files (DOWNLOAD_SIZES), each with its title."""
    figures = chart_figures(dataset, shown, lang)
    return {name: titled(_labels_over_data(sized(figures[name], *DOWNLOAD_SIZES[name], font_size=16)), name, lang)
            for name in CHART_NAMES}


def charts_for_download(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, bytes] | None:
    """Every exportable chart as a PNG file with its title (2× pixels), or None when kaleido cannot draw here."""
    figures = download_figures(dataset, shown, lang)
    pngs = charts_png([(figures[name], *DOWNLOAD_SIZES[name]) for name in CHART_NAMES], scale=2.0)
    return dict(zip(CHART_NAMES, pngs, strict=True)) if pngs else None


def print_figures(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, go.Figure]:
    """The briefing's charts laid out for their place on the A4 page (PRINT_SIZES, in CSS pixels)."""
    figures = chart_figures(dataset, shown, lang)
    out = {}
    for name, fig in figures.items():
        width, height = PRINT_SIZES[name]
        small = sized(fig, width, height, font_size=10)
        if name == "map":  # the briefing names the outlines' source in the caption
            small.update_layout(showlegend=False)  # the caption says what arcs and sizes mean
            # assigned, not updated: update_layout(annotations=[...]) would recycle the list over the old ones
            small.layout.annotations = [a for a in small.layout.annotations if a.xref != "paper"]
            small.update_annotations(font={"size": 10})
        else:
            small.update_layout(margin={"l": 4, "r": 4, "t": 22, "b": 4}, legend={"y": 1.0, "yanchor": "bottom"})
            small.update_xaxes(title=None, tickangle=0)
            _labels_over_data(small)
        if name == "per_year" and len(shown):
            span = int(shown["year"].max()) - int(shown["year"].min())
            small.update_xaxes(dtick=1 if span <= 8 else 2 if span <= 16 else 5)
        out[name] = small
    return out


def briefing_images(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, bytes] | None:
    """The briefing's three pictures (sized for A4, 3× pixels for print), or None when kaleido cannot draw."""
    if shown.empty:
        return {}
    figures = print_figures(dataset, shown, lang)
    pngs = charts_png([(figures[name], *PRINT_SIZES[name]) for name in CHART_NAMES], scale=3.0)
    return dict(zip(CHART_NAMES, pngs, strict=True)) if pngs else None
