"""The staff case pages in English (``lang=en``) and in Chinese without the cookie. Recorded text
(timeline summaries, audit entries) stays Chinese whatever the reader's language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.extensions import db
from tests.conftest import FIXED_NOW
from tests.intake.factories import file_online


def _html(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_the_worklist_reads_in_english_and_in_chinese_without_the_cookie(app, users, login_as):
    case = file_online(app, users["applicant"])
    client = login_as("handler")
    client.set_cookie("lang", "en")
    english = _html(client, "/cases/")
    assert "<h1 data-focus>Cases</h1>" in english and case.case_no in english
    assert "1 in total; overdue deadlines and those due soon come first" in english
    assert "Received, awaiting acceptance review</span>" in english  # the case's status tag
    assert ">Awaiting correction</a>" in english  # a status filter
    assert "已收到，待受理审查" not in english

    client.delete_cookie("lang")
    chinese = _html(client, "/cases/")
    assert "<h1 data-focus>案件</h1>" in chinese and "共 1 件，逾期和即将届满的排在前面" in chinese
    assert "已收到，待受理审查</span>" in chinese


def test_the_case_page_reads_in_english_but_recorded_text_stays_chinese(app, users, login_as, monkeypatch):
    import recon.cases.views as views

    monkeypatch.setattr(views, "now_utc", lambda: FIXED_NOW + timedelta(hours=1))
    case = file_online(app, users["applicant"])
    client = login_as("clerk")
    client.set_cookie("lang", "en")
    page = _html(client, f"/cases/{case.id}")
    assert '<h2 id="parties-h">Parties</h2>' in page and '<th scope="row">Applicant</th>' in page
    assert "Parties (personal ID numbers and phone numbers are partly hidden)" in page
    assert "Online application" in page and ">Show full numbers</button>" in page
    assert "收到行政复议申请（网上申请）" in page  # the timeline entry, as recorded
    assert '<h2 id="deadlines-h">Deadlines</h2>' in page  # the same 期限 as the column, as a heading
    assert '<th scope="col">Deadline</th>' in page

    assert client.post(f"/cases/{case.id}/reveal").status_code == 303
    page = _html(client, f"/cases/{case.id}")
    assert "Parties (full numbers, hidden again after 5 minutes)" in page and ">Hide numbers</button>" in page
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.reveal_numbers")).one()
    assert entry.summary.startswith(f"查看 {case.case_no} 当事人的完整证件号码和电话")

    client.delete_cookie("lang")
    page = _html(client, f"/cases/{case.id}")
    assert '<h2 id="parties-h">当事人</h2>' in page and '<th scope="row">申请人</th>' in page
    assert '<h2 id="deadlines-h">期限</h2>' in page
