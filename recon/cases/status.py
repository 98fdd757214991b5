"""Case status, channel, procedure and closure values (api.md names) with Chinese labels.

The labels are stored and printed in Chinese; they are marked with ``N_`` and translated where
they are shown (``{{ _(case.status_label) }}``, ``gettext(label)``)."""

from enum import StrEnum

from recon.i18n import N_


class CaseStatus(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    ACCEPTED = "accepted"
    SUSPENDED = "suspended"
    MEDIATION = "mediation"
    DECIDED = "decided"
    CLOSED = "closed"
    REFUSED = "refused"
    ABANDONED = "abandoned"


STATUS_LABELS = {
    CaseStatus.RECEIVED: N_("已收到，待受理审查"),
    CaseStatus.CORRECTION_REQUESTED: N_("待补正材料"),
    CaseStatus.ACCEPTED: N_("已受理，审理中"),
    CaseStatus.SUSPENDED: N_("中止审理"),
    CaseStatus.MEDIATION: N_("调解中"),
    CaseStatus.DECIDED: N_("已作出决定"),
    CaseStatus.CLOSED: N_("已结案"),
    CaseStatus.REFUSED: N_("不予受理"),
    CaseStatus.ABANDONED: N_("视为放弃申请"),
}

OPEN_STATUSES = frozenset({
    CaseStatus.RECEIVED, CaseStatus.CORRECTION_REQUESTED, CaseStatus.ACCEPTED,
    CaseStatus.SUSPENDED, CaseStatus.MEDIATION,
})


class Channel(StrEnum):
    ONLINE = "online"
    ONSITE = "onsite"
    POSTAL = "postal"


CHANNEL_LABELS = {
    Channel.ONLINE: N_("网上申请"),
    Channel.ONSITE: N_("现场申请"),
    Channel.POSTAL: N_("邮寄申请"),
}


class Procedure(StrEnum):
    SIMPLE = "simple"
    ORDINARY = "ordinary"


PROCEDURE_LABELS = {Procedure.SIMPLE: N_("简易程序"), Procedure.ORDINARY: N_("普通程序")}


class Closure(StrEnum):
    VARY = "vary"
    REVOKE = "revoke"
    CONFIRM_ILLEGAL = "confirm_illegal"
    ORDER_PERFORMANCE = "order_performance"
    CONFIRM_VOID = "confirm_void"
    UPHOLD = "uphold"
    REJECT_REQUEST = "reject_request"
    DISMISSED = "dismissed"
    MEDIATION = "mediation"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    #: 受理前协商化解: withdrawn before acceptance after a mediation started before it (api.md v1.1).
    RESOLVED_BEFORE_ACCEPTANCE = "resolved_before_acceptance"


#: closure_detail of a withdrawal (撤回): after a settlement (和解, art. 74) or after the respondent
#: corrected its own act (被申请人自行纠正). Statistics count them as 和解 and 自行纠正; any other
#: withdrawal has no detail (or another reason), and the applicant's 10-minute retraction
#: (RETRACTED_FOR_CORRECTION) is never counted at all.
AFTER_SETTLEMENT = "after_settlement"
SELF_CORRECTION = "self_correction"
WITHDRAWAL_DETAIL_LABELS = {
    AFTER_SETTLEMENT: N_("和解后撤回"),
    SELF_CORRECTION: N_("被申请人自行纠正后撤回"),
}

#: Decisions that correct the act (直接纠错, domain.md §11).
CORRECTION_CLOSURES = (Closure.VARY, Closure.REVOKE, Closure.CONFIRM_ILLEGAL, Closure.ORDER_PERFORMANCE,
                       Closure.CONFIRM_VOID)
#: Decisions on the merits (the act corrected, upheld, or the request rejected).
DECISION_CLOSURES = (*CORRECTION_CLOSURES, Closure.UPHOLD, Closure.REJECT_REQUEST)


#: closure_detail of an online submission the applicant took back within the correction window
#: (ux.md A8「撤回并修改」); it closes as withdrawn and a corrected submission replaces it.
RETRACTED_FOR_CORRECTION = "correction_window"
RETRACTED_LABEL = N_("已撤回修改")

CLOSURE_LABELS = {
    Closure.VARY: N_("变更"),
    Closure.REVOKE: N_("撤销"),
    Closure.CONFIRM_ILLEGAL: N_("确认违法"),
    Closure.ORDER_PERFORMANCE: N_("责令履行"),
    Closure.CONFIRM_VOID: N_("确认无效"),
    Closure.UPHOLD: N_("维持"),
    Closure.REJECT_REQUEST: N_("驳回复议请求"),
    Closure.DISMISSED: N_("驳回复议申请"),
    Closure.MEDIATION: N_("调解结案"),
    Closure.WITHDRAWN: N_("撤回申请"),
    Closure.TERMINATED: N_("终止"),
    Closure.RESOLVED_BEFORE_ACCEPTANCE: N_("受理前协商化解"),
}


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    RESPONDENT = "respondent"
    THIRD_PARTY = "third_party"
    AGENT = "agent"
    REPRESENTATIVE = "representative"


PARTY_ROLE_LABELS = {
    PartyRole.APPLICANT: N_("申请人"),
    PartyRole.RESPONDENT: N_("被申请人"),
    PartyRole.THIRD_PARTY: N_("第三人"),
    PartyRole.AGENT: N_("委托代理人"),
    PartyRole.REPRESENTATIVE: N_("代表人"),
}


#: 材料清单 items a file can be tagged with (Upload.item / Material.item).
MATERIAL_ITEM_LABELS = {
    "application": N_("行政复议申请书"),
    "identity": N_("申请人身份证明（身份证或营业执照）"),
    "decision": N_("被申请复议的行政行为文书（如处罚决定书）"),
    "evidence": N_("证据材料"),
    "power_of_attorney": N_("授权委托书及代理人身份证明"),
    "envelope": N_("信封"),
    "oral_record_signed": N_("签名的口头申请笔录"),
    "other": N_("其他材料"),
}

MATERIAL_STAGE_LABELS = {
    "intake": N_("申请时"),
    "supplement": N_("补充材料"),
    "correction": N_("补正"),
}
