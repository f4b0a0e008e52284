"""Cached access to the stored data and the view (filters, language) that the frame sets up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd
import streamlit as st

from cooperation.dataset import BUNDLED_DATA_DIR, Dataset, events_table, load_directory
from cooperation.filters import Filters
from cooperation.localize import localize_dataset, localize_events
from cooperation.network import build_graph, layout

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"


def data_dir() -> Path:
    """Where the store's CSV files are: $DASHBOARD_DATA_DIR, else the bundled data."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured) if configured else BUNDLED_DATA_DIR


def data_version(directory: Path) -> tuple:
    """Names, sizes and modification times of the CSVs: changes whenever the data does."""
    if not directory.is_dir():
        return ()
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(directory.glob("*.csv")))


@st.cache_data(show_spinner=False, max_entries=4)
def _load(directory: str, version: tuple) -> tuple[Dataset, pd.DataFrame]:
    dataset = load_directory(Path(directory))
    return dataset, events_table(dataset)


def load() -> tuple[Dataset, pd.DataFrame]:
    """The stored dataset and its events table, read once per data version."""
    directory = data_dir()
    return _load(str(directory), data_version(directory))


@st.cache_data(show_spinner=False, max_entries=12)
def _load_localized(directory: str, version: tuple, lang: str) -> tuple[Dataset, pd.DataFrame]:
    dataset, events = _load(directory, version)
    return localize_dataset(dataset, lang), localize_events(events, dataset, lang)


def load_localized(lang: str) -> tuple[Dataset, pd.DataFrame]:
    """The dataset and events with names and titles in `lang` where the data has them."""
    directory = data_dir()
    return _load_localized(str(directory), data_version(directory), lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _graph_and_layout(directory: str, version: tuple, lang: str, event_ids: tuple[str, ...]) -> tuple[nx.Graph, dict]:
    dataset, events = _load_localized(directory, version, lang)
    graph = build_graph(events[events["id"].isin(event_ids)], dataset.frame("organisation"))
    return graph, layout(graph)


def graph_and_layout(events: pd.DataFrame, lang: str) -> tuple[nx.Graph, dict]:
    """The network of `events` and its layout, computed once per data version, language and selection."""
    directory = data_dir()
    return _graph_and_layout(str(directory), data_version(directory), lang, tuple(sorted(events["id"])))


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
    st.session_state["_view"] = view


def current_view() -> View:
    """The view the frame set up in this run."""
    return st.session_state["_view"]
