"""The handling stage's records (审理, domain.md §3): third parties (art. 16), hearing the parties'
opinions (art. 49), the hearing (arts. 50–51) and the advisory committee's opinion (art. 52), file
inspection (art. 47) and the stay of execution (art. 42). The ``step`` and ``guard`` functions of
the status machine's rows (``recon/cases/workflow.py``); none of them changes the case's status.

Each record is the action's timeline entry: its ``payload`` holds the record's fields (the case
page and :func:`records` read them back), its ``on`` the day it happened. A third party is a
``Party`` row (role ``third_party``) with its own service address.

Messages for people are ``gettext`` (the reader's language); recorded summaries are Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from recon import validation as v
from recon.cases.models import Case, CaseEvent, Party
from recon.cases.services.inputs import choice_value, flag_value, names_value, past_day, text_value
from recon.cases.status import JoinedBy, PartyKind, PartyRole, Procedure
from recon.cases.timeline import payload_dates
from recon.deadlines.calendar_store import load_calendar
from recon.deadlines.display import date_zh
from recon.deadlines.engine import compute
from recon.documents.pdf import OPINION_MODES
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import gettext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from recon.cases.workflow import Step

MAX_SUMMARY_CHARS = 5000
MIN_HEARING_OFFICERS = 2  # art. 51 ¶1: 二人以上听证员


HEARD_ROLES = (PartyRole.APPLICANT, PartyRole.RESPONDENT, PartyRole.THIRD_PARTY)


# ---- guards ------------------------------------------------------------------------------------


def ordinary_only(session: Session, case: Case, on: date) -> str | None:
    """Hearings (arts. 50–52) belong to the ordinary procedure."""
    if case.procedure != Procedure.ORDINARY:
        return gettext("本案适用简易程序，不组织听证；确需听证的，请先经批准转为普通程序（第五十五条）")
    return None


def hearing_scheduled(session: Session, case: Case, on: date) -> str | None:
    """A hearing is recorded only after it was scheduled and its notice served (art. 51 ¶1)."""
    refused = ordinary_only(session, case, on)
    if refused is None and last_record(case, "schedule_hearing") is None:
        return gettext("本案尚未安排听证，请先办理「安排听证」并送达听证通知")
    return refused


def stay_requested(session: Session, case: Case, on: date) -> str | None:
    """A stay is decided on a recorded request that has not been decided yet."""
    request = last_record(case, "request_stay")
    decided = last_record(case, "decide_stay")
    if request is None or (decided is not None and decided.id > request.id):
        return gettext("本案没有待决定的停止执行申请，请先登记申请")
    return None


# ---- reading the records back ------------------------------------------------------------------


def last_record(case: Case, action: str) -> CaseEvent | None:
    for event in reversed(case.events):
        if event.kind == f"workflow.{action}":
            return event
    return None


@dataclass(frozen=True)
class Record:
    """One record on the case page: its day and the action's fields."""

    on: date
    fields: dict[str, Any]


def records(case: Case, action: str) -> list[Record]:
    """The records of ``action`` on ``case``, oldest first."""
    return [Record(e.on, payload_dates(e.payload)) for e in case.events
            if e.kind == f"workflow.{action}"]


#: The actions whose records the case page shows (审理记录).
RECORDED = ("hear_opinion", "schedule_hearing", "record_hearing", "record_committee_opinion",
            "record_inspection", "request_stay", "decide_stay")


def _heard_party(case: Case, data) -> Party:
    """``party``: a party's id (the case body's), or its exact name."""
    value = data.get("party")
    text = str(value if value is not None else "").strip()
    if not text:
        raise DomainError(gettext("请选择被听取意见的当事人"), field="party")
    for party in case.parties:
        if party.role in HEARD_ROLES and (str(party.id) == text or party.name == text):
            return party
    raise DomainError(gettext("“%(party)s”不是本案的申请人、被申请人或者第三人", party=text), field="party")


# ---- third parties (art. 16) --------------------------------------------------------------------


def add_third_party(step: Step) -> None:
    """追加第三人: on the third party's application or notified by the organ; its own service
    address; the 第三人参加行政复议通知书 goes to it."""
    case, data = step.case, step.data
    name = text_value(data, "name", gettext("请填写第三人的姓名或者名称"), limit=200)
    kind = choice_value(data, "kind", PartyKind.labels(), gettext("第三人类型只能是自然人（person）或者法人或其他组织"
                                                       "（organization）"), default="person")
    joined = choice_value(data, "by", {j.value for j in JoinedBy},
                     gettext("请选择第三人是申请参加（application）还是由行政复议机构通知参加（organ）"))
    address = text_value(data, "address", gettext("请填写第三人的送达地址"), limit=300)
    id_number = text_value(data, "id_number", "", limit=40, required=False)
    phone = text_value(data, "phone", "", limit=40, required=False)
    try:
        if id_number:
            id_number = (v.check_credit_code(id_number) if kind == "organization"
                         else v.check_resident_id(id_number)[0])
    except v.InvalidValue as exc:
        raise DomainError(str(exc), field="id_number") from None
    try:
        phone = v.check_phone(phone) if phone else ""
    except v.InvalidValue as exc:
        raise DomainError(str(exc), field="phone") from None
    for party in case.parties_in(PartyRole.THIRD_PARTY):
        if party.name == name or (id_number and party.id_number == id_number):
            raise DomainError(gettext("%(name)s已经是本案的第三人", name=party.name), field="name")
    party = Party(role=PartyRole.THIRD_PARTY, kind=kind, name=name, id_number=id_number or None,
                  phone=phone or None, address=address,
                  position=max((p.position for p in case.parties), default=-1) + 1)
    case.parties.append(party)
    step.session.flush()  # the party's id, for the notice's recipient and the record
    how = ("经其申请，同意" if joined == JoinedBy.APPLICATION else "行政复议机构通知")
    step.summary = (f"{how}{name}作为第三人参加行政复议（第十六条第一款），送达地址：{address}；"
                    f"签发《第三人参加行政复议通知书》")
    step.payload = {"party_id": party.id, "name": name, "kind": kind, "by": joined, "address": address}


def third_party_document(step: Step) -> dict[str, Any]:
    return {"recipient_party_id": step.payload["party_id"]}


# ---- hearing the parties' opinions (art. 49) -----------------------------------------------------


def hear_opinion(step: Step) -> None:
    """听取意见: one party, one day, how, what was said, and「是否愿意调解」."""
    case, data = step.case, step.data
    party = _heard_party(case, data)
    mode = choice_value(data, "mode", OPINION_MODES,
                   gettext("请选择听取意见的方式：当面（in_person）、互联网（online）或者电话（phone）"))
    summary = text_value(data, "summary", gettext("请记录当事人的意见"), limit=MAX_SUMMARY_CHARS)
    willing = data.get("willing_to_mediate")
    if willing is not None and not isinstance(willing, bool):
        raise DomainError(gettext("“是否愿意调解”只能是 true、false 或者 null（未作答复）"),
                          field="willing_to_mediate")
    role = PartyRole(party.role).label
    answer = {None: "未作答复", True: "愿意调解", False: "不愿意调解"}[willing]
    step.summary = (f"{OPINION_MODES[mode]}听取{role}{party.name}的意见（第四十九条）；是否愿意调解：{answer}；"
                    f"制作《听取意见笔录》")
    step.payload = {"party_id": party.id, "party": party.name, "role": party.role, "mode": mode,
                    "summary": summary, "willing_to_mediate": willing}


def opinion_document(step: Step) -> dict[str, Any]:
    p = step.payload
    return {"party_id": p["party_id"], "heard_on": step.on, "mode": p["mode"], "summary": p["summary"],
            "willing_to_mediate": p["willing_to_mediate"],
            "hearers": [step.actor.display_name] if step.actor is not None else []}


# ---- the hearing (arts. 50–52) ---------------------------------------------------------------------


def schedule_hearing(step: Step) -> None:
    """安排听证: the hearing day and the day its notice was served; a warning when the notice
    came later than ``hearing_notice`` (5 working days before the hearing, art. 51 ¶1) allows."""
    data = step.data
    hearing_on = data.get("hearing_on")
    if hearing_on is None:
        raise DomainError(gettext("请填写听证日期"), field="hearing_on")
    served = past_day(step, "notice_served_on", step.on)
    if served < step.on:
        raise DomainError(gettext("听证通知送达日期 %(served)s 早于办理日期 %(on)s，请检查日期",
                                  served=date_text(served), on=date_text(step.on)), field="notice_served_on")
    if hearing_on <= served:
        raise DomainError(gettext("听证日期 %(hearing)s 应当晚于听证通知送达日期 %(served)s",
                                  hearing=date_text(hearing_on), served=date_text(served)), field="hearing_on")
    latest = compute("hearing_notice", hearing_on, load_calendar(step.session)).due
    step.summary = (f"安排于 {date_zh(hearing_on)} 举行听证，听证通知于 {date_zh(served)} 送达"
                    f"（最迟应于 {date_zh(latest)} 送达，第五十一条第一款）")
    late = served > latest
    if late:
        step.warnings.append(gettext(
            "听证通知于 %(served)s 送达，晚于听证日前 5 个工作日（最迟 %(latest)s，第五十一条第一款）。"
            "请考虑另行确定听证日期并重新通知。", served=date_text(served), latest=date_text(latest)))
        step.summary += "。提示：听证通知送达晚于法定期限，应当考虑另行确定听证日期"
    hearing_time = str(data.get("hearing_time") or "09:00").strip()
    if not re.fullmatch(r"([01]?\d|2[0-3])[:：][0-5]\d", hearing_time):
        raise DomainError(gettext("听证开始时间请写成“时:分”，例如 9:30 或 14:00"), field="hearing_time")
    place = text_value(data, "place", "", limit=200, required=False)
    issues = names_value(data, "issues") if isinstance(data.get("issues"), list) else [
        line.strip() for line in str(data.get("issues") or "").splitlines() if line.strip()]
    step.payload = {"hearing_on": hearing_on.isoformat(), "notice_served_on": served.isoformat(),
                    "notice_due_on": latest.isoformat(), "late_notice": late,
                    "hearing_time": hearing_time.replace("：", ":"), "place": place, "issues": issues}


#: 拟听证事项 when the handler names none
DEFAULT_HEARING_ISSUE = "被申请行政复议的行政行为认定事实是否清楚、证据是否确凿、适用依据是否正确、程序是否合法、内容是否适当"


def concerned_parties(case: Case) -> list[Party]:
    """The parties a notice about the procedure goes to: applicants, the respondent, third parties."""
    return [p for p in case.parties if p.role in HEARD_ROLES]


def hearing_notice_documents(step: Step) -> list[dict[str, Any]]:
    """One 听证通知书 for each party (art. 51 ¶1: served on the parties)."""
    p = step.payload
    hour, minute = p["hearing_time"].split(":")
    fields = {"hearing_at": f"{p['hearing_on']}T{int(hour):02d}:{minute}",
              "issues": p["issues"] or [DEFAULT_HEARING_ISSUE]}
    if p["place"]:
        fields["place"] = p["place"]
    return [fields | {"recipient_party_id": party.id} for party in concerned_parties(step.case)]


def record_hearing(step: Step) -> None:
    """听证: the panel (a presiding officer, ≥ 2 hearing officers, a recorder), who attended (the
    respondent's 负责人 or the reason for the absence; an applicant absent without a justified
    reason has waived the hearing, art. 51 ¶2–3), what was said."""
    data = step.data
    presiding = text_value(data, "presiding", gettext("请填写听证主持人"), limit=80)
    officers = names_value(data, "officers")
    if len(officers) < MIN_HEARING_OFFICERS:
        raise DomainError(gettext("听证员应当为二人以上（第五十一条第一款），请逐一填写"), field="officers")
    if len(set(officers)) != len(officers) or presiding in officers:
        raise DomainError(gettext("主持人和听证员不能重复，请逐一填写不同的人员"), field="officers")
    recorder = text_value(data, "recorder", gettext("请填写记录员"), limit=80)
    if recorder == presiding or recorder in officers:
        raise DomainError(gettext("记录员不能同时担任主持人或者听证员"), field="recorder")
    head = data.get("respondent_head_attended")
    if not isinstance(head, bool):
        raise DomainError(gettext("请说明被申请人的负责人是否参加听证"), field="respondent_head_attended")
    reason = text_value(data, "absence_reason", gettext("被申请人的负责人未参加听证的，请写明其说明的理由（第五十一条第三款）"),
                   limit=500, required=not head)
    if head and reason:
        raise DomainError(gettext("负责人参加了听证，不需要填写未参加的理由"), field="absence_reason")
    waived = flag_value(data, "applicant_absent_without_reason", gettext("“申请人无正当理由拒不参加”只能是 true 或 false"))
    summary = text_value(data, "summary", gettext("请记录听证的情况"), limit=MAX_SUMMARY_CHARS)
    step.summary = (f"举行听证：主持人{presiding}，听证员{'、'.join(officers)}，记录员{recorder}；"
                    + ("被申请人负责人参加" if head else f"被申请人负责人未参加（理由：{reason}）")
                    + ("；申请人无正当理由拒不参加，视为放弃听证权利（第五十一条第二款）" if waived else "")
                    + "；制作《听证笔录》")
    step.payload = {"presiding": presiding, "officers": officers, "recorder": recorder,
                    "respondent_head_attended": head, "absence_reason": reason or None,
                    "applicant_absent_without_reason": waived, "summary": summary}


def hearing_document(step: Step) -> dict[str, Any]:
    p = step.payload
    return {"held_on": step.on, "presiding": p["presiding"], "officers": p["officers"],
            "recorder": p["recorder"], "summary": p["summary"],
            "respondent_head_attended": p["respondent_head_attended"],
            "absence_reason": p["absence_reason"] or "",
            "applicant_absent_without_reason": p["applicant_absent_without_reason"]}


def record_committee_opinion(step: Step) -> None:
    """行政复议委员会的咨询意见 (art. 52), an important reference for the decision (art. 61 ¶3)."""
    opinion = text_value(step.data, "opinion", gettext("请填写行政复议委员会的咨询意见"), limit=MAX_SUMMARY_CHARS)
    step.summary = f"收到行政复议委员会的咨询意见（第五十二条）：{opinion}"
    step.payload = {"opinion": opinion}


# ---- file inspection (art. 47) -------------------------------------------------------------------


def record_inspection(step: Step) -> None:
    """查阅、复制: who, what was shown, what was copied, what was withheld and why (state secrets,
    trade secrets, privacy, security: art. 47)."""
    data = step.data
    by = text_value(data, "by", gettext("请填写查阅人（申请人、第三人或者其委托代理人）"), limit=200)
    if not any(by == p.name or by.startswith(p.name) for p in step.case.parties
               if p.role in (PartyRole.APPLICANT, PartyRole.THIRD_PARTY, PartyRole.AGENT,
                             PartyRole.REPRESENTATIVE)):
        raise DomainError(gettext("“%(name)s”不是本案的申请人、第三人或者其代理人、代表人；"
                                  "第四十七条规定的查阅、复制限于上述人员", name=by), field="by")
    shown = names_value(data, "shown")
    copied = names_value(data, "copied")
    withheld = names_value(data, "withheld")
    if not shown and not copied and not withheld:
        raise DomainError(gettext("请列明提供查阅、复制或者不予提供的材料"), field="shown")
    reason = text_value(data, "withheld_reason", gettext("不予查阅、复制的，请写明理由（涉及国家秘密、商业秘密、个人隐私"
                                                    "或者可能危及国家安全、公共安全、社会稳定，第四十七条）"),
                   limit=500, required=bool(withheld))
    if reason and not withheld:
        raise DomainError(gettext("没有不予提供的材料，不需要填写理由"), field="withheld_reason")
    parts = [f"{by}查阅案卷材料（第四十七条）"]
    if shown:
        parts.append(f"提供查阅：{'、'.join(shown)}")
    if copied:
        parts.append(f"提供复制：{'、'.join(copied)}")
    if withheld:
        parts.append(f"不予提供：{'、'.join(withheld)}（理由：{reason}）")
    step.summary = "；".join(parts)
    step.payload = {"by": by, "shown": shown, "copied": copied, "withheld": withheld,
                    "withheld_reason": reason or None}


# ---- stay of execution (art. 42) ------------------------------------------------------------------


def request_stay(step: Step) -> None:
    """停止执行申请: who asked (the applicant or a third party) and why."""
    data = step.data
    by = text_value(data, "by", gettext("请填写申请停止执行的申请人或者第三人"), limit=200)
    if not any(by == p.name for p in step.case.parties
               if p.role in (PartyRole.APPLICANT, PartyRole.THIRD_PARTY)):
        raise DomainError(gettext("“%(name)s”不是本案的申请人或者第三人（第四十二条第三项）", name=by), field="by")
    reason = text_value(data, "reason", gettext("请写明申请停止执行的理由"), limit=1000)
    if stay_requested(step.session, step.case, step.on) is None:
        raise DomainError(gettext("本案已有待决定的停止执行申请，请先作出决定"), field="by")
    step.summary = f"{by}申请停止执行被申请行政复议的行政行为（第四十二条）。理由：{reason}"
    step.payload = {"by": by, "reason": reason}


def decide_stay(step: Step) -> None:
    """停止执行的决定: granted (the 停止执行通知书 to the respondent) or refused, with the reason."""
    data = step.data
    granted = data.get("granted")
    if not isinstance(granted, bool):
        raise DomainError(gettext("请选择是否决定停止执行"), field="granted")
    reason = text_value(data, "reason", gettext("请写明决定的理由"), limit=1000)
    request = last_record(step.case, "request_stay")
    by, asked_on = request.payload["by"], request.on
    if granted:
        step.summary = (f"决定自 {date_zh(step.on)} 起停止执行被申请行政复议的行政行为（第四十二条）。理由：{reason}；"
                        f"签发《停止执行通知书》")
    else:
        step.summary = f"对{by}的停止执行申请，决定不停止执行（第四十二条）。理由：{reason}"
    step.payload = {"granted": granted, "reason": reason, "requested_by": by,
                    "requested_on": asked_on.isoformat()}


def stay_granted(step: Step) -> bool:
    return step.payload["granted"]


def stay_document(step: Step) -> dict[str, Any]:
    p = step.payload
    role = next((PartyRole(x.role).label for x in step.case.parties if x.name == p["requested_by"]), "")
    return {"stay_from": step.on, "reason": p["reason"], "requested_by": f"{role}{p['requested_by']}",
            "requested_on": p["requested_on"]}
