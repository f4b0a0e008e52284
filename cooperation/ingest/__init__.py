"""Bytes of a CSV file or an XLSX workbook -> a typed frame of one kind plus a list of problems.

The bundled files, uploads and the command line all go through `ingest_bytes`. Its steps, one module each:

- reading (bytes -> a table of text): `reading` (what the bytes are; a CSV file's table), `decoding` (encodings,
  delimiter), `split_plain` (the csv module) beside `split_fast` (pyarrow, tested against it), `xlsx` (a
  workbook's sheet), `raw` (what they give: RawTable, or Unreadable);
- validation (text -> typed columns): `columns` (the header -> contract columns), `text_checks` (invisible
  characters, lengths, links, formulas), `convert_dates`, `convert_numbers`, `convert_text` (choices, party lists),
  each with its fast way beside the plain one, `rows` (checks across columns, ids), `typed` (all of it for a table);
- the ingest itself: `kinds` (which kind a file holds), `pipeline` (`ingest_bytes`).

Each layer imports only from those below it (tests/test_layers.py).
"""

from cooperation.dates import parsed_date
from cooperation.ingest.convert_numbers import parse_number
from cooperation.ingest.kinds import KindSource, kind_of
from cooperation.ingest.pipeline import IngestResult, ingest_bytes
from cooperation.ingest.raw import RawTable, Unreadable, format_size, normalise_header
from cooperation.ingest.rows import EARLIEST_YEAR
from cooperation.ingest.split_fast import NFC_SAFE_RANGES
from cooperation.limits import ENV_MAX_MB, ENV_MAX_ROWS, UNBOUNDED, Limits, limits_from_environment
from cooperation.problems import Problem, Severity

__all__ = ["EARLIEST_YEAR", "ENV_MAX_MB", "ENV_MAX_ROWS", "NFC_SAFE_RANGES", "UNBOUNDED", "IngestResult", "KindSource",
           "Limits", "Problem", "RawTable", "Severity", "Unreadable", "format_size", "ingest_bytes", "kind_of",
           "limits_from_environment", "normalise_header", "parse_number", "parsed_date"]
