"""What the benchmarks share: generated data (kept between runs), servers, the browser, statistics, results.

Every measurement that needs a fresh interpreter (a cold cache, a clean peak memory) runs as a child process of
benchmarks/run.py (`run.py _child NAME ARGS`), which prints one line of JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from devtools.streamlit_server import CHROMIUM, CHROMIUM_ARGS, running_dashboard

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"

DATA_CACHE = Path(os.environ.get("BENCHMARK_DATA", Path(tempfile.gettempdir()) / "dalarna-hubei-benchmarks"))
VIEWPORT = {"width": 1600, "height": 1000}
PAGE_TIMEOUT_MS = 600_000
# every chart of the page drawn (a trace in its SVG, or a WebGL canvas) and the script finished
CHARTS_DRAWN = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  return charts.length > 0 && charts.every(c => c.querySelector(".js-plotly-plot g.trace, .js-plotly-plot canvas"));
}"""


@dataclass
class Measure:
    """One line of the results table: runs of a measurement, its reference (if any) and its goal."""

    name: str
    data: str
    runs: list[float]
    unit: str
    reference_name: str = ""
    reference: list[float] = field(default_factory=list)
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def ratio(self) -> float | None:
        return self.median / statistics.median(self.reference) if self.reference else None


def spread(values: list[float], unit: str) -> str:
    """`median (min–max, n runs)` in the unit's precision."""
    if not values:
        return "–"
    digits = 0 if unit == "MiB" else 2 if unit == "s" else 1
    median = f"{statistics.median(values):,.{digits}f} {unit}"
    if len(values) == 1:
        return f"{median} (1 run)"
    return f"{median} ({min(values):,.{digits}f}–{max(values):,.{digits}f}, {len(values)} runs)"


def markdown_table(measures: list[Measure]) -> str:
    lines = ["| measurement | data | median (min–max, runs) | reference | ratio | goal | met |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for m in measures:
        reference = f"{m.reference_name}: {spread(m.reference, m.unit)}" if m.reference else "–"
        ratio = f"{m.ratio:.2f}" if m.ratio is not None else "–"
        met = "–" if m.met is None else "yes" if m.met else "**no**"
        lines.append(f"| {m.name} | {m.data} | {spread(m.runs, m.unit)} | {reference} | {ratio} | {m.goal or '–'} "
                     f"| {met} |")
    notes = [f"- {m.name} ({m.data}): {m.note}" for m in measures if m.note]
    return "\n".join(lines + ([""] + notes if notes else []))


# --- data ---------------------------------------------------------------------------------------------------------


def generator_version() -> str:
    """Changes whenever the generator does, so that kept data is regenerated then."""
    return hashlib.sha1((ROOT / "cooperation" / "synthetic.py").read_bytes()).hexdigest()[:10]


def dataset(events: int, organisations: int | None = None, links: int | None = None, seed: int = 0) -> Path:
    """A generated store of `events` events, written once and kept in DATA_CACHE between runs."""
    name = f"e{events}-o{organisations or 'auto'}-l{links or 'auto'}-s{seed}-{generator_version()}"
    directory = DATA_CACHE / name
    if not (directory / ".complete").exists():  # in a child: a million events take a gigabyte to generate
        command = [sys.executable, "-m", "cooperation.synthetic", str(directory), "--events", str(events),
                   "--seed", str(seed)]
        command += ["--organisations", str(organisations)] if organisations else []
        command += ["--links", str(links)] if links else []
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        (directory / ".complete").write_text(time.strftime("%Y-%m-%d %H:%M:%S"))
    return directory


# --- child processes ----------------------------------------------------------------------------------------------


def child(name: str, *args: object, timeout: float = 1800) -> dict:
    """Run `run.py _child name args...` in a fresh interpreter; return the JSON it prints last."""
    command = [sys.executable, str(BENCHMARKS / "run.py"), "_child", name, *map(str, args)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM), MiB."""
    return status_mib(os.getpid(), "VmHWM")


def status_mib(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def server_pid(port: int) -> int:
    """The streamlit server listening on `port` (found by its command line)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"--server.port={port}".encode() in (entry / "cmdline").read_bytes():
                    return int(entry.name)
            except OSError:
                continue
    raise RuntimeError(f"no server on port {port}")


# --- servers and the browser -------------------------------------------------------------------------------------


def running_script(script: Path, env: dict[str, str] | None = None, timeout: float = 120) -> object:
    """devtools.streamlit_server.running_dashboard for any script (the reference page)."""
    return running_dashboard(env=env, timeout=timeout, script=script)


def dashboard(data: Path | None, timeout: float = 600, store: Path | None = None) -> object:
    """The dashboard's server (devtools/streamlit_server.py) on `data` (None: the store). The store is `store` (a SQLite
    file, see seeded_store) or, by default, a new one per server, seeded from the bundled data on its start."""
    env = {"DASHBOARD_DATA_DIR": str(data) if data else ""}
    if store is not None:
        env["DASHBOARD_STORE_PATH"] = str(store)
    return running_dashboard(env=env, timeout=timeout)


@contextmanager
def seeded_store(browser: object) -> Iterator[Path]:
    """A SQLite store seeded from the bundled data, as a user's server finds it after its first start: created and
    opened once by the dashboard's own server (which seeds it, reads it and keeps its parsed records beside it, see
    cooperation.store_cache), in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="dashboard-store-") as folder:
        path = Path(folder) / "store.sqlite"
        with dashboard(None, store=path) as url:
            open_until_charts(browser, url + "/?lang=en")
        yield path


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's headless chromium through playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_until_charts(browser: object, url: str) -> None:
    """Open `url` in a fresh browser context and wait until every chart is drawn and the script has finished."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(url)
        page.wait_for_function(CHARTS_DRAWN, timeout=PAGE_TIMEOUT_MS, polling=50)
    finally:
        context.close()


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout
        return " ".join(out.split()[:2]) or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not found"


# --- page switches ------------------------------------------------------------------------------------------------

# A page is drawn when its chart is (a plotly chart: a trace in its SVG) and the script has finished. The charts are
# found by their keys (`.st-key-KEY`): the previous page's elements stay on screen until the new run replaces them.
PAGE_DRAWN = """key => {
  const app = document.querySelector("[data-testid='stApp']");
  return app && app.getAttribute("data-test-script-state") === "notRunning"
    && !!document.querySelector(`.st-key-${key} .js-plotly-plot g.trace`);
}"""
DECK = "[data-testid='stDeckGlJsonChart']"


def switch_to(page: object, path: str, chart: str, deck: bool = False) -> float:
    """Seconds from a click on the sidebar's link to page `path` until its chart `chart` is drawn. With `deck`, a
    deck.gl map (the map page before it was drawn with plotly) counts as drawn once its canvas shows more than land
    and sea, read from screenshots: WebGL's pixels are not in the DOM."""
    started = time.perf_counter()
    page.locator(f"[data-testid='stSidebarNavLink'][href$='/{path}']").click()  # type: ignore[attr-defined]
    canvas = f" || !!document.querySelector(\"{DECK} canvas\")" if deck else ""
    page.wait_for_function(f"key => ({PAGE_DRAWN})(key){canvas}", arg=chart, polling=20,  # type: ignore[attr-defined]
                           timeout=PAGE_TIMEOUT_MS)
    if deck and page.locator(f".st-key-{chart} .js-plotly-plot").count() == 0:  # type: ignore[attr-defined]
        while _colours(page.locator(DECK).first.screenshot()) <= 3:  # type: ignore[attr-defined]
            page.wait_for_timeout(20)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def _colours(png: bytes) -> int:
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=image.width * image.height) or [])


def page_switches(browser: object, url: str, runs: int) -> tuple[list[float], list[float]]:
    """(map, overview): seconds from click to drawn, on repeat visits in one browser session; the first visit of
    each (the server computes and caches the page's figures once per data version) is not timed."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(url + "/?lang=en")
        page.wait_for_function(PAGE_DRAWN, arg="per_year", timeout=PAGE_TIMEOUT_MS, polling=50)
        maps, overviews = [], []
        for run in range(runs + 1):
            to_map, to_overview = switch_to(page, "map", "map", deck=True), switch_to(page, "", "per_year")
            if run:
                maps.append(to_map)
                overviews.append(to_overview)
        return maps, overviews
    finally:
        context.close()
