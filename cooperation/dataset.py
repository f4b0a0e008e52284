"""The stored records of every kind, and the one events table the views are drawn from."""

from __future__ import annotations

import contextlib
import ctypes
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cooperation.cells import fold
from cooperation.dates import parsed_date
from cooperation.ingest import Limits, Problem, ingest_bytes
from cooperation.schema import EVENT_KINDS, KINDS, PARTY_SEPARATOR, SOURCE_SEPARATOR

BUNDLED_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# What the views draw from; the records' other columns (description, notes, ...) are read from the dataset's frames
# (the data view, the exports): a column of a million events costs 8 MB of pointers even when it says little.
EVENT_COLUMNS = [
    "id", "kind", "subtype", "date", "precision", "start", "end", "span_end", "year", "title",
    "dalarna_parties", "hubei_parties", "parties", "city", "sector", "status", "direction",
    "value", "currency", "source", "confidence", "title_sv", "title_en", "title_zh", "search",
]


@dataclass
class Dataset:
    """The typed frame of each kind (missing kinds are empty) and the problems met loading them."""

    frames: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)

    def frame(self, kind: str) -> pd.DataFrame:
        """Rows of `kind`, or an empty frame with the kind's columns."""
        found = self.frames.get(kind)
        if found is None:
            return pd.DataFrame(columns=["row", *KINDS[kind].column_names])
        return found

    @property
    def synthetic_rows(self) -> int:
        """How many stored rows are marked synthetic (generated, not real)."""
        return sum(int((frame["synthetic"] == "yes").sum()) for frame in self.frames.values()
                   if "synthetic" in frame and len(frame))

    @property
    def is_empty(self) -> bool:
        return all(self.frame(kind).empty for kind in EVENT_KINDS)


# The store is the owner's own folder, not an upload: it is read whatever its size (a million events is about
# 250 MB), with a guard against a file that is clearly not a store's.
STORE_LIMITS = Limits(max_bytes=4 * 1024**3, max_rows=50_000_000)


def load_directory(directory: Path, limits: Limits | None = None) -> Dataset:
    """Read every kind's CSV in `directory` through the ingest path; rows with errors are left out.

    Without `limits` the store's (STORE_LIMITS), not an upload's.
    """
    found = {kind.name: directory / kind.file for kind in KINDS.values() if (directory / kind.file).exists()}
    read: dict[str, tuple[pd.DataFrame, list[Problem]]] = {}
    # the largest file first: reading it needs the most memory, and nothing else is held yet
    for name in sorted(found, key=lambda n: -found[n].stat().st_size):
        result = ingest_bytes(found[name].read_bytes(), found[name].name, kind=name, limits=limits or STORE_LIMITS)
        bad_rows = {p.row for p in result.errors if p.row is not None}
        frame = result.frame
        if bad_rows and len(frame):
            frame = frame[~frame["row"].isin(bad_rows)].reset_index(drop=True)
        read[name] = (frame, result.problems)
    frames = {name: read[name][0] for name in found}  # in the order of the kinds, as are the problems
    release_memory()  # the reading's temporaries, before the caller builds on the records (the events table)
    return Dataset(frames, [problem for name in found for problem in read[name][1]])


def release_memory() -> None:
    """Return memory freed since to the system: arrow's pool and glibc's heap keep it otherwise, and what a big
    load freed would then add to the peak of what is built next (about 30 MB for a million events)."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _split(value: object, separator: str = PARTY_SEPARATOR) -> tuple[str, ...]:
    if not isinstance(value, str) or not value.strip():
        return ()
    return tuple(part.strip() for part in value.split(separator.strip()) if part.strip())


def split_sources(value: object) -> tuple[str, ...]:
    """The sources of a record, one per element."""
    return _split(value, SOURCE_SEPARATOR)


def first_url(value: object) -> str | None:
    """The first source that is a web address, if any."""
    for source in split_sources(value):
        if source.startswith(("http://", "https://")):
            return source
    return None


def events_table(dataset: Dataset) -> pd.DataFrame:
    """All dated records of every event kind as one frame with the same columns, oldest first.

    Built column by column, each straight into its place in the sorted table: a column of every kind is made,
    put in order and dropped before the next is made, so that the table is never held twice (a million events:
    the table is about 300 MB). A date, a party list or a text that repeats is parsed or split once and its result
    shared by every row that has it (a million rows name a few thousand parties).
    """
    spellings = party_spellings(dataset)
    parts = [_KindColumns(dataset.frame(kind), kind, spellings) for kind in EVENT_KINDS
             if not dataset.frame(kind).empty]
    if not parts:
        return _empty_events()
    # oldest first, then by kind and id, stable: the order of sort_values(["start", "kind", "id"], kind="stable")
    start = np.concatenate([p.start.astype("datetime64[s]").view("int64") for p in parts])
    start = np.where(start == np.iinfo("int64").min, np.iinfo("int64").max, start)  # NaT last
    kind = np.concatenate([np.full(len(p), EVENT_KINDS.index(p.kind)) for p in parts])
    kind_rank = np.argsort(np.argsort(np.array(EVENT_KINDS, dtype=object), kind="stable"), kind="stable")[kind]
    ids = [pa.array(p.frame["id"].astype("string")) for p in parts]  # arrow compares the ids' UTF-8, as str ordering
    keys = pa.table({"start": start, "kind": kind_rank, "id": pa.chunked_array(ids, type=pa.large_string())})
    order = pc.sort_indices(keys, sort_keys=[("start", "ascending"), ("kind", "ascending"), ("id", "ascending")]
                            ).to_numpy()
    del keys, ids, start, kind, kind_rank
    columns = {}
    for column in EVENT_COLUMNS:
        pieces = [p.column(column) for p in parts]
        merged = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
        del pieces
        columns[column] = merged.take(order).reset_index(drop=True)
        del merged
    return pd.DataFrame(columns, copy=False)


def party_spellings(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Every organisation's and place's name as written -> that name and its translations (name_sv, name_en,
    name_zh), for a search that finds what any language shows."""
    spellings: dict[str, tuple[str, ...]] = {}
    for kind in ("organisation", "place"):
        frame = dataset.frame(kind)
        columns = [c for c in ("name", "name_sv", "name_en", "name_zh") if c in frame]
        if not len(frame) or "name" not in columns:
            continue
        for row in frame[columns].itertuples(index=False):
            names = [str(v).strip() for v in row if isinstance(v, str) and v.strip()]
            if names and len(names) > 1:
                spellings[names[0]] = tuple(dict.fromkeys(spellings.get(names[0], ()) + tuple(names)))
    return spellings


def _search_texts(parties: np.ndarray, spellings: dict[str, tuple[str, ...]]) -> np.ndarray:
    """Per row, its parties' spellings folded and joined by newlines: one text per distinct (shared) party list."""
    codes, identities = pd.factorize(np.fromiter(map(id, parties), dtype=np.int64, count=len(parties)))
    first = np.zeros(len(identities), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # a row of each distinct list
    texts = np.empty(len(identities), dtype=object)
    texts[:] = ["\n".join(fold(s) for p in parties[row] for s in spellings.get(p, (p,))) for row in first]
    return texts[codes]


def _empty_events() -> pd.DataFrame:
    events = pd.DataFrame({c: pd.Series(dtype="object") for c in EVENT_COLUMNS})
    for column in ("start", "end", "span_end"):
        events[column] = pd.Series(dtype="datetime64[ns]")
    events["year"] = pd.Series(dtype="int64")
    events["value"] = pd.Series(dtype="float64")
    return events


def _shared_objects(values: pd.Series) -> np.ndarray:
    """The column as Python objects (NA as pd.NA), one object per distinct value shared by its rows."""
    if values.dtype == object:
        return values.to_numpy()
    codes, uniques = pd.factorize(values)
    objects = np.empty(len(uniques) + 1, dtype=object)
    objects[:-1] = uniques.to_numpy(dtype=object)
    objects[-1] = getattr(values.dtype, "na_value", pd.NA)  # what astype(object) gives for a missing value
    return objects[codes]


class _KindColumns:
    """The events table's columns for the records of one kind, made one at a time (in the stored rows' order).

    What several columns share (the parsed dates, the party lists) is kept only until the last of them is made.
    """

    def __init__(self, frame: pd.DataFrame, kind: str, spellings: dict[str, tuple[str, ...]]) -> None:
        self.frame, self.kind, self.spellings = frame, kind, spellings
        self.index = pd.RangeIndex(len(frame))
        self._date_codes, uniques = pd.factorize(frame["date"])
        self._parsed = [parsed_date(value) for value in uniques.to_numpy(dtype=object)]
        self.start = _dates_column([p.start for p in self._parsed], self._date_codes, self.index).to_numpy()
        self._parties: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._joined: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.frame)

    def _objects(self, values: np.ndarray) -> pd.Series:
        return pd.Series(values, index=self.index, dtype=object)

    def _party_lists(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if self._parties is None:
            frame = self.frame
            if self.kind == "visit":
                to_hubei = (frame["direction"] == "to_hubei").to_numpy(dtype=bool, na_value=False)
                delegation, host = _shared_objects(frame["delegation"]), _shared_objects(frame["host"])
                dalarna, hubei = np.where(to_hubei, delegation, host), np.where(to_hubei, host, delegation)
            else:
                dalarna, hubei = _shared_objects(frame["dalarna_party"]), _shared_objects(frame["hubei_party"])
            self._parties = (*_party_tuples(dalarna), *_party_tuples(hubei))
        return self._parties

    def column(self, column: str) -> pd.Series:
        """One column of the events table for these records (see EVENT_COLUMNS)."""
        made = _KIND_COLUMN_MAKERS.get(column)
        if made is not None:
            return made(self)
        # city, sector, status, currency, confidence, title_sv, title_en, title_zh
        if column in self.frame:
            return self._objects(_shared_objects(self.frame[column]))
        return self._objects(np.full(len(self.index), None, dtype=object))

    def _id(self) -> pd.Series:
        return self.frame["id"].astype(str).reset_index(drop=True)

    def _kind(self) -> pd.Series:
        kinds = np.empty(len(self.index), dtype=object)
        kinds.fill(self.kind)  # one object in every row (np.full would make a string per row)
        return self._objects(kinds)

    def _subtype(self) -> pd.Series:
        if self.kind == "visit":
            return self._direction()
        subtype_column = {"agreement": "type", "deal": "status", "milestone": "category"}[self.kind]
        return self._objects(_shared_objects(self.frame[subtype_column]))

    def _direction(self) -> pd.Series:
        if self.kind == "visit":
            return self._objects(_shared_objects(self.frame["direction"].astype(str)))
        return self._objects(np.full(len(self.index), None, dtype=object))

    def _date(self) -> pd.Series:
        return self._objects(_shared_objects(self.frame["date"]))

    def _precision(self) -> pd.Series:
        return self._objects(np.array([p.precision for p in self._parsed] + [None], dtype=object)[self._date_codes])

    def _start(self) -> pd.Series:
        return pd.Series(self.start, index=self.index)

    def _end(self) -> pd.Series:
        return _dates_column([p.end for p in self._parsed], self._date_codes, self.index)

    def _span_end(self) -> pd.Series:
        frame = self.frame
        end_dates = frame["end_date"] if "end_date" in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
        end_codes, end_uniques = pd.factorize(end_dates)
        return _dates_column([parsed_date(v).end for v in end_uniques.to_numpy(dtype=object)], end_codes, self.index)

    def _year(self) -> pd.Series:
        year = pd.Series(self.start, index=self.index).dt.year.astype("int64")
        self._date_codes, self._parsed = np.empty(0, dtype=np.intp), []  # the dates' last column
        return year

    def _title(self) -> pd.Series:
        frame = self.frame
        if self.kind == "visit":
            city = frame["city"].astype(str)
            purpose = frame["purpose"].fillna("").astype(str)
            return city.where(purpose == "", city + ": " + purpose).reset_index(drop=True)
        return frame["title"].astype(str).reset_index(drop=True)

    def _dalarna_parties(self) -> pd.Series:
        return self._objects(self._party_lists()[0])

    def _hubei_parties(self) -> pd.Series:
        return self._objects(self._party_lists()[2])

    def _all_parties(self) -> pd.Series:
        self._joined = _joined_tuples(*self._party_lists())
        return self._objects(self._joined)

    def _search(self) -> pd.Series:  # made after "parties", from its shared lists
        joined, self._joined, self._parties = self._joined, None, None  # the party lists' last column
        return self._objects(_search_texts(joined, self.spellings))  # type: ignore[arg-type]

    def _source(self) -> pd.Series:
        # the source is text per record (seldom shared): kept as arrow text, not a Python object per row
        if "source" in self.frame:
            return self.frame["source"].astype("string").reset_index(drop=True)
        return pd.Series(pd.NA, index=self.index, dtype="string")

    def _value(self) -> pd.Series:
        if "value" in self.frame:
            return pd.to_numeric(self.frame["value"], errors="coerce").astype("float64").reset_index(drop=True)
        return pd.Series(np.nan, index=self.index, dtype="float64")


_KIND_COLUMN_MAKERS = {
    "id": _KindColumns._id, "kind": _KindColumns._kind, "subtype": _KindColumns._subtype,
    "direction": _KindColumns._direction, "date": _KindColumns._date, "precision": _KindColumns._precision,
    "start": _KindColumns._start, "end": _KindColumns._end, "span_end": _KindColumns._span_end,
    "year": _KindColumns._year, "title": _KindColumns._title, "dalarna_parties": _KindColumns._dalarna_parties,
    "hubei_parties": _KindColumns._hubei_parties, "parties": _KindColumns._all_parties,
    "search": _KindColumns._search, "source": _KindColumns._source, "value": _KindColumns._value,
}


def _dates_column(days: list, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Datetimes of the distinct `days` (date objects) spread over the rows by `codes` (-1: NaT)."""
    converted = pd.to_datetime(pd.Series([*days, None], dtype=object))
    return pd.Series(converted.to_numpy()[codes], index=index)


def _party_tuples(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's parties as a tuple (one shared tuple per distinct cell) and the cells' codes."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    tuples = np.empty(len(uniques) + 1, dtype=object)
    tuples[:-1] = [_split(v) for v in uniques.to_numpy(dtype=object)]
    tuples[-1] = ()
    return tuples[codes], np.where(codes < 0, len(uniques), codes)


def _joined_tuples(first: np.ndarray, first_codes: np.ndarray, second: np.ndarray, second_codes: np.ndarray
                   ) -> np.ndarray:
    """first + second for every row, one shared tuple per distinct pair."""
    if not len(first):
        return np.empty(0, dtype=object)
    pair = first_codes.astype(np.int64) * (int(second_codes.max()) + 1) + second_codes
    codes, uniques = pd.factorize(pair)
    rows = np.zeros(len(uniques), dtype=np.int64)
    rows[codes[::-1]] = np.arange(len(codes))[::-1]  # a row of each pair
    joined = np.empty(len(uniques), dtype=object)
    joined[:] = [first[row] + second[row] for row in rows]
    return joined[codes]


__all__ = ["BUNDLED_DATA_DIR", "EVENT_COLUMNS", "STORE_LIMITS", "Dataset", "events_table", "first_url",
           "load_directory", "party_spellings", "release_memory", "split_sources"]
