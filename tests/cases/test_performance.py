"""Performance of decisions, 调解书 and 和解协议 (arts. 77, 78, 83; issues 14 and 15): the obligation
opened when the act takes effect, its due date on the deadline board, the sweep flagging it
overdue, the 责令履行通知书, the record of performance and of enforcement, the 和解协议 document and
the 台账's performance column. Due dates are counted by hand (2026 State Council schedule: Mid-autumn
Fri 09-25, National Day 10-01…10-07; natural-day periods exclude the start day and a last day that
is not a working day rolls forward once)."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases import workflow
from recon.cases.models import Case
from recon.deadlines.models import Deadline
from recon.deadlines.sweep import sweep_due_deadlines
from recon.documents.models import Document
from recon.errors import DomainError
from recon.extensions import db
from recon.performance.models import Performance
from tests.cases.helpers import (
    API_CLOCK,
    act,
    api_ok,
    api_post,
    beijing,
    document_settings,
    postal_case,
)
from tests.conftest import FIXED_NOW, login
from tests.documents._pdfutil import text_of
from tests.intake.factories import token_for

D = date.fromisoformat
RECEIVED = D("2026-07-06")
CLOCK = API_CLOCK
_post, _ok = api_post, api_ok


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    """The API and the pages act at 10:00 Beijing on the day of each step."""
    CLOCK["now"] = FIXED_NOW
    monkeypatch.setattr("recon.api.actions.now_utc", lambda: CLOCK["now"])
    monkeypatch.setattr("recon.cases.views.now_utc", lambda: CLOCK["now"])
    monkeypatch.setattr("recon.cases.views.today_beijing", lambda: CLOCK["now"].date())
    monkeypatch.setattr("recon.clock.today_beijing", lambda: CLOCK["now"].date())  # the case body's as-of day


def _read(client, case, role="handler", day: str | None = None):
    if day:
        CLOCK["now"] = beijing(D(day))
    return client.get(f"/api/v1/cases/{quote(case.case_no)}", headers=token_for(client, role)).get_json()


def _sweep(day: str) -> None:
    sweep_due_deadlines(db.session, beijing(D(day)))
    db.session.commit()


def _performance_deadlines(case) -> list[tuple[str, date, date]]:
    return [(d.state, d.start_on, d.due_on) for d in db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == "performance").order_by(Deadline.id))]


def _number(case, kind) -> str:
    return db.session.scalar(select(Document.number).where(Document.case_id == case.id, Document.kind == kind)
                             .order_by(Document.id.desc()).limit(1))


def _served_order_performance(app, client, users) -> Case:
    """责令履行 with 30 days, approved Tue 08-04, served on the respondent Thu 08-06 and on the
    applicant Mon 08-10 (closed that day)."""
    case = postal_case(app, users, RECEIVED)
    act(app, case, "accept", {"procedure": "ordinary", "on": D("2026-07-08")}, users["handler"],
        beijing(D("2026-07-08")))
    _ok(client, case, "decide", {"type": "order_performance", "on": "2026-08-03", "performance_days": 30,
                                 "disposition": "依法对申请人的举报作出处理"})
    _ok(client, case, "approve_decision", {"on": "2026-08-04"}, role="supervisor")
    number = _number(case, "decision")
    body = _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-06",
                                       "recipient": "合江区市场监督管理局"})
    assert body["status"] == "decided" and body["performance"] is None  # not effective on the applicant yet
    body = _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-10",
                                       "recipient": "张三"})
    assert (body["status"], body["closed_on"]) == ("closed", "2026-08-10")
    return case


def test_an_order_to_perform_is_followed_from_service_to_performance(app, client, users, login_as):
    case = _served_order_performance(app, client, users)
    body = _read(client, case)
    # 30 days from the respondent's service Thu 08-06: raw Sat 09-05 → Mon 09-07
    assert body["performance"] == {
        "state": "pending", "source": "decision", "obliged": "respondent",
        "obligation": "自收到行政复议决定书之日起30日内依法对申请人的举报作出处理",
        "effective_on": "2026-08-06", "due_on": "2026-09-07", "performed_on": None, "orders": [],
        "enforcement": None}
    assert _performance_deadlines(case) == [("open", D("2026-08-06"), D("2026-09-07"))]
    closing = [e["summary"] for e in body["timeline"] if "结案" in e["summary"]][-1]
    assert "履行期限届满日为 2026年9月7日" in closing and "被申请人应当履行" in closing

    # the board lists the performance row with its due date (the supervisor sees every case)
    board = login_as("supervisor").get("/deadlines/").get_data(as_text=True)
    assert "履行期限" in board and case.case_no in board

    # not yet overdue: the respondent cannot be ordered to perform
    response = _post(client, case, "order_performance", {"days": 15, "on": "2026-09-07"}, role="supervisor")
    assert response.status_code == 409 and "尚未届满" in response.get_json()["errors"]["status"]

    _sweep("2026-09-08")  # the sweep flags it like any other deadline
    assert _performance_deadlines(case)[0][0] == "overdue"
    assert _read(client, case)["performance"]["state"] == "overdue"
    assert _post(client, case, "order_performance", {"days": 15, "on": "2026-09-10"}).status_code == 403

    body = _ok(client, case, "order_performance", {"days": 15, "on": "2026-09-10"}, role="supervisor")
    # 15 days from Thu 09-10: raw Fri 09-25 (Mid-autumn) → Mon 09-28
    notice = _number(case, "performance_order")
    assert body["performance"]["state"] == "ordered" and body["performance"]["due_on"] == "2026-09-28"
    assert body["performance"]["orders"] == [{"on": "2026-09-10", "days": 15, "due_on": "2026-09-28",
                                              "document": notice}]
    assert _performance_deadlines(case) == [("cancelled", D("2026-08-06"), D("2026-09-07")),
                                            ("open", D("2026-09-10"), D("2026-09-28"))]
    issued = db.session.scalar(select(Document).where(Document.number == notice))
    assert issued.recipient == "合江区市场监督管理局"
    words = text_of(document_settings(app).storage.read(issued.sha256))
    assert "责令履行通知书" in words and _number(case, "decision") in words
    assert "依法对申请人的举报作出处理" in words
    assert "于2026年9月28日前履行该行政复议决定书" in words and "第七十七条第一款" in words
    assert "第八十三条" in words

    page = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="performance"' in page and "已责令限期履行" in page and notice in page

    response = _post(client, case, "record_performance", {"on": "2026-08-05"})
    assert response.status_code == 422 and "早于" in response.get_json()["errors"]["on"]
    body = _ok(client, case, "record_performance", {"on": "2026-09-21", "evidence": "已作出处理决定并送达申请人"})
    assert body["performance"]["state"] == "performed" and body["performance"]["performed_on"] == "2026-09-21"
    assert _performance_deadlines(case)[-1] == ("met", D("2026-09-10"), D("2026-09-28"))
    assert "已于 2026年9月21日 履行" in body["timeline"][-1]["summary"]
    response = _post(client, case, "record_performance", {"on": "2026-09-22"})
    assert response.status_code == 409 and "已履行" in response.get_json()["errors"]["status"]
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.case_id == case.id)))
    assert {"case.order_performance", "case.record_performance"} <= actions
    assert case.status == "closed"


def test_the_order_action_page_previews_the_notice_before_it_is_issued(app, client, users, login_as):
    case = _served_order_performance(app, client, users)
    _sweep("2026-09-08")
    CLOCK["now"] = beijing(D("2026-09-10"))
    supervisor = login_as("supervisor")
    page = supervisor.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/actions/order_performance" in page
    form = supervisor.get(f"/cases/{case.id}/actions/order_performance").get_data(as_text=True)
    assert "第七十七条第一款" in form and 'name="days"' in form
    db.session.expire_all()
    version = db.session.get(Case, case.id).version_id
    preview = supervisor.post(f"/cases/{case.id}/actions/order_performance",
                              data={"days": "15", "on": "2026-09-10", "version": str(version), "step": "preview"})
    assert preview.status_code == 200 and "确认签发" in preview.get_data(as_text=True)
    assert _number(case, "performance_order") is None  # nothing issued by the preview
    done = supervisor.post(f"/cases/{case.id}/actions/order_performance",
                           data={"days": "15", "on": "2026-09-10", "version": str(version), "step": "confirm"})
    assert done.status_code == 303 and _number(case, "performance_order") is not None


def _mediated(app, users, **seal):
    """An effective 调解书: accepted Thu 06-04, agreement signed Mon 06-22 and sealed that day."""
    case = postal_case(app, users, D("2026-06-03"))
    handler = users["handler"]
    act(app, case, "accept", {"procedure": "ordinary", "on": D("2026-06-04")}, handler, beijing(D("2026-06-04")))
    act(app, case, "start_mediation", {"on": D("2026-06-10"), "applicant_consents": True,
                                       "respondent_consents": True, "suspend": True}, handler, beijing(D("2026-06-10")))
    act(app, case, "record_agreement", {"on": D("2026-06-19"), "terms": "罚款数额变更为人民币五千元\n申请人于七月二日前缴纳"},
        handler, beijing(D("2026-06-19")))
    for party in ("applicant", "respondent"):
        act(app, case, "sign_agreement", {"party": party, "on": D("2026-06-22")}, handler, beijing(D("2026-06-22")))
    act(app, case, "seal_agreement", {"on": D("2026-06-22")} | seal, users["supervisor"], beijing(D("2026-06-22")))
    assert (case.status, case.closure) == ("closed", "mediation")
    return case


def test_an_effective_mediation_document_gets_a_performance_due_date(app, client, users):
    case = _mediated(app, users)
    # nothing agreed: 60 days from the seal Mon 06-22 = Fri 08-21
    assert _performance_deadlines(case) == [("open", D("2026-06-22"), D("2026-08-21"))]
    performance = _read(client, case)["performance"]
    assert (performance["source"], performance["obliged"], performance["due_on"]) == (
        "mediation", "respondent", "2026-08-21")
    assert performance["obligation"] == "罚款数额变更为人民币五千元；申请人于七月二日前缴纳"


def test_an_applicant_who_does_not_perform_a_mediation_document_is_enforced(app, client, users):
    case = _mediated(app, users, obliged="applicant", obligation="缴纳罚款人民币五千元", perform_by=D("2026-07-02"))
    # agreed day Thu 07-02 (a working day): 10 days from the seal
    assert _performance_deadlines(case) == [("open", D("2026-06-22"), D("2026-07-02"))]
    response = _post(client, case, "record_enforcement", {"by": "court", "on": "2026-07-02", "outcome": "x"})
    assert response.status_code == 409 and "尚未届满" in response.get_json()["errors"]["status"]

    _sweep("2026-07-03")
    assert _read(client, case)["performance"]["state"] == "overdue"
    response = _post(client, case, "order_performance", {"days": 10, "on": "2026-07-06"}, role="supervisor")
    assert response.status_code == 409 and "第七十七条" in response.get_json()["errors"]["status"]
    response = _post(client, case, "record_enforcement", {"by": "court", "on": "2026-07-20", "outcome": "已立案"})
    assert response.status_code == 422 and "法院名称" in response.get_json()["errors"]["court"]
    body = _ok(client, case, "record_enforcement", {
        "by": "court", "on": "2026-07-20", "court": "合江县人民法院", "court_case_no": "（2026）川0522行审12号",
        "outcome": "法院裁定准予强制执行，罚款已执行到位"})
    assert body["performance"]["state"] == "enforced"
    assert body["performance"]["enforcement"] == {
        "by": "court", "on": "2026-07-20", "court": "合江县人民法院", "court_case_no": "（2026）川0522行审12号",
        "outcome": "法院裁定准予强制执行，罚款已执行到位"}
    assert _performance_deadlines(case)[0][0] == "cancelled"
    assert "申请人民法院强制执行" in body["timeline"][-1]["summary"]


def test_an_agreed_day_before_the_seal_is_refused(app, users):
    case = postal_case(app, users, D("2026-06-03"))
    handler = users["handler"]
    act(app, case, "accept", {"procedure": "ordinary", "on": D("2026-06-04")}, handler, beijing(D("2026-06-04")))
    act(app, case, "start_mediation", {"on": D("2026-06-10"), "applicant_consents": True,
                                       "respondent_consents": True}, handler, beijing(D("2026-06-10")))
    act(app, case, "record_agreement", {"on": D("2026-06-19"), "terms": "退还罚款"}, handler, beijing(D("2026-06-19")))
    for party in ("applicant", "respondent"):
        act(app, case, "sign_agreement", {"party": party, "on": D("2026-06-22")}, handler, beijing(D("2026-06-22")))
    with pytest.raises(DomainError, match="应晚于生效日期") as caught:
        workflow.perform(db.session, case, "seal_agreement", {"on": D("2026-06-22"), "perform_by": D("2026-06-22")},
                         users["supervisor"], beijing(D("2026-06-22")), documents=document_settings(app))
    assert caught.value.field == "perform_by"
    db.session.rollback()
    assert case.status == "mediation"


def test_a_settlement_issues_the_agreement_the_applicant_sees_and_opens_its_performance(app, client, users):
    case = postal_case(app, users, D("2026-06-03"))
    case.owner_id = users["applicant"].id
    db.session.commit()
    act(app, case, "accept", {"procedure": "ordinary", "on": D("2026-06-04")}, users["handler"],
        beijing(D("2026-06-04")))
    outcome = act(app, case, "withdraw", {"on": D("2026-06-18"), "reason": "双方已和解", "after_settlement": True,
                                          "settlement_terms": "被申请人退还罚款一千元\n申请人撤回行政复议申请",
                                          "settlement_signed_on": D("2026-06-17"), "perform_by": D("2026-06-30")},
                  users["handler"], beijing(D("2026-06-18")))
    assert outcome.document.kind == "termination_decision"
    number = _number(case, "settlement_agreement")
    assert number is not None and number in outcome.event.summary
    agreement = db.session.scalar(select(Document).where(Document.number == number))
    words = text_of(document_settings(app).storage.read(agreement.sha256))
    assert "和解协议" in words and "被申请人退还罚款一千元" in words and "2026年6月17日" in words
    assert "第七十四条" in words
    # the applicant sees it on the portal and through the API
    mine = _read(client, case, role="applicant", day="2026-06-18")
    assert number in [d["number"] for d in mine["documents"]]
    portal = app.test_client()
    assert login(portal, "applicant").status_code == 302
    assert number in portal.get(f"/my/cases/{quote(case.case_no)}").get_data(as_text=True)
    # agreed day Tue 06-30: 12 days from the withdrawal
    assert _performance_deadlines(case) == [("open", D("2026-06-18"), D("2026-06-30"))]
    assert mine["performance"]["source"] == "settlement" and mine["performance"]["state"] == "pending"


def test_an_upheld_act_not_performed_after_the_time_to_sue_is_enforced(app, client, users):
    case = postal_case(app, users, RECEIVED)
    act(app, case, "accept", {"procedure": "ordinary", "on": D("2026-07-08")}, users["handler"],
        beijing(D("2026-07-08")))
    _ok(client, case, "decide", {"type": "uphold", "on": "2026-08-03"})
    _ok(client, case, "approve_decision", {"on": "2026-08-04"}, role="supervisor")
    number = _number(case, "decision")
    for name, day in (("合江区市场监督管理局", "2026-08-06"), ("张三", "2026-08-10")):
        _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": day, "recipient": name})
    assert _read(client, case)["performance"] is None  # an uphold decision orders the respondent nothing
    # the applicant may sue until 08-10 + 15 = Tue 08-25
    response = _post(client, case, "record_enforcement", {"by": "respondent", "on": "2026-08-25", "outcome": "x"})
    assert response.status_code == 409 and "起诉期限" in response.get_json()["errors"]["status"]
    body = _ok(client, case, "record_enforcement", {"by": "respondent", "on": "2026-09-15",
                                                    "outcome": "被申请人依法强制执行，罚款已缴纳"})
    performance = body["performance"]
    assert (performance["state"], performance["obliged"], performance["obligation"]) == (
        "enforced", "applicant", "履行被维持的行政行为")


def test_the_ledger_export_has_the_performance_column(app, users, monkeypatch):
    monkeypatch.setattr("recon.mediation.views.today_beijing", lambda: D("2026-09-01"))
    mediated = _mediated(app, users)
    act(app, mediated, "record_performance", {"on": D("2026-07-15"), "evidence": "已变更罚款"}, users["handler"],
        beijing(D("2026-07-15")))
    settled = postal_case(app, users, D("2026-06-03"))
    act(app, settled, "accept", {"procedure": "ordinary", "on": D("2026-06-04")}, users["handler"],
        beijing(D("2026-06-04")))
    act(app, settled, "withdraw", {"on": D("2026-06-18"), "reason": "和解", "after_settlement": True,
                                   "settlement_terms": "退还罚款", "perform_by": D("2026-06-30")},
        users["handler"], beijing(D("2026-06-18")))
    supervisor = app.test_client()
    assert login(supervisor, "supervisor").status_code == 302
    sheet = load_workbook(io.BytesIO(supervisor.get("/mediation/ledger.xlsx").data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][-1] == "履行情况"
    by_case = {r[0]: r[-1] for r in rows[1:]}
    assert by_case[mediated.case_no] == "已履行（期限 2026-08-21，2026-07-15 履行）"
    assert by_case[settled.case_no] == "逾期未履行（期限 2026-06-30）"  # as of 09-01, before any sweep
    text = supervisor.get("/mediation/ledger.csv").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[0][-1] == "履行情况"
    page = supervisor.get("/mediation/ledger").get_data(as_text=True)
    assert "已履行（期限 2026-08-21，2026-07-15 履行）" in page


def test_performance_rows_are_registered_for_closed_cases_only(app):
    for action in ("record_performance", "order_performance", "record_enforcement"):
        assert workflow.TRANSITIONS[action].statuses == frozenset({"closed"})


def test_the_demo_data_holds_a_pending_and_a_performed_obligation(app):
    from recon.clock import today_beijing
    from recon.seed import seed_demo

    seed_demo()
    today = today_beijing()
    by_token = {c.submission_token: c for c in db.session.scalars(
        select(Case).where(Case.submission_token.in_(("demo-mediation", "demo-settlement"))))}
    mediated = db.session.scalar(select(Performance).where(Performance.case_id == by_token["demo-mediation"].id))
    settled = db.session.scalar(select(Performance).where(Performance.case_id == by_token["demo-settlement"].id))
    # the 调解书 was sealed 30 days ago with no agreed day: 60 days from the seal, still ahead
    assert mediated.current_state(today) == "pending" and mediated.due_on >= today
    assert mediated.deadline.state == "open"
    assert settled.current_state(today) == "performed" and settled.performed_on is not None
    assert settled.deadline.state == "met"
    kinds = set(db.session.scalars(select(Document.kind).where(Document.case_id == by_token["demo-settlement"].id)))
    assert "settlement_agreement" in kinds
