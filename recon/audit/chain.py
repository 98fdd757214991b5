"""The audit log's hash chain (issue 12): each entry stores the previous entry's hash and its own
hash over its content plus that previous hash, so deleting, altering or reordering an entry breaks
the chain at that point, which ``flask recon audit verify`` reports, also to the tables' owner
who could bypass the triggers.

Order: entries are chained in id order. record() takes the chain lock before it reads the last hash
and inserts (PostgreSQL: a transaction-level advisory lock; SQLite: the database write lock), so the
writers of audit entries take turns until they commit and ids grow in chain order. A rolled-back
entry leaves a gap in the ids, never in the chain. Deleting the newest entries is not visible in
the chain itself: compare the head that verify prints with one kept elsewhere (README)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from recon.audit.models import AuditEntry

GENESIS = "0" * 64
CHAIN_LOCK_KEY = 0x7265636F6E03  # "recon\x03": the advisory lock of the audit chain
CONTENT = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "case_id", "summary",
           "before", "after")


def canonical(entry) -> str:
    """The entry's content as one JSON text (sorted keys, UTC time to the microsecond)."""
    values = {name: getattr(entry, name) for name in CONTENT}
    values["at"] = entry.at.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry, prev_hash: str) -> str:
    """`entry`: an AuditEntry or a row of audit_entry."""
    return hashlib.sha256((prev_hash + "\n" + canonical(entry)).encode("utf-8")).hexdigest()


def lock_chain(session: Session) -> None:
    """Wait for the chain: other transactions that write audit entries commit first."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK_KEY})
    else:  # a write statement takes SQLite's write lock (it touches no row, so no trigger fires)
        session.execute(text("DELETE FROM audit_entry WHERE 0 = 1"))


def head(session: Session) -> str:
    """The newest entry's hash (GENESIS for an empty log)."""
    last = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return last or GENESIS


# The head of the chain as this transaction left it. Once a transaction holds the chain lock, no
# other writer can add an entry until it ends, so the head it read stays the head but for its own
# entries: record() and the sweep keep it here instead of locking and reading it again for every
# entry (a filing writes four). Forgotten when the transaction ends, and when a savepoint ends
# (a savepoint rolled back may have taken entries with it).
_HELD = "audit.chain_head"


def holds(session: Session) -> bool:
    """Whether this transaction holds the chain (it wrote an entry and has not ended)."""
    return _HELD in session.info


def claim(session: Session) -> str:
    """The chain's head, taking the lock first unless this transaction holds it already."""
    if holds(session):
        return session.info[_HELD]
    lock_chain(session)
    return head(session)


def advance(session: Session, new_head: str) -> None:
    """The entries this transaction just wrote end in ``new_head`` (call after they are flushed)."""
    session.info[_HELD] = new_head


@event.listens_for(Session, "after_transaction_end")
def _forget_head(session: Session, transaction) -> None:
    if transaction.parent is None or transaction.nested:
        session.info.pop(_HELD, None)


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str  # "prev_hash": an entry before it is missing or was moved; "hash": it was altered


@dataclass(frozen=True)
class Verdict:
    entries: int
    head: str
    first_break: Break | None


def walk(session: Session, batch: int = 1000) -> Iterator:
    """Every entry as a plain row, in id order, a batch at a time (not kept in the session)."""
    table, last_id = AuditEntry.__table__, 0
    while True:
        rows = session.execute(select(table).where(table.c.id > last_id).order_by(table.c.id)
                               .limit(batch)).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def verify(session: Session) -> Verdict:
    """Recompute the chain in id order; the first entry where it breaks, if any."""
    previous, count = GENESIS, 0
    for entry in walk(session):
        count += 1
        if entry.prev_hash != previous:
            return Verdict(count, previous, Break(entry.id, "prev_hash"))
        if entry.hash != entry_hash(entry, previous):
            return Verdict(count, previous, Break(entry.id, "hash"))
        previous = entry.hash
    return Verdict(count, previous, None)
