"""Bytes of a file -> what it is (`sniff_format`: a workbook, text, or something that is neither) and, for a CSV file,
its header and a frame of text indexed by the row as Excel shows it (header = row 1).

A workbook (zip) goes to cooperation.ingest.xlsx; a PDF, a picture or an archive is refused with one sentence. A text
file is split by pyarrow when it is clean UTF-8 (split_fast), else decoded (any encoding) and split by the csv
module (split_plain). Both give the same table.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

from cooperation.ingest.decoding import MIXED_ENCODING, decode, first_non_utf8_line, sniff_delimiter
from cooperation.ingest.raw import RawTable, Unreadable
from cooperation.ingest.split_fast import fast_read
from cooperation.ingest.split_plain import drop_trailing_delimiters, raw_frame, read_records
from cooperation.limits import Budget, Limits
from cooperation.problems import Problem

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


def read_table(data: bytes, filename: str, limits: Limits, budget: Budget | None = None) -> RawTable:
    """The header and text records of the CSV file `data`; raises Unreadable when it cannot be read at all (or is
    beyond `limits`), OutOfTime when `budget` runs out.

    Trailing empty cells are dropped from every record first (a sheet once touched far to the right writes
    thousands), so the header's width is that of its last named column.
    """
    fast = fast_read(data, limits.max_rows, limits.max_columns)
    if fast is not None:
        if fast.raw is None:
            raise Unreadable("problem.too_many_rows", fast.encoding, fast.delimiter, limit=f"{limits.max_rows:,}")
        return RawTable(fast.header, fast.raw, [], fast.encoding, fast.delimiter, stripped=True)
    if budget is not None:
        budget.check(0.05)
    text, encoding = decode(data)
    if text is None:
        raise Unreadable("problem.binary" if encoding == "binary" else "problem.undecodable")
    # One spelling per character, so that "ä" typed on a Mac (a + combining diaeresis) matches "ä".
    text = unicodedata.normalize("NFC", text)
    if not text.replace("\ufeff", "").strip():
        raise Unreadable("problem.empty_file", encoding)
    delimiter = sniff_delimiter(text)
    text = drop_trailing_delimiters(text, delimiter)
    header, records = read_records(text, delimiter, limits, encoding, budget)
    problems: list[Problem] = []
    if encoding == MIXED_ENCODING:
        problems.append(Problem(filename, "problem.mixed_encoding", severity="warning",
                                params={"line": first_non_utf8_line(data)}))
    if records and text.count('"') % 2 and any("\n" in v or "\r" in v for v in records[-1][1]):
        # a quote never closed: the csv module reads the rest of the file into one value of the last record
        problems.append(Problem(filename, "problem.unclosed_quote", row=records[-1][0]))
    del text
    raw, split_problems = raw_frame(header, records, filename, budget)
    return RawTable(header, raw, problems + split_problems, encoding, delimiter)


__all__ = ["read_table", "sniff_format"]
