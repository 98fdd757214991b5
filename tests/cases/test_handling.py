"""Handling to decision, service and closure through the API (issue 14): the respondent's copy
and reply, suspension and resumption, extension, conversion, termination, the decision (draft,
approval) and its service. Every due date below is counted by hand (2026 State Council schedule:
National Day 10-01…10-07 off, Sun 09-20 and Sat 10-10 worked)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from recon.cases.models import Case
from recon.documents.models import Document, DocumentService
from recon.extensions import db
from tests.browser.helpers import ARTIFACTS
from tests.cases.helpers import (
    API_CLOCK,
    act,
    api_ok,
    api_post,
    beijing,
    deadlines_of,
    document_settings,
    postal_case,
)
from tests.conftest import FIXED_NOW
from tests.documents._pdfutil import text_of

D = date.fromisoformat
PDFTOPPM = shutil.which("pdftoppm")
RECEIVED = D("2026-07-06")  # Monday; nothing in July-September is a holiday but 09-20 is worked


_post, _ok = api_post, api_ok


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    """The API acts at 10:00 Beijing on the day of each step (its documents are dated that day)."""
    API_CLOCK["now"] = FIXED_NOW
    monkeypatch.setattr("recon.api.actions.now_utc", lambda: API_CLOCK["now"])


def _due(body, rule):
    return [(d["state"], d["due_on"]) for d in body["deadlines"] if d["rule"] == rule]


def _decision_number(case) -> str:
    return db.session.scalar(select(Document.number).where(Document.case_id == case.id,
                                                          Document.kind == "decision"))


def test_ordinary_case_to_a_served_revocation_with_every_due_date(app, client, users):
    case = postal_case(app, users, RECEIVED)
    body = _ok(client, case, "accept", {"procedure": "ordinary", "on": "2026-07-08"})
    # 7 WD from Wed 07-08: 07-09, 10, 13, 14, 15, 16, 17
    assert _due(body, "respondent_copy") == [("open", "2026-07-17")]
    # 07-08 + 60 = Sun 09-06 → Mon 09-07
    assert _due(body, "decision") == [("open", "2026-09-07")]

    body = _ok(client, case, "send_respondent_copy", {"served_on": "2026-07-13"})
    assert _due(body, "respondent_copy") == [("met", "2026-07-17")]
    # 10 WD from Mon 07-13: 07-14 … 07-17 (4), 07-20 … 07-24 (9), Mon 07-27
    assert _due(body, "respondent_reply") == [("open", "2026-07-27")]
    notice = db.session.scalar(select(Document).where(Document.case_id == case.id, Document.kind == "reply_notice"))
    assert notice.recipient == "合江区市场监督管理局"
    assert "2026年7月27日" in text_of(document_settings(app).storage.read(notice.sha256))

    body = _ok(client, case, "record_reply", {"received_on": "2026-07-24"})
    assert _due(body, "respondent_reply") == [("met", "2026-07-27")]
    assert body["warnings"] == []

    body = _ok(client, case, "suspend", {"cause": 8, "on": "2026-08-03"})
    assert body["status"] == "suspended"
    assert _due(body, "decision")[0][0] == "paused"
    response = _post(client, case, "extend", {"days": 10, "on": "2026-08-10"}, role="supervisor")
    assert response.status_code == 409 and "恢复审理后" in response.get_json()["errors"]["status"]
    body = _ok(client, case, "resume", {"on": "2026-08-18"})
    assert body["status"] == "accepted"
    # 15 days suspended: 09-06 + 15 = Mon 09-21
    assert _due(body, "decision") == [("open", "2026-09-21")]

    body = _ok(client, case, "extend", {"days": 10, "on": "2026-08-31"}, role="supervisor")
    # 07-08 + 60 + 10 + 15 = Thu 10-01 (National Day) → Thu 10-08
    assert _due(body, "decision") == [("open", "2026-10-08")]
    extension = db.session.scalar(select(Document).where(Document.case_id == case.id,
                                                         Document.kind == "extension_notice"))
    words = text_of(document_settings(app).storage.read(extension.sha256)).replace("\n", "")
    assert "2026年10月8日" in words

    body = _ok(client, case, "decide", {"type": "revoke", "on": "2026-09-01", "performance_days": 30})
    assert body["status"] == "accepted"
    assert _post(client, case, "serve", {"document": "nothing", "method": "direct",
                                         "served_on": "2026-09-02"}).status_code == 422
    body = _ok(client, case, "approve_decision", {"on": "2026-09-02"}, role="supervisor")
    assert (body["status"], body["closure"]) == ("decided", "revoke")
    assert _due(body, "decision") == [("met", "2026-10-08")]
    number = _decision_number(case)
    issued = db.session.scalar(select(Document).where(Document.number == number))
    words = text_of(document_settings(app).storage.read(issued.sha256)).replace("\n", "")
    assert "本案于2026年8月3日中止审理，于2026年8月18日恢复审理" in words
    assert "本案审理期限延长十日" in words and "撤销被申请人" in words

    body = _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-09-04",
                                       "recipient": "张三"})
    assert body["status"] == "decided"  # not yet served on the respondent
    # 09-04 + 15 = Sat 09-19 → Sun 09-20 (a worked Sunday)
    assert _due(body, "litigation") == [("open", "2026-09-20")]
    body = _ok(client, case, "serve", {"document": number, "method": "postal", "served_on": "2026-09-07",
                                       "recipient": "合江区市场监督管理局"}, role="clerk")
    assert (body["status"], body["closed_on"]) == ("closed", "2026-09-07")
    assert _due(body, "litigation") == [("open", "2026-09-20")]  # the respondent does not sue
    services = db.session.scalars(select(DocumentService).join(Document)
                                  .where(Document.case_id == case.id, Document.kind == "decision")).all()
    timeline = [e["summary"] for e in body["timeline"] if "送达日期" in e["summary"] and "决定书" in e["summary"]]
    assert len(timeline) == 2 and "本案于 2026年9月7日 结案" in timeline[-1]  # one entry per service
    assert sorted((s.recipient, s.method, s.served_on) for s in services) == [
        ("合江区市场监督管理局", "postal", D("2026-09-07")), ("张三", "direct", D("2026-09-04"))]


def _accepted(app, users, received=RECEIVED, on="2026-07-08", **accept):
    case = postal_case(app, users, received)
    act(app, case, "accept", {"procedure": "ordinary", "on": D(on)} | accept, users["handler"], beijing(D(on)))
    return case


def test_an_overdue_reply_limits_the_decision_types(app, client, users):
    case = _accepted(app, users)
    _ok(client, case, "send_respondent_copy", {"served_on": "2026-07-13"})
    body = _ok(client, case, "record_reply", {"received_on": "2026-07-28"})  # due Mon 07-27
    assert "第七十条" in body["warnings"][0]
    response = _post(client, case, "decide", {"type": "uphold", "on": "2026-08-03"})
    assert response.status_code == 422
    assert "第七十条" in response.get_json()["errors"]["type"]
    assert db.session.get(Case, case.id).decision_draft is None
    _ok(client, case, "decide", {"type": "confirm_illegal", "on": "2026-08-03"})
    draft = db.session.get(Case, case.id).decision_draft
    assert "视为该行政行为没有证据、依据" in draft["reasoning"]


def test_no_reply_at_all_also_limits_the_types_and_the_page_says_why(app, client, users, login_as):
    case = _accepted(app, users)
    _ok(client, case, "send_respondent_copy", {"served_on": "2026-07-13"})
    assert _post(client, case, "decide", {"type": "reject_request", "on": "2026-08-03"}).status_code == 422
    login_as("handler")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "第七十条" in page


def test_electronic_service_needs_the_applicants_consent(app, client, users):
    case = _accepted(app, users)
    _ok(client, case, "decide", {"type": "uphold", "on": "2026-08-03"})
    _ok(client, case, "approve_decision", {"on": "2026-08-04"}, role="supervisor")
    response = _post(client, case, "serve", {"document": _decision_number(case), "method": "electronic",
                                             "served_on": "2026-08-05", "recipient": "张三"})
    assert response.status_code == 422
    assert "未同意电子送达" in response.get_json()["errors"]["method"]
    case = db.session.get(Case, case.id)
    case.e_service_consent = True
    db.session.commit()
    body = _ok(client, case, "serve", {"document": _decision_number(case), "method": "electronic",
                                       "served_on": "2026-08-05", "recipient": "张三"})
    # 08-05 + 15 = Thu 08-20
    assert _due(body, "litigation") == [("open", "2026-08-20")]
    assert body["status"] == "decided"


def test_only_the_decision_served_on_both_closes_the_case(app, client, users):
    case = _accepted(app, users)
    reply = db.session.scalar(select(Document.number).where(Document.case_id == case.id,
                                                            Document.kind == "acceptance_notice"))
    _ok(client, case, "decide", {"type": "uphold", "on": "2026-08-03"})
    body = _ok(client, case, "serve", {"document": reply, "method": "direct", "served_on": "2026-08-03",
                                       "recipient": "张三"})
    assert body["status"] == "accepted" and _due(body, "litigation") == []
    _ok(client, case, "approve_decision", {"on": "2026-08-04"}, role="supervisor")
    number = _decision_number(case)
    body = _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-06",
                                       "recipient": "合江区市场监督管理局"})
    assert body["status"] == "decided" and _due(body, "litigation") == []
    response = _post(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-05",
                                             "recipient": "李四"})
    assert response.status_code == 422 and "张三" in response.get_json()["errors"]["recipient"]
    seen = body["version"]
    body = _ok(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-10",
                                       "recipient": "张三", "version": seen})
    assert body["version"] == seen + 1
    assert _post(client, case, "serve", {"document": number, "method": "direct", "served_on": "2026-08-10",
                                         "recipient": "张三", "version": seen}).status_code == 409
    # closed on the later service; 08-10 + 15 = Tue 08-25
    assert (body["status"], body["closed_on"]) == ("closed", "2026-08-10")
    assert _due(body, "litigation") == [("open", "2026-08-25")]


def test_the_draft_decision_names_the_parties_the_act_and_the_litigation_period(app, client, users, login_as,
                                                                                  tmp_path):
    case = _accepted(app, users)
    _ok(client, case, "send_respondent_copy", {"served_on": "2026-07-13"})
    _ok(client, case, "record_reply", {"received_on": "2026-07-20"})
    _ok(client, case, "decide", {"type": "revoke", "on": "2026-08-03", "performance_days": 30})
    login_as("handler")
    response = client.get(f"/cases/{case.id}/decision-draft.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    draft_pdf = tmp_path / "decision-draft.pdf"
    draft_pdf.write_bytes(response.data)
    if PDFTOPPM:  # the test artifact a reviewer looks at (issue 14)
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run([PDFTOPPM, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(draft_pdf),
                        str(ARTIFACTS / "handling-draft-decision")], check=True)
        assert (ARTIFACTS / "handling-draft-decision.png").stat().st_size > 10_000
    words = text_of(response.data).replace("\n", "")
    for expected in ("行政复议决定书", "张三", "合江区市场监督管理局", "行政处罚决定书", "合市监罚〔2026〕88号",
                     "撤销被申请人", "三十日内重新作出行政行为", "十五日内", "提起行政诉讼"):
        assert expected in words, expected
    # the handler edits the text on the page; the approved document prints the edit
    page = client.get(f"/cases/{case.id}/actions/decide").get_data(as_text=True)
    assert "主要事实不清、证据不足" in page
    _ok(client, case, "decide", {"type": "revoke", "on": "2026-08-03", "performance_days": 30,
                                 "findings": "被申请人未对涉案食品进行抽样检验即认定不合格。"})
    _ok(client, case, "approve_decision", {"on": "2026-08-04"}, role="supervisor")
    issued = db.session.scalar(select(Document).where(Document.case_id == case.id, Document.kind == "decision"))
    assert "未对涉案食品进行抽样检验" in text_of(document_settings(app).storage.read(issued.sha256)).replace("\n", "")


def test_x3_decision_due_through_acceptance(app, client, users):
    """domain.md §12 X3: accepted Fri 2024-08-02 → Tue 2024-10-08."""
    case = _accepted(app, users, received=D("2024-07-31"), on="2024-08-02")
    assert deadlines_of(case)["decision"] == [("open", D("2024-08-02"), D("2024-10-08"))]


def test_x4_suspension_and_resumption_through_actions(app, client, users):
    """domain.md §12 X4: accepted Fri 2024-03-01, suspended Thu 03-21 (art. 39(6)), resumed
    Mon 05-06 → Mon 2024-06-17."""
    case = _accepted(app, users, received=D("2024-02-28"), on="2024-03-01")
    _ok(client, case, "suspend", {"cause": 6, "on": "2024-03-21"})
    body = _ok(client, case, "resume", {"on": "2024-05-06"})
    assert _due(body, "decision") == [("open", "2024-06-17")]


def test_simple_procedure_conversion_and_extension(app, client, users):
    case = _accepted(app, users, procedure="simple", simple_ground="warning")
    # simple: 3 WD copy (Mon 07-13), 30 days → Fri 08-07
    assert deadlines_of(case)["decision_simple"] == [("open", D("2026-07-08"), D("2026-08-07"))]
    response = _post(client, case, "extend", {"days": 10, "on": "2026-07-20"}, role="supervisor")
    assert response.status_code == 409 and "简易程序" in response.get_json()["errors"]["status"]
    assert _post(client, case, "convert_to_ordinary", {"on": "2026-07-20"}).status_code == 403
    seen = db.session.get(Case, case.id).version_id
    body = _ok(client, case, "convert_to_ordinary", {"on": "2026-07-20", "version": seen}, role="supervisor")
    assert (body["procedure"], body["version"]) == ("ordinary", seen + 1)  # one write of the case
    assert _due(body, "decision_simple") == [("cancelled", "2026-08-07")]
    # 60 days from the original acceptance (domain.md §13 Q4): Mon 09-07
    assert _due(body, "decision") == [("open", "2026-09-07")]
    assert _due(body, "respondent_copy") == [("open", "2026-07-17")]
    assert _post(client, case, "extend", {"days": 31, "on": "2026-07-20"}, role="supervisor").status_code == 422
    body = _ok(client, case, "extend", {"days": 30, "on": "2026-07-20"}, role="supervisor")
    # 07-08 + 90 = Tue 10-06 (National Day) → Thu 10-08
    assert _due(body, "decision") == [("open", "2026-10-08")]


def test_termination_after_sixty_days_of_suspension(app, client, users):
    case = _accepted(app, users)
    body = _ok(client, case, "suspend", {"cause": 1, "on": "2026-07-20"})
    # 07-20 + 60 = Fri 09-18
    assert _due(body, "suspension_limit") == [("open", "2026-09-18")]
    response = _post(client, case, "terminate", {"cause": 5, "on": "2026-09-17"})
    assert response.status_code == 422 and "六十日" in response.get_json()["errors"]["cause"]
    assert _post(client, case, "terminate", {"cause": 1, "on": "2026-09-18"}).status_code == 422
    body = _ok(client, case, "terminate", {"cause": 5, "on": "2026-09-18"})
    assert (body["status"], body["closure"], body["closed_on"]) == ("closed", "terminated", "2026-09-18")
    assert all(d["state"] in ("met", "cancelled") for d in body["deadlines"])
    assert db.session.scalar(select(Document.kind).where(Document.case_id == case.id,
                                                         Document.kind == "termination_decision"))


@pytest.mark.parametrize("action, role", [
    ("send_respondent_copy", "handler"), ("record_reply", "handler"), ("suspend", "handler"),
    ("extend", "supervisor"), ("terminate", "handler"), ("decide", "handler"), ("serve", "clerk")])
def test_each_action_page_states_its_consequence(app, client, users, login_as, action, role):
    case = _accepted(app, users)
    _ok(client, case, "send_respondent_copy", {"served_on": "2026-07-13"})
    login_as(role)
    response = client.get(f"/cases/{case.id}/actions/{action}")
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 409)
    assert 'id="consequence"' in page or 'role="alert"' in page


def test_the_decision_form_offers_only_art_70_types_after_a_missed_reply(app, client, users, login_as):
    case = _accepted(app, users)
    _ok(client, case, "send_respondent_copy", {"served_on": "2026-07-13"})
    login_as("handler")
    page = client.get(f"/cases/{case.id}/actions/decide").get_data(as_text=True)
    assert 'value="revoke"' in page and 'value="order_performance"' in page
    assert 'value="uphold"' not in page and 'value="vary"' not in page
    assert "第七十条" in page


def test_x1_deemed_acceptance_opens_the_respondents_clocks(app, client, users):
    """domain.md §12 X1: received Fri 2024-09-27 → review ends Thu 2024-10-10, deemed accepted that
    day; the copy to the respondent (7 WD) then runs to Fri 2024-10-18."""
    from recon.cases import workflow

    case = postal_case(app, users, D("2024-09-27"))
    assert workflow.deem_accepted(db.session, case, beijing(D("2024-10-10"))) is None  # still running
    assert workflow.deem_accepted(db.session, case, beijing(D("2024-10-11"))) is not None
    db.session.commit()
    assert (case.status, case.accepted_on, case.deemed_accepted) == ("accepted", D("2024-10-10"), True)
    # 10-11, 12 (Sat, worked), 14, 15, 16, 17, 18
    assert deadlines_of(case)["respondent_copy"] == [("open", D("2024-10-10"), D("2024-10-18"))]
    assert _ok(client, case, "send_respondent_copy", {"served_on": "2024-10-14"})["status"] == "accepted"
