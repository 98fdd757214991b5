"""Reading an import file (CSV or XLSX) into rows for recon.followup.services.import_rows.

The first row names the columns: 复议案号, 类型 (行政诉讼 / 信访), 法院或信访部门, 法院案号或信访编号,
日期, 备注. Row numbers are the file's own (the header is row 1)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from recon.errors import DomainError
from recon.formatting import DateInputError, parse_loose_date
from recon.i18n import gettext

COLUMNS = {
    "复议案号": "case_no", "类型": "kind", "法院或信访部门": "court", "法院案号或信访编号": "number",
    "日期": "on", "备注": "note",
    "case_no": "case_no", "kind": "kind", "court": "court", "number": "number", "on": "on", "note": "note",
}
MAX_ROWS = 5000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_loose_date(_text(value)) if _text(value) else None
    except DateInputError:
        return None


def _records(table: list[list]) -> list[tuple[int, dict]]:
    if not table:
        raise DomainError(gettext("文件是空的"), field="file")
    header = [COLUMNS.get(_text(h)) for h in table[0]]
    missing = {"case_no", "kind", "on"} - set(header)
    if missing:
        raise DomainError(gettext("第 1 行须是表头，至少包括“复议案号”“类型”“日期”三列"), field="file")
    if len(table) - 1 > MAX_ROWS:
        raise DomainError(gettext("每次最多导入 %(n)d 行", n=MAX_ROWS), field="file")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(_text(c) for c in cells):
            continue
        values = {key: cells[i] if i < len(cells) else None for i, key in enumerate(header) if key}
        record = {key: _text(values.get(key)) for key in ("case_no", "kind", "court", "number", "note")}
        record["on"], record["on_text"] = _date(values.get("on")), _text(values.get("on"))
        rows.append((number, record))
    return rows


def read_rows(filename: str, data: bytes) -> list[tuple[int, dict]]:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises several kinds for a file that is not a workbook
            raise DomainError(gettext("无法读取该 XLSX 文件，请用 Excel 或 WPS 另存为 .xlsx 后重试"), field="file") from None
        table = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        return _records(table)
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DomainError(gettext("无法识别 CSV 文件的编码，请保存为 UTF-8"), field="file")
        return _records([row for row in csv.reader(io.StringIO(text))])
    raise DomainError(gettext("请上传 .xlsx 或 .csv 文件"), field="file")
