"""送达方式 (`service`) and the 知道日期 note (`act.known_on_note`) on /api/v1/applications and in the
clerk's form: optional, checked like the rest, stored on the case and in the snapshot."""

import pytest
from sqlalchemy import select

from recon.cases.models import Case
from recon.extensions import db
from tests.intake.factories import payload, token_for
from tests.intake.test_clerk import form_data, post


@pytest.fixture
def applicant_headers(client, users):
    return token_for(client, "applicant")


def _case(body) -> Case:
    db.session.expire_all()
    return db.session.scalar(select(Case).where(Case.case_no == body["case_no"]))


def test_filing_without_service_posts_to_the_applicants_address(client, applicant_headers):
    data = payload()
    assert "service" not in data
    response = client.post("/api/v1/applications", headers=applicant_headers, json=data)
    assert response.status_code == 201, response.get_json()
    case = _case(response.get_json())
    assert case.service_address == "合江区人民路 8 号" and case.service_phone == "13800138000"
    assert case.e_service_consent is False and case.e_service_email is None and case.sms_notice is False
    assert case.act_known_note is None
    assert case.intake.snapshot["service"]["address"] == "合江区人民路 8 号"


def test_filing_with_service_and_known_on_note(client, applicant_headers):
    data = payload(service={"address": "合江区滨江路 2 号", "e_service": True, "email": " zs@example.com ",
                            "sms": True},
                   act__known_on_note="十月下旬收到，具体日期记不清")
    response = client.post("/api/v1/applications", headers=applicant_headers, json=data)
    assert response.status_code == 201, response.get_json()
    case = _case(response.get_json())
    assert case.service_address == "合江区滨江路 2 号" and case.service_phone == "13800138000"
    assert case.e_service_consent is True and case.e_service_email == "zs@example.com"
    assert case.sms_notice is True
    assert case.act_known_note == "十月下旬收到，具体日期记不清"
    assert case.intake.snapshot["act"]["known_on_note"] == "十月下旬收到，具体日期记不清"
    assert case.intake.snapshot["service"]["e_service"] is True


def test_email_without_consent_is_not_kept(client, applicant_headers):
    data = payload(service={"e_service": False, "email": "zs@example.com"})
    response = client.post("/api/v1/applications", headers=applicant_headers, json=data)
    assert response.status_code == 201, response.get_json()
    assert _case(response.get_json()).e_service_email is None


@pytest.mark.parametrize(("service", "path", "message"), [
    ({"e_service": True}, "service.email", "同意电子送达的，请填写接收文书的电子邮箱"),
    ({"e_service": True, "email": "zs@"}, "service.email", "电子邮箱格式不正确，例如 name@example.com"),
    ({"phone": "12345"}, "service.phone", "11 位手机号码"),
    ({"address": "长" * 301}, "service.address", "不超过 300 个字"),
    ({"e_service": "yes"}, "service.e_service", "应为 true 或 false"),
    ({"sms": 1}, "service.sms", "应为 true 或 false"),
    ("post", "service", "应为 JSON 对象"),
])
def test_bad_service_is_refused_with_its_path(client, applicant_headers, service, path, message):
    response = client.post("/api/v1/applications", headers=applicant_headers, json=payload(service=service))
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert message in errors[path], errors
    assert db.session.scalar(select(Case)) is None


def test_overlong_known_on_note_is_refused(client, applicant_headers):
    response = client.post("/api/v1/applications", headers=applicant_headers,
                           json=payload(act__known_on_note="久" * 501))
    assert response.status_code == 422
    assert "不超过 500 个字" in response.get_json()["errors"]["act.known_on_note"]


def test_openapi_lists_the_optional_service_and_note(client, applicant_headers):
    spec = client.get("/api/v1/openapi.json", headers=applicant_headers).get_json()
    text = str(spec)
    assert "known_on_note" in text and "e_service" in text and "sms" in text


# ---- the clerk's form: the note only, inside the 行政行为 section ---------------------------------


def test_clerk_form_offers_the_known_on_note_inside_the_act_section(login_as):
    page = login_as("clerk").get("/intake/onsite").get_data(as_text=True)
    act = page.split('id="section-act"')[1].split("</fieldset>")[0]
    assert '<summary id="act-known_on_note-toggle">记不清具体哪一天？</summary>' in act
    assert 'id="act-known_on_note"' in act and "（选填）" in act
    assert '<details class="mb-3" id="act-known-on-note">' in act  # closed while empty


def test_clerk_records_the_known_on_note(login_as):
    client = login_as("clerk")
    note = "申请人称十一月初在社区拿到决定书，记不清具体日期"
    response = post(client, "/intake/onsite", form_data(**{"act-known_on_note": note}))
    assert response.status_code == 302, response.get_data(as_text=True)
    case = db.session.scalar(select(Case))
    assert case.act_known_note == note and case.intake.snapshot["act"]["known_on_note"] == note
    assert case.service_address == "合江区东风路 3 号" and case.e_service_consent is False
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "知道日期的说明" in page and note in page


def test_clerk_form_keeps_an_overlong_note_open_with_its_error(login_as):
    client = login_as("clerk")
    response = post(client, "/intake/postal", form_data("postal", **{"act-known_on_note": "久" * 501}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<details class="mb-3" id="act-known-on-note" open>' in page
    assert "不超过 500 个字" in page and 'href="#act-known_on_note"' in page and "久" * 501 in page
