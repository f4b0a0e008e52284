"""Cached access to the stored data and the view (filters, language) that the frame sets up.

Everything expensive is computed once per data version (the store's version, or a folder's CSVs' names, sizes and
times) and kept as the object itself (`st.cache_resource`): parsing the records, the events table, its localised
copies, the network's graph, layout and centrality, the map's tables. A rerun after a filter change only filters
and counts. The cached objects are shared by every session and must not be changed in place (the views never do;
pandas copies on write).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from cooperation import store_cache
from cooperation.dataset import Dataset, events_table, load_directory, release_memory
from cooperation.filters import Filters, filter_mask, rows_where
from cooperation.localize import localize_dataset, localize_events
from cooperation.store_cache import database_url

if TYPE_CHECKING:  # networkx, the network module and the store (SQLAlchemy) are imported when first used: a faster
    import networkx as nx  # cold open (a SQLite store's version and parsed records are read without SQLAlchemy)

    from cooperation.lives import AgreementLife
    from cooperation.store import Store

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"


def data_dir() -> Path | None:
    """A folder of CSV files to read instead of the store ($DASHBOARD_DATA_DIR: tests, benchmarks, a read-only
    copy), or None: the store (SQLite by default, PostgreSQL by URL; see cooperation.store)."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured) if configured else None


def data_version(directory: Path) -> tuple:
    """Names, sizes and modification times of the CSVs: changes whenever the data does."""
    if not directory.is_dir():
        return ()
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(directory.glob("*.csv")))


def _close(opened: Store) -> None:
    opened.close()


@st.cache_resource(show_spinner=False, on_release=_close)  # a cleared cache closes the store's connections
def _store(url: str) -> Store:
    from cooperation.store import Store

    return Store(url)


def store() -> Store | None:
    """The store every session of this process shares, or None when the data is read from a folder."""
    return None if data_dir() is not None else _store(database_url())


def data_source() -> tuple[str, tuple]:
    """Where the data is read from and its version: every cache below is keyed on both, so a commit (which
    changes the store's version) is seen by every open session on its next rerun. A SQLite store that is set up
    is asked with sqlite3 alone (store_cache.quick_state); otherwise it is opened (set up and seeded if new)."""
    directory = data_dir()
    if directory is not None:
        return f"dir:{directory}", data_version(directory)
    url = database_url()
    state = store_cache.quick_state(url)
    return f"store:{url}", (state[0] if state is not None else _store(url).version(),)


def _lean_memory() -> None:
    """Let memory freed after a big load go back to the system at once (reading a million events allocates and
    frees hundreds of megabytes of temporary columns): arrow allocates with the system allocator, which gives
    blocks of 256 KB and more their own mapping, returned when freed; arrow's default pool (mimalloc) is a little
    faster but keeps freed memory, and the server's peak with it."""
    pa.set_memory_pool(pa.system_memory_pool())
    with contextlib.suppress(OSError, AttributeError):  # not glibc: leave its defaults
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, 256 * 1024)


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_lean_memory()


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(source: str, version: tuple) -> tuple[Dataset, pd.DataFrame]:
    kind, _, where = source.partition(":")
    if kind == "dir":
        dataset = load_directory(Path(where))
    else:  # a SQLite store's records as the server that last read them at this version parsed them, if kept
        kept = store_cache.read_parsed(where, version[0])
        if kept is not None:
            return kept
        read_version, dataset = _store(where).snapshot()
    release_memory()  # the reading's temporaries, before the events table is built on the records
    events = events_table(dataset)
    release_memory()
    if kind != "dir":
        store_cache.write_parsed(where, read_version, (dataset, events), len(events))
    return dataset, events


def load() -> tuple[Dataset, pd.DataFrame]:
    """The stored dataset and its events table, read once per data version."""
    return _load(*data_source())


@st.cache_resource(show_spinner=False, max_entries=6)
def _load_localized(source: str, version: tuple, lang: str) -> tuple[Dataset, pd.DataFrame]:
    dataset, events = _load(source, version)
    # localize_events copies what it is given: give it only the columns it translates (titles, names, cities)
    translated = localize_events(events[[c for c in events.columns if c in _TRANSLATED]], dataset, lang)
    localized = _shared_with(events.assign(**{c: translated[c] for c in translated.columns}), events)
    localized_dataset = localize_dataset(dataset, lang)
    release_memory()
    return localized_dataset, localized


_TRANSLATED = ("title", "title_sv", "title_en", "title_zh", "dalarna_parties", "hubei_parties", "parties", "city")


def _shared_with(localized: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """`localized` holding `events`' own column wherever the two are equal (localize_events already gives one
    object per distinct value where it renames): a localised copy then costs only what it changes."""
    columns = {}
    for column in localized.columns:
        values = localized[column]
        if column in events and values.dtype == events[column].dtype and values.equals(events[column]):
            columns[column] = events[column]
        else:
            columns[column] = values
    return pd.DataFrame(columns, index=localized.index, copy=False)


def load_localized(lang: str) -> tuple[Dataset, pd.DataFrame]:
    """The dataset and events with names and titles in `lang` where the data has them."""
    return _load_localized(*data_source(), lang)


def selection_key(events: pd.DataFrame) -> str:
    """A short digest of which events these are (their ids, in any order): a cache key cheaper than the ids."""
    hashes = np.sort(pd.util.hash_pandas_object(events["id"].astype(str), index=False).to_numpy())
    return hashlib.sha1(hashes.tobytes()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _graph_and_layout(source: str, version: tuple, lang: str, selection: str, _events: pd.DataFrame
                      ) -> tuple[nx.Graph, dict]:
    from cooperation.network import SPRING_LIMIT, build_graph, layout

    dataset, _ = _load_localized(source, version, lang)
    graph = build_graph(_events, dataset.frame("organisation"))
    big = graph.number_of_nodes() > SPRING_LIMIT
    return graph, layout(graph, coordinates=_whole_network_coordinates(source, version, lang) if big else None)


@st.cache_resource(show_spinner=False, max_entries=3)
def _whole_network_coordinates(source: str, version: tuple, lang: str) -> dict | None:
    """The spectral coordinates of the network of every record, once per data version and language: a big network
    of any filters is laid out by them (cooperation.network.layout), not laid out anew."""
    from cooperation.network import build_graph, spectral_coordinates

    dataset, events = _load_localized(source, version, lang)
    return spectral_coordinates(build_graph(events, dataset.frame("organisation")))


def graph_and_layout(events: pd.DataFrame, lang: str) -> tuple[nx.Graph, dict]:
    """The network of `events` and its layout, computed once per data version, language and selection."""
    return _graph_and_layout(*data_source(), lang, selection_key(events), events)


@st.cache_resource(show_spinner=False, max_entries=8)
def _centrality(source: str, version: tuple, lang: str, selection: str, _graph: nx.Graph) -> pd.DataFrame:
    from cooperation.network import centrality_table

    return centrality_table(_graph)


def centrality(events: pd.DataFrame, graph: nx.Graph, lang: str) -> pd.DataFrame:
    """centrality_table(graph) of the network of `events`, computed once per data version, language and selection."""
    return _centrality(*data_source(), lang, selection_key(events), graph)


def cached(name: str, function: object, view: View, *args: object, key: tuple = ()) -> object:
    """`function(view.shown, *args)` computed once per data version, filters, language and `key`."""
    return _cached(name, *data_source(), astuple(view.filters), view.lang, key, function, view.shown, args)


@st.cache_resource(show_spinner=False, max_entries=24, ttl=15 * 60)
def _cached(name: str, source: str, version: tuple, filters: tuple, lang: str, key: tuple, _function: object,
            _shown: pd.DataFrame, _args: tuple) -> object:
    return _function(_shown, *_args)  # type: ignore[operator]


def shown_lives(view: View, quiet_years: int | None = None) -> list[AgreementLife]:
    """What became of the agreements `view` shows, as of the end of its period (cooperation.lives): computed once per
    data version, filters, language and patience, for the agreements page, the exports and the briefing alike."""
    from cooperation.lives import QUIET_YEARS, agreement_lives

    quiet = QUIET_YEARS if quiet_years is None else quiet_years
    stored, events = load()  # every record may follow an agreement, whatever the filters; names as written
    moment = pd.Timestamp(year=view.filters.year_to, month=12, day=31)
    lives = cached("lives", lambda _: agreement_lives(events, stored, moment, quiet), view, key=(quiet,))
    shown = set(view.shown.loc[view.shown["kind"] == "agreement", "id"])
    return [life for life in lives if life.id in shown]


def shown_events(events: pd.DataFrame, localized: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of `localized` (the events in the chosen language) that pass `filters`, decided on `events` (the
    stored names, as the sidebar counts them). A period is a slice of the date-sorted table and copies nothing;
    localized.loc[apply_filters(events, filters).index] copies every column of every shown row on every run."""
    return rows_where(localized, filter_mask(events, filters))


@dataclass(frozen=True)
class View:
    """What every page draws from: the data, the events that pass the filters, and the language."""

    dataset: Dataset
    events: pd.DataFrame
    shown: pd.DataFrame
    filters: Filters
    lang: str


def set_view(view: View) -> None:
    """Called by the frame on every run, before the page."""
    if view.shown is not view.events and len(view.shown) == len(view.events) and \
            view.shown.index.equals(view.events.index):
        view = View(view.dataset, view.events, view.events, view.filters, view.lang)  # every row: no second copy
    st.session_state["_view"] = view


def current_view() -> View:
    """The view the frame set up in this run."""
    return st.session_state["_view"]
