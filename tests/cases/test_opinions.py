"""意见书 and 建议书 (art. 76; Regs art. 57 ¶2), 抄告 and publication (art. 79), through the API
and the case pages (issue 14). Due dates counted by hand with the 2026 State Council schedule
(National Day 10-01…10-07 off, Sat 10-10 worked)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.extensions import db
from tests.cases.helpers import API_CLOCK as CLOCK
from tests.cases.helpers import beijing, document_settings, postal_case
from tests.cases.test_handling import _clock, _due, _ok, _post  # noqa: F401  (_clock: autouse)
from tests.conftest import login
from tests.documents._pdfutil import text_of

D = date.fromisoformat
RECEIVED = D("2026-07-06")
RESPONDENT = "合江区市场监督管理局"


@pytest.fixture(autouse=True)
def _pages_clock(monkeypatch):
    """The pages act on the day of the test's clock, like the API (test_handling's ``_clock``)."""
    monkeypatch.setattr("recon.cases.views.now_utc", lambda: CLOCK["now"])
    monkeypatch.setattr("recon.cases.views.today_beijing", lambda: CLOCK["now"].date())


def _text(app, document) -> str:
    return text_of(document_settings(app).storage.read(document.sha256)).replace("\n", "")


def _document(case, kind) -> Document:
    return db.session.scalars(select(Document).where(Document.case_id == case.id, Document.kind == kind)
                              .order_by(Document.id)).all()[-1]


def _decide_and_close(client, case):
    _ok(client, case, "decide", {"type": "revoke", "on": "2026-08-10", "performance_days": 30})
    _ok(client, case, "approve_decision", {"on": "2026-08-11"}, role="supervisor")
    number = _document(case, "decision").number
    _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-12",
                                "recipient": "张三"})
    body = _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-12",
                                       "recipient": RESPONDENT})
    assert body["status"] == "closed"
    return number


def test_opinion_with_its_60_day_report_outlives_the_decision(app, client, users, login_as):
    case = postal_case(app, users, RECEIVED)
    _ok(client, case, "accept", {"procedure": "ordinary", "on": "2026-07-08"})
    response = _post(client, case, "issue_opinion", {"problems": "x", "opinions": ["y"], "on": "2026-07-07"})
    assert response.status_code == 422 and "受理日期" in response.get_json()["errors"]["on"]
    body = _ok(client, case, "issue_opinion", {
        "problems": "抽样检验未通知当事人到场", "opinions": ["规范抽样程序", "对执法人员进行培训"],
        "on": "2026-08-05", "received_on": "2026-08-06"})
    # 08-06 + 60 = Mon 10-05, inside National Day 2026 (10-01…10-07) → Thu 10-08
    assert _due(body, "opinion_report") == [("open", "2026-10-08")]
    letter = _document(case, "opinion_letter")
    assert letter.recipient == RESPONDENT
    words = _text(app, letter)
    assert RESPONDENT in words and "抽样检验未通知当事人到场" in words and "规范抽样程序" in words
    assert "第七十六条" in words and "六十日内" in words and letter.number in words.replace(" ", "")

    # the deadline board shows the running report period
    supervisor = app.test_client()  # a client of its own: a second login on one client keeps the first
    assert login(supervisor, "supervisor").status_code == 302
    board = supervisor.get("/deadlines/").get_data(as_text=True)
    assert "行政复议意见书纠正情况报送期限" in board and case.case_no in board

    number = _decide_and_close(client, case)
    assert number
    due = db.session.scalar(select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == "opinion_report"))
    assert (due.state, due.due_on) == ("open", D("2026-10-08"))  # the decision did not cancel it

    response = _post(client, case, "record_opinion_report", {"content": "", "on": "2026-09-30"})
    assert response.status_code == 422 and "纠正情况" in response.get_json()["errors"]["content"]
    response = _post(client, case, "record_opinion_report", {"document": "×府复意〔2026〕99号", "content": "已整改",
                                                             "on": "2026-09-30"})
    assert response.status_code == 422 and letter.number in response.get_json()["errors"]["document"]
    # received before the case closed (08-12), recorded afterwards: checked against the 意见书 only
    body = _ok(client, case, "record_opinion_report", {"content": "已重新制定抽样规程并组织培训",
                                                       "on": "2026-08-10"})
    assert _due(body, "opinion_report") == [("met", "2026-10-08")]
    assert _post(client, case, "record_opinion_report",
                 {"content": "再次报告", "on": "2026-10-09"}).status_code == 409  # nothing awaited
    response = _post(client, case, "issue_opinion", {"problems": "又发现执法文书不规范", "opinions": ["规范文书"],
                                                     "on": "2026-10-09"})
    assert response.status_code == 200  # art. 76 letters after the decision, also on a closed case

    page = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert "已重新制定抽样规程并组织培训" in page and letter.number in page
    # the report form offers the 意见书 still awaiting a report (the second one), not the first
    form = login_as("handler").get(f"/cases/{case.id}/actions/record_opinion_report").get_data(as_text=True)
    second = _document(case, "opinion_letter")
    assert f'<option value="{second.number}"' in form and f'<option value="{letter.number}"' not in form


def test_recommendation_has_no_reply_period(app, client, users):
    case = postal_case(app, users, RECEIVED)
    before = len(_ok(client, case, "accept", {"procedure": "ordinary", "on": "2026-07-08"})["deadlines"])
    response = _post(client, case, "issue_recommendation", {"problems": "x", "recommendations": ["y"],
                                                            "on": "2026-07-20"})
    assert response.status_code == 422 and "主送机关" in response.get_json()["errors"]["addressee"]
    body = _ok(client, case, "issue_recommendation", {
        "addressee": "合江区人民政府办公室", "problems": "多个部门的抽样检验程序不统一",
        "recommendations": ["统一抽样检验程序"], "on": "2026-07-21"})
    assert len(body["deadlines"]) == before
    words = _text(app, _document(case, "recommendation_letter"))
    assert "合江区人民政府办公室" in words and "统一抽样检验程序" in words and "第五十七条第二款" in words


def test_notification_and_publication_are_listed_on_the_case_page(app, client, users, login_as):
    case = postal_case(app, users, RECEIVED)
    _ok(client, case, "accept", {"procedure": "ordinary", "on": "2026-07-08"})
    handler = login_as("handler")
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/actions/record_publication" not in page  # no decision yet
    assert f"/cases/{case.id}/actions/record_notification" not in page
    assert f"/cases/{case.id}/actions/issue_opinion" in page
    response = _post(client, case, "record_publication", {"where": "区政府网站", "on": "2026-07-20"})
    assert response.status_code == 409 and "案件当前状态为" in response.get_json()["errors"]["status"]

    number = _decide_and_close(client, case)
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/actions/record_publication" in page
    assert f"/cases/{case.id}/actions/request_normative_review" not in page  # decided: too late

    response = _post(client, case, "record_notification", {"to": "", "on": "2026-08-13"})
    assert response.status_code == 422 and "抄告的机关" in response.get_json()["errors"]["to"]
    response = _post(client, case, "record_notification", {"to": "合江市市场监督管理局", "on": "2026-08-10"})
    assert response.status_code == 422 and "签发日期" in response.get_json()["errors"]["on"]
    _ok(client, case, "record_notification", {"to": "合江市市场监督管理局", "on": "2026-08-13"})
    response = _post(client, case, "record_publication", {"where": "区政府网站", "url": "ftp://x", "on": "2026-08-14"})
    assert response.status_code == 422 and "http" in response.get_json()["errors"]["url"]
    body = _ok(client, case, "record_publication", {"where": "合江区人民政府门户网站",
                                                    "url": "https://www.hejiang.gov.cn/fy/1.html",
                                                    "on": "2026-08-14"})
    assert body["status"] == "closed"
    assert any(e["kind"] == "workflow.record_publication" for e in body["timeline"])

    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    section = page[page.index('id="opinions"'):]
    assert section.index("合江市市场监督管理局") < section.index("合江区人民政府门户网站")  # dated list
    assert f"将《行政复议决定书》{number}抄告合江市市场监督管理局" in section
    decision = _document(case, "decision")
    assert f"/documents/{decision.id}/published.pdf" in section
    assert "https://www.hejiang.gov.cn/fy/1.html" in section
    published = handler.get(f"/documents/{decision.id}/published.pdf")
    assert published.status_code == 200 and published.mimetype == "application/pdf"


def test_opinion_through_the_page_is_previewed_then_issued(app, client, users, login_as):
    case = postal_case(app, users, RECEIVED)
    _ok(client, case, "accept", {"procedure": "ordinary", "on": "2026-07-08"})
    db.session.refresh(case)
    handler = login_as("handler")
    CLOCK["now"] = beijing(D("2026-08-06"))
    form = {"problems": "抽样检验未通知当事人到场", "opinions": "规范抽样程序\n加强培训", "on": "2026-08-05",
            "received_on": "2026-08-06", "version": str(case.version_id)}
    preview = handler.post(f"/cases/{case.id}/actions/issue_opinion", data=form | {"step": "preview"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "确认签发" in html and "2026年10月8日" in html
    assert db.session.scalar(select(Document.id).where(Document.case_id == case.id,
                                                       Document.kind == "opinion_letter")) is None
    done = handler.post(f"/cases/{case.id}/actions/issue_opinion", data=form | {"step": "confirm"})
    assert done.status_code == 303
    assert _document(case, "opinion_letter").recipient == RESPONDENT
