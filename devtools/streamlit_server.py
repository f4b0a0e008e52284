"""Start and stop the dashboard on a free loopback port, for browser tests and screenshots."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent  # the repository
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_dashboard(env: dict[str, str] | None = None, timeout: float = 60,
                      script: Path = ROOT / "dashboard.py") -> Iterator[str]:
    """Run `streamlit run SCRIPT` (the dashboard) headless on 127.0.0.1; yield its base URL; stop its process group."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
               "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none"]
    # The server's output goes to a file, not a pipe: a pipe nobody reads can stall the server. Unless told
    # otherwise, each server has its own SQLite store (seeded with the bundled data), never the repository's.
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as store:
        own_store = {"DASHBOARD_STORE_PATH": str(Path(store) / "store.sqlite"), "DASHBOARD_DATABASE_URL": ""}
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **own_store, **(env or {})},
                                   start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(url, process, log, timeout)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_until_healthy(url: str, process: subprocess.Popen, log: IO[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"dashboard did not start: {log.read().decode(errors='replace')}") from None
            time.sleep(0.2)
