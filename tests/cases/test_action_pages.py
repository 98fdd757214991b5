"""The workflow on the staff pages (ux.md H5): only the allowed actions are shown, each on its own
form page stating its consequence; every allowed action and every forbidden transition; a stale
version keeps the typed input and offers a reload; the worklist's 「我的案件」."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from recon.cases.models import Case
from recon.cases.workflow import TRANSITIONS
from recon.extensions import db
from tests.api.test_actions import ALLOWED, BODIES, FORBIDDEN, ROLE_OF, _case_in, _fingerprint
from tests.conftest import FIXED_NOW


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch):
    monkeypatch.setattr("recon.cases.views.now_utc", lambda: FIXED_NOW)
    monkeypatch.setattr("recon.cases.views.today_beijing", lambda: FIXED_NOW.date())


def _as(app, role: str):
    """A client of its own, logged in as ``role`` (a second login on one client keeps the first)."""
    from tests.conftest import login

    client = app.test_client()
    assert login(client, role).status_code == 302
    return client


def _form(body: dict) -> dict:
    """A page form's fields for an API body (lists as one line each)."""
    return {k: "\n".join(v) if isinstance(v, list) else str(v) for k, v in body.items()}


def _post(client, case, action, body, version=None, step="confirm"):
    data = _form(body) | {"version": str(case.version_id if version is None else version), "step": step}
    return client.post(f"/cases/{case.id}/actions/{action}", data=data)


def test_the_case_page_shows_only_the_actions_allowed_now(app, users, login_as):
    case = _case_in(app, users, "received")
    html = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    for action in ("accept", "refuse", "request_correction"):
        assert f"/cases/{case.id}/actions/{action}" in html
    for action in ("assign", "dismiss", "record_correction", "extend_correction"):
        assert f"/cases/{case.id}/actions/{action}" not in html
    page = _as(app, "supervisor").get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/actions/assign" in page and f"/cases/{case.id}/actions/accept" not in page


def test_each_action_page_states_its_consequence(app, users, login_as):
    case = _case_in(app, users, "received")
    html = login_as("handler").get(f"/cases/{case.id}/actions/request_correction").get_data(as_text=True)
    assert "提交后将生成补正通知书" in html and "10 个工作日" in html
    assert f'name="version" value="{case.version_id}"' in html


@pytest.mark.parametrize(("status", "action"), ALLOWED)
def test_every_allowed_action_on_the_page(app, users, login_as, status, action):
    case = _case_in(app, users, status)
    client = login_as(ROLE_OF.get(action, "handler"))
    seen = case.version_id
    response = _post(client, case, action, BODIES[action])
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == (TRANSITIONS[action].to or status) and case.version_id == seen + 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已办理" in page


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_every_forbidden_transition_on_the_page_is_409(app, users, login_as, status, action):
    case = _case_in(app, users, status)
    client = login_as(ROLE_OF.get(action, "handler"))
    before = _fingerprint(case.id)
    shown = client.get(f"/cases/{case.id}/actions/{action}")
    assert shown.status_code == 409 and "案件当前状态为" in shown.get_data(as_text=True)
    response = _post(client, case, action, BODIES[action])
    assert response.status_code == 409 and "案件当前状态为" in response.get_data(as_text=True)
    assert _fingerprint(case.id) == before


def test_a_stale_version_keeps_the_input_and_offers_a_reload(app, users, login_as):
    case = _case_in(app, users, "received")
    seen = case.version_id
    assert _post(_as(app, "supervisor"), case, "assign", {"handler": "handler"}).status_code == 303
    client = login_as("handler")
    before = _fingerprint(case.id)
    response = _post(client, case, "refuse", {"condition": 3, "reason": "请求不具体，无法审查"}, version=seen)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "该案件已被他人修改" in html and "重新载入" in html and "请求不具体，无法审查" in html
    assert "指派测试handler为承办人" in html  # the change made meanwhile
    assert _fingerprint(case.id) == before
    db.session.expire_all()
    assert f'name="version" value="{db.session.get(Case, case.id).version_id}"' in html


def test_a_refusal_by_the_rules_is_shown_at_its_field(app, users, login_as):
    case = _case_in(app, users, "received")
    response = _post(login_as("handler"), case, "accept", {"procedure": "simple"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "第五十三条" in html and 'href="#simple_ground"' in html


def test_the_worklist_has_my_cases(app, users, login_as):
    mine = _case_in(app, users, "received")
    other = _case_in(app, users, "received")
    assert _post(_as(app, "supervisor"), mine, "assign", {"handler": "handler"}).status_code == 303
    html = login_as("handler").get("/cases/?mine=1").get_data(as_text=True)
    assert "我的案件" in html and mine.case_no in html and other.case_no not in html
    assert db.session.scalar(select(Case.handler_id).where(Case.id == mine.id)) == users["handler"].id


def test_assigning_warns_about_the_handlers_former_unit(app, users, login_as):
    case = _case_in(app, users, "received")
    users["handler"].former_unit = "合江区市场监督管理局"
    db.session.commit()
    client = login_as("supervisor")
    assert "原工作单位：合江区市场监督管理局" in client.get(f"/cases/{case.id}/actions/assign").get_data(as_text=True)
    response = _post(client, case, "assign", {"handler": "handler"})
    assert "请考虑是否需要回避" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_document_is_issued_only_after_its_preview(app, users, login_as):
    """H5: 「下一步」 shows what will be recorded, the deadlines and the document's number, and the
    draft PDF; nothing is saved until「确认签发」."""
    case = _case_in(app, users, "received")
    client = login_as("handler")
    before = _fingerprint(case.id)
    body = {"items": ["身份证复印件", "处罚决定书复印件"], "on": "2026-11-26"}
    response = _post(client, case, "request_correction", body, step="preview")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "确认签发" in html
    # the notice served 11-26 → 10 WD: 11-27, 11-30, 12-01…12-04, 12-07…12-10
    assert "申请人补正期限：届满日 2026年12月10日（星期四）" in html and "合府复补〔2026〕" in html
    assert 'name="items" value="身份证复印件\n处罚决定书复印件"' in html
    assert _fingerprint(case.id) == before
    draft = _post(client, case, "request_correction", body, step="pdf")
    assert draft.mimetype == "application/pdf" and draft.data.startswith(b"%PDF")
    assert _fingerprint(case.id) == before
    back = _post(client, case, "request_correction", body, step="edit")
    assert "身份证复印件" in back.get_data(as_text=True) and "下一步：核对文书草稿" in back.get_data(as_text=True)
    assert _post(client, case, "request_correction", body).status_code == 303
    assert db.session.get(Case, case.id).status == "correction_requested"


def test_a_role_that_may_not_take_the_action_gets_403(app, users, login_as):
    case = _case_in(app, users, "received")
    before = _fingerprint(case.id)
    clerk = login_as("clerk")
    assert clerk.get(f"/cases/{case.id}/actions/accept").status_code == 403
    assert _post(clerk, case, "accept", {"procedure": "ordinary"}).status_code == 403
    assert _post(_as(app, "handler"), case, "assign", {"handler": "handler"}).status_code == 403
    assert clerk.get(f"/cases/{case.id}/actions/fly").status_code == 404
    assert _fingerprint(case.id) == before
