"""The bytes of a clean UTF-8 CSV file -> its header and records, split by pyarrow: the fast reading, which gives what
the plain one (split_plain) gives, or None when it cannot be sure to (tests/test_ingest_fast.py, test_ingest_paths.py).
"""

from __future__ import annotations

import csv
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cooperation.ingest.decoding import sniff_delimiter
from cooperation.ingest.raw import FIELD_LIMIT


@dataclass
class FastRead:
    """A file read by pyarrow: how, its header, and its records as text (None: more rows than allowed)."""

    encoding: str
    delimiter: str
    header: list[str]
    raw: pd.DataFrame | None


# Characters that are NFC whatever surrounds them (quick check Yes, combining class 0, never the second part of a
# composition): ASCII, Latin-1 and Latin Extended, spaces and punctuation, currency signs, CJK. Text made only of
# these needs no normalisation; a value with anything else sends the file to the csv module, which normalises.
# tests/test_ingest_fast.py checks every range against unicodedata.
NFC_SAFE_RANGES = ((0x00, 0x7F), (0x80, 0x2FF), (0x2002, 0x200A), (0x2010, 0x2027), (0x202F, 0x205E),
                   (0x20A0, 0x20BF), (0x2212, 0x2212), (0x3000, 0x3029), (0x3030, 0x303F), (0x3400, 0x4DBF),
                   (0x4E00, 0x9FFF), (0xFF01, 0xFF60))


_NOT_SURELY_NFC = "[^" + "".join(f"\\x{{{first:x}}}-\\x{{{last:x}}}" for first, last in NFC_SAFE_RANGES) + "]"


def fast_read(data: bytes, max_rows: int, max_columns: int = 1_000) -> FastRead | None:
    """The records of a clean UTF-8 file split by pyarrow, or None when the csv module must read it.

    Clean: UTF-8 (with or without BOM), no NUL, the header on the first line and unquoted, its last cell named and
    at most `max_columns` cells (else the csv module drops the empty ones or refuses), every record as wide as the
    header, no field the csv module would refuse or read differently (a quote after leading spaces,
    which its `skipinitialspace` unquotes), text already in NFC. Record i is Excel row i + 2, as in the csv
    module's reading: a blank line is an (empty) record there too.
    """
    head = _clean_header(data, max_columns)
    if head is None:
        return None
    encoding, delimiter, header = head
    split = _prepared_columns(data, delimiter, len(header))
    if split is None:
        return None
    rows, prepared = split
    if rows > max_rows:
        return FastRead(encoding, delimiter, header, None)
    return FastRead(encoding, delimiter, header, _records(prepared, rows))


def _clean_header(data: bytes, max_columns: int) -> tuple[str, str, list[str]] | None:
    """The encoding, delimiter and cells of the file's header when pyarrow can split the file as the csv module
    would (see fast_read), else None."""
    start, encoding = (3, "utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else (0, "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return None
    ends = [i for i in (data.find(b"\n", start, start + 1_000_000), data.find(b"\r", start, start + 1_000_000))
            if i >= 0]
    if not ends:
        return None
    try:
        line = data[start:min(ends)].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if '"' in line or not unicodedata.is_normalized("NFC", line):
        return None
    delimiter = sniff_delimiter(line)
    header = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True))
    if not header or not header[-1].strip() or len(header) > max_columns:
        return None
    return encoding, delimiter, header


def _split(data: bytes, delimiter: str, width: int) -> pa.Table | None:
    """The records of `data` (its header line skipped) as `width` columns of text, or None when pyarrow cannot
    split them as the csv module would.

    A file with line feeds only (no CR) is first split at every line end, in parallel blocks, which is pyarrow's
    fast way; it is the exact reading when every line end ended a record (as many records as lines: no value
    spans lines). Otherwise (a quoted line break, CR line ends) it is split with quotes followed across lines.
    """
    body = data if data.endswith((b"\n", b"\r")) else data + b"\n"
    table = None
    if b"\r" not in body:
        table = _arrow_split(body, delimiter, width, newlines_in_values=False)
        if table is not None and table.num_rows != _line_count(body) - 1:
            table = None
    if table is None:
        table = _arrow_split(body, delimiter, width, newlines_in_values=True)
    if table is None or table.num_columns != width or any(not pa.types.is_large_string(t)
                                                          for t in table.schema.types):
        return None
    return table


def _prepared_columns(data: bytes, delimiter: str, width: int
                      ) -> tuple[int, list[tuple[pa.ChunkedArray, np.ndarray]]] | None:
    """How many records `data` has and each column trimmed with its empty values (see _prepared); None when the
    csv module must read the file. The untrimmed columns are let go of before this returns."""
    table = _split(data, delimiter, width)
    if table is None:
        return None
    rows, originals = table.num_rows, table.columns
    del table
    # the columns are checked and trimmed independently: on threads for a large file (arrow lets go of the GIL)
    if rows >= 20_000 and (os.cpu_count() or 1) > 1:
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            prepared = list(pool.map(_prepared, originals))
    else:
        prepared = [_prepared(column) for column in originals]
    del originals
    if any(p is None for p in prepared):
        return None
    return rows, prepared  # type: ignore[return-value]


def _records(prepared: list[tuple[pa.ChunkedArray, np.ndarray]], rows: int) -> pd.DataFrame:
    """The trimmed columns as a frame of text indexed by Excel row (header = row 1), blank records left out."""
    blank = np.ones(rows, dtype=bool)
    for _, empty in prepared:
        blank &= empty
    index = pd.Index(np.arange(2, rows + 2), dtype="int64")
    raw = pd.DataFrame({i: pd.Series(pd.arrays.ArrowStringArray(column), index=index, copy=False)
                        for i, (column, _) in enumerate(prepared)})
    return raw[~blank] if blank.any() else raw


def _arrow_split(body: bytes, delimiter: str, width: int, newlines_in_values: bool) -> pa.Table | None:
    """`body` (its first line skipped) split by pyarrow into `width` columns of text; None when pyarrow cannot."""
    try:
        return pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(skip_rows=1, autogenerate_column_names=True,
                                           block_size=_block_size(len(body))),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=newlines_in_values,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.large_string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowException, ValueError):
        return None


def _block_size(size: int) -> int:
    """Bytes pyarrow splits at once (each block on a thread)."""
    return 1 << 21 if size > 1 << 24 else 1 << 20


def _line_count(body: bytes) -> int:
    """How many line feeds `body` holds (counted with numpy, a few megabytes at a time)."""
    view = np.frombuffer(body, dtype=np.uint8)
    step = 1 << 22
    return sum(int(np.count_nonzero(view[i:i + step] == 10)) for i in range(0, len(view), step))


def _prepared(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray] | None:
    """The column trimmed, and which of its values are empty; None when the csv module must read the file.

    Read from the arrow buffers (offsets and bytes) with numpy, without a copy of the column: each value's length
    (a field the csv module refuses, an empty value), its first and last byte (white space to trim, a quote after
    leading spaces), and whether any character is beyond U+02FF (then the text's distinct values are checked for
    NFC). A byte from 0xCC up is the first byte of such a character: below it are ASCII, the bytes that continue a
    character (0x80-0xBF) and the first bytes of U+0080-U+02FF (0xC2-0xCB), which are all in NFC_SAFE_RANGES.
    """
    if any(chunk.null_count or not pa.types.is_large_string(chunk.type) for chunk in column.chunks):
        return None
    padded, latin_only, empties = False, True, []
    for chunk in column.chunks:
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1]
        lengths = np.diff(offsets)
        empty = lengths == 0
        empties.append(empty)
        if not len(chunk) or empty.all():
            continue
        if int(lengths.max()) > FIELD_LIMIT:
            return None  # the csv module refuses the file; let it say so
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
        filled = ~empty
        first, last = data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]
        if not padded and (_PADDING_FIRST[first].any() or _PADDING_LAST[last].any()):
            padded = True
            spaced = pc.filter(chunk, pa.array(filled)).filter(pa.array(first == 0x20))
            if len(spaced) and pc.any(pc.match_substring_regex(spaced, '^ +"')).as_py():
                return None  # a quote after leading spaces: the csv module's skipinitialspace reads it differently
        if latin_only and int(data[offsets[0]:offsets[-1]].max()) >= 0xCC:
            latin_only = False
    if not latin_only and not _surely_nfc(column):
        return None  # the csv module's reading normalises the text
    empty = np.concatenate(empties) if empties else np.zeros(0, dtype=bool)
    if padded:
        column = pc.utf8_trim_whitespace(column)
        empty = pc.equal(pc.binary_length(column), 0).to_numpy(zero_copy_only=False)
    return column, empty


# Bytes a value may start or end with when it starts or ends with white space (str.isspace): ASCII white space, the
# lead bytes of U+0085, U+00A0, U+1680, U+2000-U+205F and U+3000, and the last bytes of those. A column with none at
# either end of any value needs no trimming; one with some is trimmed (a false alarm only costs the trimming).
_PADDING_FIRST = np.zeros(256, dtype=bool)
_PADDING_LAST = np.zeros(256, dtype=bool)


for _space in (c for c in range(0x3001) if chr(c).isspace()):
    _encoded = chr(_space).encode()
    _PADDING_FIRST[_encoded[0]] = _PADDING_LAST[_encoded[-1]] = True


def _surely_nfc(column: pa.ChunkedArray) -> bool:
    """True when every value of `column` is made of NFC_SAFE_RANGES characters only (so is NFC as it is).

    Checks each distinct value once when values repeat (names, titles), else every value.
    """
    distinct = pc.unique(column)
    checked = distinct if 2 * len(distinct) < len(column) else column
    return not pc.any(pc.match_substring_regex(checked, _NOT_SURELY_NFC)).as_py()


__all__ = ["NFC_SAFE_RANGES", "FastRead", "fast_read"]
