"""The staff inbox through the test client: the header badge, the page, mark read (audited)."""

from __future__ import annotations

import re

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.deadlines.sweep import sweep_due_deadlines
from recon.extensions import db
from recon.notifications.models import Notification
from tests.deadlines.helpers import FIXED_NOW, make_case, open_deadline


def _badge(html: str) -> str | None:
    """The header badge's words, e.g. 「消息 2条未读」, or None without a badge."""
    match = re.search(r'class="nav-link inbox-link"[^>]*>(.*?)</a>', html, re.S)
    assert match, "no inbox link in the header"
    text = re.sub(r"<[^>]+>", "", match.group(1)).split()
    return " ".join(text) if len(text) > 1 else None


def _remind(users, n_overdue: int = 2) -> list[int]:
    case = make_case()
    case.handler_id = users["handler"].id
    for _ in range(n_overdue):
        open_deadline(case, "respondent_copy", "2026-11-10")
    open_deadline(case, "acceptance_review", "2026-11-20")  # due today
    db.session.commit()
    sweep_due_deadlines(db.session, FIXED_NOW)
    db.session.commit()
    return db.session.scalars(select(Notification.id).order_by(Notification.id)).all()


def test_badge_page_and_mark_read(login_as, users):
    client = login_as("handler")
    assert _badge(client.get("/cases/").get_data(as_text=True)) is None
    ids = _remind(users)
    html = client.get("/cases/").get_data(as_text=True)
    assert _badge(html) == "消息 3条未读"

    page = client.get("/inbox")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "您有 3 条未读消息。" in html
    assert "发送申请书副本期限（普通程序）已于 2026年11月19日 届满，已逾期" in html
    assert "受理审查期限将于 2026年11月27日 届满，请及时办理" in html
    case_no = db.session.get(Notification, ids[0]).case_label
    case_id = db.session.get(Notification, ids[0]).case_id
    assert f'href="/cases/{case_id}">{case_no}</a>' in html

    response = client.post(f"/inbox/{ids[0]}/read", data={"next": "/inbox?unread=1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/inbox?unread=1")
    assert db.session.get(Notification, ids[0]).read_at is not None
    assert _badge(client.get("/inbox").get_data(as_text=True)) == "消息 2条未读"
    unread_page = client.get("/inbox?unread=1").get_data(as_text=True)
    assert unread_page.count("标为已读<span") == 2
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "notification.read")).one()
    assert entry.actor_id == users["handler"].id and entry.object_id == str(ids[0])

    response = client.post("/inbox/read-all", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "已将 2 条消息标为已读" in html and _badge(html) is None
    assert "您没有未读消息。" in html
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "notification.read_all")).one()
    assert entry.summary == "全部消息标为已读（2 条）"


def test_nobody_reads_another_users_messages(login_as, users):
    ids = _remind(users)
    client = login_as("supervisor")
    assert "您没有未读消息。" in client.get("/inbox").get_data(as_text=True)
    assert client.post(f"/inbox/{ids[0]}/read").status_code == 404
    assert db.session.get(Notification, ids[0]).read_at is None


def test_the_applicant_has_no_inbox_and_anonymous_must_log_in(client, login_as, users):
    ids = _remind(users)
    response = client.post(f"/inbox/{ids[0]}/read")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    applicant = login_as("applicant")
    assert applicant.get("/inbox").status_code == 403
    assert applicant.post(f"/inbox/{ids[0]}/read").status_code == 403
    assert db.session.get(Notification, ids[0]).read_at is None


def test_the_badge_count_is_bounded_and_the_page_is_keyset_paged(login_as, users, app):
    from recon.notifications import services

    _remind(users, n_overdue=120)
    assert services.unread_count(db.session, users["handler"].id) == 100
    client = login_as("handler")
    html = client.get("/inbox").get_data(as_text=True)
    assert _badge(html) == "消息 99+条未读"
    assert html.count("标为已读<span") == 50
    older = re.search(r'href="(/inbox\?before=\d+)"', html).group(1)
    second = client.get(older).get_data(as_text=True)
    assert second.count("标为已读<span") == 50
    newest = db.session.scalars(select(Notification.id).order_by(Notification.id.desc())).first()
    assert f"/inbox/{newest}/read" in html and f"/inbox/{newest}/read" not in second
