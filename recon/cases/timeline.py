"""The case timeline: ``add_event()`` is the one way to write a ``CaseEvent``.

Every feature that records something on a case's timeline (intake, documents, evaluations, the
status machine in ``workflow.py``, the deadline signals below) calls ``add_event()`` in its own
transaction; it adds the row and flushes, and never commits. A ``dedupe_key`` makes an effect
happen once: a second call with the same key adds nothing and returns ``None``.

The deadline signal receivers are connected when the app is created (``recon/__init__.py``
imports this module): cases may import deadlines, never the reverse.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, false, literal, select
from sqlalchemy.orm import Session

from recon.cases.models import Case, CaseEvent
from recon.clock import beijing_date
from recon.db import UTCDateTime, insert_once, json_object, sql_text
from recon.deadlines import signals
from recon.deadlines.display import date_zh_sql, label_sql
from recon.deadlines.models import Deadline
from recon.documents import signals as document_signals

SUMMARY_MAX = 500


def add_event(
    session: Session,
    case: Case | int,
    kind: str,
    summary: str,
    *,
    now: datetime,
    actor=None,
    on: date | None = None,
    public: bool = True,
    payload: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> CaseEvent | None:
    """Add one timeline entry to ``case`` (a Case or its id).

    ``on`` is the day the step took effect (a paper step recorded later keeps its own day; default
    ``now``'s Beijing date); ``actor`` None means the system (the timeline shows 系统); ``public``
    False hides the entry from the applicant. Returns the event, or None when ``dedupe_key`` was
    used before (the effect already happened)."""
    if dedupe_key is not None and session.scalar(
            select(CaseEvent.id).where(CaseEvent.dedupe_key == dedupe_key)) is not None:
        return None
    event = CaseEvent(
        at=now,
        on=on or beijing_date(now),
        kind=kind,
        summary=summary[:SUMMARY_MAX],
        actor_id=getattr(actor, "id", None),
        public=public,
        payload=payload,
        dedupe_key=dedupe_key,
    )
    loaded = isinstance(case, Case) and case.id is not None
    if isinstance(case, Case) and not loaded:
        event.case = case
    else:  # by id: appending to a loaded case's collection would bump its version a second time
        event.case_id = case.id if loaded else case
    session.add(event)
    session.flush()
    if loaded:
        session.expire(case, ["events"])  # the next read of case.events includes this entry
    return event


def payload_dates(payload: dict[str, Any] | None) -> dict[str, Any]:
    """An event's payload with its ``*_on`` days (stored as ISO text) read back as dates."""
    return {k: date.fromisoformat(v) if k.endswith("_on") and isinstance(v, str) else v
            for k, v in (payload or {}).items()}


@signals.due_changed.connect
def deadline_due_changed(deadline, *, session, change, actor=None, now, **_extra) -> None:
    """「期限重新计算：受理审查期限由 2027年1月5日 调整为 2027年1月6日（工作日历更新）」."""
    add_event(session, change.case_id, "deadline.due_changed", change.summary_zh(), now=now,
              actor=actor, public=False, payload=change.as_dict())


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


@document_signals.timeline_event.connect
def document_event(document, *, session, case, kind, summary, actor, now, payload=None,
                   dedupe_key=None, **_extra) -> None:
    """A document was issued or served: 「签发《受理通知书》…」, 「…送达」."""
    add_event(session, case, kind, summary, now=now, actor=actor, payload=payload,
              dedupe_key=dedupe_key)


@signals.describe_cases.connect
def case_numbers(session, *, case_ids, **_extra) -> dict[int, str]:
    """``{case_id: case_no}`` for the deadline board."""
    return dict(session.execute(select(Case.id, Case.case_no).where(Case.id.in_(case_ids))).all())
