"""The OpenAPI 3.1 document served at /api/v1/openapi.json."""

from __future__ import annotations

from recon.cases.status import MaterialItem
from recon.documents.models import SERVICE_METHOD_LABELS
from recon.documents.pdf import DECISION_TYPES

ERRORS = {
    "type": "object",
    "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
}


TIMELY_RULE = (
    "申请期限（第二十条）：知道行政行为之日起 60 日内提交的为 true，无论是否告知申请权利；"
    "超过 60 日、已告知权利的为 false；未告知权利的，超过知道行为之日起 1 年为 false，"
    "1 年内由 act.rights_known_on 决定（自该日起 60 日，最长至 1 年），未提供时为 null。"
    "例：知道日期 2026-10-22、未告知、2026-11-27 提交 → true；知道日期 2026-01-05、未告知、"
    "2026-11-27 提交、无 rights_known_on → null；有 rights_known_on 2026-11-02 → true；"
    "知道日期 2025-10-01 → false。邮寄的以邮戳日期为提交日期。"
)


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}


PARTY = {"type": "object", "properties": {k: {"type": "string"} for k in (
    "kind", "name", "id_number", "phone", "address", "postcode", "email", "legal_representative")}}
DATE = {"type": "string", "format": "date"}
#: GET /stats figure names (api.md "Additions (v1.1)").
STAT_FIGURES = ("received", "accepted", "closed", "mediated", "settled", "self_corrected",
                "resolved_before_acceptance", "correction_rate", "mediation_withdrawal_rate",
                "substantive_resolution_rate", "sued_after_rate", "on_time_rate", "yoy_received")
#: Further GET /stats figures (issue 16), beside the binding names: 被申请人负责人出席率 and the
#: counts of 行政复议意见书 and 建议书 issued.
STAT_FIGURES_MORE = ("respondent_head_attendance_rate", "opinion_letters", "recommendation_letters")
#: The intake point (接收点) where the application was handed in, and its hand-over to the bureau.
POINT = {
    "point": {"type": "string", "maxLength": 20,
              "description": "接收点编码（管理员维护的接收点名单中启用的接收点），不经接收点的不填"},
    "point_received_on": {**DATE, "description": "接收点收件日期（须填 point）"},
    "handed_over_on": {**DATE, "description": "接收点移交本机关日期（须填 point；不早于接收点收件日期）"},
    "handed_over_to": {"type": "string", "maxLength": 80, "description": "本机关接收人"},
}
APPLICATION = {
    "type": "object",
    "required": ["channel", "applicant", "respondent", "act", "request", "facts_and_reasons"],
    "properties": {
        "channel": {"enum": ["online", "onsite", "postal"]},
        "submission_token": {"type": "string", "description": "同一标识再次提交返回同一案件"},
        "applicant": PARTY,
        "agents": {"type": "array", "maxItems": 2, "items": {"type": "object", "properties": {
            k: {"type": "string"} for k in ("name", "id_number", "phone", "kind")}}},
        "third_parties": {"type": "array", "maxItems": 20, "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "id_number": {"type": "string"}}}},
        "respondent": {"type": "object", "properties": {"name": {"type": "string"}}},
        "act": {"type": "object", "properties": {
            "title": {"type": "string"}, "doc_no": {"type": "string"}, "made_on": DATE,
            "known_on": DATE, "informed_of_rights": {"type": "boolean"},
            "rights_known_on": {**DATE, "description": "知道申请行政复议的权利和期限的日期（选填，第二十条第三款）："
                                                       "未告知权利、超过 60 日的申请由它决定是否在期限内"},
            "known_on_note": {"type": "string", "maxLength": 500,
                              "description": "记不清具体哪一天的，known_on 填大致日期并在此说明"}}},
        "request": {"type": "string"},
        "facts_and_reasons": {"type": "string"},
        "litigation_filed": {"type": "boolean"},
        "normative_review": {"type": ["string", "null"]},
        "attachments": {"type": "array", "maxItems": 30, "items": {"type": "string"}},
        "postal": {"type": "object", "properties": {
            "postmark_on": DATE, "received_on": DATE, "tracking_no": {"type": "string"},
            "sender_address": {"type": "string"}, **POINT}},
        "onsite": {"type": "object", "properties": {
            "received_at": {"anyOf": [{"type": "string", "format": "date-time"}, DATE],
                            "description": "接收时间：带时区的 ISO 8601 时间（如 2026-11-27T10:30:00+08:00），"
                                           "也可只填日期；省略为今天"},
            "oral": {"type": "boolean"}, "oral_statement": {"type": "string"}, **POINT}},
        "service": {"type": "object", "description": "送达方式（选填）。不提供的，按申请人地址邮寄送达，不电子送达、不发短信",
                    "properties": {
                        "address": {"type": "string", "description": "送达地址，默认申请人地址"},
                        "phone": {"type": "string", "description": "联系电话，默认申请人电话"},
                        "e_service": {"type": "boolean", "description": "申请人同意电子送达"},
                        "email": {"type": "string", "description": "电子送达的邮箱，e_service 为 true 时必填"},
                        "sms": {"type": "boolean", "description": "申请人同意接收短信通知"}}},
    },
}
DEADLINE = {"type": "object", "properties": {
    "rule": {"type": "string"}, "start_on": DATE, "due_on": {"type": ["string", "null"], "format": "date"},
    "unit": {"type": "string"}, "article": {"type": "string"}, "provisional": {"type": "boolean"},
    "state": {"enum": ["open", "met", "overdue", "paused", "cancelled"]}}}
CASE_BODY = {"allOf": [{"$ref": "#/components/schemas/CaseSummary"}, {"type": "object", "properties": {
    "handler": {"type": ["string", "null"]},
    "deadlines": {"type": "array", "items": DEADLINE},
    "timeline": {"type": "array", "items": {"type": "object", "properties": {
        "at": {"type": "string", "format": "date-time"}, "kind": {"type": "string"},
        "summary": {"type": "string"}}}},
    "documents": {"type": "array", "items": {"type": "object", "properties": {
        k: {"type": "string"} for k in ("kind", "number", "issued_at", "url", "verification_code")}}},
    "mediation": {"type": "object", "description": "调解（api.md v1.1）；从未调解的 state 为 null", "properties": {
        "state": {"enum": [None, "open", "agreement", "effective", "failed", "backed_out"]},
        "sessions": {"type": "array", "items": {"type": "object", "properties": {
            "on": DATE, "mode": {"enum": ["in_person", "video", "phone"]},
            "outcome": {"enum": ["continued", "agreement", "failed"]}}}},
        "agreement": {"type": ["object", "null"], "properties": {
            "terms": {"type": "string"},
            "signed": {"type": "object", "additionalProperties": DATE,
                       "description": "applicant / respondent / third_party → 签字日期"},
            "sealed_on": {"type": ["string", "null"], "format": "date"},
            "document": {"type": ["string", "null"], "description": "调解书文号（生效后）"}}}}},
    "performance": {"type": ["object", "null"], "description": "履行（第七十七条、第七十八条）：决定书、调解书或者和解协议"
                                                          "生效后的履行义务；没有需要履行的义务的为 null", "properties": {
        "state": {"enum": ["pending", "performed", "overdue", "ordered", "enforced"],
                  "description": "overdue：履行期限（期限规则 performance）已届满仍未履行"},
        "source": {"enum": ["decision", "mediation", "settlement"]},
        "obliged": {"enum": ["respondent", "applicant", "third_party"]},
        "obligation": {"type": "string"},
        "effective_on": DATE,
        "due_on": {"type": ["string", "null"], "format": "date"},
        "performed_on": {"type": ["string", "null"], "format": "date"},
        "orders": {"type": "array", "description": "责令履行通知书（第七十七条第一款）", "items": {
            "type": "object", "properties": {"on": DATE, "days": {"type": "integer"}, "due_on": DATE,
                                             "document": {"type": ["string", "null"]}}}},
        "enforcement": {"type": ["object", "null"], "description": "强制执行（第七十八条）", "properties": {
            "by": {"enum": ["organ", "respondent", "court"]}, "on": DATE,
            "court": {"type": ["string", "null"]}, "court_case_no": {"type": ["string", "null"]},
            "outcome": {"type": "string"}}}}},
}}]}


ON = {"type": "string", "format": "date", "description": "默认今天（北京时间）；过去的日期登记此前在纸面上办理的步骤，"
                                                      "不得早于本案上一步骤，不得晚于今天"}
SCAN = {"type": "string", "description": "扫描件：POST /api/v1/uploads 返回的 id（选填）"}
VERSION = {"type": "integer", "description": "所见的案件 version；已被他人修改的返回 409"}
#: seal_agreement and withdraw (after a settlement): the obligation the agreement creates.
AGREED_PERFORMANCE = {
    "obliged": {"enum": ["respondent", "applicant", "third_party"], "default": "respondent",
                "description": "履行义务人"},
    "obligation": {"type": "string", "description": "应当履行的内容，默认为协议的全部条款"},
    "perform_by": {"type": "string", "format": "date",
                   "description": "约定的履行日期；未约定的，自生效之日起 60 日（期限规则 performance）"},
}
#: The request body of each action (api.md "Acting" and "Additions"); every field is optional
#: unless listed in ``required``.
ACTION_BODIES = {
    "accept": {"properties": {"procedure": {"enum": ["simple", "ordinary"], "default": "ordinary"},
                              "simple_ground": {"enum": ["on_the_spot", "warning", "amount_le_3000",
                                                         "info_disclosure", "consent"],
                                                "description": "procedure 为 simple 时必填（第五十三条）"},
                              "on": ON}},
    "refuse": {"required": ["condition", "reason"],
               "properties": {"condition": {"type": "integer", "minimum": 1, "maximum": 7,
                                            "description": "不符合的受理条件（第三十条第一款第几项）"},
                              "reason": {"type": "string"},
                              "competent_organ": {"type": "string", "description": "condition 为 6（管辖）时必填"},
                              "on": ON}},
    "request_correction": {"required": ["items"],
                           "properties": {"items": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                                                    "maxItems": 20, "description": "一次性载明全部补正事项"},
                                          "on": ON,
                                          "notice_served_on": {**ON, "description": "补正通知送达日，补正期限自次日起算；默认 on"}}},
    "record_correction": {"properties": {"received_on": {**ON, "description": "收到补正材料的日期，默认今天"},
                                         "note": {"type": "string"}}},
    "extend_correction": {"required": ["days", "reason"],
                          "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 30,
                                                  "description": "延长的工作日数（第三十一条第二款）"},
                                         "reason": {"type": "string"}, "on": ON}},
    "assign": {"required": ["handler"], "properties": {"handler": {"type": "string", "description": "承办人用户名"},
                                                       "on": ON}},
    "dismiss": {"required": ["reason"], "properties": {"reason": {"type": "string"}, "on": ON}},
    "add_third_party": {"required": ["name", "address", "by"],
                        "properties": {"name": {"type": "string", "maxLength": 200},
                                       "id_number": {"type": "string", "description": "身份证号码或统一社会信用代码"},
                                       "kind": {"enum": ["person", "organization"], "default": "person"},
                                       "address": {"type": "string", "maxLength": 300,
                                                   "description": "第三人本人的送达地址"},
                                       "phone": {"type": "string"},
                                       "by": {"enum": ["application", "organ"],
                                              "description": "申请参加或者由行政复议机构通知参加（第十六条）"},
                                       "on": ON}},
    "hear_opinion": {"required": ["party", "mode", "summary"],
                     "properties": {"party": {"type": "string",
                                              "description": "申请人、被申请人或者第三人的姓名或名称"},
                                    "mode": {"enum": ["in_person", "online", "phone"]},
                                    "summary": {"type": "string", "maxLength": 5000},
                                    "willing_to_mediate": {"type": ["boolean", "null"],
                                                           "description": "是否愿意调解；null 为未作答复"},
                                    "on": ON}},
    "schedule_hearing": {"required": ["hearing_on"],
                         "properties": {"hearing_on": {"type": "string", "format": "date"},
                                        "notice_served_on": {**ON, "description": "听证通知送达日，默认 on；晚于听证日前"
                                                                                  " 5 个工作日的，answer 的 warnings 提示"},
                                        "hearing_time": {"type": "string", "pattern": "^[0-2]?[0-9]:[0-5][0-9]$",
                                                         "description": "听证开始时间，默认 09:00"},
                                        "place": {"type": "string", "description": "听证地点，默认本机关地址"},
                                        "issues": {"type": "array", "items": {"type": "string"},
                                                   "description": "拟听证事项；向每个当事人签发一份《听证通知书》"},
                                        "on": ON}},
    "record_hearing": {"required": ["presiding", "officers", "recorder", "respondent_head_attended", "summary"],
                       "properties": {"presiding": {"type": "string"},
                                      "officers": {"type": "array", "items": {"type": "string"}, "minItems": 2,
                                                   "description": "听证员，二人以上"},
                                      "recorder": {"type": "string"},
                                      "respondent_head_attended": {"type": "boolean"},
                                      "absence_reason": {"type": "string",
                                                         "description": "负责人未参加时必填（第五十一条第三款）"},
                                      "applicant_absent_without_reason": {"type": "boolean", "default": False},
                                      "summary": {"type": "string", "maxLength": 5000},
                                      "on": {**ON, "description": "听证日期"}}},
    "record_committee_opinion": {"required": ["opinion"],
                                 "properties": {"opinion": {"type": "string", "maxLength": 5000}, "on": ON}},
    "record_inspection": {"required": ["by"],
                          "properties": {"by": {"type": "string",
                                                "description": "查阅人：申请人、第三人或者其代理人、代表人"},
                                         **{k: {"type": "array", "items": {"type": "string"}}
                                            for k in ("shown", "copied", "withheld")},
                                         "withheld_reason": {"type": "string",
                                                             "description": "有不予提供的材料时必填（第四十七条）"},
                                         "on": ON}},
    "request_stay": {"required": ["by", "reason"],
                     "properties": {"by": {"type": "string", "description": "申请停止执行的申请人或者第三人"},
                                    "reason": {"type": "string"}, "on": ON}},
    "decide_stay": {"required": ["granted", "reason"],
                    "properties": {"granted": {"type": "boolean",
                                               "description": "true：停止执行，签发《停止执行通知书》"},
                                   "reason": {"type": "string"}, "on": ON}},
    "send_respondent_copy": {"properties": {"served_on": {
        **ON, "description": "申请书副本和答复通知书送达被申请人的日期，答复期限自次日起算；默认今天"}}},
    "record_reply": {"properties": {"received_on": {**ON, "description": "收到被申请人书面答复的日期，默认今天；"
                                                              "逾期答复的 warnings 说明第七十条的后果"},
                                    "reply": {"type": "string", "description": "答复的主要内容（决定书「被申请人称」）"},
                                    "attachments": {"type": "array", "maxItems": 30, "items": {"type": "string"},
                                                    "description": "POST /api/v1/uploads 的 id；上传时 item 为 reply（书面答复）、"
                                                                   "evidence（证据）、basis（依据）或 other，列入案件材料"}}},
    "record_third_party_evidence": {"required": ["party"], "properties": {
        "party": {"type": "string", "description": "提供证据的第三人的姓名或名称"},
        "note": {"type": "string", "description": "证据的名称和内容；未附文件时必填"},
        "attachments": {"type": "array", "maxItems": 30, "items": {"type": "string"},
                        "description": "POST /api/v1/uploads 的 id（item 为 evidence 或 other）"},
        "received_on": {**ON, "description": "收到证据的日期；被申请人逾期未答复的，第三人提供证据后决定类型"
                                             "不受第七十条限制"}}},
    "suspend": {"required": ["cause"],
                "properties": {"cause": {"type": "integer", "minimum": 1, "maximum": 10,
                                         "description": "中止原因（第三十九条第一款第几项）；第一、二、四项另开始计算"
                                                        " suspension_limit（60 日，第四十一条第五项）"},
                               "reason": {"type": "string"}, "on": ON}},
    "resume": {"properties": {"reason": {"type": "string"}, "on": ON}},
    "extend": {"required": ["days"],
               "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 30,
                                       "description": "延长的日数，累计不超过 30 日（第六十二条第一款）；仅普通程序。"
                                                      "届满日 = 受理日 + 60 + 延长日数 + 中止日数，遇法定休假日顺延一次"},
                              "reason": {"type": "string", "description": "默认“案情复杂”"}, "on": ON}},
    "convert_to_ordinary": {"properties": {"on": {**ON, "description": "批准转为普通程序的日期（第五十五条）；"
                                                                       "_simple 期限改按普通程序自原起算日计算；"
                                                                       "向每个当事人签发一份《程序转换通知书》"},
                                           "reason": {"type": "string", "description": "不宜适用简易程序的理由，默认“案情复杂”"}}},
    "terminate": {"required": ["cause"],
                  "properties": {"cause": {"type": "integer", "minimum": 2, "maximum": 5,
                                           "description": "终止原因（第四十一条第几项）；撤回申请（第一项）请用 withdraw；"
                                                          "第五项须中止满 60 日"},
                                 "reason": {"type": "string"}, "on": ON}},
    "decide": {"required": ["type"],
               "properties": {"type": {"enum": list(DECISION_TYPES),
                                       "description": "决定类型；被申请人逾期未答复的只能是 revoke、confirm_illegal、"
                                                      "confirm_void、order_performance（第七十条）"},
                              "on": ON,
                              "performance_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 365,
                                                   "description": "履行或重新作出行政行为的期限；order_performance 必填"},
                              **{name: {"type": "string", "description": "决定书草稿的该部分，默认由案件记录生成"}
                                 for name in ("respondent_reply", "findings", "reasoning")},
                              "disposition": {"type": "string", "description": "决定内容；vary 必填"}}},
    "approve_decision": {"properties": {"on": {**ON, "description": "批准日期（第六十一条）：签发决定书，状态 decided"}}},
    "serve": {"required": ["document", "method"],
              "properties": {"document": {"type": "string", "description": "本案已签发文书的文号"},
                             "method": {"enum": list(SERVICE_METHOD_LABELS),
                                        "description": "electronic 须申请人同意电子送达（e_service_consent）；"
                                                       "entrusted（委托送达）、transfer（转交送达）须填 via；"
                                                       "每次送达签发一份《送达回证》"},
                             "via": {"type": "string", "maxLength": 200,
                                     "description": "受委托送达的机关或单位（entrusted），或者代为转交的单位（transfer）"},
                             "served_on": {**ON, "description": "送达日期；announcement 为公告发布日期，"
                                                                "满 30 日视为送达"},
                             "recipient": {"type": "string", "description": "受送达的当事人名称；默认文书的受送达人"},
                             "sent_on": {**ON, "description": "寄出或发送日期，默认 served_on"},
                             "note": {"type": "string", "description": "备注；公告送达须写明原因"}}},
    "issue_opinion": {"required": ["problems", "opinions"],
                      "properties": {"addressee": {"type": "string", "description": "主送机关，默认被申请人"},
                                     "problems": {"type": "string", "description": "发现的违法或者不当的行政行为"},
                                     "opinions": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                                     "on": ON,
                                     "received_on": {**ON, "description": "该机关收到意见书的日期，默认 on；"
                                                                          "opinion_report（60 日，第七十六条）自次日起算"}}},
    "issue_recommendation": {"required": ["addressee", "problems", "recommendations"],
                             "properties": {"addressee": {"type": "string"}, "problems": {"type": "string"},
                                            "recommendations": {"type": "array", "items": {"type": "string"},
                                                                "minItems": 1},
                                            "on": {**ON, "description": "制发日期；建议书不计算答复期限"}}},
    "record_opinion_report": {"required": ["content"],
                              "properties": {"document": {"type": "string",
                                                          "description": "意见书的文号；只有一份等待报告时可省略"},
                                             "content": {"type": "string"}, "scan": SCAN,
                                             "on": {**ON, "description": "收到报告的日期；opinion_report 完成"}}},
    "record_notification": {"required": ["to"],
                            "properties": {"document": {"type": "string",
                                                        "description": "决定书或者意见书的文号，默认最近签发的一份"},
                                           "to": {"type": "string", "description": "抄告机关（第七十九条第二款）"},
                                           "note": {"type": "string"}, "on": ON}},
    "record_publication": {"required": ["where"],
                           "properties": {"document": {"type": "string", "description": "决定书文号，默认本案决定书"},
                                          "where": {"type": "string", "description": "公开的平台或者场所（第七十九条第一款）"},
                                          "url": {"type": "string", "format": "uri"}, "on": ON}},
    "request_normative_review": {"required": ["drafting_organ"],
                                 "properties": {"source": {"enum": ["applicant", "organ"], "default": "applicant",
                                                           "description": "申请人申请（第十三条、第五十六条）或者本机关发现"
                                                                          "（第五十七条）"},
                                                "name": {"type": "string",
                                                         "description": "规范性文件名称，默认申请书中的 normative_review"},
                                                "doc_no": {"type": "string"}, "drafting_organ": {"type": "string"},
                                                "provisions": {"type": "string"},
                                                "on": {**ON, "description": "提出申请或者发现的日期；normative_review（30 日）"
                                                                            "和 normative_transfer（7 个工作日）自次日起算"}}},
    "handle_normative_review": {"properties": {"on": {**ON, "description": "本机关有权处理；normative_transfer 取消。"
                                                                           "已因第三十九条第一款第九项中止的，开始计算"
                                                                           " drafting_organ_notice（3 个工作日）"}}},
    "transfer_normative_review": {"required": ["addressee"],
                                  "properties": {"addressee": {"type": "string", "description": "有权处理的机关"},
                                                 "on": {**ON, "description": "转送日期：签发规范性文件转送函，"
                                                                             "normative_transfer 完成"},
                                                 "received_on": {**ON, "description": "该机关收到的日期，默认 on；"
                                                                                      "normative_transfer_reply（60 日，"
                                                                                      "第六十条）自次日起算"}}},
    "notify_drafting_organ": {"properties": {"on": {**ON, "description": "通知日期：签发规范性文件提出书面答复通知书，"
                                                                         "drafting_organ_notice 完成"},
                                             "served_on": {**ON, "description": "制定机关收到通知的日期，默认 on；"
                                                                                "drafting_organ_reply（10 个工作日）自次日起算"}}},
    "record_drafting_organ_reply": {"required": ["content"],
                                    "properties": {"content": {"type": "string"}, "on": ON}},
    "record_normative_outcome": {"required": ["outcome", "reason"],
                                 "properties": {"outcome": {"enum": ["lawful", "unlawful"],
                                                            "description": "unlawful：决定停止该条款的执行并责令制定机关"
                                                                           "纠正（第五十九条）"},
                                                "reason": {"type": "string"},
                                                "on": {**ON, "description": "结论日期；写入决定书草稿「本机关认为」"}}},
    "start_mediation": {"properties": {
        "on": ON, "suspend": {"type": "boolean", "description": "中止审理，行政复议决定期限暂停计算（第三十九条第一款"
                                                              "第六项，须双方同意）；尚未受理的案件不中止"},
        "applicant_consents": {"type": "boolean"}, "respondent_consents": {"type": "boolean"},
        "mediators": {"type": "array", "items": {"type": "string"},
                      "description": "外部调解人，每项“类别：姓名”，类别为人民调解员、律师、被申请人上级机关"
                                     "（或 peoples_mediator、lawyer、superior）"}}},
    "log_mediation_session": {"required": ["participants"], "properties": {
        "on": ON, "time": {"type": "string", "description": "HH:MM"},
        "mode": {"enum": ["in_person", "video", "phone"]}, "place": {"type": "string"},
        "session_mediators": {"type": "array", "items": {"type": "string"}},
        "participants": {"type": "array", "items": {"type": "string"}},
        "head_attended": {"type": "boolean", "description": "被申请人负责人出席"},
        "applicant_position": {"type": "string"}, "respondent_position": {"type": "string"},
        "third_party_position": {"type": "string"},
        "proposals": {"type": "array", "items": {"type": "string"}}, "notes": {"type": "string"},
        "outcome": {"enum": ["continued", "agreement", "failed"]}, "scan": SCAN}},
    "record_agreement": {"required": ["terms"], "properties": {"terms": {"type": "string", "description": "每行一条"},
                                                               "on": ON}},
    "sign_agreement": {"required": ["party"], "properties": {
        "party": {"enum": ["applicant", "respondent", "third_party"]}, "on": ON, "scan": SCAN}},
    "seal_agreement": {"properties": {"on": ON, **AGREED_PERFORMANCE}},
    "back_out": {"required": ["party"], "properties": {
        "party": {"enum": ["applicant", "respondent", "third_party"]}, "on": ON}},
    "end_mediation": {"properties": {"on": ON, "outcome": {"enum": ["failed"]}}},
    "withdraw": {"required": ["reason"], "properties": {
        "on": ON, "reason": {"type": "string"},
        "after_settlement": {"type": "boolean", "description": "和解后撤回（第七十四条）：须填 settlement_terms"},
        "settlement_terms": {"type": "string"},
        "settlement_signed_on": {**ON, "description": "和解协议签订日期，默认 on"},
        "self_correction": {"type": "boolean", "description": "被申请人自行纠正后撤回：须填 new_act_no、new_act_on"},
        "new_act_no": {"type": "string"}, "new_act_on": {"type": "string", "format": "date"}, "scan": SCAN,
        **AGREED_PERFORMANCE}},
    "record_performance": {"properties": {
        "on": {**ON, "description": "履行日期；不得早于决定书送达被申请人或者调解书、和解协议生效之日"},
        "evidence": {"type": "string", "description": "履行情况和证明材料"}, "scan": SCAN}},
    "order_performance": {"required": ["days"], "properties": {
        "days": {"type": "integer", "minimum": 1, "maximum": 365,
                 "description": "限期履行的天数，自责令之日起计算（期限规则 performance）"},
        "duty": {"type": "string", "description": "应当履行的内容，默认为原确定的义务"},
        "on": {**ON, "description": "责令日期：签发责令履行通知书（第七十七条第一款）；履行期限须已届满"}}},
    "record_enforcement": {"required": ["by", "outcome"], "properties": {
        "by": {"enum": ["organ", "respondent", "court"],
               "description": "organ：本机关强制执行；respondent：作出行政行为的机关强制执行；court：申请人民法院强制执行"},
        "court": {"type": "string", "description": "by 为 court 时必填"},
        "court_case_no": {"type": "string", "description": "by 为 court 时必填"},
        "outcome": {"type": "string"}, "on": ON}},
}


def _action_body(action: str) -> dict:
    body = ACTION_BODIES[action]
    return {"title": action, "type": "object", "required": body.get("required", []),
            "properties": {**body["properties"], "version": VERSION}}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "recon 行政复议 API", "version": "1.0.0"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Errors": ERRORS,
                "Application": APPLICATION,
                "Case": CASE_BODY,
                "StatFigure": {
                    "type": "object",
                    "properties": {
                        "value": {"type": ["number", "null"],
                                  "description": "件数；比率为 0–1 的小数，分母为 0 时为 null"},
                        "numerator": {"type": ["integer", "null"]},
                        "denominator": {"type": ["integer", "null"]},
                        "formula": {"type": "string"},
                    },
                },
                "CaseSummary": {
                    "type": "object",
                    "properties": {
                        "case_no": {"type": "string"}, "status": {"type": "string"},
                        "procedure": {"type": ["string", "null"]}, "channel": {"type": "string"},
                        "version": {"type": "integer"}, "filed_on": {"type": "string", "format": "date"},
                        "received_on": {"type": "string", "format": "date"},
                        "accepted_on": {"type": ["string", "null"], "format": "date"},
                        "deemed_accepted": {"type": "boolean"},
                        "closed_on": {"type": ["string", "null"], "format": "date"},
                        "closure": {"type": ["string", "null"]}, "respondent": {"type": "string"},
                    },
                },
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/applications": {
                "post": {
                    "summary": "提交行政复议申请（申请人仅限 online；窗口人员三种渠道）",
                    "requestBody": _json({"$ref": "#/components/schemas/Application"}),
                    "responses": {
                        "201": {"description": "已登记", **_json({"allOf": [
                            {"$ref": "#/components/schemas/Case"},
                            {"type": "object", "properties": {
                                "query_code": {"type": "string"},
                                "timely": {
                                    "type": ["boolean", "null"],
                                    "description": TIMELY_RULE,
                                    "examples": [True, None, False]},
                                "receipt_url": {"type": "string"},
                                "related_cases": {"type": "array", "items": {"type": "object", "properties": {
                                    "case_no": {"type": "string"}, "reason": {"type": "string"}}}},
                            }}]})},
                        "200": {"description": "本账号的同一 submission_token 以相同内容登记过，返回原案件"
                                               "（提交标识只在本账号内有效：其他账号用过的标识不影响本账号）"},
                        "409": _error("本账号的同一 submission_token 已用于内容不同的申请，本次没有登记"),
                        "400": _error("请求体不是 JSON 对象"),
                        "401": _error("未提供有效令牌"),
                        "403": _error("该角色不能通过此渠道提交"),
                        "422": _error("字段有误，键为字段路径，如 applicant.id_number"),
                    },
                }
            },
            "/uploads": {
                "post": {
                    "summary": "上传附件（PDF、JPG、PNG，按内容识别；单个不超过 20 MB）",
                    "requestBody": {"content": {"multipart/form-data": {"schema": {
                        "type": "object", "properties": {"file": {"type": "string", "format": "binary"},
                                                         "item": {"enum": list(MaterialItem.labels()),
                                                                  "default": "evidence"}}}}}},
                    "responses": {
                        "201": {"description": "已保存", **_json({"type": "object", "properties": {
                            "id": {"type": "string"}, "sha256": {"type": "string"},
                            "size": {"type": "integer"}, "content_type": {"type": "string"}}})},
                        "422": _error("文件类型或大小不符合要求，或材料类别（item）无效"),
                    },
                }
            },
            "/cases/{case_no}": {
                "get": {
                    "summary": "案件详情（申请人只能查看本人案件）",
                    "parameters": [{"name": "case_no", "in": "path", "required": True,
                                    "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "案件", **_json({"$ref": "#/components/schemas/Case"})},
                                  "404": _error("案件不存在或无权查看")},
                }
            },
            "/cases/{case_no}/actions/{action}": {
                "post": {
                    "summary": "办理案件：受理、不予受理、通知补正、登记补正材料、延长补正期限、指派承办人、驳回申请、"
                               "发送答复通知书、登记答复、中止、恢复、延期、转为普通程序、终止、作出决定、批准决定、送达",
                    "description": "请求体按 action 不同（见 oneOf，title 为 action 名）。答复案件详情，另加 warnings"
                                   "（如承办人曾在被申请人工作的回避提示、逾期答复的第七十条后果）。decide 记录决定草稿，"
                                   "approve_decision 签发决定书并置为 decided；决定书送达申请人和被申请人后 closed，"
                                   "litigation（15 日）自各申请人、第三人收到之日起算。",
                    "parameters": [
                        {"name": "case_no", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "action", "in": "path", "required": True,
                         "schema": {"enum": list(ACTION_BODIES)}},
                    ],
                    "requestBody": _json({"oneOf": [_action_body(a) for a in ACTION_BODIES]}),
                    "responses": {
                        "200": {"description": "办理后的案件", **_json({"allOf": [
                            {"$ref": "#/components/schemas/Case"},
                            {"type": "object", "properties": {
                                "warnings": {"type": "array", "items": {"type": "string"}}}}]})},
                        "400": _error("请求体不是 JSON 对象"),
                        "401": _error("未提供有效令牌"),
                        "403": _error("该角色不能办理此操作"),
                        "404": _error("案件不存在或无权查看，或没有该操作"),
                        "409": _error("案件当前状态不允许此操作（errors.status 说明状态），或 version 已过期"
                                      "（errors.version：案件已被他人修改）"),
                        "422": _error("字段有误，键为字段名"),
                    },
                }
            },
            "/documents/{document_id}.pdf": {
                "get": {
                    "summary": "下载已签发文书（每次内容相同）",
                    "parameters": [{"name": "document_id", "in": "path", "required": True,
                                    "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "PDF", "content": {"application/pdf": {}}},
                                  "404": _error("文书不存在或无权查看")},
                }
            },
            "/auth/token": {
                "post": {
                    "summary": "签发接口令牌",
                    "security": [],
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object", "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                    }}}},
                    "responses": {
                        "200": {"description": "令牌（每个账号最多 RECON_API_TOKEN_MAX_LIVE 个有效令牌，"
                                               "超出时撤销最早签发的令牌）",
                                "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {"token": {"type": "string"}, "id": {"type": "integer"},
                                           "expires_at": {"type": "string", "format": "date-time"},
                                           "role": {"type": "string"}},
                        }}}},
                        "401": _error("用户名或密码不正确，或账号已锁定"),
                        "422": _error("缺少字段"),
                    },
                },
                "delete": {
                    "summary": "撤销本次请求所用的令牌（退出接口登录）",
                    "responses": {"204": {"description": "已撤销"}, "401": _error("未提供有效令牌")},
                },
            },
            "/auth/tokens": {
                "get": {
                    "summary": "本账号的有效令牌（只有编号和时间，不含令牌本身）",
                    "responses": {
                        "200": {"description": "令牌列表，最早签发的在前", **_json({"type": "object", "properties": {
                            "tokens": {"type": "array", "items": {"type": "object", "properties": {
                                "id": {"type": "integer"},
                                "created_at": {"type": "string", "format": "date-time"},
                                "expires_at": {"type": "string", "format": "date-time"},
                                "current": {"type": "boolean", "description": "是否为本次请求所用的令牌"}}}},
                            "max_live": {"type": "integer"}}})},
                        "401": _error("未提供有效令牌"),
                    },
                }
            },
            "/auth/tokens/{token_id}": {
                "delete": {
                    "summary": "撤销本账号的另一个有效令牌（如丢失的设备）",
                    "parameters": [{"name": "token_id", "in": "path", "required": True,
                                    "schema": {"type": "integer"}}],
                    "responses": {"204": {"description": "已撤销"}, "401": _error("未提供有效令牌"),
                                  "404": _error("没有这个有效令牌，或令牌属于其他账号")},
                }
            },
            "/stats": {
                "get": {
                    "summary": "统计指标（复议机构负责人）：各指标的数值、分子、分母和计算公式",
                    "parameters": [{"name": n, "in": "query", "required": True,
                                    "schema": {"type": "string", "format": "date"}} for n in ("from", "to")],
                    "responses": {
                        "200": {"description": "统计期间内的指标", **_json({
                            "type": "object",
                            "properties": {
                                "from": DATE, "to": DATE,
                                "definition_version": {"type": "integer",
                                                       "description": "所用统计口径的版本（0 为系统默认）"},
                                "figures": {"type": "object", "properties": {
                                    name: {"$ref": "#/components/schemas/StatFigure"}
                                    for name in (*STAT_FIGURES, *STAT_FIGURES_MORE)}},
                            }})},
                        "401": _error("未提供有效令牌"),
                        "403": _error("该角色无权查看"),
                        "422": _error("缺少 from 或 to，或日期无效"),
                    },
                }
            },
            "/cases": {
                "get": {
                    "summary": "案件列表（工作人员）",
                    "description": (
                        "按收到日期从新到旧排列。翻页请把上一页的 next_cursor 作为 cursor 传回"
                        "（每页代价相同）；page 为旧式页码，仍可使用但越往后越慢。total 最多数到"
                        " 10000，超过时 total_capped 为 true（显示为“10000+”）。"),
                    "parameters": [
                        {"name": n, "in": "query", "schema": {"type": t}}
                        for n, t in (("status", "string"), ("handler", "string"),
                                     ("due_before", "string"), ("cursor", "string"),
                                     ("page", "integer"), ("per_page", "integer"))
                    ],
                    "responses": {
                        "200": {"description": "分页列表", "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array",
                                          "items": {"$ref": "#/components/schemas/CaseSummary"}},
                                "next_cursor": {"type": ["string", "null"]},
                                "page": {"type": "integer"}, "per_page": {"type": "integer"},
                                "total": {"type": "integer"}, "total_capped": {"type": "boolean"},
                            },
                        }}}},
                        "401": _error("未提供有效令牌"),
                        "403": _error("该角色无权查看"),
                        "422": _error("参数无效"),
                    },
                }
            },
        },
    }
