"""Where the server's peak memory comes from: 10^6 events loaded and the overview's numbers built, step by step.

    python benchmarks/memory_steps.py [--events 1000000] [--lang sv]

Runs in this process what the server runs on the overview's first run (as app/context.py does it: arrow on the
system allocator, load, events table, localised copy, then the overview's numbers) and prints, after each step,
the resident memory and the peak during that step alone (VmHWM, reset before each step through
/proc/self/clear_refs; Linux only). The server's own peak (benchmarks/run.py --only memory) is about 50 MiB above
the highest figure here: Streamlit's server and the page's first drawing.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import pyarrow as pa  # noqa: E402

STATUS = Path("/proc/self/status")


def _status(key: str) -> float:
    for line in STATUS.read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Steps:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.reset()

    def reset(self) -> None:
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5")  # the peak from now on

    def __call__(self, label: str) -> None:
        print(f"{label:34s} resident {_status('VmRSS'):7,.0f} MiB   peak in the step {_status('VmHWM'):7,.0f} MiB"
              f"   {time.perf_counter() - self.started:6.1f} s", flush=True)
        self.reset()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--lang", default="sv")
    args = parser.parse_args()
    directory = harness.dataset(args.events)
    pa.set_memory_pool(pa.system_memory_pool())  # as app/context.py: _lean_memory
    libc = None
    with contextlib.suppress(OSError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 256 * 1024)

    def give_back() -> None:
        pa.default_memory_pool().release_unused()
        if libc is not None:
            libc.malloc_trim(0)

    import plotly.graph_objects  # noqa: F401  (the server's libraries, for a comparable start)
    import streamlit  # noqa: F401

    from cooperation.dataset import events_table, load_directory
    from cooperation.filters import default_filters, filter_mask, rows_where, sectors_of, year_bounds
    from cooperation.localize import localize_dataset, localize_events
    from cooperation.metrics import compute_kpis, last_to_end, latest_events, partnership_state, records_per_year

    steps = Steps()
    steps("libraries")
    dataset = load_directory(directory)
    steps("load_directory")
    events = events_table(dataset)
    give_back()
    steps("events_table")
    translated = localize_events(events, dataset, args.lang)
    localized = events.assign(**{c: translated[c] for c in translated.columns})
    del translated
    localize_dataset(dataset, args.lang)
    give_back()
    steps(f"localize_events ({args.lang})")
    filters = default_filters(events, 2026)
    year_bounds(events, 2026)
    sectors_of(events)
    shown = rows_where(localized, filter_mask(events, filters))
    steps("sidebar and shown rows")
    partnership_state(localized)
    compute_kpis(localized, filters)
    steps("state and KPIs")
    latest_events(shown)
    last_to_end(shown)
    records_per_year(shown)
    steps("latest events and per year")
    print(f"peak of the process {_status('VmHWM'):,.0f} MiB (since the last step's reset)")


if __name__ == "__main__":
    main()
