"""What one upload may cost: the limits on a file (size, rows, columns, cell length, a workbook's unpacked size and
shared strings), a wall-clock budget per file, and the environment variables that set them.

Every limit is decided before the expensive work where it can be (a workbook's parts are measured from the zip's
directory before any is unpacked; a CSV file's columns from its header), and the budget is checked as rows are read,
so a hostile file costs seconds, not minutes. The budget also carries the reader's progress to whoever watches (the
upload page's progress bar), which may stop the work by raising from the callback (a closed browser tab does).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an ingest accepts; configurable, with defaults that suit analysts' files. `seconds` None: no budget."""

    max_bytes: int = 50 * MB
    max_rows: int = 200_000
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_workbook_bytes: int = 200 * MB  # a workbook's parts unpacked, together (about 200,000 rows)
    max_shared_strings_bytes: int = 50 * MB  # a workbook's table of text cells, unpacked
    seconds: float | None = 60.0


# the store's own records and the bundled files: as large as they are, never out of time
UNBOUNDED = Limits(max_bytes=4 * 1024**3, max_rows=50_000_000, max_columns=10_000, max_cell_chars=100_000,
                   max_workbook_bytes=16 * 1024**3, max_shared_strings_bytes=4 * 1024**3, seconds=None)

ENV_MAX_MB = "DASHBOARD_MAX_UPLOAD_MB"
ENV_MAX_ROWS = "DASHBOARD_MAX_UPLOAD_ROWS"
ENV_MAX_COLUMNS = "DASHBOARD_MAX_UPLOAD_COLUMNS"
ENV_MAX_CELL = "DASHBOARD_MAX_CELL_CHARS"
ENV_MAX_WORKBOOK_MB = "DASHBOARD_MAX_WORKBOOK_MB"
ENV_MAX_SHARED_STRINGS_MB = "DASHBOARD_MAX_SHARED_STRINGS_MB"
ENV_SECONDS = "DASHBOARD_UPLOAD_SECONDS"
# The csv module refuses longer fields (csv.field_size_limit()), so no cell limit may be above it.
MAX_CELL_CEILING = 100_000

# variable -> (field, unit in bytes or 1, whole number?, what it is)
_VARIABLES: dict[str, tuple[str, int, bool, str]] = {
    ENV_MAX_MB: ("max_bytes", MB, False, "a positive number of megabytes"),
    ENV_MAX_ROWS: ("max_rows", 1, True, "a positive whole number of rows"),
    ENV_MAX_COLUMNS: ("max_columns", 1, True, "a positive whole number of columns"),
    ENV_MAX_CELL: ("max_cell_chars", 1, True, f"a whole number of characters from 1 to {MAX_CELL_CEILING:,}"),
    ENV_MAX_WORKBOOK_MB: ("max_workbook_bytes", MB, False, "a positive number of megabytes"),
    ENV_MAX_SHARED_STRINGS_MB: ("max_shared_strings_bytes", MB, False, "a positive number of megabytes"),
    ENV_SECONDS: ("seconds", 1, False, "a positive number of seconds"),
}
ENVIRONMENT_VARIABLES = tuple(_VARIABLES)


def limits_from_environment(environ: dict[str, str] | None = None) -> Limits:
    """The upload limits from the DASHBOARD_* variables above, each defaulting to Limits()'s. The app and the
    command line both read them here.

    Raises ValueError naming the variable when one is set to something that is not a positive number.
    """
    env = os.environ if environ is None else environ
    values = {f.name: getattr(Limits(), f.name) for f in fields(Limits)}
    for variable, (name, unit, whole, what) in _VARIABLES.items():
        text = env.get(variable, "").strip()
        if not text:
            continue
        try:
            number = float(text.replace("_", ""))
        except ValueError:
            number = math.nan
        if not (0 < number < math.inf) or (whole and not number.is_integer()) or \
                (name == "max_cell_chars" and number > MAX_CELL_CEILING):
            raise ValueError(f"{variable} must be {what}, not {text!r}")
        values[name] = number if name == "seconds" else int(number * unit)
    return Limits(**values)


class OutOfTime(Exception):
    """The file took longer to read than its budget allows."""


class Budget:
    """The wall-clock budget of reading one file, checked by the readers as they go, and their progress.

    `progress` is called with the share done (0 to 1) at most every `every` seconds; it may raise to stop the work
    (the upload page's callback does when the browser tab has gone).
    """

    def __init__(self, seconds: float | None, progress: Callable[[float], None] | None = None,
                 every: float = 0.2, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.progress = progress
        self.every = every
        self.clock = clock
        self.start = clock()
        self.deadline = math.inf if seconds is None else self.start + seconds
        self._reported = -math.inf

    def check(self, done: float | None = None) -> None:
        """Raise OutOfTime once the budget is spent; report `done` (a share, 0 to 1) when it is time to."""
        now = self.clock()
        if now > self.deadline:
            raise OutOfTime
        if self.progress is not None and done is not None and now - self._reported >= self.every:
            self._reported = now
            self.progress(min(max(done, 0.0), 1.0))


__all__ = ["ENVIRONMENT_VARIABLES", "ENV_MAX_CELL", "ENV_MAX_COLUMNS", "ENV_MAX_MB", "ENV_MAX_ROWS",
           "ENV_MAX_SHARED_STRINGS_MB", "ENV_MAX_WORKBOOK_MB", "ENV_SECONDS", "MB", "UNBOUNDED", "Budget", "Limits",
           "OutOfTime", "limits_from_environment"]
