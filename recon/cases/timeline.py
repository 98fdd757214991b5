"""Case timeline entries for deadline signals (cases may import deadlines; never the reverse).

Connected when the app is created (``recon/__init__.py`` imports this module). Each receiver adds
a ``CaseEvent`` in the caller's transaction and flushes; it never commits.
"""

from __future__ import annotations

from sqlalchemy import Date, false, literal, select

from recon.cases.models import Case, CaseEvent
from recon.clock import beijing_date
from recon.db import UTCDateTime, insert_once, json_object, sql_text
from recon.deadlines import signals
from recon.deadlines.display import date_zh_sql, label_sql
from recon.deadlines.models import Deadline


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


@signals.deadlines_overdue.connect
def deadlines_overdue(session, *, ids, now, today, **_extra) -> None:
    """「期限届满：受理审查期限已于 2026年11月20日 届满，标记为逾期」 on each case's timeline, for a
    batch of the sweep in one ``INSERT ... SELECT``, once per deadline (unique ``dedupe_key``)."""
    rows = select(
        Deadline.case_id, literal(now, UTCDateTime()), literal(today, Date()),
        literal("deadline.overdue"),
        "期限届满：" + label_sql(Deadline.rule) + "已于 " + date_zh_sql(Deadline.due_on) + " 届满，标记为逾期",
        false(),
        json_object(literal("deadline_id"), Deadline.id, literal("rule"), Deadline.rule,
                    literal("due_on"), sql_text(Deadline.due_on)),
        literal("deadline:") + sql_text(Deadline.id) + ":overdue",
    ).where(Deadline.id.in_(ids))
    insert_once(session, CaseEvent, ["case_id", "at", "on", "kind", "summary", "public", "payload",
                                     "dedupe_key"], rows)


@signals.describe_cases.connect
def case_numbers(session, *, case_ids, **_extra) -> dict[int, str]:
    """``{case_id: case_no}`` for the deadline board."""
    return dict(session.execute(select(Case.id, Case.case_no).where(Case.id.in_(case_ids))).all())
