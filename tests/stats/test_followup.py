"""Later litigation and petition: the form on a closed case and the bulk import (CSV and XLSX)
with its row-by-row report; both feed 复议后被诉率."""

import io
from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.extensions import db
from recon.followup.models import LaterProceeding
from recon.stats.definitions import DEFAULT
from recon.stats.figures import build_report
from recon.stats.periods import Period
from tests.stats.seed import TODAY, seed

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31), "year")


def count():
    return db.session.scalar(select(func.count()).select_from(LaterProceeding))


def test_the_form_on_a_closed_case(app, users, login_as):
    made = seed(groups={"UP", "R1"})
    closed, open_case = made["UP"][0], made["R1"][0]
    handler = login_as("handler")
    assert "结案后诉讼和信访" in handler.get(f"/cases/{closed.id}").get_data(as_text=True)
    response = handler.post(f"/followup/cases/{closed.id}", data={
        "later-kind": "litigation", "later-on": "2026-08-01", "later-court": "合江县人民法院",
        "later-number": "（2026）川0522行初99号"})
    assert response.status_code == 302
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "later_proceeding.create"))
    # litigation without a court, a date before the closure, an open case: refused, nothing saved
    handler.post(f"/followup/cases/{closed.id}", data={"later-kind": "litigation", "later-on": "2026-08-02",
                                                       "later-number": "（2026）川0522行初10号"})
    page = handler.get(f"/cases/{closed.id}").get_data(as_text=True)
    assert "行政诉讼请填写受理法院" in page and "（2026）川0522行初99号" in page
    handler.post(f"/followup/cases/{closed.id}", data={"later-kind": "petition", "later-on": "2026-07-01"})
    assert "日期不能早于结案日期 2026-07-03" in handler.get(f"/cases/{closed.id}").get_data(as_text=True)
    handler.post(f"/followup/cases/{open_case.id}", data={"later-kind": "petition", "later-on": "2026-08-01"})
    assert "尚未结案" in handler.get(f"/cases/{open_case.id}").get_data(as_text=True)
    assert count() == 2  # the seeded one on UP[0] and the new one


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_keeps_good_rows_and_reports_bad_ones(app, users, login_as):
    made = seed(groups={"UP", "R1"})
    before = build_report(db.session, YEAR, DEFAULT, TODAY).figures["sued"].value
    up = [c.case_no for c in made["UP"]]
    data = _xlsx([
        ["复议案号", "类型", "法院或信访部门", "法院案号或信访编号", "日期", "备注"],
        [up[1], "行政诉讼", "合江县人民法院", "（2026）川0522行初21号", date(2026, 8, 10), ""],
        [up[2], "诉讼", "", "（2026）川0522行初22号", "2026-08-11", ""],  # row 3: no court
        ["合府复〔2026〕999号", "信访", "", "", "2026-08-12", ""],  # row 4: no such case
        [made["R1"][0].case_no, "信访", "", "", "2026-08-12", ""],  # row 5: not closed
        [up[3], "信访", "区信访局", "信2026-9", "2026年8月13日", ""],
        [up[4], "上访", "", "", "2026-08-14", ""],  # row 7: bad kind
        [up[5], "信访", "", "", "某天", ""],  # row 8: bad date
    ])
    client = login_as("clerk")
    response = client.post("/followup/import", data={"file": (io.BytesIO(data), "诉讼信访.xlsx")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "已登记 2 条，未登记 5 条" in html
    for n, reason in ((3, "行政诉讼请填写受理法院"), (4, "没有复议案号为 合府复〔2026〕999号 的案件"), (5, "尚未结案"),
                      (7, "类型“上访”无效"), (8, "日期“某天”无法识别")):
        assert f"第 {n} 行" in html and reason in html
    kinds = dict(db.session.execute(select(LaterProceeding.number, LaterProceeding.kind)
                                    .where(LaterProceeding.source == "import")).all())
    assert kinds == {"（2026）川0522行初21号": "litigation", "信2026-9": "petition"}
    assert build_report(db.session, YEAR, DEFAULT, TODAY).figures["sued"].value == before + 1
    # the same file again: the good rows are now duplicates, refused with their row numbers
    response = client.post("/followup/import", data={"file": (io.BytesIO(data), "诉讼信访.xlsx")},
                           content_type="multipart/form-data")
    assert "已登记 0 条，未登记 7 条" in response.get_data(as_text=True) and "已登记过编号为" in response.get_data(as_text=True)


def test_csv_import_and_a_file_without_the_header(app, users, login_as):
    made = seed(groups={"UP"})
    client = login_as("handler")
    text = "复议案号,类型,日期\n" + f"{made['UP'][1].case_no},信访,2026-08-20\n"
    response = client.post("/followup/import", data={"file": (io.BytesIO(text.encode("gb18030")), "a.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "已登记 1 条，未登记 0 条" in response.get_data(as_text=True)
    response = client.post("/followup/import", data={"file": (io.BytesIO(b"a,b\n1,2\n"), "a.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "第 1 行须是表头" in response.get_data(as_text=True)
    response = client.post("/followup/import", data={"file": (io.BytesIO(b"x"), "a.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "请上传 .xlsx 或 .csv 文件" in response.get_data(as_text=True)
