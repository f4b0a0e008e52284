"""Exports: records as CSV and XLSX (formula injection neutralised), charts as PNG, a one-page A4 briefing.

Pictures are drawn by kaleido with the machine's Chromium, and the briefing's PDF by Chromium itself; both are
optional: without them the functions return None and the briefing shows small tables instead of pictures.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.dataset import Dataset, split_sources
from cooperation.filters import Filters
from cooperation.geo import arcs_table, load_outlines, locate_parties, points_table, side_labels
from cooperation.i18n import fmt_date, fmt_money, fmt_number, fmt_percent, t
from cooperation.metrics import compute_kpis, latest_events, partnership_state, records_per_year
from cooperation.schema import EVENT_KINDS, KINDS
from cooperation.style import FONT_FAMILY, SIDE_COLOURS, SIDE_SYMBOLS, date_label, kind_label
from cooperation.timeline import per_year_figure, timeline_figure, timeline_summary

# --------------------------------------------------------------------------------------------------------------
# records: CSV and XLSX

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # OWASP "CSV injection"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_ILLEGAL = str.maketrans({c: None for c in [*range(0, 9), 11, 12, *range(14, 32)]})


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a leading apostrophe; anything else unchanged.

    Numbers stay numbers (a negative float is harmless); the TEXT "-1+1" is neutralised.
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _plain(value: object) -> object:
    """One cell as a plain Python value: None for missing, parties joined, dates as ISO text, numpy unwrapped."""
    if isinstance(value, (tuple, list)):
        return " | ".join(str(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        item = value.item()
        return None if isinstance(item, float) and math.isnan(item) else item
    return value


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as written to files: the ingest's row number dropped, text neutralised, whole numbers as integers."""
    out = frame.drop(columns=["row"], errors="ignore").copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_bool_dtype(series) or (
                pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_object_dtype(series)):
            values = pd.to_numeric(series, errors="coerce")
            known = values.dropna()
            if pd.api.types.is_float_dtype(values) and len(known) and (known == known.round()).all():
                out[column] = values.astype("Int64")
            continue
        out[column] = pd.Series([neutralise(_plain(v)) for v in series], index=out.index, dtype=object)
    return out


def records_csv(frame: pd.DataFrame) -> bytes:
    """The records as CSV in UTF-8 with a byte-order mark (so Excel reads å ä ö and Chinese), formulas neutralised."""
    return export_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _sheet_title(name: str, taken: set[str]) -> str:
    base = "".join("_" if c in '[]:*?/\\' else c for c in str(name)).strip("'") or "records"
    title, number = base[:31], 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(title.casefold())
    return title


def records_xlsx(frames: pd.DataFrame | Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per entry of `frames` (or one sheet 'records'), formulas neutralised.

    Every text is stored as text (never as a formula); numbers stay numbers.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheets = {"records": frames} if isinstance(frames, pd.DataFrame) else dict(frames)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        sheet = book.create_sheet(_sheet_title(name, taken))
        table = export_frame(frame)
        widths = [len(str(c)) for c in table.columns]
        for col, header in enumerate(table.columns, start=1):
            cell = sheet.cell(row=1, column=col, value=str(neutralise(str(header))).translate(_XLSX_ILLEGAL))
            cell.data_type, cell.font = "s", Font(bold=True)
        for row, values in enumerate(table.itertuples(index=False, name=None), start=2):
            for col, raw in enumerate(values, start=1):
                value = _plain(raw)
                if isinstance(value, str):
                    value = str(neutralise(value)).translate(_XLSX_ILLEGAL)
                    widths[col - 1] = max(widths[col - 1], min(len(value), 60))
                cell = sheet.cell(row=row, column=col, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would store a text starting with '=' as a formula
        sheet.freeze_panes = "A2"
        if len(table.columns):
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(len(table) + 1, 1)}"
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = max(8, min(width + 2, 62))
    if not sheets:
        book.create_sheet("records")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filtered_records(dataset: Dataset, shown: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The stored records of every kind, events limited to the `shown` ones, keyed by file name without '.csv'."""
    shown_ids = set(shown["id"])
    out: dict[str, pd.DataFrame] = {}
    for kind in KINDS.values():
        frame = dataset.frame(kind.name)
        if kind.is_event:
            frame = frame[frame["id"].isin(shown_ids)]
        out[kind.file.removesuffix(".csv")] = frame
    return out


# --------------------------------------------------------------------------------------------------------------
# the static map picture: plotly on plain lon/lat axes, no plotly geo (which fetches its basemap from a CDN)

MAP_LON = (-10.0, 130.0)
MAP_LAT = (15.0, 72.0)
MAP_PARALLEL = 40.0  # equirectangular with true scale at 40°N: y is stretched by 1/cos(40°)
MAP_RATIO = round(1 / math.cos(math.radians(MAP_PARALLEL)), 4)
LAND_COLOUR, COAST_COLOUR, SEA_COLOUR, ARC_COLOUR = "#ecece8", "#b9b9b4", "#f4f7fa", "#4d4d4d"


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, points: int = 50) -> tuple[np.ndarray,
                                                                                               np.ndarray]:
    """Latitudes and longitudes of `points` points along the great circle between two places (lon unwrapped)."""
    def vector(lat: float, lon: float) -> np.ndarray:
        la, lo = math.radians(lat), math.radians(lon)
        return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])

    a, b = vector(lat1, lon1), vector(lat2, lon2)
    omega = math.acos(float(np.clip(np.dot(a, b), -1.0, 1.0)))
    steps = np.linspace(0.0, 1.0, points)
    if omega < 1e-9:
        return np.full(points, float(lat1)), np.full(points, float(lon1))
    xyz = (np.outer(np.sin((1 - steps) * omega), a) + np.outer(np.sin(steps * omega), b)) / math.sin(omega)
    lats = np.degrees(np.arcsin(np.clip(xyz[:, 2], -1.0, 1.0)))
    lons = np.unwrap(np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0])), period=360.0)
    lons += 360.0 * round((lon1 - lons[0]) / 360.0)
    return lats, lons


def _rings(geometry: Mapping) -> Iterable[list]:
    if geometry.get("type") == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


def outline_paths(outlines: Mapping, lon_range: tuple[float, float], lat_range: tuple[float, float],
                  margin: float = 30.0) -> tuple[list, list]:
    """x (lon) and y (lat) of every country's outer ring near the extent, rings separated by None (unwrapped
    at ±180° so that Russia and Fiji draw no band across the map)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in outlines.get("features", []):
        for ring in _rings(feature.get("geometry") or {}):
            coords = np.asarray(ring, dtype=float)
            if coords.ndim != 2 or len(coords) < 3:
                continue
            lons, lats = np.unwrap(coords[:, 0], period=360.0), coords[:, 1]
            if (lons.max() < lon_range[0] - margin or lons.min() > lon_range[1] + margin
                    or lats.max() < lat_range[0] - margin or lats.min() > lat_range[1] + margin):
                continue
            xs += [*np.round(lons, 3).tolist(), None]
            ys += [*np.round(lats, 3).tolist(), None]
    return xs, ys


def _map_extent(points: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    lons, lats = [*MAP_LON], [*MAP_LAT]
    if len(points):
        lons += [float(points["lon"].min()) - 5, float(points["lon"].max()) + 5]
        lats += [float(points["lat"].min()) - 4, float(points["lat"].max()) + 4]
    return (max(min(lons), -180.0), min(max(lons), 180.0)), (max(min(lats), -85.0), min(max(lats), 85.0))


def map_figure(events: pd.DataFrame, organisations: pd.DataFrame, places: pd.DataFrame, lang: str = "en",
               outlines: Mapping | None = None) -> go.Figure:
    """A static map picture: country outlines as filled polygons on lon/lat axes, the parties' places and
    great-circle arcs between the two sides of each record (wider = more records). No geo traces."""
    names = {p for parties in events["parties"] for p in parties}
    located = locate_parties(names, organisations, places)
    arcs = arcs_table(events, located, lang)
    points = points_table(events, located)
    lon_range, lat_range = _map_extent(points)
    xs, ys = outline_paths(outlines if outlines is not None else load_outlines(), lon_range, lat_range)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=LAND_COLOUR, name="outlines",
                             line={"color": COAST_COLOUR, "width": 0.6}, hoverinfo="skip", showlegend=False))
    records_word = t("map.tooltip.records", lang)
    for number, arc in enumerate(arcs.itertuples()):
        lats, lons = great_circle(arc.from_lat, arc.from_lon, arc.to_lat, arc.to_lon)
        label = f"{html.escape(str(arc.from_place))} – {html.escape(str(arc.to_place))}: {arc.records} {records_word}"
        fig.add_trace(go.Scatter(x=lons, y=lats, mode="lines", name=t("export.map.links", lang), legendgroup="arcs",
                                 showlegend=number == 0, opacity=0.7, hovertext=label, hoverinfo="text",
                                 line={"color": ARC_COLOUR, "width": min(1.0 + 0.7 * arc.records, 7.0)}))
    for side in ("dalarna", "hubei", "other"):
        group = points[points["side"] == side]
        if group.empty:
            continue
        hover = [f"{html.escape(str(p.place))}: {p.records} {records_word}<br>"
                 + "<br>".join(html.escape(str(n)) for n in p.names) for p in group.itertuples()]
        fig.add_trace(go.Scatter(
            x=group["lon"], y=group["lat"], mode="markers", name=t(f"side.{side}", lang), hovertext=hover,
            hoverinfo="text",
            marker={"symbol": SIDE_SYMBOLS[side], "color": SIDE_COLOURS[side], "line": {"color": "white", "width": 1},
                    "size": [7 + min(int(r), 20) * 0.5 for r in group["records"]]}))
    for label in side_labels(points, lang):
        lon, lat = label["position"]
        fig.add_annotation(x=lon, y=lat, text=f"<b>{html.escape(label['label'])}</b>", showarrow=False, yshift=-16,
                           font={"size": 13, "color": "#1e1e1e"}, bgcolor="rgba(255,255,255,0.75)")
    fig.add_annotation(x=1, y=0, xref="paper", yref="paper", xanchor="right", yanchor="bottom", showarrow=False,
                       text=html.escape(t("data.attribution", lang)), font={"size": 9, "color": "#666666"})
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 13}, height=520, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        plot_bgcolor=SEA_COLOUR, paper_bgcolor="white", hovermode="closest",
        legend={"orientation": "h", "x": 0.01, "y": 0.01, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.8)"},
        xaxis={"range": list(lon_range), "visible": False, "fixedrange": True},
        yaxis={"range": list(lat_range), "visible": False, "fixedrange": True, "scaleanchor": "x",
               "scaleratio": MAP_RATIO},
        meta={"lon_range": list(lon_range), "lat_range": list(lat_range)},
    )
    return fig


def fit_map(fig: go.Figure, width: int, height: int) -> go.Figure:
    """The map laid out for a picture of width × height pixels: its extent widened (never cut) to the picture's
    shape, so that the projection keeps its proportions."""
    meta = fig.layout.meta or {}
    (lon0, lon1), (lat0, lat1) = meta.get("lon_range", MAP_LON), meta.get("lat_range", MAP_LAT)
    lon_span, lat_span = lon1 - lon0, (lat1 - lat0) * MAP_RATIO
    if width / height > lon_span / lat_span:
        extra = (lat_span * width / height - lon_span) / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    else:
        extra = (lon_span * height / width / MAP_RATIO - (lat1 - lat0)) / 2
        lat0, lat1 = max(lat0 - extra, -85.0), min(lat1 + extra, 85.0)
    fig.update_layout(width=width, height=height, autosize=False, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    fig.update_xaxes(range=[lon0, lon1])
    fig.update_yaxes(range=[lat0, lat1])
    fig.layout.yaxis.scaleanchor = None  # the ranges above keep the proportions; update_*(x=None) would not unset
    fig.layout.yaxis.scaleratio = None
    return fig


# --------------------------------------------------------------------------------------------------------------
# pictures: kaleido with the machine's Chromium

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


async def _render(figures: Sequence[tuple[go.Figure, int, int, float]]) -> list[bytes]:
    import kaleido

    # mathjax=False: kaleido would load MathJax from a CDN; plotly.js comes from the installed plotly package
    async with kaleido.Kaleido(n=1, timeout=KALEIDO_PER_FIGURE, mathjax=False) as renderer:
        return [await renderer.calc_fig(fig, opts={"format": "png", "width": width, "height": height, "scale": scale})
                for fig, width, height, scale in figures]


def charts_png(figures: Sequence[tuple[go.Figure, int, int]] | Sequence[tuple[go.Figure, int, int, float]],
               scale: float = 2.0, timeout: float | None = None) -> list[bytes] | None:
    """PNGs of (figure, width, height[, scale]) drawn in one browser session, or None if kaleido or Chromium is
    missing, fails or takes longer than `timeout` seconds."""
    if not figures:
        return []
    if not kaleido_available():
        return None
    jobs = [(fig, int(w), int(h), float(rest[0]) if rest else scale) for fig, w, h, *rest in figures]
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["png"] = asyncio.run(_render(jobs))
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
PRINT_SIZES = {"per_year": (350, 168), "timeline": (720, 205), "map": (350, 168)}  # CSS px in the briefing


def sized(fig: go.Figure, width: int, height: int, font_size: int | None = None) -> go.Figure:
    """A copy of `fig` laid out for a picture of width × height pixels."""
    out = go.Figure(fig)
    out.update_layout(width=width, height=height, autosize=False)
    if (out.layout.meta or {}).get("lon_range"):
        fit_map(out, width, height)
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


def charts_for_download(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, bytes] | None:
    """Every exportable chart as a PNG file with its title (2× pixels), or None when kaleido cannot draw here."""
    figures = chart_figures(dataset, shown, lang)
    jobs = [(titled(sized(figures[name], *DOWNLOAD_SIZES[name], font_size=16), name, lang), *DOWNLOAD_SIZES[name])
            for name in CHART_NAMES]
    pngs = charts_png(jobs, scale=2.0)
    return dict(zip(CHART_NAMES, pngs, strict=True)) if pngs else None


def _print_figures(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, go.Figure]:
    figures = chart_figures(dataset, shown, lang)
    out = {}
    for name, fig in figures.items():
        width, height = PRINT_SIZES[name]
        small = sized(fig, width, height, font_size=10)
        if name == "map":  # the briefing names the outlines' source in the caption
            small.update_layout(showlegend=False, annotations=[  # the caption says what arcs and sizes mean
                a for a in small.layout.annotations if a.xref != "paper"])
            small.update_annotations(font={"size": 10})
        else:
            small.update_layout(margin={"l": 4, "r": 4, "t": 22, "b": 4}, legend={"y": 1.0, "yanchor": "bottom"})
            small.update_xaxes(title=None, tickangle=0)
        if name == "per_year" and len(shown):
            span = int(shown["year"].max()) - int(shown["year"].min())
            small.update_xaxes(dtick=1 if span <= 8 else 2 if span <= 16 else 5)
        out[name] = small
    return out


def briefing_images(dataset: Dataset, shown: pd.DataFrame, lang: str) -> dict[str, bytes] | None:
    """The briefing's three pictures (sized for A4, 3× pixels for print), or None when kaleido cannot draw."""
    if shown.empty:
        return {}
    figures = _print_figures(dataset, shown, lang)
    pngs = charts_png([(figures[name], *PRINT_SIZES[name]) for name in CHART_NAMES], scale=3.0)
    return dict(zip(CHART_NAMES, pngs, strict=True)) if pngs else None


# --------------------------------------------------------------------------------------------------------------
# the one-page briefing

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


def _e(value: object) -> str:
    """Text made safe for HTML (quotes too)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


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
        parts.append(", ".join(kind_label(k, lang) for k in kinds))
    if filters.sectors:
        parts.append(t("briefing.filters.sectors", lang, sectors=", ".join(filters.sectors)))
    if filters.party.strip():
        parts.append(t("briefing.filters.party", lang, party=filters.party.strip()))
    return " · ".join(parts)


def _kpi_cards(events: pd.DataFrame, shown: pd.DataFrame, filters: Filters, lang: str) -> str:
    kpis = compute_kpis(events, filters)
    values = ", ".join(fmt_money(v, c, lang) for c, v in kpis.deal_values.items())
    cards = [
        (t("overview.kpi.agreements", lang), fmt_number(kpis.agreements_signed, lang),
         t("overview.kpi.agreements_caption", lang, first=filters.year_from, last=filters.year_to)),
        (t("overview.kpi.active", lang), fmt_number(kpis.in_force_at_end, lang),
         t("overview.kpi.active_caption", lang, year=filters.year_to)),
        (t("overview.kpi.visits", lang), fmt_number(kpis.visits_to_dalarna + kpis.visits_to_hubei, lang),
         t("overview.kpi.visits_value", lang, to_dalarna=kpis.visits_to_dalarna, to_hubei=kpis.visits_to_hubei)),
        (t("overview.kpi.deals", lang), fmt_number(kpis.deals, lang),
         t("overview.kpi.deal_value", lang, value=values) if values else t("overview.kpi.deal_value_unknown", lang)),
        (t("overview.kpi.sourced", lang),
         fmt_percent(kpis.sourced_share, lang) if kpis.sourced_share is not None else "–",
         t("briefing.kpi.records", lang, count=kpis.records)),
    ]
    return "".join(f'<div class="kpi"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div>'
                   f'<div class="note">{_e(note)}</div></div>' for label, value, note in cards)


def state_text(events: pd.DataFrame, lang: str) -> str:
    """The state of the partnership in one sentence (plain text), from all records regardless of filters."""
    state = partnership_state(events)
    decision, ending = state.decision, state.ending
    if state.state == "ended" and ending is not None:
        return t("overview.state.ended", lang, end_title=ending["title"],
                 end_date=fmt_date(ending["date"], ending["precision"], lang),
                 decision_title=decision["title"] if decision is not None else "–",
                 decision_date=fmt_date(decision["date"], decision["precision"], lang) if decision is not None else "–")
    if state.state == "phasing_out" and decision is not None:
        return t("overview.state.phasing_out", lang, decision_title=decision["title"],
                 decision_date=fmt_date(decision["date"], decision["precision"], lang))
    if state.state == "active":
        newest = latest_events(events, 1).iloc[0]
        return t("overview.state.active", lang, latest=fmt_date(newest["date"], newest["precision"], lang))
    return t("data.empty", lang)


def _refs(source: object, numbers: Mapping[str, int]) -> str:
    found = sorted({numbers[s] for s in split_sources(source) if s in numbers})
    return f"<sup>[{', '.join(str(n) for n in found)}]</sup>" if found else ""


def _latest_html(shown: pd.DataFrame, numbers: Mapping[str, int], lang: str, count: int) -> str:
    items = []
    for event in latest_events(shown, count).itertuples():
        names = list(event.parties)
        parties = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "") if names else "–"
        source = _refs(event.source, numbers) or f"<sup>({_e(t('data.no_source', lang))})</sup>"
        items.append(f'<li><div class="title">{_e(event.title)}{source}</div>'
                     f'<div class="line">{_e(date_label(event.date, event.precision, lang))} · '
                     f'{_e(kind_label(event.kind, lang))} · {_e(parties)}</div></li>')
    return f'<ul class="events">{"".join(items)}</ul>'


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


def briefing_html(dataset: Dataset, events: pd.DataFrame, shown: pd.DataFrame, filters: Filters, lang: str, *,
                  images: Mapping[str, bytes] | None | Literal["auto"] = "auto", today: date | None = None,
                  latest_count: int = 5) -> str:
    """A self-contained one-page A4 briefing in `lang`: KPIs, the state of the partnership, records per year,
    the timeline, a map picture, the latest events and the numbered sources of every record shown.

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
        parts.append(f'<section class="state">{_e(t("data.empty" if events.empty else "data.none_match", lang))}'
                     "</section>")
    else:
        if isinstance(images, str):
            images = briefing_images(dataset, shown, lang)
        pictures = dict(images or {})
        fallback = _fallback_tables(dataset, shown, lang) if any(not pictures.get(n) for n in CHART_NAMES) else {}
        numbers = numbered_sources(shown)
        counts = records_per_year(shown)
        totals = counts.groupby("year")["count"].sum()
        by_year_caption = t("overview.by_year_summary", lang, count=int(totals.sum()), first=int(totals.index.min()),
                            last=int(totals.index.max()), peak_year=int(totals.idxmax()),
                            peak_count=int(totals.max()))
        organisations, places = dataset.frame("organisation"), dataset.frame("place")
        names = {p for parties in shown["parties"] for p in parties}
        located = locate_parties(names, organisations, places)
        arcs, points = arcs_table(shown, located, lang), points_table(shown, located)
        map_caption = t("map.caption", lang) + " " + t("map.summary", lang, places=len(points), arcs=len(arcs),
                                                       records=len({i for ids in arcs["ids"] for i in ids}))
        unplaced = sorted(located[located["lat"].isna()]["name"])
        if unplaced:
            map_caption += " " + t("map.unplaced", lang, names=", ".join(unplaced))

        def figure(name: str, caption: str) -> str:
            return (f"<section><h2>{_e(chart_title(name, lang))}</h2><figure>"
                    f"{_picture(pictures.get(name), chart_title(name, lang), fallback.get(name, ''))}"
                    f"<figcaption>{_e(caption)}</figcaption></figure></section>")

        parts.append(f'<section><h2>{_e(t("briefing.kpis", lang))}</h2><div class="kpis">'
                     f"{_kpi_cards(events, shown, filters, lang)}</div></section>")
        parts.append(f'<section class="state"><strong>{_e(t("briefing.state", lang))}:</strong> '
                     f"{_e(state_text(events, lang))}</section>")
        if fallback:
            parts.append(f'<p class="notice">{_e(t("briefing.no_pictures", lang))}</p>')
        parts.append('<div class="grid">' + figure("per_year", by_year_caption)
                     + figure("map", f"{map_caption} {t('data.attribution', lang)}") + "</div>")
        parts.append(figure("timeline", timeline_summary(shown, lang)))
        unsourced = int(shown["source"].map(lambda s: not split_sources(s)).sum())
        sources_note = t("briefing.sources_caption", lang, count=len(shown))
        if unsourced:
            sources_note += " " + t("briefing.unsourced", lang, count=unsourced)
        many = len(numbers) > MANY_SOURCES
        latest = f'<section><h2>{_e(t("overview.latest", lang))}</h2>' \
                 f"{_latest_html(shown, numbers, lang, min(latest_count, 3) if many else latest_count)}</section>"
        sources = (f'<section class="{"many" if many else ""}">'
                   f'<h2>{_e(t("data.sources", lang))}</h2><p class="lead">{_e(sources_note)}</p>'
                   f"{_sources_html(numbers)}</section>")
        # many sources: three latest events, and the sources below them in three columns over the full width
        parts.append(latest + sources if many else f'<div class="grid bottom">{latest}{sources}</div>')
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


__all__ = ["CHART_NAMES", "XLSX_MIME", "briefing_html", "briefing_images", "briefing_pdf", "chart_figures",
           "chart_png", "chart_title", "charts_for_download", "charts_png", "chromium_path", "export_frame", "fit_map",
           "filtered_records", "great_circle", "kaleido_available", "map_figure", "neutralise", "numbered_sources",
           "outline_paths", "records_csv", "records_xlsx", "sized", "state_text", "titled"]
