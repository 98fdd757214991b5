"""The figures a bureau reports (domain.md §11), from the case record. Read only: no writes.

Every figure counts a named *set* of cases (``case_set``: the list behind the figure's link).
The counts come from the summary (recon.stats.summary, per day, month and year), which counts the
same sets: the tests check that each figure equals the length of its list. Rates are numerator ÷ denominator with both kept,
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
  days to decide: ``closed_on`` － ``accepted_on`` minus the suspended days of its decision clock.
- not in the summary, counted from their own tables through their own indexes: the cases with a
  hearing (``workflow.record_hearing`` entry) or a mediation session held in the period, and those
  where the respondent's 负责人 attended one (负责人出席率); the 意见书 and 建议书 issued in the
  period (documents, by the Beijing day of ``issued_at``); the cases by ``act_type``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, exists, func, or_, select, text, union
from sqlalchemy.orm import Session

from recon.auth.models import User
from recon.cases.models import HEARING_EVENT, Case, CaseEvent
from recon.cases.status import (
    CORRECTION_CLOSURES,
    DECISION_CLOSURES,
    OPEN_STATUSES,
    RETRACTED_FOR_CORRECTION,
    CaseStatus,
    Channel,
    Closure,
    WithdrawalDetail,
    act_type_label,
)
from recon.clock import beijing_day_start
from recon.deadlines.models import RUNNING_PREDICATE, RUNNING_STATES, Deadline, DeadlineState
from recon.documents.kinds import KINDS
from recon.documents.models import Document
from recon.followup.models import LaterProceeding, ProceedingKind
from recon.i18n import N_
from recon.intake.models import IntakePoint
from recon.mediation.models import Mediation, MediationSession
from recon.stats.definitions import Definition
from recon.stats.models import RECEIVED_ROWS, StatSummary
from recon.stats.periods import Period
from recon.stats.summary import DECISION_RULES, KEY_COLUMNS, in_period, status_counts

COUNT, RATE, DAYS = "count", "rate", "days"
BASIS_RECEIVED = N_("收案口径：本期收到的申请（按收件日期）")
BASIS_ACCEPTED = N_("受理口径：本期受理的案件（按受理日期）")
BASIS_CLOSED = N_("结案口径：本期审结的案件（按结案日期，含上期结转）")
BASIS_NOW = N_("当前在办案件（不随统计期间变化）")
BASIS_HELD = N_("举行口径：本期举行听证或调解会的案件（按举行日期）")
BASIS_ISSUED = N_("文书口径：本期签发的文书（按签发日期）")


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


OPINION_LETTER, RECOMMENDATION_LETTER = "opinion_letter", "recommendation_letter"  # documents.kinds names
HEAD_ATTENDED = "respondent_head_attended"  # in the payload of a hearing's timeline entry


def _held_cases(period: Period, attended: bool = False):
    """The ids of the cases with a hearing (its ``workflow.record_hearing`` entry) or a mediation
    session held in the period; ``attended``: only those where the respondent's 负责人 attended
    (the hearing record's ``respondent_head_attended``, the session's ``head_attended``). Read
    through ``ix_case_event_hearing_on`` and ``ix_mediation_session_on``."""
    hearings = select(CaseEvent.case_id).where(HEARING_EVENT, _in(CaseEvent.on, period))
    sessions = (select(Mediation.case_id).join(MediationSession, MediationSession.mediation_id == Mediation.id)
                .where(_in(MediationSession.on, period)))
    if attended:
        hearings = hearings.where(CaseEvent.payload[HEAD_ATTENDED].as_boolean())
        sessions = sessions.where(MediationSession.head_attended)
    return union(hearings, sessions)


def _issued(period: Period, kind: str):
    """The documents of ``kind`` issued in the period (Beijing days; ``ix_document_kind_issued_at``)."""
    start, end = beijing_day_start(period.start), beijing_day_start(period.end + timedelta(days=1))
    return and_(Document.kind == kind, Document.issued_at >= start, Document.issued_at < end)


def _conditions(period: Period, definition: Definition, today: date) -> dict:
    received = and_(_in(Case.received_on, period), NOT_RETRACTED)
    accepted = _in(Case.accepted_on, period)
    refused = and_(Case.status == CaseStatus.REFUSED, _in(Case.closed_on, period))
    closed = and_(Case.closure.is_not(None), _in(Case.closed_on, period), NOT_RETRACTED)
    mediated = and_(closed, Case.closure == Closure.MEDIATION)
    settled = and_(closed, Case.closure == Closure.WITHDRAWN, DETAIL == WithdrawalDetail.AFTER_SETTLEMENT)
    corrected = and_(closed, Case.closure.in_(CORRECTION_CLOSURES))
    denominators = {
        "closed": closed,
        "closed_excluding_mediation": and_(closed, ~or_(Case.closure == Closure.MEDIATION, and_(
            Case.closure == Closure.WITHDRAWN, DETAIL == WithdrawalDetail.AFTER_SETTLEMENT))),
        "received": received,
    }
    substantive = {
        "not_sued_or_petitioned": and_(closed, ~_proceeding()),
        "resolution_outcomes": and_(closed, or_(Case.closure.in_(WITHDRAWN_OUTCOMES),
                                                and_(Case.closure.in_(DECISION_CLOSURES), ~_proceeding()))),
    }
    week_end = today + timedelta(days=6 - today.weekday())
    return {
        "open_now": Case.status.in_([s.value for s in OPEN_STATUSES]),
        "due_this_week": exists().where(Deadline.case_id == Case.id, Deadline.state.in_(RUNNING_STATES),
                                        Deadline.due_on.between(today, week_end)),
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
        "self_corrected": and_(closed, Case.closure == Closure.WITHDRAWN, DETAIL == WithdrawalDetail.SELF_CORRECTION),
        "resolved_before_acceptance": and_(closed, Case.closure == Closure.RESOLVED_BEFORE_ACCEPTANCE),
        "corrected": corrected,
        "correction_denominator": denominators[definition.correction_denominator],
        "comprehensively_corrected": or_(corrected, and_(closed, DETAIL == WithdrawalDetail.SELF_CORRECTION)),
        "sued": and_(closed, _proceeding(ProceedingKind.LITIGATION)),
        "petitioned": and_(closed, _proceeding(ProceedingKind.PETITION)),
        "resolved": substantive[definition.substantive_basis],
        "with_decision_clock": and_(closed, _decision_deadline()),
        "on_time": and_(closed, _decision_deadline(on_time=True)),
        "decided_after_acceptance": and_(closed, Case.accepted_on.is_not(None)),
        "enterprise_received": and_(received, Case.enterprise),
        "head_occasions": Case.id.in_(_held_cases(period)),
        "head_attended": Case.id.in_(_held_cases(period, attended=True)),
        "opinion_letters": Case.id.in_(select(Document.case_id).where(_issued(period, OPINION_LETTER))),
        "recommendation_letters": Case.id.in_(select(Document.case_id).where(_issued(period, RECOMMENDATION_LETTER))),
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
    "head_occasions": N_("本期举行听证或调解会"), "head_attended": N_("被申请人负责人出席听证或调解会"),
    "opinion_letters": N_("本期制发行政复议意见书"), "recommendation_letters": N_("本期制发行政复议建议书"),
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


def _rows(session: Session, period: Period, received_only: bool = False
          ) -> tuple[list[dict], dict[tuple[int, int], dict[str, int]]]:
    """(summary rows of the period summed over its days, received per (year, month) and channel),
    all from the summary: whole years from its year rows, whole months from its month rows, the
    days at the edges of a custom period from its day rows (``summary.in_period``). The months by
    channel read month and day rows (never year rows) through the partial index on the received
    rows. ``received_only``: just the received counts (all the previous year's period needs)."""
    in_days = in_period(period.start, period.end)
    if received_only:
        in_days = and_(in_days, StatSummary.kind == "received", StatSummary.dim == "")
    if session.get_bind().dialect.name == "postgresql":
        # up to ~55,000 rows for 1,000,000 cases (a custom period's months and edge days) fold into
        # ~1,300 groups: with the default 4 MB PostgreSQL may sort them on disk (README "Statistics")
        session.execute(text("SET LOCAL work_mem = '32MB'"))
    totals: dict[tuple, dict] = {}
    keys = [getattr(StatSummary, k) for k in KEY_COLUMNS]
    for row in session.execute(select(*keys, func.sum(StatSummary.n).label("n"),
                                      func.sum(StatSummary.days).label("days"),
                                      func.sum(StatSummary.suspended).label("suspended"))
                               .where(in_days).group_by(*keys)).mappings():
        _fold_total(totals, row)
    monthly: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for day, channel, n in session.execute(
            select(StatSummary.day, StatSummary.channel, func.sum(StatSummary.n))
            .where(in_period(period.start, period.end, years=False), text(RECEIVED_ROWS))
            .group_by(StatSummary.day, StatSummary.channel)):
        counts = monthly[(day.year, day.month)]
        counts[channel] = counts.get(channel, 0) + int(n)
    return list(totals.values()), monthly


def _fold_total(totals: dict, row) -> None:
    key = tuple(row[k] for k in KEY_COLUMNS)
    into = totals.setdefault(key, {**dict(zip(KEY_COLUMNS, key, strict=True)), "n": 0, "days": 0, "suspended": 0})
    for measure in ("n", "days", "suspended"):
        into[measure] += int(row[measure] or 0)


def _sum(rows: list[dict], test, measure: str = "n") -> int:
    return sum(r[measure] for r in rows if test(r))


def _now_counts(session: Session, today: date) -> dict[str, int]:
    """Today's workload (not the period's): the open cases from the summary's status counts, the
    deadlines through the board's partial index on running deadlines."""
    week_end = today + timedelta(days=6 - today.weekday())
    distinct_cases = func.count(func.distinct(Deadline.case_id))
    return {
        "open_now": sum(n for status, n in status_counts(session).items() if status in OPEN_STATUSES),
        "due_this_week": session.scalar(select(distinct_cases).where(
            text(RUNNING_PREDICATE), Deadline.due_on.between(today, week_end))),
        "overdue_now": session.scalar(select(distinct_cases).where(or_(
            Deadline.state == DeadlineState.OVERDUE,
            and_(Deadline.state == DeadlineState.OPEN, Deadline.due_on < today)))),
    }


def _counts_from(rows: list[dict], definition: Definition) -> dict[str, int]:
    main = [r for r in rows if r["dim"] == ""]
    closed = [r for r in main if r["kind"] == "closed"]
    received = [r for r in main if r["kind"] == "received"]

    def c(test) -> int:
        return _sum(closed, test)

    mediated = c(lambda r: r["closure"] == Closure.MEDIATION)
    settled = c(lambda r: r["closure"] == Closure.WITHDRAWN and r["detail"] == WithdrawalDetail.AFTER_SETTLEMENT)
    corrected = c(lambda r: r["closure"] in CORRECTION_CLOSURES)
    later = lambda r: r["sued"] or r["petitioned"]  # noqa: E731
    n = {
        "received": _sum(received, lambda r: True),
        "accepted": _sum(main, lambda r: r["kind"] == "accepted"),
        "refused": _sum(main, lambda r: r["kind"] == "refused"),
        "closed": c(lambda r: True),
        "mediated": mediated, "settled": settled, "mediated_or_settled": mediated + settled,
        "self_corrected": c(lambda r: r["closure"] == Closure.WITHDRAWN and r["detail"] == WithdrawalDetail.SELF_CORRECTION),
        "resolved_before_acceptance": c(lambda r: r["closure"] == Closure.RESOLVED_BEFORE_ACCEPTANCE),
        "corrected": corrected,
        "comprehensively_corrected": c(lambda r: r["closure"] in CORRECTION_CLOSURES
                                       or r["detail"] == WithdrawalDetail.SELF_CORRECTION),
        "sued": c(lambda r: r["sued"]), "petitioned": c(lambda r: r["petitioned"]),
        "with_decision_clock": c(lambda r: r["clock"] != ""), "on_time": c(lambda r: r["clock"] == "on_time"),
        "decided_after_acceptance": c(lambda r: r["accepted"]),
        "decided_days": _sum(closed, lambda r: r["accepted"], "days"),
        "suspended_days": _sum(main, lambda r: r["kind"] == "suspended", "suspended"),
        "enterprise_received": _sum(received, lambda r: r["enterprise"]),
    }
    n["correction_denominator"] = {
        "closed": n["closed"], "closed_excluding_mediation": n["closed"] - mediated - settled,
        "received": n["received"]}[definition.correction_denominator]
    n["resolved"] = {
        "not_sued_or_petitioned": c(lambda r: not later(r)),
        "resolution_outcomes": c(lambda r: r["closure"] in WITHDRAWN_OUTCOMES
                                 or (r["closure"] in DECISION_CLOSURES and not later(r))),
    }[definition.substantive_basis]
    return n


def build_report(session: Session, period: Period, definition: Definition, today: date) -> Report:
    previous = period.previous_year()
    rows, monthly = _rows(session, period)
    previous_rows, previous_monthly = _rows(session, previous, received_only=True)
    n = _counts_from(rows, definition)
    n["previous_received"] = _sum(previous_rows, lambda r: r["dim"] == "" and r["kind"] == "received")
    n |= _now_counts(session, today)
    n |= _record_counts(session, period)
    decided_days = n["decided_days"] - n["suspended_days"]
    groups = _groups(session, rows)
    return Report(period=period, previous=previous, definition=definition,
                  figures=_figures(n, decided_days, n["suspended_days"], definition),
                  monthly=_monthly(period, monthly, previous_monthly),
                  closure_types=_closure_types(rows), groups=groups)


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
               N_("Σ（结案日期 － 受理日期 － 中止天数）÷ 受理后审结的案件数"), BASIS_CLOSED,
               "decided_after_acceptance", "decided_after_acceptance"),
        Figure("yoy_received", N_("收案同比"), RATE,
               _rate(n["received"] - n["previous_received"], n["previous_received"]),
               n["received"] - n["previous_received"], n["previous_received"],
               N_("（本期收案数 － 上年同期收案数）÷ 上年同期收案数"), BASIS_RECEIVED, "received", None),
        _count("enterprise_received", N_("涉企收案"), n["enterprise_received"],
               N_("本期收案中申请人为企业（涉企）的案件数"), BASIS_RECEIVED),
        _ratio("respondent_head_attendance_rate", N_("被申请人负责人出席率"), n["head_attended"],
               n["head_occasions"],
               N_("被申请人负责人出席了本期至少一次听证或调解会的案件数 ÷ 本期举行过听证或调解会的案件数"),
               BASIS_HELD, "head_attended", "head_occasions"),
        _count("opinion_letters", KINDS[OPINION_LETTER].title, n["opinion_letters"],
               N_("本期签发的行政复议意见书份数（一案可有多份）"), BASIS_ISSUED),
        _count("recommendation_letters", KINDS[RECOMMENDATION_LETTER].title, n["recommendation_letters"],
               N_("本期签发的行政复议建议书份数（一案可有多份）"), BASIS_ISSUED),
    ]
    out = {figure.name: figure for figure in f}
    out["previous_received"] = _count("previous_received", N_("上年同期收案"), n["previous_received"],
                                      N_("上年同一期间收到的申请数"), BASIS_RECEIVED, "received")
    out["suspended_days"] = _count("suspended_days", N_("扣除的中止天数"), suspended,
                                   N_("受理后审结案件的审理期限中止天数合计"), BASIS_CLOSED, "decided_after_acceptance")
    return out


def _monthly(period: Period, this_year, last_year) -> list[dict]:
    """Received per month and channel, with the same month of the previous year (同比). A month only
    partly inside a custom period counts the days inside it."""
    out = []
    for y, m in period.months():
        this, last = this_year.get((y, m), {}), last_year.get((y - 1, m), {})
        row = {"year": y, "month": m, **{c.value: this.get(c.value, 0) for c in Channel}}
        row["total"] = sum(this.values())
        row["previous_total"] = sum(last.values())
        row["yoy"] = _rate(row["total"] - row["previous_total"], row["previous_total"])
        out.append(row)
    return out


def _closure_types(rows: list[dict]) -> list[tuple[str, str, int]]:
    """(key, Chinese label, count) of each closure (withdrawals split by their detail)."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["dim"] == "" and r["kind"] == "closed":
            detail = r["detail"]
            key = (f"{r['closure']}:{detail}" if r["closure"] == Closure.WITHDRAWN and detail in WithdrawalDetail.labels()
                   else r["closure"])
            counts[key] += r["n"]
    out = []
    for closure in Closure:
        if closure == Closure.WITHDRAWN:
            for detail, label in WithdrawalDetail.labels().items():
                out.append((f"{closure}:{detail}", label, counts.get(f"{closure}:{detail}", 0)))
            out.append((closure.value, N_("其他撤回"), counts.get(closure.value, 0)))
        else:
            out.append((closure.value, closure.label, counts.get(closure.value, 0)))
    return out


GROUP_COLUMNS = ("received", "closed", "corrected", "mediated_or_settled")


def _group(rows: list[dict], dim: str, key) -> list[dict]:
    groups: dict = {}
    for r in rows:
        if r["dim"] != dim or r["kind"] not in ("received", "closed"):
            continue
        g = groups.setdefault(key(r), {"key": key(r), **dict.fromkeys(GROUP_COLUMNS, 0)})
        g[r["kind"]] += r["n"]
        if r["kind"] == "closed" and r["closure"] in CORRECTION_CLOSURES:
            g["corrected"] += r["n"]
        if r["kind"] == "closed" and (r["closure"] == Closure.MEDIATION or (
                r["closure"] == Closure.WITHDRAWN and r["detail"] == WithdrawalDetail.AFTER_SETTLEMENT)):
            g["mediated_or_settled"] += r["n"]
    return sorted(groups.values(), key=lambda g: (-g["received"], -g["closed"], str(g["key"])))


def _groups(session: Session, rows: list[dict]) -> dict[str, list[dict]]:
    by_handler = _group(rows, "handler", lambda r: r["dim_value"])
    ids = [int(g["key"]) for g in by_handler if g["key"]]
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}
    for g in by_handler:
        g["label"] = names.get(int(g["key"])) if g["key"] else N_("未分配")
    by_point = _group(rows, "point", lambda r: r["dim_value"])
    ids = [int(g["key"]) for g in by_point if g["key"]]
    points = dict(session.execute(select(IntakePoint.id, IntakePoint.name).where(IntakePoint.id.in_(ids))).all()) \
        if ids else {}
    for g in by_point:
        g["label"] = points.get(int(g["key"])) if g["key"] else N_("不经接收点")
    by_act_type = _group(rows, "act_type", lambda r: r["dim_value"])
    for g in by_act_type:
        g["label"] = act_type_label(g["key"] or None)
    by_respondent = _group(rows, "respondent", lambda r: r["dim_value"])
    for g in by_respondent:
        g["label"] = g["key"]
    by_enterprise = _group(rows, "", lambda r: r["enterprise"])
    for g in by_enterprise:
        g["label"] = N_("涉企案件") if g["key"] else N_("非涉企案件")
    by_enterprise.sort(key=lambda g: not g["key"])
    return {"respondent": by_respondent, "handler": by_handler, "point": by_point, "enterprise": by_enterprise,
            "act_type": by_act_type}


def _record_counts(session: Session, period: Period) -> dict[str, int]:
    """The figures read from their own tables (not the monthly summary), each through its index:
    the cases with a hearing or mediation session in the period (and those where the
    respondent's 负责人 attended), the 意见书 and 建议书 issued."""

    def cases(attended: bool) -> int:
        return session.scalar(select(func.count()).select_from(_held_cases(period, attended).subquery())) or 0

    def documents(kind: str) -> int:
        return session.scalar(select(func.count()).select_from(Document).where(_issued(period, kind))) or 0

    return {"head_occasions": cases(False), "head_attended": cases(True),
            "opinion_letters": documents(OPINION_LETTER), "recommendation_letters": documents(RECOMMENDATION_LETTER)}


def cases_in(session: Session, name: str, period: Period, definition: Definition, today: date):
    """The query of the cases behind a figure (newest first)."""
    return (select(Case).where(case_set(name, period, definition, today))
            .order_by(Case.received_on.desc(), Case.id.desc()))

