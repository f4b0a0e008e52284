"""The store on SQLite (a file under tmp_path) and on a real PostgreSQL server.

PostgreSQL's URL comes from $DASHBOARD_TEST_POSTGRES_URL (`.ci/run` starts a server and sets it; README, section
Store, says how to run one locally). Without it the PostgreSQL cases are skipped, except in CI, where they fail.
Each PostgreSQL case gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import TINY
from sqlalchemy import func, insert, select

from cooperation.dataset import BUNDLED_DATA_DIR, load_directory
from cooperation.ingest import ingest_bytes
from cooperation.schema import KINDS
from cooperation.store import (
    DATABASE_URL_ENV,
    DEFAULT_STORE_PATH,
    SIGN_IN_MEMORY,
    STORE_PATH_ENV,
    FileInfo,
    Store,
    database_url,
    number_text,
    records,
    sha256,
    sign_in_failures,
)

CHILD = Path(__file__).resolve().parent / "store_child.py"


@pytest.fixture
def store(store_url: str, tiny_dir: Path) -> Iterator[Store]:
    """A store seeded from the tiny dataset."""
    with Store(store_url, seed_directory=tiny_dir) as opened:
        yield opened


def typed(kind: str, content: str) -> pd.DataFrame:
    result = ingest_bytes(content.encode(), KINDS[kind].file, kind=kind)
    assert result.accepted, [p.message() for p in result.problems]
    return result.frame


def info(name: str, content: str, kind: str = "agreement") -> FileInfo:
    return FileInfo(name, sha256(content.encode()), kind, content.count("\n") - 1)


def state_of(store: Store) -> dict[str, list[dict]]:
    """The current records of every kind as plain dicts, without the row number: comparable row for row."""
    dataset = store.dataset()
    frames = {kind: dataset.frame(kind).drop(columns="row") for kind in KINDS}
    return {kind: frame.astype(object).where(frame.notna(), None).to_dict("records") for kind, frame in frames.items()}


def by_id(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["id"]: row for row in frame.drop(columns="row").astype(object).to_dict("records")}


NEW_AND_CHANGED = """id,date,title,dalarna_party,hubei_party,type,source
a1,2007,Twin cities (renewed),Borlänge kommun,Wuhan city,twin_city,https://example.org/a1
a3,2016-05,New agreement,Region Dalarna,Hubei province,cooperation,https://example.org/a3
"""


# --- seeding and reading --------------------------------------------------------------------------------------


def test_seeds_once_with_the_files_it_came_from(store_url: str, tiny_dir: Path) -> None:
    with Store(store_url, seed_directory=tiny_dir) as first:
        [seed] = first.history()
        assert (seed.action, seed.author, seed.undone_at) == ("seed", "bundled data", None)
        assert seed.rows == sum(text.count("\n") - 1 for text in TINY.values())
        assert {f.name: f.sha256 for f in seed.files} == {
            KINDS[kind].file: sha256((tiny_dir / KINDS[kind].file).read_bytes()) for kind in TINY}
        assert {f.kind: f.rows for f in seed.files} == {kind: text.count("\n") - 1 for kind, text in TINY.items()}
        assert abs(seed.created_at - datetime.now(UTC)) < timedelta(minutes=1)
        version = first.version()
    with Store(store_url, seed_directory=tiny_dir) as second:  # a second start seeds nothing more
        assert len(second.history()) == 1
        assert second.version() == version


def test_an_empty_store_without_seed(store_url: str) -> None:
    with Store(store_url, seed_directory=None) as empty:
        assert empty.history() == []
        assert empty.version() == 0
        assert empty.dataset().is_empty
        assert list(empty.current("visit").columns) == ["row", *KINDS["visit"].column_names]


def test_two_processes_starting_at_once_seed_once(store_url: str, tiny_dir: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    children = [subprocess.Popen([sys.executable, str(CHILD), "open", store_url, str(go), str(tiny_dir)])
                for _ in range(2)]
    time.sleep(1.0)  # both are waiting for the go
    go.write_text("go")
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    with Store(store_url, seed_directory=tiny_dir) as opened:
        assert [b.action for b in opened.history()] == ["seed"]
        assert len(opened.current("agreement")) == 2


def test_round_trip_of_the_bundled_data(store_url: str) -> None:
    bundled = load_directory(BUNDLED_DATA_DIR)
    with Store(store_url) as opened:
        dataset = opened.dataset()
        assert dataset.problems == bundled.problems
        for kind in KINDS:
            expected = bundled.frame(kind).drop(columns="row")
            pd.testing.assert_frame_equal(dataset.frame(kind).drop(columns="row"), expected)
            pd.testing.assert_frame_equal(opened.current(kind).drop(columns="row"), expected)
        version, snapshot = opened.snapshot()
        assert version == opened.version()
        pd.testing.assert_frame_equal(snapshot.frame("visit"), dataset.frame("visit"))


def test_numbers_come_back_as_they_went_in(store_url: str) -> None:
    content = "id,name,region,country,lat,lon\n" + "".join(
        f"p{i},Place {i},Hubei,China,{lat},{lon}\n" for i, (lat, lon) in enumerate(
            [("1.2340", "-1.234"), ("0.1", "114.3055"), ("-89.999", "179.9999999"), ("30", "0.000001")]))
    deals = "id,date,title,dalarna_party,hubei_party,value,currency\n" + "".join(
        f"d{i},2015,Deal {i},Extuna,Local firm,{value},SEK\n" for i, value in enumerate(
            ["1.2340", "\"1 234 567,5\"", "100000000000000000000", "0.0000001", "12"]))
    frames = {"place": typed("place", content), "deal": typed("deal", deals)}
    with Store(store_url, seed_directory=None) as opened:
        opened.commit(frames, "analyst", [info("places.csv", content, "place"), info("deals.csv", deals, "deal")])
        for kind, frame in frames.items():
            pd.testing.assert_frame_equal(opened.current(kind).drop(columns="row"), frame.drop(columns="row"))
    assert [number_text(v) for v in (1.234, -1.234, 1234.5, 12.0, 1e20, 1e-7)] == [
        "1.2340", "-1.2340", "1234.5", "12", "1e+20", "1e-07"]


# --- commit -------------------------------------------------------------------------------------------------------


def test_commit_adds_new_and_updates_by_id(store: Store) -> None:
    before = store.version()
    batch = store.commit({"agreement": typed("agreement", NEW_AND_CHANGED)}, "anna",
                         [info("agreements-2024.csv", NEW_AND_CHANGED)])
    assert store.version() != before
    current = by_id(store.current("agreement"))
    assert set(current) == {"a1", "a2", "a3"}
    assert current["a1"]["title"] == "Twin cities (renewed)"
    assert pd.isna(current["a1"]["sector"])  # a row replaces the record: a column the file leaves empty empties it
    assert current["a3"]["hubei_party"] == "Hubei province"
    newest = store.history()[0]
    assert (newest.id, newest.action, newest.author, newest.rows) == (batch, "commit", "anna", 2)
    assert newest.files == (FileInfo("agreements-2024.csv", sha256(NEW_AND_CHANGED.encode()), "agreement", 2),)
    assert abs(newest.created_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert len(store.current("visit")) == 2  # other kinds untouched


def test_commit_updates_by_natural_key_when_the_file_has_no_ids(store: Store) -> None:
    content = """date,title,dalarna_party,hubei_party,type,sector,source
2007,  TWIN   cities ,borlänge KOMMUN,Wuhan City,twin_city,culture,https://example.org/new-source
2020,Another,Falun kommun,Wuhan city,other,,https://example.org/x
"""
    store.commit({"agreement": typed("agreement", content)}, "bo", [info("no-ids.csv", content)])
    current = by_id(store.current("agreement"))
    assert len(current) == 3  # one update, one new
    assert current["a1"]["sector"] == "culture"  # the stored record keeps its id
    assert current["a1"]["title"] == "TWIN   cities"  # as written; only the match ignores case and spacing
    assert current["a1"]["source"] == "https://example.org/new-source"
    [new_id] = set(current) - {"a1", "a2"}
    assert new_id.startswith("agr-")


def test_a_row_naming_a_stored_id_wins_over_a_natural_key_match(store: Store) -> None:
    named = typed("agreement", "id,date,title,dalarna_party,hubei_party,sector\n"
                               "a1,2007,Twin cities,Borlänge kommun,Wuhan city,named\n")
    unnamed = typed("agreement", "date,title,dalarna_party,hubei_party,sector\n"
                                 "2007,Twin cities,Borlänge kommun,Wuhan city,unnamed\n")
    store.commit({"agreement": pd.concat([unnamed, named], ignore_index=True)}, "anna", [])
    current = by_id(store.current("agreement"))
    assert current["a1"]["sector"] == "named"
    assert len(current) == 3  # the row without an id is a record of its own


def test_a_refused_commit_changes_nothing(store: Store) -> None:
    before, version = state_of(store), store.version()
    frame = typed("agreement", NEW_AND_CHANGED)
    twice = pd.concat([frame, frame], ignore_index=True)
    with pytest.raises(ValueError, match="same id"):
        store.commit({"agreement": twice}, "anna", [])
    with pytest.raises(ValueError, match="unknown kind"):
        store.commit({"agreement": frame, "meeting": frame}, "anna", [])
    assert state_of(store) == before
    assert store.version() == version
    assert len(store.history()) == 1


# --- undo and restore ---------------------------------------------------------------------------------------------


def test_undo_of_the_newest_batch(store: Store) -> None:
    before = state_of(store)
    batch = store.commit({"agreement": typed("agreement", NEW_AND_CHANGED)}, "anna", [info("a.csv", NEW_AND_CHANGED)])
    version = store.version()
    store.undo(batch, "bo")
    assert store.version() != version
    assert state_of(store) == before
    undone = store.history()[0]
    assert (undone.id, undone.undone_by) == (batch, "bo")
    assert abs(undone.undone_at - datetime.now(UTC)) < timedelta(minutes=1)
    with pytest.raises(ValueError, match="already undone"):
        store.undo(batch, "bo")
    with pytest.raises(ValueError, match="no batch"):
        store.undo(batch + 100, "bo")


def test_undo_of_an_older_batch_keeps_the_later_ones(store: Store) -> None:
    first = """id,date,title,dalarna_party,hubei_party,sector
a1,2007,Twin cities,Borlänge kommun,Wuhan city,first
a3,2016,Only in the first,Region Dalarna,Hubei province,first
"""
    second = """id,date,title,dalarna_party,hubei_party,sector
a1,2007,Twin cities,Borlänge kommun,Wuhan city,second
a4,2017,Only in the second,Region Dalarna,Hubei province,second
"""
    one = store.commit({"agreement": typed("agreement", first)}, "anna", [info("1.csv", first)])
    store.commit({"agreement": typed("agreement", second)}, "bo", [info("2.csv", second)])
    store.undo(one, "cecilia")
    current = by_id(store.current("agreement"))
    assert set(current) == {"a1", "a2", "a4"}  # a3 came with the undone batch only
    assert current["a1"]["sector"] == "second"  # the later batch stays
    assert [b.undone_by for b in store.history()] == [None, "cecilia", None]


def test_undo_of_the_seed_empties_the_store(store: Store) -> None:
    [seed] = store.history()
    store.undo(seed.id, "anna")
    assert store.dataset().is_empty


def test_restore_of_the_bundled_data_and_its_undo(store_url: str, tiny_dir: Path) -> None:
    with Store(store_url, seed_directory=tiny_dir) as opened:
        seeded = state_of(opened)
        changes = """id,date,title,dalarna_party,hubei_party
a1,2007,Edited,Borlänge kommun,Wuhan city
a9,2021,Added,Falun kommun,Wuhan city
"""
        opened.commit({"agreement": typed("agreement", changes)}, "anna", [info("c.csv", changes)])
        edited = state_of(opened)
        version = opened.version()
        restore = opened.restore_bundled("bo")
        assert opened.version() != version
        assert state_of(opened) == seeded  # exactly the bundled data: the edit is gone, the added record too
        newest = opened.history()[0]
        assert (newest.id, newest.action, newest.author) == (restore, "restore", "bo")
        assert {f.name for f in newest.files} == {KINDS[kind].file for kind in TINY}
        later = """id,date,title,dalarna_party,hubei_party
a2,2013-06-13,After the restore,Science Park | Borlänge kommun,East Lake
"""
        opened.commit({"agreement": typed("agreement", later)}, "cecilia", [info("l.csv", later)])
        opened.undo(restore, "anna")
        after = state_of(opened)
        assert {r["id"]: r["title"] for r in after["agreement"]} == {
            "a1": "Edited", "a2": "After the restore", "a9": "Added"}
        assert after["visit"] == edited["visit"]


# --- remembered mappings and sign-ins -----------------------------------------------------------------------------


def test_remembered_mappings(store: Store) -> None:
    assert store.remembered_mapping("datum|rubrik|x") is None
    store.remember_mapping("datum|rubrik|x", "agreement", {"Datum": "date", "Rubrik": "title"})
    assert store.remembered_mapping("datum|rubrik|x") == ("agreement", {"Datum": "date", "Rubrik": "title"}, {})
    store.remember_mapping("datum|rubrik|x", "deal", {"Datum": "date", "Värde": "value", "Typ": ""})
    assert store.remembered_mapping("datum|rubrik|x") == ("deal", {"Datum": "date", "Värde": "value", "Typ": ""}, {})
    with Store(store.url, seed_directory=None) as other:  # another process sees it
        assert other.remembered_mapping("datum|rubrik|x").columns == {"Datum": "date", "Värde": "value", "Typ": ""}
    # a constant (one value for the whole file) is remembered with the mapping
    store.remember_mapping("namn|kommun", "organisation", {"Namn": "name", "Kommun": "city"},
                           constants={"side": "dalarna"})
    assert store.remembered_mapping("namn|kommun") == (
        "organisation", {"Namn": "name", "Kommun": "city"}, {"side": "dalarna"})


def test_failed_sign_ins_are_counted_per_client_and_time(store: Store) -> None:
    start = datetime.now(UTC) - timedelta(seconds=1)
    for _ in range(3):
        store.record_failed_sign_in("10.0.0.1")
    store.record_failed_sign_in("10.0.0.2")
    assert store.failed_sign_ins("10.0.0.1", start) == 3
    assert store.failed_sign_ins("10.0.0.2", start) == 1
    assert store.failed_sign_ins("10.0.0.3", start) == 0
    assert store.failed_sign_ins("10.0.0.1", datetime.now(UTC) + timedelta(seconds=5)) == 0
    with Store(store.url, seed_directory=None) as other:
        assert other.failed_sign_ins("10.0.0.1", start.replace(tzinfo=None)) == 3  # naive: taken as UTC
    long_ago = datetime.now(UTC) - SIGN_IN_MEMORY - timedelta(days=1)
    with store.engine.connect().execution_options(store_write=True) as conn, conn.begin():
        conn.execute(insert(sign_in_failures).values(client="10.0.0.2", at=long_ago))
    assert store.failed_sign_ins("10.0.0.2", long_ago - timedelta(days=1)) == 2
    store.record_failed_sign_in("10.0.0.2")  # forgets the old one
    assert store.failed_sign_ins("10.0.0.2", long_ago - timedelta(days=1)) == 2


# --- crashes and concurrency --------------------------------------------------------------------------------------


def test_a_process_killed_in_the_middle_of_a_commit_leaves_the_store_as_it_was(store: Store, tmp_path: Path) -> None:
    before, version, history = state_of(store), store.version(), store.history()
    with store.engine.connect() as conn:
        stored_rows = conn.execute(select(func.count()).select_from(records)).scalar_one()
    marker = tmp_path / "inserting"
    child = subprocess.Popen([sys.executable, str(CHILD), "hang", store.url, str(marker), "5000"])
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the child ended before it was killed"
            assert time.monotonic() < deadline, "the child never reached the middle of its commit"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with Store(store.url, seed_directory=None) as reopened:  # a fresh connection, as a restarted dashboard has
        deadline = time.monotonic() + 30
        while True:  # PostgreSQL rolls back once it notices the closed connection: at once, or nearly
            with reopened.engine.connect() as conn:
                rows = conn.execute(select(func.count()).select_from(records)).scalar_one()
            if rows == stored_rows or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert rows == stored_rows
        assert reopened.version() == version
        assert reopened.history() == history
        assert state_of(reopened) == before
        reopened.commit({"agreement": typed("agreement", NEW_AND_CHANGED)}, "anna", [])  # not locked any more
        assert len(reopened.current("agreement")) == 3


def test_two_commits_at_the_same_moment_both_complete(store: Store, tmp_path: Path) -> None:
    go = tmp_path / "go"
    version = store.version()
    children = [subprocess.Popen([sys.executable, str(CHILD), "commit", store.url, str(go), prefix, "3000"])
                for prefix in ("left", "right")]
    time.sleep(1.5)  # both have opened the store and typed their rows
    go.write_text("go")
    assert [child.wait(timeout=180) for child in children] == [0, 0]
    history = store.history()
    assert sorted(b.author for b in history[:2]) == ["left", "right"]
    assert all(b.rows == 3000 for b in history[:2])
    ids = set(store.current("agreement")["id"])
    assert {f"left-{i}" for i in range(3000)} <= ids
    assert {f"right-{i}" for i in range(3000)} <= ids
    assert len(ids) == 6002
    assert store.version() == version + 2


def test_two_sessions_of_one_process_commit_at_once(store: Store) -> None:
    """Streamlit's sessions are threads sharing one cached Store."""
    frames = {prefix: typed("agreement", "id,date,title,dalarna_party,hubei_party\n" + "".join(
        f"{prefix}-{i},2015,{prefix} {i},Borlänge kommun,Wuhan city\n" for i in range(500)))
        for prefix in ("one", "two")}
    barrier = threading.Barrier(2)
    batches: list[int] = []

    def commit(prefix: str) -> None:
        barrier.wait(timeout=30)
        batches.append(store.commit({"agreement": frames[prefix]}, prefix, []))

    threads = [threading.Thread(target=commit, args=(prefix,)) for prefix in frames]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(batches) == 2
    assert len(store.current("agreement")) == 1002
    assert store.version() == 3


# --- configuration ------------------------------------------------------------------------------------------------


def test_database_url_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.delenv(STORE_PATH_ENV, raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_STORE_PATH}"
    monkeypatch.setenv(STORE_PATH_ENV, str(tmp_path / "elsewhere.sqlite"))
    assert database_url() == f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql+psycopg://dash@127.0.0.1/dash")
    assert database_url() == "postgresql+psycopg://dash@127.0.0.1/dash"


def test_the_default_store_is_ignored_by_git() -> None:
    root = Path(__file__).resolve().parent.parent
    relative = DEFAULT_STORE_PATH.relative_to(root)
    result = subprocess.run(["git", "check-ignore", "-q", str(relative)], cwd=root, check=False)
    assert result.returncode == 0, f"{relative} is not ignored by git"


# --- issue 12: no empty batches, no invisible characters, failures per account -------------------------------------


def test_a_commit_of_rows_stored_already_makes_no_batch(store: Store) -> None:
    """Defect 10: `import` of unchanged data added an empty batch each time."""
    frames = {"agreement": typed("agreement", NEW_AND_CHANGED)}
    files = [info("agreements.csv", NEW_AND_CHANGED)]
    first = store.commit(frames, "Anna", files)
    assert first == 2
    version, history = store.version(), store.history()
    assert store.commit(frames, "Anna", files) is None  # the same rows again: nothing changes, nothing written
    assert store.version() == version and store.history() == history
    # the same rows without ids (matched by natural key) are stored already too
    no_ids = NEW_AND_CHANGED.replace("id,", "", 1).replace("\na1,", "\n").replace("\na3,", "\n")
    assert store.commit({"agreement": typed("agreement", no_ids)}, "Anna", files) is None
    # one changed value is a batch again
    changed = {"agreement": typed("agreement", NEW_AND_CHANGED.replace("New agreement", "Newer agreement"))}
    assert store.commit(changed, "Anna", files) == 3


def test_text_with_invisible_characters_is_refused_on_every_backend(store: Store) -> None:
    """Defect 6: PostgreSQL text cannot hold NUL at all; SQLite would keep it. The store refuses both alike (the
    ingest removes such characters before, with a warning)."""
    before, version = state_of(store), store.version()
    for text in ("Av\x00tal", "Borl\u202eegnäl", "Fa\u200blun"):
        frame = typed("agreement", NEW_AND_CHANGED)
        frame.loc[1, "title"] = text
        with pytest.raises(ValueError, match="invisible characters"):
            store.commit({"agreement": frame}, "Anna", [info("agreements.csv", NEW_AND_CHANGED)])
    assert state_of(store) == before and store.version() == version


def test_a_file_with_a_nul_is_stored_without_it_on_every_backend(store: Store) -> None:
    text = "id,date,title,dalarna_party,hubei_party\n" + "".join(f"n{i},2013,Avtal {i},X,Y\n" for i in range(300))
    text += "n300,2014,Av\x00tal,X,Y\n"  # after 4 KB
    result = ingest_bytes(text.encode(), "agreements.csv", upload=True)
    assert result.accepted and [p.key for p in result.problems] == ["problem.invisible_removed"]
    assert store.commit({"agreement": result.frame}, "Anna", [info("agreements.csv", text)]) == 2
    assert by_id(store.current("agreement"))["n300"]["title"] == "Avtal"


def test_failed_sign_ins_are_counted_per_address_and_per_account(store: Store) -> None:
    """Defect 2: failures also count per account, so new addresses do not give new guesses for a name."""
    from cooperation.auth import RateLimit, hash_password, sign_in

    stored, limit = hash_password("the right one"), RateLimit(attempts=3)
    for number in range(3):
        assert not sign_in("wrong", stored, store, f"203.0.113.{number}", limit, account="Anna").ok
    blocked = sign_in("the right one", stored, store, "203.0.113.99", limit, account=" anna ")  # same account
    assert blocked.blocked and not blocked.ok
    assert sign_in("the right one", stored, store, "203.0.113.99", limit, account="Bertil").ok
    with Store(store.url, seed_directory=None) as other:  # another process shares the count
        assert sign_in("the right one", stored, other, "198.51.100.1", limit, account="ANNA").blocked
