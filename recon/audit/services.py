"""record(): the single way to write an audit entry. Flushes, never commits."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from recon.audit import chain
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
    """Add an audit entry for `action` on `obj` by `actor` (a User, or None for the system), chained
    to the previous entry (recon/audit/chain.py: from here until the transaction ends, other
    writers of audit entries wait)."""
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
        before=_as_stored(before),
        after=_as_stored(after),
    )
    if not chain.holds(session):
        session.flush()  # this transaction's own changes first, so the chain lock is held briefly after
    entry.prev_hash = chain.claim(session)
    entry.hash = chain.entry_hash(entry, entry.prev_hash)
    session.add(entry)
    session.flush()
    chain.advance(session, entry.hash)
    return entry


def _as_stored(value: dict | None) -> dict | None:
    """The value as the JSON column gives it back (keys as text), so its hash can be recomputed."""
    return None if value is None else json.loads(json.dumps(value))
