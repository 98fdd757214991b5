"""Case status, channel, procedure and closure values (api.md names), each member with its Chinese
label (``CaseStatus.RECEIVED.label``).

The labels are stored and printed in Chinese; they are marked with ``N_`` and translated where
they are shown (``{{ _(case.status_label) }}``, ``gettext(label)``)."""

from recon.i18n import N_, LabelledEnum


class CaseStatus(LabelledEnum):
    RECEIVED = "received", N_("已收到，待受理审查")
    CORRECTION_REQUESTED = "correction_requested", N_("待补正材料")
    ACCEPTED = "accepted", N_("已受理，审理中")
    SUSPENDED = "suspended", N_("中止审理")
    MEDIATION = "mediation", N_("调解中")
    DECIDED = "decided", N_("已作出决定")
    CLOSED = "closed", N_("已结案")
    REFUSED = "refused", N_("不予受理")
    ABANDONED = "abandoned", N_("视为放弃申请")


OPEN_STATUSES = frozenset({
    CaseStatus.RECEIVED, CaseStatus.CORRECTION_REQUESTED, CaseStatus.ACCEPTED,
    CaseStatus.SUSPENDED, CaseStatus.MEDIATION,
})


class Channel(LabelledEnum):
    ONLINE = "online", N_("网上申请")
    ONSITE = "onsite", N_("现场申请")
    POSTAL = "postal", N_("邮寄申请")


class Procedure(LabelledEnum):
    SIMPLE = "simple", N_("简易程序")
    ORDINARY = "ordinary", N_("普通程序")


class Closure(LabelledEnum):
    VARY = "vary", N_("变更")
    REVOKE = "revoke", N_("撤销")
    CONFIRM_ILLEGAL = "confirm_illegal", N_("确认违法")
    ORDER_PERFORMANCE = "order_performance", N_("责令履行")
    CONFIRM_VOID = "confirm_void", N_("确认无效")
    UPHOLD = "uphold", N_("维持")
    REJECT_REQUEST = "reject_request", N_("驳回复议请求")
    DISMISSED = "dismissed", N_("驳回复议申请")
    MEDIATION = "mediation", N_("调解结案")
    WITHDRAWN = "withdrawn", N_("撤回申请")
    TERMINATED = "terminated", N_("终止")
    #: 受理前协商化解: withdrawn before acceptance after a mediation started before it (api.md v1.1).
    RESOLVED_BEFORE_ACCEPTANCE = "resolved_before_acceptance", N_("受理前协商化解")


class WithdrawalDetail(LabelledEnum):
    """closure_detail of a withdrawal (撤回): after a settlement (和解, art. 74) or after the
    respondent corrected its own act (被申请人自行纠正). Statistics count them as 和解 and 自行纠正;
    any other withdrawal has no detail, and the applicant's 10-minute retraction
    (RETRACTED_FOR_CORRECTION) is never counted at all."""

    AFTER_SETTLEMENT = "after_settlement", N_("和解后撤回")
    SELF_CORRECTION = "self_correction", N_("被申请人自行纠正后撤回")


class ActType(LabelledEnum):
    """行政行为类别 of the act under review (the categories of the bureaus' statistics); a case
    without one (``None``) is 未分类. Guessed at intake from the act's title (recon.cases.act_type)
    and set by the handler."""

    PENALTY = "penalty", N_("行政处罚")
    COERCIVE_MEASURE = "coercive_measure", N_("行政强制措施")
    ENFORCEMENT = "enforcement", N_("行政强制执行")
    LICENSING = "licensing", N_("行政许可")
    CONFIRMATION = "confirmation", N_("行政确认")
    EXPROPRIATION = "expropriation", N_("行政征收征用")
    PAYMENT = "payment", N_("行政给付")
    ADJUDICATION = "adjudication", N_("行政裁决")
    AGREEMENT = "agreement", N_("行政协议")
    INFORMATION = "information", N_("政府信息公开")
    INACTION = "inaction", N_("不履行法定职责")
    COMPLAINT = "complaint", N_("举报投诉处理")
    OTHER = "other", N_("其他")


#: A case without an act type (shown as this).
UNCLASSIFIED_LABEL = N_("未分类")


def act_type_label(value: str | None) -> str:
    """The Chinese label of an act type (「未分类」 for None)."""
    return ActType(value).label if value in ActType.labels() else UNCLASSIFIED_LABEL


#: Decisions that correct the act (直接纠错, domain.md §11).
CORRECTION_CLOSURES = (Closure.VARY, Closure.REVOKE, Closure.CONFIRM_ILLEGAL, Closure.ORDER_PERFORMANCE,
                       Closure.CONFIRM_VOID)
#: Decisions on the merits (the act corrected, upheld, or the request rejected).
DECISION_CLOSURES = (*CORRECTION_CLOSURES, Closure.UPHOLD, Closure.REJECT_REQUEST)


#: closure_detail of an online submission the applicant took back within the correction window
#: (ux.md A8「撤回并修改」); it closes as withdrawn and a corrected submission replaces it.
RETRACTED_FOR_CORRECTION = "correction_window"
RETRACTED_LABEL = N_("已撤回修改")


class PartyKind(LabelledEnum):
    PERSON = "person", N_("自然人")
    ORGANIZATION = "organization", N_("法人或其他组织")


class PartyRole(LabelledEnum):
    APPLICANT = "applicant", N_("申请人")
    RESPONDENT = "respondent", N_("被申请人")
    THIRD_PARTY = "third_party", N_("第三人")
    AGENT = "agent", N_("委托代理人")
    REPRESENTATIVE = "representative", N_("代表人")


class JoinedBy(LabelledEnum):
    """How a third party came into the case (art. 16 ¶1)."""

    APPLICATION = "application", N_("申请参加")
    ORGAN = "organ", N_("行政复议机构通知参加")


class MaterialItem(LabelledEnum):
    """材料清单 items a file can be tagged with (Upload.item / Material.item)."""

    APPLICATION = "application", N_("行政复议申请书")
    IDENTITY = "identity", N_("申请人身份证明（身份证或营业执照）")
    DECISION = "decision", N_("被申请复议的行政行为文书（如处罚决定书）")
    EVIDENCE = "evidence", N_("证据材料")
    POWER_OF_ATTORNEY = "power_of_attorney", N_("授权委托书及代理人身份证明")
    ENVELOPE = "envelope", N_("信封")
    ORAL_RECORD_SIGNED = "oral_record_signed", N_("签名的口头申请笔录")
    REPLY = "reply", N_("被申请人的书面答复")
    BASIS = "basis", N_("作出行政行为的依据")
    OTHER = "other", N_("其他材料")


class MaterialStage(LabelledEnum):
    INTAKE = "intake", N_("申请时")
    SUPPLEMENT = "supplement", N_("补充材料")
    CORRECTION = "correction", N_("补正")
    MEDIATION = "mediation", N_("调解、和解")
    OPINION_REPORT = "opinion_report", N_("意见书纠正情况报告")
    PERFORMANCE = "performance", N_("履行")
    REPLY = "reply", N_("被申请人答复")
    THIRD_PARTY = "third_party", N_("第三人提交")
