"""The 送达方式 step (ux.md A2, A3, A5, A7; domain.md §7.4) and the 知道日期 note (A12) in the
wizard, from the page to the case record and the case pages."""

from __future__ import annotations

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import Case
from recon.extensions import db
from tests.conftest import login
from tests.portal.conftest import (
    ACT,
    APPLICANT,
    SERVICE,
    case_url,
    fill_all,
    html,
    post_step,
    reload_draft,
    start_draft,
    upload,
)


def _staff_page(app, case) -> str:
    staff = app.test_client()  # the applicant's client stays logged in as the applicant
    assert login(staff, "handler").status_code == 302
    return html(staff.get(f"/cases/{case.id}"))


def _latest_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case).order_by(Case.id.desc())).first()


def _checkbox(page: str, name: str) -> str:
    return page.split(f'name="{name}"')[0].rsplit("<input", 1)[1] + page.split(f'name="{name}"')[1].split(">")[0]


def test_service_page_asks_where_and_is_prefilled_from_the_applicant_step(applicant):
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "applicant", dict(APPLICANT, email="zhangsan@example.com"))
    page = html(applicant.get(f"/apply/{draft_id}/service"))
    assert "<h1>文书送达到哪里？</h1>" in page and "<title>文书送达到哪里？ – " in page
    assert "第 9 步，共 10 步：送达方式" in page
    assert 'aria-current="step">送达方式' in page and "检查并提交" in page
    assert f'href="/apply/{draft_id}/evidence">返回' in page
    # nothing asked twice (A5, WCAG 3.3.7): address, phone and e-mail come from the applicant step
    assert 'value="合江区人民路 8 号 3 单元 502 室"' in page
    assert 'value="13800138000"' in page and 'value="zhangsan@example.com"' in page
    # two separate, optional opt-ins, unticked (A2)
    for name, label in (("e_service", "同意电子送达"), ("sms", "接收短信通知")):
        assert 'type="checkbox"' in _checkbox(page, name) and "checked" not in _checkbox(page, name)
        assert f'{label}<span class="optional-mark">（选填）</span>' in page
    assert "我的申请" in page and "纸质" in page  # downloads stay available; paper on request


def test_evidence_leads_to_service_and_service_to_the_check_page(applicant):
    draft_id = start_draft(applicant)
    response = upload(applicant, draft_id, [], action="continue")
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/service")
    post_step(applicant, draft_id, "applicant", APPLICANT)
    response = post_step(applicant, draft_id, "service", SERVICE)
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/check")
    draft = reload_draft(draft_id)
    assert draft.data["service"] == {"address": APPLICANT["address"], "phone": "13800138000",
                                     "e_service": False, "email": "", "sms": False}
    assert "service" in draft.data["done"]


def test_ticked_e_service_needs_an_email_and_keeps_the_input(applicant):
    draft_id = start_draft(applicant)
    response = post_step(applicant, draft_id, "service", dict(SERVICE, address="合江区新地址 1 号",
                                                              e_service="y", sms="y", email=""), expect=422)
    page = html(response)
    message = "同意电子送达的，请填写接收文书的电子邮箱，例如 name@example.com"
    assert page.count(message) == 2  # summary + field (A14)
    assert "<title>错误：文书送达到哪里？" in page and 'href="#email"' in page
    assert 'aria-invalid="true"' in page.split('id="email"')[0].rsplit("<input", 1)[1] + page.split('id="email"')[1].split(">")[0]
    assert 'value="合江区新地址 1 号"' in page
    assert "checked" in _checkbox(page, "e_service") and "checked" in _checkbox(page, "sms")
    assert "service" not in reload_draft(draft_id).data


def test_malformed_email_is_refused_with_the_applicant_steps_message(applicant):
    draft_id = start_draft(applicant)
    page = html(post_step(applicant, draft_id, "service", dict(SERVICE, e_service="y", email="zhangsan@"),
                          expect=422))
    assert page.count("电子邮箱格式不正确，例如 name@example.com") == 2
    assert 'value="zhangsan@"' in page


def test_without_consent_the_email_is_neither_checked_nor_kept(applicant):
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "service", dict(SERVICE, email="not-an-address"))
    assert reload_draft(draft_id).data["service"]["email"] == ""


def test_address_and_phone_are_required_and_the_phone_is_checked(applicant):
    draft_id = start_draft(applicant)
    page = html(post_step(applicant, draft_id, "service", {"address": " ", "phone": ""}, expect=422))
    assert "请填写送达地址，用于邮寄送达文书" in page and "请填写联系电话，以便我们联系您" in page
    page = html(post_step(applicant, draft_id, "service", dict(SERVICE, phone="12345"), expect=422))
    assert 'href="#phone"' in page and 'value="12345"' in page


def test_check_page_has_a_service_section_with_change_links(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/check"))
    section = page.split('id="section-service"')[1].split("<h2")[0]
    assert "送达方式" in page.split('id="section-service"')[1][:20]
    assert section.count("未填写") == 4  # nothing answered yet (A7)
    assert f'href="/apply/{draft_id}/service?return=check">修改<span class="visually-hidden">送达地址</span>' in section

    post_step(applicant, draft_id, "service", dict(SERVICE, e_service="y", email="zs@example.com", sms="y"))
    section = html(applicant.get(f"/apply/{draft_id}/check")).split('id="section-service"')[1].split("<h2")[0]
    assert APPLICANT["address"] in section and "13800138000" in section
    assert "同意，送达到 zs@example.com" in section and "接收" in section and "未填写" not in section
    # 修改 comes back to the check page
    response = post_step(applicant, draft_id, "service", SERVICE, **{"return": "check"})
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/check")
    section = html(applicant.get(f"/apply/{draft_id}/check")).split('id="section-service"')[1].split("<h2")[0]
    assert "不同意，文书邮寄送达" in section and "不接收" in section


def test_submission_stores_the_choice_on_the_case_snapshot_and_audit(applicant):
    draft_id = fill_all(applicant, service=dict(SERVICE, address="合江区滨江路 2 号", phone="13900139000",
                                                e_service="y", email="zs@example.com", sms="y"))
    assert applicant.post(f"/apply/{draft_id}/submit").status_code == 303
    case = _latest_case()
    assert case.service_address == "合江区滨江路 2 号" and case.service_phone == "13900139000"
    assert case.e_service_consent is True and case.e_service_email == "zs@example.com"
    assert case.sms_notice is True
    assert case.applicants[0].address == APPLICANT["address"]  # the applicant's own stays as given
    assert case.intake.snapshot["service"] == {"address": "合江区滨江路 2 号", "phone": "13900139000",
                                               "e_service": True, "email": "zs@example.com", "sms": True}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.register",
                                                       AuditEntry.object_id == str(case.id)))
    assert entry.after["service"]["e_service"] is True and entry.after["service"]["sms"] is True
    assert entry.after["service"]["phone"] == "139****9000"


def test_default_choice_is_post_to_the_applicants_address(applicant):
    draft_id = fill_all(applicant)
    assert applicant.post(f"/apply/{draft_id}/submit").status_code == 303
    case = _latest_case()
    assert case.service_address == APPLICANT["address"] and case.service_phone == "13800138000"
    assert case.e_service_consent is False and case.e_service_email is None and case.sms_notice is False


def test_applicant_and_staff_case_pages_show_the_choice(app, applicant):
    draft_id = fill_all(applicant, service=dict(SERVICE, e_service="y", email="zs@example.com"))
    applicant.post(f"/apply/{draft_id}/submit")
    case = _latest_case()
    mine = html(applicant.get(case_url(case)))
    service = mine.split('id="service"')[1].split("<h2")[0]
    assert "送达方式" in mine and APPLICANT["address"] in service
    assert "同意，送达到 zs@example.com" in service and "不接收" in service
    assert "138****8000" in service and "13800138000" not in service

    staff = _staff_page(app, case)
    service = staff.split('id="service"')[1].split("</section>")[0]
    assert "送达方式" in service and APPLICANT["address"] in service
    assert "申请人同意电子送达，电子邮箱：zs@example.com" in service
    assert "未同意接收短信通知" in service and "138****8000" in service


# ---- A12「记不清具体哪一天」 -----------------------------------------------------------------------

NOTE = "大约 11 月上旬，社区工作人员转交了决定书，具体哪天记不清了"


def test_known_on_note_is_in_a_closed_details_until_it_has_content(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/act"))
    details = page.split('<details class="mb-4" id="known-on-note"')[1].split("</details>")[0]
    assert details.startswith(">")  # closed, opens without JS
    assert "<summary>记不清具体哪一天？</summary>" in details
    assert "请说明您大致在什么时候、通过什么方式知道该行政行为" in details and "（选填）" in details

    post_step(applicant, draft_id, "act", dict(ACT, known_on_note=NOTE))
    assert reload_draft(draft_id).data["act"]["known_on_note"] == NOTE
    page = html(applicant.get(f"/apply/{draft_id}/act"))
    assert '<details class="mb-4" id="known-on-note" open>' in page and NOTE in page
    check = html(applicant.get(f"/apply/{draft_id}/check")).split('id="section-act"')[1].split("<h2")[0]
    assert "知道日期的说明" in check and NOTE in check


def test_overlong_known_on_note_is_refused_with_the_details_open(applicant):
    draft_id = start_draft(applicant)
    page = html(post_step(applicant, draft_id, "act", dict(ACT, known_on_note="久" * 501), expect=422))
    assert "不超过 500 个字" in page and 'href="#known_on_note"' in page
    assert '<details class="mb-4" id="known-on-note" open>' in page and "久" * 501 in page


def test_the_date_stays_required_with_a_note(applicant):
    draft_id = start_draft(applicant)
    page = html(post_step(applicant, draft_id, "act", dict(ACT, known_on_year="", known_on_month="",
                                                              known_on_day="", known_on_note=NOTE), expect=422))
    assert "请填写您知道该行政行为的日期" in page and NOTE in page


def test_known_on_note_reaches_the_case_and_the_staff_page(app, applicant):
    draft_id = fill_all(applicant)
    post_step(applicant, draft_id, "act", dict(ACT, known_on_note=NOTE), **{"return": "check"})
    assert applicant.post(f"/apply/{draft_id}/submit").status_code == 303
    case = _latest_case()
    assert case.act_known_note == NOTE and case.intake.snapshot["act"]["known_on_note"] == NOTE
    staff = _staff_page(app, case)
    overview = staff.split('id="overview"')[1].split("</section>")[0]
    assert overview.index("知道日期") < overview.index("知道日期的说明") < overview.index(NOTE)
