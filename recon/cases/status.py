"""Case status, channel, procedure and closure values (api.md names) with Chinese labels."""

from enum import StrEnum


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
    CaseStatus.RECEIVED: "已收到，待受理审查",
    CaseStatus.CORRECTION_REQUESTED: "待补正材料",
    CaseStatus.ACCEPTED: "已受理，审理中",
    CaseStatus.SUSPENDED: "中止审理",
    CaseStatus.MEDIATION: "调解中",
    CaseStatus.DECIDED: "已作出决定",
    CaseStatus.CLOSED: "已结案",
    CaseStatus.REFUSED: "不予受理",
    CaseStatus.ABANDONED: "视为放弃申请",
}

OPEN_STATUSES = frozenset({
    CaseStatus.RECEIVED, CaseStatus.CORRECTION_REQUESTED, CaseStatus.ACCEPTED,
    CaseStatus.SUSPENDED, CaseStatus.MEDIATION,
})


class Channel(StrEnum):
    ONLINE = "online"
    ONSITE = "onsite"
    POSTAL = "postal"


CHANNEL_LABELS = {Channel.ONLINE: "网上申请", Channel.ONSITE: "现场申请", Channel.POSTAL: "邮寄申请"}


class Procedure(StrEnum):
    SIMPLE = "simple"
    ORDINARY = "ordinary"


PROCEDURE_LABELS = {Procedure.SIMPLE: "简易程序", Procedure.ORDINARY: "普通程序"}


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


#: closure_detail of an online submission the applicant took back within the correction window
#: (ux.md A8「撤回并修改」); it closes as withdrawn and a corrected submission replaces it.
RETRACTED_FOR_CORRECTION = "correction_window"
RETRACTED_LABEL = "已撤回修改"

CLOSURE_LABELS = {
    Closure.VARY: "变更",
    Closure.REVOKE: "撤销",
    Closure.CONFIRM_ILLEGAL: "确认违法",
    Closure.ORDER_PERFORMANCE: "责令履行",
    Closure.CONFIRM_VOID: "确认无效",
    Closure.UPHOLD: "维持",
    Closure.REJECT_REQUEST: "驳回复议请求",
    Closure.DISMISSED: "驳回复议申请",
    Closure.MEDIATION: "调解结案",
    Closure.WITHDRAWN: "撤回申请",
    Closure.TERMINATED: "终止",
}


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    RESPONDENT = "respondent"
    THIRD_PARTY = "third_party"
    AGENT = "agent"
    REPRESENTATIVE = "representative"


PARTY_ROLE_LABELS = {
    PartyRole.APPLICANT: "申请人",
    PartyRole.RESPONDENT: "被申请人",
    PartyRole.THIRD_PARTY: "第三人",
    PartyRole.AGENT: "委托代理人",
    PartyRole.REPRESENTATIVE: "代表人",
}


#: 材料清单 items a file can be tagged with (Upload.item / Material.item).
MATERIAL_ITEM_LABELS = {
    "application": "行政复议申请书",
    "identity": "申请人身份证明（身份证或营业执照）",
    "decision": "被申请复议的行政行为文书（如处罚决定书）",
    "evidence": "证据材料",
    "power_of_attorney": "授权委托书及代理人身份证明",
    "envelope": "信封",
    "oral_record_signed": "签名的口头申请笔录",
    "other": "其他材料",
}

MATERIAL_STAGE_LABELS = {"intake": "申请时", "supplement": "补充材料", "correction": "补正"}
