"""What the user waits for, per view, in headless Chromium: the dashboard against our naive peer (peer_app.py).

For each size both servers run on the same generated data (the dashboard on the folder, the peer on its CSV files);
one browser session per app. Each run visits every view (a click on its link in the sidebar) and then moves the period
filter by one step with the keyboard; dashboard and peer take turns view by view. An action is done when it is
*drawn*: the script run it caused has finished, no element is left stale, every visible plotly chart has a trace
(SVG) or a canvas (WebGL), every visible table (stDataFrame) and deck.gl map has its canvas (an element in a closed
expander is not visible: it is drawn when opened).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import harness
from views_report import Action, Memory, Row

from app.pages import PAGES

PEER = Path(__file__).resolve().parent / "peer_app.py"
DASHBOARD_VIEWS = {p.name: p.address for p in PAGES if p.name != "upload"}  # name -> address
PEER_VIEWS = {"timeline": "", "map": "map", "network": "network", "data": "data"}  # the peer's default is its timeline
PEER_START = "data"  # the peer's session starts on a page its first view leaves

# Counts the script runs that have finished (the app's state leaving "running"); installed before any page script
# so that a run that starts and ends between two polls is still seen.
COUNT_RUNS = """(() => {
  window.__finishedRuns = 0;
  new MutationObserver(records => {
    for (const r of records) if (r.oldValue === "running") window.__finishedRuns++;
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ["data-test-script-state"]});
})();"""

DRAWN = """before => {
  if ((window.__finishedRuns || 0) <= before) return false;
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector("[data-stale='true']")) return false;
  const shown = selector => [...document.querySelectorAll(selector)].filter(e => e.checkVisibility());
  return shown("[data-testid='stPlotlyChart']").every(c => c.querySelector(".js-plotly-plot g.trace, canvas"))
    && shown("[data-testid='stDataFrame']").every(t => t.querySelector("canvas"))
    && shown("[data-testid='stDeckGlJsonChart']").every(d => d.querySelector("canvas"));
}"""
SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']"  # the first is the start


@dataclass
class Session:
    """One app's browser session: its page, the bytes received over its websocket, the time of its first load."""

    page: object
    base: str
    views: dict[str, str]
    received: int = 0
    load_seconds: float | None = None
    skipped: set[tuple[str, str]] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)  # hosts beyond the app's that the page asked for

    def count(self, payload: bytes | str) -> None:
        self.received += len(payload)

    def act(self, action: object, timeout: float) -> tuple[float | None, int]:
        """Seconds from `action()` to drawn (None after `timeout`), and the bytes received meanwhile."""
        before = self.page.evaluate("window.__finishedRuns || 0")  # type: ignore[attr-defined]
        self.received = 0
        started = time.perf_counter()
        action()  # type: ignore[operator]
        seconds = self.wait(before, timeout, started)
        if seconds is None:
            self.recover(before, timeout)
        return seconds, self.received

    def wait(self, before: int, timeout: float, started: float) -> float | None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(DRAWN, arg=before, polling=20,  # type: ignore[attr-defined]
                                        timeout=max(1.0, timeout - (time.perf_counter() - started)) * 1000)
        except PlaywrightTimeout:
            return None
        return time.perf_counter() - started

    def recover(self, before: int, timeout: float) -> None:
        """After a timeout: give the run as long again to finish (untimed), else start the session anew."""
        if self.wait(before, timeout, time.perf_counter()) is None:
            self.page.goto(self.base + "/")  # type: ignore[attr-defined]
            self.wait(0, harness.PAGE_TIMEOUT_MS / 1000, time.perf_counter())

    def open(self, view: str) -> None:
        link = f"[data-testid='stSidebarNavLink'][href$='/{self.views[view]}']"
        self.page.locator(link).first.click()  # type: ignore[attr-defined]

    def move_period(self) -> None:
        """One step of the period's lower end with the keyboard: right from the first year, else back left."""
        thumb = self.page.locator(SLIDER).first  # type: ignore[attr-defined]
        at_start = thumb.input_value() == thumb.get_attribute("min")
        thumb.press("ArrowRight" if at_start else "ArrowLeft")


def start_session(browser: object, base: str, views: dict[str, str], start: str) -> Session:
    """A fresh browser context on `base`/`start`, with requests beyond the app's host refused (offline)."""
    context = browser.new_context(viewport=harness.VIEWPORT)  # type: ignore[attr-defined]
    context.add_init_script(COUNT_RUNS)
    page = context.new_page()
    page.set_default_timeout(harness.PAGE_TIMEOUT_MS)
    session = Session(page, base, views)

    def refuse(route: object) -> None:
        session.refused.add(urlsplit(route.request.url).netloc)  # type: ignore[attr-defined]
        route.abort()  # type: ignore[attr-defined]

    context.route(lambda url: not url.startswith(base), refuse)
    page.on("websocket", lambda ws: ws.on("framereceived", session.count))
    started = time.perf_counter()
    page.goto(f"{base}/{start}")
    session.load_seconds = session.wait(0, harness.PAGE_TIMEOUT_MS / 1000, started)
    print(f"    session on {base}/{start}: loaded in {session.load_seconds} s", file=sys.stderr, flush=True)
    page.set_default_timeout(60_000)  # finding a link or the slider: a missing one fails the run, not hangs it
    return session


def memory(base: str) -> tuple[float, float]:
    """(resident, peak) MiB of the server process tree listening at `base`."""
    tree = harness.process_tree(harness.server_pid(int(base.rsplit(":", 1)[1])))
    return (sum(harness.status_mib(p, "VmRSS") for p in tree), sum(harness.status_mib(p, "VmHWM") for p in tree))


def measure(browser: object, events: int, runs: int, views: list[str], timeout: float, budget: float,
            with_memory: bool, given_up: set[tuple[str, str]]) -> tuple[list[Row], Memory | None, str]:
    """Rows for every chosen view and action at `events`, the memory after every view (if asked) and a note.

    `given_up` holds the (app, view) whose open timed out at a smaller size: they are not visited again (a timeout
    costs twice the timeout, and would at every larger size); `measure` adds those that time out at this size.
    """
    directory = harness.dataset(events)
    rows = {(view, action): Row(view, action, events, Action(), Action() if view in PEER_VIEWS else None)
            for view in views for action in ("open", "filter")}
    with harness.dashboard(directory) as ours, \
            harness.running_script(PEER, env={"PEER_DATA_DIR": str(directory)}, timeout=600) as theirs:
        sessions = {"dashboard": start_session(browser, ours, DASHBOARD_VIEWS, ""),
                    "peer": start_session(browser, theirs, PEER_VIEWS, PEER_START)}
        for app, view in given_up:
            sessions[app].skipped |= {(view, "open"), (view, "filter")}
        # the dashboard starts on its first page: its tour starts with the second and ends with the first
        tour = [v for v in DASHBOARD_VIEWS if v in views][1:] + [v for v in DASHBOARD_VIEWS if v in views][:1]
        for run in range(runs + 1):
            for number, view in enumerate(tour):
                order = ("dashboard", "peer") if (run + number) % 2 == 0 else ("peer", "dashboard")
                for app in order:
                    session = sessions[app]
                    if view not in session.views:
                        continue
                    for action in ("open", "filter"):
                        row = rows[view, action]
                        record = row.dashboard if app == "dashboard" else row.peer
                        assert record is not None
                        if (view, action) in session.skipped:
                            continue
                        do = (lambda s=session, v=view: s.open(v)) if action == "open" else session.move_period
                        seconds, received = session.act(do, timeout)
                        shown = "timed out" if seconds is None else f"{seconds:.2f} s"
                        print(f"    {events:,} run {run} {app} {view} {action}: {shown}, {received:,} B",
                              file=sys.stderr, flush=True)
                        if run == 0:
                            record.first_seconds, record.first_received = seconds, received
                        # with no timed runs (CI's small size) or after a timeout the first run is the row's only one
                        if run or seconds is None or not runs:
                            record.seconds.append(seconds)
                            record.received.append(received)
                        # a run that timed out is not repeated, nor one whose runs have used the budget
                        if seconds is None or run and sum(record.done) >= budget:
                            session.skipped.add((view, action))
                            if seconds is None and action == "open":  # the view may not be on screen
                                session.skipped.add((view, "filter"))
                    if (view, "open") in session.skipped:
                        session.skipped.add((view, "filter"))
        for row in rows.values():  # an action skipped after its view's open timed out keeps its first run
            for record in (row.dashboard, row.peer):
                if record is not None and not record.seconds and record.first_seconds is not None:
                    record.seconds, record.received = [record.first_seconds], [record.first_received]
                    record.first_only = True
        for app, session in sessions.items():
            given_up |= {(app, view) for view, action in session.skipped if action == "open"
                         and None in getattr(rows[view, "open"], app).seconds}
        used = None
        if with_memory:
            (our_resident, our_peak), (their_resident, their_peak) = memory(ours), memory(theirs)
            used = Memory(events, our_resident, our_peak, their_resident, their_peak)
    loads = {app: "timed out" if s.load_seconds is None else f"{s.load_seconds:.1f} s" for app, s in sessions.items()}
    refused = {app: ", ".join(sorted(s.refused)) or "none" for app, s in sessions.items()}
    skipped = sorted(f"{view} ({app})" for app, view in given_up if not getattr(rows[view, "open"], app).seconds)
    note = (f"- Not visited at {events:,} events, their open having timed out at a smaller size: "
            f"{', '.join(skipped)}\n" if skipped else "")
    note += (f"- First load of a session (server already started) at {events:,} events: dashboard "
            f"{loads['dashboard']}, peer {loads['peer']}; requests beyond the app's host (refused): dashboard "
            f"{refused['dashboard']}, peer {refused['peer']}")
    return list(rows.values()), used, note
