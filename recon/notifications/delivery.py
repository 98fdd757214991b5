"""Delivering the outbox (a job, like the CLI and the scheduler: it commits).

``drain`` sends the pending messages that are due: each is claimed first (its ``send_after`` is
pushed forward and committed, so no other process takes it meanwhile), then sent, then marked
sent, or given a later try with a growing pause, until ``MAX_ATTEMPTS`` failures mark it failed.
It runs right after any commit whose transaction queued messages (the ``after_commit`` listener
below) and as the scheduler's ``outbox`` job, which retries what failed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session

from recon.clock import now_utc
from recon.notifications.models import PENDING_PREDICATE, Channel, OutboxMessage
from recon.notifications.outbox import PENDING
from recon.notifications.senders import Senders, senders_from_config

log = logging.getLogger("recon.notifications")

MAX_ATTEMPTS = 5
CLAIM = timedelta(minutes=5)
BATCH = 100


def _retry_after(attempts: int) -> timedelta:
    """1, 4, 16, 64 minutes after the 1st, 2nd, 3rd, 4th failure."""
    return timedelta(minutes=4 ** (attempts - 1))


def drain(session: Session, now: datetime, senders: Senders, limit: int = BATCH) -> int:
    """Send up to ``limit`` due messages; returns how many went out. Commits."""
    channels = [Channel.SMS.value] + ([Channel.EMAIL.value] if senders.email else [])
    ids = session.scalars(
        select(OutboxMessage.id)
        .where(text(PENDING_PREDICATE), OutboxMessage.send_after <= now,
               OutboxMessage.channel.in_(channels))
        .order_by(OutboxMessage.send_after, OutboxMessage.id).limit(limit)
    ).all()
    session.commit()
    sent = 0
    for message_id in ids:
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, text(PENDING_PREDICATE),
                   OutboxMessage.send_after <= now)
            .values(send_after=now + CLAIM, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount == 1
        session.commit()
        if not claimed:
            continue
        message = session.get(OutboxMessage, message_id)
        try:
            if message.channel == Channel.EMAIL:
                via = senders.email.send(message.recipient, message.subject, message.body)
            else:
                via = senders.sms.send(message.recipient, message.body)
        except Exception as exc:  # noqa: BLE001 (any failure of a gateway is retried)
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.failed_at = now
                log.error("outbox message %s failed for good: %s", message.id, message.last_error)
            else:
                message.send_after = now + _retry_after(message.attempts)
                log.warning("outbox message %s failed (try %d): %s", message.id, message.attempts,
                            message.last_error)
        else:
            message.sent_at, message.sent_via, message.last_error = now, via, None
            sent += 1
        session.commit()
    return sent


def deliver_now(app) -> int:
    """Drain with the app's settings in a session of its own."""
    from recon.extensions import db

    with Session(db.engine) as session:
        return drain(session, now_utc(), senders_from_config(app.config))


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    """Messages queued by the transaction that just committed go out now (the scheduler's
    ``outbox`` job retries what fails). Never raises: the commit has happened."""
    if not session.info.pop(PENDING, False) or not has_app_context():
        return
    try:
        deliver_now(current_app._get_current_object())
    except Exception:  # noqa: BLE001
        log.exception("delivering the outbox after commit failed; the outbox job will retry")
