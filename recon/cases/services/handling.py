"""Handling, decision and service (审理、决定、送达; domain.md §3–4, §6–7, issue 14): the ``step``,
``guard`` and ``document_extra`` functions of the status machine's rows for the respondent's copy
and reply, suspension and resumption, extension, conversion to the ordinary procedure,
termination, the decision (a draft, then the supervisor's approval) and service.

Like ``acceptance``: a step checks its action's own rules, sets the case's fields and writes the
recorded words (Chinese); the engine does the status, the clock, the timeline, the audit and the
document. Steps that open or swap deadlines themselves do so before they change the case's
fields, so the case row is written once (one ``version`` step per action).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.cases.models import Case, CaseEvent, Material, Party
from recon.cases.queries import latest_deadline
from recon.cases.services import normative
from recon.cases.services.inputs import int_value, text_value
from recon.cases.status import (
    CaseStatus,
    Closure,
    MaterialItem,
    MaterialStage,
    PartyRole,
    Procedure,
)
from recon.deadlines import lifecycle as deadlines
from recon.deadlines.display import date_zh
from recon.deadlines.models import ACTIVE_STATES, Deadline, DeadlineState
from recon.documents import services as document_services
from recon.documents.models import SERVICE_METHOD_LABELS, Document
from recon.documents.pdf import DECISION_TYPES, SUSPENSION_CAUSES, TERMINATION_CAUSES
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import N_, gettext
from recon.intake.models import Upload

if TYPE_CHECKING:
    from recon.cases.workflow import Step

COPY_RULES = ("respondent_copy", "respondent_copy_simple")
REPLY_RULES = ("respondent_reply", "respondent_reply_simple")
DECISION_RULES = ("decision", "decision_simple")
#: art. 41(5): a suspension for these causes of art. 39 ends the case after 60 days.
TERMINABLE_CAUSES = (1, 2, 4)
#: art. 70: the decisions open when the respondent did not reply in time.
ART70_TYPES = ("revoke", "confirm_illegal", "confirm_void", "order_performance")
ART70 = N_("被申请人未在法定期限内提出书面答复、提交作出行政行为的证据、依据和其他有关材料，视为该行政"
           "行为没有证据、依据（第七十条）：除行政行为涉及第三人合法权益且第三人提供证据的情形外，只能决定"
           "撤销、部分撤销、确认违法、确认无效或者责令履行。")
MAX_DRAFT_CHARS = 20_000
MAX_PERFORMANCE_DAYS = 365


# ---- reading the record ------------------------------------------------------------------------


def _respondent(case: Case) -> Party:
    found = case.parties_in(PartyRole.RESPONDENT)
    if not found:
        raise DomainError(gettext("本案没有登记被申请人，请先补充当事人信息"), field="served_on")
    return found[0]


def reply_overdue(session: Session, case: Case, today: date) -> date | None:
    """The missed due day of the respondent's reply (art. 48/54 → art. 70): the reply came after it,
    or none came and it has passed. None while the reply is in time (or not yet asked for)."""
    reply = latest_deadline(session, case, *REPLY_RULES, active_only=False)
    if reply is None or reply.due_on is None:
        return None
    if reply.state == DeadlineState.MET:
        return reply.due_on if reply.met_on > reply.due_on else None
    return reply.due_on if reply.due_on < today else None


def third_party_evidence(case: Case) -> CaseEvent | None:
    """The first record of evidence a third party supplied (art. 70's exception), if any."""
    for event in case.events:
        if event.kind == "workflow.record_third_party_evidence":
            return event
    return None


def art70_limits(session: Session, case: Case, today: date) -> bool:
    """Art. 70 limits the decision: the reply was late and no third party supplied evidence."""
    return reply_overdue(session, case, today) is not None and third_party_evidence(case) is None


def decision_types(session: Session, case: Case, today: date) -> tuple[str, ...]:
    """The decision types the form offers: all of them, or art. 70's when the reply was late
    (unless a third party supplied evidence: art. 70's exception)."""
    if art70_limits(session, case, today):
        return ART70_TYPES
    return tuple(DECISION_TYPES)


# ---- guards ------------------------------------------------------------------------------------


def copy_pending(session: Session, case: Case, on: date) -> str | None:
    """The copy of the application goes to the respondent once (art. 48/54)."""
    copy = latest_deadline(session, case, *COPY_RULES, active_only=False)
    if copy is None or copy.state == DeadlineState.CANCELLED:
        return gettext("本案没有进行中的发送申请书副本期限，不能发送答复通知书")
    if copy.state == DeadlineState.MET:
        return gettext("已于 %(on)s 向被申请人送达申请书副本和答复通知书，不能重复发送",
                       on=date_text(copy.met_on))
    return None


def reply_expected(session: Session, case: Case, on: date) -> str | None:
    """A reply is recorded once, after the respondent was served with the copy."""
    if case.reply_received_on is not None:
        return gettext("已于 %(on)s 登记被申请人的答复", on=date_text(case.reply_received_on))
    if latest_deadline(session, case, *REPLY_RULES) is None:
        return gettext("尚未向被申请人发送申请书副本和答复通知书，不能登记答复")
    return None


def simple_procedure(session: Session, case: Case, on: date) -> str | None:
    if case.procedure != Procedure.SIMPLE:
        return gettext("本案适用普通程序，无需转换")
    return None


def extendable(session: Session, case: Case, on: date) -> str | None:
    """Art. 62 ¶1: only the ordinary procedure's decision period is extended."""
    if case.procedure == Procedure.SIMPLE:
        return gettext("适用简易程序的案件不能延长审理期限（第六十二条第二款）；案情复杂需要延长的，"
                       "请先经批准转为普通程序（第五十五条）")
    decision = latest_deadline(session, case, "decision")
    if decision is None:
        return gettext("本案没有进行中的行政复议决定期限，不能延长")
    if decision.state == DeadlineState.PAUSED:
        return gettext("本案中止审理期间审理期限暂停计算，恢复审理后再决定是否延长")
    return None


def has_documents(session: Session, case: Case, on: date) -> str | None:
    if session.scalar(select(Document.id).where(Document.case_id == case.id).limit(1)) is None:
        return gettext("本案还没有签发文书，没有可以登记送达的文书")
    return None


def draft_recorded(session: Session, case: Case, on: date) -> str | None:
    if not case.decision_draft:
        return gettext("承办人尚未提出行政复议决定草稿，请先办理「作出决定」")
    return None


# ---- the respondent ----------------------------------------------------------------------------


def send_respondent_copy(step: Step) -> None:
    """答复通知书: the copy of the application (or oral record) served on the respondent on
    ``served_on``; the reply period (10 / 5 working days) runs from that day."""
    respondent = _respondent(step.case)
    copy = "口头申请笔录" if step.case.intake is not None and step.case.intake.oral else "行政复议申请书副本"
    step.summary = f"向被申请人{respondent.name}送达{copy}和《提出答复通知书》，送达日期 {date_zh(step.on)}"
    step.payload = {"served_on": step.on.isoformat()}


def reply_notice_document(step: Step) -> dict[str, Any]:
    reply = step.opened["respondent_reply"]
    enclosure = "口头申请笔录" if step.case.intake is not None and step.case.intake.oral else "行政复议申请书副本"
    return {"recipient_party_id": _respondent(step.case).id,
            "reply_days": 5 if step.case.procedure == Procedure.SIMPLE else 10,
            "reply_due_on": reply.due_on, "enclosures": [enclosure]}


#: The items a reply's files are tagged with (art. 48: the reply, the evidence, the basis and the
#: other materials) and those of a third party's files.
REPLY_ITEMS = (MaterialItem.REPLY, MaterialItem.EVIDENCE, MaterialItem.BASIS, MaterialItem.OTHER)
THIRD_PARTY_ITEMS = (MaterialItem.EVIDENCE, MaterialItem.OTHER)


def receive_materials(step: Step, stage: str, items: tuple[str, ...]) -> list[Material]:
    """The files handed in with the step, as materials of the case received on ``step.on``: those
    the page stored in this transaction (``data["materials"]``) and uploads named by id
    (``data["attachments"]``, from ``POST /api/v1/uploads``, tagged there with their ``item``)."""
    case, actor = step.case, step.actor
    materials = list(step.data.get("materials") or [])
    ids = [str(i).strip() for i in step.data.get("attachments") or [] if str(i or "").strip()]
    for index, upload_id in enumerate(ids):
        if upload_id in ids[:index]:
            continue
        upload = step.session.get(Upload, upload_id[:40])
        if upload is None or actor is None or upload.owner_id != actor.id or upload.case_id is not None:
            raise DomainError(gettext("附件 %(id)s 不存在或已被使用，请重新上传", id=upload_id[:40]),
                              field="attachments")
        if upload.item not in items:
            names = gettext("、").join(f"{i}（{gettext(MaterialItem(i).label)}）" for i in items)
            raise DomainError(gettext("附件 %(id)s 的材料类别（item）应为 %(items)s", id=upload_id[:40],
                                      items=names), field="attachments")
        upload.case_id = case.id
        material = Material(case=case, sha256=upload.sha256, size=upload.size, content_type=upload.content_type,
                            filename=upload.filename, item=upload.item, uploaded_by_id=actor.id,
                            uploaded_at=step.now)
        step.session.add(material)
        materials.append(material)
    for material in materials:
        material.stage = stage
        material.received_on = step.on
    return materials


def _files_words(materials: list[Material]) -> str:
    counts: dict[str, int] = {}
    for m in materials:
        counts[m.item] = counts.get(m.item, 0) + 1
    return "、".join(f"{MaterialItem(item).label} {n} 份" for item, n in counts.items())


def record_reply(step: Step) -> None:
    """The respondent's written reply with its evidence, basis and materials (art. 48/54), as
    uploaded: each file a material of the case (stage 「被申请人答复」) received on ``received_on``.
    A late reply is recorded and shown with art. 70's consequence."""
    text = text_value(step.data, "reply", "", MAX_DRAFT_CHARS, required=False)
    reply = latest_deadline(step.session, step.case, *REPLY_RULES)
    materials = receive_materials(step, MaterialStage.REPLY, REPLY_ITEMS)
    step.summary = f"收到被申请人的书面答复及证据、依据和其他有关材料，收到日期 {date_zh(step.on)}"
    if materials:
        step.summary += f"（{_files_words(materials)}）"
    late = reply is not None and reply.due_on is not None and step.on > reply.due_on
    if late:
        step.summary += f"（答复期限 {date_zh(reply.due_on)} 届满后提交）"
        step.warnings.append(gettext(ART70))
    step.payload = {"received_on": step.on.isoformat(), "late": late,
                    "materials": [{"filename": m.filename, "item": m.item} for m in materials]}
    step.case.reply_received_on = step.on
    step.case.reply_text = text or None


def has_third_party(session: Session, case: Case, on: date) -> str | None:
    if not case.parties_in(PartyRole.THIRD_PARTY):
        return gettext("本案没有第三人；请先办理「追加第三人」")
    return None


def _third_party(case: Case, value) -> Party:
    text = str(value if value is not None else "").strip()
    if not text:
        raise DomainError(gettext("请选择提供证据的第三人"), field="party")
    for party in case.parties_in(PartyRole.THIRD_PARTY):
        if str(party.id) == text or party.name == text:
            return party
    raise DomainError(gettext("“%(party)s”不是本案的第三人", party=text), field="party")


def record_third_party_evidence(step: Step) -> None:
    """第三人提供证据: the files a third party handed in. When the respondent's reply was late,
    art. 70's limit on the decision does not apply once a third party whose rights the act
    concerns supplied evidence."""
    party = _third_party(step.case, step.data.get("party"))
    note = text_value(step.data, "note", "", limit=1000, required=False)
    materials = receive_materials(step, MaterialStage.THIRD_PARTY, THIRD_PARTY_ITEMS)
    if not materials and not note:
        raise DomainError(gettext("请上传第三人提供的证据，或者说明证据的名称和内容"), field="files")
    step.summary = f"收到第三人{party.name}提供的证据，收到日期 {date_zh(step.on)}"
    if materials:
        step.summary += f"（{_files_words(materials)}）"
    if note:
        step.summary += f"。说明：{note}"
    if reply_overdue(step.session, step.case, step.on) is not None:
        step.summary += "。被申请人逾期未答复，但第三人提供了证据，决定类型不受第七十条限制"
    step.payload = {"party_id": party.id, "party": party.name, "note": note,
                    "materials": [{"filename": m.filename, "item": m.item} for m in materials]}


# ---- suspension, resumption, extension, conversion, termination ----------------------------


def suspend(step: Step) -> None:
    """中止 (art. 39): the decision period pauses from ``on``; a suspension for cause 1, 2 or 4
    opens the 60 days after which the case is terminated (art. 41(5))."""
    cause = int_value(step.data, "cause", 1, 10, gettext("请选择中止的原因（第三十九条第一款第一项至第十项）"))
    reason = text_value(step.data, "reason", "", required=False)
    normative.after_suspension(step, cause)
    if cause in TERMINABLE_CAUSES:
        step.opened["suspension_limit"] = deadlines.open_deadline(
            step.session, step.case.id, "suspension_limit", step.on, step.actor, step.now)
    step.summary = f"中止审理（第三十九条第一款第{cause}项：{SUSPENSION_CAUSES[cause]}），中止日期 {date_zh(step.on)}"
    step.payload = {"cause": cause, "reason": reason}


def suspension_document(step: Step) -> dict[str, Any]:
    return {"cause": step.payload["cause"], "suspended_on": step.on,
            "reason": step.payload["reason"] or SUSPENSION_CAUSES[step.payload["cause"]]}


def _suspended_on(case: Case) -> date | None:
    for event in reversed(case.events):
        if event.kind == "workflow.suspend":
            return event.on
    return None


def resume(step: Step) -> None:
    """恢复审理: the cause of the suspension is gone; the paused periods run again."""
    suspended_on = _suspended_on(step.case)
    reason = text_value(step.data, "reason", "", required=False)
    step.summary = f"恢复审理，恢复日期 {date_zh(step.on)}"
    if suspended_on is not None:
        step.summary += f"（自 {date_zh(suspended_on)} 起中止 {(step.on - suspended_on).days} 日）"
    step.payload = {"suspended_on": suspended_on.isoformat() if suspended_on else None, "reason": reason}


def resumption_document(step: Step) -> dict[str, Any]:
    notice = step.session.scalar(
        select(Document).where(Document.case_id == step.case.id, Document.kind == "suspension_notice")
        .order_by(Document.id.desc()).limit(1))
    return {"resumed_on": step.on, "suspended_on": step.payload["suspended_on"],
            "suspension_number": notice.number if notice is not None else "",
            "reason": step.payload["reason"]}


def extend(step: Step) -> None:
    """延长审理期限 (art. 62 ¶1): at most 30 days in all, approved by the head of the body. The
    new due day is acceptance + 60 + the days (+ suspended days), rolled forward once (§4)."""
    days = int_value(step.data, "days", 1, 30, gettext("延长的天数应为 1 至 30 的整数（第六十二条第一款）"))
    decision = latest_deadline(step.session, step.case, "decision")
    if decision.extension_days + days > 30:
        raise DomainError(gettext("审理期限累计最多延长三十日，本案已延长 %(n)d 日", n=decision.extension_days),
                          field="days")
    reason = text_value(step.data, "reason", "", required=False)
    step.summary = f"经行政复议机构负责人批准，审理期限延长{days}日"
    step.payload = {"days": days, "reason": reason,
                    "original_due": decision.due_on.isoformat() if decision.due_on else None}


def extension_document(step: Step) -> dict[str, Any]:
    decision = step.extended[0]
    return {"days": step.payload["days"], "original_due": step.payload["original_due"],
            "new_due": decision.due_on, "reason": step.payload["reason"] or "案情复杂"}


def convert_to_ordinary(step: Step) -> None:
    """简易程序转为普通程序 (art. 55): each running ``_simple`` period is replaced by the ordinary
    one from the same start (domain.md §13 Q4: 60 days from the original acceptance), keeping its
    suspensions."""
    session, case = step.session, step.case
    for old in session.scalars(select(Deadline).where(
            Deadline.case_id == case.id, Deadline.rule.like("%\\_simple", escape="\\"),
            Deadline.state.in_(ACTIVE_STATES)).order_by(Deadline.id)).all():
        rule = old.rule.removesuffix("_simple")
        pauses = old.pause_pairs()
        deadlines.cancel(session, old, step.actor, "简易程序转为普通程序（第五十五条）")
        step.opened[rule] = deadlines.open_deadline(session, case.id, rule, old.start_on, step.actor,
                                                    step.now, pauses=pauses)
    reason = text_value(step.data, "reason", "", limit=500, required=False)
    step.summary = "经行政复议机构负责人批准，简易程序转为普通程序审理（第五十五条）"
    if reason:
        step.summary += f"。理由：{reason}"
    step.payload = {"reason": reason}
    case.procedure = Procedure.ORDINARY


def conversion_documents(step: Step) -> list[dict[str, Any]]:
    """One 程序转换通知书 for each party the procedure concerns (applicants, respondent, third parties)."""
    fields = {"converted_on": step.on, "reason": step.payload["reason"] or "案情复杂"}
    return [fields | {"recipient_party_id": p.id} for p in step.case.parties
            if p.role in (PartyRole.APPLICANT, PartyRole.RESPONDENT, PartyRole.THIRD_PARTY)]


def terminate(step: Step) -> None:
    """终止 (art. 41) for causes 2–5; a withdrawal (cause 1) is the「撤回申请」action. Cause 5
    needs a cause 1, 2 or 4 suspension that has lasted 60 days."""
    cause = int_value(step.data, "cause", 1, 5, gettext("请选择终止的原因（第四十一条第一项至第五项）"))
    if cause == 1:
        raise DomainError(gettext("申请人撤回申请的，请办理「撤回申请」，由其终止本案"), field="cause")
    if cause == 5:
        limit = latest_deadline(step.session, step.case, "suspension_limit")
        if step.case.status != CaseStatus.SUSPENDED or limit is None:
            raise DomainError(gettext("第五项仅适用于因第三十九条第一款第一项、第二项、第四项中止审理的案件"),
                              field="cause")
        if limit.due_on is not None and step.on < limit.due_on:
            raise DomainError(gettext("中止满六十日（%(due)s）后中止原因仍未消除的，才能依照第五项终止",
                                      due=date_text(limit.due_on)), field="cause")
    reason = text_value(step.data, "reason", "", required=False)
    step.summary = f"决定终止行政复议（第四十一条第{cause}项：{TERMINATION_CAUSES[cause]}）"
    step.payload = {"cause": cause, "reason": reason}
    step.case.closure = Closure.TERMINATED
    step.case.closed_on = step.on


def termination_document(step: Step) -> dict[str, Any]:
    return {"cause": step.payload["cause"],
            "reason": step.payload["reason"] or TERMINATION_CAUSES[step.payload["cause"]]}


# ---- the decision ------------------------------------------------------------------------------

#: 本机关认为: the standard reasoning of each type, which the handler edits.
REASONING = {
    "vary": "被申请人作出的行政行为认定事实清楚，证据确凿，程序合法，但内容不适当，依法应予变更。",
    "revoke": "被申请人作出的行政行为主要事实不清、证据不足，依法应予撤销。",
    "confirm_illegal": "被申请人作出的行政行为违法，但依法不撤销该行政行为，应确认其违法。",
    "order_performance": "被申请人不履行法定职责，依法应责令其在一定期限内履行。",
    "confirm_void": "被申请人作出的行政行为有实施主体不具有行政主体资格或者没有依据等重大且明显违法情形，"
                    "申请人申请确认该行政行为无效，依法应确认无效。",
    "uphold": "被申请人作出的行政行为认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当，依法应予维持。",
    "reject_request": "被申请人没有相应的法定职责或者在受理前已经履行法定职责，申请人的行政复议请求依法应予驳回。",
}
ART70_REASONING = ("被申请人未依照《中华人民共和国行政复议法》第四十八条的规定提出书面答复、提交作出行政行为的"
                   "证据、依据和其他有关材料，视为该行政行为没有证据、依据。")
#: the parts of the draft the handler edits (the 决定书's sections, domain.md §9.4)
DRAFT_TEXTS = ("respondent_reply", "findings", "reasoning", "disposition")


def _act(case: Case) -> str:
    made = f"于{date_zh(case.act_made_on)}" if case.act_made_on else ""
    number = f"（{case.act_doc_no}）" if case.act_doc_no else ""
    return f"{made}作出的《{case.act_title.strip('《》')}》{number}"


def default_texts(session: Session, case: Case, decision_type: str, today: date) -> dict[str, str]:
    """The draft's sections written from the record (the handler edits them)."""
    overdue = reply_overdue(session, case, today)
    if case.reply_text:
        reply = case.reply_text
    elif overdue is not None:
        reply = "被申请人未在法定期限内提出书面答复，也未提交作出行政行为的证据、依据和其他有关材料。"
    elif case.reply_received_on is not None:
        reply = f"被申请人于{date_zh(case.reply_received_on)}提出书面答复，并提交了作出行政行为的证据、依据和其他有关材料。"
    else:
        reply = "被申请人未提出书面答复。"
    findings = f"被申请人{_act(case)}。申请人不服，于{date_zh(case.filed_on)}申请行政复议。"
    if overdue is not None:
        findings += f"被申请人的答复期限于{date_zh(overdue)}届满，被申请人未在期限内提出书面答复。"
    reasoning = normative.decision_words(case)  # art. 59: the review's outcome is stated in the decision
    reasoning += ART70_REASONING if overdue is not None and third_party_evidence(case) is None else ""
    reasoning += REASONING[decision_type]
    return {"respondent_reply": reply, "findings": findings, "reasoning": reasoning, "disposition": ""}


def decide(step: Step) -> None:
    """作出决定 (arts. 61, 63–72): the handler's draft, from the record and the edits on the page;
    the supervisor's approval issues it. A late reply limits the types (art. 70)."""
    session, case, data = step.session, step.case, step.data
    decision_type = data.get("type")
    if decision_type not in DECISION_TYPES:
        raise DomainError(gettext("请选择行政复议决定的类型"), field="type")
    if (review := normative.current(case)) is not None:
        raise DomainError(gettext("对%(title)s的附带审查尚未得出结论，请先登记审查结论（第五十九条、第六十条）",
                                  title=review.title), field="type")
    if art70_limits(session, case, step.on) and decision_type not in ART70_TYPES:
        raise DomainError(gettext(ART70), field="type")
    days = data.get("performance_days")
    if days is not None:
        days = int_value(data, "performance_days", 1, MAX_PERFORMANCE_DAYS,
                    gettext("履行期限应为 1 至 %(n)d 日", n=MAX_PERFORMANCE_DAYS))
    elif decision_type == "order_performance":
        raise DomainError(gettext("责令履行的决定须写明履行期限（第六十六条）"), field="performance_days")
    texts = default_texts(session, case, decision_type, step.on)
    for name in DRAFT_TEXTS:
        edited = text_value(data, name, "", MAX_DRAFT_CHARS, required=False)
        if edited:
            texts[name] = edited
    if decision_type == "vary" and not texts["disposition"]:
        raise DomainError(gettext("变更决定须写明变更后的内容"), field="disposition")
    decision = latest_deadline(session, case, *DECISION_RULES, active_only=False)
    label = DECISION_TYPES[decision_type][0]
    case.decision_draft = {"decision_type": decision_type, "on": step.on.isoformat(),
                           "performance_days": days,
                           "extended_days": (decision.extension_days or None) if decision else None,
                           "suspensions": [[s.isoformat(), r.isoformat() if r else None]
                                           for s, r in decision.pause_pairs()] if decision else [],
                           **texts}
    step.summary = f"提出行政复议决定草稿：{label}（第{DECISION_TYPES[decision_type][1]}条），报请批准"
    step.payload = {"type": decision_type, "performance_days": days}


def draft_extra(case: Case) -> dict[str, Any]:
    """The 决定书's fields from the case's draft (for the preview and the issued document)."""
    return {k: v for k, v in (case.decision_draft or {}).items() if k != "on" and v is not None}


def prefill(case: Case, action: str) -> dict[str, Any]:
    """What the form of ``action`` shows first: the decision form shows the draft to edit."""
    draft = case.decision_draft or {}
    if action != "decide" or not draft:
        return {}
    return {"type": draft.get("decision_type"), "performance_days": draft.get("performance_days"),
            **{name: draft.get(name) or "" for name in DRAFT_TEXTS}}


def approve_decision(step: Step) -> None:
    """批准 (art. 61): the supervisor approves the draft; the 决定书 is issued in the organ's name
    and the case is ``decided``; it takes effect when served (art. 75)."""
    draft = step.case.decision_draft
    drafted_on = date.fromisoformat(draft["on"])
    if step.on < drafted_on:
        raise DomainError(gettext("批准日期 %(on)s 早于决定草稿的日期 %(draft)s，请检查日期",
                                  on=date_text(step.on), draft=date_text(drafted_on)), field="on")
    decision_type = draft["decision_type"]
    step.summary = f"批准行政复议决定：{DECISION_TYPES[decision_type][0]}"
    step.payload = {"type": decision_type}
    step.case.closure = decision_type


def decision_document(step: Step) -> dict[str, Any]:
    return draft_extra(step.case)


# ---- service -----------------------------------------------------------------------------------


def recipients(case: Case) -> list[Party]:
    """The parties a document can be served on (an agent receives for its party)."""
    return [p for p in case.parties if p.role != PartyRole.AGENT]


def _recipient(case: Case, name: str, document: Document) -> Party:
    name = (name or "").strip() or (document.recipient or "")
    for party in recipients(case):
        if party.name == name:
            return party
    names = "、".join(p.name for p in recipients(case))
    raise DomainError(gettext("受送达人应为本案当事人：%(names)s", names=names), field="recipient")


RECEIPT_KIND = "service_receipt"


def serve(step: Step) -> None:
    """送达 (art. 88 → CPL arts. 87–95): one recipient's service of an issued document, in the
    document's service records. A 决定书 takes effect on service (art. 75): the 15 days to sue
    run from each applicant's or third party's service, and once it is served on the applicant(s)
    and the respondent the case is closed on the later day."""
    session, case, data = step.session, step.case, step.data
    number = str(data.get("document") or "").strip()
    document = session.scalar(select(Document).where(Document.case_id == case.id, Document.number == number))
    if document is None:
        raise DomainError(gettext("本案没有文号为“%(number)s”的文书", number=number), field="document")
    if document.kind == RECEIPT_KIND:
        raise DomainError(gettext("送达回证是送达的凭证，不需要送达；请选择要送达的文书"), field="document")
    method = data.get("method")
    if method not in SERVICE_METHOD_LABELS:
        raise DomainError(gettext("请选择送达方式"), field="method")
    party = _recipient(case, data.get("recipient") or "", document)
    consent = party.role == PartyRole.APPLICANT and case.e_service_consent
    if method == "electronic" and not consent:
        raise DomainError(gettext("%(name)s未同意电子送达，不能采用电子方式送达（电子送达须经受送达人同意）；"
                                  "请改用直接送达或者邮寄送达", name=party.name), field="method")
    first = document_services.served_on_for(document, party.name) is None
    sent_on = data.get("sent_on") or step.on if method in ("postal", "electronic", "announcement") else None
    service = document_services.record_service(
        session, document, recipient=party.name, method=method, actor=step.actor, now=step.now,
        electronic_consent=consent, address=party.address or case.service_address or "",
        sent_on=sent_on, served_on=None if method == "announcement" else step.on,
        note=text_value(data, "note", "", required=False), via=text_value(data, "via", "", 200, required=False),
        timeline=False)
    served_on = service.served_on
    step.summary = document_services.service_summary(document, service) + "；制作《送达回证》"
    step.payload = {"document": document.number, "recipient": party.name, "method": method,
                    "served_on": served_on.isoformat(), "service_id": service.id,
                    "document_id": document.id, "party_id": party.id}
    if document.kind != "decision" or not first:
        return
    if party.role in (PartyRole.APPLICANT, PartyRole.THIRD_PARTY):
        step.opened[f"litigation:{party.id}"] = deadlines.open_deadline(
            session, case.id, "litigation", served_on, step.actor, step.now)
    if case.status != CaseStatus.DECIDED:
        return
    dates = [document_services.served_on_for(document, p.name)
             for p in case.parties if p.role in (PartyRole.APPLICANT, PartyRole.RESPONDENT)]
    if all(dates):
        case.status = CaseStatus.CLOSED
        case.closed_on = max(dates)
        step.summary += f"；《行政复议决定书》已送达申请人和被申请人，自送达之日起发生法律效力（第七十五条），本案于 {date_zh(case.closed_on)} 结案"


def service_receipt_document(step: Step) -> dict[str, Any]:
    """The 送达回证 of the service just recorded: the document, the recipient, the method (with who
    was entrusted or the unit that passed it on), the address and the date."""
    service = next(s for s in step.session.get(Document, step.payload["document_id"]).services
                   if s.id == step.payload["service_id"])
    remarks = [f"{'受委托送达单位' if service.method == 'entrusted' else '代为转交单位'}：{service.via}"] if service.via else []
    if service.method == "announcement":
        remarks.append(f"公告发布日期 {date_zh(service.sent_on)}，经过三十日视为送达")
    elif service.method == "postal" and service.sent_on:
        remarks.append(f"寄出日期 {date_zh(service.sent_on)}")
    if service.note:
        remarks.append(service.note)
    return {"document_id": service.document_id, "recipient_party_id": step.payload["party_id"],
            "method": service.method, "address": service.address, "served_on": service.served_on,
            "server": step.actor.display_name if step.actor is not None else "",
            "remarks": "；".join(remarks)}
