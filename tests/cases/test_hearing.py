"""The handling stage's records (issue 14): third parties (art. 16), hearing the parties' opinions
(art. 49), the hearing (arts. 50–52), file inspection (art. 47) and the stay of execution (art. 42),
through the API and the case pages: allowed, forbidden by the status (409), bad fields (422), the
records on the case page and the PDFs' text."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import select

from recon.audit.actions import action_label
from recon.cases.models import Case, Party
from recon.documents import services as document_services
from recon.extensions import db
from tests.api.test_actions import RECEIVED, _case_in, _fingerprint
from tests.cases.helpers import act, beijing, document_settings
from tests.conftest import FIXED_NOW
from tests.documents._pdfutil import text_of
from tests.intake.factories import token_for

D = date.fromisoformat
THIRD = {"name": "合江县某某食品有限公司", "kind": "organization", "id_number": "91350100M000100Y43",
         "address": "泸州市合江县工业园区8号", "by": "organ"}


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch):
    """The API and the pages act at FIXED_NOW (Fri 2026-11-27, 10:00 Beijing)."""
    monkeypatch.setattr("recon.api.actions.now_utc", lambda: FIXED_NOW)
    monkeypatch.setattr("recon.cases.views.now_utc", lambda: FIXED_NOW)
    monkeypatch.setattr("recon.cases.views.today_beijing", lambda: FIXED_NOW.date())


def _url(case, action: str) -> str:
    return f"/api/v1/cases/{quote(case.case_no)}/actions/{action}"


def _post(client, case, action, body, role="handler"):
    return client.post(_url(case, action), json=body, headers=token_for(client, role))


def _accepted(app, users, procedure="ordinary") -> Case:
    if procedure == "ordinary":
        return _case_in(app, users, "accepted")
    case = _case_in(app, users, "received")
    act(app, case, "accept", {"procedure": "simple", "simple_ground": "warning", "on": D("2026-11-23")},
        users["handler"], beijing(D("2026-11-23")))
    return case


def _last_document(app, case, kind: str) -> str:
    documents = [d for d in document_services.case_documents(db.session, case.id) if d.kind == kind]
    assert documents, f"no {kind} issued"
    return text_of(document_services.document_bytes(documents[-1], document_settings(app).storage))


def _event(body: dict, action: str) -> dict:
    """The answer's timeline entry of ``action`` (the document's own entry follows it)."""
    return [e for e in body["timeline"] if e["kind"] == f"workflow.{action}"][-1]


def _applicant(case) -> str:
    return case.applicants[0].name


def test_audit_names_every_new_action():
    for action, name in [("add_third_party", "追加第三人"), ("hear_opinion", "听取意见"),
                         ("schedule_hearing", "安排听证"), ("record_hearing", "记录听证"),
                         ("record_committee_opinion", "登记行政复议委员会咨询意见"),
                         ("record_inspection", "登记查阅、复制"), ("request_stay", "登记停止执行申请"),
                         ("decide_stay", "决定是否停止执行")]:
        assert action_label(f"case.{action}") == name


def test_the_openapi_document_lists_the_handling_actions(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    operation = doc["paths"]["/cases/{case_no}/actions/{action}"]["post"]
    bodies = {b["title"]: b for b in operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]}
    assert {"add_third_party", "hear_opinion", "schedule_hearing", "record_hearing", "record_committee_opinion",
            "record_inspection", "request_stay", "decide_stay"} <= set(bodies)
    assert bodies["schedule_hearing"]["required"] == ["hearing_on"]
    assert bodies["hear_opinion"]["properties"]["willing_to_mediate"]["type"] == ["boolean", "null"]


# ---- third parties (art. 16) ----------------------------------------------------------------------


def test_add_third_party_by_the_organ_issues_its_notice_to_its_own_address(app, client, users):
    case = _accepted(app, users)
    seen = case.version_id
    response = _post(client, case, "add_third_party", THIRD | {"phone": "13800138000", "version": seen})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "accepted" and body["version"] == seen + 1
    assert "行政复议机构通知合江县某某食品有限公司作为第三人参加行政复议" in _event(body, "add_third_party")["summary"]
    assert body["documents"][-1]["kind"] == "third_party_notice"
    party = db.session.scalar(select(Party).where(Party.case_id == case.id, Party.role == "third_party"))
    assert (party.name, party.kind, party.address, party.phone) == (
        THIRD["name"], "organization", THIRD["address"], "13800138000")
    text = _last_document(app, case, "third_party_notice")
    assert "合江县某某食品有限公司：" in text and "第十六条第一款" in text


def test_the_case_page_lists_the_third_party(app, users, login_as):
    case = _accepted(app, users)
    act(app, case, "add_third_party", THIRD | {"by": "application"}, users["handler"], FIXED_NOW)
    html = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert "第三人" in html and THIRD["name"] in html and THIRD["address"] in html
    assert "经其申请，同意合江县某某食品有限公司作为第三人参加行政复议" in html


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"name": "张某", "by": "organ"}, "address", "送达地址"),
    ({"name": "张某", "address": "某地", "by": "court"}, "by", "请从列出的选项中选择一项"),
    ({"name": "张某", "address": "某地", "by": "organ", "id_number": "123"}, "id_number", ""),
    ({"name": "", "address": "某地", "by": "organ"}, "name", "姓名或者名称"),
    ({"name": "张某", "address": "某地", "by": "organ", "kind": "robot"}, "kind", "请从列出的选项中选择一项"),
])
def test_add_third_party_bad_fields_are_422(app, client, users, body, field, words):
    case = _accepted(app, users)
    before = _fingerprint(case.id)
    response = _post(client, case, "add_third_party", body)
    assert response.status_code == 422, response.get_json()
    assert words in response.get_json()["errors"][field]
    assert _fingerprint(case.id) == before


def test_the_same_third_party_is_not_added_twice(app, client, users):
    case = _accepted(app, users)
    assert _post(client, case, "add_third_party", THIRD).status_code == 200
    response = _post(client, case, "add_third_party", THIRD)
    assert response.status_code == 422
    assert response.get_json()["errors"]["name"] == f"{THIRD['name']}已经是本案的第三人"


@pytest.mark.parametrize("action", ["add_third_party", "hear_opinion", "schedule_hearing", "record_hearing",
                                    "record_committee_opinion", "record_inspection", "request_stay",
                                    "decide_stay"])
@pytest.mark.parametrize("status", ["received", "closed"])
def test_every_handling_action_is_409_before_acceptance_and_after_closure(app, client, users, action, status):
    case = _case_in(app, users, status)
    before = _fingerprint(case.id)
    response = _post(client, case, action, {})
    assert response.status_code == 409, response.get_json()
    assert "案件当前状态为" in response.get_json()["errors"]["status"]
    assert _fingerprint(case.id) == before


def test_a_clerk_may_not_hear_opinions(app, client, users):
    case = _accepted(app, users)
    assert _post(client, case, "hear_opinion", {}, role="clerk").status_code == 403


# ---- hearing the parties' opinions (art. 49) --------------------------------------------------------


def test_hear_opinion_records_the_answer_to_mediation_and_its_record(app, client, users, login_as):
    case = _accepted(app, users)
    name = _applicant(case)
    response = _post(client, case, "hear_opinion", {"party": name, "mode": "phone", "on": "2026-11-26",
                                                    "summary": "坚持请求撤销处罚决定，认为抽样程序违法",
                                                    "willing_to_mediate": True})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["documents"][-1]["kind"] == "opinion_record"
    assert f"通过电话听取申请人{name}的意见（第四十九条）；是否愿意调解：愿意调解" in _event(body, "hear_opinion")["summary"]
    text = _last_document(app, case, "opinion_record")
    assert "听取意见笔录" in text and "时间：2026年11月26日" in text
    assert f"通过电话听取申请人{name}的意见" in text and "坚持请求撤销处罚决定，认为抽样程序违法" in text
    assert f"是否愿意调解{name}表示愿意调解" in text
    respondent = case.respondent_name
    assert _post(client, case, "hear_opinion", {"party": respondent, "mode": "in_person",
                                                "summary": "请求维持", "willing_to_mediate": None}).status_code == 200
    assert "未作答复" in _last_document(app, case, "opinion_record")
    html = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    section = html[html.index('id="handling"'):html.index('id="service"')]
    assert name in section and "愿意调解" in section and "未作答复" in section and "电话" in section


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"party": "不存在的人", "mode": "phone", "summary": "意见"}, "party", "不是本案的申请人、被申请人或者第三人"),
    ({"mode": "phone", "summary": "意见"}, "party", "请选择被听取意见的当事人"),
    ({"party": "@applicant", "mode": "fax", "summary": "意见"}, "mode", "请从列出的选项中选择一项"),
    ({"party": "@applicant", "mode": "phone", "summary": ""}, "summary", "请记录当事人的意见"),
    ({"party": "@applicant", "mode": "phone", "summary": "意见", "willing_to_mediate": "yes"},
     "willing_to_mediate", "应为 true 或 false"),
    ({"party": "@applicant", "mode": "phone", "summary": "意见", "on": "2026-12-25"}, "on", "晚于今天"),
])
def test_hear_opinion_bad_fields_are_422(app, client, users, body, field, words):
    case = _accepted(app, users)
    if body.get("party") == "@applicant":
        body = body | {"party": _applicant(case)}
    before = _fingerprint(case.id)
    response = _post(client, case, "hear_opinion", body)
    assert response.status_code == 422, response.get_json()
    assert words in response.get_json()["errors"][field]
    assert _fingerprint(case.id) == before


def test_hear_opinion_on_the_page_previews_then_issues(app, users, login_as):
    case = _accepted(app, users)
    client = login_as("handler")
    page = client.get(f"/cases/{case.id}/actions/hear_opinion")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "第四十九条" in html and "是否愿意调解" in html and f'value="{_applicant(case)}"' in html
    form = {"party": _applicant(case), "mode": "in_person", "summary": "请求撤销", "willing_to_mediate": "no",
            "version": str(case.version_id)}
    preview = client.post(f"/cases/{case.id}/actions/hear_opinion", data=form | {"step": "preview"})
    assert preview.status_code == 200 and "听取意见笔录" in preview.get_data(as_text=True)
    assert document_services.case_documents(db.session, case.id)[-1].kind != "opinion_record"
    done = client.post(f"/cases/{case.id}/actions/hear_opinion", data=form | {"step": "confirm"})
    assert done.status_code == 303
    assert "不愿意调解" in _last_document(app, case, "opinion_record")
    db.session.refresh(case)
    bad = client.post(f"/cases/{case.id}/actions/hear_opinion",
                      data=form | {"summary": "", "step": "confirm", "version": str(case.version_id)})
    assert bad.status_code == 422 and "请记录当事人的意见" in bad.get_data(as_text=True)


def test_action_pages_refuse_a_status_that_does_not_allow_them(app, users, login_as):
    case = _case_in(app, users, "received")
    client = login_as("handler")
    assert client.get(f"/cases/{case.id}/actions/add_third_party").status_code == 409
    response = client.post(f"/cases/{case.id}/actions/add_third_party",
                           data=THIRD | {"version": str(case.version_id), "step": "confirm"})
    assert response.status_code == 409 and "案件当前状态为" in response.get_data(as_text=True)


# ---- the hearing (arts. 50–52) -------------------------------------------------------------------


def test_schedule_hearing_in_time_then_record_it(app, client, users):
    case = _accepted(app, users)
    # the hearing on Fri 2026-12-04: 5 working days back (12-03, 12-02, 12-01, 11-30; weekend; 11-27)
    response = _post(client, case, "schedule_hearing", {"hearing_on": "2026-12-04",
                                                        "notice_served_on": "2026-11-27"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["warnings"] == []
    assert "最迟应于 2026年11月27日 送达" in _event(body, "schedule_hearing")["summary"]
    record = {"presiding": "周九", "officers": ["陈八", "吴十"], "recorder": "郑一",
              "respondent_head_attended": False, "absence_reason": "局长外出参加全市会议",
              "applicant_absent_without_reason": True, "summary": "被申请人陈述抽样经过，第三人发表意见"}
    response = _post(client, case, "record_hearing", record)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["documents"][-1]["kind"] == "hearing_record"
    text = _last_document(app, case, "hearing_record")
    assert "听证笔录" in text and "主持人：周九" in text and "听证员：陈八、吴十" in text and "记录员：郑一" in text
    assert "无正当理由拒不参加听证，依照该法第五十一条第二款的规定，视为放弃听证权利" in text
    assert "负责人未参加听证，说明的理由为：局长外出参加全市会议" in text
    assert "被申请人陈述抽样经过，第三人发表意见" in text and "第六十一条第二款" in text


def test_a_late_hearing_notice_is_warned(app, client, users, login_as):
    case = _accepted(app, users)
    # the hearing on Wed 2026-12-02: the notice was due by Wed 11-25 (12-01, 11-30, 11-27, 11-26, 11-25)
    response = _post(client, case, "schedule_hearing", {"hearing_on": "2026-12-02",
                                                        "notice_served_on": "2026-11-27"})
    assert response.status_code == 200
    warnings = response.get_json()["warnings"]
    assert len(warnings) == 1 and "最迟 2026年11月25日" in warnings[0] and "第五十一条第一款" in warnings[0]
    html = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert "送达晚于法定期限" in html


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"notice_served_on": "2026-11-27"}, "hearing_on", "请填写听证日期"),
    ({"hearing_on": "2026-11-27", "notice_served_on": "2026-11-27"}, "hearing_on", "应当晚于听证通知送达日期"),
    ({"hearing_on": "2026-12-10", "notice_served_on": "2026-11-30"}, "notice_served_on", "晚于今天"),
    ({"hearing_on": "2026-12-10", "notice_served_on": "2026-11-24", "on": "2026-11-25"}, "notice_served_on",
     "早于办理日期"),
    ({"hearing_on": "not a day"}, "hearing_on", ""),
])
def test_schedule_hearing_bad_fields_are_422(app, client, users, body, field, words):
    case = _accepted(app, users)
    response = _post(client, case, "schedule_hearing", body)
    assert response.status_code == 422, response.get_json()
    assert words in response.get_json()["errors"][field]


def test_a_hearing_needs_the_ordinary_procedure_and_a_schedule(app, client, users):
    simple = _accepted(app, users, "simple")
    response = _post(client, simple, "schedule_hearing", {"hearing_on": "2026-12-10"})
    assert response.status_code == 409 and "第五十五条" in response.get_json()["errors"]["status"]
    case = _accepted(app, users)
    response = _post(client, case, "record_hearing", {"presiding": "周九", "officers": ["陈八", "吴十"],
                                                      "recorder": "郑一", "respondent_head_attended": True,
                                                      "summary": "情况"})
    assert response.status_code == 409 and "请先办理「安排听证」" in response.get_json()["errors"]["status"]


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"officers": ["陈八"]}, "officers", "二人以上"),
    ({"officers": ["陈八", "周九"]}, "officers", "不能重复"),
    ({"recorder": "陈八"}, "recorder", "不能同时担任"),
    ({"respondent_head_attended": None}, "respondent_head_attended", "是否参加听证"),
    ({"respondent_head_attended": False}, "absence_reason", "第五十一条第三款"),
    ({"summary": ""}, "summary", "请记录听证的情况"),
    ({"presiding": ""}, "presiding", "主持人"),
])
def test_record_hearing_bad_fields_are_422(app, client, users, changes, field, words):
    case = _accepted(app, users)
    act(app, case, "schedule_hearing", {"hearing_on": D("2026-12-04"), "notice_served_on": D("2026-11-27")},
        users["handler"], FIXED_NOW)
    body = {"presiding": "周九", "officers": ["陈八", "吴十"], "recorder": "郑一",
            "respondent_head_attended": True, "summary": "情况"} | changes
    before = _fingerprint(case.id)
    response = _post(client, case, "record_hearing", body)
    assert response.status_code == 422, response.get_json()
    assert words in response.get_json()["errors"][field]
    assert _fingerprint(case.id) == before


def test_record_hearing_on_the_page(app, users, login_as):
    case = _accepted(app, users)
    act(app, case, "schedule_hearing", {"hearing_on": D("2026-12-04"), "notice_served_on": D("2026-11-27")},
        users["handler"], FIXED_NOW)
    client = login_as("handler")
    form = {"presiding": "周九", "officers": "陈八\n吴十", "recorder": "郑一", "respondent_head_attended": "yes",
            "summary": "双方质证", "on": "2026-11-27", "version": str(case.version_id), "step": "confirm"}
    assert client.post(f"/cases/{case.id}/actions/record_hearing", data=form).status_code == 303
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "主持人周九，听证员陈八、吴十，记录员郑一" in html and "被申请人负责人参加" in html


def test_record_committee_opinion(app, client, users, login_as):
    case = _accepted(app, users)
    assert _post(client, case, "record_committee_opinion", {"opinion": ""}).get_json()["errors"]["opinion"] == (
        "请填写行政复议委员会的咨询意见")
    response = _post(client, case, "record_committee_opinion", {"opinion": "建议撤销原处罚决定"})
    assert response.status_code == 200
    assert "收到行政复议委员会的咨询意见（第五十二条）：建议撤销原处罚决定" in _event(response.get_json(), "record_committee_opinion")["summary"]
    html = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert "行政复议委员会咨询意见" in html and "建议撤销原处罚决定" in html


# ---- file inspection (art. 47) ---------------------------------------------------------------------


def test_record_inspection(app, client, users, login_as):
    case = _accepted(app, users)
    name = _applicant(case)
    bad = _post(client, case, "record_inspection", {"by": name, "shown": ["答复书"], "withheld": ["举报人信息"]})
    assert bad.status_code == 422 and "第四十七条" in bad.get_json()["errors"]["withheld_reason"]
    assert _post(client, case, "record_inspection", {"by": "路人甲", "shown": ["答复书"]}).get_json()[
        "errors"]["by"].startswith("“路人甲”不是本案的申请人")
    assert "请列明" in _post(client, case, "record_inspection", {"by": name}).get_json()["errors"]["shown"]
    response = _post(client, case, "record_inspection", {
        "by": name, "shown": ["答复书", "现场检查笔录"], "copied": ["答复书"], "withheld": ["举报人信息"],
        "withheld_reason": "涉及个人隐私"})
    assert response.status_code == 200
    summary = _event(response.get_json(), "record_inspection")["summary"]
    assert summary == (f"{name}查阅案卷材料（第四十七条）；提供查阅：答复书、现场检查笔录；提供复制：答复书；"
                       "不予提供：举报人信息（理由：涉及个人隐私）")
    html = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert "不予提供 举报人信息（理由：涉及个人隐私）" in html


# ---- stay of execution (art. 42) -------------------------------------------------------------------


def test_a_stay_granted_issues_the_notice_to_the_respondent(app, client, users):
    case = _accepted(app, users)
    name = _applicant(case)
    assert _post(client, case, "decide_stay", {"granted": True, "reason": "理由"}).status_code == 409
    response = _post(client, case, "request_stay", {"by": name, "reason": "执行将造成难以弥补的损失",
                                                    "on": "2026-11-25"})
    assert response.status_code == 200, response.get_json()
    again = _post(client, case, "request_stay", {"by": name, "reason": "再次申请"})
    assert again.status_code == 422 and "待决定" in again.get_json()["errors"]["by"]
    response = _post(client, case, "decide_stay", {"granted": True, "reason": "申请人的理由合理"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["documents"][-1]["kind"] == "stay_notice"
    text = _last_document(app, case, "stay_notice")
    assert f"{case.respondent_name}：" in text and "第四十二条" in text
    assert f"申请人{name}于2026年11月25日申请停止执行该行政行为" in text
    assert "本机关决定自2026年11月27日起停止执行该行政行为" in text
    assert _post(client, case, "decide_stay", {"granted": False, "reason": "x"}).status_code == 409


def test_a_stay_refused_issues_nothing_also_on_the_page(app, client, users, login_as):
    case = _accepted(app, users)
    name = _applicant(case)
    act(app, case, "request_stay", {"by": name, "reason": "损失"}, users["handler"], FIXED_NOW)
    bad = _post(client, case, "decide_stay", {"reason": "x"})
    assert bad.status_code == 422 and "是否决定停止执行" in bad.get_json()["errors"]["granted"]
    assert _post(client, case, "request_stay", {"by": "路人甲", "reason": "x"}).status_code == 422
    issued = len(document_services.case_documents(db.session, case.id))
    page = login_as("handler")
    response = page.post(f"/cases/{case.id}/actions/decide_stay",
                         data={"granted": "no", "reason": "不影响执行", "version": str(case.version_id),
                               "step": "preview"})
    assert response.status_code == 303
    db.session.expire_all()
    assert len(document_services.case_documents(db.session, case.id)) == issued
    html = page.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "决定不停止执行：不影响执行" in html and f"{name}申请停止执行：损失" in html


def test_received_day_is_the_floor_of_every_record(app, client, users):
    """A record may not be dated before the step it follows (the acceptance on 11-23)."""
    case = _accepted(app, users)
    response = _post(client, case, "record_committee_opinion", {"opinion": "意见", "on": RECEIVED.isoformat()})
    assert response.status_code == 422 and "早于本案上一步骤" in response.get_json()["errors"]["on"]


@pytest.mark.parametrize(("action", "words"), [
    ("add_third_party", "第十六条"), ("hear_opinion", "第四十九条"), ("schedule_hearing", "第五十一条第一款"),
    ("record_hearing", "第六十一条第二款"), ("record_committee_opinion", "第五十二条"),
    ("record_inspection", "第四十七条"), ("request_stay", "第四十二条"), ("decide_stay", "第四十二条"),
])
def test_each_handling_action_page_states_its_consequence(app, users, login_as, action, words):
    case = _accepted(app, users)
    act(app, case, "schedule_hearing", {"hearing_on": D("2026-12-04"), "notice_served_on": D("2026-11-27")},
        users["handler"], FIXED_NOW)
    act(app, case, "request_stay", {"by": _applicant(case), "reason": "损失"}, users["handler"], FIXED_NOW)
    client = login_as("handler")
    assert f"/cases/{case.id}/actions/{action}" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    page = client.get(f"/cases/{case.id}/actions/{action}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="consequence"' in html and words in html[html.index('id="consequence"'):]
