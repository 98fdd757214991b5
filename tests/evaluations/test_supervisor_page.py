"""The supervisor's 好差评 page (ux.md A15): open 差评 first, counts per level, masked names, and the
follow-up (回访) of each 差评, audited; other staff roles get 403."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.errors import Conflict, DomainError, PermissionDenied
from recon.evaluations import services as evaluations
from recon.evaluations.models import NOTE_REQUIRED, Evaluation
from recon.extensions import db
from tests.conftest import FIXED_NOW, login
from tests.intake.factories import file_online

LATER = FIXED_NOW + timedelta(hours=2)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    import recon.evaluations.views as views

    monkeypatch.setattr(views, "now_utc", lambda: LATER)


def _file(app, users, **changes):
    return file_online(app, users["applicant"], **changes)


@pytest.fixture
def rated(app, users):
    """Two cases: a 差评 given first (10:00) and a 好评 given later (11:00)."""
    bad_case = _file(app, users, act__doc_no="合市监罚〔2026〕1号")
    good_case = _file(app, users, act__doc_no="合市监罚〔2026〕2号")
    bad = evaluations.evaluate(db.session, bad_case, users["applicant"], "submission", "very_dissatisfied",
                               ["unclear_requirements"], "请打 13800138000 联系我", FIXED_NOW, contact_ok=True)
    good = evaluations.evaluate(db.session, good_case, users["applicant"], "submission", "satisfied", [], "",
                                FIXED_NOW + timedelta(hours=1))
    db.session.commit()
    return bad, good


def _client(app, role: str):
    client = app.test_client()
    assert login(client, role).status_code == 302
    return client


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_the_list_shows_open_complaints_first_with_counts_and_masked_names(app, rated):
    bad, good = rated
    page = _html(_client(app, "supervisor").get("/evaluations/"))
    assert "<h1 data-focus>好差评</h1>" in page
    assert page.index(bad.case.case_no) < page.index(good.case.case_no)  # older, but open: first
    assert "待回访" in page and "不需要回访" in page
    assert "材料要求不清楚" in page and "138****8000" in page and "13800138000" not in page
    assert "张*" in page and "张三" not in page
    counts = re.search(r"<caption>各评价等级的数量，共 2 条</caption>.*?</table>", page, re.S).group()
    assert re.search(r"<th scope=\"row\">满意</th>\s*<td>1</td>\s*<td>0</td>\s*<td>1</td>", counts)
    assert re.search(r"<th scope=\"row\">非常不满意</th>\s*<td>1</td>", counts)
    assert "差评待回访（1）" in page and "全部评价（2）" in page

    only_open = _html(_client(app, "supervisor").get("/evaluations/?view=open"))
    assert bad.case.case_no in only_open and good.case.case_no not in only_open


def test_a_follow_up_needs_a_note_and_is_recorded_and_audited(app, users, rated):
    bad, _good = rated
    supervisor = _client(app, "supervisor")
    field = f"ev{bad.id}-note"

    refused = supervisor.post(f"/evaluations/{bad.id}/follow-up", data={field: "  "})
    page = _html(refused)
    assert refused.status_code == 422 and "<title>错误：好差评" in page
    assert f'<a class="alert-link" href="#{field}">{NOTE_REQUIRED}</a>' in page
    db.session.refresh(bad)
    assert bad.follow_up_state == "open"

    note = "12月1日电话回访，已向申请人说明补正材料的要求，申请人表示理解。"
    done = supervisor.post(f"/evaluations/{bad.id}/follow-up", data={field: note, "view": "open"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/evaluations/?view=open")
    assert "差评的回访" in _html(supervisor.get(done.headers["Location"]))

    db.session.refresh(bad)
    assert (bad.follow_up_state, bad.follow_up_note) == ("done", note)
    assert bad.followed_up_by_id == users["supervisor"].id and bad.followed_up_at == LATER
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "evaluation.follow_up")).one()
    assert entry.case_id == bad.case_id and entry.object_id == str(bad.id)
    assert entry.before == {"follow_up_state": "open"} and entry.after["follow_up_state"] == "done"
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "evaluation.followed_up")).one()
    assert event.case_id == bad.case_id and event.public is False

    page = _html(supervisor.get("/evaluations/"))
    assert "已回访" in page and note in page and "差评待回访（0）" in page

    again = supervisor.post(f"/evaluations/{bad.id}/follow-up", data={field: "再次登记"})
    assert again.status_code == 303
    assert "已经登记过回访" in _html(supervisor.get(again.headers["Location"]))
    assert db.session.scalar(select(Evaluation.follow_up_note).where(Evaluation.id == bad.id)) == note


def test_the_follow_up_service_checks_role_note_and_state(users, rated):
    bad, good = rated
    with pytest.raises(PermissionDenied):
        evaluations.record_follow_up(db.session, bad, users["handler"], "已回访", LATER)
    with pytest.raises(DomainError, match="请填写回访情况"):
        evaluations.record_follow_up(db.session, bad, users["supervisor"], "", LATER)
    with pytest.raises(Conflict):
        evaluations.record_follow_up(db.session, good, users["supervisor"], "已回访", LATER)


@pytest.mark.parametrize("role", ["clerk", "handler", "applicant"])
def test_other_roles_get_403(app, rated, role):
    bad, _good = rated
    client = _client(app, role)
    assert client.get("/evaluations/").status_code == 403
    assert client.post(f"/evaluations/{bad.id}/follow-up", data={f"ev{bad.id}-note": "x"}).status_code == 403
    db.session.refresh(bad)
    assert bad.follow_up_state == "open"


def test_the_admin_gets_403_and_anonymous_users_must_log_in(app, client, rated):
    """Evaluations carry case numbers and the applicants' words: case data, which the admin does not see."""
    admin = _client(app, "admin")
    assert admin.get("/evaluations/").status_code == 403
    assert 'href="/evaluations/"' not in _html(admin.get("/staff"))
    assert client.get("/evaluations/").status_code == 302


def test_the_supervisor_navigation_has_the_page(app, users):
    assert 'href="/evaluations/"' in _html(_client(app, "supervisor").get("/staff"))
    assert "好差评" in _html(_client(app, "supervisor").get("/cases/"))
    assert 'href="/evaluations/"' not in _html(_client(app, "clerk").get("/staff"))
    assert 'href="/evaluations/"' not in _html(_client(app, "handler").get("/cases/"))
