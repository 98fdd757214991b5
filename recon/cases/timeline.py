"""Case timeline entries for deadline signals (cases may import deadlines; never the reverse).

Connected when the app is created (``recon/__init__.py`` imports this module). Each receiver adds
a ``CaseEvent`` in the caller's transaction and flushes; it never commits.
"""

from __future__ import annotations

from sqlalchemy import select

from recon.cases.models import Case, CaseEvent
from recon.clock import beijing_date
from recon.deadlines import signals
from recon.deadlines.display import date_zh


@signals.due_changed.connect
def deadline_due_changed(deadline, *, session, change, actor=None, now, **_extra) -> None:
    """「期限重新计算：受理审查期限由 2027年1月5日 调整为 2027年1月6日（工作日历更新）」."""
    session.add(CaseEvent(
        case_id=change.case_id,
        at=now,
        on=beijing_date(now),
        kind="deadline.due_changed",
        summary=change.summary_zh()[:500],
        actor_id=getattr(actor, "id", None),
        public=False,
        payload=change.as_dict(),
    ))
    session.flush()


@signals.deadline_expired.connect
def deadline_overdue(deadline, *, session, now, today=None, **_extra) -> None:
    """The overdue flag, once per deadline (unique ``dedupe_key``)."""
    key = f"deadline:{deadline.id}:overdue"
    if session.scalar(select(CaseEvent.id).where(CaseEvent.dedupe_key == key)) is not None:
        return
    session.add(CaseEvent(
        case_id=deadline.case_id,
        at=now,
        on=today or beijing_date(now),
        kind="deadline.overdue",
        summary=f"期限届满：{deadline.label}已于 {date_zh(deadline.due_on)} 届满，标记为逾期",
        actor_id=None,
        public=False,
        payload={"deadline_id": deadline.id, "rule": deadline.rule,
                 "due_on": deadline.due_on.isoformat() if deadline.due_on else None},
        dedupe_key=key,
    ))
    session.flush()


@signals.describe_cases.connect
def case_numbers(session, *, case_ids, **_extra) -> dict[int, str]:
    """``{case_id: case_no}`` for the deadline board."""
    return dict(session.execute(select(Case.id, Case.case_no).where(Case.id.in_(case_ids))).all())
