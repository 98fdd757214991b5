"""The online filing wizard page by page (ux.md A2–A5, A12–A14), through the test client."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from recon.cases.models import Case
from recon.extensions import db
from recon.intake.models import ApplicationDraft
from tests.portal.conftest import (
    ACT,
    AGENT_ID,
    APPLICANT,
    APPLICANT_ID,
    FIXED_NOW,
    fill_all,
    html,
    post_step,
    reload_draft,
    start_draft,
)

# ---- access and 须知 -------------------------------------------------------------------------------


def test_anonymous_users_go_to_login(client):
    response = client.get("/apply")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_staff_cannot_use_the_wizard(login_as):
    assert login_as("clerk").get("/apply").status_code == 403


def test_notice_needs_the_unticked_acknowledgement(applicant):
    page = html(applicant.get("/apply"))
    assert "<h1>申请须知</h1>" in page
    assert "个人信息处理告知" in page and "第十三条" in page
    assert 'type="checkbox"' in page and "checked" not in page.split('name="acknowledged"')[1].split(">")[0]
    response = applicant.post("/apply", data={})
    assert response.status_code == 422
    page = html(response)
    assert "<title>错误：申请须知" in page
    assert "请勾选“我已阅读并知悉”后继续" in page
    assert db.session.scalar(select(func.count()).select_from(ApplicationDraft)) == 0
    draft_id = start_draft(applicant)
    draft = reload_draft(draft_id)
    assert draft.step == "applicant" and draft.data["acknowledged_at"]
    assert draft.expires_at == FIXED_NOW + timedelta(days=30)


# ---- each step -----------------------------------------------------------------------------------


def test_applicant_page_asks_one_question_with_progress_and_prefill(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/applicant"))
    assert "<title>谁申请行政复议？ – " in page
    assert "<h1>谁申请行政复议？</h1>" in page
    assert "第 1 步，共 10 步：申请人" in page
    assert 'aria-current="step"' in page
    assert 'value="测试applicant"' in page  # the account's name is not asked again (WCAG 3.3.7)
    assert 'name="csrf_token"' in page
    assert 'href="/apply"' in page  # 返回


def test_bad_id_number_is_refused_in_chinese_and_input_kept(applicant):
    draft_id = start_draft(applicant)
    bad = dict(APPLICANT, id_number="440304199003072014")
    page = html(post_step(applicant, draft_id, "applicant", bad, expect=422))
    assert page.count("身份证号码的校验位（最后一位）不正确，请逐位核对") == 2  # summary + field
    assert "<title>错误：谁申请行政复议？" in page
    assert 'id="error-summary"' in page and "请修改以下问题" in page
    assert 'href="#id_number"' in page
    assert 'value="440304199003072014"' in page and 'value="合江区人民路 8 号 3 单元 502 室"' in page
    assert 'aria-invalid="true"' in page
    assert reload_draft(draft_id).data.get("applicant") is None


def test_missing_required_fields_each_get_a_message(applicant):
    draft_id = start_draft(applicant)
    page = html(post_step(applicant, draft_id, "applicant", {"kind": "person"}, expect=422))
    for message in ("请填写申请人姓名或单位名称", "请填写身份证号码或统一社会信用代码",
                    "请填写联系电话，以便我们联系您", "请填写住址或单位住所，用于送达文书"):
        assert message in page


def test_organization_needs_credit_code_and_legal_representative(applicant):
    draft_id = start_draft(applicant)
    org = dict(APPLICANT, kind="organization", name="合江区某某商贸有限公司", id_number=APPLICANT_ID)
    page = html(post_step(applicant, draft_id, "applicant", org, expect=422))
    assert "请输入 18 位统一社会信用代码" in page or "统一社会信用代码的校验位" in page
    assert "单位申请的，请填写法定代表人或主要负责人姓名" in page
    org.update(id_number="91350100M000100Y43", legal_representative="王五")
    response = post_step(applicant, draft_id, "applicant", org)
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/agents")
    saved = reload_draft(draft_id).data["applicant"]
    assert saved["kind"] == "organization" and saved["legal_representative"] == "王五"


def test_valid_applicant_is_saved_normalised_and_moves_on(applicant):
    draft_id = start_draft(applicant)
    response = post_step(applicant, draft_id, "applicant",
                         dict(APPLICANT, id_number="４４０３０４ 1990 0307 2013", phone="138-0013-8000"))
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/agents")
    draft = reload_draft(draft_id)
    assert draft.data["applicant"]["id_number"] == "440304199003072013"
    assert draft.data["applicant"]["phone"] == "13800138000"
    assert draft.data["done"] == ["applicant"]
    assert draft.step == "agents"


@pytest.mark.parametrize("number", ["510104198001011236", "510106195001011235", "440304197001011234"])
def test_an_area_code_that_existed_at_any_time_is_not_warned(applicant, number):
    """锦江区 510104, 金牛区 510106 and 福田区 440304 date from 1990: a number issued to someone born
    before keeps its code, so it is valid (issue 11)."""
    draft_id = start_draft(applicant)
    response = post_step(applicant, draft_id, "applicant", dict(APPLICANT, id_number=number))
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/agents")
    assert "地区代码" not in html(applicant.get(response.headers["Location"]))


def test_an_unknown_area_code_is_warned_beside_the_field_and_never_blocks(applicant):
    draft_id = start_draft(applicant)
    warned = post_step(applicant, draft_id, "applicant", dict(APPLICANT, id_number="999999199001011238"),
                       expect=200)
    page = html(warned)
    assert "<h1>谁申请行政复议？</h1>" in page  # the same page, not the next one
    assert 'id="warnings-summary" tabindex="-1" data-focus-summary' in page  # recon.js focuses it
    assert '<a href="#id_number">身份证号码前 6 位地区代码 999999' in page
    start = page.index('id="id_number"')
    assert '<p class="field-warning" id="id_number-warning">' in page[start:start + 600]
    assert "地区代码 999999 不是任何时期的行政区划代码" in page
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_number-warning[^"]*"[^>]*id="id_number"', page)
    assert reload_draft(draft_id).data["applicant"]["id_number"] == "999999199001011238"  # saved
    tokens = re.findall(r'<input type="hidden" name="warned" value="([^"]+)">', page)
    again = applicant.post(f"/apply/{draft_id}/applicant",
                           data=MultiDict([*dict(APPLICANT, id_number="999999199001011238").items(),
                                           *(("warned", t) for t in tokens)]))
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/apply/{draft_id}/agents")


def test_agents_are_optional_and_the_second_one_too(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/agents"))
    assert '<h1 class="label-heading">您是否委托代理人？</h1>' in page
    page = html(post_step(applicant, draft_id, "agents", {"has_agents": "yes"}, expect=422))
    assert "请填写代理人姓名" in page and 'href="#agents-0-name"' in page
    post_step(applicant, draft_id, "agents", {
        "has_agents": "yes", "agents-0-name": "赵律师", "agents-0-kind": "lawyer",
        "agents-0-id_number": AGENT_ID.lower(), "agents-0-phone": "13900139000",
        "agents-1-name": "", "agents-1-id_number": "", "agents-1-phone": ""})
    agents = reload_draft(draft_id).data["agents"]
    assert agents == [{"name": "赵律师", "kind": "lawyer", "id_number": AGENT_ID, "phone": "13900139000"}]
    post_step(applicant, draft_id, "agents", {"has_agents": "no", "agents-0-name": "忽略"})
    draft = reload_draft(draft_id)
    assert draft.data["has_agents"] is False and draft.data["agents"] == []


def test_third_parties_add_a_row_without_losing_input(applicant):
    draft_id = start_draft(applicant)
    response = applicant.post(f"/apply/{draft_id}/third_parties", data={
        "has_third_parties": "yes", "third_parties-0-name": "某某公司", "action": "add"})
    page = html(response)
    assert response.status_code == 200
    assert 'value="某某公司"' in page and 'id="third_parties-1-name"' in page
    post_step(applicant, draft_id, "third_parties", {
        "has_third_parties": "yes", "third_parties-0-name": "某某公司", "third_parties-1-name": "钱六",
        "third_parties-1-id_number": "440304199003072013"})
    assert [t["name"] for t in reload_draft(draft_id).data["third_parties"]] == ["某某公司", "钱六"]


def test_respondent_offers_the_district_agencies(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/respondent"))
    assert 'list="respondent-options"' in page
    assert '<option value="合江区公安分局">' in page
    assert "请填写被申请人" in html(post_step(applicant, draft_id, "respondent", {"name": ""}, expect=422))
    post_step(applicant, draft_id, "respondent", {"name": "合江区某某街道办事处"})  # free text is fine
    assert reload_draft(draft_id).data["respondent"] == {"name": "合江区某某街道办事处"}


def test_respondent_list_comes_from_config(app, applicant):
    app.config["RECON_RESPONDENTS"] = "甲局，乙局"
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/respondent"))
    assert '<option value="甲局">' in page and '<option value="乙局">' in page
    assert "合江区公安分局" not in page


def test_act_dates_use_three_boxes_and_name_the_wrong_part(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/act"))
    assert 'inputmode="numeric"' in page and "例如 2026 3 27" in page
    assert 'id="known_on_year"' in page and 'id="known_on_month"' in page and 'id="known_on_day"' in page
    page = html(post_step(applicant, draft_id, "act", dict(ACT, known_on_month="13"), expect=422))
    assert "月份必须在 1 到 12 之间" in page
    assert 'href="#known_on_month"' in page
    assert 'value="13"' in page


def test_act_dates_cannot_be_in_the_future_or_out_of_order(applicant):
    draft_id = start_draft(applicant)
    page = html(post_step(applicant, draft_id, "act", dict(ACT, known_on_month="12", known_on_day="1"),
                          expect=422))
    assert "知道日期不能晚于今天" in page and 'href="#known_on_year"' in page
    page = html(post_step(applicant, draft_id, "act", dict(ACT, known_on_day="1"), expect=422))
    assert "知道日期不能早于行政行为的作出日期" in page
    page = html(post_step(applicant, draft_id, "act", dict(ACT, known_on_year="", known_on_month="",
                                                              known_on_day=""), expect=422))
    assert "请填写您知道该行政行为的日期" in page
    page = html(post_step(applicant, draft_id, "act", dict(ACT, title=""), expect=422))
    assert "请填写您不服的行政行为" in page


def test_act_is_saved_with_iso_dates_and_full_width_digits(applicant):
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "act", dict(ACT, known_on_day="５", informed_of_rights="no"))
    act = reload_draft(draft_id).data["act"]
    assert act == {"title": "行政处罚决定书", "doc_no": "合市监罚〔2026〕15号", "made_on": "2026-11-02",
                   "known_on": "2026-11-05", "informed_of_rights": False, "known_on_note": ""}
    page = html(applicant.get(f"/apply/{draft_id}/act"))
    assert 'value="2026"' in page and 'value="11"' in page and 'value="5"' in page


def test_deadline_hint_after_the_dates_page_says_probably(applicant):
    draft_id = start_draft(applicant)
    response = post_step(applicant, draft_id, "act", ACT)
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/request")
    page = html(applicant.get(response.headers["Location"]))
    # 60 days after 2026-11-05 is 2027-01-04, a Monday
    assert "按您填写的知道日期，申请期限可能于 2027年1月4日（星期一） 届满" in page
    assert "如何计算" in page and 'role="alert"' not in page.split("申请期限提示")[0][-300:]


def test_request_and_facts_are_required(applicant):
    draft_id = start_draft(applicant)
    assert "请填写复议请求" in html(post_step(applicant, draft_id, "request", {"request": " "}, expect=422))
    page = html(post_step(applicant, draft_id, "facts", {"facts_and_reasons": "", "litigation_filed": "no"},
                          expect=422))
    assert "请填写事实和理由" in page
    post_step(applicant, draft_id, "facts", {"facts_and_reasons": "理由", "litigation_filed": "yes",
                                             "normative_review": "  "})
    data = reload_draft(draft_id).data
    assert data["litigation_filed"] is True and data["normative_review"] is None


# ---- drafts (A5) ----------------------------------------------------------------------------------


def test_save_draft_keeps_unchecked_input_and_resumes_there(applicant):
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "applicant", APPLICANT)
    response = post_step(applicant, draft_id, "agents", {"has_agents": "yes", "agents-0-name": "赵律师",
                                                         "action": "save"})
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/saved")
    page = html(applicant.get(response.headers["Location"]))
    assert "<h1 data-focus>草稿已保存</h1>" in page
    assert "草稿保存至 2026年12月27日（星期日）" in page
    draft = reload_draft(draft_id)
    assert draft.step == "agents" and "agents" in draft.data["raw"] and "agents" not in draft.data["done"]

    mine = html(applicant.get("/my"))
    assert "继续上次的申请" in mine and f"/apply/{draft_id}" in mine
    resume = applicant.get(f"/apply/{draft_id}")
    assert resume.headers["Location"].endswith(f"/apply/{draft_id}/agents")
    page = html(applicant.get(f"/apply/{draft_id}/agents"))
    assert 'value="赵律师"' in page  # exactly as typed, although it was not complete


def test_save_draft_keeps_overlong_text_in_full_and_continue_says_so(applicant):
    """「保存草稿」on a page that does not pass keeps every character; the step's own limit is
    shown when the applicant continues."""
    draft_id = start_draft(applicant)
    facts = "事实" * 12_500 + "（完）"  # 25 003 characters: over the 20 000 of the step
    post_step(applicant, draft_id, "facts", {"facts_and_reasons": facts, "litigation_filed": "no",
                                             "normative_review": "", "action": "save"})
    assert reload_draft(draft_id).data["raw"]["facts"]["facts_and_reasons"] == [facts]
    page = html(applicant.get(f"/apply/{draft_id}/facts"))
    assert facts in page  # the end of the text too
    page = html(post_step(applicant, draft_id, "facts", {"facts_and_reasons": facts, "litigation_filed": "no",
                                                         "normative_review": ""}, expect=422))
    assert "不超过 20000 个字" in page and facts in page


def test_save_draft_refuses_text_beyond_what_a_draft_keeps(applicant):
    """Past the draft's hard cap the save is refused at the field, the page keeps the input and the
    draft keeps what it had."""
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "facts", {"facts_and_reasons": "草稿里的事实", "litigation_filed": "no",
                                             "normative_review": "长" * 5001, "action": "save"})
    huge = "x" * 100_001
    page = html(post_step(applicant, draft_id, "facts", {
        "facts_and_reasons": "新的事实", "litigation_filed": "no", "normative_review": huge,
        "action": "save"}, expect=422))
    message = "这一项有 100001 个字，草稿最多保存 100000 个字，请删减后再保存"
    assert page.count(message) == 2  # summary + field
    assert 'href="#normative_review"' in page and "新的事实" in page and huge in page
    raw = reload_draft(draft_id).data["raw"]["facts"]
    assert raw["facts_and_reasons"] == ["草稿里的事实"]


def test_save_draft_keeps_only_the_page_fields(applicant):
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "respondent", {"name": "", "action": "save", "junk": "x" * 1000})
    assert reload_draft(draft_id).data["raw"]["respondent"] == {"name": [""]}


def test_unknown_radio_value_is_refused_not_read_as_no(applicant):
    draft_id = start_draft(applicant)
    page = html(post_step(applicant, draft_id, "agents", {"has_agents": "ja", "agents-0-name": "赵律师",
                                                          "agents-0-id_number": AGENT_ID,
                                                          "agents-0-phone": "13800138001"}, expect=422))
    assert page.count("请从列出的选项中选择一项") == 2 and 'value="赵律师"' in page
    data = reload_draft(draft_id).data
    assert "has_agents" not in data and "agents" not in data["done"]


def test_save_draft_on_a_valid_page_counts_it_as_done(applicant):
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "applicant", dict(APPLICANT, action="save"))
    draft = reload_draft(draft_id)
    assert draft.data["done"] == ["applicant"] and draft.step == "applicant"


def test_drafts_of_others_are_not_found(applicant, other_applicant):
    draft_id = start_draft(applicant)
    assert other_applicant.get(f"/apply/{draft_id}/applicant").status_code == 404
    assert other_applicant.post(f"/apply/{draft_id}/applicant", data=APPLICANT).status_code == 404
    assert other_applicant.post(f"/apply/{draft_id}/discard").status_code == 404


def test_expired_drafts_are_gone(applicant):
    draft_id = start_draft(applicant)
    draft = reload_draft(draft_id)
    old_token = draft.submission_token
    draft.expires_at = FIXED_NOW - timedelta(seconds=1)
    db.session.commit()
    response = applicant.get(f"/apply/{draft_id}/applicant")
    assert response.status_code == 410
    assert "该申请草稿已超过保存期限" in html(response)
    assert "继续上次的申请" not in html(applicant.get("/my"))
    start_draft(applicant)  # starting again clears the expired draft
    db.session.expire_all()
    tokens = db.session.scalars(select(ApplicationDraft.submission_token)).all()
    assert len(tokens) == 1 and old_token not in tokens


def test_draft_days_come_from_config(app, applicant):
    app.config["RECON_DRAFT_DAYS"] = 7
    draft_id = start_draft(applicant)
    assert reload_draft(draft_id).expires_at == FIXED_NOW + timedelta(days=7)


def test_discard_deletes_the_draft(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/discard"))
    assert "<h1>删除这份申请草稿？</h1>" in page and "不能恢复" in page
    assert reload_draft(draft_id) is not None
    response = applicant.post(f"/apply/{draft_id}/discard")
    assert response.status_code == 303
    assert reload_draft(draft_id) is None
    assert applicant.get(f"/apply/{draft_id}/applicant").status_code == 404


def test_guide_offers_start_and_continue(client, applicant):
    page = html(applicant.get("/guide"))
    assert 'href="/apply"' in page and "开始申请" in page and "继续上次的申请" not in page
    draft_id = start_draft(applicant)
    page = html(applicant.get("/guide"))
    assert "继续上次的申请" in page and f'href="/apply/{draft_id}"' in page
    assert "/lookup" in page


def test_informed_of_rights_is_not_pre_answered(applicant):
    """Whether the organ told the applicant of the right decides the period: never ticked beforehand."""
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/act"))
    radios = re.findall(r'<input[^>]*name="informed_of_rights"[^>]*>', page)
    assert len(radios) == 2 and not any("checked" in r for r in radios)
    data = {k: v for k, v in ACT.items() if k != "informed_of_rights"}
    page = html(post_step(applicant, draft_id, "act", data, expect=422))
    assert "请选择行政机关是否告知了您申请行政复议的权利和期限" in page


def test_line_breaks_of_the_request_and_the_facts_show_on_the_check_and_case_pages(applicant, client, login_as):
    draft_id = fill_all(applicant)
    post_step(applicant, draft_id, "request", {"request": "一、撤销处罚决定；\n二、<退还>罚款"}, **{"return": "check"})
    post_step(applicant, draft_id, "facts", {"facts_and_reasons": "第一段。\r\n\r\n第二段。", "litigation_filed": "no",
                                             "normative_review": ""}, **{"return": "check"})
    page = html(applicant.get(f"/apply/{draft_id}/check"))
    assert "一、撤销处罚决定；<br>\n二、&lt;退还&gt;罚款" in page  # each line escaped, the break kept
    assert "第一段。<br>\n<br>\n第二段。" in page
    assert applicant.post(f"/apply/{draft_id}/submit").status_code == 303
    case_id = db.session.scalar(select(Case.id))
    client.post("/logout")
    staff_page = html(login_as("handler").get(f"/cases/{case_id}"))
    assert "一、撤销处罚决定；<br>\n二、&lt;退还&gt;罚款" in staff_page
    assert "第一段。<br>\n<br>\n第二段。" in staff_page
