"""Mediation, settlement and withdrawal as rows of the status machine (``recon/cases/workflow.py``):
their ``step`` and ``guard`` functions. The engine does the status (when the row names one), the
clock, the timeline, the audit and the document; a step records the mediation's own rows.

* ``start_mediation`` (arts. 5, 73): any stage before a decision. On an accepted case the status
  becomes ``mediation``; with both parties' consent and ``suspend`` the decision period pauses
  (art. 39(6)). Before acceptance (受理前协商化解) the status stays: the acceptance review keeps
  running and the person is warned of deemed acceptance.
* ``back_out`` (art. 73 ¶2) and ``end_mediation`` return the case to ``accepted`` (or leave it
  ``received`` before acceptance) and resume the paused period from that day.
* ``seal_agreement`` makes the 调解书 effective: closure ``mediation``.
* ``withdraw`` (arts. 41(1), 74): closure ``withdrawn`` (``after_settlement`` / ``self_correction``
  in ``closure_detail``), or ``resolved_before_acceptance`` when the case was never accepted and a
  mediation started before acceptance.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.cases.models import Case, Material
from recon.cases.services.inputs import (
    choice_value,
    lines_value,
    past_day,
    scan_material,
    text_value,
    time_value,
)
from recon.cases.status import (
    CaseStatus,
    Closure,
    MaterialStage,
    WithdrawalDetail,
)
from recon.deadlines import lifecycle as deadlines
from recon.deadlines.display import date_zh
from recon.deadlines.models import ACTIVE_STATES, Deadline, DeadlineState
from recon.documents.services import latest_document
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import gettext
from recon.mediation.models import (
    Agreement,
    AgreementKind,
    Mediation,
    MediationSession,
    MediationState,
    MediatorKind,
    SessionMode,
    SessionOutcome,
    SigningParty,
    Withdrawal,
)
from recon.mediation.queries import mediation_of, signers

if TYPE_CHECKING:
    from recon.cases.workflow import Step

MAX_TEXT = 2000
MAX_TERMS = 4000
DECISION_RULES = ("decision", "decision_simple")


# ---- reading ------------------------------------------------------------------------------------


latest = mediation_of


# ---- guards -------------------------------------------------------------------------------------


def no_running_mediation(session: Session, case: Case, on: date) -> str | None:
    current = latest(session, case)
    if current is not None and current.is_running:
        return gettext("本案调解正在进行中（%(since)s 开始），不能再次开始调解",
                       since=date_text(current.started_on))
    return None


def mediation_open(session: Session, case: Case, on: date) -> str | None:
    current = latest(session, case)
    if current is None or current.state != MediationState.OPEN:
        return gettext("本案没有进行中的调解")
    return None


def agreement_possible(session: Session, case: Case, on: date) -> str | None:
    blocked = mediation_open(session, case, on)
    if blocked is None and case.accepted_on is None:
        return gettext("案件尚未受理，受理前协商化解达成一致的，由申请人撤回申请结案；调解书在受理后制作")
    return blocked


def agreement_pending(session: Session, case: Case, on: date) -> str | None:
    current = latest(session, case)
    if current is None or current.state != MediationState.AGREEMENT:
        return gettext("本案没有待生效的调解协议")
    return None


def mediation_running(session: Session, case: Case, on: date) -> str | None:
    current = latest(session, case)
    if current is None or not current.is_running:
        return gettext("本案没有进行中的调解")
    return None


# ---- input helpers ------------------------------------------------------------------------------


def _scan(step: Step, name: str) -> Material | None:
    """An uploaded scan (``POST /api/v1/uploads`` id, or the page's upload) as a material of the case."""
    return scan_material(step, name, MaterialStage.MEDIATION)


def _decision_clock(session: Session, case: Case, states) -> Deadline | None:
    return session.scalar(select(Deadline).where(
        Deadline.case_id == case.id, Deadline.rule.in_(DECISION_RULES), Deadline.state.in_(states))
        .order_by(Deadline.id.desc()).limit(1))


def _mediators(step: Step) -> list[dict[str, str]]:
    """Outside mediators, one a line:「人民调解员：王五」(or ``peoples_mediator:王五``)."""
    kinds = {k.value: k.value for k in MediatorKind if k != MediatorKind.HANDLER}
    kinds |= {k.label: k.value for k in MediatorKind if k != MediatorKind.HANDLER}
    out = []
    for line in lines_value(step.data, "mediators"):
        kind, sep, name = line.replace("：", ":").partition(":")
        if not sep or kind.strip() not in kinds or not name.strip():
            raise DomainError(gettext("每行写一位外部调解人：“类别：姓名”，类别为人民调解员、律师或被申请人上级机关，"
                                      "例如“人民调解员：王五”"), field="mediators")
        out.append({"kind": kinds[kind.strip()], "name": name.strip()})
    return out


# ---- mediation ----------------------------------------------------------------------------------


def start_mediation(step: Step) -> None:
    session, case, data, on = step.session, step.case, step.data, step.on
    applicant, respondent = bool(data.get("applicant_consents")), bool(data.get("respondent_consents"))
    suspend = bool(data.get("suspend"))
    before_acceptance = case.accepted_on is None
    mediation = Mediation(case_id=case.id, state=MediationState.OPEN, started_on=on,
                          before_acceptance=before_acceptance,
                          applicant_consent_on=on if applicant else None,
                          respondent_consent_on=on if respondent else None,
                          handler_id=case.handler_id or (step.actor.id if step.actor else None),
                          mediators=_mediators(step))
    words = [f"开始调解（{date_zh(on)}）"]
    consents = [name for name, yes in (("申请人", applicant), ("被申请人", respondent)) if yes]
    words.append("同意调解：" + "、".join(consents) if consents else "双方尚未表示同意调解")
    if mediation.mediators:
        words.append("外部调解人：" + "、".join(
            f"{m['name']}（{MediatorKind(m['kind']).label}）" for m in mediation.mediators))
    if before_acceptance:
        words.insert(0, "受理前协商化解")
        review = session.scalar(select(Deadline).where(
            Deadline.case_id == case.id, Deadline.rule == "acceptance_review",
            Deadline.state.in_(ACTIVE_STATES)).order_by(Deadline.id.desc()).limit(1))
        if review is not None and review.due_on is not None:
            step.warnings.append(gettext(
                "受理前协商化解期间受理审查期限继续计算：%(due)s 前未决定不予受理的，依法视为受理（第三十条第三款）。",
                due=date_text(review.due_on)))
        if suspend:
            step.warnings.append(gettext("案件尚未受理，没有行政复议决定期限可以中止；已按受理前协商化解登记。"))
    else:
        case.status = CaseStatus.MEDIATION
        if suspend:
            if not (applicant and respondent):
                raise DomainError(gettext("中止审理须申请人和被申请人均同意（第三十九条第一款第六项），"
                                          "请先登记双方的同意"), field="suspend")
            clock = _decision_clock(session, case, (DeadlineState.OPEN, DeadlineState.OVERDUE))
            if clock is not None:
                deadlines.pause(session, clock, on, step.actor)
                words.append(f"双方同意中止审理，{clock.label}自 {date_zh(on)} 起中止计算")
            mediation.suspended = True
            step.payload["suspended"] = True
    session.add(mediation)
    session.flush()
    step.summary = "；".join(words)
    step.payload["mediation"] = mediation.id


def _resume(step: Step, mediation: Mediation, state: str, words: str) -> None:
    """End the mediation in ``state`` and send the case back to handling (art. 73 ¶2)."""
    session, case, on = step.session, step.case, step.on
    if on < mediation.started_on:
        raise DomainError(gettext("日期 %(on)s 早于调解开始日期 %(start)s", on=date_text(on),
                                  start=date_text(mediation.started_on)), field="on")
    mediation.state = state
    mediation.ended_on = on
    if mediation.agreement is not None:
        mediation.agreement.void = True
    if case.status == CaseStatus.MEDIATION:
        case.status = CaseStatus.ACCEPTED
    parts = [words]
    if mediation.suspended:
        clock = _decision_clock(session, case, (DeadlineState.PAUSED,))
        if clock is not None:
            deadlines.resume(session, clock, on, step.actor)
            step.payload["resumed"] = True
            parts.append(f"恢复审理，{clock.label}自 {date_zh(on)} 起恢复计算，届满日为 {date_zh(clock.due_on)}")
    elif case.accepted_on is not None:
        parts.append("继续审理")
    else:
        parts.append("继续进行受理审查")
    step.summary = "；".join(parts)
    step.payload["mediation"] = mediation.id


def back_out(step: Step) -> None:
    party = choice_value(step.data, "party", SigningParty.labels(), gettext("请选择反悔的一方：申请人、被申请人或第三人"))
    mediation = latest(step.session, step.case)
    label = SigningParty(party).label
    _resume(step, mediation, MediationState.BACKED_OUT, f"调解书生效前{label}反悔（第七十三条第二款）")
    step.payload["party"] = party


def end_mediation(step: Step) -> None:
    choice_value(step.data, "outcome", (SessionOutcome.FAILED,),
                 gettext("结束调解的结果只能是调解未成（failed）；达成协议的请登记调解协议"))
    _resume(step, latest(step.session, step.case), MediationState.FAILED, "调解未达成协议，调解终结")


def log_mediation_session(step: Step) -> None:
    data = step.data
    mediation = latest(step.session, step.case)
    on = past_day(step, "on", step.on, floor=mediation.started_on, floor_name=gettext("调解开始日期"))
    mode = choice_value(data, "mode", SessionMode.labels(), gettext("请选择调解方式：当面、视频或电话"))
    outcome = choice_value(data, "outcome", SessionOutcome.labels(),
                           gettext("请选择本次调解的结果：继续调解、达成协议或调解未成"))
    participants = lines_value(data, "participants")
    if not participants:
        raise DomainError(gettext("请填写参加人员，每行一人（如“申请人 张三”“被申请人副局长 李四”）"),
                          field="participants")
    time = time_value(data, "time")
    positions = {party: text for party in SigningParty.labels()
                 if (text := text_value(data, f"{party}_position", "", MAX_TEXT, required=False))}
    scan = _scan(step, "scan")
    row = MediationSession(
        mediation=mediation, on=on, time=time or None, mode=mode,
        place=text_value(data, "place", "", 200, required=False) or None,
        mediators=lines_value(data, "session_mediators") or [m["name"] for m in mediation.mediators],
        participants=participants, head_attended=bool(data.get("head_attended")),
        positions=positions, proposals=lines_value(data, "proposals", 500),
        notes=text_value(data, "notes", "", MAX_TEXT, required=False) or None, outcome=outcome,
        material_id=scan.id if scan else None, recorded_by_id=step.actor.id if step.actor else None)
    step.session.add(row)
    step.session.flush()
    number = len(mediation.sessions)
    step.summary = (f"第{number}次调解（{date_zh(on)}，{SessionMode(mode).label}"
                    + ("，被申请人负责人出席" if row.head_attended else "")
                    + f"）：{SessionOutcome(outcome).label}")
    step.payload |= {"mediation": mediation.id, "session": row.id}


def record_agreement(step: Step) -> None:
    mediation = latest(step.session, step.case)
    terms = text_value(step.data, "terms", gettext("请填写达成的调解协议内容，每行一条"), MAX_TERMS)
    agreement = Agreement(case_id=step.case.id, mediation=mediation, kind=AgreementKind.MEDIATION,
                          terms=terms, agreed_on=step.on, signatures={}, scans={})
    step.session.add(agreement)
    mediation.state = MediationState.AGREEMENT
    step.session.flush()
    step.summary = f"达成调解协议（{date_zh(step.on)}），待各方签字并加盖本机关印章后制作调解书"
    step.payload |= {"mediation": mediation.id, "agreement": agreement.id}


def sign_agreement(step: Step) -> None:
    agreement = latest(step.session, step.case).agreement
    party = choice_value(step.data, "party", signers(step.case),
                         gettext("请选择签字的一方：申请人、被申请人，有第三人的还有第三人"))
    if party in agreement.signatures:
        raise DomainError(gettext("%(party)s已于 %(on)s 签字", party=gettext(SigningParty(party).label),
                                  on=agreement.signatures[party]), field="party")
    on = past_day(step, "on", step.on, floor=agreement.agreed_on, floor_name=gettext("达成协议的日期"))
    scan = _scan(step, "scan")
    agreement.signatures = {**agreement.signatures, party: on.isoformat()}
    if scan is not None:
        agreement.scans = {**agreement.scans, party: scan.id}
    step.summary = f"{SigningParty(party).label}于 {date_zh(on)} 在调解协议上签字（盖章）"
    step.payload |= {"agreement": agreement.id, "party": party}


def seal_agreement(step: Step) -> None:
    case = step.case
    mediation = latest(step.session, case)
    agreement = mediation.agreement
    missing = [gettext(SigningParty(p).label) for p in signers(case) if p not in agreement.signatures]
    if missing:
        raise DomainError(gettext("%(parties)s尚未签字或者盖章，调解书须经各方当事人签字或者签章后加盖本机关印章"
                                  "（第七十三条第一款）", parties=gettext("、").join(missing)), field="on")
    last_signed = max(date.fromisoformat(d) for d in agreement.signatures.values())
    if step.on < last_signed:
        raise DomainError(gettext("盖章日期早于当事人签字日期 %(day)s", day=date_text(last_signed)), field="on")
    agreement.sealed_on = step.on
    mediation.state = MediationState.EFFECTIVE
    mediation.ended_on = step.on
    case.closure = Closure.MEDIATION
    case.closure_detail = None
    case.closed_on = step.on
    step.summary = f"调解书经各方签字并加盖本机关印章，于 {date_zh(step.on)} 生效，案件以调解结案"
    step.payload |= {"mediation": mediation.id, "agreement": agreement.id}


def mediation_document(step: Step) -> dict[str, Any]:
    return document_fields(step.session, step.case)


def document_fields(session: Session, case: Case) -> dict[str, Any]:
    """The 调解书's fields, from the record: the agreed terms and the course of the mediation."""
    mediation = latest(session, case)
    sessions = mediation.sessions
    summary = ""
    if sessions:
        summary = (f"本机关于 {date_zh(mediation.started_on)} 起组织双方调解，共调解{len(sessions)}次"
                   f"（{'、'.join(date_zh(s.on) for s in sessions)}），双方自愿达成如下协议：")
    return {"terms": mediation.agreement.term_lines, "mediation_summary": summary,
            "signatories": [SigningParty(p).label for p in signers(case)]}


# ---- withdrawal ---------------------------------------------------------------------------------


def withdraw(step: Step) -> None:
    session, case, data, on = step.session, step.case, step.data, step.on
    reason = text_value(data, "reason", gettext("请填写申请人撤回申请的理由"), MAX_TEXT)
    settled, corrected = bool(data.get("after_settlement")), bool(data.get("self_correction"))
    if settled and corrected:
        raise DomainError(gettext("请在“和解后撤回”和“被申请人自行纠正后撤回”中选择一项"), field="self_correction")
    mediation = latest(session, case)
    before_acceptance = case.accepted_on is None
    record = Withdrawal(case_id=case.id, on=on, reason=reason, after_settlement=settled,
                        self_correction=corrected, before_acceptance=before_acceptance,
                        recorded_by_id=step.actor.id if step.actor else None)
    words = [f"申请人于 {date_zh(on)} 撤回行政复议申请，经审查准予撤回"]
    if settled:
        terms = text_value(data, "settlement_terms", gettext("和解后撤回的，请填写和解协议的内容"), MAX_TERMS)
        signed_on = past_day(step, "settlement_signed_on", on, floor=case.received_on,
                             floor_name=gettext("收到申请的日期"))
        scan = _scan(step, "scan")
        agreement = Agreement(case_id=case.id, kind=AgreementKind.SETTLEMENT, terms=terms, agreed_on=signed_on,
                              signatures={p: signed_on.isoformat() for p in signers(case)},
                              scans={"all": scan.id} if scan else {}, sealed_on=None)
        session.add(agreement)
        session.flush()
        record.agreement_id = agreement.id
        words.append("双方已达成和解协议（第七十四条）")
    if corrected:
        record.new_act_no = text_value(data, "new_act_no", gettext("请填写被申请人纠正后的新行政行为的文号"), 120)
        record.new_act_on = past_day(step, "new_act_on", on, floor=case.act_made_on,
                                     floor_name=gettext("原行政行为作出日期"))
        words.append(f"被申请人已自行纠正（{record.new_act_no}，{date_zh(record.new_act_on)}）")
    pre_acceptance = before_acceptance and mediation is not None and mediation.before_acceptance
    if mediation is not None and mediation.is_running:
        resolved = settled or corrected or pre_acceptance
        mediation.state = MediationState.EFFECTIVE if resolved else MediationState.FAILED
        mediation.ended_on = on
        if mediation.suspended:
            words.append("调解期间中止的期限随案件办结停止计算")
    case.closure = Closure.RESOLVED_BEFORE_ACCEPTANCE if pre_acceptance else Closure.WITHDRAWN
    case.closure_detail = WithdrawalDetail.AFTER_SETTLEMENT if settled else WithdrawalDetail.SELF_CORRECTION if corrected else None
    case.closed_on = on
    session.add(record)
    session.flush()
    if pre_acceptance:
        words.append("受理前协商化解")
    elif before_acceptance:
        words.append("案件未受理，不另行制作终止决定书")
    else:
        words.append("行政复议终止（第四十一条第一项）")
    step.summary = "；".join(words)
    step.payload |= {"withdrawal": record.id, "closure": case.closure, "closure_detail": case.closure_detail}


def suspends(step: Step) -> bool:
    """The 中止通知书 is issued when the start of mediation suspends the case (art. 39 ¶2: in writing)."""
    return bool(step.payload.get("suspended"))


def suspension_document(step: Step) -> dict[str, Any]:
    return {"cause": 6, "reason": "申请人和被申请人同意调解并同意中止审理", "suspended_on": step.on.isoformat()}


def resumes(step: Step) -> bool:
    """The 恢复审理通知书 is issued when a suspended mediation ends without closing the case."""
    return bool(step.payload.get("resumed"))


def resumption_document(step: Step) -> dict[str, Any]:
    mediation = latest(step.session, step.case)
    notice = latest_document(step.session, step.case.id, "suspension_notice")
    return {"resumed_on": step.on.isoformat(), "suspended_on": mediation.started_on.isoformat(),
            "suspension_number": notice.number if notice else "",
            "reason": "调解书生效前一方反悔" if mediation.state == MediationState.BACKED_OUT else "调解未达成协议"}


def withdrawal_issues_document(step: Step) -> bool:
    """The 终止决定书 terminates an accepted case; a case never accepted just closes."""
    return step.case.accepted_on is not None


def termination_document(step: Step) -> dict[str, Any]:
    return {"cause": 1, "reason": step.summary.split("；")[0] + "。" + str(step.data.get("reason") or ""),
            "withdrawn_on": step.on.isoformat(), "after_settlement": bool(step.data.get("after_settlement"))}
