"""A demo case written straight into the tables, plus the extras that issue every document kind."""

from __future__ import annotations

from datetime import UTC, date, datetime

from recon.cases.models import Case, IntakeRecord, Material, Party
from recon.documents.services import DocumentSettings, settings_from_config
from recon.extensions import db

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 Beijing, Friday
VALID_ID = "11010519491231002X"


def settings(app) -> DocumentSettings:
    return settings_from_config(app.config)


def make_case(serial: int = 17, year: int = 2026, owner=None, channel: str = "onsite",
              oral: bool = False, procedure: str = "ordinary") -> Case:
    """A received and accepted case with an applicant, respondent, third party and agent."""
    case = Case(
        case_no=f"合府复〔{year}〕{serial}号", year=year, serial=serial, query_code="7KQ4M2AB",
        channel=channel, status="accepted", procedure=procedure,
        filed_on=date(2026, 10, 9), received_on=date(2026, 10, 9), accepted_on=date(2026, 10, 14),
        respondent_name="合江区市场监督管理局", act_title="行政处罚决定书",
        act_doc_no="合市监罚〔2026〕88号", act_made_on=date(2026, 9, 8),
        act_known_on=date(2026, 9, 8), request="撤销被申请人作出的行政处罚决定",
        facts_and_reasons="被申请人认定事实不清，证据不足", owner_id=getattr(owner, "id", None),
    )
    case.parties = [
        Party(role="applicant", kind="person", name="张三", id_number=VALID_ID,
              phone="13800138000", address="合江区人民路8号", position=0),
        Party(role="respondent", kind="organization", name="合江区市场监督管理局",
              address="合江区政务大道1号", legal_representative="赵六", position=1),
        Party(role="third_party", kind="organization", name="合江××餐饮有限公司",
              address="合江区××路6号", legal_representative="孙七", position=2),
        Party(role="agent", kind="lawyer", name="王五", position=3),
    ]
    case.intake = IntakeRecord(
        channel=channel, submitted_at=datetime(2026, 10, 9, 2, 30, tzinfo=UTC),
        postmark_on=date(2026, 10, 8) if channel == "postal" else None,
        tracking_no="EMS1234567890" if channel == "postal" else None,
        oral=oral, oral_statement="申请人书写困难，口头提出申请" if oral else None, snapshot={},
    )
    case.materials = [
        Material(sha256="0" * 64, size=10, content_type="application/pdf",
                 filename="行政复议申请书.pdf", item="application"),
    ]
    db.session.add(case)
    db.session.flush()
    return case


def party_id(case: Case, role: str) -> int:
    return next(p.id for p in case.parties if p.role == role)


def extras(case: Case) -> dict[str, dict]:
    """Valid ``extra`` for every kind (service_receipt needs a document id: filled by caller)."""
    return {
        "receipt": {"receiver": "陈八"},
        "oral_record": {"place": "合江区司法局行政复议窗口", "recorder": "陈八"},
        "correction_notice": {"items": ["提供行政处罚决定书复印件", "明确具体的行政复议请求"],
                              "reply_due_on": "2026-12-11"},
        "acceptance_notice": {"decision_due_on": "2026-12-14"},
        "refusal_decision": {"condition": 6, "reason": "该行政行为不属于本机关管辖",
                             "competent_organ": "泸州市人民政府"},
        "reply_notice": {"reply_due_on": "2026-12-11"},
        "third_party_notice": {"interest": "系涉案食品的供货方",
                               "recipient_party_id": party_id(case, "third_party")},
        "hearing_notice": {"hearing_at": "2026-12-03T09:30", "place": "行政复议听证室",
                           "issues": ["抽样程序是否合法"], "presiding": "周九"},
        "opinion_record": {"party_id": party_id(case, "applicant"), "heard_on": "2026-11-20",
                           "mode": "in_person", "summary": "坚持撤销处罚决定", "willing_to_mediate": "no"},
        "hearing_record": {"held_on": "2026-11-26", "presiding": "周九", "officers": ["陈八", "吴十"],
                           "recorder": "郑一", "summary": "双方进行了质证和辩论"},
        "stay_notice": {"stay_from": "2026-11-26", "reason": "申请人的理由合理"},
        "abandonment_record": {"notice_served_on": "2026-11-02", "reply_due_on": "2026-11-16",
                               "recorded_on": "2026-11-17"},
        "conversion_notice": {"converted_on": "2026-11-20", "reason": "案件争议较大"},
        "transfer_letter": {"addressee": "泸州市人民政府", "document_name": "合江县食品经营许可管理办法"},
        "drafting_organ_letter": {"addressee": "合江县人民政府", "document_name": "合江县食品经营许可管理办法"},
        "opinion_letter": {"problems": "抽样程序不规范", "opinions": ["规范抽样程序"]},
        "recommendation_letter": {"addressee": "合江县人民政府办公室", "problems": "程序不统一",
                                  "recommendations": ["统一抽样程序"]},
        "performance_order": {"decision_number": "合府复决〔2026〕3号", "decided_on": "2026-11-20",
                              "duty": "重新作出行政行为"},
        "suspension_notice": {"cause": 6, "reason": "双方同意调解并申请中止",
                              "suspended_on": "2026-11-20"},
        "resumption_notice": {"resumed_on": "2026-11-26", "suspended_on": "2026-11-20"},
        "extension_notice": {"days": 30, "original_due": "2026-12-14", "new_due": "2027-01-13"},
        "termination_decision": {"cause": 1, "reason": "申请人撤回申请",
                                 "withdrawn_on": "2026-11-25"},
        "dismissal_decision": {"condition": 4, "reason": "申请已超过法定申请期限"},
        "decision": {"decision_type": "uphold", "respondent_reply": "请求维持",
                     "findings": "被申请人依法抽样检验并作出处罚", "evidence": ["现场检查笔录"],
                     "reasoning": "被申请人认定事实清楚，适用依据正确"},
        "mediation_document": {"terms": ["罚款数额变更为人民币一万元"]},
        "settlement_agreement": {"terms": ["被申请人退还罚款人民币一千元"], "signed_on": "2026-11-20"},
        "service_receipt": {"recipient_party_id": party_id(case, "applicant"),
                            "method": "direct", "server": "陈八"},
        "service_address": {"recipient_party_id": party_id(case, "applicant"), "postcode": "646000"},
    }
