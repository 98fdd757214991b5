"""Performance (履行; arts. 77, 78, 83) through the status machine: the effect that opens the
obligation when a decision, a 调解书 or a 和解协议 takes effect, and the ``step`` and ``guard``
functions of the three actions allowed on a closed case.

* A decision that sets a performance period (``performance_days``: 责令履行, 撤销 with 重作, or any
  type whose draft names one) takes effect on service (art. 75): when ``serve`` closes the case,
  the respondent must perform within that many days of its own service (natural days, the last
  one rolled forward like every natural-day period).
* An effective 调解书 (``seal_agreement``) or the 和解协议 of a settlement that ended the case
  (``withdraw`` with ``after_settlement``): the obliged party (``obliged``, the respondent unless
  said) performs by the agreed day (``perform_by``), or within the ``performance`` rule's 60 days
  of the day it took effect when none was agreed. The 和解协议 is issued as a document then.
* ``record_performance``: performed on ``on``; ``order_performance`` (supervisor, art. 77 ¶1, 83):
  the respondent's period ran out, the 责令履行通知书 sets a new one; ``record_enforcement``
  (art. 78): the applicant or third party neither sued nor performed a 调解书 or a decision that
  upheld (or varied) the act, and it was enforced.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.cases.models import Case
from recon.cases.services.inputs import int_value, scan_material, text_value
from recon.cases.status import CaseStatus, Closure, MaterialStage, PartyRole, WithdrawalDetail
from recon.clock import beijing_date
from recon.deadlines import lifecycle as deadlines
from recon.deadlines.display import date_zh
from recon.deadlines.models import ACTIVE_STATES, Deadline
from recon.documents import services as document_services
from recon.documents.models import Document
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import gettext
from recon.mediation.models import Agreement, AgreementKind, SigningParty, Withdrawal
from recon.mediation.queries import signers
from recon.performance.models import (
    WAITING,
    EnforcedBy,
    ObligedParty,
    Performance,
    PerformanceSource,
    PerformanceState,
)

if TYPE_CHECKING:
    from recon.cases.workflow import Step

RULE = "performance"
MAX_TEXT = 2000
MAX_ORDER_DAYS = 365
MAX_AGREED_DAYS = 3660
#: What a decision's performance period is for, by type, when its 决定内容 says nothing more.
DECISION_DUTIES = {
    "order_performance": "依法履行法定职责",
    "revoke": "重新作出行政行为",
    "confirm_illegal": "采取补救措施",
    "vary": "履行变更后的行政行为",
}
#: Art. 78(1)–(2): an applicant's non-performance of these decisions is enforced.
ENFORCEABLE_DECISIONS = (Closure.UPHOLD, Closure.VARY)
#: The documents a 责令履行通知书 can name (art. 77: 决定书, 调解书).
ORDERABLE = {PerformanceSource.DECISION: "decision", PerformanceSource.MEDIATION: "mediation_document"}


# ---- reading ------------------------------------------------------------------------------------


def performance_of(session: Session, case: Case) -> Performance | None:
    return session.scalar(select(Performance).where(Performance.case_id == case.id))


def source_document(session: Session, case: Case, performance: Performance) -> Document | None:
    """The 决定书 or 调解书 the obligation comes from (None for a 和解协议)."""
    kind = ORDERABLE.get(performance.source)
    if kind is None:
        return None
    return document_services.latest_document(session, case.id, kind)


def _running(session: Session, performance: Performance) -> Deadline | None:
    deadline = performance.deadline
    return deadline if deadline is not None and deadline.state in ACTIVE_STATES else None


# ---- the effect: an obligation opens when the act takes effect ------------------------------


def on_action(step: Step) -> None:
    """``workflow.register_effect``: open the obligation of the decision, 调解书 or 和解协议 that
    has just closed the case (once per case)."""
    case, action = step.case, step.transition.action
    if case.status != CaseStatus.CLOSED or action not in ("serve", "seal_agreement", "withdraw"):
        return
    if performance_of(step.session, case) is not None:
        return
    if action == "serve":
        _from_decision(step)
    elif action == "seal_agreement":
        _from_agreement(step, PerformanceSource.MEDIATION, AgreementKind.MEDIATION)
    elif action == "withdraw" and case.closure_detail == WithdrawalDetail.AFTER_SETTLEMENT:
        _issue_settlement(step)
        _from_agreement(step, PerformanceSource.SETTLEMENT, AgreementKind.SETTLEMENT)


def _open(step: Step, source: str, obliged: str, obligation: str, start: date, days: int | None) -> Performance:
    deadline = deadlines.open_deadline(step.session, step.case.id, RULE, start, step.actor, step.now, period=days)
    performance = Performance(case_id=step.case.id, source=source, obliged=obliged, obligation=obligation,
                              effective_on=start, state=PerformanceState.PENDING, deadline_id=deadline.id,
                              orders=[])
    step.session.add(performance)
    step.session.flush()
    step.opened[RULE] = deadline
    step.summary += f"；{ObligedParty(obliged).label}应当履行：{obligation}"
    step.payload["performance"] = {"obliged": obliged, "due_on": deadline.due_on.isoformat()}
    return performance


def _from_decision(step: Step) -> None:
    """A decision with a performance period: the respondent performs within it, from its own
    service of the 决定书 (art. 75: the decision takes effect on service)."""
    session, case = step.session, step.case
    draft = case.decision_draft or {}
    days = draft.get("performance_days")
    if not days:
        return
    document = document_services.latest_document(session, case.id, "decision")
    respondents = case.parties_in(PartyRole.RESPONDENT)
    if document is None or not respondents:
        return
    start = document_services.served_on_for(document, respondents[0].name)
    if start is None:
        return
    duty = (draft.get("disposition") or "").strip() or DECISION_DUTIES.get(case.closure, "履行行政复议决定")
    obligation = f"自收到行政复议决定书之日起{days}日内{duty}"
    _open(step, PerformanceSource.DECISION, ObligedParty.RESPONDENT, obligation, start, int(days))


def _agreement(session: Session, case: Case, kind: str) -> Agreement | None:
    return session.scalar(select(Agreement).where(Agreement.case_id == case.id, Agreement.kind == kind,
                                                  Agreement.void.is_(False))
                          .order_by(Agreement.id.desc()).limit(1))


def _from_agreement(step: Step, source: str, kind: str) -> None:
    """A 调解书 or 和解协议: the agreed day (``perform_by``), or the rule's 60 days when none."""
    data, start = step.data, step.on
    agreement = _agreement(step.session, step.case, kind)
    obliged = data.get("obliged") or ObligedParty.RESPONDENT.value
    if obliged not in ObligedParty.labels():
        raise DomainError(gettext("请选择履行义务人：被申请人、申请人或者第三人"), field="obliged")
    obligation = text_value(data, "obligation", "", MAX_TEXT, required=False)
    if not obligation:
        obligation = "；".join(agreement.term_lines) if agreement is not None else "履行协议约定的义务"
    perform_by = data.get("perform_by")
    days = None
    if perform_by is not None:
        days = (perform_by - start).days
        if days < 1:
            raise DomainError(gettext("约定的履行日期应晚于生效日期 %(on)s", on=date_text(start)), field="perform_by")
        if days > MAX_AGREED_DAYS:
            raise DomainError(gettext("约定的履行日期不应晚于生效之日起十年"), field="perform_by")
    _open(step, source, obliged, obligation, start, days)


def settlement_fields(case: Case, agreement: Agreement) -> dict[str, Any]:
    """The 和解协议's fields, from the record."""
    return {"terms": agreement.term_lines, "signatories": [SigningParty(p).label for p in signers(case)],
            "signed_on": agreement.agreed_on.isoformat()}


def _issue_settlement(step: Step) -> None:
    """The 和解协议 (arts. 74, 41(1)) issued with the withdrawal it led to; the applicant sees it."""
    if step.preview:
        return
    if step.documents is None:
        raise TypeError("withdraw after a settlement issues the 和解协议: pass documents=DocumentSettings")
    withdrawal = step.session.scalar(select(Withdrawal).where(Withdrawal.case_id == step.case.id))
    if withdrawal is None or withdrawal.agreement is None:
        return
    document = document_services.issue(step.session, step.case, "settlement_agreement",
                                       settlement_fields(step.case, withdrawal.agreement), step.actor, step.now,
                                       step.documents)
    step.summary += f"；签发《和解协议》（{document.number}）"
    step.payload["settlement_document"] = document.number


# ---- guards -------------------------------------------------------------------------------------


def performance_waiting(session: Session, case: Case, on: date) -> str | None:
    performance = performance_of(session, case)
    if performance is None:
        return gettext("本案没有需要履行的行政复议决定、调解书或者和解协议")
    if performance.state not in WAITING:
        return gettext("本案的履行情况已登记：%(state)s", state=gettext(performance.state_label(on)))
    return None


def order_possible(session: Session, case: Case, on: date) -> str | None:
    """Art. 77 ¶1: the respondent did not perform a 决定书 or 调解书 within its period."""
    blocked = performance_waiting(session, case, on)
    if blocked is not None:
        return blocked
    performance = performance_of(session, case)
    if performance.obliged != ObligedParty.RESPONDENT or performance.source not in ORDERABLE:
        return gettext("责令限期履行适用于被申请人不履行行政复议决定书、调解书的情形（第七十七条）")
    if performance.current_state(on) != PerformanceState.OVERDUE:
        return gettext("履行期限 %(due)s 尚未届满，届满后被申请人仍未履行的，才能责令限期履行",
                       due=date_text(performance.due_on) if performance.due_on else "")
    return None


def enforcement_possible(session: Session, case: Case, on: date) -> str | None:
    """Art. 78: the applicant (or a third party) neither sued nor performed a 调解书, a 和解协议's
    obligation, or a decision that upheld or varied the act."""
    performance = performance_of(session, case)
    if performance is None:
        if case.closure not in ENFORCEABLE_DECISIONS:
            return gettext("强制执行适用于申请人、第三人逾期不起诉又不履行维持或者变更行政行为的决定书、调解书的情形"
                           "（第七十八条）")
        running = session.scalar(select(Deadline.due_on).where(
            Deadline.case_id == case.id, Deadline.rule == "litigation", Deadline.due_on >= on)
            .order_by(Deadline.due_on.desc()).limit(1))
        if running is not None:
            return gettext("申请人、第三人的起诉期限 %(due)s 尚未届满，不能强制执行（第七十八条：逾期不起诉又不履行的）",
                           due=date_text(running))
        return None
    blocked = performance_waiting(session, case, on)
    if blocked is not None:
        return blocked
    if performance.obliged == ObligedParty.RESPONDENT:
        return gettext("履行义务人是被申请人：被申请人不履行的，应当责令其限期履行（第七十七条）")
    if performance.current_state(on) != PerformanceState.OVERDUE:
        return gettext("履行期限 %(due)s 尚未届满，不能强制执行", due=date_text(performance.due_on))
    return None


# ---- the actions -------------------------------------------------------------------------------


def record_performance(step: Step) -> None:
    """履行: the obliged party performed on ``on`` (with a note of the evidence, a scan)."""
    session = step.session
    performance = performance_of(session, step.case)
    if step.on < performance.effective_on:
        raise DomainError(gettext("履行日期 %(on)s 早于%(source)s生效的日期 %(start)s，请检查日期",
                                  on=date_text(step.on), source=gettext(performance.source_label),
                                  start=date_text(performance.effective_on)), field="on")
    evidence = text_value(step.data, "evidence", "", MAX_TEXT, required=False)
    scan = scan_material(step, "scan", MaterialStage.PERFORMANCE)
    was = performance.current_state(step.on)
    deadline = _running(session, performance)
    if deadline is not None:
        deadlines.meet(session, deadline, max(step.on, deadline.start_on), step.actor)
    performance.state = PerformanceState.PERFORMED
    performance.performed_on = step.on
    performance.evidence = evidence or None
    performance.material_id = scan.id if scan else performance.material_id
    step.summary = f"{performance.obliged_label}已于 {date_zh(step.on)} 履行{performance.source_label}确定的义务"
    if performance.due_on and step.on > performance.due_on:
        step.summary += f"（履行期限 {date_zh(performance.due_on)} 届满后履行）"
    if evidence:
        step.summary += f"：{evidence}"
    step.payload = {"performance": performance.id, "performed_on": step.on.isoformat(), "was": was}


def order_performance(step: Step) -> None:
    """责令履行 (arts. 77 ¶1, 83): the respondent did not perform; a new period of ``days``
    natural days from ``on``, with the 责令履行通知书."""
    session = step.session
    performance = performance_of(session, step.case)
    days = int_value(step.data, "days", 1, MAX_ORDER_DAYS,
                     gettext("限期履行的天数应为 1 至 %(n)d 的整数", n=MAX_ORDER_DAYS))
    duty = text_value(step.data, "duty", "", MAX_TEXT, required=False) or performance.obligation
    old = _running(session, performance)
    if old is not None:
        if step.on < old.start_on:
            raise DomainError(gettext("责令日期 %(on)s 早于履行期限的起算日 %(start)s", on=date_text(step.on),
                                      start=date_text(old.start_on)), field="on")
        deadlines.cancel(session, old, step.actor, "被申请人逾期未履行，已责令限期履行")
    deadline = deadlines.open_deadline(session, step.case.id, RULE, step.on, step.actor, step.now, period=days)
    performance.deadline_id = deadline.id
    performance.deadline = deadline
    performance.state = PerformanceState.ORDERED
    performance.orders = [*performance.orders, {"on": step.on.isoformat(), "days": days,
                                                "due_on": deadline.due_on.isoformat(), "duty": duty}]
    step.extended.append(deadline)  # 「履行期限届满日调整为 …」 on the timeline
    step.summary = (f"被申请人未在期限内履行{performance.source_label}，责令其于 {date_zh(deadline.due_on)} 前履行"
                    f"（第七十七条第一款）")
    step.payload = {"performance": performance.id, "days": days, "due_on": deadline.due_on.isoformat()}


def order_document(step: Step) -> dict[str, Any]:
    performance = performance_of(step.session, step.case)
    source = source_document(step.session, step.case, performance)
    respondent = step.case.parties_in(PartyRole.RESPONDENT)[0]
    order = performance.orders[-1]
    return {"recipient_party_id": respondent.id,
            "decision_number": source.number if source is not None else "",
            "decided_on": (beijing_date(source.issued_at) if source is not None
                           else performance.effective_on).isoformat(),
            "document_title": performance.source_label, "duty": order["duty"],  # recorded Chinese
            "perform_by": order["due_on"]}


def record_enforcement(step: Step) -> None:
    """强制执行 (art. 78): who enforced (the organ, the respondent, or a court on application),
    when, the court's case number and the outcome."""
    session, case, data = step.session, step.case, step.data
    by = data.get("by")
    if by not in EnforcedBy.labels():
        raise DomainError(gettext("请选择强制执行的方式"), field="by")
    court = text_value(data, "court", gettext("申请人民法院强制执行的，请填写法院名称"), 200,
                       required=by == EnforcedBy.COURT)
    number = text_value(data, "court_case_no", gettext("申请人民法院强制执行的，请填写法院的案号"), 120,
                        required=by == EnforcedBy.COURT)
    outcome = text_value(data, "outcome", gettext("请填写强制执行的情况和结果"), MAX_TEXT)
    performance = performance_of(session, case)
    if performance is None:  # a decision that upheld or varied the act: the applicant's obligation
        performance = Performance(case_id=case.id, source=PerformanceSource.DECISION, obliged=ObligedParty.APPLICANT,
                                  obligation=f"履行被{case.closure_label}的行政行为", effective_on=case.closed_on or step.on,
                                  state=PerformanceState.PENDING, orders=[])
        session.add(performance)
        session.flush()
    deadline = _running(session, performance)
    if deadline is not None:
        deadlines.cancel(session, deadline, step.actor, "义务人逾期不履行，已依法强制执行")
    performance.state = PerformanceState.ENFORCED
    performance.enforcement = {"by": by, "on": step.on.isoformat(), "court": court or None,
                               "court_case_no": number or None, "outcome": outcome}
    step.summary = f"{performance.obliged_label}逾期不履行，{EnforcedBy(by).label}（{date_zh(step.on)}）"
    if court:
        step.summary += f"：{court}（{number}）"
    step.summary += f"；结果：{outcome}"
    step.payload = {"performance": performance.id, "by": by}
