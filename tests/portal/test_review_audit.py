"""Review: every change to a draft is in the audit log, the evidence step included."""

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.extensions import db
from recon.intake.models import ApplicationDraft
from tests.portal.conftest import start_draft, upload


def _saves(draft_id: int) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "draft.save", AuditEntry.object_id == str(draft_id))).all()


def test_finishing_the_evidence_step_without_files_is_audited(applicant):
    draft_id = start_draft(applicant)
    before = len(_saves(draft_id))
    upload(applicant, draft_id, [], action="continue")
    draft = db.session.get(ApplicationDraft, draft_id)
    assert "evidence" in draft.data["done"]
    saves = _saves(draft_id)
    assert len(saves) == before + 1
    assert saves[-1].after["step"] == "evidence"
