"""The acceptance stage (受理审查, domain.md §2): the ``step`` and ``guard`` functions of the
status machine's rows (``recon/cases/workflow.py``). A step checks its action's own rules,
sets the case's fields and writes the recorded words; the engine does the status, the clock,
the timeline, the audit and the document. Guards answer why the clock forbids the action on a
day (a message) or None.

Messages for people are ``gettext`` (the reader's language); recorded summaries are Chinese.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.auth.models import User
from recon.auth.roles import Role
from recon.cases.grounds import (
    JURISDICTION,
    MAX_CORRECTION_EXTENSION,
    MAX_CORRECTION_ITEMS,
    MAX_ITEM_CHARS,
    REFUSAL_CONDITIONS,
    SimpleGround,
)
from recon.cases.models import Case
from recon.cases.queries import latest_deadline
from recon.cases.services.inputs import int_value, past_day, text_value
from recon.cases.status import Closure, Procedure
from recon.deadlines.display import date_zh
from recon.deadlines.models import ACTIVE_STATES, DeadlineState
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import gettext

if TYPE_CHECKING:
    from recon.cases.workflow import Step


# ---- guards: the clock's preconditions ---------------------------------------------------------


def review_running(session: Session, case: Case, on: date) -> str | None:
    """Accept and refuse are decided within the review period (art. 30): after its last day the
    law has already accepted the case (¶3)."""
    review = latest_deadline(session, case, "acceptance_review")
    if review is not None and review.due_on is not None and review.due_on < on:
        return gettext("受理审查期限已于 %(due)s 届满，依法自该日起视为受理（第三十条第三款），不能再作出"
                       "受理或者不予受理的决定；受理后发现不符合受理条件的，可以驳回申请（第三十三条）。",
                       due=date_text(review.due_on))
    return None


def correction_notice_running(session: Session, case: Case, on: date) -> str | None:
    """A correction notice lists every item at once (art. 31 ¶1) and is sent within 5 working
    days of receipt; later, silence means acceptance (domain.md §2: blocked, not warned)."""
    notice = latest_deadline(session, case, "correction_notice", active_only=False)
    if notice is None:
        return gettext("本案没有通知补正期限，不能通知补正")
    if notice.state == DeadlineState.MET:
        return gettext("本案已于 %(on)s 通知补正。补正通知应当一次性载明需要补正的全部事项（第三十一条"
                       "第一款），不能再次通知补正。", on=date_text(notice.met_on))
    if notice.state not in ACTIVE_STATES or (notice.due_on is not None and notice.due_on < on):
        return gettext("通知补正的期限已于 %(due)s 届满（收到申请之日起 5 个工作日，第三十一条第一款），"
                       "不能再通知补正；审查期限届满未决定不予受理的，视为受理。",
                       due=date_text(notice.due_on))
    return None


def correction_reply_running(session: Session, case: Case, on: date) -> str | None:
    """The applicant's correction period can be extended only while it runs (art. 31 ¶2)."""
    reply = latest_deadline(session, case, "correction_reply")
    if reply is None:
        return gettext("本案没有进行中的补正期限，不能延长")
    if reply.due_on is not None and reply.due_on < on:
        return gettext("申请人的补正期限已于 %(due)s 届满，届满后不能再延长", due=date_text(reply.due_on))
    return None


# ---- steps -------------------------------------------------------------------------------------


def accept(step: Step) -> None:
    """受理: the procedure (simple only on an art. 53 ground) and the acceptance day."""
    case, data = step.case, step.data
    procedure = data.get("procedure") or Procedure.ORDINARY
    if procedure not in (Procedure.SIMPLE, Procedure.ORDINARY):
        raise DomainError(gettext("审理程序只能是简易程序（simple）或普通程序（ordinary）"), field="procedure")
    ground = None
    if procedure == Procedure.SIMPLE:
        ground = data.get("simple_ground")
        if ground not in {g.value for g in SimpleGround}:
            raise DomainError(gettext("适用简易程序须选择《行政复议法》第五十三条规定的情形"),
                              field="simple_ground")
    intake = case.intake
    if intake is not None and intake.oral and intake.oral_signed_at is None:
        raise DomainError(gettext("口头申请笔录尚未登记申请人签名，登记签名前不能作出受理决定"), field="procedure")
    case.procedure = procedure
    case.accepted_on = step.on
    case.deemed_accepted = False
    if ground:
        step.summary = (f"决定受理，受理日期 {date_zh(step.on)}，适用简易程序"
                        f"（{SimpleGround(ground).label}）")
    else:
        step.summary = f"决定受理，受理日期 {date_zh(step.on)}，适用普通程序"
    step.payload = {"procedure": procedure, "simple_ground": ground}


def refuse(step: Step) -> None:
    """不予受理: the failed condition of art. 30 ¶1, the reasons, and for jurisdiction the
    competent organ (art. 30 ¶2)."""
    data = step.data
    condition = int_value(data, "condition", 1, 7, gettext("请选择不符合的受理条件（第三十条第一款第一项至第七项）"))
    reason = text_value(data, "reason", gettext("请写明不予受理的理由"))
    organ = text_value(data, "competent_organ", gettext("以不属于本机关管辖为由不予受理的，须写明有管辖权的行政复议机关"
                                                   "（第三十条第二款）"), limit=200,
                  required=condition == JURISDICTION)
    step.case.closed_on = step.on
    step.summary = (f"决定不予受理：不符合《行政复议法》第三十条第一款第{condition}项"
                    f"“{REFUSAL_CONDITIONS[condition]}”。理由：{reason}")
    if organ:
        step.summary += f"。有管辖权的行政复议机关：{organ}"
    step.payload = {"condition": condition, "reason": reason, "competent_organ": organ or None}


def refusal_document(step: Step) -> dict[str, Any]:
    return {"condition": step.payload["condition"], "reason": step.payload["reason"],
            "competent_organ": step.payload["competent_organ"] or ""}


def request_correction(step: Step) -> None:
    """通知补正: every item at once (art. 31 ¶1); the applicant's 10 working days run from the day
    the notice is served."""
    raw = step.data.get("items") or []
    if isinstance(raw, str):
        raw = raw.splitlines()
    items = [str(item).strip() for item in raw if str(item or "").strip()]
    if not items:
        raise DomainError(gettext("请逐项写明需要补正的材料或事项（补正通知应一次性载明全部事项）"), field="items")
    if len(items) > MAX_CORRECTION_ITEMS:
        raise DomainError(gettext("补正事项最多 %(n)d 项", n=MAX_CORRECTION_ITEMS), field="items")
    if any(len(item) > MAX_ITEM_CHARS for item in items):
        raise DomainError(gettext("每项补正事项不超过 %(n)d 个字", n=MAX_ITEM_CHARS), field="items")
    served = past_day(step, "notice_served_on", step.on)
    if served < step.on:
        raise DomainError(gettext("送达日期 %(served)s 早于通知日期 %(on)s，请检查日期",
                                  served=date_text(served), on=date_text(step.on)), field="notice_served_on")
    step.dates["notice_served_on"] = served
    listed = "；".join(f"{n}. {item}" for n, item in enumerate(items, 1))
    step.summary = (f"书面通知申请人补正（共 {len(items)} 项）：{listed}。补正通知于 {date_zh(served)} 送达，"
                    f"申请人应自收到之日起 10 个工作日内补正")
    step.payload = {"items": items, "notice_served_on": served.isoformat()}


def correction_document(step: Step) -> dict[str, Any]:
    reply = step.opened["correction_reply"]
    return {"items": step.payload["items"], "reply_due_on": reply.due_on, "reply_days": 10}


def record_correction(step: Step) -> None:
    """收到补正材料: the review starts again from the day received (art. 31 ¶3)."""
    materials = list(step.data.get("materials") or [])
    if getattr(step.actor, "role", None) == Role.APPLICANT and not materials:
        raise DomainError(gettext("请上传补正材料"), field="files")
    note = text_value(step.data, "note", "", limit=500, required=False)
    step.summary = f"收到申请人的补正材料（{date_zh(step.on)}），自该日起重新进行受理审查"
    if materials:
        step.summary += f"，共 {len(materials)} 份文件"
    if note:
        step.summary += f"。说明：{note}"
    step.payload = {"received_on": step.on.isoformat(), "materials": materials}


def extend_correction(step: Step) -> None:
    """延长补正期限 for a justified reason (art. 31 ¶2), in working days like the period itself."""
    days = int_value(step.data, "days", 1, MAX_CORRECTION_EXTENSION,
                gettext("延长的工作日数应为 1 至 %(n)d 的整数", n=MAX_CORRECTION_EXTENSION))
    reason = text_value(step.data, "reason", gettext("请写明延长补正期限的正当理由"))
    step.summary = f"申请人有正当理由，补正期限延长 {days} 个工作日（第三十一条第二款）。理由：{reason}"
    step.payload = {"days": days, "reason": reason}


def _same_unit(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a and b) and (a in b or b in a)


def assign(step: Step) -> None:
    """指派承办人; a warning when the handler used to work for the respondent (recusal)."""
    username = text_value(step.data, "handler", gettext("请选择承办人"), limit=80)
    handler = step.session.scalar(select(User).where(User.username == username, User.role == Role.HANDLER,
                                                     User.active.is_(True)))
    if handler is None:
        raise DomainError(gettext("没有名为“%(name)s”的在岗案件承办人", name=username), field="handler")
    case = step.case
    if case.handler_id == handler.id:
        raise DomainError(gettext("本案的承办人已经是%(name)s", name=handler.display_name), field="handler")
    case.handler_id = handler.id
    step.summary = f"指派{handler.display_name}为承办人"
    if handler.former_unit and _same_unit(handler.former_unit, case.respondent_name):
        step.warnings.append(gettext("承办人%(name)s曾在被申请人%(unit)s工作，请考虑是否需要回避",
                                     name=handler.display_name, unit=handler.former_unit))
        step.summary += f"（提示：该承办人曾在被申请人{handler.former_unit}工作，请考虑是否需要回避）"
    step.payload = {"handler": handler.username}


def dismiss(step: Step) -> None:
    """驳回行政复议申请 after acceptance (art. 33)."""
    reason = text_value(step.data, "reason", gettext("请写明驳回申请的理由"))
    case = step.case
    case.closure = Closure.DISMISSED
    case.closed_on = step.on
    step.summary = f"受理后发现不符合受理条件，驳回行政复议申请（第三十三条）。理由：{reason}"
    step.payload = {"reason": reason}


def dismissal_document(step: Step) -> dict[str, Any]:
    return {"reason": step.payload["reason"]}


def deem_accept(step: Step) -> None:
    """视为受理 (art. 30 ¶3), as of the review period's last day; ordinary procedure."""
    review = step.data["deadline"]
    case = step.case
    case.procedure = Procedure.ORDINARY
    case.accepted_on = step.on
    case.deemed_accepted = True
    step.summary = (f"受理审查期限于 {date_zh(step.on)} 届满，未作出不予受理决定，依法自该日起视为受理"
                    f"（第三十条第三款），适用普通程序")
    step.payload = {"deadline_id": review.id, "procedure": Procedure.ORDINARY.value}
    step.dedupe_key = f"deadline:{review.id}:deemed_accepted"


def deem_abandon(step: Step) -> None:
    """视为放弃 (art. 31 ¶2): the correction period ran out with no supplement; recorded."""
    reply = step.data["deadline"]
    step.case.closed_on = step.on
    step.summary = (f"补正期限于 {date_zh(step.on)} 届满，申请人未提交补正材料，视为放弃行政复议申请"
                    f"（第三十一条第二款），记录在案")
    step.payload = {"deadline_id": reply.id}
    step.dedupe_key = f"deadline:{reply.id}:deemed_abandoned"
