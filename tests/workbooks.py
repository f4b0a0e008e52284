"""Small .xlsx workbooks written in memory, for the tests and the corpus generator."""

from __future__ import annotations

import io

from openpyxl import Workbook


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with one sheet per entry of `sheets` (in order), each holding its rows."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
