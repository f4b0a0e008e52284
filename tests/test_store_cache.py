"""The store's copy of its parsed records on disk (cooperation.store_cache): used only for the version, store and
code that made it, never older than the store; and the dashboard reads a kept copy without SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cooperation.dataset import events_table
from cooperation.store import FileInfo, Store, sha256
from cooperation.store_cache import quick_state, read_parsed, sqlite_file, write_parsed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'dashboard.sqlite'}"


def parsed(store: Store) -> tuple[int, tuple]:
    version, dataset = store.snapshot()
    return version, (dataset, events_table(dataset))


def assert_same(kept: tuple, fresh: tuple) -> None:
    assert kept[0].frames.keys() == fresh[0].frames.keys()
    for kind in fresh[0].frames:
        pd.testing.assert_frame_equal(kept[0].frames[kind], fresh[0].frames[kind])
    assert kept[0].problems == fresh[0].problems
    pd.testing.assert_frame_equal(kept[1], fresh[1])


def test_a_kept_copy_is_used_for_its_version_only(url: str, tiny_dir: Path) -> None:
    assert quick_state(url) is None  # no store yet: the caller opens (and seeds) it
    with Store(url, seed_directory=tiny_dir) as store:
        version, fresh = parsed(store)
        assert quick_state(url) == (version, quick_state(url)[1])
        assert read_parsed(url, version) is None  # nothing kept yet
        write_parsed(url, version, fresh, len(fresh[1]))
        kept = read_parsed(url, version)
        assert kept is not None
        assert_same(kept, fresh)
        assert read_parsed(url, version + 1) is None

        frame = fresh[0].frame("agreement").head(1).drop(columns="row")
        store.commit({"agreement": frame.assign(title="Ett nytt namn")}, "test", [FileInfo("a.csv", sha256(b"a"),
                                                                                          "agreement", 1)])
        assert quick_state(url)[0] == version + 1
        assert read_parsed(url, version) is None  # the store has moved on: the old copy is never served
        assert read_parsed(url, version + 1) is None  # and it is not this version's


def test_a_store_seeded_again_does_not_read_the_old_copy(url: str, tiny_dir: Path) -> None:
    with Store(url, seed_directory=tiny_dir) as store:
        version, fresh = parsed(store)
        write_parsed(url, version, fresh, len(fresh[1]))
    path = sqlite_file(url)
    for leftover in path.parent.glob(path.name + "*"):
        if not leftover.name.endswith(".parsed.pickle"):
            leftover.unlink()
    with Store(url, seed_directory=tiny_dir) as store:  # the same version again, but another store
        assert store.version() == version
        assert read_parsed(url, version) is None


def test_no_copy_of_other_databases_or_large_tables(url: str, tiny_dir: Path) -> None:
    assert quick_state("postgresql+psycopg://dash@127.0.0.1/dash") is None
    assert read_parsed("sqlite:///:memory:", 1) is None
    with Store(url, seed_directory=tiny_dir) as store:
        version, fresh = parsed(store)
        write_parsed(url, version, fresh, 10**9)
        assert read_parsed(url, version) is None


def test_a_broken_copy_is_ignored(url: str, tiny_dir: Path) -> None:
    with Store(url, seed_directory=tiny_dir) as store:
        version, fresh = parsed(store)
        write_parsed(url, version, fresh, len(fresh[1]))
    copy = sqlite_file(url).with_name("dashboard.sqlite.parsed.pickle")
    copy.write_bytes(copy.read_bytes()[:100])
    assert read_parsed(url, version) is None


def test_the_dashboard_reads_a_kept_copy_without_sqlalchemy(tmp_path: Path) -> None:
    """A server's first start reads the store and keeps the copy; the next reads the copy and the store's version
    with sqlite3 alone, and shows the same."""
    script = """
import os, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.query_params["lang"] = "en"
at.run()
assert not at.exception, [e.value for e in at.exception]
print([m.value for m in at.metric], "sqlalchemy" in sys.modules)
"""
    env = {**os.environ, "DASHBOARD_STORE_PATH": str(tmp_path / "store.sqlite"), "DASHBOARD_DATABASE_URL": "",
           "DASHBOARD_DATA_DIR": "", "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", script, str(ROOT / "dashboard.py")], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=300) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
    first, second = (run.stdout.strip().splitlines()[-1] for run in runs)
    assert first.endswith("True") and second.endswith("False")  # SQLAlchemy only when the store was read
    assert first.rsplit(" ", 1)[0] == second.rsplit(" ", 1)[0]
    assert (tmp_path / "store.sqlite.parsed.pickle").is_file()
