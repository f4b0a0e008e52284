"""The fast ingest path (pyarrow splits clean UTF-8 files) gives exactly what the csv module's reading gives."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import cooperation.ingest.reading as reading_module
from cooperation.ingest import NFC_SAFE_RANGES, IngestResult, Limits, ingest_bytes
from cooperation.ingest.split_fast import fast_read
from cooperation.synthetic import generate

AGREEMENT = "date,title,dalarna_party,hubei_party,end_date,status,source,id\n"
DEAL = "date,title,dalarna_party,hubei_party,value,currency\n"
VISIT = "date,end_date,direction,delegation,city,participants\n"
ORGANISATION = "name,side,lat,lon,name_zh\n"

CORPUS = {
    "plain": AGREEMENT + "2013,A,X,Y,,signed,s,a1\n2014-05,B,X | Z,Y,2015,,,a2\n",
    "crlf": AGREEMENT.replace("\n", "\r\n") + "2013,A,X,Y,,,,\r\n2014,B,X,Y,,,,\r\n",
    "cr-only": AGREEMENT.replace("\n", "\r") + "2013,A,X,Y,,,,\r2014,B,X,Y,,,,\r",
    "no-final-newline": AGREEMENT + "2013,A,X,Y,,,,",
    "quoted-commas": AGREEMENT + '2013,"Avtal, del 1",X,"Wuhan Co., Ltd.",,,,\n',
    "doubled-quotes": AGREEMENT + '2013,"Say ""hej""",X,Y,,,,\n',
    "quote-mid-value": AGREEMENT + '2013,ab"cd,X,Y,,,,\n2013,"ab"cd,X,Y,,,,\n',
    "multi-line-value": AGREEMENT + '2013,"two\nlines",X,Y,,,,\n2014,B,X,Y,,,,\n',
    "multi-line-crlf": AGREEMENT + '2013,"two\r\nlines",X,Y,,,,\r\n2014,B,X,Y,,,,\r\n',
    "blank-lines": AGREEMENT + "2013,A,X,Y,,,,\n\n2014,B,X,Y,,,,\n\n",
    "whitespace-line": AGREEMENT + "2013,A,X,Y,,,,\n   \n2014,B,X,Y,,,,\n",
    "delimiters-only": AGREEMENT + "2013,A,X,Y,,,,\n,,,,,,,\n2014,,X,Y,,,,\n",
    "spaces-only-cells": AGREEMENT + "2013,A,X,Y,,,,\n  ,  , , ,,,,\n",
    "trailing-delimiter": AGREEMENT + "2013,A,X,Y,,,,,\n",
    "extra-values": AGREEMENT + "2013,A,X,Y,,,,,oops\n2014,B,X,Y,,,,\n",
    "fewer-values": AGREEMENT + "2013,A,X\n2014,B,X,Y,,,,\n",
    "space-before-quote": AGREEMENT + '2013, "Avtal, del 1",X,Y,,,,\n',
    "space-after-quote": AGREEMENT + '2013,"A" ,X,Y,,,,\n',
    "padded-values": AGREEMENT + "  2013 ,  A  ,\tX\t, Y ,,,,\n",
    "nbsp-padding": AGREEMENT + "2013,\u00a0A\u2009,X,Y\u202f,,,,\n",
    "bom": "\ufeff" + AGREEMENT + "2013,A,X,Y,,,,\n",
    "semicolons": AGREEMENT.replace(",", ";") + "2013;Avtal, del 1;X;Y;;;;\n",
    "tabs": AGREEMENT.replace(",", "\t") + "2013\tA\tX\tY\t\t\t\t\n",
    "swedish-and-chinese": AGREEMENT + "2013,Vänorter i Borlänge,Borlänge kommun,武汉市人民政府,,,,\n",
    "decomposed": AGREEMENT + "2013,Va\u0308norter,Borla\u0308nge kommun,Y,,,,\n",
    "kelvin-and-ohm": AGREEMENT + "2013,\u212a and \u2126,X,Y,,,,\n",
    "cjk-compatibility": AGREEMENT + "2013,\uf900,X,Y,,,,\n",
    "bad-dates": AGREEMENT + "13/6/2013,A,X,Y,,,,\n41234,B,X,Y,,,,\n2013-02-30,C,X,Y,,,,\n,D,X,Y,,,,\n",
    "date-range": AGREEMENT + "1999,A,X,Y,2090,,,\n2013-6-1,B,X,Y,2012,,,\n2013,C,X,Y,2013-01,,,\n",
    "choices": AGREEMENT + "2013,A,X,Y,,Signed,,\n2013,B,X,Y,,nope,,\n2013,C,X,Y,,EXPIRED,,\n",
    "parties": AGREEMENT + "2013,A, X |Y ||  Z ,|,,,,\n2013,B,|,Y,,,,\n2013,C,X|,Y,,,,\n",
    "duplicate-ids": AGREEMENT + "2013,A,X,Y,,,,a\n2014,B,X,Y,,,,b\n2015,C,X,Y,,,,a\n2016,D,X,Y,,,,a\n",
    "derived-ids": AGREEMENT + "2013,A,X,Y,,,,\n2013,A,X,Y,,,,\n2013,A,X,Y,,,x,\n",
    "numbers": DEAL + "2013,A,X,Y,1234,SEK\n2013,B,X,Y,1.234,SEK\n2013,C,X,Y,\"1 234,50\",sek\n"
    "2013,D,X,Y,1\u00a0234\u00a0567,SEK\n2013,E,X,Y,-5,SEK\n2013,F,X,Y,12 34,SEK\n2013,G,X,Y,abc,SEK\n"
    "2013,H,X,Y,1e3,\n2013,I,X,Y,\u0663\u0664,SEK\n2013,J,X,Y,+7.50,USD\n2013,K,X,Y,\"1,5\",EUR\n"
    "2013,L,X,Y,\u22125,SEK\n2013,M,X,Y,0012,SEK\n2013,N,X,Y,1.2.3,SEK\n2013,O,X,Y,99999999999999999999,SEK\n",
    "integers": VISIT + "2013,,to_hubei,X,Wuhan,12\n2013,,to_dalarna,X,Falun,2.5\n2013,,To Hubei,X,Wuhan,-1\n"
    "2013,2012,sideways,X,Wuhan,\"1 000\"\n",
    "coordinates": ORGANISATION + "A,dalarna,60.485,15.437,\nB,hubei,91,0,乙\nC,other,1.234,-181,\nD,Hubei,,,丁\n",
    "unknown-and-unnamed-columns": "date,title,dalarna_party,hubei_party,colour,Unnamed: 5\n2013,A,X,Y,red,\n",
    "header-only": AGREEMENT,
    "blank-first-line": "\n" + AGREEMENT + "2013,A,X,Y,,,,\n",
    "quoted-header": '"date","title","dalarna_party","hubei_party"\n2013,A,X,Y\n',
    "markup": AGREEMENT + '2013,<b>A</b>,=HYPERLINK("x"),Y,,,,\n',
}


def careful(data: bytes, filename: str, **kw: object) -> IngestResult:
    """The csv module's reading, with the fast path switched off."""
    fast = reading_module.fast_read
    reading_module.fast_read = lambda *args: None
    try:
        return ingest_bytes(data, filename, **kw)  # type: ignore[arg-type]
    finally:
        reading_module.fast_read = fast


def assert_same(data: bytes, filename: str, **kw: object) -> None:
    quick = ingest_bytes(data, filename, **kw)  # type: ignore[arg-type]
    slow = careful(data, filename, **kw)
    assert (quick.readable, quick.encoding, quick.delimiter, quick.kind) == (
        slow.readable, slow.encoding, slow.delimiter, slow.kind)
    assert [(p.key, p.row, p.column, p.value, p.severity, p.params) for p in quick.problems] == [
        (p.key, p.row, p.column, p.value, p.severity, p.params) for p in slow.problems]
    pd.testing.assert_frame_equal(quick.frame, slow.frame)


@pytest.mark.parametrize("name", list(CORPUS))
def test_fast_and_careful_readings_agree(name: str) -> None:
    text = CORPUS[name]
    filename = ("deals.csv" if text.startswith(DEAL) else "visits.csv" if text.startswith(VISIT)
                else "organisations.csv" if text.startswith(ORGANISATION) else "agreements.csv")
    assert_same(text.encode("utf-8"), filename)


@pytest.mark.parametrize("limits", [Limits(max_rows=1), Limits(max_rows=2), Limits(max_rows=3)])
def test_row_limit_is_the_same_either_way(limits: Limits) -> None:
    assert_same((AGREEMENT + "2013,A,X,Y,,,,\n\n2014,B,X,Y,,,,\n").encode(), "agreements.csv", limits=limits)


def test_field_larger_than_the_csv_limit_is_refused_either_way() -> None:
    data = (AGREEMENT + '2013,"' + "x" * 200_000 + '",X,Y,,,,\n').encode()
    assert_same(data, "agreements.csv")
    problems = ingest_bytes(data, "agreements.csv").problems
    assert [(p.key, p.row) for p in problems] == [("problem.cell_too_long_to_read", 2)]


def test_generated_files_take_the_fast_path_and_agree(tmp_path: Path) -> None:
    generate(tmp_path, events=400, seed=3)
    for path in sorted(tmp_path.glob("*.csv")):
        data = path.read_bytes()
        assert fast_read(data, Limits().max_rows) is not None, path.name
        assert_same(data, path.name)


@pytest.mark.parametrize("name", ["plain", "quoted-commas", "multi-line-value", "blank-lines", "bom", "tabs",
                                  "swedish-and-chinese", "no-final-newline"])
def test_clean_files_take_the_fast_path(name: str) -> None:
    assert fast_read(CORPUS[name].encode(), Limits().max_rows) is not None


@pytest.mark.parametrize("name", ["decomposed", "kelvin-and-ohm", "cjk-compatibility", "space-before-quote",
                                  "extra-values", "fewer-values", "quoted-header", "blank-first-line"])
def test_files_the_csv_module_must_read_go_the_careful_way(name: str) -> None:
    assert fast_read(CORPUS[name].encode(), Limits().max_rows) is None


def test_other_encodings_go_the_careful_way() -> None:
    text = AGREEMENT + "2013,Vänorter,Borlänge kommun,Y,,,,\n"
    assert fast_read(text.encode("cp1252"), Limits().max_rows) is None
    assert fast_read(text.encode("utf-16"), Limits().max_rows) is None


def test_nfc_safe_characters_never_change_under_normalisation() -> None:
    """Every character the fast path lets through unnormalised: quick check Yes, a starter, never composed onto."""
    composed_onto: set[str] = set()
    for code in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            composed_onto.update(chr(int(part, 16)) for part in decomposition.split()[1:])
    for first, last in NFC_SAFE_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            assert unicodedata.combining(char) == 0, hex(code)
            assert unicodedata.is_normalized("NFC", char), hex(code)
            assert char not in composed_onto, hex(code)
