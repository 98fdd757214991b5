"""Review: a file the evidence step refuses for the per-application total leaves nothing behind
(no Upload row, no audit entry claiming it was stored, no orphaned file on disk)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.extensions import db
from recon.intake.models import ApplicationDraft, Upload
from tests.portal.conftest import PDF_BYTES, html, start_draft, upload
from tests.portal.test_uploads import _small_limits


def _stored_files(app) -> set[str]:
    root = Path(app.config["STORAGE_DIR"])
    return {p.name for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}


def test_file_over_the_total_is_not_kept_on_disk(app, applicant, monkeypatch):
    _small_limits(monkeypatch, max_file_bytes=1000, max_total_bytes=1000)
    draft_id = start_draft(applicant)
    first = PDF_BYTES + b"a" * 500
    second = PDF_BYTES + b"b" * 500
    upload(applicant, draft_id, [(first, "一.pdf")])
    before = _stored_files(app)
    assert len(before) == 1

    response = upload(applicant, draft_id, [(second, "二.pdf")], expect=422)
    assert "合计不能超过" in html(response)
    db.session.expire_all()
    assert _stored_files(app) == before, "the refused file stayed on disk with nothing pointing at it"
    assert [u.filename for u in db.session.scalars(select(Upload))] == ["一.pdf"]
    stores = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "upload.store")).all()
    assert len(stores) == 1, [s.summary for s in stores]
    draft = db.session.get(ApplicationDraft, draft_id)
    assert len(draft.data["attachments"]) == 1


def test_file_over_the_total_with_content_already_stored_keeps_the_shared_file(app, applicant, monkeypatch):
    """The same bytes uploaded twice: the second is refused, the first's file must stay."""
    _small_limits(monkeypatch, max_file_bytes=1000, max_total_bytes=1000)
    draft_id = start_draft(applicant)
    content = PDF_BYTES + b"a" * 600
    upload(applicant, draft_id, [(content, "一.pdf")])
    before = _stored_files(app)
    upload(applicant, draft_id, [(content, "一（副本）.pdf")], expect=422)
    assert _stored_files(app) == before
