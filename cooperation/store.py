"""The persistent store of records: SQLite by default, PostgreSQL by one database URL (SQLAlchemy).

Every version of every record is kept. A batch (the seed, a commit, a restore of the bundled data) adds one
version of each of its rows; undoing a batch marks it undone. The current state is, per (kind, id), the
newest version from a batch that is not undone and not older than the newest restore that is not undone. So
undo of any batch, restore and undo of a restore are all a flag on a batch, and nothing is ever overwritten.

A write is one transaction, and writers are serialised: SQLite's `BEGIN IMMEDIATE`, PostgreSQL's row lock on
the one-row state table (`SELECT ... FOR UPDATE`). The state row's version goes up in the same transaction,
so a process killed in the middle of a commit leaves the store (and its version) as it was.

Records are typed on the way out by the ingest path: the current values are written as CSV and read back with
`ingest_bytes`, so a stored record has exactly the dtypes of an uploaded one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from cooperation.cells import invisible_positions
from cooperation.dataset import BUNDLED_DATA_DIR, STORE_LIMITS, Dataset, load_directory
from cooperation.ingest import Problem, ingest_bytes
from cooperation.mapping import Remembered
from cooperation.schema import KINDS, Kind
from cooperation.store_cache import DATABASE_URL_ENV, DEFAULT_STORE_PATH, STORE_PATH_ENV, database_url

# where the store is (database_url) lives in cooperation.store_cache, which the dashboard reads before it imports
# SQLAlchemy; it is part of this module's interface as before

SEED_AUTHOR = "bundled data"
# rows per INSERT round trip (executemany); small enough to keep memory flat on a large batch
CHUNK_ROWS = 5_000
# failed sign-ins older than this are forgotten (rate limits look back minutes or hours)
SIGN_IN_MEMORY = timedelta(days=7)
# PostgreSQL advisory lock key (any constant) that serialises creating the tables when processes start at once
_CREATE_LOCK = 4_711_2013


@dataclass(frozen=True)
class FileInfo:
    """A file a batch came from: its name, SHA-256, kind and number of rows."""

    name: str
    sha256: str
    kind: str
    rows: int


@dataclass(frozen=True)
class Batch:
    """One write to the store: the seed, a commit of files, or a restore of the bundled data."""

    id: int
    action: str  # "seed" | "commit" | "restore"
    created_at: datetime
    author: str
    files: tuple[FileInfo, ...]
    rows: int
    undone_at: datetime | None
    undone_by: str | None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


def sha256(data: bytes) -> str:
    """The hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


# --- the canonical text of a record --------------------------------------------------------------------------

_THREE_DECIMALS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
_WHITESPACE = re.compile(r"\s+")


def number_text(value: float) -> str:
    """A number as text that the ingest path reads back as the same float.

    Whole numbers without `.0`; otherwise the shortest exact form, with a trailing 0 where ingest would call
    it ambiguous (`1.234` could be thousands: `1.2340` cannot).
    """
    number = float(value)
    if number.is_integer() and abs(number) < 1e18:
        return str(int(number))
    text = repr(number)
    return text + "0" if _THREE_DECIMALS.fullmatch(text) else text


def _column_texts(frame: pd.DataFrame, kind: Kind) -> dict[str, np.ndarray]:
    """Each of the kind's columns in `frame` as an object array of canonical text (None where missing)."""
    out: dict[str, np.ndarray] = {}
    for column in kind.columns:
        if column.name not in frame:
            continue
        values = frame[column.name]
        codes, uniques = pd.factorize(values)
        if column.type in ("number", "integer"):
            texts = [number_text(v) for v in uniques.to_numpy(dtype=object)]
        else:
            texts = [str(v) for v in uniques.to_numpy(dtype=object)]
        table = np.empty(len(texts) + 1, dtype=object)
        table[:-1] = texts
        table[-1] = None
        out[column.name] = table[codes]
    return out


def canonical_records(frame: pd.DataFrame, kind: str) -> list[dict[str, str]]:
    """The rows of a typed frame of `kind` as {column: text}, in the kind's column order, missing values left out."""
    texts = _column_texts(frame, KINDS[kind])
    names = list(texts)
    columns = [texts[name] for name in names]
    return [{name: value for name, value in zip(names, row, strict=True) if value is not None and value != ""}
            for row in zip(*columns, strict=True)] if columns else [{} for _ in range(len(frame))]


def normalised(text: str) -> str:
    """Text as compared for a natural key: NFC, case folded, white space collapsed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def natural_key(record: dict[str, str], kind: str) -> str:
    """The normalised values of the kind's required columns of a canonical record, joined."""
    return "\x1f".join(normalised(record.get(name, "")) for name in KINDS[kind].required)


def derived_id_prefix(values: tuple[object, ...], kind: str) -> str:
    """The id ingest derives for a row that has none, from its required columns' typed values (before any suffix
    telling rows with the same values apart). Mirrors cooperation.ingest._derived_ids."""
    content = "\x1f".join("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values)
    return f"{kind[:3]}-{hashlib.sha1(content.encode()).hexdigest()[:10]}"


def has_derived_ids(frame: pd.DataFrame, kind: str) -> np.ndarray:
    """For each row: True when its id is the one ingest derives from the row's content (the file gave none)."""
    required = [c for c in KINDS[kind].required if c in frame]
    ids = frame["id"].astype(object).to_numpy()
    rows = frame[required].astype(object).itertuples(index=False, name=None)
    flags = np.zeros(len(frame), dtype=bool)
    for position, (record_id, values) in enumerate(zip(ids, rows, strict=True)):
        if isinstance(record_id, str):
            prefix = derived_id_prefix(values, kind)
            flags[position] = record_id == prefix or record_id.startswith(prefix + "-")
    return flags


@dataclass(frozen=True)
class Match:
    """How an incoming row meets the stored records: the stored id it updates (None: new) and by what."""

    stored_id: str | None
    by: str | None  # "id" | "natural_key" | None


def match_rows(frame: pd.DataFrame, kind: str, stored_ids: set[str], stored_keys: dict[str, str],
               records: list[dict[str, str]] | None = None) -> list[Match]:
    """Match each incoming row to a stored record: by its id, else (when the file gave it no id) by natural key.

    `stored_keys` maps a natural key to the stored id that has it. A stored record is matched by natural key at
    most once per batch, and not when another row of the batch has its id.
    """
    records = records if records is not None else canonical_records(frame, kind)
    derived = has_derived_ids(frame, kind)
    taken = {record.get("id") for record in records}  # a stored id that a row names itself is that row's
    matches = []
    for record, is_derived in zip(records, derived, strict=True):
        record_id = record.get("id")
        if record_id in stored_ids:
            matches.append(Match(record_id, "id"))
            continue
        found = stored_keys.get(natural_key(record, kind)) if is_derived else None
        if found is not None and found not in taken:
            taken.add(found)
            matches.append(Match(found, "natural_key"))
        else:
            matches.append(Match(None, None))
    return matches


def _payload(record: dict[str, str]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def typed_frame(records: list[dict[str, str]], kind: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Canonical records typed through the ingest path (the frame ingest_bytes gives for them as a CSV file)."""
    spec = KINDS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(spec.column_names)
    names = spec.column_names
    writer.writerows([record.get(name, "") for name in names] for record in records)
    result = ingest_bytes(buffer.getvalue().encode("utf-8"), spec.file, kind=kind, limits=STORE_LIMITS)
    if not result.readable:
        raise RuntimeError(f"stored {kind} records cannot be read back: {[p.key for p in result.problems]}")
    return result.frame, result.problems


# --- tables ----------------------------------------------------------------------------------------------------


class UTCDateTime(TypeDecorator):
    """A point in time, stored in UTC and always given back aware (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_PK = BigInteger().with_variant(Integer, "sqlite")  # SQLite's autoincrementing key is INTEGER PRIMARY KEY
metadata = MetaData()

state = Table(
    "store_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
)

batches = Table(
    "batches", metadata,
    Column("id", _PK, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("author", Text, nullable=False),
    Column("files", Text, nullable=False),  # JSON list of FileInfo
    Column("rows", BigInteger, nullable=False),
    Column("undone_at", UTCDateTime),
    Column("undone_by", Text),
)

records = Table(
    "records", metadata,
    Column("pk", _PK, primary_key=True, autoincrement=True),
    Column("batch_id", _PK, ForeignKey("batches.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("record_id", Text, nullable=False),
    Column("natural_key", Text, nullable=False),
    Column("payload", Text, nullable=False),  # JSON {column: canonical text}
    UniqueConstraint("batch_id", "kind", "record_id", name="records_one_version_per_batch"),
    Index("records_by_record", "kind", "record_id", "batch_id"),
)

mappings = Table(
    "mappings", metadata,
    Column("signature", Text, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("mapping", Text, nullable=False),  # JSON {file header: contract column}
    Column("updated_at", UTCDateTime, nullable=False),
)

sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("pk", _PK, primary_key=True, autoincrement=True),
    Column("client", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("sign_in_failures_by_client", "client", "at"),
)


def _now() -> datetime:
    return datetime.now(UTC)


def _current_versions(kind: str | None = None):
    """The select of the current version of every record (of `kind`): kind, record_id, natural_key, payload.

    One statement, so one consistent snapshot. Ordered by the first version of each record in the live window
    (the seed's or restore's file order, then new records in the order they came).
    """
    barrier = (select(func.coalesce(func.max(batches.c.id), 0))
               .where(batches.c.action == "restore", batches.c.undone_at.is_(None)).scalar_subquery())
    live = select(batches.c.id).where(batches.c.undone_at.is_(None), batches.c.id >= barrier)
    newest = (select(records.c.kind, records.c.record_id, func.max(records.c.batch_id).label("batch_id"),
                     func.min(records.c.pk).label("first_pk"))
              .where(records.c.batch_id.in_(live)))
    if kind is not None:
        newest = newest.where(records.c.kind == kind)
    newest = newest.group_by(records.c.kind, records.c.record_id).subquery()
    joined = records.join(newest, and_(records.c.kind == newest.c.kind, records.c.record_id == newest.c.record_id,
                                       records.c.batch_id == newest.c.batch_id))
    return (select(records.c.kind, records.c.record_id, records.c.natural_key, records.c.payload)
            .select_from(joined).order_by(newest.c.first_pk))


class Store:
    """The records, their batches, remembered column mappings and failed sign-ins, in one database."""

    def __init__(self, url: str, seed_directory: Path | None = BUNDLED_DATA_DIR) -> None:
        """Open the store at `url`, creating its tables if missing and seeding it from `seed_directory` once."""
        self.url = url
        self.bundled_directory = seed_directory if seed_directory is not None else BUNDLED_DATA_DIR
        self.engine = _engine(url)
        self._setup(seed_directory)

    @classmethod
    def from_environment(cls) -> Store:
        """The store at database_url(), seeded from the bundled data."""
        return cls(database_url())

    def close(self) -> None:
        """Let go of the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ---

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction that holds the store's write lock from its start to its commit."""
        with self.engine.connect().execution_options(store_write=True) as conn, conn.begin():
            if conn.dialect.name != "sqlite":  # SQLite's BEGIN IMMEDIATE already holds the lock
                conn.execute(select(state.c.version).where(state.c.id == 1).with_for_update())
            yield conn

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A read transaction that sees one snapshot throughout."""
        options = {} if self.engine.dialect.name == "sqlite" else {"isolation_level": "REPEATABLE READ"}
        with self.engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    def _setup(self, seed_directory: Path | None) -> None:
        if self._ready(seed_directory is not None):
            return
        with self.engine.connect().execution_options(store_write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(_CREATE_LOCK)))
            metadata.create_all(conn)
            if conn.execute(select(state.c.id).where(state.c.id == 1)).first() is None:
                conn.execute(insert(state).values(id=1, version=0))
            if conn.dialect.name != "sqlite":
                conn.execute(select(state.c.version).where(state.c.id == 1).with_for_update())
            if seed_directory is not None and conn.execute(select(func.count()).select_from(batches)).scalar() == 0:
                frames, files = _bundled(seed_directory)
                self._write_batch(conn, "seed", SEED_AUTHOR, frames, files, match=False)

    def _ready(self, wants_seed: bool) -> bool:
        """True when the tables exist (and hold a batch, if a seed is wanted): nothing to set up."""
        try:
            with self.engine.connect() as conn, conn.begin():
                if conn.execute(select(state.c.version).where(state.c.id == 1)).first() is None:
                    return False
                return not wants_seed or conn.execute(select(batches.c.id).limit(1)).first() is not None
        except SQLAlchemyError:  # missing tables: each database says so with its own error
            return False

    # --- reading ---

    def version(self) -> int:
        """A number that changes on every commit, undo and restore."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(state.c.version).where(state.c.id == 1)).scalar_one())

    def snapshot(self) -> tuple[int, Dataset]:
        """The version and the current records of every kind, read in one transaction."""
        with self._reading() as conn:
            version = int(conn.execute(select(state.c.version).where(state.c.id == 1)).scalar_one())
            found: dict[str, list[dict[str, str]]] = {kind: [] for kind in KINDS}
            for kind, payload in conn.execute(_current_versions().with_only_columns(records.c.kind,
                                                                                    records.c.payload)):
                found[kind].append(json.loads(payload))
        frames: dict[str, pd.DataFrame] = {}
        problems: list[Problem] = []
        for kind, rows in found.items():
            frames[kind], kind_problems = typed_frame(rows, kind)
            problems.extend(kind_problems)
        return version, Dataset(frames, problems)

    def dataset(self) -> Dataset:
        """The current records of every kind, typed as ingest_bytes types them."""
        return self.snapshot()[1]

    def current(self, kind: str) -> pd.DataFrame:
        """The current typed records of one kind."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        with self._reading() as conn:
            rows = [json.loads(p) for p in conn.execute(_current_versions(kind).with_only_columns(records.c.payload))
                    .scalars()]
        return typed_frame(rows, kind)[0]

    def history(self) -> list[Batch]:
        """Every batch, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(batches).order_by(batches.c.id.desc())).mappings().all()
        return [Batch(id=int(r["id"]), action=r["action"], created_at=r["created_at"], author=r["author"],
                      files=tuple(FileInfo(**f) for f in json.loads(r["files"])), rows=int(r["rows"]),
                      undone_at=r["undone_at"], undone_by=r["undone_by"]) for r in rows]

    # --- writing ---

    def commit(self, frames: dict[str, pd.DataFrame], author: str, files: list[FileInfo]) -> int | None:
        """Store typed frames (as ingest gives them) as one batch, all or nothing; return the batch's id, or None when
        every row is stored already exactly so (no batch is made: an import of unchanged data changes nothing).

        A row updates the stored record with its id; a row whose id was derived by ingest (the file gave none)
        updates the stored record with its natural key, if any, and keeps that record's id; other rows are new.
        Raises ValueError for rows without an id, two rows with one id, and text with invisible characters (NUL,
        bidirectional overrides, …: the ingest removes them; SQLite would keep them, PostgreSQL cannot store NUL).
        """
        for kind, frame in frames.items():
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}")
            if "id" not in frame or frame["id"].isna().any():
                raise ValueError(f"every {kind} row needs an id")
            if frame["id"].duplicated().any():
                raise ValueError(f"{kind} rows with the same id: {sorted(set(frame['id'][frame['id'].duplicated()]))}")
            for column in KINDS[kind].columns:
                if column.type not in ("number", "integer") and column.name in frame and \
                        len(invisible_positions(frame[column.name].dropna().astype("string[pyarrow]"))):
                    raise ValueError(f"{kind} {column.name}: text with invisible characters (NUL, bidirectional "
                                     "overrides, …) is not stored; read it through the ingest, which removes them")
        with self._writing() as conn:
            return self._write_batch(conn, "commit", author, frames, files, match=True)

    def restore_bundled(self, author: str) -> int:
        """A new batch (action "restore") after which the current records are exactly the bundled data."""
        frames, files = _bundled(self.bundled_directory)
        with self._writing() as conn:
            batch = self._write_batch(conn, "restore", author, frames, files, match=False)
        assert batch is not None  # a restore always writes
        return batch

    def undo(self, batch_id: int, author: str) -> None:
        """Undo a batch: the records become what they would be without it (later batches stay)."""
        with self._writing() as conn:
            row = conn.execute(select(batches.c.undone_at).where(batches.c.id == batch_id)).first()
            if row is None:
                raise ValueError(f"no batch {batch_id}")
            if row.undone_at is not None:
                raise ValueError(f"batch {batch_id} is already undone")
            conn.execute(update(batches).where(batches.c.id == batch_id).values(undone_at=_now(), undone_by=author))
            conn.execute(update(state).where(state.c.id == 1).values(version=state.c.version + 1))

    def _write_batch(self, conn: Connection, action: str, author: str, frames: dict[str, pd.DataFrame],
                     files: list[FileInfo], match: bool) -> int | None:
        """Insert one batch and its rows inside the caller's write transaction; bump the version. With `match` (a
        commit), rows meet the stored records first, and nothing is written (None) when none of them changes any."""
        rows = sum(len(frame) for frame in frames.values())
        prepared: dict[str, list[dict[str, str]]] = {}
        changes = not match
        for kind, frame in frames.items():
            if not len(frame):
                continue
            canonical = prepared[kind] = canonical_records(frame, kind)
            if match:
                stored_ids: set[str] = set()
                stored_keys: dict[str, str] = {}
                payloads: dict[str, str] = {}
                for record_id, key, payload in conn.execute(_current_versions(kind).with_only_columns(
                        records.c.record_id, records.c.natural_key, records.c.payload)):
                    stored_ids.add(record_id)
                    stored_keys.setdefault(key, record_id)
                    payloads[record_id] = payload
                for record, found in zip(canonical, match_rows(frame, kind, stored_ids, stored_keys, canonical),
                                         strict=True):
                    if found.by == "natural_key":
                        record["id"] = found.stored_id  # type: ignore[assignment]
                    stored = payloads.get(record["id"])
                    changes = changes or stored is None or json.loads(stored) != record
        if not changes:
            return None
        files_json = json.dumps([f.__dict__ for f in files], ensure_ascii=False)
        batch_id = int(conn.execute(insert(batches).values(action=action, created_at=_now(), author=author,
                                                           files=files_json, rows=rows)
                                    .returning(batches.c.id)).scalar_one())
        for kind, canonical in prepared.items():
            for start in range(0, len(canonical), CHUNK_ROWS):
                conn.execute(insert(records), [
                    {"batch_id": batch_id, "kind": kind, "record_id": record["id"],
                     "natural_key": natural_key(record, kind), "payload": _payload(record)}
                    for record in canonical[start:start + CHUNK_ROWS]])
        conn.execute(update(state).where(state.c.id == 1).values(version=state.c.version + 1))
        return batch_id

    # --- remembered column mappings ---

    def remembered_mapping(self, signature: str) -> Remembered | None:
        """The kind, {file header: contract column} and constants remembered for a header signature, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(select(mappings.c.kind, mappings.c.mapping).where(mappings.c.signature == signature)
                               ).first()
        if row is None:
            return None
        found = json.loads(row.mapping)
        if isinstance(found.get("columns"), dict):  # with constants; a plain mapping's values are never dicts
            return Remembered(row.kind, found["columns"], found.get("constants") or {})
        return Remembered(row.kind, found, {})

    def remember_mapping(self, signature: str, kind: str, mapping: dict[str, str],
                         constants: dict[str, str] | None = None) -> None:
        """Remember (or replace) the mapping (and the constants) for a header signature."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        stored = {"columns": mapping, "constants": constants} if constants else mapping
        with self._writing() as conn:
            conn.execute(mappings.delete().where(mappings.c.signature == signature))
            conn.execute(insert(mappings).values(signature=signature, kind=kind, updated_at=_now(),
                                                 mapping=json.dumps(stored, ensure_ascii=False)))

    # --- failed sign-ins (rate limiting shared by every process) ---

    def record_failed_sign_in(self, client: str) -> None:
        """Note a failed sign-in from `client` now (and forget those older than SIGN_IN_MEMORY)."""
        now = _now()
        with self.engine.connect().execution_options(store_write=True) as conn, conn.begin():
            conn.execute(sign_in_failures.delete().where(sign_in_failures.c.client == client,
                                                         sign_in_failures.c.at < now - SIGN_IN_MEMORY))
            conn.execute(insert(sign_in_failures).values(client=client, at=now))

    def failed_sign_ins(self, client: str, since: datetime) -> int:
        """How many failed sign-ins `client` has had since `since`."""
        since = since.replace(tzinfo=UTC) if since.tzinfo is None else since
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(sign_in_failures).where(
                sign_in_failures.c.client == client, sign_in_failures.c.at >= since)).scalar_one())


def _bundled(directory: Path) -> tuple[dict[str, pd.DataFrame], list[FileInfo]]:
    """The typed frames of a data directory and the files they came from."""
    dataset = load_directory(directory)
    files = [FileInfo(name=KINDS[kind].file, sha256=sha256((directory / KINDS[kind].file).read_bytes()), kind=kind,
                      rows=len(frame)) for kind, frame in dataset.frames.items()]
    return dataset.frames, files


def _engine(url: str) -> Engine:
    """An engine for `url`; for SQLite a file in WAL mode whose write transactions begin IMMEDIATE."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    database = url.split("///", 1)[1] if "///" in url else ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing by itself; "begin" below does
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("store_write") else "BEGIN")

    return engine


__all__ = ["DATABASE_URL_ENV", "DEFAULT_STORE_PATH", "STORE_PATH_ENV", "Batch", "FileInfo", "Match", "Store",
           "canonical_records", "database_url", "match_rows", "natural_key", "number_text", "sha256", "typed_frame"]
