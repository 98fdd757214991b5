"""Demo data for `make run` (idempotent): one account per role and one case per channel."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from recon.auth.services import create_user, find_user
from recon.clock import now_utc, today_beijing
from recon.extensions import db


def _demo_cases(today) -> list[tuple[str, str, dict]]:
    known = today - timedelta(days=20)
    base = {
        "applicant": {"kind": "person", "name": "张三", "id_number": "11010519491231002X",
                      "phone": "13800138000", "address": "合江区人民路 8 号", "postcode": "646200"},
        "agents": [], "third_parties": [],
        "act": {"title": "行政处罚决定书", "made_on": known - timedelta(days=2), "known_on": known,
                "informed_of_rights": True},
        "litigation_filed": False, "normative_review": None, "attachments": [],
    }
    return [
        ("applicant", "demo-online", base | {
            "channel": "online", "respondent": {"name": "合江区市场监督管理局"},
            "act": base["act"] | {"doc_no": "合市监罚〔2026〕88号"},
            "request": "请求撤销合市监罚〔2026〕88号行政处罚决定",
            "facts_and_reasons": "被申请人认定的违法事实不清，罚款数额明显过高。"}),
        ("clerk", "demo-onsite", base | {
            "channel": "onsite", "respondent": {"name": "合江区公安分局"},
            "applicant": base["applicant"] | {"name": "李四", "id_number": "110101198001010053",
                                             "phone": "13900139000"},
            "act": base["act"] | {"title": "行政拘留决定书", "doc_no": "合公决字〔2026〕5号"},
            "onsite": {"received_at": today, "oral": True,
                       "oral_statement": "申请人称：收到行政拘留决定书后，认为认定事实不清，请求撤销。"},
            "request": "请求撤销行政拘留决定", "facts_and_reasons": "当时并未参与打架，有证人可以证明。"}),
        ("clerk", "demo-postal", base | {
            "channel": "postal", "respondent": {"name": "合江区人力资源和社会保障局"},
            "applicant": base["applicant"] | {"name": "王五", "id_number": "11010519491231002X"},
            "act": base["act"] | {"title": "不予认定工伤决定书", "doc_no": "合人社伤〔2026〕12号"},
            "postal": {"postmark_on": today - timedelta(days=3), "received_on": today - timedelta(days=1),
                       "tracking_no": "EMS1234567890CN", "sender_address": "合江区东风路 3 号",
                       "point": "CY-01", "point_received_on": today - timedelta(days=3)},
            "request": "请求撤销不予认定工伤决定", "facts_and_reasons": "事故发生在上班途中，应当认定为工伤。"}),
    ]


def _workflow_cases(today) -> list[tuple[str, str, dict, list[tuple[str, dict]]]]:
    """Cases for trying the acceptance stage (README "Case workflow"): (filer, token, filing,
    [(action, body)] taken at once by the demo handler). Dates are relative to today."""
    known = today - timedelta(days=45)
    base = {
        "applicant": {"kind": "person", "name": "赵六", "id_number": "110101198001010053",
                      "phone": "13700137000", "address": "合江区滨江路 12 号", "postcode": "646200"},
        "agents": [], "third_parties": [], "litigation_filed": False, "normative_review": None,
        "attachments": [], "channel": "postal",
        "act": {"title": "责令限期拆除决定书", "made_on": known - timedelta(days=2), "known_on": known,
                "informed_of_rights": True},
        "respondent": {"name": "合江区城市管理和综合执法局"},
        "request": "请求撤销责令限期拆除决定", "facts_and_reasons": "涉案构筑物系经批准建设，不属于违法建设。",
    }

    def postal(received, doc_no):
        return base | {"act": base["act"] | {"doc_no": doc_no},
                       "postal": {"postmark_on": received - timedelta(days=1), "received_on": received,
                                  "tracking_no": "EMS7654321098CN", "sender_address": "合江区滨江路 12 号"}}

    old = today - timedelta(days=30)  # at least 12 working days ago, whatever the holidays
    return [
        # the review ran out weeks ago: the scheduler accepts it (deemed) on its next sweep
        ("clerk", "demo-review-lapsed", postal(today - timedelta(days=21), "合城执拆〔2026〕3号"), []),
        # a correction requested and served on the day of receipt, never answered: deemed abandoned
        ("clerk", "demo-correction-lapsed", postal(old, "合城执拆〔2026〕4号"),
         [("request_correction", {"items": ["申请人身份证复印件"], "on": old, "notice_served_on": old})]),
        # the demo applicant's own online case waiting for a supplement (upload it on the portal)
        ("applicant", "demo-correction-pending", base | {
            "channel": "online", "act": base["act"] | {"known_on": today - timedelta(days=10),
                                                       "made_on": today - timedelta(days=12),
                                                       "doc_no": "合城执拆〔2026〕5号"},
            "applicant": base["applicant"] | {"name": "张三", "id_number": "11010519491231002X"}},
         [("request_correction", {"items": ["申请人身份证复印件", "责令限期拆除决定书复印件"]})]),
    ]


#: The bureau's intake points (接收点) for the demo: (code, name, kind, address, hours).
DEMO_POINTS = (
    ("HJ-01", "合江镇公共法律服务工作站", "legal_service", "合江区合江镇中山路 1 号", "工作日 9:00–12:00，14:00–17:30"),
    ("CY-01", "川渝通办（合江—永川）窗口", "chuanyu", "合江区政务服务中心一楼 12 号窗口", "工作日 9:00–17:00"),
    ("QY-01", "工业园区惠企联系点", "enterprise", "合江区工业园区管委会二楼", "工作日 9:00–17:00"),
)


def _resolution_cases(today) -> list[tuple[str, dict, list[tuple[str, str, dict]]]]:
    """One case per resolution path (issue 15): (token, filing, [(role, action, body)]), all
    received 40 days ago by post and handled on the days after."""
    received = today - timedelta(days=40)
    known = received - timedelta(days=15)

    def day(n):
        return received + timedelta(days=n)

    def postal(name, doc_no, respondent):
        return {
            "channel": "postal", "agents": [], "third_parties": [], "litigation_filed": False,
            "normative_review": None, "attachments": [],
            "applicant": {"kind": "person", "name": name, "id_number": "110101198001010053",
                          "phone": "13600136000", "address": "合江区中山路 1 号", "postcode": "646200"},
            "respondent": {"name": respondent},
            "act": {"title": "行政处罚决定书", "doc_no": doc_no, "made_on": known - timedelta(days=2),
                    "known_on": known, "informed_of_rights": True},
            "request": f"请求撤销{doc_no}行政处罚决定", "facts_and_reasons": "处罚过重，请求依法撤销。",
            "postal": {"postmark_on": received - timedelta(days=1), "received_on": received,
                       "tracking_no": "EMS1122334455CN", "sender_address": "合江区中山路 1 号"},
        }

    accept = ("handler", "accept", {"procedure": "ordinary", "on": day(1)})
    start = ("handler", "start_mediation", {"on": day(3), "applicant_consents": True, "respondent_consents": True,
                                            "suspend": True, "mediators": ["人民调解员：钱八"]})
    return [
        ("demo-mediation", postal("张三", "合市监罚〔2026〕101号", "合江区市场监督管理局"), [
            accept, start,
            ("handler", "log_mediation_session", {
                "on": day(5), "time": "09:30", "mode": "in_person", "place": "行政复议调解室",
                "participants": ["申请人 张三", "被申请人副局长 周九"], "head_attended": True,
                "applicant_position": "请求撤销罚款", "respondent_position": "同意酌情减少罚款",
                "proposals": ["罚款减为五千元"], "outcome": "continued"}),
            ("handler", "log_mediation_session", {"on": day(8), "mode": "video",
                                                  "participants": ["申请人 张三", "被申请人代理人 吴十"],
                                                  "outcome": "agreement"}),
            ("handler", "record_agreement", {"on": day(8), "terms": "被申请人将罚款变更为人民币五千元\n"
                                                                    "申请人于本调解书生效之日起十日内缴纳罚款"}),
            ("handler", "sign_agreement", {"party": "applicant", "on": day(9)}),
            ("handler", "sign_agreement", {"party": "respondent", "on": day(9)}),
            # performance pending: the respondent's obligation runs 60 days from the seal (no date agreed)
            ("supervisor", "seal_agreement", {"on": day(10), "obliged": "respondent",
                                              "obligation": "将罚款决定变更为罚款人民币五千元"}),
        ]),
        ("demo-backed-out", postal("孙七", "合市监罚〔2026〕102号", "合江区市场监督管理局"), [
            accept, start,
            ("handler", "record_agreement", {"on": day(5), "terms": "被申请人撤销罚款"}),
            ("handler", "sign_agreement", {"party": "applicant", "on": day(6)}),
            ("handler", "back_out", {"party": "respondent", "on": day(7)}),
        ]),
        ("demo-settlement", postal("陈八", "合交罚〔2026〕7号", "合江区交通运输局"), [
            accept, ("handler", "withdraw", {"on": day(6), "reason": "双方自愿达成和解", "after_settlement": True,
                                             "settlement_terms": "被申请人退还已缴罚款二千元",
                                             "perform_by": day(16)}),
            # performance recorded: the 和解协议 was performed before its agreed day
            ("handler", "record_performance", {"on": day(12), "evidence": "被申请人已退还罚款二千元，申请人出具收据"})]),
        ("demo-self-correction", postal("郑一", "合住建罚〔2026〕9号", "合江区住房和城乡建设局"), [
            accept, ("handler", "withdraw", {"on": day(6), "reason": "被申请人已撤销原处罚决定",
                                             "self_correction": True, "new_act_no": "合住建撤〔2026〕1号",
                                             "new_act_on": day(5)})]),
        ("demo-before-acceptance", postal("冯二", "合自然罚〔2026〕4号", "合江区自然资源局"), [
            ("handler", "start_mediation", {"on": day(1), "applicant_consents": True, "respondent_consents": True}),
            ("handler", "log_mediation_session", {"on": day(2), "mode": "phone", "participants": ["申请人 冯二"],
                                                  "outcome": "agreement"}),
            ("handler", "withdraw", {"on": day(2), "reason": "被申请人作出解释，申请人接受"})]),
    ]


def seed_demo() -> list[str]:
    from recon.cases import workflow
    from recon.cli import DEMO_PASSWORD, DEMO_USERS
    from recon.intake import services as intake
    from recon.intake.settings import intake_settings
    from recon.storage import storage

    lines = ["演示账号（用户名 / 密码 / 角色）："]
    for username, role, name, phone in DEMO_USERS:
        user = find_user(db.session, username)
        if user is None:
            user = create_user(db.session, None, username, role, DEMO_PASSWORD, name, phone=phone)
            if username == "handler":  # assigning them the on-site case (合江区公安分局) shows the recusal warning
                user.former_unit = "合江区公安分局"
        lines.append(f"  {username:<11} {DEMO_PASSWORD}  {user.role_label}")
    db.session.commit()

    from recon.intake.models import IntakePoint
    from recon.intake.points import save_point

    for code, name, kind, address, hours in DEMO_POINTS:
        if db.session.scalar(select(IntakePoint).where(IntakePoint.code == code)) is None:
            save_point(db.session, {"code": code, "name": name, "kind": kind, "address": address,
                                    "hours": hours, "active": True}, None, now_utc())
    db.session.commit()

    settings = intake_settings(current_app.config)
    for username, token, data in _demo_cases(today_beijing()):
        if intake.existing_for_token(db.session, token) is None:
            intake.register_application(db.session, data | {"submission_token": token},
                                        find_user(db.session, username), now_utc(),
                                        storage=storage(), settings=settings)
            db.session.commit()
    handler = find_user(db.session, "handler")
    for username, token, data, actions in _workflow_cases(today_beijing()):
        if intake.existing_for_token(db.session, token) is None:
            case = intake.register_application(db.session, data | {"submission_token": token},
                                               find_user(db.session, username), now_utc(),
                                               storage=storage(), settings=settings).case
            for action, body in actions:
                workflow.perform(db.session, case, action, body, handler, now_utc(), documents=settings.documents)
            db.session.commit()
    applicant = find_user(db.session, "applicant")
    for token, data, steps in _resolution_cases(today_beijing()):
        if intake.existing_for_token(db.session, token) is None:
            case = intake.register_application(db.session, data | {"submission_token": token},
                                               find_user(db.session, "clerk"), now_utc(),
                                               storage=storage(), settings=settings).case
            if token == "demo-mediation":  # the demo applicant downloads its 调解书 on the portal
                case.owner_id = applicant.id
            for role, action, body in steps:
                workflow.perform(db.session, case, action, body, find_user(db.session, role), now_utc(),
                                 documents=settings.documents)
            db.session.commit()
    lines.append("演示案件：网上、现场（口头）、邮寄申请各一件，可用 handler 或 clerk 登录查看；"
                 "另有受理审查期限已届满、补正期限已届满和等待申请人补正的案件各一件（见 README「Case workflow」）。"
                 "邮寄的一件经川渝通办窗口递交。统计分析：supervisor 登录后打开「统计分析」。"
                 "调解结案、调解中一方反悔、和解撤回、被申请人自行纠正撤回、受理前协商化解的案件各一件（见化解台账）；"
                 "调解结案的一件待履行，和解撤回的一件已履行（见案件页「履行」和期限看板）。")
    return lines
