"""A table as CSV (UTF-8 with BOM, so that Excel reads the Chinese) or XLSX (openpyxl), with the
text a spreadsheet would run as a formula written as text: every export (the statistics' tables,
the resolution 台账) goes through here."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

CSV_MIME = "text/csv; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(cell):
    """Text that a spreadsheet would run as a formula (=, +, -, @) is written as text."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") and not _number(cell):
        return "'" + cell
    return "" if cell is None else cell


def _number(text: str) -> bool:
    try:
        float(text.rstrip("%"))
    except ValueError:
        return False
    return True


def to_csv(title: str | None, headers: list[str], rows: list[list]) -> bytes:
    """``title`` (None: none) on the first line, then the headers and the rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    if title is not None:
        writer.writerow([title])
    writer.writerow(headers)
    writer.writerows([[_safe(c) for c in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str | None, headers: list[str], rows: list[list], sheet_name: str = "数据") -> bytes:
    """``title`` (None: none) in bold on the first row, then the bold headers, frozen, and the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    if title is not None:
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"
    for row in rows:
        sheet.append([_safe(c) for c in row])
    first = 1 if title is not None else 0  # the title's long cell does not set the width
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[first:]) if len(column) > first else 10
        sheet.column_dimensions[column[0].column_letter].width = min(max(width * 2, 10), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
