"""The summary behind the statistics dashboard and the staff home (a summary table, not live
aggregates: see README "Statistics").

Each case adds a few counted rows to ``stat_summary``: received, accepted, refused and closed on a
day (with the keys the figures split by), the same by respondent, handler and intake point, the
suspended days of its decision clock, and one "now" row for its status. Dated rows are kept three
times, per day, per month and per year: a period reads its whole years from the year rows, the
whole months left from the month rows and the days left at its edges from the day rows, so any
period, custom ones included, is answered from the summary.

Two implementations of the same definitions, which the tests hold equal:

- ``rebuild`` counts the whole case record in SQL (``flask recon stats rebuild-summary``, after bulk
  SQL, COPY or an upgrade).
- ``track`` keeps the table current with every flush through the ORM. Before the flush,
  ``contribution`` works out the rows of each case the flush adds, changes or deletes (the case, its
  intake record, its decision deadlines or its later suits and petitions), as they were (committed
  state, attribute history) and as they will be (pending state); after the flush, one
  ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` adds the difference, in the same
  transaction. The counted cases are never re-counted: only when a closed case's figures depend on
  rows the session has not loaded (its decision deadlines, its later proceedings, its intake point)
  are those read by the case's id. The upsert adds to a row under that row's lock, so concurrent
  writers never lose an update (PostgreSQL; SQLite has one writer at a time), and rows are written
  in key order, so two writers never wait on each other in a cycle.

Writers that bypass the ORM (bulk SQL, COPY) must call ``rebuild``. A row whose counts fall back to
0 stays (it adds nothing) until the next rebuild.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    delete,
    event,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.orm.util import identity_key

from recon.cases.models import Case, IntakeRecord
from recon.cases.status import RETRACTED_FOR_CORRECTION, CaseStatus
from recon.deadlines.models import Deadline, DeadlineState
from recon.followup.models import LaterProceeding, ProceedingKind
from recon.stats.models import StatSummary

DECISION_RULES = ("decision", "decision_simple")
GRAIN_DAY, GRAIN_MONTH, GRAIN_YEAR, GRAIN_NOW = "day", "month", "year", "now"
#: The ``day`` of the "now" rows (the status counts): a fixed date before any case.
NOW_DAY = date(1900, 1, 1)
KEY_COLUMNS = ("kind", "dim", "dim_value", "channel", "closure", "detail", "enterprise", "sued", "petitioned",
               "clock", "accepted")
#: The columns of the unique index the upsert conflicts on.
ROW_KEY = ("grain", "day", *KEY_COLUMNS)
MEASURES = ("n", "days", "suspended")
#: The case columns the rows depend on.
CASE_FIELDS = ("status", "channel", "enterprise", "received_on", "accepted_on", "closed_on", "closure",
               "closure_detail", "respondent_name", "handler_id", "act_type")
DIMS = (("respondent", "respondent_name"), ("handler", "handler_id"), ("act_type", "act_type"))


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of the month of ``day``."""
    first = month_of(day)
    return (first.replace(year=first.year + 1, month=1) if first.month == 12
            else first.replace(month=first.month + 1)) - timedelta(days=1)


# ---- reading: a period's rows -----------------------------------------------------------------


def _months_and_days(start: date, end: date) -> list[tuple[str, date, date]]:
    first_full = start if start.day == 1 else month_end(start) + timedelta(days=1)
    last_full = end if end == month_end(end) else month_of(end) - timedelta(days=1)
    if first_full > last_full:
        return [(GRAIN_DAY, start, end)]
    out = [(GRAIN_MONTH, first_full, month_of(last_full))]
    if start < first_full:
        out.append((GRAIN_DAY, start, first_full - timedelta(days=1)))
    if end > last_full:
        out.append((GRAIN_DAY, last_full + timedelta(days=1), end))
    return out


def pieces(start: date, end: date, years: bool = True) -> list[tuple[str, date, date]]:
    """(grain, first, last) covering the days [start, end] with the fewest rows: its whole years
    from the year rows, the whole months left from the month rows, the days left at the edges from
    the day rows (``first``/``last``: the rows' ``day``, so a year's or a month's first day).
    ``years=False``: no year rows (what a count by month needs)."""
    first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    last_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
    if not years or first_year > last_year:
        return _months_and_days(start, end)
    out = [(GRAIN_YEAR, date(first_year, 1, 1), date(last_year, 1, 1))]
    if start < date(first_year, 1, 1):
        out += _months_and_days(start, date(first_year - 1, 12, 31))
    if end > date(last_year, 12, 31):
        out += _months_and_days(date(last_year + 1, 1, 1), end)
    return out


def in_period(start: date, end: date, years: bool = True):
    """The summary rows that count the days [start, end], each day once."""
    return or_(*(and_(StatSummary.grain == grain, StatSummary.day.between(first, last))
                 for grain, first, last in pieces(start, end, years)))


def status_counts(session: Session) -> dict[str, int]:
    """Cases by status now (every case, the applicant's retracted versions included)."""
    rows = session.execute(select(StatSummary.dim_value, func.sum(StatSummary.n))
                           .where(StatSummary.grain == GRAIN_NOW, StatSummary.day == NOW_DAY,
                                  StatSummary.kind == "status")
                           .group_by(StatSummary.dim_value))
    return {status: int(n) for status, n in rows if n}


# ---- a case's rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """A decision deadline as the figures read it."""

    due_on: date | None
    state: str
    pauses: tuple = ()


def _key(grain: str, day: date, kind: str, dim: str = "", dim_value: str = "", channel: str = "",
         closure: str = "", detail: str = "", enterprise: bool = False, sued: bool = False,
         petitioned: bool = False, clock: str = "", accepted: bool = False) -> tuple:
    return (grain, day, kind, dim, str(dim_value), str(channel), str(closure), str(detail), bool(enterprise),
            bool(sued), bool(petitioned), clock, bool(accepted))


class Rows(defaultdict):
    """Counted rows: key (``ROW_KEY``) → [n, days, suspended]."""

    def __init__(self):
        super().__init__(lambda: [0, 0, 0])

    def dated(self, day: date, *key, n: int = 1, days: int = 0, suspended: int = 0, **named) -> None:
        for grain, on in ((GRAIN_DAY, day), (GRAIN_MONTH, month_of(day)), (GRAIN_YEAR, day.replace(month=1, day=1))):
            self.add(_key(grain, on, *key, **named), n, days, suspended)

    def add(self, key: tuple, n: int, days: int = 0, suspended: int = 0, sign: int = 1) -> None:
        measures = self[key]
        measures[0] += sign * n
        measures[1] += sign * days
        measures[2] += sign * suspended

    def merge(self, other: Rows, sign: int = 1) -> None:
        for key, (n, days, suspended) in other.items():
            self.add(key, n, days, suspended, sign)

    def nonzero(self) -> dict[tuple, list[int]]:
        return {key: m for key, m in self.items() if any(m)}


def _dim_value(value) -> str:
    return "" if value is None else str(value)


def counted(c: dict) -> tuple[bool, bool]:
    """(counted as received, counted as closed): the applicant's 10-minute retraction never is."""
    retracted = (c["closure_detail"] or "") == RETRACTED_FOR_CORRECTION
    return (c["received_on"] is not None and not retracted,
            c["closure"] is not None and c["closed_on"] is not None and not retracted)


def case_rows(c: dict | None) -> Rows:
    """The rows that depend on the case row alone (``c``: the ``CASE_FIELDS``; None: no case)."""
    out = Rows()
    if c is None:
        return out
    if c["status"]:
        out.add(_key(GRAIN_NOW, NOW_DAY, "status", dim_value=c["status"]), 1)
    received, closed = counted(c)
    main = {"channel": c["channel"] or "", "enterprise": c["enterprise"]}
    detail = c["closure_detail"] or ""
    if received:
        out.dated(c["received_on"], "received", **main)
        for dim, name in DIMS:
            out.dated(c["received_on"], "received", dim=dim, dim_value=_dim_value(c[name]))
    if c["accepted_on"] is not None:
        out.dated(c["accepted_on"], "accepted", **main)
    if c["status"] == CaseStatus.REFUSED and c["closed_on"] is not None:
        out.dated(c["closed_on"], "refused", **main)
    if closed:
        for dim, name in DIMS:
            out.dated(c["closed_on"], "closed", dim=dim, dim_value=_dim_value(c[name]), closure=c["closure"],
                      detail=detail)
    return out


def point_rows(c: dict | None, point_id) -> Rows:
    """The rows by intake point (``point_id``: the case's intake record's point, None without)."""
    out = Rows()
    if c is None:
        return out
    received, closed = counted(c)
    if received:
        out.dated(c["received_on"], "received", dim="point", dim_value=_dim_value(point_id))
    if closed:
        out.dated(c["closed_on"], "closed", dim="point", dim_value=_dim_value(point_id), closure=c["closure"],
                  detail=c["closure_detail"] or "")
    return out


def closed_rows(c: dict | None, clocks: Iterable[Clock], kinds: Iterable[str]) -> Rows:
    """The main closed row (with its later suit or petition, its decision clock and its days) and
    the suspended days of its decision clock (``clocks``: the case's decision deadlines;
    ``kinds``: the kinds of its later proceedings)."""
    out = Rows()
    if c is None or not counted(c)[1]:
        return out
    closed_on, accepted_on = c["closed_on"], c["accepted_on"]
    running = [k for k in clocks if k.state != DeadlineState.CANCELLED]
    timed = [k for k in running if k.due_on is not None]
    clock = ("on_time" if any(k.due_on >= closed_on for k in timed) else "late") if timed else ""
    kinds = set(kinds)
    accepted = accepted_on is not None
    out.dated(closed_on, "closed", channel=c["channel"] or "", closure=c["closure"],
              detail=c["closure_detail"] or "", enterprise=c["enterprise"],
              sued=ProceedingKind.LITIGATION in kinds, petitioned=ProceedingKind.PETITION in kinds, clock=clock,
              accepted=accepted, days=(closed_on - accepted_on).days if accepted else 0)
    if accepted:
        suspended = sum(_paused_days(k.pauses, closed_on) for k in running)
        if suspended:
            out.dated(closed_on, "suspended", n=0, suspended=suspended)
    return out


def _paused_days(pauses, closed_on: date) -> int:
    """Days a clock stood still, a pause ending at the closure at the latest."""
    total = 0
    for start, resume in pauses or ():
        begin = date.fromisoformat(start)
        end = min(date.fromisoformat(resume), closed_on) if resume else closed_on
        total += max((end - begin).days, 0)
    return total


def contribution(c: dict | None, point_id, clocks: Iterable[Clock], kinds: Iterable[str]) -> Rows:
    """Every row the case ``c`` adds to the summary."""
    out = case_rows(c)
    out.merge(point_rows(c, point_id))
    out.merge(closed_rows(c, clocks, kinds))
    return out


def _closed_signature(c: dict | None) -> tuple | None:
    """What ``closed_rows`` reads of the case row (None: it adds no closed rows)."""
    if c is None or not counted(c)[1]:
        return None
    return tuple(c[name] for name in ("closed_on", "accepted_on", "closure", "closure_detail", "channel",
                                      "enterprise"))


# ---- rebuilding from the case record ----------------------------------------------------------


def _days(session: Session, later, earlier):
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return later - earlier


def _start_of(session: Session, unit: str, day):
    """The first day of the month or year of ``day``, in SQL."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(day, f"start of {unit}")
    return cast(func.date_trunc(unit, day), StatSummary.day.type)


def _blank() -> dict[str, Any]:
    text_ = lambda: literal("", String)  # noqa: E731
    return {"dim": text_(), "dim_value": text_(), "channel": text_(), "closure": text_(), "detail": text_(),
            "enterprise": false(), "sued": false(), "petitioned": false(), "clock": text_(), "accepted": false(),
            "days": literal(0, Integer), "suspended": literal(0, Integer)}


COLUMNS = (*ROW_KEY, *MEASURES)


def _insert_day_rows(session: Session) -> None:
    """Every dated row per day, counted from the case record by ``INSERT … SELECT`` (the same
    definitions as ``contribution``)."""
    detail = func.coalesce(Case.closure_detail, "")
    not_retracted = detail != RETRACTED_FOR_CORRECTION
    received = and_(Case.received_on.is_not(None), not_retracted)
    closed = and_(Case.closure.is_not(None), Case.closed_on.is_not(None), not_retracted)
    decision = and_(Deadline.case_id == Case.id, Deadline.rule.in_(DECISION_RULES),
                    Deadline.state != DeadlineState.CANCELLED, Deadline.due_on.is_not(None))
    accepted = Case.accepted_on.is_not(None)

    def later(kind: str):
        return exists().where(LaterProceeding.case_id == Case.id, LaterProceeding.kind == kind)

    def add(kind: str, day, columns: dict, where, joins=(), dim: str = "", days=None) -> None:
        values = {**_blank(), "grain": literal(GRAIN_DAY, String), "day": day, "kind": literal(kind, String),
                  "dim": literal(dim, String), **columns, "n": func.count()}
        if days is not None:
            values["days"] = days
        query = select(*(values[name].label(name) for name in COLUMNS)).select_from(Case)
        for target, on in joins:
            query = query.outerjoin(target, on)
        query = query.where(where).group_by(day, *columns.values())
        session.execute(insert(StatSummary).from_select(list(COLUMNS), query))

    main = {"channel": Case.channel, "enterprise": Case.enterprise}
    add("received", Case.received_on, main, received)
    add("accepted", Case.accepted_on, main, accepted)
    add("refused", Case.closed_on, main, and_(Case.status == CaseStatus.REFUSED, Case.closed_on.is_not(None)))
    add("closed", Case.closed_on, {
        **main, "closure": Case.closure, "detail": detail,
        "sued": later(ProceedingKind.LITIGATION), "petitioned": later(ProceedingKind.PETITION),
        "clock": case((exists().where(decision, Deadline.due_on >= Case.closed_on), "on_time"),
                      (exists().where(decision), "late"), else_=""),
        "accepted": accepted,
    }, closed, days=func.sum(case((accepted, _days(session, Case.closed_on, Case.accepted_on)), else_=0)))
    point_join = ((IntakeRecord, IntakeRecord.case_id == Case.id),)
    for dim, column, joins in (("respondent", Case.respondent_name, ()), ("handler", Case.handler_id, ()),
                               ("act_type", Case.act_type, ()), ("point", IntakeRecord.point_id, point_join)):
        value = func.coalesce(cast(column, String), "")
        add("received", Case.received_on, {"dim_value": value}, received, joins, dim=dim)
        add("closed", Case.closed_on, {"dim_value": value, "closure": Case.closure, "detail": detail}, closed,
            joins, dim=dim)
    suspended: dict[date, int] = defaultdict(int)
    for pauses, closed_on in session.execute(
            select(Deadline.pauses, Case.closed_on).join(Case, Case.id == Deadline.case_id)
            .where(closed, accepted, Deadline.rule.in_(DECISION_RULES), Deadline.state != DeadlineState.CANCELLED,
                   func.length(cast(Deadline.pauses, Text)) > 2)):
        suspended[closed_on] += _paused_days(pauses, closed_on)
    blank = {"dim": "", "dim_value": "", "channel": "", "closure": "", "detail": "", "enterprise": False,
             "sued": False, "petitioned": False, "clock": "", "accepted": False, "n": 0, "days": 0}
    rows = [{**blank, "grain": GRAIN_DAY, "day": day, "kind": "suspended", "suspended": days}
            for day, days in sorted(suspended.items()) if days]
    for at in range(0, len(rows), 5000):
        session.execute(insert(StatSummary), rows[at:at + 5000])


def rebuild(session: Session) -> int:
    """Recompute the whole summary from the case record; returns the number of months counted."""
    session.execute(delete(StatSummary))
    _insert_day_rows(session)
    keys = [getattr(StatSummary, name) for name in KEY_COLUMNS]
    for grain, unit, source in ((GRAIN_MONTH, "month", GRAIN_DAY), (GRAIN_YEAR, "year", GRAIN_MONTH)):
        first = _start_of(session, unit, StatSummary.day)
        session.execute(insert(StatSummary).from_select(list(COLUMNS), select(
            literal(grain, String), first, *keys, func.sum(StatSummary.n), func.sum(StatSummary.days),
            func.sum(StatSummary.suspended)).where(StatSummary.grain == source).group_by(first, *keys)))
    now = {**_blank(), "grain": literal(GRAIN_NOW, String), "day": literal(NOW_DAY, StatSummary.day.type),
           "kind": literal("status", String), "dim_value": Case.status, "n": func.count()}
    session.execute(insert(StatSummary).from_select(list(COLUMNS), select(
        *(now[name].label(name) for name in COLUMNS)).select_from(Case).group_by(Case.status)))
    return session.scalar(select(func.count(func.distinct(StatSummary.day)))
                          .where(StatSummary.grain == GRAIN_MONTH)) or 0


# ---- keeping it current ----------------------------------------------------------------------

DELTA_KEY = "recon.stats.summary_delta"
UNKNOWN = object()


def _value(obj, name: str, pending: bool):
    """A pending object's attribute with its column's default applied (as the INSERT will)."""
    value = obj.__dict__.get(name)
    if value is None and pending:
        default = obj.__table__.c[name].default
        if default is not None and default.is_scalar:
            return default.arg
    return value


def _states(obj, names: Iterable[str]) -> tuple[dict, dict]:
    """(as stored, as it will be) of a stored object's attributes, from its committed state and
    its attribute history; ``UNKNOWN`` where the session never loaded the stored value."""
    committed, current = obj._sa_instance_state.committed_state, obj.__dict__
    before, after = {}, {}
    for name in names:
        if name in committed:
            old = committed[name]
            before[name] = UNKNOWN if old is NO_VALUE else old
            after[name] = current.get(name)
        elif name in current:
            before[name] = after[name] = current[name]
        else:  # expired and not changed
            before[name] = after[name] = UNKNOWN
    return before, after


def _is_pending(obj) -> bool:
    state = obj._sa_instance_state
    return state.key is None


@dataclass
class _Touched:
    """One case the flush concerns: its row before and after (None: absent), and what changed of
    its intake record and decision deadlines and later proceedings."""

    before: dict | None = None
    after: dict | None = None
    known: bool = False  # before/after set from the case object itself
    new: bool = False
    intake: bool = False  # the flush adds, changes or deletes the case's intake record
    point_before: Any = None  # then: the point before (None: no record or no point) and after
    point_after: Any = None
    related: bool = False  # a decision deadline or later proceeding changes
    clocks: list = field(default_factory=list)  # (id or None, Clock or None before, Clock or None after)
    kinds: list = field(default_factory=list)  # (id or None, kind before or None, kind after or None)


class _Flush:
    """What one flush changes in the summary (built before the flush, from the session's state)."""

    def __init__(self, session: Session):
        self.session = session
        self.cases: dict[Any, _Touched] = {}

    def _case_key(self, case_obj=None, case_id=None):
        if case_obj is not None and _is_pending(case_obj):
            return ("new", id(case_obj))
        if case_obj is not None:
            return case_obj._sa_instance_state.key[1][0]
        return case_id

    def touched(self, key) -> _Touched:
        return self.cases.setdefault(key, _Touched())

    def collect(self) -> None:
        s = self.session
        for obj in s.new:
            self._object(obj, "new")
        for obj in s.dirty:
            self._object(obj, "dirty")
        for obj in s.deleted:
            self._object(obj, "deleted")

    def _object(self, obj, how: str) -> None:
        if isinstance(obj, Case):
            self._case(obj, how)
        elif isinstance(obj, IntakeRecord):
            self._intake(obj, how)
        elif isinstance(obj, Deadline):
            self._related(obj, how, ("case_id", "rule", "due_on", "state", "pauses"), self._clock)
        elif isinstance(obj, LaterProceeding):
            self._related(obj, how, ("case_id", "kind"), self._kind)

    def _case(self, obj: Case, how: str) -> None:
        if how == "new":
            t = self.touched(self._case_key(obj))
            t.after, t.known, t.new = {name: _value(obj, name, True) for name in CASE_FIELDS}, True, True
            return
        before, after = _states(obj, CASE_FIELDS)
        if how == "dirty" and before == after:
            return
        t = self.touched(self._case_key(obj))
        t.before, t.after, t.known = before, (None if how == "deleted" else after), True

    def _intake(self, obj: IntakeRecord, how: str) -> None:
        """A case has one intake record (unique): a new one means none was stored, unless the
        flush also deletes (or moves away) the stored one."""
        case_obj = obj.__dict__.get("case")
        if how == "new":
            key = self._case_key(case_obj, obj.__dict__.get("case_id"))
            if key is not None:  # (a record of no case fails the flush anyway)
                t = self.touched(key)
                t.intake, t.point_after = True, obj.__dict__.get("point_id")
            return
        before, after = _states(obj, ("case_id", "point_id"))
        if how == "dirty" and before == after:
            return
        if UNKNOWN in before.values():
            stored = self.session.connection().execute(
                select(IntakeRecord.case_id, IntakeRecord.point_id).where(IntakeRecord.id == obj.id)).one()
            before = {"case_id": stored.case_id, "point_id": stored.point_id}
            after = {k: (before[k] if v is UNKNOWN else v) for k, v in after.items()}
        old = self.touched(before["case_id"])
        old.intake, old.point_before = True, before["point_id"]
        if how == "dirty":
            new = self.touched(self._case_key(case_obj, after["case_id"]))
            new.intake, new.point_after = True, after["point_id"]

    @staticmethod
    def _clock(values: dict):
        if values["rule"] not in DECISION_RULES:
            return None
        return Clock(values["due_on"], values["state"], tuple(tuple(p) for p in values["pauses"] or ()))

    @staticmethod
    def _kind(values: dict):
        return values["kind"]

    def _related(self, obj, how: str, names: tuple, value) -> None:
        if how == "new":
            values = {name: _value(obj, name, True) for name in names}
            if value(values) is not None:
                self._record(obj, values["case_id"], None, value(values))
            return
        before, after = _states(obj, names)
        if "rule" in names and UNKNOWN not in (before["rule"], after["rule"]) and not (
                before["rule"] in DECISION_RULES or after["rule"] in DECISION_RULES):
            return  # not a decision clock: no figure reads it
        if UNKNOWN in before.values():  # changed without being loaded first: read it back
            stored = self.session.connection().execute(
                select(*(obj.__table__.c[name] for name in names)).where(obj.__table__.c.id == obj.id)).one()
            before = {name: (stored[i] if before[name] is UNKNOWN else before[name]) for i, name in enumerate(names)}
            after = {name: (stored[i] if after[name] is UNKNOWN else after[name]) for i, name in enumerate(names)}
        if how == "dirty" and before == after:
            return
        old, new = value(before), (None if how == "deleted" else value(after))
        if old is None and new is None:
            return
        if before["case_id"] == after["case_id"] or how == "deleted":
            self._record(obj, before["case_id"], old, new)
        else:
            self._record(obj, before["case_id"], old, None)
            self._record(obj, after["case_id"], None, new)

    def _record(self, obj, case_id, old, new) -> None:
        if case_id is None:
            return
        t = self.touched(case_id)
        t.related = True
        rows = t.clocks if isinstance(obj, Deadline) else t.kinds
        rows.append((obj.__dict__.get("id"), old, new))

    # ---- the case rows before and after ----

    def _complete_cases(self) -> None:
        """Fill the case rows of the cases whose row the flush does not change, and the stored
        values the session never loaded (one query for all)."""
        missing = []
        for key, t in self.cases.items():
            if t.new:
                continue
            if not t.known:
                obj = self.session.identity_map.get(identity_key(Case, key))
                if obj is not None:
                    t.before, after = _states(obj, CASE_FIELDS)
                    t.after = after if obj not in self.session.deleted else None
                    t.known = True
                else:
                    t.before = t.after = dict.fromkeys(CASE_FIELDS, UNKNOWN)
            if UNKNOWN in t.before.values() or (t.after is not None and UNKNOWN in t.after.values()):
                missing.append(key)
        if not missing:
            return
        table = Case.__table__
        rows = self.session.connection().execute(
            select(table.c.id, *(table.c[name] for name in CASE_FIELDS)).where(table.c.id.in_(missing)))
        for row in rows:
            t = self.cases[row.id]
            stored = dict(zip(CASE_FIELDS, row[1:], strict=True))
            t.before = {k: (stored[k] if v is UNKNOWN else v) for k, v in t.before.items()}
            if t.after is not None:
                t.after = {k: (stored[k] if v is UNKNOWN else v) for k, v in t.after.items()}
        for key in missing:
            if UNKNOWN in self.cases[key].before.values():  # no such case (a dangling reference)
                self.cases[key].before = self.cases[key].after = None

    # ---- the delta ----

    def delta(self) -> Rows:
        self.collect()
        if not self.cases:
            return Rows()
        self._complete_cases()
        out = Rows()
        need_point, need_related = [], []
        for key, t in self.cases.items():
            out.merge(case_rows(t.after))
            out.merge(case_rows(t.before), -1)
            if not t.intake and not t.new and point_rows(t.before, None) != point_rows(t.after, None):
                need_point.append(key)
            if (t.related or _closed_signature(t.before) != _closed_signature(t.after)) and not t.new and (
                    _closed_signature(t.before) or _closed_signature(t.after)):
                need_related.append(key)
        points = self._stored_points(need_point)
        clocks, kinds = self._stored_related(need_related)
        for key, t in self.cases.items():
            if t.intake or t.new or key in points:
                before, after = (t.point_before, t.point_after) if t.intake or t.new else (points[key], points[key])
                out.merge(point_rows(t.after, after))
                out.merge(point_rows(t.before, before), -1)
            if key in need_related:
                old_clocks, new_clocks = _overlay(clocks.get(key, {}), t.clocks)
                old_kinds, new_kinds = _overlay(kinds.get(key, {}), t.kinds)
                out.merge(closed_rows(t.after, new_clocks, new_kinds))
                out.merge(closed_rows(t.before, old_clocks, old_kinds), -1)
            elif t.new:
                out.merge(closed_rows(t.after, [], []))
        return out

    def _stored_points(self, keys: list) -> dict:
        """The intake point of stored cases: from the loaded case when the session has it."""
        out, query = {}, []
        for key in keys:
            obj = self.session.identity_map.get(identity_key(Case, key))
            record = obj.__dict__.get("intake", UNKNOWN) if obj is not None else UNKNOWN
            if record is None:
                out[key] = None
            elif record is not UNKNOWN and "point_id" in record.__dict__:
                out[key] = record.__dict__["point_id"]
            else:
                query.append(key)
        out |= dict.fromkeys(query)
        if query:
            out |= dict(self.session.connection().execute(
                select(IntakeRecord.case_id, IntakeRecord.point_id).where(IntakeRecord.case_id.in_(query))).all())
        return out

    def _stored_related(self, keys: list) -> tuple[dict, dict]:
        """The stored decision deadlines and later proceedings of the cases (by id)."""
        if not keys:
            return {}, {}
        conn = self.session.connection()
        clocks: dict = defaultdict(dict)
        for row in conn.execute(select(Deadline.id, Deadline.case_id, Deadline.due_on, Deadline.state,
                                       Deadline.pauses)
                                .where(Deadline.case_id.in_(keys), Deadline.rule.in_(DECISION_RULES))):
            clocks[row.case_id][row.id] = Clock(row.due_on, row.state, tuple(tuple(p) for p in row.pauses or ()))
        kinds: dict = defaultdict(dict)
        for row in conn.execute(select(LaterProceeding.id, LaterProceeding.case_id, LaterProceeding.kind)
                                .where(LaterProceeding.case_id.in_(keys))):
            kinds[row.case_id][row.id] = row.kind
        return clocks, kinds


def _overlay(stored: dict, changes: list) -> tuple[list, list]:
    """(before, after) of a case's related rows: the stored ones, and the same with the flush's
    changes (``(id, before, after)``; id None for a new row)."""
    after = dict(stored)
    added = []
    for row_id, _old, new in changes:
        if row_id is not None:
            after.pop(row_id, None)
        if new is not None:
            if row_id is None:
                added.append(new)
            else:
                after[row_id] = new
    return list(stored.values()), [*after.values(), *added]


def _before_flush(session: Session, flush_context, instances) -> None:
    delta = _Flush(session).delta().nonzero()
    if delta:
        flush_context.attributes[DELTA_KEY] = delta


def _after_flush(session: Session, flush_context) -> None:
    delta = flush_context.attributes.pop(DELTA_KEY, None)
    if delta:
        apply_delta(session, delta)


_UPSERTS: dict[str, Any] = {}


def _upsert(dialect: str):
    """``INSERT INTO stat_summary … VALUES (one row of parameters) ON CONFLICT (the row's key) DO
    UPDATE SET n = stat_summary.n + excluded.n, …``, built once per dialect (so compiled once)."""
    if dialect not in _UPSERTS:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        table = StatSummary.__table__
        stmt = upsert(table).values({name: bindparam(name, type_=table.c[name].type) for name in COLUMNS})
        _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=list(ROW_KEY), set_={name: table.c[name] + stmt.excluded[name] for name in MEASURES})
    return _UPSERTS[dialect]


def apply_delta(session: Session, delta: dict[tuple, list[int]]) -> None:
    """Add ``delta`` (key → [n, days, suspended]) to the table: the upsert executed once with every
    row's parameters, the rows in key order."""
    rows = [dict(zip(COLUMNS, (*key, *measures), strict=True)) for key, measures in sorted(delta.items())]
    conn = session.connection()
    conn.execute(_upsert(conn.dialect.name), rows)


def track(session_class=Session) -> None:
    """Keep the summary current with every flush of ``session_class`` (once per process)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush_postexec", _after_flush)


def untrack(session_class=Session) -> None:
    """Stop keeping the summary (the benchmarks measure what the listener adds)."""
    if event.contains(session_class, "before_flush", _before_flush):
        event.remove(session_class, "before_flush", _before_flush)
        event.remove(session_class, "after_flush_postexec", _after_flush)
