"""Issue 12: a submission token counts within the account that sent it. Another account's token
files the sender's own case; a used token with a different body is refused with 409 and a reason;
the same body again answers 200 with the same case."""

from __future__ import annotations

from sqlalchemy import func, select

from recon.auth.services import create_user
from recon.cases.models import Case
from recon.extensions import db
from tests.conftest import PASSWORD
from tests.intake.factories import payload, token_for


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def test_another_accounts_token_files_ones_own_case(client, users):
    create_user(db.session, None, "13900139000", "applicant", PASSWORD, display_name="李四")
    db.session.commit()
    a, b = token_for(client, "applicant"), token_for(client, "13900139000")
    body = payload(submission_token="shared-token-1")
    first = client.post("/api/v1/applications", headers=b, json=body)
    assert first.status_code == 201
    second = client.post("/api/v1/applications", headers=a, json=body)
    assert second.status_code == 201
    assert second.get_json()["case_no"] != first.get_json()["case_no"]
    mine = client.get(f"/api/v1/cases/{second.get_json()['case_no']}", headers=a)
    assert mine.status_code == 200
    assert _cases() == 2


def test_a_used_token_with_another_body_is_refused_with_the_reason(client, users):
    headers = token_for(client, "applicant")
    body = payload(submission_token="retry-token-1")
    first = client.post("/api/v1/applications", headers=headers, json=body)
    assert first.status_code == 201
    changed = dict(body, request="撤销被申请人作出的另一项处罚决定")
    response = client.post("/api/v1/applications", headers=headers, json=changed)
    assert response.status_code == 409
    message = response.get_json()["errors"]["submission_token"]
    assert "提交标识已用于另一份内容不同的申请" in message and first.get_json()["case_no"] in message
    assert _cases() == 1
    case = db.session.scalar(select(Case))
    assert case.request == body["request"]  # the first body stands


def test_the_same_body_replays_the_same_case(client, users):
    headers = token_for(client, "applicant")
    body = payload(submission_token="retry-token-2")
    first = client.post("/api/v1/applications", headers=headers, json=body)
    reordered = dict(reversed(list(body.items())))  # key order does not matter
    again = client.post("/api/v1/applications", headers=headers, json=reordered)
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["case_no"] == first.get_json()["case_no"]
    assert _cases() == 1
