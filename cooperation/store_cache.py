"""What a server needs of the store before it imports SQLAlchemy (a faster cold open): where the store is, its
version read with the standard library's sqlite3, and a copy on disk of the records as the views read them, per
version.

The copy is a pickle beside the SQLite file (`<store>.parsed.pickle`): the typed records and the events table built
from them, written by the server that read them from the store. It is used only when its key matches: the store's
version (which goes up in the transaction of every commit, undo and restore), the store's identity (the time of its
first batch: a store deleted and seeded again starts again at the same version) and the code and libraries that
built it (a fingerprint of the `cooperation` package's sources and the versions of Python, pandas, pyarrow and
numpy). Anything else, or any error, and the records are read from the store as before, so the copy can make a
read faster but never older. It is the store's own folder, trusted as the database beside it is. PostgreSQL
stores have no copy (there is no file beside them).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import platform
import sqlite3
import tempfile
from pathlib import Path

DATABASE_URL_ENV = "DASHBOARD_DATABASE_URL"
STORE_PATH_ENV = "DASHBOARD_STORE_PATH"
DEFAULT_STORE_PATH = Path(__file__).resolve().parent.parent / "store" / "dashboard.sqlite"
# no copy of a larger events table: pickling a million events would cost about their size in memory and seconds
CACHE_MAX_EVENTS = 200_000
_FORMAT = 1  # raise when what is pickled changes shape


def database_url() -> str:
    """The store's URL: $DASHBOARD_DATABASE_URL, else SQLite at $DASHBOARD_STORE_PATH (default: store/)."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    path = Path(os.environ.get(STORE_PATH_ENV, "").strip() or DEFAULT_STORE_PATH).expanduser()
    return f"sqlite:///{path.resolve()}"


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, or None (another database, or SQLite in memory)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    database = url.split("///", 1)[1]
    return Path(database) if database and database != ":memory:" else None


def quick_state(url: str) -> tuple[int, str] | None:
    """(version, identity) of a SQLite store that is set up and seeded, read with sqlite3 alone; None when the store
    is not a SQLite file, not there yet, not seeded, or cannot be read (the caller then opens it with SQLAlchemy,
    which sets it up and seeds it)."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=60)
    except sqlite3.Error:
        return None
    try:
        version = connection.execute("SELECT version FROM store_state WHERE id = 1").fetchone()
        first = connection.execute("SELECT created_at FROM batches ORDER BY id LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    if version is None or first is None:
        return None
    return int(version[0]), str(first[0])


@functools.cache
def _code_fingerprint() -> str:
    """The sources of the `cooperation` package and the versions of what pickles its results."""
    import numpy
    import pandas
    import pyarrow

    digest = hashlib.sha1(f"{_FORMAT} {platform.python_version()} {pandas.__version__} {pyarrow.__version__} "
                          f"{numpy.__version__}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _cache_file(url: str) -> Path | None:
    path = sqlite_file(url)
    return None if path is None else path.with_name(path.name + ".parsed.pickle")


def _key(url: str, version: int, identity: str) -> tuple:
    return (_FORMAT, _code_fingerprint(), url, version, identity)


def read_parsed(url: str, version: int) -> object | None:
    """What write_parsed kept for this store at `version`, or None (no copy, another version, store or code)."""
    cache, state = _cache_file(url), quick_state(url)
    if cache is None or state is None or state[0] != version:
        return None
    try:
        with cache.open("rb") as file:
            if pickle.load(file) != _key(url, *state):  # the key first: a stale copy is not read further
                return None
            return pickle.load(file)
    except Exception:  # noqa: BLE001 (a missing, partial or unreadable copy: read the store instead)
        return None


def write_parsed(url: str, version: int, parsed: object, events: int) -> None:
    """Keep `parsed` (read from the store at `version`; `events` rows in its events table) for the next server start.

    Written to a temporary file and moved into place, so that a reader sees a whole copy or none.
    """
    cache, state = _cache_file(url), quick_state(url)
    if cache is None or state is None or events > CACHE_MAX_EVENTS:
        return
    identity = state[1]
    try:
        with tempfile.NamedTemporaryFile("wb", dir=cache.parent, prefix=cache.name + ".", delete=False) as file:
            pickle.dump(_key(url, version, identity), file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(parsed, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, cache)
    except Exception:  # noqa: BLE001 (no copy is only slower)
        with contextlib.suppress(OSError, NameError):
            os.unlink(file.name)


__all__ = ["CACHE_MAX_EVENTS", "DATABASE_URL_ENV", "DEFAULT_STORE_PATH", "STORE_PATH_ENV", "database_url",
           "quick_state", "read_parsed", "sqlite_file", "write_parsed"]
