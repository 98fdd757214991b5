"""record(): the single way to write an audit entry. Flushes, never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from recon.audit.models import AuditEntry
from recon.clock import now_utc

SYSTEM_ACTOR = "系统"


def record(
    session: Session,
    actor,
    action: str,
    obj=None,
    *,
    object_type: str | None = None,
    object_id: Any = None,
    case_id: int | None = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    at=None,
) -> AuditEntry:
    """Add an audit entry for `action` on `obj` by `actor` (a User, or None for the system)."""
    if obj is not None:
        object_type = object_type or getattr(obj, "__tablename__", type(obj).__name__.lower())
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    entry = AuditEntry(
        at=at or now_utc(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", None) or SYSTEM_ACTOR,
        action=action,
        object_type=object_type or "-",
        object_id=None if object_id is None else str(object_id),
        case_id=case_id,
        summary=summary[:500],
        before=before,
        after=after,
    )
    session.add(entry)
    session.flush()
    return entry
