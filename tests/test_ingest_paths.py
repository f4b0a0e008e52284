"""The quick ways of the ingest give what the plain definitions give: splitting at line ends, plain numbers read
from the arrow buffers, dates read by numpy, party lists checked by RE2, Latin text known NFC from its bytes."""

from __future__ import annotations

import contextlib
import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import cooperation.ingest.split_fast as split_fast
from cooperation.dates import DateError, parsed_date
from cooperation.ingest import Limits
from cooperation.ingest.convert_dates import ParsedDates, _normal_dates
from cooperation.ingest.convert_numbers import (
    _PLAIN_NUMBER,
    _THREE_DECIMALS_ASCII,
    _cast_plain,
    _plain_numbers,
    convert_numbers,
    parse_number,
)
from cooperation.ingest.convert_text import _CANONICAL_PARTIES, _CANONICAL_PARTIES_RE2
from cooperation.schema import Column

HEADER = "date,title,dalarna_party,hubei_party\n"


def arrow_text(values: list[str], pieces: int = 3) -> pd.Series:
    """`values` as an arrow text column in several chunks, one of them a slice (an offset into its buffers)."""
    cut = sorted(random.Random(len(values)).sample(range(len(values) + 1), min(pieces - 1, len(values) + 1)))
    bounds = [0, *cut, len(values)]
    chunks = [pa.array(["padding", *values[a:b]], type=pa.large_string()).slice(1)
              for a, b in zip(bounds, bounds[1:], strict=False)]
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string())))


@pytest.mark.parametrize("seed", range(4))
def test_splitting_at_line_ends_agrees_with_following_quotes(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quoted line breaks anywhere, blocks of a few bytes: the reading that splits at every line end either gives
    the quote-following reading's table or is not used."""
    rng = random.Random(seed)
    pieces = ["2013", "A", "", '"x\ny"', '"\n"', '"p,q"', '"a""\nb"', "X", '"\n\n"', "B | C", '"Z"', " ", 'c"d',
              '""', '"é\n"', "ä"]
    split = split_fast._arrow_split
    used = 0
    for _ in range(300):
        rows = [",".join(rng.choice(pieces) for _ in range(4)) for _ in range(rng.randint(1, 30))]
        data = (HEADER + "\n".join(rows) + rng.choice(["\n", ""])).encode()
        size = rng.randint(2, 100)
        monkeypatch.setattr(split_fast, "_block_size", lambda _: size)  # noqa: B023
        monkeypatch.setattr(split_fast, "_arrow_split", split)
        quick = split_fast.fast_read(data, 10_000)
        monkeypatch.setattr(split_fast, "_arrow_split",
                            lambda body, delimiter, width, newlines_in_values: split(body, delimiter, width, True))
        following = split_fast.fast_read(data, 10_000)
        assert (quick is None) == (following is None), data
        if quick is not None and following is not None:
            pd.testing.assert_frame_equal(quick.raw, following.raw)
            used += 1
    assert used > 50


def test_a_quoted_line_break_is_read_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split_fast, "_block_size", lambda _: 64)
    data = (HEADER + '2013,"one\ntwo",X,Y\n' * 20).encode()
    read = split_fast.fast_read(data, Limits().max_rows)
    assert read is not None and read.raw is not None
    assert read.raw[1].tolist() == ["one\ntwo"] * 20
    assert read.raw.index.tolist() == list(range(2, 22))


@pytest.mark.parametrize(("char", "fast"), [("\u00ff", True), ("\u02ff", True), ("\u0300", False), ("\u2013", True),
                                            ("\u4e2d", True), ("\uf900", False), ("\U0001f600", False)])
def test_latin_text_needs_no_nfc_check_and_the_rest_is_checked(char: str, fast: bool) -> None:
    data = (HEADER + f"2013,a{char}b,X,Y\n" * 3).encode()
    assert (split_fast.fast_read(data, Limits().max_rows) is not None) is fast


def random_number_texts(rng: random.Random, count: int) -> list[str]:
    alphabet = "0123456789" * 4 + ".,+- e\u00a0"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(count)]
    texts += ["1.234", "-1.234", "0.123", "12.345", "1234.567", "0012", "-0", "+7.50", "1" * 15, "1" * 16,
              "1" * 15 + "." + "2" * 15, "1." + "2" * 16, "5.", ".5", "+", "-", "1-2", "+-1", "1..2", "", "1 234,50",
              "999.000", "1,234"]
    return texts


@pytest.mark.parametrize("ambiguous", [True, False])
def test_plain_numbers_are_those_the_pattern_names(ambiguous: bool) -> None:
    import re

    texts = random_number_texts(random.Random(int(ambiguous)), 3000)
    values = arrow_text(texts, pieces=5)
    present = np.array([bool(t) for t in texts])
    plain = _plain_numbers(values, present, ambiguous)
    assert plain is not None
    expected = [bool(re.fullmatch(_PLAIN_NUMBER, t)) and not (ambiguous and re.fullmatch(_THREE_DECIMALS_ASCII, t))
                for t in texts]
    assert plain.tolist() == expected
    numbers = _cast_plain(values, plain)
    for text, is_plain, number in zip(texts, plain, numbers, strict=True):
        if is_plain:
            assert number == float(text) and np.signbit(number) == np.signbit(float(text)), text
            assert number == parse_number(text, three_decimals_ambiguous=ambiguous)
        else:
            assert np.isnan(number)


@pytest.mark.parametrize("column", [Column("value", "number", "", minimum=0),
                                    Column("lat", "number", "", minimum=-90, maximum=90),
                                    Column("participants", "integer", "", minimum=0)])
def test_number_columns_read_each_value_as_parse_number_does(column: Column) -> None:
    texts = random_number_texts(random.Random(7), 2000)
    values = arrow_text(texts)
    values.index = pd.RangeIndex(2, len(texts) + 2)
    found: list[tuple[int, str, str]] = []
    result = convert_numbers(values, np.array([bool(t) for t in texts]), column,
                              lambda row, value, key, **params: found.append((row, value, key)))
    expected_problems = []
    for row, (text, number) in enumerate(zip(texts, result, strict=True), start=2):
        if not text:
            assert number is pd.NA
            continue
        try:
            wanted = parse_number(text, three_decimals_ambiguous=column.maximum is None)
        except ValueError as exc:
            expected_problems.append((row, text, str(exc)))
            assert number is pd.NA, text
            continue
        if column.type == "integer" and wanted != int(wanted):
            expected_problems.append((row, text, "problem.not_whole"))
        elif column.minimum is not None and wanted < column.minimum:
            expected_problems.append((row, text, "problem.below_minimum"))
        elif column.maximum is not None and wanted > column.maximum:
            expected_problems.append((row, text, "problem.above_maximum"))
        else:
            assert number == wanted, text
            continue
        assert number is pd.NA, text
    assert found == expected_problems


def test_dates_in_contract_form_are_read_as_parsed_date_reads_them() -> None:
    rng = random.Random(3)
    texts = ["2013", "2013-05", "2013-05-06", "2024-02-29", "2000-12", "1999-12-31", ""]
    texts += [f"{rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(300)]
    texts += [f"{rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}" for _ in range(100)]
    normal = _normal_dates(texts)
    assert normal is not None
    reference = ParsedDates.of([parsed_date(t) if t else None for t in texts])
    assert normal.texts == reference.texts
    for name in ("years", "first", "last"):
        assert getattr(normal, name).tolist() == getattr(reference, name).tolist(), name


@pytest.mark.parametrize("odd", ["2013-02-29", "2013-13", "2013-00", "2013-5", "13-05-2013", "0000", "2013-05-32",
                                 "2013 ", "٢٠١٣", "1500-01", "41234", "2013-05-06T10", "abcd"])
def test_dates_not_in_contract_form_take_the_careful_way(odd: str) -> None:
    assert _normal_dates(["2013", odd]) is None
    with contextlib.suppress(DateError):  # parsed_date refuses it, or gives another text, or a far year
        assert parsed_date(odd).text != odd or not 1700 <= int(odd[:4]) <= 2200


def test_party_lists_in_normal_form_are_recognised_by_re2_as_by_python() -> None:
    rng = random.Random(5)
    alphabet = ["A", "b", " ", " ", "|", " | ", "\u00a0", "\u3000", "\t", "\x1c", "é", "\u2028", "\u200b"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    texts += ["A | B", "A | B | C", "A |B", "A  | B", " A | B", "A | ", "| A", "A || B", "A | | B"]
    matched = pa.compute.match_substring_regex(pa.array(texts, type=pa.large_string()), _CANONICAL_PARTIES_RE2)
    assert matched.to_pylist() == [bool(_CANONICAL_PARTIES.fullmatch(t)) for t in texts]
