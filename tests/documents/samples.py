"""Realistic sample contexts for every document kind (used by the tests and bench/pdf.py)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from recon.documents.kinds import default_codes
from recon.documents.numbering import format_case_no, format_number
from recon.documents.pdf import (
    AbandonmentRecordContext,
    AcceptanceNoticeContext,
    CaseData,
    ConversionNoticeContext,
    CorrectionNoticeContext,
    DecisionContext,
    DismissalDecisionContext,
    DraftingOrganLetterContext,
    ExtensionNoticeContext,
    Header,
    HearingNoticeContext,
    HearingRecordContext,
    MaterialItem,
    MediationDocumentContext,
    OpinionLetterContext,
    OpinionRecordContext,
    OralRecordContext,
    PartyData,
    PerformanceOrderContext,
    ReceiptContext,
    RecommendationLetterContext,
    RefusalDecisionContext,
    ReplyNoticeContext,
    ResumptionNoticeContext,
    ServiceAddressContext,
    ServiceReceiptContext,
    SettlementAgreementContext,
    StayNoticeContext,
    SuspensionNoticeContext,
    TerminationDecisionContext,
    ThirdPartyNoticeContext,
    TransferLetterContext,
)

PREFIX = "合府复"
YEAR = 2026
SERIAL = 17
ISSUED_ON = date(2026, 11, 27)
ORGAN = "××区人民政府"
RESPONDENT = "××区市场监督管理局"
ACT_NO = "×市监罚〔2026〕88号"

APPLICANT = PartyData(
    role="applicant",
    name="张三",
    kind="person",
    id_number="34010219850312123X",
    sex="男",
    birth_date=date(1985, 3, 12),
    address="安徽省合肥市××区××路88号",
    phone="13855665678",
)
APPLICANT_2 = PartyData(
    role="applicant",
    name="李四",
    kind="person",
    id_number="340104199007012345",
    sex="女",
    birth_date=date(1990, 7, 1),
    address="安徽省合肥市××区××街道12号",
)
AGENT = PartyData(
    role="agent", name="王五", kind="person", employer="安徽××律师事务所律师", principal="张三"
)
RESPONDENT_PARTY = PartyData(
    role="respondent",
    name=RESPONDENT,
    kind="organization",
    address="合肥市××区政务大道1号",
    legal_representative="赵六",
    title="局长",
)
THIRD_PARTY = PartyData(
    role="third_party",
    name="合肥××餐饮有限公司",
    kind="organization",
    address="合肥市××区××路6号",
    legal_representative="孙七",
    title="执行董事",
)


def case(**overrides) -> CaseData:
    values = dict(
        case_no=format_case_no(PREFIX, YEAR, SERIAL),
        serial=SERIAL,
        year=YEAR,
        applicants=(APPLICANT,),
        respondent=RESPONDENT_PARTY,
        third_parties=(),
        agents=(AGENT,),
        act_title="行政处罚决定书",
        act_doc_no=ACT_NO,
        act_made_on=date(2026, 9, 8),
        filed_on=date(2026, 10, 9),
        received_on=date(2026, 10, 9),
        accepted_on=date(2026, 10, 14),
        procedure="ordinary",
        request="撤销被申请人作出的×市监罚〔2026〕88号行政处罚决定书",
        facts_and_reasons=(
            "申请人经营的小吃店于2026年8月20日被被申请人检查，被申请人认定申请人销售的凉拌菜"
            "不符合食品安全标准，对申请人处以罚款人民币二万元。申请人认为，被申请人抽样程序违法，"
            "检验报告未依法送达申请人，申请人未能申请复检，处罚认定事实不清、证据不足"
        ),
        channel="onsite",
    )
    values.update(overrides)
    return CaseData(**values)


def header(kind: str, draft: bool = False, repeat: int = 1, **overrides) -> Header:
    code = default_codes()[kind]
    values = dict(
        organ_name=ORGAN,
        body_name="××区司法局",
        number=format_number(PREFIX, code, YEAR, SERIAL, repeat),
        issued_on=ISSUED_ON,
        verification_code="K7QM-3XPR",
        verify_url="https://fy.example.gov.cn/v/K7QM3XPR",
        draft=draft,
        contact="陈八",
        phone="0551-6xxxxxx8",
        address="合肥市××区政务大道1号××区司法局行政复议科",
    )
    if draft:
        values.update(number="", verification_code="")
    values.update(overrides)
    return Header(**values)


LONG_FINDINGS = (
    "2026年8月20日，被申请人执法人员对申请人经营的小吃店进行监督检查，现场抽取凉拌黄瓜样品一份，"
    "制作了现场检查笔录和抽样单，抽样单由申请人签字确认。2026年8月27日，受委托的检验机构出具检验报告，"
    "结论为样品菌落总数项目不符合食品安全国家标准。被申请人于2026年8月29日将检验报告邮寄送达申请人，"
    "邮件于2026年8月31日由申请人本人签收。申请人在法定期限内未提出复检申请。2026年9月2日，"
    "被申请人向申请人送达行政处罚告知书，告知拟作出的处罚内容及事实、理由、依据，以及申请人依法享有的"
    "陈述、申辩权利。申请人于2026年9月4日提交书面陈述意见，称该批次凉拌菜系当日制作、已全部销毁，"
    "请求从轻处罚。被申请人经复核未予采纳，于2026年9月8日作出×市监罚〔2026〕88号行政处罚决定书，"
    "对申请人处以没收违法所得人民币三百二十元、罚款人民币二万元，并于当日直接送达申请人。"
)

LONG_REASONING = (
    "根据《中华人民共和国食品安全法》第六条第二款、第一百二十四条的规定，被申请人作为本行政区域内"
    "负责食品安全监督管理的部门，具有对申请人的违法行为进行查处的法定职权。关于抽样程序，"
    "现场检查笔录、抽样单及现场照片能够证明被申请人执法人员为二人，出示了执法证件，抽样过程有申请人"
    "签字确认，申请人关于抽样程序违法的主张缺乏证据支持，本机关不予采纳。关于检验结论的送达，"
    "邮寄回执能够证明检验报告已于2026年8月31日送达申请人本人，申请人关于未收到检验报告、"
    "无法申请复检的主张与查明的事实不符，本机关不予采纳。关于处罚幅度，申请人销售的凉拌菜货值金额"
    "不足一万元，依照《中华人民共和国食品安全法》第一百二十四条第一款的规定，应当并处五万元以上"
    "十万元以下罚款；被申请人考虑申请人系初次违法、违法所得较少、主动销毁剩余食品等情节，依照"
    "《中华人民共和国行政处罚法》第三十二条的规定予以减轻处罚，处以罚款二万元，"
    "裁量理由已在处罚决定书中载明，处罚幅度并无明显不当。综上，被申请人作出的行政处罚决定认定事实"
    "清楚，证据确凿，适用依据正确，程序合法，内容适当。"
)

EVIDENCE = (
    "现场检查笔录、抽样单及现场照片",
    "检验机构出具的检验报告及邮寄送达回执",
    "行政处罚告知书及送达回证",
    "申请人提交的书面陈述意见及复核意见",
    "×市监罚〔2026〕88号行政处罚决定书及送达回证",
)

DISPOSITIONS = {
    "vary": "罚款人民币一万元，没收违法所得人民币三百二十元",
    "revoke": "",
    "confirm_illegal": "",
    "order_performance": "对申请人2026年7月1日提出的投诉依法作出处理并书面告知申请人",
    "confirm_void": "",
    "uphold": "",
    "reject_request": "",
}

#: The operative words each decision type must print.
DISPOSITION_TEXT = {
    "vary": "变更为：罚款人民币一万元",
    "revoke": f"撤销被申请人于2026年9月8日作出的《行政处罚决定书》（{ACT_NO}）",
    "confirm_illegal": f"（{ACT_NO}）违法。",
    "order_performance": "责令被申请人自收到本决定书之日起三十日内对申请人2026年7月1日提出的投诉依法作出处理",
    "confirm_void": f"（{ACT_NO}）无效。",
    "uphold": f"维持被申请人于2026年9月8日作出的《行政处罚决定书》（{ACT_NO}）。",
    "reject_request": "驳回申请人的行政复议请求。",
}

DECISION_ARTICLES = {
    "vary": "第六十三条",
    "revoke": "第六十四条",
    "confirm_illegal": "第六十五条",
    "order_performance": "第六十六条",
    "confirm_void": "第六十七条",
    "uphold": "第六十八条",
    "reject_request": "第六十九条",
}


def decision(decision_type: str = "uphold", draft: bool = False, long: bool = False, **kw):
    findings = LONG_FINDINGS
    reasoning = LONG_REASONING
    if long:
        findings = LONG_FINDINGS * 2
        reasoning = LONG_REASONING * 2
    values = dict(
        header=header("decision", draft=draft),
        case=case(third_parties=(THIRD_PARTY,) if decision_type == "vary" else ()),
        decision_type=decision_type,
        respondent_reply=(
            "被申请人对申请人的违法行为进行查处，认定事实清楚，证据确凿，适用依据正确，程序合法，"
            "处罚内容适当，请求维持"
        ),
        findings=findings,
        evidence=EVIDENCE,
        reasoning=reasoning,
        disposition=DISPOSITIONS[decision_type],
        performance_days=30 if decision_type in ("order_performance", "revoke") else None,
        hearing_on=date(2026, 11, 10),
        copy_to=("合肥市市场监督管理局",),
    )
    if decision_type == "vary":
        values["basis"] = "第一款第一项"
        values["third_party_statement"] = "第三人同意被申请人的答复意见"
    values.update(kw)
    return DecisionContext(**values)


def contexts(draft: bool = False) -> dict:
    """One realistic context per kind."""
    c = case()
    postal = case(channel="postal", filed_on=date(2026, 10, 8), received_on=date(2026, 10, 9))
    return {
        "receipt": ReceiptContext(
            header=header("receipt", draft),
            case=postal,
            received_at=datetime(2026, 10, 9, 10, 30),
            materials=(
                MaterialItem("行政复议申请书", "3页", "原件"),
                MaterialItem("申请人身份证复印件", "1页"),
                ("×市监罚〔2026〕88号行政处罚决定书", "2页", "复印件"),
                ("现场照片", "6张"),
            ),
            query_code="7KQ4M2",
            acceptance_due_on=date(2026, 10, 16),
            postmark_date=date(2026, 10, 8),
            tracking_no="1190 2233 4455 6",
            receiver="陈八",
        ),
        "oral_record": OralRecordContext(
            header=header("oral_record", draft),
            case=c,
            recorded_at=datetime(2026, 10, 9, 9, 0),
            ended_at=datetime(2026, 10, 9, 9, 40),
            place="××区行政复议服务中心接待室",
            recorder="陈八",
            staff=("周九", "陈八"),
            known_on=date(2026, 9, 8),
            statement="申请人称其书写确有困难，请求口头申请",
        ),
        "correction_notice": CorrectionNoticeContext(
            header=header("correction_notice", draft),
            case=c,
            items=(
                "提供被申请行政复议的行政处罚决定书复印件",
                "明确具体的行政复议请求（撤销或者变更的具体内容）",
                "提供申请人身份证明文件复印件",
            ),
            reply_due_on=date(2026, 12, 11),
        ),
        "acceptance_notice": AcceptanceNoticeContext(
            header=header("acceptance_notice", draft), case=c, decision_due_on=date(2026, 12, 14)
        ),
        "refusal_decision": RefusalDecisionContext(
            header=header("refusal_decision", draft),
            case=c,
            condition=6,
            reason=(
                "申请人不服的行政处罚决定系以合肥市市场监督管理局的名义作出，依照《中华人民共和国"
                "行政复议法》第二十四条第一款第一项的规定，应当由合肥市人民政府管辖"
            ),
            competent_organ="合肥市人民政府",
        ),
        "reply_notice": ReplyNoticeContext(
            header=header("reply_notice", draft), case=c, reply_due_on=date(2026, 10, 30)
        ),
        "third_party_notice": ThirdPartyNoticeContext(
            header=header("third_party_notice", draft),
            case=case(third_parties=(THIRD_PARTY,)),
            interest="系涉案凉拌菜的供货方",
        ),
        "hearing_notice": HearingNoticeContext(
            header=header("hearing_notice", draft),
            case=c,
            hearing_at=datetime(2026, 12, 3, 9, 30),
            place="××区行政复议听证室（××区政务大道1号三楼）",
            issues=("抽样程序是否合法", "检验报告是否依法送达", "处罚幅度是否适当"),
            presiding="周九",
            hearing_officers=("陈八", "吴十"),
            recorder="郑一",
        ),
        "opinion_record": OpinionRecordContext(
            header=header("opinion_record", draft),
            case=c,
            heard_on=date(2026, 11, 2),
            mode="phone",
            party_name="张三",
            party_role="申请人",
            summary="申请人坚持请求撤销处罚决定，认为抽样程序违法",
            hearers=("陈八",),
            recorder="陈八",
            willing_to_mediate=True,
        ),
        "hearing_record": HearingRecordContext(
            header=header("hearing_record", draft),
            case=c,
            held_on=date(2026, 12, 3),
            place="××区行政复议听证室",
            presiding="周九",
            officers=("陈八", "吴十"),
            recorder="郑一",
            summary="双方围绕抽样程序是否合法进行了质证和辩论",
            respondent_head_attended=False,
            absence_reason="局长外出参加全市执法工作会议",
        ),
        "stay_notice": StayNoticeContext(
            header=header("stay_notice", draft),
            case=c,
            stay_from=date(2026, 11, 5),
            reason="申请人的理由合理，继续执行将造成难以弥补的损失",
            requested_by="申请人张三",
            requested_on=date(2026, 11, 3),
        ),
        "abandonment_record": AbandonmentRecordContext(
            header=header("abandonment_record", draft), case=c,
            notice_served_on=date(2026, 10, 12), reply_due_on=date(2026, 10, 26),
            recorded_on=date(2026, 10, 27),
        ),
        "conversion_notice": ConversionNoticeContext(
            header=header("conversion_notice", draft), case=c,
            converted_on=date(2026, 10, 20), reason="案件涉及第三人，争议较大",
        ),
        "transfer_letter": TransferLetterContext(
            header=header("transfer_letter", draft), case=c, addressee="××市人民政府",
            document_name="××市食品经营许可管理办法", provisions="第五条", requested_on=date(2026, 10, 8),
        ),
        "drafting_organ_letter": DraftingOrganLetterContext(
            header=header("drafting_organ_letter", draft), case=c, addressee="××市人民政府",
            document_name="××市食品经营许可管理办法", provisions="第五条", suspended_on=date(2026, 10, 9),
        ),
        "opinion_letter": OpinionLetterContext(
            header=header("opinion_letter", draft), case=c, addressee="××区市场监督管理局",
            problems="抽样程序不规范", opinions=("规范抽样程序", "加强执法人员培训"),
        ),
        "recommendation_letter": RecommendationLetterContext(
            header=header("recommendation_letter", draft), case=c, addressee="××区人民政府办公室",
            problems="多个部门的抽样检验程序不统一", recommendations=("统一抽样检验程序",),
        ),
        "performance_order": PerformanceOrderContext(
            header=header("performance_order", draft), case=c, decision_number="×府复决〔2026〕17号",
            decided_on=date(2026, 12, 1), duty="在三十日内重新作出行政行为", perform_by=date(2027, 1, 15),
        ),
        "suspension_notice": SuspensionNoticeContext(
            header=header("suspension_notice", draft),
            case=c,
            cause=6,
            reason="申请人与被申请人同意进行调解，并书面申请中止行政复议",
            suspended_on=date(2026, 11, 2),
        ),
        "resumption_notice": ResumptionNoticeContext(
            header=header("resumption_notice", draft),
            case=c,
            resumed_on=date(2026, 11, 20),
            suspended_on=date(2026, 11, 2),
            suspension_number=format_number(PREFIX, "中", YEAR, SERIAL),
            reason="调解未达成协议",
        ),
        "extension_notice": ExtensionNoticeContext(
            header=header("extension_notice", draft),
            case=c,
            days=30,
            original_due=date(2026, 12, 14),
            new_due=date(2027, 1, 13),
            reason="案情复杂，需要进一步调查核实检验过程",
        ),
        "termination_decision": TerminationDecisionContext(
            header=header("termination_decision", draft),
            case=c,
            cause=1,
            reason="申请人与被申请人达成和解，被申请人已自行变更处罚决定",
            withdrawn_on=date(2026, 11, 18),
            after_settlement=True,
        ),
        "dismissal_decision": DismissalDecisionContext(
            header=header("dismissal_decision", draft),
            case=c,
            condition=4,
            reason="申请人于2026年6月1日知道该行政处罚决定，至2026年10月9日提出申请，已超过六十日的法定申请期限，且无正当理由",
        ),
        "decision": decision("uphold", draft=draft),
        "mediation_document": MediationDocumentContext(
            header=header("mediation_document", draft),
            case=c,
            terms=(
                "被申请人将×市监罚〔2026〕88号行政处罚决定书中的罚款数额由人民币二万元变更为人民币一万元",
                "申请人自本调解书生效之日起十五日内缴纳罚款",
                "申请人放弃其他行政复议请求",
            ),
            facts="申请人销售的凉拌菜经检验不符合食品安全国家标准，被申请人据此作出处罚",
            respondent_reply="被申请人认为处罚认定事实清楚，但同意在法定幅度内调整罚款数额",
        ),
        "settlement_agreement": SettlementAgreementContext(
            header=header("settlement_agreement", draft),
            case=c,
            terms=("被申请人退还申请人已缴纳的罚款人民币一千元", "申请人撤回行政复议申请"),
            signed_on=date(2026, 11, 20),
        ),
        "service_receipt": ServiceReceiptContext(
            header=header("service_receipt", draft),
            case=c,
            document_title="行政复议决定书",
            document_number=format_number(PREFIX, "决", YEAR, SERIAL),
            recipient=APPLICANT,
            method="direct",
            server="陈八、周九",
        ),
        "service_address": ServiceAddressContext(
            header=header("service_address", draft),
            case=c,
            recipient=APPLICANT,
            postcode="646000",
            email="zhangsan@example.cn",
            electronic_consent=True,
        ),
    }


def with_header(ctx, **changes):
    """A copy of ``ctx`` with header fields replaced."""
    return dataclasses.replace(ctx, header=dataclasses.replace(ctx.header, **changes))
