"""The synthetic data generator: seeded, contract-valid, every row marked, the sizes asked for, realistic shapes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cooperation.dataset import Dataset, events_table, load_directory
from cooperation.ingest import Limits, ingest_bytes
from cooperation.schema import EVENT_KINDS, KINDS
from cooperation.synthetic import generate, main

SOURCE = re.compile(r"^synthetic://seed-\d+/row-\d+( \| synthetic://seed-\d+/doc-\d+)?$")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    directory = tmp_path_factory.mktemp("synthetic")
    return directory, generate(directory, events=3_000, organisations=120, links=300, seed=11)


@pytest.fixture(scope="module")
def loaded(store: tuple[Path, object]) -> Dataset:
    return load_directory(store[0])


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(first, events=500, seed=5)
    generate(second, events=500, seed=5)
    generate(other, events=500, seed=6)
    names = sorted(p.name for p in first.glob("*.csv"))
    assert names == sorted(k.file for k in KINDS.values())
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    assert any((first / n).read_bytes() != (other / n).read_bytes() for n in names)


def test_every_file_ingests_through_the_contract_with_no_problem(store: tuple[Path, object]) -> None:
    directory, _ = store
    for kind in KINDS.values():
        result = ingest_bytes((directory / kind.file).read_bytes(), kind.file, kind=kind.name, limits=Limits())
        assert result.accepted, [p.message() for p in result.problems[:5]]
        assert result.problems == [], [p.message() for p in result.problems[:5]]
        assert (result.encoding, result.delimiter) == ("utf-8", ",")


def test_every_row_is_marked_synthetic_with_a_synthetic_source(loaded: Dataset) -> None:
    for kind, frame in loaded.frames.items():
        assert len(frame) and (frame["synthetic"] == "yes").all(), kind
        sources = frame["source"].dropna()
        assert sources.map(lambda s: bool(SOURCE.match(s))).all(), kind
        assert len(sources) >= 0.9 * len(frame), kind  # a few rows are unsourced, as in real data
    assert loaded.synthetic_rows == sum(len(f) for f in loaded.frames.values())


def test_the_requested_sizes(store: tuple[Path, object], loaded: Dataset) -> None:
    _, generated = store
    assert sum(len(loaded.frame(kind)) for kind in EVENT_KINDS) == 3_000 == generated.events
    assert len(loaded.frame("organisation")) == 120 == generated.organisations
    events = events_table(loaded)
    pairs = {(d, h) for ds, hs in zip(events["dalarna_parties"], events["hubei_parties"], strict=True)
             for d in ds for h in hs}
    assert abs(len(pairs) - 300) <= 15 and generated.links == len(pairs)
    named = {p for parties in events["parties"] for p in parties}
    assert named == set(loaded.frame("organisation")["name"])  # every organisation takes part, none is unknown


def test_default_sizes_grow_with_the_events(tmp_path: Path) -> None:
    small = generate(tmp_path / "small", events=100, seed=1)
    large = generate(tmp_path / "large", events=8_000, seed=1)
    assert small.organisations < large.organisations <= 2_000
    assert small.links < large.links <= 5_000


def test_dates_cluster_in_2000_to_2020_with_mixed_precision(loaded: Dataset) -> None:
    events = events_table(loaded)
    assert events["year"].between(2000, 2020).all()
    shares = events["precision"].value_counts(normalize=True)
    assert shares["day"] > 0.7 and 0.03 < shares["month"] < 0.25 and 0.01 < shares["year"] < 0.15
    # clustered: the busiest tenth of the days holds far more than a tenth of the day-precise events
    days = events.loc[events["precision"] == "day", "start"].value_counts()
    top = days.sort_values(ascending=False).head(max(1, len(days) // 10)).sum()
    assert top / days.sum() > 0.2


def test_parties_follow_a_long_tail_and_names_look_right(loaded: Dataset) -> None:
    events = events_table(loaded)
    counts = Counter(p for parties in events["parties"] for p in parties)
    ranked = [n for _, n in sorted(((c, n) for n, c in counts.items()), reverse=True)]
    assert counts[ranked[0]] > 10 * counts[ranked[len(ranked) // 2]]  # a few bodies in many records, most in few
    organisations = loaded.frame("organisation")
    hubei = organisations[organisations["side"] == "hubei"]
    dalarna = organisations[organisations["side"] == "dalarna"]
    assert hubei["name_zh"].notna().all() and hubei["name_zh"].str.contains(r"[\u4e00-\u9fff]").all()
    assert dalarna["name"].str.contains(r"kommun|AB|Dalarna").all() and dalarna["name_zh"].isna().all()
    assert events["parties"].map(len).max() >= 3  # some records name several parties on a side


def test_places_have_coordinates_in_dalarna_and_hubei(loaded: Dataset) -> None:
    places = loaded.frame("place")
    dalarna = places[places["region"] == "Dalarna"]
    hubei = places[places["region"] == "Hubei"]
    assert dalarna["lat"].between(59.8, 62.3).all() and dalarna["lon"].between(12.0, 16.8).all()
    assert hubei["lat"].between(29.0, 33.3).all() and hubei["lon"].between(108.3, 116.2).all()
    assert "Dalarna" in set(places["name"])  # the county's centre, for Dalarna parties with no city
    organisations = loaded.frame("organisation")
    assert organisations["city"].dropna().isin(places["name"]).all()


def test_confidence_and_kinds_are_mixed(loaded: Dataset) -> None:
    for kind in EVENT_KINDS:
        confidence = loaded.frame(kind)["confidence"].value_counts()
        assert {"high", "medium", "low"} <= set(confidence.index), kind
    deals = loaded.frame("deal")
    assert deals["value"].notna().mean() > 0.5 and (deals["value"].dropna() >= 0).all()
    assert deals.loc[deals["value"].notna(), "currency"].notna().all()


def test_the_dashboard_reads_a_generated_store(store: tuple[Path, object], loaded: Dataset) -> None:
    events = events_table(loaded)
    assert len(events) == 3_000 and set(events["kind"]) == set(EVENT_KINDS)
    assert pd.api.types.is_datetime64_any_dtype(events["start"])


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "cli"), "--events", "200", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "200 events" in out and "seed 3" in out
    assert (tmp_path / "cli" / "agreements.csv").exists()
    assert main([str(tmp_path / "cli2"), "--events", "200", "--seed", "3"]) == 0
    assert (tmp_path / "cli" / "deals.csv").read_bytes() == (tmp_path / "cli2" / "deals.csv").read_bytes()
