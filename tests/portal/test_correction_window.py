"""「撤回并修改」within 10 minutes of an online submission (ux.md A8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import Case, CaseEvent
from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.extensions import db
from recon.intake.models import ApplicationDraft, CaseLink, Upload
from tests.conftest import FIXED_NOW, login
from tests.intake.factories import payload, token_for
from tests.portal.conftest import (
    case_url,
    expected_review_due,
    fill_all,
    html,
    post_step,
    set_portal_clock,
    submit_application,
)


@pytest.fixture
def at(monkeypatch):
    """Move the portal's clock (and the staff pages') to FIXED_NOW + the given minutes."""
    import recon.cases.views as staff_views

    def _at(minutes: float):
        moment = FIXED_NOW + timedelta(minutes=minutes)
        set_portal_clock(monkeypatch, moment)
        monkeypatch.setattr(staff_views, "now_utc", lambda: moment)
        return moment

    return _at



def _retract(client, case: Case, expect: int = 303):
    response = client.post(case_url(case, "/retract"))
    assert response.status_code == expect, html(response)
    return response


def test_confirmation_offers_the_window_until_ten_minutes_after_submission(applicant, at):
    case = submit_application(applicant)
    page = html(applicant.get(case_url(case, "/submitted")))
    assert "撤回并修改" in page and "2026年11月27日 10:10:00" in page
    assert "撤回并修改" in html(applicant.get(case_url(case)))
    at(10)
    assert "撤回并修改" not in html(applicant.get(case_url(case, "/submitted")))
    assert "撤回并修改" not in html(applicant.get(case_url(case)))


def test_retracting_returns_the_submission_to_a_draft(applicant, at):
    case = submit_application(applicant)
    at(4)
    response = _retract(applicant, case)
    draft = db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None))).one()
    assert response.headers["Location"].endswith(f"/apply/{draft.id}/check")

    db.session.refresh(case)
    assert (case.status, case.closure, case.closure_detail) == ("closed", "withdrawn", "correction_window")
    assert case.status_label == "已撤回修改"
    assert {d.state for d in db.session.scalars(select(Deadline).where(Deadline.case_id == case.id))} == {"cancelled"}
    upload = db.session.scalars(select(Upload)).one()
    assert upload.case_id is None and draft.data["attachments"] == [upload.id]
    assert draft.data["request"] == case.request and draft.step == "check"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.retract")) is not None
    assert "撤回申请并修改" in db.session.scalars(
        select(CaseEvent.summary).where(CaseEvent.case_id == case.id, CaseEvent.public)).all()[-1]

    assert _retract(applicant, case).headers["Location"] == response.headers["Location"]  # clicked twice
    check = html(applicant.get(response.headers["Location"]))
    assert f"您已撤回申请 {case.case_no}" in check and "2026年11月27日 10:10:00" in check
    assert "处罚决定书.pdf" in check
    mine = html(applicant.get(case_url(case)))
    assert "已撤回修改" in mine and "撤回并修改" not in mine


def test_a_correction_inside_the_window_keeps_the_submission_time(applicant, at):
    case = submit_application(applicant)
    at(3)
    _retract(applicant, case)
    draft = db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None))).one()
    post_step(applicant, draft.id, "request", {"request": "请求确认处罚决定违法"}, **{"return": "check"})
    at(8)
    response = applicant.post(f"/apply/{draft.id}/submit")
    assert response.status_code == 303, html(response)

    corrected = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert corrected.id != case.id and corrected.request == "请求确认处罚决定违法"
    assert corrected.intake.submitted_at == case.intake.submitted_at == FIXED_NOW
    assert corrected.received_on == case.received_on
    review = db.session.scalars(select(Deadline).where(Deadline.case_id == corrected.id,
                                                       Deadline.rule == "acceptance_review")).one()
    assert review.due_on == expected_review_due()
    assert corrected.materials[0].sha256 == case.materials[0].sha256
    assert db.session.scalars(select(Upload)).one().case_id == corrected.id
    links = db.session.scalars(select(CaseLink).where(CaseLink.case_id == corrected.id)).all()
    assert [(link.other_case_id, link.state) for link in links] == [(case.id, "related")]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case_link.create",
                                                      AuditEntry.case_id == corrected.id)) is not None
    assert f"沿用申请编号 {corrected.case_no}" in " ".join(e.summary for e in case.events)

    confirmation = html(applicant.get(response.headers["Location"]))
    assert corrected.case_no in confirmation and "10:00:00" in confirmation
    assert "撤回并修改" in confirmation  # still inside the original ten minutes
    at(10)
    assert "撤回并修改" not in html(applicant.get(response.headers["Location"]))


def test_a_correction_after_the_window_counts_from_its_own_submission(applicant, at):
    case = submit_application(applicant)
    at(5)
    _retract(applicant, case)
    draft = db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None))).one()
    at(60 * 24 * 3)  # Monday 30 November
    assert "撤回修改的时限已过" in html(applicant.get(f"/apply/{draft.id}/check"))
    assert applicant.post(f"/apply/{draft.id}/submit").status_code == 303
    corrected = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert corrected.intake.submitted_at == FIXED_NOW + timedelta(days=3)
    assert corrected.received_on.isoformat() == "2026-11-30"
    assert db.session.scalars(select(CaseLink.other_case_id).where(CaseLink.case_id == corrected.id)).all() == [case.id]


def test_no_retraction_after_the_window(applicant, at):
    case = submit_application(applicant)
    at(10)
    response = _retract(applicant, case)
    assert response.headers["Location"].endswith(case_url(case))
    assert "不能再撤回修改" in html(applicant.get(response.headers["Location"]))
    db.session.refresh(case)
    assert case.status == "received" and case.closure is None
    assert db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None))).all() == []


def test_another_applicant_cannot_retract(applicant, other_applicant):
    case = submit_application(applicant)
    assert other_applicant.post(case_url(case, "/retract")).status_code == 404
    db.session.refresh(case)
    assert case.status == "received"


def test_an_application_filed_through_the_api_is_not_retracted_here(client, users, login_as):
    headers = token_for(client, "applicant")
    filed = client.post("/api/v1/applications", headers=headers, json=payload()).get_json()
    login_as("applicant")
    case = db.session.scalar(select(Case).where(Case.case_no == filed["case_no"]))
    assert "撤回并修改" not in html(client.get(case_url(case, "/submitted")))
    response = _retract(client, case)
    assert "不是在本网站填写提交的" in html(client.get(response.headers["Location"]))
    db.session.refresh(case)
    assert case.status == "received"


def test_staff_worklist_shows_the_case_once_the_window_ends(app, applicant, at):
    case = submit_application(applicant)
    clerk = app.test_client()
    assert login(clerk, "clerk").status_code == 302
    at(9)
    page = html(clerk.get("/cases/"))
    assert case.case_no not in page and "另有 1 件网上申请刚刚提交" in page
    at(10)
    page = html(clerk.get("/cases/"))
    assert case.case_no in page and "另有" not in page


def test_retracted_submission_is_not_reported_as_a_duplicate(applicant, at):
    case = submit_application(applicant)
    at(2)
    _retract(applicant, case)
    again = fill_all(applicant)  # the same answers typed again in a fresh draft
    assert applicant.post(f"/apply/{again}/submit").status_code == 303
    newest = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert db.session.scalars(select(CaseLink).where(CaseLink.case_id == newest.id)).all() == []


def test_staff_case_page_warns_while_the_applicant_may_retract(app, applicant, at):
    case = submit_application(applicant)
    clerk = app.test_client()
    assert login(clerk, "clerk").status_code == 302
    at(1)
    assert "2026年11月27日 10:10:00 前撤回并修改" in html(clerk.get(f"/cases/{case.id}"))
    at(10)
    assert "撤回并修改" not in html(clerk.get(f"/cases/{case.id}"))


def test_public_lookup_of_a_retracted_submission_says_so(app, applicant, at):
    case = submit_application(applicant)
    at(1)
    _retract(applicant, case)
    page = html(app.test_client().post("/lookup", data={"case_no": case.case_no, "query_code": case.query_code}))
    assert "已撤回修改" in page and "受理审查，期限至" not in page


def test_a_correction_keeps_the_number_so_the_sequence_has_no_gap(app, applicant, at):
    """5号 withdrawn and corrected is still 5号; the next application is 6号, not 7号."""
    case = submit_application(applicant)
    number, code = case.case_no, case.query_code
    at(2)
    _retract(applicant, case)
    draft = db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None))).one()
    at(6)
    assert applicant.post(f"/apply/{draft.id}/submit").status_code == 303
    corrected = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    db.session.refresh(case)
    assert (corrected.case_no, corrected.query_code) == (number, code)
    assert case.case_no == f"{number}（撤回稿1）" and case.serial is None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.number_passed"))
    assert entry.case_id == case.id and entry.before["case_no"] == number
    # the corrected version's receipt is the number's second one
    receipts = db.session.scalars(select(Document.number).where(Document.kind == "receipt")
                                  .order_by(Document.id)).all()
    assert len(receipts) == 2 and receipts[1] == receipts[0] + "之二"

    # the next application takes the next number: no gap
    headers = token_for(app.test_client(), "clerk")
    filed = app.test_client().post("/api/v1/applications", headers=headers,
                                   json=payload("onsite")).get_json()
    assert filed["case_no"] == number.replace(f"〕{corrected.serial}号", f"〕{corrected.serial + 1}号")
    serials = sorted(db.session.scalars(select(Case.serial).where(Case.serial.is_not(None))))
    assert serials == list(range(1, len(serials) + 1))

    # the first receipt's number and query code find the corrected application
    page = html(app.test_client().post("/lookup", data={"case_no": number, "query_code": code}))
    assert "已撤回修改" not in page and "受理审查" in page


def test_a_second_retraction_of_the_same_number_is_kept_apart(applicant, at):
    case = submit_application(applicant)
    number = case.case_no
    for minute in (1, 3):
        at(minute)
        latest = db.session.scalar(select(Case).where(Case.case_no == number))
        _retract(applicant, latest)
        draft = db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None))).one()
        at(minute + 1)
        assert applicant.post(f"/apply/{draft.id}/submit").status_code == 303
    numbers = db.session.scalars(select(Case.case_no).order_by(Case.id)).all()
    assert numbers == [f"{number}（撤回稿1）", f"{number}（撤回稿2）", number]


def test_staff_pages_of_a_version_that_gave_up_its_number(app, applicant, at):
    case = submit_application(applicant)
    at(2)
    _retract(applicant, case)
    draft = db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None))).one()
    at(3)
    assert applicant.post(f"/apply/{draft.id}/submit").status_code == 303
    db.session.refresh(case)
    handler = app.test_client()
    assert login(handler, "handler").status_code == 302
    for url in (f"/cases/{case.id}", f"/cases/{case.id}/documents", f"/cases/{case.id}/documents/new?kind=service_address"):
        response = handler.get(url)
        assert response.status_code in (200, 409, 422), (url, response.status_code)
    assert case.case_no in html(handler.get(f"/cases/{case.id}"))
    mine = html(applicant.get("/my"))
    assert f"{case.case_no}" in mine and "已撤回修改" in mine
