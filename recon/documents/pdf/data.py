"""Plain, frozen data the builders take. ``documents/contexts.py`` fills these from the models.

Dates are ``datetime.date``; times are naive ``datetime`` in Beijing time (Asia/Shanghai), the way
they are printed. Personal data arrives in full, as served documents print it; the published copy
(公开文本) is rendered from :func:`published_copy`, which masks it.
Validation in ``__post_init__`` raises ``ValueError`` with a Chinese message.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

# N_ marks the labels pages show translated (documents print them as they are); the messages of
# a refused build are lazy, so they are read in the reader's language after the build.
from recon.i18n import N_, lazy_gettext
from recon.masking import mask_id, mask_phone, mask_text

__all__ = [
    "AbandonmentRecordContext",
    "AcceptanceNoticeContext",
    "CaseData",
    "ConversionNoticeContext",
    "CorrectionNoticeContext",
    "DECISION_TYPES",
    "DecisionContext",
    "DismissalDecisionContext",
    "ExtensionNoticeContext",
    "Header",
    "HearingNoticeContext",
    "HearingRecordContext",
    "MaterialItem",
    "MediationDocumentContext",
    "OPINION_MODES",
    "OpinionLetterContext",
    "OpinionRecordContext",
    "OralRecordContext",
    "PartyData",
    "PerformanceOrderContext",
    "ReceiptContext",
    "RecommendationLetterContext",
    "RefusalDecisionContext",
    "ReplyNoticeContext",
    "ResumptionNoticeContext",
    "SERVICE_METHODS",
    "ServiceAddressContext",
    "ServiceReceiptContext",
    "StayNoticeContext",
    "SuspensionNoticeContext",
    "TerminationDecisionContext",
    "ThirdPartyNoticeContext",
    "TransferLetterContext",
    "DraftingOrganLetterContext",
    "published_copy",
]

PARTY_ROLES = ("applicant", "respondent", "third_party", "agent", "representative")
PARTY_KINDS = ("person", "organization")
PROCEDURES = ("simple", "ordinary")
CHANNELS = ("online", "onsite", "postal")

#: decision_type → (label, ARL article). Statute order (art. 63 first).
DECISION_TYPES: dict[str, tuple[str, int]] = {
    "vary": (N_("变更"), 63),
    "revoke": (N_("撤销"), 64),
    "confirm_illegal": (N_("确认违法"), 65),
    "order_performance": (N_("责令履行"), 66),
    "confirm_void": (N_("确认无效"), 67),
    "uphold": (N_("维持"), 68),
    "reject_request": (N_("驳回行政复议请求"), 69),
}

#: Service methods (CPL arts. 87–95 via ARL art. 88) → label printed on the 送达回证.
SERVICE_METHODS: dict[str, str] = {
    "direct": N_("直接送达"),
    "refusal": N_("留置送达"),
    "postal": N_("邮寄送达"),
    "electronic": N_("电子送达"),
    "entrusted": N_("委托送达"),
    "transfer": N_("转交送达"),
    "announcement": N_("公告送达"),
}


def _need(value: object, message: str) -> None:
    if value is None or value == "" or value == ():
        raise ValueError(lazy_gettext(message))


def _in_range(value: int, low: int, high: int, message: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(lazy_gettext(message))


@dataclass(frozen=True, kw_only=True)
class PartyData:
    """A party. ``title`` is the legal representative's post (职务) for an organisation.
    ``id_number`` and ``phone`` are complete (served documents); see :func:`published_copy`."""

    role: str
    name: str
    kind: str = "person"
    id_number: str = ""
    sex: str = ""
    birth_date: date | None = None
    address: str = ""
    legal_representative: str = ""
    title: str = ""
    phone: str = ""
    ethnicity: str = ""
    employer: str = ""  # agents: 律师事务所 / 工作单位
    principal: str = ""  # agents, representatives: whom they act for

    def __post_init__(self) -> None:
        if self.role not in PARTY_ROLES:
            raise ValueError(lazy_gettext("当事人身份不正确：%(role)s", role=self.role))
        if self.kind not in PARTY_KINDS:
            raise ValueError(lazy_gettext("当事人类型不正确：%(kind)s", kind=self.kind))
        _need(self.name, N_("当事人姓名或者名称不能为空"))

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass(frozen=True, kw_only=True)
class CaseData:
    """The case as printed. ``filed_on`` is the submission (postmark) date, ``received_on`` the
    organ's receipt, ``accepted_on`` the actual or deemed acceptance date."""

    case_no: str
    serial: int
    year: int
    applicants: tuple[PartyData, ...]
    respondent: PartyData
    third_parties: tuple[PartyData, ...] = ()
    agents: tuple[PartyData, ...] = ()
    representatives: tuple[PartyData, ...] = ()
    act_title: str = ""
    act_doc_no: str = ""
    act_made_on: date | None = None
    filed_on: date | None = None
    received_on: date | None = None
    accepted_on: date | None = None
    procedure: str | None = None
    request: str = ""
    facts_and_reasons: str = ""
    channel: str = "onsite"

    def __post_init__(self) -> None:
        _need(self.applicants, N_("至少需要一名申请人"))
        if self.procedure is not None and self.procedure not in PROCEDURES:
            raise ValueError(lazy_gettext("审理程序不正确：%(procedure)s", procedure=self.procedure))
        if self.channel not in CHANNELS:
            raise ValueError(lazy_gettext("申请渠道不正确：%(channel)s", channel=self.channel))


@dataclass(frozen=True, kw_only=True)
class Header:
    """What every document carries. ``created_at`` fixes the PDF creation date (default:
    ``issued_on`` at 00:00 Beijing time) so the same input always gives the same bytes."""

    organ_name: str
    body_name: str = ""
    number: str = ""
    issued_on: date | None = None
    verification_code: str = ""
    verify_url: str = ""
    draft: bool = False
    contact: str = ""
    phone: str = ""
    address: str = ""
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        _need(self.organ_name, N_("行政复议机关名称不能为空"))
        if not self.draft:
            _need(self.number, N_("正式签发的文书必须有文号"))
            _need(self.issued_on, N_("正式签发的文书必须有成文日期"))


class MaterialItem(NamedTuple):
    """One line of the receipt's material list. Plain ``(name, quantity, note)`` tuples work."""

    name: str
    quantity: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class _Base:
    header: Header
    case: CaseData
    #: Addressee for notices; None means the kind's default (usually the applicants).
    recipient: PartyData | None = None


@dataclass(frozen=True, kw_only=True)
class ReceiptContext(_Base):
    """接收行政复议申请材料回执. ``received_at``: the moment of receipt, or only its day (a letter
    or a visit registered later: the day that starts the review, without a time).
    ``acceptance_due_provisional``: the due date depends on a year with no State Council schedule
    yet (domain.md §10.2), so the receipt says it may change."""

    received_at: datetime | date
    materials: tuple[MaterialItem | tuple, ...] = ()
    query_code: str = ""
    acceptance_due_on: date | None = None
    acceptance_due_provisional: bool = False
    postmark_date: date | None = None
    tracking_no: str = ""
    receiver: str = ""  # 接收人 (clerk)
    submitter: str = ""  # 递交人 (on-site)
    intake_point: str = ""  # 接收点 where it was handed in (name and kind), if any


@dataclass(frozen=True, kw_only=True)
class OralRecordContext(_Base):
    """行政复议口头申请笔录 (art. 22 ¶3): read back to and signed by the applicant."""

    recorded_at: datetime
    place: str
    recorder: str
    staff: tuple[str, ...] = ()
    ended_at: datetime | None = None
    known_on: date | None = None
    statement: str = ""
    read_back: bool = True  # True: 宣读; False: 交申请人阅看

    def __post_init__(self) -> None:
        _need(self.recorder, N_("口头申请笔录必须写明记录人"))
        _need(self.place, N_("口头申请笔录必须写明地点"))


@dataclass(frozen=True, kw_only=True)
class CorrectionNoticeContext(_Base):
    """行政复议申请补正通知书 (art. 31): every item at once, 10 working days."""

    items: tuple[str, ...]
    reply_due_on: date | None = None
    reply_days: int = 10

    def __post_init__(self) -> None:
        _need(self.items, N_("补正通知书必须一次性载明需要补正的事项"))


@dataclass(frozen=True, kw_only=True)
class AcceptanceNoticeContext(_Base):
    """行政复议受理通知书 (art. 30 ¶1; domain.md §9.3). ``decision_due_provisional``: the due
    date depends on a year with no State Council schedule yet (domain.md §10.2)."""

    decision_due_on: date | None = None
    decision_due_provisional: bool = False
    notes: tuple[str, ...] = ()


#: Art. 30 ¶1 acceptance conditions, by item.
ACCEPTANCE_CONDITIONS: dict[int, str] = {
    1: N_("有明确的申请人和符合本法规定的被申请人"),
    2: N_("申请人与被申请行政复议的行政行为有利害关系"),
    3: N_("有具体的行政复议请求和理由"),
    4: N_("在法定申请期限内提出"),
    5: N_("属于本法规定的行政复议范围"),
    6: N_("属于本机关的管辖范围"),
    7: N_("行政复议机关未受理过该申请人就同一行政行为提出的行政复议申请，"
    "并且人民法院未受理过该申请人就同一行政行为提起的行政诉讼"),
}


@dataclass(frozen=True, kw_only=True)
class RefusalDecisionContext(_Base):
    """不予受理行政复议申请决定书 (art. 30 ¶2). ``condition`` is the failed art. 30 ¶1 item."""

    condition: int
    reason: str
    competent_organ: str = ""
    reconsideration_first: bool = False

    def __post_init__(self) -> None:
        _in_range(self.condition, 1, 7, N_("不予受理的条件应为第三十条第一款第一项至第七项"))
        _need(self.reason, N_("不予受理决定必须说明理由"))
        if self.condition == 6 and not self.competent_organ:
            raise ValueError(lazy_gettext("不属于本机关管辖的，必须告知有管辖权的行政复议机关"))


@dataclass(frozen=True, kw_only=True)
class ReplyNoticeContext(_Base):
    """提出答复通知书 to the respondent (art. 48 / 54, consequence art. 70)."""

    reply_days: int | None = None  # None: 5 for the simple procedure, else 10
    reply_due_on: date | None = None
    enclosures: tuple[str, ...] = ()

    @property
    def effective_reply_days(self) -> int:
        if self.reply_days is not None:
            return self.reply_days
        return 5 if self.case.procedure == "simple" else 10


@dataclass(frozen=True, kw_only=True)
class ThirdPartyNoticeContext(_Base):
    """第三人参加行政复议通知书 (art. 16). Default recipient: the first third party."""

    interest: str = ""
    opinion_days: int = 10


@dataclass(frozen=True, kw_only=True)
class HearingNoticeContext(_Base):
    """听证通知书 (arts. 50, 51)."""

    hearing_at: datetime
    place: str
    issues: tuple[str, ...]
    presiding: str = ""
    hearing_officers: tuple[str, ...] = ()
    recorder: str = ""

    def __post_init__(self) -> None:
        _need(self.place, N_("听证通知书必须写明听证地点"))
        _need(self.issues, N_("听证通知书必须写明拟听证事项"))


#: How the parties' opinions were heard (art. 49) → the words the record prints.
OPINION_MODES: dict[str, str] = {
    "in_person": N_("当面"),
    "online": N_("通过互联网"),
    "phone": N_("通过电话"),
}


@dataclass(frozen=True, kw_only=True)
class OpinionRecordContext(_Base):
    """听取意见笔录 (art. 49; 行政复议普通程序听取意见办法): one party's opinion, heard on one day.
    ``willing_to_mediate``: the answer to「是否愿意调解」(None: not asked or not answered)."""

    heard_on: date
    mode: str
    party_name: str
    party_role: str  # 申请人 / 被申请人 / 第三人
    summary: str
    hearers: tuple[str, ...] = ()
    recorder: str = ""
    willing_to_mediate: bool | None = None

    def __post_init__(self) -> None:
        if self.mode not in OPINION_MODES:
            raise ValueError(lazy_gettext("听取意见的方式不正确：%(mode)s", mode=self.mode))
        _need(self.party_name, N_("听取意见笔录必须写明被听取意见的当事人"))
        _need(self.summary, N_("听取意见笔录必须记录当事人的意见"))


@dataclass(frozen=True, kw_only=True)
class HearingRecordContext(_Base):
    """听证笔录 (arts. 50, 51): the panel (a presiding officer, two or more hearing officers and a
    recorder), who attended, and what was said; the decision relies on it (art. 61 ¶2)."""

    held_on: date
    presiding: str
    officers: tuple[str, ...]
    recorder: str
    summary: str
    place: str = ""
    respondent_head_attended: bool = True
    absence_reason: str = ""
    applicant_absent_without_reason: bool = False

    def __post_init__(self) -> None:
        _need(self.presiding, N_("听证笔录必须写明主持人"))
        if len(self.officers) < 2:
            raise ValueError(lazy_gettext("听证员应当为二人以上（第五十一条）"))
        _need(self.recorder, N_("听证笔录必须写明记录员"))
        _need(self.summary, N_("听证笔录必须记录听证的情况"))
        if not self.respondent_head_attended:
            _need(self.absence_reason, N_("被申请人负责人未参加听证的，必须写明其说明的理由"))


@dataclass(frozen=True, kw_only=True)
class StayNoticeContext(_Base):
    """停止执行通知书 (art. 42): the organ decides that the act stop being executed. Addressed to
    the respondent. ``requested_by``: who asked (empty: on the organ's own motion)."""

    stay_from: date
    reason: str
    requested_by: str = ""
    requested_on: date | None = None

    def __post_init__(self) -> None:
        _need(self.reason, N_("停止执行通知书必须写明停止执行的理由"))
        if self.requested_by:
            _need(self.requested_on, N_("停止执行通知书必须写明申请停止执行的日期"))


@dataclass(frozen=True, kw_only=True)
class ConversionNoticeContext(_Base):
    """程序转换通知书 (art. 55): a simple-procedure case goes on under the ordinary procedure, with
    the approval of the organ's head. Default recipients: the applicants."""

    converted_on: date
    reason: str

    def __post_init__(self) -> None:
        _need(self.reason, N_("程序转换通知书必须写明不宜适用简易程序的理由"))


@dataclass(frozen=True, kw_only=True)
class TransferLetterContext(_Base):
    """规范性文件转送函 (arts. 56, 57): the organ lacks the power to review the normative document
    and transfers it, within 7 working days, to the organ that has it."""

    addressee: str  # the competent organ
    document_name: str  # the normative document
    requested_on: date | None = None  # the applicant's request (None: found by the organ)
    provisions: str = ""

    def __post_init__(self) -> None:
        _need(self.addressee, N_("转送函必须写明有权处理的机关"))
        _need(self.document_name, N_("转送函必须写明规范性文件的名称"))


@dataclass(frozen=True, kw_only=True)
class DraftingOrganLetterContext(_Base):
    """提出书面答复通知书 to the drafting organ of a normative document (art. 58): sent within 3
    working days of the suspension; the organ replies in writing within 10 working days."""

    addressee: str  # the drafting organ
    document_name: str
    provisions: str = ""
    suspended_on: date | None = None

    def __post_init__(self) -> None:
        _need(self.addressee, N_("通知书必须写明规范性文件的制定机关"))
        _need(self.document_name, N_("通知书必须写明规范性文件的名称"))


@dataclass(frozen=True, kw_only=True)
class OpinionLetterContext(_Base):
    """行政复议意见书 (art. 76): the unlawful or improper acts found while handling the case, the
    opinions, and the 60-day report."""

    addressee: str
    problems: str
    opinions: tuple[str, ...]
    report_days: int = 60

    def __post_init__(self) -> None:
        _need(self.addressee, N_("意见书必须写明主送机关"))
        _need(self.problems, N_("意见书必须写明发现的问题"))
        _need(self.opinions, N_("意见书必须写明具体意见"))


@dataclass(frozen=True, kw_only=True)
class RecommendationLetterContext(_Base):
    """行政复议建议书 (Regs art. 57 ¶2): general problems in administration found while handling
    the case, and recommendations to the organ concerned."""

    addressee: str
    problems: str
    recommendations: tuple[str, ...]

    def __post_init__(self) -> None:
        _need(self.addressee, N_("建议书必须写明主送机关"))
        _need(self.problems, N_("建议书必须写明发现的问题"))
        _need(self.recommendations, N_("建议书必须写明具体建议"))


@dataclass(frozen=True, kw_only=True)
class PerformanceOrderContext(_Base):
    """责令履行通知书 (art. 77 ¶1): the respondent has not performed a decision that took effect.
    Addressed to the respondent."""

    decision_number: str
    decided_on: date
    duty: str
    perform_by: date | None = None  # None: at once
    document_title: str = "行政复议决定书"  # or 行政复议调解书 (art. 77 ¶1)

    def __post_init__(self) -> None:
        _need(self.decision_number, N_("责令履行通知书必须写明行政复议决定书的文号"))
        _need(self.duty, N_("责令履行通知书必须写明应当履行的内容"))


@dataclass(frozen=True, kw_only=True)
class AbandonmentRecordContext(_Base):
    """视为放弃记录 (art. 31 ¶2): the applicant did not supplement the application within the
    period without a justified reason; the application is deemed abandoned and recorded."""

    notice_served_on: date
    reply_due_on: date
    recorded_on: date


#: Art. 39 ¶1 suspension causes, by item.
SUSPENSION_CAUSES: dict[int, str] = {
    1: N_("作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议"),
    2: N_("作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人参加行政复议"),
    3: N_("作为申请人的公民下落不明"),
    4: N_("作为申请人的法人或者其他组织终止，尚未确定权利义务承受人"),
    5: N_("申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议"),
    6: N_("依照本法规定进行调解、和解，申请人和被申请人同意中止"),
    7: N_("行政复议案件涉及的法律适用问题需要有权机关作出解释或者确认"),
    8: N_("行政复议案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结"),
    9: N_("有本法第五十六条或者第五十七条规定的情形"),
    10: N_("需要中止行政复议的其他情形"),
}


@dataclass(frozen=True, kw_only=True)
class SuspensionNoticeContext(_Base):
    """行政复议中止通知书 (art. 39)."""

    cause: int
    reason: str
    suspended_on: date

    def __post_init__(self) -> None:
        _in_range(self.cause, 1, 10, N_("中止原因应为第三十九条第一款第一项至第十项"))
        _need(self.reason, N_("中止通知书必须写明中止的具体情况"))


@dataclass(frozen=True, kw_only=True)
class ResumptionNoticeContext(_Base):
    """恢复审理通知书 (art. 39 ¶2, ¶3)."""

    resumed_on: date
    suspended_on: date | None = None
    suspension_number: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ExtensionNoticeContext(_Base):
    """延长审理期限通知书 (art. 62 ¶1): ordinary procedure only, at most 30 days."""

    days: int
    original_due: date
    new_due: date
    reason: str = ""

    def __post_init__(self) -> None:
        _in_range(self.days, 1, 30, N_("延长审理期限最多不得超过三十日"))
        if self.case.procedure == "simple":
            raise ValueError(lazy_gettext("简易程序案件不能延长审理期限（第六十二条第二款）"))
        if self.new_due <= self.original_due:
            raise ValueError(lazy_gettext("延长后的期限必须晚于原期限"))


#: Art. 41 termination causes, by item.
TERMINATION_CAUSES: dict[int, str] = {
    1: N_("申请人撤回行政复议申请，行政复议机构准予撤回"),
    2: N_("作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利"),
    3: N_("作为申请人的法人或者其他组织终止，没有权利义务承受人或者其权利义务承受人放弃行政复议权利"),
    4: N_("申请人对行政拘留或者限制人身自由的行政强制措施不服申请行政复议后，"
    "因同一违法行为涉嫌犯罪，被采取刑事强制措施"),
    5: N_("依照本法第三十九条第一款第一项、第二项、第四项的规定中止行政复议满六十日，"
    "行政复议中止的原因仍未消除"),
}


@dataclass(frozen=True, kw_only=True)
class TerminationDecisionContext(_Base):
    """行政复议终止决定书 (art. 41)."""

    cause: int
    reason: str
    withdrawn_on: date | None = None
    after_settlement: bool = False  # art. 74 ¶2: cannot reapply on the same facts

    def __post_init__(self) -> None:
        _in_range(self.cause, 1, 5, N_("终止原因应为第四十一条第一项至第五项"))
        _need(self.reason, N_("终止决定必须写明终止的事实"))


@dataclass(frozen=True, kw_only=True)
class DismissalDecisionContext(_Base):
    """驳回行政复议申请决定书 (art. 33)."""

    reason: str
    condition: int | None = None
    reconsideration_first: bool = False

    def __post_init__(self) -> None:
        if self.condition is not None:
            _in_range(self.condition, 1, 7, N_("驳回申请的条件应为第三十条第一款第一项至第七项"))
        _need(self.reason, N_("驳回申请决定必须说明理由"))


@dataclass(frozen=True, kw_only=True)
class DecisionContext(_Base):
    """行政复议决定书 (arts. 61–72, 75; section order domain.md §9.4).

    ``disposition`` is the variable part of the operative text: the new content for ``vary``,
    the revoked part for a partial ``revoke``, the duty for ``order_performance``; for the other
    types an extra operative paragraph. ``basis`` refines the article (e.g. "第一款第一项").
    """

    decision_type: str
    respondent_reply: str
    findings: str
    evidence: tuple[str, ...]
    reasoning: str
    disposition: str = ""
    performance_days: int | None = None
    reconsideration_first: bool = False
    third_party_statement: str = ""
    basis: str = ""
    partial: bool = False
    compensation: str = ""
    hearing_on: date | None = None
    extended_days: int | None = None
    suspensions: tuple[tuple[date, date | None], ...] = ()
    copy_to: tuple[str, ...] = ()
    final: bool = False  # a decision the law makes final: no litigation notice

    def __post_init__(self) -> None:
        if self.decision_type not in DECISION_TYPES:
            raise ValueError(lazy_gettext("行政复议决定类型不正确：%(type)s", type=self.decision_type))
        _need(self.findings, N_("决定书必须写明经审理查明的事实"))
        _need(self.reasoning, N_("决定书必须写明本机关认为的理由"))
        if self.decision_type == "vary":
            _need(self.disposition, N_("变更决定必须写明变更后的内容"))
        if self.decision_type == "revoke" and self.partial:
            _need(self.disposition, N_("部分撤销决定必须写明撤销的部分"))
        if self.decision_type == "order_performance":
            _need(self.performance_days, N_("责令履行决定必须写明履行期限（第六十六条）"))
        if self.performance_days is not None:
            _in_range(self.performance_days, 1, 365, N_("履行期限应在 1 到 365 日之间"))


@dataclass(frozen=True, kw_only=True)
class MediationDocumentContext(_Base):
    """行政复议调解书 (art. 73): effective once every party signs and the organ seals."""

    terms: tuple[str, ...]
    signatories: tuple[str, ...] = ()  # empty: applicants, respondent and third parties
    facts: str = ""
    respondent_reply: str = ""
    mediation_summary: str = ""

    def __post_init__(self) -> None:
        _need(self.terms, N_("调解书必须写明调解协议的内容"))


@dataclass(frozen=True, kw_only=True)
class SettlementAgreementContext(_Base):
    """和解协议 (art. 74): the parties' settlement, recorded with the withdrawal it led to."""

    terms: tuple[str, ...]
    signatories: tuple[str, ...] = ()  # empty: applicants, respondent and third parties
    signed_on: date | None = None

    def __post_init__(self) -> None:
        _need(self.terms, N_("和解协议必须写明和解的内容"))


@dataclass(frozen=True, kw_only=True)
class ServiceReceiptContext(_Base):
    """送达回证 (CPL art. 87 via ARL art. 88)."""

    document_title: str
    document_number: str = ""
    recipient_name: str = ""  # default: ``recipient.name``
    address: str = ""
    method: str = "direct"
    server: str = ""  # 送达人
    served_on: date | None = None
    remarks: str = ""
    documents: tuple[tuple[str, str], ...] = ()  # more (title, number) served together

    def __post_init__(self) -> None:
        if self.method not in SERVICE_METHODS:
            raise ValueError(lazy_gettext("送达方式不正确：%(method)s", method=self.method))
        _need(self.document_title, N_("送达回证必须写明送达文书的名称"))
        if not self.recipient_name and self.recipient is not None:
            object.__setattr__(self, "recipient_name", self.recipient.name)
        if not self.address and self.recipient is not None:
            object.__setattr__(self, "address", self.recipient.address)
        _need(self.recipient_name, N_("送达回证必须写明受送达人"))


@dataclass(frozen=True, kw_only=True)
class ServiceAddressContext(_Base):
    """送达地址确认书 (CPL art. 87 via ARL art. 88; 最高人民法院关于进一步加强民事送达工作的若干意见):
    the party confirms where and how documents reach it. ``recipient`` is the party; the address,
    postcode, phone and e-mail default to those on the case record. ``electronic_consent``: True,
    False, or None for a blank box the party ticks."""

    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    electronic_consent: bool | None = None
    collector: str = ""  # 代收人

    def __post_init__(self) -> None:
        if self.recipient is None:
            raise ValueError(lazy_gettext("送达地址确认书必须写明受送达人"))


def _published_party(p: PartyData) -> PartyData:
    if p.kind != "person":
        return p
    return dataclasses.replace(p, id_number=mask_id(p.id_number), phone=mask_phone(p.phone))


def published_copy(ctx):
    """``ctx`` as the published copy (公开文本) prints it: every person's ID number and phone
    masked (first 4 / last 4, ux.md S13), and ID and mobile numbers inside the request and the
    facts and reasons masked too. Organisations (统一社会信用代码) stay as they are."""
    case = ctx.case
    parties = {
        role: tuple(_published_party(p) for p in getattr(case, role))
        for role in ("applicants", "third_parties", "agents", "representatives")
    }
    masked_case = dataclasses.replace(
        case, **parties, respondent=_published_party(case.respondent),
        request=mask_text(case.request), facts_and_reasons=mask_text(case.facts_and_reasons),
    )
    recipient = ctx.recipient if ctx.recipient is None else _published_party(ctx.recipient)
    return dataclasses.replace(ctx, case=masked_case, recipient=recipient)
