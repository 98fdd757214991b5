"""The figures a bureau reports (domain.md §11), from the case record. Read only: no writes.

Every figure is a count of a named *set* of cases (``case_set``), so the number on the page and
the list behind its link are the same query. Rates are numerator ÷ denominator with both kept,
``None`` when the denominator is 0 (the page says so; never a division error).

What counts (the data contract with the case workflow):
- received: ``received_on`` in the period; accepted: ``accepted_on``; refused (不予受理): status
  ``refused`` with ``closed_on`` (the refusal day) in the period; closed (审结): a ``closure`` with
  ``closed_on`` in the period.
- the applicant's 10-minute retraction (closure_detail ``correction_window``) is never counted:
  neither received nor closed nor a withdrawal.
- mediated: closure ``mediation``; settled: ``withdrawn`` + ``after_settlement``; self-corrected:
  ``withdrawn`` + ``self_correction``; 受理前协商化解: closure ``resolved_before_acceptance``.
- on time: a closed case with a (not cancelled) decision deadline closed on or before its due day;
  days to decide: ``closed_on`` − ``accepted_on`` minus the suspended days of its decision clock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Text, and_, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from recon.auth.models import User
from recon.cases.models import Case, IntakeRecord
from recon.cases.status import (
    AFTER_SETTLEMENT,
    CLOSURE_LABELS,
    CORRECTION_CLOSURES,
    DECISION_CLOSURES,
    OPEN_STATUSES,
    RETRACTED_FOR_CORRECTION,
    SELF_CORRECTION,
    WITHDRAWAL_DETAIL_LABELS,
    CaseStatus,
    Channel,
    Closure,
)
from recon.deadlines.models import RUNNING_STATES, Deadline, DeadlineState
from recon.followup.models import LaterProceeding, ProceedingKind
from recon.i18n import N_
from recon.intake.models import IntakePoint
from recon.stats.definitions import Definition
from recon.stats.periods import Period

COUNT, RATE, DAYS = "count", "rate", "days"
DECISION_RULES = ("decision", "decision_simple")
BASIS_RECEIVED = N_("收案口径：本期收到的申请（按收件日期）")
BASIS_ACCEPTED = N_("受理口径：本期受理的案件（按受理日期）")
BASIS_CLOSED = N_("结案口径：本期审结的案件（按结案日期，含上期结转）")
BASIS_NOW = N_("当前在办案件（不随统计期间变化）")


# ---- the sets ---------------------------------------------------------------------------------


def _in(column, period: Period):
    return column.between(period.start, period.end)


DETAIL = func.coalesce(Case.closure_detail, "")  # NULL-safe, so that a negation never drops a case
NOT_RETRACTED = DETAIL != RETRACTED_FOR_CORRECTION
WITHDRAWN_OUTCOMES = (Closure.MEDIATION, Closure.WITHDRAWN, Closure.RESOLVED_BEFORE_ACCEPTANCE)


def _proceeding(kind: str | None = None):
    cond = LaterProceeding.case_id == Case.id
    if kind:
        cond = and_(cond, LaterProceeding.kind == kind)
    return exists().where(cond)


def _decision_deadline(on_time: bool = False):
    cond = and_(Deadline.case_id == Case.id, Deadline.rule.in_(DECISION_RULES),
                Deadline.state != DeadlineState.CANCELLED, Deadline.due_on.is_not(None))
    if on_time:
        cond = and_(cond, Deadline.due_on >= Case.closed_on)
    return exists().where(cond)


def _conditions(period: Period, definition: Definition, today: date) -> dict:
    received = and_(_in(Case.received_on, period), NOT_RETRACTED)
    accepted = _in(Case.accepted_on, period)
    refused = and_(Case.status == CaseStatus.REFUSED, _in(Case.closed_on, period))
    closed = and_(Case.closure.is_not(None), _in(Case.closed_on, period), NOT_RETRACTED)
    mediated = and_(closed, Case.closure == Closure.MEDIATION)
    settled = and_(closed, Case.closure == Closure.WITHDRAWN, DETAIL == AFTER_SETTLEMENT)
    corrected = and_(closed, Case.closure.in_(CORRECTION_CLOSURES))
    denominators = {
        "closed": closed,
        "closed_excluding_mediation": and_(closed, ~or_(Case.closure == Closure.MEDIATION, and_(
            Case.closure == Closure.WITHDRAWN, DETAIL == AFTER_SETTLEMENT))),
        "received": received,
    }
    substantive = {
        "not_sued_or_petitioned": and_(closed, ~_proceeding()),
        "resolution_outcomes": and_(closed, or_(Case.closure.in_(WITHDRAWN_OUTCOMES),
                                                and_(Case.closure.in_(DECISION_CLOSURES), ~_proceeding()))),
    }
    week_end = today + timedelta(days=6 - today.weekday())
    running = exists().where(Deadline.case_id == Case.id, Deadline.state.in_(RUNNING_STATES))
    return {
        "open_now": Case.status.in_([s.value for s in OPEN_STATUSES]),
        "due_this_week": and_(running, exists().where(
            Deadline.case_id == Case.id, Deadline.state.in_(RUNNING_STATES),
            Deadline.due_on.between(today, week_end))),
        "overdue_now": exists().where(Deadline.case_id == Case.id, or_(
            Deadline.state == DeadlineState.OVERDUE,
            and_(Deadline.state == DeadlineState.OPEN, Deadline.due_on < today))),
        "received": received,
        "accepted": accepted,
        "refused": refused,
        "closed": closed,
        "mediated": mediated,
        "settled": settled,
        "mediated_or_settled": or_(mediated, settled),
        "self_corrected": and_(closed, Case.closure == Closure.WITHDRAWN, DETAIL == SELF_CORRECTION),
        "resolved_before_acceptance": and_(closed, Case.closure == Closure.RESOLVED_BEFORE_ACCEPTANCE),
        "corrected": corrected,
        "correction_denominator": denominators[definition.correction_denominator],
        "comprehensively_corrected": or_(corrected, and_(closed, DETAIL == SELF_CORRECTION)),
        "sued": and_(closed, _proceeding(ProceedingKind.LITIGATION)),
        "petitioned": and_(closed, _proceeding(ProceedingKind.PETITION)),
        "resolved": substantive[definition.substantive_basis],
        "with_decision_clock": and_(closed, _decision_deadline()),
        "on_time": and_(closed, _decision_deadline(on_time=True)),
        "decided_after_acceptance": and_(closed, Case.accepted_on.is_not(None)),
        "enterprise_received": and_(received, Case.enterprise),
    }


SET_LABELS = {
    "open_now": N_("在办案件"), "due_this_week": N_("本周到期的在办案件"), "overdue_now": N_("已逾期的在办案件"),
    "received": N_("收案"), "accepted": N_("受理"), "refused": N_("不予受理"), "closed": N_("审结"),
    "mediated": N_("调解结案"), "settled": N_("和解后撤回"), "mediated_or_settled": N_("调解和解结案"),
    "self_corrected": N_("被申请人自行纠正后撤回"), "resolved_before_acceptance": N_("受理前协商化解"),
    "corrected": N_("直接纠错"), "correction_denominator": N_("纠错率的分母"),
    "comprehensively_corrected": N_("综合纠错"), "sued": N_("结案后被起诉"), "petitioned": N_("结案后信访"),
    "resolved": N_("实质化解"), "with_decision_clock": N_("有审理期限的审结案件"), "on_time": N_("按期结案"),
    "decided_after_acceptance": N_("受理后审结"), "enterprise_received": N_("涉企收案"),
}


def case_set(name: str, period: Period, definition: Definition, today: date):
    """The SQL condition on Case of the named set (KeyError for an unknown name)."""
    return _conditions(period, definition, today)[name]


# ---- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    kind: str
    value: int | float | None
    numerator: int | None = None
    denominator: int | None = None
    formula: str = ""
    basis: str = ""
    cases: str | None = None  # the set behind the number (drill-down)
    denominator_cases: str | None = None

    def as_api(self) -> dict:
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "formula": self.formula}


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _count(name, label, value, formula, basis, cases=None) -> Figure:
    return Figure(name, label, COUNT, value, value, None, formula, basis, cases or name)


def _ratio(name, label, numerator, denominator, formula, basis, cases, denominator_cases) -> Figure:
    return Figure(name, label, RATE, _rate(numerator, denominator), numerator, denominator, formula, basis,
                  cases, denominator_cases)


@dataclass
class Report:
    period: Period
    previous: Period
    definition: Definition
    figures: dict[str, Figure]
    monthly: list[dict]  # {year, month, channel counts..., total, previous_total}
    closure_types: list[tuple[str, int]]  # (label, count)
    groups: dict[str, list[dict]] = field(default_factory=dict)  # by respondent / handler / point / enterprise


def _counts(session: Session, conds: dict, names: list[str], where) -> dict[str, int]:
    columns = [func.count().filter(conds[name]).label(name) for name in names]
    row = session.execute(select(*columns).select_from(Case).where(where)).one()
    return {name: int(row._mapping[name] or 0) for name in names}


def _days_between(session: Session, later, earlier):
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


def _suspended_days(session: Session, condition, period: Period) -> int:
    """Days the decision clocks of the cases were suspended (pauses end at the closure day)."""
    rows = session.execute(
        select(Deadline.pauses, Case.closed_on).join(Case, Case.id == Deadline.case_id)
        .where(condition, Deadline.rule.in_(DECISION_RULES), Deadline.state != DeadlineState.CANCELLED,
               func.length(func.coalesce(cast(Deadline.pauses, Text), "[]")) > 2)).all()
    total = 0
    for pauses, closed_on in rows:
        for start, resume in pauses or []:
            begin = date.fromisoformat(start)
            end = min(date.fromisoformat(resume), closed_on) if resume else closed_on
            total += max((end - begin).days, 0)
    return total


def build_report(session: Session, period: Period, definition: Definition, today: date) -> Report:
    conds = _conditions(period, definition, today)
    previous = period.previous_year()
    prev_conds = _conditions(previous, definition, today)
    touched = or_(_in(Case.received_on, period), _in(Case.accepted_on, period), _in(Case.closed_on, period))
    main = ["received", "accepted", "refused", "closed", "mediated", "settled", "mediated_or_settled",
            "self_corrected", "resolved_before_acceptance", "corrected", "correction_denominator",
            "comprehensively_corrected", "decided_after_acceptance", "enterprise_received"]
    n = _counts(session, conds, main, touched)
    n["previous_received"] = session.scalar(select(func.count()).select_from(Case).where(prev_conds["received"]))
    # Later proceedings, the decision clock and the open cases: restricted first, then counted.
    n |= _counts(session, conds, ["sued", "petitioned"], and_(conds["closed"], _proceeding()))
    n["resolved"] = session.scalar(select(func.count()).select_from(Case).where(conds["resolved"]))
    n |= _counts(session, conds, ["with_decision_clock", "on_time"], conds["with_decision_clock"])
    n |= _counts(session, conds, ["open_now"], conds["open_now"])
    n |= _counts(session, conds, ["due_this_week", "overdue_now"],
                 exists().where(Deadline.case_id == Case.id, Deadline.state.in_(RUNNING_STATES)))
    days = session.execute(select(func.sum(_days_between(session, Case.closed_on, Case.accepted_on)))
                           .where(conds["decided_after_acceptance"])).scalar() or 0
    suspended = _suspended_days(session, conds["decided_after_acceptance"], period)
    decided_days = int(round(days)) - suspended

    figures = _figures(n, decided_days, suspended, definition)
    return Report(period=period, previous=previous, definition=definition, figures=figures,
                  monthly=_monthly(session, period, previous, conds, prev_conds),
                  closure_types=_closure_types(session, conds["closed"]),
                  groups=_groups(session, conds))


def _figures(n: dict, decided_days: int, suspended: int, definition: Definition) -> dict[str, Figure]:
    closed = n["closed"]
    f = [
        _count("open_now", N_("在办"), n["open_now"], N_("状态为待审查、待补正、审理中、中止或调解中的案件"), BASIS_NOW),
        _count("due_this_week", N_("本周到期"), n["due_this_week"],
               N_("有期限在今天至本周日之间届满的在办案件"), BASIS_NOW),
        _count("overdue_now", N_("已逾期"), n["overdue_now"], N_("有期限已经届满仍未完成的在办案件"), BASIS_NOW),
        _count("received", N_("收案"), n["received"],
               N_("本期收到的申请数（现场、网络、邮寄；不含申请人 10 分钟内撤回修改的提交）"), BASIS_RECEIVED),
        _count("accepted", N_("受理"), n["accepted"], N_("本期受理（含视为受理）的案件数"), BASIS_ACCEPTED),
        _count("refused", N_("不予受理"), n["refused"], N_("本期决定不予受理的申请数"), BASIS_RECEIVED),
        _count("closed", N_("结案"), closed, N_("本期审结的案件数（有结案方式，按结案日期）"), BASIS_CLOSED),
        _count("mediated", N_("调解结案"), n["mediated"], N_("以调解书结案的案件数"), BASIS_CLOSED),
        _count("settled", N_("和解后撤回"), n["settled"], N_("和解后申请人撤回申请结案的案件数"), BASIS_CLOSED),
        _count("mediated_or_settled", N_("调解和解结案"), n["mediated_or_settled"],
               N_("调解结案数 + 和解后撤回结案数"), BASIS_CLOSED),
        _count("self_corrected", N_("自行纠正后撤回"), n["self_corrected"],
               N_("被申请人自行纠正后申请人撤回申请结案的案件数"), BASIS_CLOSED),
        _count("resolved_before_acceptance", N_("受理前协商化解"), n["resolved_before_acceptance"],
               N_("受理前经协商化解、申请人撤回申请的案件数"), BASIS_CLOSED),
        _count("corrected", N_("直接纠错"), n["corrected"],
               N_("决定变更、撤销、确认违法、责令履行、确认无效的案件数"), BASIS_CLOSED),
        _count("sued", N_("结案后被起诉"), n["sued"], N_("本期审结的案件中，已登记结案后提起行政诉讼的案件数"), BASIS_CLOSED),
        _count("petitioned", N_("结案后信访"), n["petitioned"], N_("本期审结的案件中，已登记结案后信访的案件数"), BASIS_CLOSED),
        _ratio("correction_rate", N_("纠错率"), n["corrected"], n["correction_denominator"],
               N_("直接纠错案件数 ÷ 纠错率的分母（分母按现行统计口径）"), BASIS_CLOSED, "corrected",
               "correction_denominator"),
        _ratio("comprehensive_correction_rate", N_("综合纠错率"), n["comprehensively_corrected"], closed,
               N_("（直接纠错案件数 + 被申请人自行纠正后撤回或调解的案件数）÷ 审结案件数"), BASIS_CLOSED,
               "comprehensively_corrected", "closed"),
        _ratio("mediation_withdrawal_rate", N_("调撤率"), n["mediated_or_settled"], closed,
               N_("（调解结案数 + 和解后撤回结案数）÷ 审结案件数"), BASIS_CLOSED, "mediated_or_settled", "closed"),
        _ratio("substantive_resolution_rate", N_("实质化解率"), n["resolved"], closed,
               N_("实质化解案件数 ÷ 审结案件数（实质化解按现行统计口径）"), BASIS_CLOSED, "resolved", "closed"),
        _ratio("sued_after_rate", N_("复议后被诉率"), n["sued"], closed,
               N_("结案后被起诉的案件数 ÷ 审结案件数"), BASIS_CLOSED, "sued", "closed"),
        _ratio("on_time_rate", N_("按期结案率"), n["on_time"], n["with_decision_clock"],
               N_("在审理期限（含延长、扣除中止）届满前结案的案件数 ÷ 有审理期限的审结案件数"), BASIS_CLOSED,
               "on_time", "with_decision_clock"),
        Figure("average_days", N_("平均审理天数"), DAYS,
               round(decided_days / n["decided_after_acceptance"], 1) if n["decided_after_acceptance"] else None,
               decided_days, n["decided_after_acceptance"],
               N_("Σ（结案日期 − 受理日期 − 中止天数）÷ 受理后审结的案件数"), BASIS_CLOSED,
               "decided_after_acceptance", "decided_after_acceptance"),
        Figure("yoy_received", N_("收案同比"), RATE,
               _rate(n["received"] - n["previous_received"], n["previous_received"]),
               n["received"] - n["previous_received"], n["previous_received"],
               N_("（本期收案数 − 上年同期收案数）÷ 上年同期收案数"), BASIS_RECEIVED, "received", None),
        _count("enterprise_received", N_("涉企收案"), n["enterprise_received"],
               N_("本期收案中申请人为企业（涉企）的案件数"), BASIS_RECEIVED),
    ]
    out = {figure.name: figure for figure in f}
    out["previous_received"] = _count("previous_received", N_("上年同期收案"), n["previous_received"],
                                      N_("上年同一期间收到的申请数"), BASIS_RECEIVED, "received")
    out["suspended_days"] = _count("suspended_days", N_("扣除的中止天数"), suspended,
                                   N_("受理后审结案件的审理期限中止天数合计"), BASIS_CLOSED, "decided_after_acceptance")
    return out


def _month_columns():
    return (func.extract("year", Case.received_on).label("y"), func.extract("month", Case.received_on).label("m"))


def _by_month(session: Session, received) -> dict[tuple[int, int], dict[str, int]]:
    year, month = _month_columns()
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for y, m, channel, count in session.execute(select(year, month, Case.channel, func.count())
                                                .where(received).group_by(year, month, Case.channel)):
        counts[(int(y), int(m))][channel] = count
    return counts


def _monthly(session: Session, period: Period, previous: Period, conds, prev_conds) -> list[dict]:
    """Received per month and channel, with the same month of the previous year (同比). A month only
    partly inside a custom period counts the days inside it."""
    this_year, last_year = _by_month(session, conds["received"]), _by_month(session, prev_conds["received"])
    out = []
    for y, m in period.months():
        this, last = this_year.get((y, m), {}), last_year.get((y - 1, m), {})
        row = {"year": y, "month": m, **{c.value: this.get(c.value, 0) for c in Channel}}
        row["total"] = sum(this.values())
        row["previous_total"] = sum(last.values())
        row["yoy"] = _rate(row["total"] - row["previous_total"], row["previous_total"])
        out.append(row)
    return out


def _closure_types(session: Session, closed) -> list[tuple[str, str, int]]:
    """(key, Chinese label, count) of each closure (withdrawals split by their detail)."""
    rows = session.execute(select(Case.closure, Case.closure_detail, func.count()).where(closed)
                           .group_by(Case.closure, Case.closure_detail)).all()
    counts: dict[str, int] = defaultdict(int)
    for closure, detail, count in rows:
        key = f"{closure}:{detail}" if closure == Closure.WITHDRAWN and detail in WITHDRAWAL_DETAIL_LABELS else closure
        counts[key] += count
    out = []
    for closure in Closure:
        if closure == Closure.WITHDRAWN:
            for detail, label in WITHDRAWAL_DETAIL_LABELS.items():
                out.append((f"{closure}:{detail}", label, counts.get(f"{closure}:{detail}", 0)))
            out.append((closure.value, N_("其他撤回"), counts.get(closure.value, 0)))
        else:
            out.append((closure.value, CLOSURE_LABELS[closure], counts.get(closure.value, 0)))
    return out


GROUP_COLUMNS = ("received", "closed", "corrected", "mediated_or_settled")


def _grouped(session: Session, conds, key, joins=()) -> list[dict]:
    columns = [func.count().filter(conds[name]).label(name) for name in GROUP_COLUMNS]
    query = select(key.label("key"), *columns).select_from(Case)
    for target, on in joins:
        query = query.outerjoin(target, on)
    query = query.where(or_(conds["received"], conds["closed"])).group_by(key)
    rows = []
    for row in session.execute(query).all():
        values = {name: int(getattr(row, name) or 0) for name in GROUP_COLUMNS}
        rows.append({"key": row.key, **values})
    rows.sort(key=lambda r: (-r["received"], -r["closed"], str(r["key"])))
    return rows


def _groups(session: Session, conds) -> dict[str, list[dict]]:
    by_handler = _grouped(session, conds, Case.handler_id)
    names = dict(session.execute(select(User.id, User.display_name)
                                 .where(User.id.in_([r["key"] for r in by_handler if r["key"]]))).all())
    for row in by_handler:
        row["label"] = names.get(row["key"]) or N_("未分配")
    by_point = _grouped(session, conds, IntakePoint.name, joins=(
        (IntakeRecord, IntakeRecord.case_id == Case.id), (IntakePoint, IntakePoint.id == IntakeRecord.point_id)))
    for row in by_point:
        row["label"] = row["key"] or N_("不经接收点")
    by_respondent = _grouped(session, conds, Case.respondent_name)
    for row in by_respondent:
        row["label"] = row["key"]
    by_enterprise = _grouped(session, conds, Case.enterprise)
    for row in by_enterprise:
        row["label"] = N_("涉企案件") if row["key"] else N_("非涉企案件")
    by_enterprise.sort(key=lambda r: not r["key"])
    return {"respondent": by_respondent, "handler": by_handler, "point": by_point, "enterprise": by_enterprise}


def cases_in(session: Session, name: str, period: Period, definition: Definition, today: date):
    """The query of the cases behind a figure (newest first)."""
    return (select(Case).where(case_set(name, period, definition, today))
            .order_by(Case.received_on.desc(), Case.id.desc()))

