"""The deadline sweep (tech-notes §1.5 and §8, design.md §6): one idempotent, set-based pass.

Each kind of effect is one claiming statement over a bounded batch, followed by ``INSERT ...
SELECT`` statements for what it writes (timeline events, reminders, e-mails), each row under a
unique key so that nothing is written twice, and the batch's audit entries (chained in Python,
as the audit log's hash chain requires, and inserted in one executemany):

1. **Consequences** (``CONSEQUENCE_RULES``): an expired ``acceptance_review`` or ``correction_reply``
   is handed to ``signals.deadline_lapsed``; the case side applies deemed acceptance or deemed
   abandonment (art. 30 ¶3, art. 31 ¶2) and ends the deadline. One nobody handles is flagged
   overdue like any other.
2. **Overdue**: open deadlines due before today (Beijing) become ``overdue``
   (``UPDATE ... WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED) RETURNING id``), audited,
   announced with ``signals.deadlines_overdue`` (the case timeline writes its events) and reminded.
3. **The correction notice ends with the review**: ``correction_notice`` never goes overdue. Once
   its day has passed and the case's ``acceptance_review`` no longer runs (accepted, deemed
   accepted, refused or itself expired), it is cancelled: the organ may no longer ask for a
   correction, and the law's consequence is the acceptance, not a missed duty.
4. **Due soon**: open deadlines due within ``SOON_WORKING_DAYS`` working days (ux.md H2) whose
   current due date was not reminded yet are marked (``reminded_due_on``) and reminded.

Reminders go to each responsible user's inbox (``notification``): the case's handler, or every
active supervisor while the case has none; and, when the caller says so, by e-mail or SMS through
the outbox (delivered after commit, ``recon.notifications.delivery``).

Exactly once with any number of processes: PostgreSQL takes a transaction-level advisory lock
(a second sweeper returns at once) and claims rows with ``FOR UPDATE SKIP LOCKED``; SQLite
serialises sweepers with ``BEGIN IMMEDIATE`` (``recon.db.try_job_lock``); the claims are
compare-and-set and the written rows have unique keys. Catch-up after downtime comes from the
data: every claim reads ``due_on`` against today, not a schedule. A sweep with nothing to do reads
an empty range of two partial indexes (``ix_deadline_open_due_on``, ``ix_deadline_unreminded_due_on``).
The caller commits (``recon.scheduler.run_job``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import (
    Row,
    and_,
    exists,
    literal,
    select,
    text,
    true,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.orm import Session, aliased

from recon.audit import chain
from recon.audit.models import AuditEntry
from recon.audit.services import SYSTEM_ACTOR
from recon.auth.models import User
from recon.auth.roles import Role
from recon.clock import beijing_date
from recon.db import UTCDateTime, insert_once, sql_text, try_job_lock
from recon.deadlines import signals
from recon.deadlines.calendar_store import load_calendar
from recon.deadlines.display import SOON_WORKING_DAYS, date_zh, date_zh_sql, label_sql
from recon.deadlines.models import (
    OPEN_PREDICATE,
    UNREMINDED_PREDICATE,
    Deadline,
    DeadlineState,
    case_table,
)
from recon.deadlines.rules import RULES
from recon.notifications.models import Channel, Notification, NotificationKind, OutboxMessage
from recon.notifications.outbox import mark_pending

log = logging.getLogger("recon.deadlines.sweep")

SWEEP_LOCK_KEY = 0x7265636F6E01  # "recon\x01": the app-wide advisory lock of the sweep
BATCH = 1000
CONSEQUENCE_RULES = ("acceptance_review", "correction_reply")
ENDS_WITH_REVIEW = "correction_notice"
REVIEW_RULE = "acceptance_review"
_NOT_FLAGGED = (*CONSEQUENCE_RULES, ENDS_WITH_REVIEW)


@dataclass(frozen=True)
class SweepOptions:
    """What the caller (the scheduler, from the app's settings) adds to the inbox reminders."""

    email: bool = False  # also an e-mail to each recipient with an address (MAIL_SERVER is set)
    sms: bool = False  # also an SMS to each recipient with a phone number
    inbox_url: str = ""  # the inbox page's address, quoted in e-mails
    soon_working_days: int = SOON_WORKING_DAYS


def sweep_due_deadlines(session: Session, now: datetime, batch: int = BATCH,
                        options: SweepOptions | None = None) -> int:
    """One pass at ``now``; returns how many effects it applied (0 when another process is
    sweeping). Runs bounded batches until none is left, in the caller's transaction."""
    if not try_job_lock(session, SWEEP_LOCK_KEY):
        log.debug("another process is sweeping; skipping this tick")
        return 0
    sweep = _Sweep(session, now, beijing_date(now), batch, options or SweepOptions())
    done = 0
    if sweep.anything_expired():  # one probe for the three effects of an expired period
        done += sweep.consequences() + sweep.overdue() + sweep.end_correction_notices()
    return done + sweep.due_soon()


class _Sweep:
    def __init__(self, session: Session, now: datetime, today: date, batch: int,
                 options: SweepOptions):
        self.session, self.now, self.today, self.batch, self.options = (
            session, now, today, batch, options)
        self.at = literal(now, UTCDateTime())

    # ---- the four effects ---------------------------------------------------------------------

    def anything_expired(self) -> bool:
        """Is any open deadline past its due day? (An empty range of ``ix_deadline_open_due_on``
        on most ticks.)"""
        return self.session.scalar(
            select(Deadline.id).where(text(OPEN_PREDICATE), Deadline.due_on < self.today).limit(1)
        ) is not None

    def consequences(self) -> int:
        """Hand each expired consequence deadline to ``signals.deadline_lapsed``; flag the ones no
        receiver handled overdue."""
        done = 0
        after: tuple[date, int] = (date.min, 0)
        while True:
            rows = self.session.scalars(
                select(Deadline)
                .where(text(OPEN_PREDICATE), Deadline.due_on < self.today,
                       Deadline.rule.in_(CONSEQUENCE_RULES),
                       tuple_(Deadline.due_on, Deadline.id) > tuple_(*after))
                .order_by(Deadline.due_on, Deadline.id).limit(self.batch)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return done
            unhandled = []
            for deadline in rows:
                answers = signals.deadline_lapsed.send(deadline, session=self.session,
                                                       now=self.now, today=self.today)
                if any(answer for _receiver, answer in answers):
                    done += 1
                else:
                    unhandled.append(deadline.id)
            self.session.flush()
            if unhandled:
                done += self._flag_overdue(Deadline.id.in_(unhandled))
            after = (rows[-1].due_on, rows[-1].id)
            if len(rows) < self.batch:
                return done

    def overdue(self) -> int:
        """Flag open deadlines due before today overdue, batch by batch."""
        done = 0
        while True:
            claimable = (
                select(Deadline.id)
                .where(text(OPEN_PREDICATE), Deadline.due_on < self.today,
                       Deadline.rule.not_in(_NOT_FLAGGED))
                .order_by(Deadline.due_on, Deadline.id).limit(self.batch)
                .with_for_update(skip_locked=True)
            )
            count = self._flag_overdue(Deadline.id.in_(claimable))
            done += count
            if count < self.batch:
                return done

    def end_correction_notices(self) -> int:
        """Cancel expired correction notices whose case's acceptance review no longer runs."""
        review = aliased(Deadline)
        review_runs = exists().where(
            review.case_id == Deadline.case_id, review.rule == REVIEW_RULE,
            review.state.in_((DeadlineState.OPEN, DeadlineState.PAUSED)),
        )
        done = 0
        while True:
            claimable = (
                select(Deadline.id)
                .where(text(OPEN_PREDICATE), Deadline.due_on < self.today,
                       Deadline.rule == ENDS_WITH_REVIEW, ~review_runs)
                .order_by(Deadline.due_on, Deadline.id).limit(self.batch)
                .with_for_update(skip_locked=True)
            )
            claimed = self._claim(Deadline.id.in_(claimable), state=DeadlineState.CANCELLED)
            if claimed:
                self._audit(claimed, DeadlineState.CANCELLED, "deadline.ended_with_review",
                            "{label}已于 {due} 届满，受理审查已结束，本期限随之结束（不计逾期）")
                signals.deadlines_changed.send(self.session, case_ids=[row.case_id for row in claimed])
            done += len(claimed)
            if len(claimed) < self.batch:
                return done

    def due_soon(self) -> int:
        """Remind open deadlines due within the working-day threshold, once per due date."""
        calendar = load_calendar(self.session)
        horizon = (calendar.add_working_days(self.today, self.options.soon_working_days + 1)
                   - timedelta(days=1))
        done = 0
        while True:
            claimable = (
                select(Deadline.id)
                .where(text(UNREMINDED_PREDICATE), Deadline.due_on >= self.today,
                       Deadline.due_on <= horizon)
                .order_by(Deadline.due_on, Deadline.id).limit(self.batch)
                .with_for_update(skip_locked=True)
            )
            ids = self.session.execute(
                update(Deadline)
                .where(Deadline.id.in_(claimable), text(UNREMINDED_PREDICATE))
                .values(reminded_due_on=Deadline.due_on)  # the sweep's own mark: no version bump
                .returning(Deadline.id)
                .execution_options(synchronize_session=False)
            ).scalars().all()
            if ids:
                self._remind(ids, NotificationKind.DUE_SOON)
            done += len(ids)
            if len(ids) < self.batch:
                return done

    # ---- the statements -----------------------------------------------------------------------

    def _claim(self, where, state: str) -> list[Row]:
        """Compare-and-set: open deadlines matching ``where`` move to ``state``; their
        ``(id, case_id, rule, due_on)``."""
        return list(self.session.execute(
            update(Deadline)
            .where(where, text(OPEN_PREDICATE))
            .values(state=state, updated_at=self.now, version_id=Deadline.version_id + 1)
            .returning(Deadline.id, Deadline.case_id, Deadline.rule, Deadline.due_on)
            .execution_options(synchronize_session=False)
        ).all())

    def _flag_overdue(self, where) -> int:
        claimed = self._claim(where, DeadlineState.OVERDUE)
        if not claimed:
            return 0
        self._audit(claimed, DeadlineState.OVERDUE, "deadline.overdue",
                    "{label}已于 {due} 届满，标记为逾期")
        ids = [row.id for row in claimed]
        signals.deadlines_overdue.send(self.session, ids=ids, now=self.now, today=self.today)
        self._remind(ids, NotificationKind.OVERDUE)
        return len(ids)

    def _audit(self, claimed: Sequence[Row], state: str, action: str, words: str) -> None:
        """One audit entry per deadline (actor: the system). The audit log is a hash chain
        (recon/audit/chain.py), so the entries cannot come from ``INSERT ... SELECT``: they are
        chained here, in due order, under the chain's lock, and inserted in one executemany."""
        previous = chain.claim(self.session)
        entries = []
        for row in sorted(claimed, key=lambda r: (r.due_on, r.id)):
            label = RULES[row.rule].label if row.rule in RULES else row.rule
            entry = SimpleNamespace(
                at=self.now, actor_id=None, actor_name=SYSTEM_ACTOR, action=action,
                object_type="deadline", object_id=str(row.id), case_id=row.case_id,
                summary=words.format(label=label, due=date_zh(row.due_on))[:500],
                before={"state": DeadlineState.OPEN.value},
                after={"state": str(state), "due_on": row.due_on.isoformat()},
                prev_hash=previous,
            )
            entry.hash = previous = chain.entry_hash(entry, previous)
            entries.append(vars(entry))
        self.session.execute(AuditEntry.__table__.insert(), entries)  # Core: no ORM bookkeeping
        chain.advance(self.session, previous)

    def _recipients(self, ids: Sequence[int]):
        """``(deadline_id, user_id)`` of everyone responsible: the case's handler, or every active
        supervisor while the case has none."""
        cases = case_table
        handler = (
            select(Deadline.id.label("deadline_id"), cases.c.handler_id.label("user_id"))
            .join_from(Deadline, cases, cases.c.id == Deadline.case_id)
            .where(Deadline.id.in_(ids), cases.c.handler_id.is_not(None))
        )
        supervisors = (
            select(Deadline.id.label("deadline_id"), User.id.label("user_id"))
            .join_from(Deadline, cases, cases.c.id == Deadline.case_id)
            .join(User, and_(User.role == Role.SUPERVISOR.value, User.active.is_(True)))
            .where(Deadline.id.in_(ids), cases.c.handler_id.is_(None))
        )
        return union_all(handler, supervisors).subquery("recipient")

    def _remind(self, ids: Sequence[int], kind: NotificationKind) -> None:
        """An inbox reminder per deadline and responsible user, and the e-mails and SMS asked for."""
        cases = case_table
        recipient = self._recipients(ids)
        if kind == NotificationKind.DUE_SOON:
            summary = (label_sql(Deadline.rule) + "将于 " + date_zh_sql(Deadline.due_on)
                       + " 届满，请及时办理")
            key = (literal("deadline:") + sql_text(Deadline.id) + ":due_soon:"
                   + sql_text(Deadline.due_on) + ":user:" + sql_text(recipient.c.user_id))
        else:
            summary = (label_sql(Deadline.rule) + "已于 " + date_zh_sql(Deadline.due_on)
                       + " 届满，已逾期")
            key = (literal("deadline:") + sql_text(Deadline.id) + ":overdue:user:"
                   + sql_text(recipient.c.user_id))

        def source(*columns):
            return (select(*columns)
                    .join_from(recipient, Deadline, Deadline.id == recipient.c.deadline_id)
                    .join(cases, cases.c.id == Deadline.case_id)
                    .join(User, User.id == recipient.c.user_id)
                    .where(true()))

        insert_once(self.session, Notification, [
            "user_id", "kind", "case_id", "deadline_id", "case_label", "summary", "created_at",
            "dedupe_key"],
            source(recipient.c.user_id, literal(kind.value), Deadline.case_id, Deadline.id,
                   cases.c.case_no, summary, self.at, key))
        subject = literal("行政复议期限提醒：") + cases.c.case_no + " " + summary
        queued = 0
        if self.options.email:
            body = (cases.c.case_no + "：" + summary + "。\n\n请登录行政复议系统查看："
                    + literal(self.options.inbox_url) + "\n\n（本邮件由系统自动发送，请勿回复。）")
            queued += insert_once(self.session, OutboxMessage, [
                "channel", "recipient", "subject", "body", "created_at", "send_after", "attempts",
                "dedupe_key"],
                source(literal(Channel.EMAIL.value), User.email, subject, body, self.at, self.at,
                       literal(0), literal("email:") + key)
                .where(User.email.is_not(None), User.email != ""))
        if self.options.sms:
            queued += insert_once(self.session, OutboxMessage, [
                "channel", "recipient", "subject", "body", "created_at", "send_after", "attempts",
                "dedupe_key"],
                source(literal(Channel.SMS.value), User.phone, literal(""), subject, self.at,
                       self.at, literal(0), literal("sms:") + key)
                .where(User.phone.is_not(None), User.phone != ""))
        if queued:
            mark_pending(self.session)
