"""``case.next_due_on``: the earliest due date among a case's running deadlines, kept on the case so
that the staff worklist sorts by an index instead of a subquery per row (issue 17).

Deadlines never import cases (design.md §3), so the cases layer watches the session: after every
flush that added, changed or removed a deadline, one UPDATE recomputes ``next_due_on`` for the
cases concerned, in the same transaction. Code that changes deadlines' state or due date with its
own SQL statements (not through the ORM) sends ``signals.deadlines_changed`` with the cases it
touched (a deadline module) or calls ``refresh_next_due()`` (a cases module). This module is
imported when the app is created (``recon/__init__.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session

from recon.cases.models import Case
from recon.deadlines import signals
from recon.deadlines.models import RUNNING_STATES, Deadline

_PENDING = "recon.next_due.pending"
#: A change to one of these deadline attributes can move the case's next due date.
_WATCHED = ("state", "due_on", "case_id")


def earliest_running_due():
    """SQL: the first running due date of the outer statement's case."""
    return (select(func.min(Deadline.due_on))
            .where(Deadline.case_id == Case.id, Deadline.state.in_([s.value for s in RUNNING_STATES]))
            .correlate(Case).scalar_subquery())


def refresh_next_due(session: Session, case_ids: Iterable[int]) -> None:
    """Recompute ``next_due_on`` of the cases (one UPDATE); loaded cases re-read it."""
    ids = sorted({int(i) for i in case_ids if i is not None})
    if not ids:
        return
    table = Case.__table__
    session.connection().execute(update(table).where(table.c.id.in_(ids))
                                 .values(next_due_on=earliest_running_due()))
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Case) and obj.id in ids:
            session.expire(obj, ["next_due_on"])


@signals.deadlines_changed.connect
def _deadlines_changed(session, *, case_ids, **_extra) -> None:
    refresh_next_due(session, case_ids)


def _changed(deadline: Deadline) -> set[int]:
    """The cases whose next due date this flushed deadline change may move (a moved deadline
    concerns its old case too)."""
    attrs = inspect(deadline).attrs
    if not any(attrs[name].history.has_changes() for name in _WATCHED):
        return set()
    return {deadline.case_id, *attrs.case_id.history.deleted}


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    ids: set[int] = session.info.setdefault(_PENDING, set())
    for obj in session.new:
        if isinstance(obj, Deadline):
            ids.add(obj.case_id)
    for obj in session.dirty:
        if isinstance(obj, Deadline):
            ids.update(_changed(obj))
    for obj in session.deleted:
        if isinstance(obj, Deadline):
            ids.add(obj.case_id)


@event.listens_for(Session, "after_flush_postexec")
def _apply(session: Session, _context) -> None:
    ids = session.info.pop(_PENDING, None)
    if ids:
        refresh_next_due(session, ids)
