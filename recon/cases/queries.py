"""Read-only case queries for the staff pages and the API: the worklist (ux.md H1) and the
look-ups that go with it. They build ``select()`` statements or read rows; they never change
anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, exists, func, select, tuple_
from sqlalchemy.orm import Session, defer

from recon.auth.models import User
from recon.auth.roles import Role
from recon.cases.models import Case, IntakeRecord, open_status_condition, worklist_due_key
from recon.cases.status import CaseStatus, Channel
from recon.deadlines.models import ACTIVE_STATES, RUNNING_STATES, Deadline

#: The worklist's status filters besides each status value: 「在办」 (default) and 「全部」.
OPEN_FILTER = "open"
ALL_FILTER = "all"


def in_correction_window(now: datetime, window: timedelta):
    """SQL condition: online cases the applicant may still take back; staff worklists leave them
    out until the window ends (ux.md A8: not routed to clerks meanwhile)."""
    return and_(Case.channel == Channel.ONLINE, Case.status == CaseStatus.RECEIVED,
                exists().where(IntakeRecord.case_id == Case.id,
                               IntakeRecord.submitted_at > now - window))


def worklist(now: datetime, window: timedelta, status: str = OPEN_FILTER,
             handler_id: int | None = None, enterprise: bool = False) -> Select:
    """The staff worklist (ux.md H1): cases past the applicant's correction window, filtered by
    ``status`` (「在办」 by default, ``all``, or one status value), for 「我的案件」 by
    ``handler_id``, and to 涉企 cases with ``enterprise``; cases with a running deadline first, the nearest due date first, then the
    date received. Page it with ``recon.paging.keyset_page(query, worklist_keys(status))``: the
    open statuses' partial index ``ix_case_worklist_open`` has the same keys, 「全部」 has
    ``ix_case_worklist_all`` and one status ``ix_case_worklist_status`` (issue 17)."""
    query = select(Case, WORKLIST_DUE_KEY).where(~in_correction_window(now, window))
    if status == OPEN_FILTER:
        query = query.where(open_status_condition(Case.status))
    elif status in CaseStatus.labels():
        # The bound holds for every row; it is there for PostgreSQL's planner: as an index condition
        # of ix_case_worklist_status it makes that index the cheap way to read one status in order,
        # where the planner otherwise walks 「全部」's index past every other status (closed cases
        # all sort last: 120 ms against 0.3 ms for the first page of 已结案 at 100,000 cases).
        query = query.where(Case.status == status,
                            tuple_(Case.status, worklist_due_key(Case.next_due_on)) >= tuple_(status, date.min))
    if handler_id is not None:
        query = query.where(Case.handler_id == handler_id)
    if enterprise:
        query = query.where(Case.enterprise)
    return query


#: The worklist's sort key, selected under this label (the cursor reads it back).
WORKLIST_DUE_KEY = worklist_due_key(Case.next_due_on).label("due_key")
WORKLIST_KEYS = (WORKLIST_DUE_KEY, Case.received_on, Case.id)


def worklist_keys(status: str = OPEN_FILTER) -> tuple:
    """The keys a worklist filtered by ``status`` is paged on: ``WORKLIST_KEYS``, led by the status
    itself when the filter is one status (the same order, the status being fixed), so that a
    cursor is an index condition of ``ix_case_worklist_status``."""
    return (Case.status, *WORKLIST_KEYS) if status in CaseStatus.labels() else WORKLIST_KEYS


def held_count(session: Session, now: datetime, window: timedelta) -> int:
    """How many online submissions are still inside the applicant's correction window (read
    from the recent end of the ``submitted_at`` index)."""
    return session.scalar(
        select(func.count()).select_from(IntakeRecord).join(Case, Case.id == IntakeRecord.case_id)
        .where(IntakeRecord.submitted_at > now - window, Case.channel == Channel.ONLINE,
               Case.status == CaseStatus.RECEIVED)) or 0


def users_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, User]:
    """The users behind ``ids`` (None skipped), in one query: handlers of a worklist page, actors of a
    timeline."""
    wanted = {i for i in ids if i}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))} if wanted else {}


def next_deadlines(session: Session, case_ids: list[int]) -> dict[int, Deadline]:
    """The running deadline that falls due first, for each of the cases (one query; the ~1.6 KB
    derivation of each row is not read: a running deadline's badge needs only its due date)."""
    found: dict[int, Deadline] = {}
    for deadline in session.scalars(
            select(Deadline).where(Deadline.case_id.in_(case_ids), Deadline.state.in_(RUNNING_STATES))
            .options(defer(Deadline.derivation), defer(Deadline.pauses))
            .order_by(Deadline.due_on, Deadline.id)):
        found.setdefault(deadline.case_id, deadline)
    return found


def case_deadlines(session: Session, case: Case) -> list[Deadline]:
    """Every deadline of the case, in the order they started."""
    return list(session.scalars(select(Deadline).where(Deadline.case_id == case.id)
                                .order_by(Deadline.start_on, Deadline.id)))


def latest_deadline(session: Session, case: Case, *rules: str, active_only: bool = True) -> Deadline | None:
    """The newest deadline of one of ``rules`` on the case; only an active (open, overdue or
    paused) one unless ``active_only`` is false."""
    query = select(Deadline).where(Deadline.case_id == case.id, Deadline.rule.in_(rules))
    if active_only:
        query = query.where(Deadline.state.in_(ACTIVE_STATES))
    return session.scalar(query.order_by(Deadline.id.desc()).limit(1))


def running_deadline(session: Session, case: Case, rule: str) -> Deadline | None:
    """The newest active (open, overdue or paused) deadline of ``rule`` on the case."""
    return latest_deadline(session, case, rule)


def handlers(session: Session) -> list[User]:
    """Active handler accounts, by name (the 「指派承办人」 choices)."""
    return list(session.scalars(select(User).where(User.role == Role.HANDLER, User.active.is_(True))
                                .order_by(User.display_name, User.username)))


def correction_request(session: Session, case: Case) -> dict | None:
    """While a correction is pending: the items of the notice, the day it was served and the
    applicant's running ``correction_reply`` deadline (None otherwise)."""
    if case.status != CaseStatus.CORRECTION_REQUESTED:
        return None
    notice = next((e for e in reversed(case.events) if e.kind == "workflow.request_correction"), None)
    payload = notice.payload if notice is not None and notice.payload else {}
    return {"items": payload.get("items") or [], "notice_served_on": payload.get("notice_served_on"),
            "deadline": running_deadline(session, case, "correction_reply")}
