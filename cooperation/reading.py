"""Bytes of a CSV file -> its header and a frame of text indexed by the row as Excel shows it (header = row 1).

What kind of file it is comes first (`sniff_format`): a workbook (zip) goes to cooperation.xlsx, a PDF, a picture or
an archive is refused with one sentence. A text file is decoded (any encoding), its delimiter sniffed and its records
split: by pyarrow when it is clean UTF-8 (`_fast_read`), else by the csv module. Both give the same table.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cooperation.limits import Budget, Limits
from cooperation.problems import Problem

_DELIMITERS = ",;\t"


class Unreadable(Exception):
    """The file cannot be read at all; `key` (with `params`) says why in one sentence, at `row` when it is about one
    row (as Excel shows it)."""

    def __init__(self, key: str, encoding: str | None = None, delimiter: str | None = None, row: int | None = None,
                 **params: object) -> None:
        super().__init__(key)
        self.key, self.encoding, self.delimiter, self.row, self.params = key, encoding, delimiter, row, params


@dataclass
class RawTable:
    """A file read as text: its header cells as written, the records (text, indexed by Excel row, one column per
    header cell), problems found while splitting, and how it was read."""

    header: list[str]
    raw: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    stripped: bool = False  # values already trimmed
    sheet: str | None = None


def read_table(data: bytes, filename: str, limits: Limits, budget: Budget | None = None) -> RawTable:
    """The header and text records of the CSV file `data`; raises Unreadable when it cannot be read at all (or is
    beyond `limits`), OutOfTime when `budget` runs out.

    Trailing empty cells are dropped from every record first (a sheet once touched far to the right writes
    thousands), so the header's width is that of its last named column.
    """
    fast = _fast_read(data, limits.max_rows, limits.max_columns)
    if fast is not None:
        if fast.raw is None:
            raise Unreadable("problem.too_many_rows", fast.encoding, fast.delimiter, limit=f"{limits.max_rows:,}")
        return RawTable(fast.header, fast.raw, [], fast.encoding, fast.delimiter, stripped=True)
    if budget is not None:
        budget.check(0.05)
    text, encoding = _decode(data)
    if text is None:
        raise Unreadable("problem.binary" if encoding == "binary" else "problem.undecodable")
    # One spelling per character, so that "ä" typed on a Mac (a + combining diaeresis) matches "ä".
    text = unicodedata.normalize("NFC", text)
    if not text.replace("\ufeff", "").strip():
        raise Unreadable("problem.empty_file", encoding)
    delimiter = _sniff_delimiter(text)
    text = _drop_trailing_delimiters(text, delimiter)
    header, records = _read_records(text, delimiter, limits, encoding, budget)
    problems: list[Problem] = []
    if encoding == MIXED_ENCODING:
        problems.append(Problem(filename, "problem.mixed_encoding", severity="warning",
                                params={"line": _first_non_utf8_line(data)}))
    if records and text.count('"') % 2 and any("\n" in v or "\r" in v for v in records[-1][1]):
        # a quote never closed: the csv module reads the rest of the file into one value of the last record
        problems.append(Problem(filename, "problem.unclosed_quote", row=records[-1][0]))
    del text
    raw, split_problems = _raw_frame(header, records, filename, budget)
    return RawTable(header, raw, problems + split_problems, encoding, delimiter)


# A run of delimiters (with spaces) at a line's end, from its first delimiter: empty cells that Excel writes for a
# sheet once touched far to the right. The look-behind lets only a run's first delimiter start a match (linear time).
_TRAILING = {d: re.compile("(?<!" + re.escape(d) + ")(?:" + re.escape(d) + ("[ ]" if d == "\t" else "[ \t]")
                           + "*+)++(?=\r\n|\n|\r|\\Z)") for d in _DELIMITERS}


def _drop_trailing_delimiters(text: str, delimiter: str) -> str:
    """`text` without the runs of empty cells at its lines' ends, when it has long ones (else `text` itself).

    The same records as the csv module's with their trailing empty cells dropped, without the csv module making a
    list of millions of empty cells first: a run inside a quoted value (an odd number of quotes before it) is kept.
    """
    if delimiter * 32 not in text:
        return text
    pattern = _TRAILING[delimiter]
    if '"' not in text:
        return pattern.sub("", text)
    pieces: list[str] = []
    last = quotes = 0
    for match in pattern.finditer(text):
        quotes += text.count('"', last, match.start())
        pieces.append(text[last:match.start()])
        if quotes % 2:
            pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def read_header(data: bytes) -> list[str]:
    """The header cells of the CSV file `data` as written (trimmed), read from its beginning only."""
    prefix = data[:1 << 20]
    text, encoding = _decode(prefix, partial=len(data) > len(prefix))
    if text is None:
        return []
    text = unicodedata.normalize("NFC", text).lstrip("\ufeff")
    delimiter = _sniff_delimiter(text)
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True):
            if any(value.strip() for value in record):
                return [value.strip().lstrip("\ufeff").strip() for value in record[:_filled_width(record)]]
    except csv.Error:
        return []
    return []


def _filled_width(record: list[str]) -> int:
    """How many cells `record` has up to its last one that is not empty (white space is empty)."""
    width = len(record)
    while width and not record[width - 1].strip():
        width -= 1
    return width


# Files that are surely not a table, by their first bytes: (signature, name shown in the message).
_SIGNATURES = (
    (b"%PDF-", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"), (b"\x1f\x8b\x08", "GZIP"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"), (b"Rar!\x1a\x07", "RAR"),
    (b"\x7fELF", "ELF"), (b"BZh", "BZIP2"), (b"\x28\xb5\x2f\xfd", "Zstandard"), (b"RIFF", "RIFF"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"), (b"{\\rtf", "RTF"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls), Word (.doc), or an encrypted .xlsx
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def sniff_format(data: bytes, filename: str) -> str:
    """'xlsx' for a workbook, 'csv' for anything else that may be text; raises Unreadable for a file that is
    surely neither (a PDF, a picture, an archive, an old .xls, a zip that is not a workbook, a damaged workbook)."""
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            if filename.lower().endswith((".xlsx", ".xlsm")):
                raise Unreadable("problem.xlsx_broken") from None
            raise Unreadable("problem.not_table", format="ZIP") from None
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "word/document.xml" in names:
            raise Unreadable("problem.not_table", format="Word (DOCX)")
        if "ppt/presentation.xml" in names:
            raise Unreadable("problem.not_table", format="PowerPoint (PPTX)")
        if "mimetype" in names or "content.xml" in names:
            raise Unreadable("problem.not_table", format="OpenDocument")
        if filename.lower().endswith((".xlsx", ".xlsm")):
            raise Unreadable("problem.xlsx_broken")
        raise Unreadable("problem.not_table", format="ZIP")
    if data.startswith(_OLE):
        raise Unreadable("problem.xls_old")
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            raise Unreadable("problem.not_table", format=name)
    start = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for prefixes, name in (((b"<!doctype html", b"<html", b"<head", b"<body"), "HTML"), ((b"<?xml",), "XML"),
                           ((b'{"', b"[{", b'["', b"{\n", b"{\r\n"), "JSON")):
        if start.startswith(prefixes):
            raise Unreadable("problem.not_table", format=name)
    return "csv"


@dataclass
class _FastRead:
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
_FIELD_LIMIT = csv.field_size_limit()


def _fast_read(data: bytes, max_rows: int, max_columns: int = 1_000) -> _FastRead | None:
    """The records of a clean UTF-8 file split by pyarrow, or None when the csv module must read it.

    Clean: UTF-8 (with or without BOM), no NUL, the header on the first line and unquoted, its last cell named and
    at most `max_columns` cells (else the csv module drops the empty ones or refuses), every record as wide as the
    header, no field the csv module would refuse or read differently (a quote after leading spaces,
    which its `skipinitialspace` unquotes), text already in NFC. Record i is Excel row i + 2, as in the csv
    module's reading: a blank line is an (empty) record there too.
    """
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
    delimiter = _sniff_delimiter(line)
    header = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True))
    if not header or not header[-1].strip() or len(header) > max_columns:
        return None
    width = len(header)
    body = data if data.endswith((b"\n", b"\r")) else data + b"\n"
    # A file with line feeds only (no CR) is first split at every line end, in parallel blocks, which is pyarrow's
    # fast way; it is the exact reading when every line end ended a record (as many records as lines: no value
    # spans lines). Otherwise (a quoted line break, CR line ends) it is split with quotes followed across lines.
    table = None
    if b"\r" not in body:
        table = _arrow_split(body, delimiter, width, newlines_in_values=False)
        if table is not None and table.num_rows != _line_count(body) - 1:
            table = None
    if table is None:
        table = _arrow_split(body, delimiter, width, newlines_in_values=True)
    del body
    if table is None or table.num_columns != width or any(not pa.types.is_large_string(t)
                                                          for t in table.schema.types):
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
    if rows > max_rows:
        return _FastRead(encoding, delimiter, header, None)
    blank = np.ones(rows, dtype=bool)
    for _, empty in prepared:  # type: ignore[misc]
        blank &= empty
    index = pd.Index(np.arange(2, rows + 2), dtype="int64")
    raw = pd.DataFrame({i: pd.Series(pd.arrays.ArrowStringArray(column), index=index, copy=False)
                        for i, (column, _) in enumerate(prepared)})  # type: ignore[misc]
    if blank.any():
        raw = raw[~blank]
    return _FastRead(encoding, delimiter, header, raw)


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
        if int(lengths.max()) > _FIELD_LIMIT:
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


def _read_records(text: str, delimiter: str, limits: Limits, encoding: str, budget: Budget | None = None
                  ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data records, each with its row number as Excel shows it, trailing empty cells dropped.

    Every record is one Excel row: a blank line is an (empty) row, and a quoted value that spans
    several lines is still one row. Blank lines before the header are skipped but counted.
    Raises Unreadable for more than `limits.max_rows` records, a header wider than `limits.max_columns` (once its
    trailing empty cells are dropped), a value too long for the csv module, or any other csv error.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    lines = text.count("\n") + 1
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if budget is not None and not number % 2_000:
                budget.check(0.1 + 0.6 * reader.line_num / lines)
            del record[_filled_width(record):]
            if header is None:
                if record:
                    header = record
                    if len(header) > limits.max_columns:
                        raise Unreadable("problem.too_many_columns", encoding, delimiter, columns=f"{len(header):,}",
                                         limit=f"{limits.max_columns:,}")
                continue
            if len(records) >= limits.max_rows:
                raise Unreadable("problem.too_many_rows", encoding, delimiter, limit=f"{limits.max_rows:,}")
            records.append((number, record))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise Unreadable("problem.cell_too_long_to_read", encoding, delimiter, row=number + 1,
                             limit=f"{min(limits.max_cell_chars, _FIELD_LIMIT):,}") from None
        raise Unreadable("problem.unparsable", encoding, delimiter,
                         detail=str(exc).strip().rstrip(".") + ".") from None
    return header or [], records


def _raw_frame(header: list[str], records: list[tuple[int, list[str]]], filename: str,
               budget: Budget | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The non-blank records as a frame of text indexed by Excel row, cut to the header's width.

    Values beyond the header's last column are a problem (usually a delimiter in an unquoted value),
    unless they are empty (a trailing delimiter).
    """
    width = len(header)
    problems: list[Problem] = []
    rows: list[int] = []
    values: list[list[str]] = []
    for position, (number, record) in enumerate(records):
        if budget is not None and not position % 5_000:
            budget.check(0.7 + 0.1 * position / len(records))
        extra = [value.strip() for value in record[width:] if value.strip()]
        if extra:
            shown = _shortened(" | ".join(extra))
            problems.append(Problem(filename, "problem.extra_values", row=number, value=shown,
                                    params={"extra": shown}))
        cells = (record + [""] * width)[:width]
        if extra or any(value.strip() for value in cells):
            rows.append(number)
            values.append(cells)
    raw = pd.DataFrame(values, index=pd.Index(rows, dtype="int64"), columns=range(width), dtype=object)
    return raw, problems


def _shortened(text: str, most: int = 60) -> str:
    """`text`, cut to `most` characters with an ellipsis when it is longer (values shown in a message)."""
    return text if len(text) <= most else text[:most] + "…"


def _format_size(size: int) -> str:
    """A size in bytes as people say it: `50 MB`, `1.5 MB`, `1.01 GB` (never `1e+03 MB`)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}" if size < 1000 * factor else f"{size / factor:,.0f} {unit}"
    return f"{size} bytes"


def _decode(data: bytes, partial: bool = False) -> tuple[str | None, str]:
    """Text and the encoding it was read with; (None, 'binary') for binary data.

    `partial`: `data` is the beginning of a file, so a character cut at its end is dropped.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data[:len(data) - len(data) % 2 if partial else None].decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            if not partial:
                return None, "undecodable"
            return data[:len(data) - len(data) % 2].decode("utf-16", errors="ignore"), "utf-16"
    if b"\x00" in data[:4096] and (utf16 := _utf16_without_bom(data)) is not None:
        try:
            return data[:len(data) - len(data) % 2 if partial else None].decode(utf16), utf16
        except UnicodeDecodeError:
            return None, "undecodable"
    if _looks_binary(data[:4096]):
        return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3:
            return data[:exc.start].decode("utf-8"), "utf-8"
    if not partial and (mixed := _mixed_decode(data)) is not None:
        return mixed, MIXED_ENCODING
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_16"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin_1"


MIXED_ENCODING = "utf-8+cp1252"


def _line_encoding(line: bytes) -> str:
    """'ascii', 'utf-8' (valid, with non-ASCII characters) or 'other' for one line of bytes."""
    if line.isascii():
        return "ascii"
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return "other"
    return "utf-8"


def _mixed_decode(data: bytes) -> str | None:
    """The text of a file whose lines are partly UTF-8 and partly Windows-1252 (two files pasted together, a
    UTF-8 row added in an old Excel), each line decoded in its own encoding; None when the file is not so."""
    lines = data.splitlines(keepends=True)
    kinds = [_line_encoding(line) for line in lines]
    if "utf-8" not in kinds or "other" not in kinds:
        return None
    return "".join(line.decode("utf-8") if kind != "other" else _cp1252(line) for line, kind in zip(lines, kinds,
                                                                                                    strict=True))


def _cp1252(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return line.decode("latin-1")


def _first_non_utf8_line(data: bytes) -> int:
    for number, line in enumerate(data.splitlines(), start=1):
        if _line_encoding(line) == "other":
            return number
    return 0


# Bytes that text never holds (C0 controls but tab, line feed, form feed and carriage return); a stray NUL in a text
# file is a damaged cell, stripped with a warning, not a reason to refuse the file.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(sample: bytes) -> bool:
    """True when more than 1 % of `sample` (at least 4 bytes) are control bytes: a binary file, not text."""
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(4, len(sample) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when `data` looks like UTF-16 text without a byte-order mark: the zero high
    bytes of Latin text on every other byte, and none on the others."""
    sample = data[:4096 - 4096 % 2] if len(data) >= 4096 else data[:len(data) - len(data) % 2]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= half // 2 and even <= half // 100:
        return "utf-16-le"
    if even >= half // 2 and odd <= half // 100:
        return "utf-16-be"
    return None


def _sniff_delimiter(text: str) -> str:
    """The delimiter that occurs most often in the first non-blank line (the header)."""
    header = next((line for line in io.StringIO(text.lstrip("\ufeff")) if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def normalise_header(header: object) -> str:
    """A header cell as the contract compares it: trimmed, lower-case, inner white space as `_`."""
    return re.sub(r"\s+", "_", str(header).strip().lstrip("\ufeff").strip().lower())

