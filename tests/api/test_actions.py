"""POST /api/v1/cases/{case_no}/actions/{action}: every acceptance-stage action allowed, every
forbidden transition (409, nothing changed), roles, bad input and a stale version."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.cases.models import Case, CaseEvent
from recon.cases.workflow import TRANSITIONS
from recon.deadlines.models import Deadline
from recon.extensions import db
from tests.cases.helpers import act, beijing, postal_case
from tests.conftest import FIXED_NOW
from tests.intake.factories import token_for

D = date.fromisoformat
RECEIVED = D("2026-11-20")  # a Friday; the review runs to Fri 2026-11-27 (FIXED_NOW's day)
TODAY = D("2026-11-27")

#: One valid body per action (the API's names).
BODIES = {
    "accept": {"procedure": "ordinary"},
    "refuse": {"condition": 3, "reason": "没有具体的复议请求"},
    "request_correction": {"items": ["身份证复印件", "处罚决定书复印件"]},
    "record_correction": {"received_on": TODAY.isoformat()},
    "extend_correction": {"days": 5, "reason": "申请人住院治疗"},
    "assign": {"handler": "handler"},
    "dismiss": {"reason": "超过法定申请期限"},
}
ROLE_OF = {"assign": "supervisor"}
#: How to bring a case received on RECEIVED into each status (actions taken before TODAY).
SETUP = {
    "received": [],
    "correction_requested": [("request_correction", {"items": ["身份证复印件"], "on": D("2026-11-23")})],
    "accepted": [("accept", {"procedure": "ordinary", "on": D("2026-11-23")})],
    "refused": [("refuse", {"condition": 3, "reason": "无具体请求", "on": D("2026-11-23")})],
    "closed": [("accept", {"procedure": "ordinary", "on": D("2026-11-23")}),
               ("dismiss", {"reason": "超期", "on": D("2026-11-24")})],
}


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch):
    """The API acts at FIXED_NOW (Fri 2026-11-27, 10:00 Beijing)."""
    monkeypatch.setattr("recon.api.actions.now_utc", lambda: FIXED_NOW)


def _url(case, action: str) -> str:
    return f"/api/v1/cases/{quote(case.case_no)}/actions/{action}"


def _case_in(app, users, status: str) -> Case:
    case = postal_case(app, users, RECEIVED)
    for action, data in SETUP[status]:
        actor = users[ROLE_OF.get(action, "handler")]
        act(app, case, action, data, actor, beijing(data.get("on") or TODAY))
    assert case.status == status
    return case


def _fingerprint(case_id: int):
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    return (case.status, case.version_id, case.handler_id,
            db.session.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_id)),
            db.session.scalar(select(func.count()).select_from(Deadline).where(Deadline.case_id == case_id)),
            db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.case_id == case_id)))


ALLOWED = [(status, action) for status in SETUP for action in BODIES
           if status in TRANSITIONS[action].statuses]
FORBIDDEN = [(status, action) for status in SETUP for action in BODIES
             if status not in TRANSITIONS[action].statuses]


@pytest.mark.parametrize(("status", "action"), ALLOWED)
def test_every_allowed_action(app, client, users, status, action):
    case = _case_in(app, users, status)
    headers = token_for(client, ROLE_OF.get(action, "handler"))
    seen = case.version_id
    response = client.post(_url(case, action), json=BODIES[action] | {"version": seen}, headers=headers)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    expected = TRANSITIONS[action].to or status
    assert answer["status"] == expected and answer["version"] == seen + 1
    assert any(e["kind"] == f"workflow.{action}" for e in answer["timeline"])


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_every_forbidden_transition_is_409_and_changes_nothing(app, client, users, status, action):
    case = _case_in(app, users, status)
    before = _fingerprint(case.id)
    response = client.post(_url(case, action), json=BODIES[action], headers=token_for(client, ROLE_OF.get(action, "handler")))
    assert response.status_code == 409, response.get_json()
    message = response.get_json()["errors"]["status"]
    assert "案件当前状态为" in message
    assert _fingerprint(case.id) == before


def test_accept_answers_the_case_with_the_respondents_clocks(app, client, users):
    case = _case_in(app, users, "received")
    response = client.post(_url(case, "accept"), json={"procedure": "simple", "simple_ground": "warning",
                                                       "on": "2026-11-25"},
                           headers=token_for(client, "handler"))
    body = response.get_json()
    assert (body["status"], body["procedure"], body["accepted_on"], body["deemed_accepted"]) == (
        "accepted", "simple", "2026-11-25", False)
    rules = {d["rule"]: d for d in body["deadlines"]}
    # 3 WD after Wed 11-25: 11-26, 11-27, 11-30; 30 days: Fri 2026-12-25
    assert rules["respondent_copy_simple"]["due_on"] == "2026-11-30"
    assert rules["decision_simple"]["due_on"] == "2026-12-25"
    assert rules["acceptance_review"]["state"] == "met" and rules["correction_notice"]["state"] == "cancelled"
    assert [d["kind"] for d in body["documents"]][-1] == "acceptance_notice"


def test_a_stale_version_is_409_and_changes_nothing(app, client, users):
    case = _case_in(app, users, "received")
    seen = case.version_id
    headers = token_for(client, "supervisor")
    assert client.post(_url(case, "assign"), json={"handler": "handler", "version": seen},
                       headers=headers).status_code == 200
    before = _fingerprint(case.id)
    response = client.post(_url(case, "accept"), json={"version": seen}, headers=token_for(client, "handler"))
    assert response.status_code == 409
    assert response.get_json()["errors"] == {"version": "案件已被他人修改，请重新载入后再操作"}
    assert _fingerprint(case.id) == before


@pytest.mark.parametrize(("action", "role"), [("accept", "clerk"), ("assign", "handler"), ("refuse", "supervisor")])
def test_a_role_that_may_not_act_gets_403(app, client, users, action, role):
    case = _case_in(app, users, "received")
    before = _fingerprint(case.id)
    response = client.post(_url(case, action), json=BODIES[action], headers=token_for(client, role))
    assert response.status_code == 403 and "只有" in response.get_json()["errors"]["_"]
    assert _fingerprint(case.id) == before


def test_applicants_see_only_their_own_cases_and_cannot_accept(app, client, users):
    case = _case_in(app, users, "received")  # filed by the clerk: not the applicant's
    headers = token_for(client, "applicant")
    assert client.post(_url(case, "accept"), json={}, headers=headers).status_code == 404
    assert client.post("/api/v1/cases/%E6%97%A0%E6%AD%A4%E6%A1%88/actions/accept", json={},
                       headers=token_for(client, "handler")).status_code == 404


@pytest.mark.parametrize(("action", "body", "field", "words"), [
    ("accept", {"procedure": "simple"}, "simple_ground", "第五十三条"),
    ("accept", {"procedure": "fast"}, "procedure", "请从列出的选项中选择"),
    ("accept", {"on": "2026-13-45"}, "on", ""),
    ("accept", {"on": "2026-12-01"}, "on", "晚于今天"),
    ("accept", {"on": "2026-11-19"}, "on", "早于本案上一步骤"),
    ("refuse", {"condition": 9, "reason": "x"}, "condition", "第一项至第七项"),
    ("refuse", {"condition": "三", "reason": "x"}, "condition", "应为整数"),
    ("refuse", {"condition": 6, "reason": "不属于本机关管辖"}, "competent_organ", "有管辖权"),
    ("refuse", {"condition": 2}, "reason", "理由"),
    ("request_correction", {"items": []}, "items", "一次性载明"),
    ("request_correction", {"items": "身份证"}, "items", ""),
    ("request_correction", {"items": [1, 2]}, "items", "文字数组"),
    ("request_correction", {"items": ["身份证"], "notice_served_on": "2026-11-19"}, "notice_served_on", "早于"),
    ("assign", {"handler": "nobody"}, "handler", "nobody"),
    ("assign", {"handler": "clerk"}, "handler", "clerk"),
])
def test_bad_input_is_422_naming_the_field(app, client, users, action, body, field, words):
    case = _case_in(app, users, "received")
    before = _fingerprint(case.id)
    role = ROLE_OF.get(action, "handler")
    response = client.post(_url(case, action), json=body, headers=token_for(client, role))
    if action == "request_correction" and body["items"] == "身份证":  # a single line is one item
        assert response.status_code == 200
        return
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    assert field in errors and words in errors[field], errors
    assert _fingerprint(case.id) == before


def test_unknown_action_and_bad_json(app, client, users):
    case = _case_in(app, users, "received")
    headers = token_for(client, "handler")
    assert client.post(_url(case, "fly"), json={}, headers=headers).status_code == 404
    response = client.post(_url(case, "accept"), data="[1]", headers=headers | {"Content-Type": "application/json"})
    assert response.status_code == 400
    assert client.post(_url(case, "accept"), headers=headers).status_code == 200  # no body: defaults


def test_request_correction_then_extend_then_record_through_the_api(app, client, users):
    case = _case_in(app, users, "received")
    headers = token_for(client, "handler")
    body = client.post(_url(case, "request_correction"),
                       json={"items": ["身份证复印件"], "on": "2026-11-26", "notice_served_on": "2026-11-27"},
                       headers=headers).get_json()
    reply = next(d for d in body["deadlines"] if d["rule"] == "correction_reply")
    # 10 WD after Fri 11-27: 11-30, 12-01…12-04, 12-07…12-11
    assert (reply["start_on"], reply["due_on"]) == ("2026-11-27", "2026-12-11")
    body = client.post(_url(case, "extend_correction"), json={"days": 2, "reason": "申请人出差"},
                       headers=headers).get_json()
    assert next(d for d in body["deadlines"] if d["rule"] == "correction_reply")["due_on"] == "2026-12-15"
    body = client.post(_url(case, "record_correction"), json={}, headers=token_for(client, "clerk")).get_json()
    review = [d for d in body["deadlines"] if d["rule"] == "acceptance_review"]
    assert body["status"] == "received" and review[-1]["start_on"] == "2026-11-27" and review[-1]["state"] == "open"


def test_the_openapi_document_lists_the_actions(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    operation = doc["paths"]["/cases/{case_no}/actions/{action}"]["post"]
    titles = {body["title"] for body in operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]}
    assert {"accept", "refuse", "request_correction", "record_correction", "extend_correction", "assign",
            "dismiss"} <= titles
    assert "409" in operation["responses"]


def test_an_applicant_records_a_correction_only_with_files(app, client, users):
    """The applicant's supplement comes with files (the portal's upload); a bare API call is refused."""
    from tests.intake.factories import file_online

    case = file_online(app, users["applicant"])
    act(app, case, "request_correction", {"items": ["身份证复印件"], "on": TODAY}, users["handler"], FIXED_NOW)
    before = _fingerprint(case.id)
    response = client.post(_url(case, "record_correction"), json={}, headers=token_for(client, "applicant"))
    assert response.status_code == 422 and "请上传补正材料" in response.get_json()["errors"]["files"]
    assert _fingerprint(case.id) == before
    response = client.post(_url(case, "accept"), json={}, headers=token_for(client, "applicant"))
    assert response.status_code == 403
