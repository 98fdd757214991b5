"""The deadline sweep (tech-notes §1.5, design.md §6): one idempotent pass of the scheduler.

An open deadline whose due date is before today (Beijing) is claimed with a conditional UPDATE
(open → overdue) and announced with ``signals.deadline_expired``; the case timeline writes the
event with the unique key ``deadline:{id}:overdue`` in the same transaction. Safe with any number
of processes: PostgreSQL adds a transaction-level advisory lock and ``FOR UPDATE SKIP LOCKED``;
on SQLite the compare-and-set UPDATE and the unique event key alone give exactly-once effects.
The caller commits (``recon.scheduler.run_job``). Deemed acceptance and the other consequences
come in a later issue.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.clock import beijing_date
from recon.db import try_job_lock
from recon.deadlines import signals
from recon.deadlines.display import date_zh
from recon.deadlines.models import Deadline, DeadlineState

log = logging.getLogger("recon.deadlines.sweep")

SWEEP_LOCK_KEY = 0x7265636F6E01  # "recon\x01": the app-wide advisory lock of the sweep
BATCH = 200


def sweep_due_deadlines(session: Session, now: datetime, batch: int = BATCH) -> int:
    """Flag every open deadline due before ``now``'s Beijing date as overdue. Returns how many.

    Runs batches until one comes back short, in the caller's transaction.
    """
    today = beijing_date(now)
    if not try_job_lock(session, SWEEP_LOCK_KEY):
        log.debug("another process is sweeping; skipping this tick")
        return 0
    done = 0
    while True:
        rows = session.scalars(
            select(Deadline)
            .where(Deadline.state == DeadlineState.OPEN, Deadline.due_on < today)
            .order_by(Deadline.due_on, Deadline.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        claimed_before = done
        for deadline in rows:
            claimed = session.execute(
                update(Deadline)
                .where(Deadline.id == deadline.id, Deadline.state == DeadlineState.OPEN)
                .values(state=DeadlineState.OVERDUE, updated_at=now,
                        version_id=Deadline.version_id + 1)
                .execution_options(synchronize_session=False)
            ).rowcount == 1
            if not claimed:
                continue
            session.expire(deadline)
            record(
                session, None, "deadline.overdue", deadline, case_id=deadline.case_id,
                summary=f"{deadline.label}已于 {date_zh(deadline.due_on)} 届满，标记为逾期",
                before={"state": DeadlineState.OPEN.value},
                after={"state": DeadlineState.OVERDUE.value,
                       "due_on": deadline.due_on.isoformat()},
                at=now,
            )
            signals.deadline_expired.send(deadline, session=session, now=now, today=today)
            done += 1
        session.flush()
        if len(rows) < batch or done == claimed_before:  # the last batch, or all taken by others
            return done
