"""Every export (statistics tables, the resolution 台账) writes formula-like text as text."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from recon.exports import to_csv, to_xlsx

ROWS = [["合府复〔2026〕1号", "=HYPERLINK(\"http://x\")", "-12.5", "@SUM(A1)"]]


def test_csv_without_a_title_starts_with_the_headers_and_defuses_formulas():
    text = to_csv(None, ["案号", "被申请人", "数额", "备注"], ROWS).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["案号", "被申请人", "数额", "备注"]
    assert rows[1] == ["合府复〔2026〕1号", "'=HYPERLINK(\"http://x\")", "-12.5", "'@SUM(A1)"]


def test_xlsx_with_a_title_freezes_the_headers_and_defuses_formulas():
    sheet = load_workbook(io.BytesIO(to_xlsx("收案统计", ["案号", "被申请人", "数额", "备注"], ROWS,
                                             sheet_name="化解台账"))).active
    assert sheet.title == "化解台账" and sheet.freeze_panes == "A3"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "收案统计" and values[1][0] == "案号"
    assert values[2][1] == "'=HYPERLINK(\"http://x\")" and values[2][3] == "'@SUM(A1)"
