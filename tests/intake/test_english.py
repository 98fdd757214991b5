"""Intake in English (ux.md S1/S12): the clerk pages and the API follow the reader's chosen locale,
Chinese stays the default (the API's mini-programs send no cookie), and what is recorded stays
Chinese whatever the reader's locale."""

from sqlalchemy import select

from recon.cases.models import Case, CaseEvent
from recon.extensions import db
from recon.formatting import DateInputError, date_from_parts, parse_loose_date
from tests.intake.factories import PNG_BYTES, payload, token_for, upload
from tests.intake.test_clerk import form_data, post


def english(client):
    client.set_cookie("lang", "en")
    return client


def test_the_clerk_entry_page_comes_out_in_english(login_as):
    client = login_as("clerk")
    html = client.get("/intake/onsite").get_data(as_text=True)
    assert "<h1>现场申请登记</h1>" in html and "检查登记内容" in html
    html = english(client).get("/intake/postal").get_data(as_text=True)
    assert "<h1>Register a postal application</h1>" in html
    assert "Check the entry" in html and "Postmark date (posting date)" in html
    assert "PDF, JPG or PNG; up to 20 MB each; up to 100 MB in total; at most 30 files" in html
    assert "现场申请登记" not in html and "检查登记内容" not in html


def test_validation_messages_follow_the_locale(login_as):
    client = login_as("clerk")
    wrong = form_data(**{"applicant-phone": "12345", "act-known_on": "2026-2-30"})
    html = post(client, "/intake/onsite", wrong).get_data(as_text=True)
    assert "请填写 11 位手机号码" in html and "该月没有 30 日" in html
    response = post(english(client), "/intake/onsite", dict(wrong, submission_token="en-1"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter an 11-digit mobile number" in html and "That month has no day 30" in html
    assert "请填写 11 位手机号码" not in html


def test_the_confirmation_is_english_but_the_record_stays_chinese(login_as):
    client = english(login_as("clerk"))
    response = post(client, "/intake/onsite", form_data())
    assert response.status_code == 302, response.get_data(as_text=True)
    case = db.session.scalar(select(Case))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Registered {case.case_no}, query code {case.query_code}." in page
    summaries = db.session.scalars(select(CaseEvent.summary).where(CaseEvent.case_id == case.id)).all()
    assert any(s.startswith("收到行政复议申请") for s in summaries)


def test_the_api_stays_chinese_without_a_chosen_locale(client, users):
    headers = token_for(client, "applicant")
    body = client.post("/api/v1/applications", headers=headers,
                       json=payload(applicant__phone="12345")).get_json()
    assert body["errors"]["applicant.phone"].startswith("请填写 11 位手机号码")
    refused = upload(client, headers, content=b"GIF89a" + PNG_BYTES, name="a.gif").get_json()
    assert "不是 PDF、JPG、PNG 格式" in refused["errors"]["file"]


def test_the_api_follows_a_chosen_locale(client, users):
    headers = token_for(client, "applicant")
    english(client)
    body = client.post("/api/v1/applications", headers=headers,
                       json=payload(applicant__phone="12345", request=["x"])).get_json()
    assert body["errors"]["request"] == "request (Reconsideration request) must be text (a JSON string)"
    body = client.post("/api/v1/applications", headers=headers,
                       json=payload(applicant__phone="12345")).get_json()
    assert body["errors"]["applicant.phone"].startswith("Enter an 11-digit mobile number")
    refused = upload(client, headers, content=b"GIF89a" + PNG_BYTES, name="a.gif").get_json()
    assert refused["errors"]["file"].startswith("The file “a.gif” is not a PDF, JPG or PNG")
    response = client.get("/api/v1/cases/nothing", headers=headers)
    assert response.status_code == 404 and response.get_json() == {"errors": {"_": "Case not found"}}


def test_date_input_errors_follow_the_locale(app):
    from flask_babel import refresh

    def message(text):
        try:
            parse_loose_date(text)
        except DateInputError as exc:
            return str(exc)

    with app.test_request_context("/"):
        refresh()
        assert message("26-3-7") == "年份必须是 1900 到 2100 之间的 4 位数字"
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        refresh()
        assert message("26-3-7") == "The year must be 4 digits between 1900 and 2100"
        assert message("2026-4-31") == "That month has no day 31"
        try:
            date_from_parts("2026", "", "7")
        except DateInputError as exc:
            assert (str(exc), exc.part) == ("The date must include the month", "month")
        refresh()
