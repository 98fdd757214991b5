"""The outbox (tech-notes §8): e-mails and SMS are rows written in the transaction that causes
them; ``recon.notifications.delivery`` sends them once that transaction has committed. A
rolled-back action leaves no row and so sends nothing. Services call ``enqueue`` (or write rows
set-based and call ``mark_pending``); they never send and never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.db import on_rollback
from recon.notifications.models import Channel, OutboxMessage

PENDING = "recon_outbox_pending"
"""``session.info`` flag: this transaction queued messages (delivered right after its commit)."""


def mark_pending(session: Session) -> None:
    """Ask for delivery right after this transaction commits (forgotten if it rolls back)."""
    if not session.info.get(PENDING):
        session.info[PENDING] = True
        on_rollback(session, lambda: session.info.pop(PENDING, None))


def enqueue(session: Session, channel: Channel, recipient: str, body: str, now: datetime,
            dedupe_key: str, subject: str = "") -> OutboxMessage | None:
    """Queue one message; None when ``dedupe_key`` was queued before (sent or not)."""
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
        return None
    message = OutboxMessage(channel=channel.value, recipient=recipient, subject=subject, body=body,
                            created_at=now, send_after=now, attempts=0, dedupe_key=dedupe_key)
    session.add(message)
    session.flush()
    mark_pending(session)
    return message


def send_sms(session: Session, phone: str, text: str, now: datetime, dedupe_key: str) -> OutboxMessage | None:
    """The SMS interface (issue 11): queue ``text`` for ``phone``. The configured sender
    (``SMS_SENDER``; by default the log, no gateway) delivers it after commit."""
    return enqueue(session, Channel.SMS, phone, text, now, dedupe_key)
