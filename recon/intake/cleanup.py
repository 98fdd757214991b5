"""The file sweep (scheduler job ``file-sweep``): no unused upload and no orphaned stored file stays.

One idempotent pass in the caller's transaction (``recon.scheduler.run_job`` commits):

1. drafts past their expiry go, with their unused uploads (``recon.intake.drafts.expire``);
2. uploads never used in an application (``case_id`` NULL) and older than
   ``RECON_UPLOAD_TTL_HOURS`` (72 by default) go, unless an open draft still lists them; one audit
   entry per upload;
3. stored files that no row names (``FILE_COLUMNS``) and that were last written before the grace
   period (``RECON_FILE_GRACE_MINUTES``, 60 by default) are deleted *after the commit*, so a sweep
   that rolls back deletes nothing; ``.upload-*`` temporary files older than the grace period (left
   by a write that crashed) go too. One audit entry lists them.

The grace period covers transactions still in flight: ``Storage.put_stream`` writes a file, or
refreshes the mtime of content already stored, before the row naming it commits. It is counted back
from the earlier of ``now`` and the wall clock, so ``flask recon sweep --now`` with a later time
never deletes a file written a minute ago, and each file's age is checked again just before it is
deleted. On PostgreSQL a transaction-level advisory lock keeps two sweeps from running at once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.cases.models import Material
from recon.clock import now_utc
from recon.db import on_commit, try_job_lock
from recon.documents.models import Document
from recon.intake import drafts
from recon.intake.models import ApplicationDraft, Upload
from recon.storage import Storage, storage

log = logging.getLogger("recon.intake.cleanup")

#: Every column that names a stored file by its sha256 (tests check no other column does).
FILE_COLUMNS = (Upload.sha256, Material.sha256, Document.sha256)
SWEEP_LOCK_KEY = 0x7265636F6E02  # "recon\x02": the advisory lock of the file sweep
IN_BATCH = 500  # sha256 values per IN (...) query

DEFAULT_UPLOAD_TTL_HOURS = 72
DEFAULT_GRACE_MINUTES = 60


@dataclass(frozen=True)
class CleanupSettings:
    upload_ttl: timedelta = timedelta(hours=DEFAULT_UPLOAD_TTL_HOURS)
    grace: timedelta = timedelta(minutes=DEFAULT_GRACE_MINUTES)


def cleanup_settings(config: Mapping) -> CleanupSettings:
    """Settings from the app config (a plain mapping)."""
    hours = int(config.get("RECON_UPLOAD_TTL_HOURS") or DEFAULT_UPLOAD_TTL_HOURS)
    minutes = int(config.get("RECON_FILE_GRACE_MINUTES") or DEFAULT_GRACE_MINUTES)
    if hours < 1 or minutes < 1:
        raise ValueError("RECON_UPLOAD_TTL_HOURS and RECON_FILE_GRACE_MINUTES must be at least 1")
    return CleanupSettings(upload_ttl=timedelta(hours=hours), grace=timedelta(minutes=minutes))


def sweep_unused_files(session: Session, now: datetime) -> int:
    """The scheduler job (runs in an app context): storage and settings from the app config."""
    from flask import current_app

    return sweep(session, now, storage(), cleanup_settings(current_app.config))


def sweep(session: Session, now: datetime, storage: Storage, settings: CleanupSettings) -> int:
    """One pass; returns the drafts and uploads deleted plus the files to be deleted at commit."""
    if not try_job_lock(session, SWEEP_LOCK_KEY):
        log.debug("another process is sweeping files; skipping this tick")
        return 0
    removed = drafts.expire(session, now)
    removed += _expire_uploads(session, now, settings.upload_ttl)
    removed += _remove_orphans_at_commit(session, now, storage, settings.grace)
    return removed


def _open_draft_attachments(session: Session, now: datetime) -> set[str]:
    """Upload ids listed by unsubmitted drafts that have not expired."""
    rows = session.scalars(
        select(ApplicationDraft.data)
        .where(ApplicationDraft.case_id.is_(None), ApplicationDraft.expires_at > now)
    )
    return {str(i) for data in rows for i in ((data or {}).get("attachments") or [])}


def _expire_uploads(session: Session, now: datetime, ttl: timedelta) -> int:
    keep = _open_draft_attachments(session, now)
    stale = session.scalars(
        select(Upload)
        .where(Upload.case_id.is_(None), Upload.created_at < now - ttl)
        .order_by(Upload.created_at, Upload.id)
    ).all()
    hours = int(ttl.total_seconds() // 3600)
    done = 0
    for upload in stale:
        if upload.id in keep:
            continue
        # compare-and-delete: an upload that a filing has just used (case_id set) stays
        deleted = session.execute(
            delete(Upload)
            .where(Upload.id == upload.id, Upload.case_id.is_(None))
            .execution_options(synchronize_session=False)
        ).rowcount == 1
        if not deleted:
            continue
        record(session, None, "upload.expire", upload,
               summary=f"上传的文件 {upload.filename} 超过 {hours} 小时未用于申请，自动删除",
               before={"sha256": upload.sha256, "size": upload.size, "owner_id": upload.owner_id,
                       "created_at": upload.created_at.isoformat()},
               at=now)
        session.expunge(upload)
        done += 1
    return done


def _referenced(session: Session, sha256s: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(sha256s), IN_BATCH):
        chunk = sha256s[start:start + IN_BATCH]
        for column in FILE_COLUMNS:
            found.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
    return found


def _remove_orphans_at_commit(session: Session, now: datetime, storage: Storage,
                              grace: timedelta) -> int:
    session.flush()  # the rows deleted above no longer count as references
    cutoff = min(now, now_utc()) - grace
    old = sorted(sha for sha, written in storage.stored() if written < cutoff)
    referenced = _referenced(session, old)
    orphans = [sha for sha in old if sha not in referenced]
    temps = sorted(name for name, written in storage.temp_files() if written < cutoff)
    if not orphans and not temps:
        return 0
    summary = f"删除 {len(orphans)} 个不再被任何记录使用的存储文件"
    if temps:
        summary += f"和 {len(temps)} 个中断上传留下的临时文件"
    record(session, None, "file.sweep", object_type="storage", summary=summary,
           after={"sha256": orphans, "temp_files": temps, "written_before": cutoff.isoformat()},
           at=now)
    on_commit(session, lambda: _remove(storage, orphans, temps, cutoff))
    return len(orphans) + len(temps)


def _remove(storage: Storage, orphans: list[str], temps: list[str], cutoff: datetime) -> None:
    """After the commit: delete each file unless it was written again meanwhile."""
    removed, skipped = 0, 0
    for sha in orphans:
        try:
            if storage.remove_if_older(sha, cutoff):
                removed += 1
            else:
                skipped += 1
        except OSError:
            log.exception("could not delete stored file %s", sha)
    for name in temps:
        try:
            removed += storage.remove_temp_if_older(name, cutoff)
        except OSError:
            log.exception("could not delete temporary file %s", name)
    if skipped:
        log.info("file sweep: %d file(s) were written again meanwhile and stay", skipped)
    log.info("file sweep: deleted %d file(s)", removed)
