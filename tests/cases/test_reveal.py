"""「显示完整号码」on the staff case page (ux.md S13): masked by default, revealed for a few minutes
by an audited request, hidden again on demand."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.extensions import db
from tests.conftest import FIXED_NOW
from tests.intake.factories import VALID_ID, file_online

FULL_PHONE = "13800138000"


def _page(client, case) -> str:
    return client.get(f"/cases/{case.id}").get_data(as_text=True)


def _at(monkeypatch, minutes: float) -> None:
    import recon.cases.views as views

    monkeypatch.setattr(views, "now_utc", lambda: FIXED_NOW + timedelta(minutes=minutes))


def test_numbers_are_masked_until_revealed_and_the_reveal_is_audited(app, users, login_as, monkeypatch):
    case = file_online(app, users["applicant"])
    clerk = login_as("clerk")
    _at(monkeypatch, 0)
    page = _page(clerk, case)
    assert VALID_ID not in page and FULL_PHONE not in page and "显示完整号码" in page

    response = clerk.post(f"/cases/{case.id}/reveal")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cases/{case.id}#parties")
    page = _page(clerk, case)
    assert VALID_ID in page and FULL_PHONE in page and "隐藏号码" in page
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.reveal_numbers")).one()
    assert entry.case_id == case.id and entry.actor_name == "clerk"

    _at(monkeypatch, 5.5)  # the grant lasts five minutes
    assert VALID_ID not in _page(clerk, case)


def test_hide_masks_again_without_an_audit_entry(app, users, login_as, monkeypatch):
    case = file_online(app, users["applicant"])
    clerk = login_as("clerk")
    _at(monkeypatch, 0)
    clerk.post(f"/cases/{case.id}/reveal")
    clerk.post(f"/cases/{case.id}/reveal", data={"hide": "1"})
    assert VALID_ID not in _page(clerk, case)
    assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.reveal_numbers")).all()) == 1


def test_a_reveal_is_for_one_case_only(app, users, login_as, monkeypatch):
    first = file_online(app, users["applicant"])
    second = file_online(app, users["applicant"], act__doc_no="另一文号")
    clerk = login_as("clerk")
    _at(monkeypatch, 0)
    clerk.post(f"/cases/{first.id}/reveal")
    assert VALID_ID in _page(clerk, first) and VALID_ID not in _page(clerk, second)


def test_applicants_cannot_reveal(app, users, login_as):
    case = file_online(app, users["applicant"])
    applicant = login_as("applicant")
    assert applicant.post(f"/cases/{case.id}/reveal").status_code == 403
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.reveal_numbers")).all() == []
