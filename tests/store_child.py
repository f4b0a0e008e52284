"""A separate process working on a store, for tests/test_store.py: killed mid-commit, or racing another one.

    python tests/store_child.py open   URL GO_FILE SEED_DIR        open (create, seed) the store when GO_FILE exists
    python tests/store_child.py commit URL GO_FILE PREFIX ROWS     commit ROWS new agreements when GO_FILE exists
    python tests/store_child.py hang   URL MARKER ROWS             commit ROWS agreements; after two chunks of
                                                                   inserts, write MARKER and sleep (to be killed)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from cooperation import store as store_module  # noqa: E402
from cooperation.ingest import ingest_bytes  # noqa: E402
from cooperation.store import FileInfo, Store, sha256  # noqa: E402


def agreements(prefix: str, rows: int) -> tuple[pd.DataFrame, bytes]:
    """`rows` agreements with ids PREFIX-0, PREFIX-1, ... typed by the ingest path, and the file's bytes."""
    lines = ["id,date,title,dalarna_party,hubei_party,source"]
    lines += [f"{prefix}-{i},2015-03,Agreement {prefix} {i},Borlänge kommun,Wuhan city,https://example.org/{i}"
              for i in range(rows)]
    data = ("\n".join(lines) + "\n").encode()
    result = ingest_bytes(data, "agreements.csv", kind="agreement")
    assert result.accepted, [p.key for p in result.problems]
    return result.frame, data


def wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} never appeared")
        time.sleep(0.005)


def main(argv: list[str]) -> None:
    mode, url = argv[0], argv[1]
    if mode == "open":
        go, seed = Path(argv[2]), Path(argv[3])
        wait_for(go)
        Store(url, seed_directory=seed).close()
    elif mode == "commit":
        go, prefix, rows = Path(argv[2]), argv[3], int(argv[4])
        frame, data = agreements(prefix, rows)
        store = Store(url, seed_directory=None)
        wait_for(go)
        store.commit({"agreement": frame}, author=prefix, files=[FileInfo(f"{prefix}.csv", sha256(data),
                                                                          "agreement", rows)])
        store.close()
    elif mode == "hang":
        marker, rows = Path(argv[2]), int(argv[3])
        frame, data = agreements("killed", rows)
        store_module.CHUNK_ROWS = 100
        store = Store(url, seed_directory=None)
        inserts = 0

        @event.listens_for(store.engine, "before_cursor_execute")
        def _count(conn, cursor, statement, parameters, context, executemany) -> None:
            nonlocal inserts
            if statement.lstrip().upper().startswith("INSERT INTO RECORDS"):
                inserts += 1
                if inserts > 2:  # two chunks are in the open transaction: stop here until killed
                    marker.write_text("inserting")
                    time.sleep(600)

        store.commit({"agreement": frame}, author="killed", files=[FileInfo("killed.csv", sha256(data),
                                                                             "agreement", rows)])
        raise SystemExit("the commit finished: it should have been killed")
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
