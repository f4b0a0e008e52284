"""Memory at scale, on a small generated store: what is shared stays shared, and the overview makes no copies per
row (the 10^6-event peak is measured by `benchmarks/run.py --only memory`)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest

from cooperation.dataset import Dataset, events_table, load_directory
from cooperation.filters import default_filters
from cooperation.localize import localize_events
from cooperation.metrics import compute_kpis, latest_events
from cooperation.synthetic import generate


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, pd.DataFrame]:
    directory = tmp_path_factory.mktemp("memory")
    generate(directory, events=5_000, organisations=300, links=600, seed=5)
    dataset = load_directory(directory)
    return dataset, events_table(dataset)


def test_a_localised_copy_keeps_what_it_does_not_change(loaded: tuple[Dataset, pd.DataFrame]) -> None:
    dataset, events = loaded
    english = localize_events(events, dataset, "en")
    for column in events.columns:  # no English titles or names in the data: nothing changes, nothing is copied
        assert same_data(english[column], events[column]), column
    chinese = localize_events(events, dataset, "zh")
    assert (chinese["parties"] != events["parties"]).any()
    for column in ("parties", "dalarna_parties", "hubei_parties"):  # renamed per distinct list, shared by its rows
        assert len({id(v) for v in chinese[column]}) <= len({id(v) for v in events[column]}), column
    assert same_data(chinese["id"], events["id"]) and same_data(chinese["source"], events["source"])


def same_data(first: pd.Series, second: pd.Series) -> bool:
    """The two columns hold the same memory (not equal copies)."""
    arrow = getattr(first.array, "_pa_array", None)
    if arrow is not None:
        other = second.array._pa_array
        return [b.address for c in arrow.chunks for b in c.buffers() if b] == \
            [b.address for c in other.chunks for b in c.buffers() if b]
    return np.shares_memory(first.to_numpy(), second.to_numpy())


def traced_peak(function: object) -> int:
    tracemalloc.start()
    try:
        function()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_overview_numbers_make_no_copy_per_row(loaded: tuple[Dataset, pd.DataFrame]) -> None:
    _, events = loaded
    filters = default_filters(events, 2026)
    compute_kpis(events, filters)  # the masks kept per table are made once
    fifth = events.iloc[: len(events) // 5]
    rows = len(events) - len(fifth)

    def growth(function: object) -> float:
        """Bytes more per row traced for the whole table than for its first fifth."""
        traced_peak(lambda: function(fifth))  # type: ignore[operator]  (kept per table: made once)
        return (traced_peak(lambda: function(events)) - traced_peak(lambda: function(fifth))) / rows  # type: ignore

    assert growth(latest_events) < 4  # not a Python object per row (50 bytes a row: 46 MB at 10^6 events)
    assert growth(lambda table: compute_kpis(table, filters)) < 40  # masks and numbers, no object per row
