"""Hostile file shapes made at test time (never committed), and a measure of what reading one costs.

    python tests/hostile.py make SHAPE PATH     write one shape to PATH
    python tests/hostile.py measure PATH...     read each file as an upload in this process; print one JSON line
                                                per file: seconds, peak memory (MiB above the process's size before
                                                reading) and the problems' keys

`measure` resets the kernel's peak-memory mark (/proc/self/clear_refs) before each file, so the peak is each file's
own; it only imports `cooperation.ingest.ingest_bytes`, so it measures any version of the code
(`PYTHONPATH=/some/checkout python tests/hostile.py measure ...`).
"""

from __future__ import annotations

import io
import json
import re
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HEADER = "date,title,dalarna_party,hubei_party"
ROWS = ["2013-06-13,Avtal om skolor,Borlänge kommun,Wuhan city", "2014,Besök,Falu kommun,Hubei"]
SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def wide_csv(columns: int = 16_384, rows: int = 50) -> bytes:
    """What Excel writes for a sheet once touched far to the right: 4 real columns, the rest empty, every row as
    wide as the sheet (50 rows of 16,384 columns: about 820 KB)."""
    pad = "," * (columns - 4)
    lines = [HEADER + pad] + [ROWS[i % 2].replace("Avtal", f"Avtal {i}") + pad for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def comma_header_csv(commas: int = 5_000_000) -> bytes:
    """A header of the real columns followed by millions of commas (about 5 MB), then two rows."""
    return (HEADER + "," * commas + "\n" + "\n".join(ROWS) + "\n").encode()


def many_named_columns_csv(columns: int = 20_000) -> bytes:
    """A header of 20,000 named columns (a pivot exported sideways), and one row."""
    names = HEADER.split(",") + [f"kolumn_{i}" for i in range(columns - 4)]
    return (",".join(names) + "\n" + ROWS[0] + "," * (columns - 4) + "\n").encode()


def long_line_csv(chars: int = 40_000_000) -> bytes:
    """One value of 40 million characters (no quotes), in a 40 MB file under the size limit."""
    return (HEADER + "\n2013,A,X," + "y" * chars + "\n").encode()


def _workbook(sheet_xml: Iterator[bytes], shared_strings: Iterator[bytes] | None = None) -> bytes:
    """A minimal .xlsx (one sheet, `Blad1`) whose sheet part (and shared strings part) are streamed in."""
    out = io.BytesIO()
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>' + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/>' if shared_strings else '') + '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>' + (
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'sharedStrings" Target="sharedStrings.xml"/>' if shared_strings else '') + '</Relationships>'),
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet_xml), ("xl/sharedStrings.xml", shared_strings)):
            if chunks is None:
                continue
            with book.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def _inline_row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _real_rows(dimension: str = "A1:D3") -> str:
    rows = [_inline_row(1, HEADER.split(","))] + [_inline_row(i + 2, r.split(",")) for i, r in enumerate(ROWS)]
    return SHEET_START + f'<dimension ref="{dimension}"/><sheetData>' + "".join(rows)


def blank_rows_xlsx(size: int = 1 << 30) -> bytes:
    """A sheet of two real rows followed by about `size` bytes of blank rows, each of 100 empty formatted cells (what
    Excel keeps for a range once formatted), up to Excel's last row: a 1 GB sheet in a workbook of a few MB."""
    cells = '<c s="0"/>' * 100
    per_row = len(cells) + 30
    last = min(1_048_576, 3 + size // per_row)

    def chunks() -> Iterator[bytes]:
        yield _real_rows(f"A1:CV{last}").encode()
        for start in range(4, last + 1, 10_000):
            yield "".join(f'<row r="{n}" spans="1:100">{cells}</row>'
                          for n in range(start, min(start + 10_000, last + 1))).encode()
        yield b"</sheetData></worksheet>"

    return _workbook(chunks())


def huge_dimension_xlsx() -> bytes:
    """Three real rows in a sheet that says it spans A1:XFD1048576 (every column and row of Excel), with one empty
    formatted cell in its last row and column, as a sheet once formatted to its end keeps."""
    last = '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    return _workbook(iter([(_real_rows("A1:XFD1048576") + last + "</sheetData></worksheet>").encode()]))


def giant_shared_string_xlsx(chars: int = 400_000_000) -> bytes:
    """Three real rows and one shared string of 400 million characters (a workbook of a few hundred KB)."""
    def strings() -> Iterator[bytes]:
        yield (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               b'2006/main" count="1" uniqueCount="1"><si><t>')
        block = b"x" * (1 << 22)
        for _ in range(chars // len(block)):
            yield block
        yield b"x" * (chars % len(block)) + b"</t></si></sst>"

    sheet = _real_rows("A1:D4") + '<row r="5"><c r="A5" t="s"><v>0</v></c></row></sheetData></worksheet>'
    return _workbook(iter([sheet.encode()]), strings())


SHAPES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "wide_csv": ("agreements_wide.csv", wide_csv),
    "wide_1024_csv": ("agreements_wide_1024.csv", lambda: wide_csv(1_024)),
    "comma_header_csv": ("agreements_commas.csv", comma_header_csv),
    "many_named_columns_csv": ("agreements_pivot.csv", many_named_columns_csv),
    "long_line_csv": ("agreements_long_line.csv", long_line_csv),
    "blank_rows_xlsx": ("agreements_blank_rows.xlsx", blank_rows_xlsx),
    "blank_rows_300mb_xlsx": ("agreements_blank_rows_300mb.xlsx", lambda: blank_rows_xlsx(300 << 20)),
    "huge_dimension_xlsx": ("agreements_dimension.xlsx", huge_dimension_xlsx),
    "giant_shared_string_xlsx": ("agreements_shared_string.xlsx", giant_shared_string_xlsx),
}


def _status(field: str) -> int:
    """A figure of this process from /proc/self/status, in KiB (VmRSS: now; VmHWM: the peak)."""
    return int(re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))  # type: ignore


def measure(path: Path) -> dict[str, object]:
    """Read `path` as an upload; how long it took, the peak memory above the size before, and what was said."""
    from cooperation.ingest import ingest_bytes

    data = path.read_bytes()
    Path("/proc/self/clear_refs").write_text("5")  # the peak mark starts again from the size now
    before = _status("VmRSS")
    start = time.perf_counter()
    result = ingest_bytes(data, path.name, upload=True)
    seconds = time.perf_counter() - start
    return {"file": path.name, "bytes": len(data), "seconds": round(seconds, 2),
            "peak_mib": round((_status("VmHWM") - before) / 1024, 1), "rss_before_mib": round(before / 1024, 1),
            "readable": result.readable, "rows": len(result.frame),
            "keys": sorted({p.key for p in result.problems})[:6]}


def main(argv: list[str]) -> int:
    """`make SHAPE PATH` or `measure PATH...` (see the module's docstring)."""
    if argv[:1] == ["make"] and len(argv) == 3:
        Path(argv[2]).write_bytes(SHAPES[argv[1]][1]())
        return 0
    if argv[:1] == ["measure"]:
        for path in argv[1:]:
            print(json.dumps(measure(Path(path)), ensure_ascii=False), flush=True)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
