"""The views benchmark's goals and table (benchmarks/views_report.py), on made-up runs."""

from benchmarks.views_report import Action, Memory, Row, memory_table, views_table


def row(view: str, action: str, events: int, ours: list[float | None], theirs: list[float | None] | None = None,
        received: int = 1000, first_received: int = 0) -> Row:
    peer = Action(seconds=theirs, received=[1000] * len(theirs)) if theirs is not None else None
    return Row(view, action, events, Action(seconds=ours, received=[received] * len(ours),
                                            first_received=first_received), peer)


def test_at_a_hundred_thousand_a_view_must_beat_the_peer_and_two_seconds() -> None:
    assert row("timeline", "open", 100_000, [1.0, 1.2, 1.1], [1.5, 1.6, 1.4]).misses() == []
    assert row("timeline", "open", 100_000, [1.5, 1.6, 1.4], [1.0, 1.2, 1.1]).misses() == ["peer"]
    assert row("timeline", "open", 100_000, [2.5, 2.6, 2.4], [3.0, 3.2, 3.1]).misses() == ["time"]
    assert row("agreements", "filter", 100_000, [1.9]).goal() == "≤ 2 s, ≤ 2 MB"


def test_a_run_that_timed_out_misses_and_a_peer_that_timed_out_is_beaten() -> None:
    assert row("map", "open", 100_000, [None], [1.0]).misses() == ["time", "peer"]
    assert row("map", "open", 100_000, [1.0, 1.1], [None]).misses() == []


def test_a_million_events_have_five_seconds_and_no_peer_goal() -> None:
    assert row("timeline", "filter", 1_000_000, [4.0], [1.0]).misses() == []
    assert row("timeline", "filter", 1_000_000, [6.0], [1.0]).misses() == ["time"]


def test_export_opens_in_two_seconds_at_any_size_and_bytes_count_the_first_visit() -> None:
    assert row("export", "open", 1_000, [2.5]).misses() == ["time"]
    assert row("export", "filter", 1_000, [2.5]).misses() == []
    assert row("data", "open", 1_000, [0.5], first_received=2_500_000).misses() == ["bytes"]


def test_the_table_says_what_timed_out_and_what_was_missed() -> None:
    table = views_table([row("timeline", "open", 100_000, [None], [3.0, 4.0]),
                         row("network", "filter", 1_000, [0.5, 0.7, 0.6], [0.3, 0.3, 0.3], received=3_000_000)], 120)
    lines = table.splitlines()
    assert lines[2] == ("| timeline | open | 100,000 | > 120 s (timed out, 1 run) | 3.50 s (3.00–4.00, 2 runs) | – "
                        "| 1.0 kB / 1.0 kB | ≤ 2 s, ≤ peer, ≤ 2 MB | **no** (time, peer) |")
    assert "| 0.60 s (0.50–0.70, 3 runs) | 0.30 s (0.30–0.30, 3 runs) | 2.00 | 3.00 MB / 1.0 kB |" in lines[3]
    assert lines[3].endswith("| ≤ 2 MB | **no** (bytes) |")


def test_memory_has_its_goal_only_at_a_million_events() -> None:
    table = memory_table([Memory(1_000, 300, 310, 200, 210), Memory(1_000_000, 1600, 2000, 1200, 1300)])
    assert table.splitlines()[2].endswith("| 1.50 | – | – |")
    assert table.splitlines()[3].endswith("| ≤ 1.5 GiB resident | **no** |")


def test_an_action_not_measured_is_said_so_and_neither_met_nor_missed() -> None:
    table = views_table([Row("export", "filter", 100_000, Action(), None)], 120)
    assert table.splitlines()[2] == ("| export | filter | 100,000 | not measured (its view's open timed out) | – | – "
                                     "| 0.0 kB | ≤ 2 s, ≤ 2 MB | – |")
