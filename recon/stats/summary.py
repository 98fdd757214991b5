"""The monthly summary behind the dashboard (a summary table, not live aggregates: see README
"Statistics"): per month, the cases counted by every key the figures use.

``facts`` counts cases straight from the case record: those whose date falls in a range, or given
ones. A month's rows are ``facts`` of the whole month, and the report adds ``facts`` of the partial
months at the edges of a custom period, so both paths count the same way. The rows are kept
current by the transitions themselves (``track``): a flush that adds, changes or deletes a case,
its intake record, its decision deadline or a later suit or petition counts those cases before and
after and adds the difference, in the same transaction (a rollback takes it back too). Writers
that bypass the ORM (bulk SQL, COPY) call ``rebuild`` (``flask recon stats-rebuild``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Integer, Text, and_, case, cast, delete, event, exists, func, insert, select
from sqlalchemy.orm import Session

from recon.cases.models import Case, IntakeRecord
from recon.cases.status import RETRACTED_FOR_CORRECTION, CaseStatus
from recon.deadlines.models import Deadline, DeadlineState
from recon.followup.models import LaterProceeding, ProceedingKind
from recon.stats.models import StatSummary

DECISION_RULES = ("decision", "decision_simple")
KEY_COLUMNS = ("kind", "dim", "dim_value", "channel", "closure", "detail", "enterprise", "sued", "petitioned",
               "clock", "accepted")
#: A summary row with nothing counted yet (every column, so that rows insert together).
BLANK = {"dim": "", "dim_value": "", "channel": "", "closure": "", "detail": "", "enterprise": False,
         "sued": False, "petitioned": False, "clock": "", "accepted": False, "n": 0, "days": 0, "suspended": 0}


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of the month of ``day``."""
    first = month_of(day)
    return (first.replace(year=first.year + 1, month=1) if first.month == 12
            else first.replace(month=first.month + 1)) - timedelta(days=1)


def _days(session: Session, later, earlier):
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return later - earlier


def _flags():
    detail = func.coalesce(Case.closure_detail, "")
    decision = and_(Deadline.case_id == Case.id, Deadline.rule.in_(DECISION_RULES),
                    Deadline.state != DeadlineState.CANCELLED, Deadline.due_on.is_not(None))
    return {
        "detail": detail,
        "sued": exists().where(LaterProceeding.case_id == Case.id, LaterProceeding.kind == ProceedingKind.LITIGATION),
        "petitioned": exists().where(LaterProceeding.case_id == Case.id,
                                     LaterProceeding.kind == ProceedingKind.PETITION),
        "clock": case((exists().where(decision, Deadline.due_on >= Case.closed_on), "on_time"),
                      (exists().where(decision), "late"), else_=""),
        "accepted": Case.accepted_on.is_not(None),
    }


def facts(session: Session, start: date | None = None, end: date | None = None, *,
          case_ids=None, received_only: bool = False) -> list[dict]:
    """The summary rows of the cases whose received / accepted / refusal / closure day is in
    [start, end], or of the cases ``case_ids`` (each counted in the month of each of its days);
    ``received_only``: only the main received rows."""
    f = _flags()
    not_retracted = f["detail"] != RETRACTED_FOR_CORRECTION
    scope = Case.id.in_(list(case_ids)) if case_ids is not None else None

    def within(column):
        cond = column.between(start, end) if case_ids is None else column.is_not(None)
        return cond if scope is None else and_(cond, scope)

    received = and_(within(Case.received_on), not_retracted)
    closed = and_(Case.closure.is_not(None), within(Case.closed_on), not_retracted)
    out: list[dict] = []

    def add(kind: str, day, columns: dict, where, joins=(), measures=None, dim: str = ""):
        year, month = func.extract("year", day), func.extract("month", day)
        labelled = [value.label(name) for name, value in columns.items()]
        query = select(year.label("y"), month.label("m"), *labelled, func.count().label("n"),
                       *(measures or [])).select_from(Case)
        for target, on in joins:
            query = query.outerjoin(target, on)
        query = query.where(where).group_by(year, month, *columns.values())
        for row in session.execute(query).mappings():
            values = {**BLANK, "month": date(int(row["y"]), int(row["m"]), 1), "kind": kind, "dim": dim,
                      **{k: row[k] for k in columns}, "n": row["n"]}
            if measures:
                values["days"] = int(row["days"] or 0)
            values["dim_value"] = "" if values["dim_value"] is None else str(values["dim_value"])
            values["closure"] = values["closure"] or ""
            values["sued"], values["petitioned"] = bool(values["sued"]), bool(values["petitioned"])
            values["accepted"], values["enterprise"] = bool(values["accepted"]), bool(values["enterprise"])
            out.append(values)

    main = {"channel": Case.channel, "enterprise": Case.enterprise}
    add("received", Case.received_on, main, received)
    if received_only:
        return out
    add("accepted", Case.accepted_on, main, within(Case.accepted_on))
    add("refused", Case.closed_on, main, and_(Case.status == CaseStatus.REFUSED, within(Case.closed_on)))
    add("closed", Case.closed_on, {**main, "closure": Case.closure, "detail": f["detail"], "sued": f["sued"],
                                   "petitioned": f["petitioned"], "clock": f["clock"], "accepted": f["accepted"]},
        closed, measures=[func.sum(case((f["accepted"], _days(session, Case.closed_on, Case.accepted_on)),
                                        else_=0)).label("days")])
    point_join = ((IntakeRecord, IntakeRecord.case_id == Case.id),)
    for dim, column, joins in (("respondent", Case.respondent_name, ()), ("handler", Case.handler_id, ()),
                               ("point", IntakeRecord.point_id, point_join)):
        add("received", Case.received_on, {"dim_value": column}, received, joins, dim=dim)
        add("closed", Case.closed_on, {"dim_value": column, "closure": Case.closure, "detail": f["detail"]},
            closed, joins, dim=dim)
    for month, days in sorted(_suspended(session, closed).items()):
        out.append({**BLANK, "month": month, "kind": "suspended", "suspended": days})
    return out


def _suspended(session: Session, closed) -> dict[date, int]:
    """Suspended days of the decision clocks of the cases closed, by the month of the closure (a
    pause ends at the closure at the latest)."""
    rows = session.execute(
        select(Deadline.pauses, Case.closed_on).join(Case, Case.id == Deadline.case_id)
        .where(closed, Case.accepted_on.is_not(None), Deadline.rule.in_(DECISION_RULES),
               Deadline.state != DeadlineState.CANCELLED, func.length(cast(Deadline.pauses, Text)) > 2)).all()
    total: dict[date, int] = defaultdict(int)
    for pauses, closed_on in rows:
        for start, resume in pauses or []:
            begin = date.fromisoformat(start)
            end = min(date.fromisoformat(resume), closed_on) if resume else closed_on
            total[month_of(closed_on)] += max((end - begin).days, 0)
    return {month: days for month, days in total.items() if days}


def rebuild(session: Session) -> int:
    """Recompute the whole summary in one pass over the case record; returns the number of months."""
    dates = session.execute(select(func.min(Case.received_on), func.max(Case.received_on),
                                   func.min(Case.accepted_on), func.max(Case.accepted_on),
                                   func.min(Case.closed_on), func.max(Case.closed_on))).one()
    known = [d for d in dates if d is not None]
    session.execute(delete(StatSummary))
    if not known:
        return 0
    rows = facts(session, month_of(min(known)), month_end(max(known)))
    for at in range(0, len(rows), 5000):
        session.execute(insert(StatSummary), rows[at:at + 5000])
    return len({row["month"] for row in rows})


# ---- keeping it current ----------------------------------------------------------------------


BEFORE_KEY = "recon.stats.before"


def _touched(session: Session) -> tuple[set[int], list[Case]]:
    """(ids of the stored cases this flush changes, the new cases): a case itself, or its intake
    record, its decision deadline, a later suit or petition."""
    ids: set[int] = set()
    new_cases = []
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Case):
            if obj.id is None:
                new_cases.append(obj)
            else:
                ids.add(obj.id)
        elif isinstance(obj, (LaterProceeding, IntakeRecord)) or (
                isinstance(obj, Deadline) and obj.rule in DECISION_RULES):
            case_id = obj.case_id if obj.case_id is not None else getattr(getattr(obj, "case", None), "id", None)
            if case_id is not None:
                ids.add(case_id)
            elif getattr(obj, "case", None) is not None:
                new_cases.append(obj.case)
    return ids, new_cases


def _before_flush(session: Session, flush_context, instances) -> None:
    ids, new_cases = _touched(session)
    if ids or new_cases:
        before = facts(session, case_ids=ids) if ids else []
        session.info.setdefault(BEFORE_KEY, []).append((ids, new_cases, before))


def _after_flush(session: Session, flush_context) -> None:
    pending = session.info.pop(BEFORE_KEY, None)
    for ids, new_cases, before in pending or ():
        ids = ids | {case.id for case in new_cases if case.id is not None}
        apply_delta(session, facts(session, case_ids=ids), before)


def _key(row: dict) -> tuple:
    return (row["month"], *(row[k] for k in KEY_COLUMNS))


def apply_delta(session: Session, after: list[dict], before: list[dict]) -> None:
    """Add ``after`` and take away ``before`` (summary rows of the same cases) in the table."""
    delta: dict[tuple, list[int]] = {}
    for rows, sign in ((after, 1), (before, -1)):
        for row in rows:
            d = delta.setdefault(_key(row), [0, 0, 0])
            d[0] += sign * row["n"]
            d[1] += sign * row["days"]
            d[2] += sign * row["suspended"]
    conn = session.connection()
    table = StatSummary.__table__
    for key, (n, days, suspended) in delta.items():
        if not (n or days or suspended):
            continue
        match = and_(table.c.month == key[0], *(table.c[name] == value for name, value in zip(KEY_COLUMNS, key[1:],
                                                                                              strict=True)))
        current = conn.execute(select(table.c.id, table.c.n, table.c.days, table.c.suspended).where(match)).first()
        if current is None:
            conn.execute(table.insert().values(month=key[0], **dict(zip(KEY_COLUMNS, key[1:], strict=True)),
                                               n=n, days=days, suspended=suspended))
        elif (current.n + n, current.days + days, current.suspended + suspended) == (0, 0, 0):
            conn.execute(table.delete().where(table.c.id == current.id))
        else:
            conn.execute(table.update().where(table.c.id == current.id)
                         .values(n=current.n + n, days=current.days + days, suspended=current.suspended + suspended))


def _forget(session: Session, *args) -> None:
    session.info.pop(BEFORE_KEY, None)


def track(session_class=Session) -> None:
    """Keep the summary current with every flush of ``session_class`` (once per process)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush_postexec", _after_flush)
        event.listen(session_class, "after_soft_rollback", _forget)
