"""Clerk pages: walk-in written and oral applications, postal applications, duplicates."""

import html as html_lib
import io
import os
import re

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from recon.cases.models import Case, Material
from recon.documents.models import Document
from recon.extensions import db
from tests.intake.factories import PDF_BYTES, VALID_ID


def form_data(channel="onsite", **changes):
    data = {
        "channel": channel, "submission_token": os.urandom(8).hex(),
        "applicant-kind": "person", "applicant-name": "王芳", "applicant-id_number": VALID_ID,
        "applicant-phone": "139 0013 9000", "applicant-address": "合江区东风路 3 号",
        "applicant-postcode": "", "applicant-email": "", "applicant-legal_representative": "",
        "agents-0-name": "", "agents-0-id_number": "", "agents-0-phone": "", "agents-0-kind": "other",
        "agents-1-name": "", "agents-1-id_number": "", "agents-1-phone": "", "agents-1-kind": "other",
        "third_parties-0-name": "", "third_parties-0-id_number": "",
        "respondent-name": "合江区公安分局", "act-title": "行政拘留决定书", "act-doc_no": "合公决字〔2026〕5号",
        "act-made_on": "2026年11月2日", "act-known_on": "20261103", "act-informed_of_rights": "yes",
        "request": "请求撤销行政拘留决定", "facts_and_reasons": "事实不清。",
    }
    if channel == "onsite":
        data.update({"onsite-received_at": "", "onsite-oral_statement": ""})
    else:
        data.update({"postal-postmark_on": "2026-11-24", "postal-received_on": "2026.11.26",
                     "postal-tracking_no": "EMS998877", "postal-sender_address": "合江区东风路 3 号"})
    data.update(changes)
    return data


def send(client, url, data, files=()):
    """One POST of the entry page (「检查登记内容」, or the confirmation's buttons)."""
    payload = MultiDict(data)
    for name, content, filename in files:
        payload.add(name, (io.BytesIO(content), filename))
    return client.post(url, data=payload, content_type="multipart/form-data")


CONFIRM_BUTTON = "确认登记并生成收件回执"


def hidden_inputs(page: str) -> list[tuple[str, str]]:
    """The hidden inputs of the confirmation's form (what it posts back), in page order."""
    form = page[page.index('<form method="post" novalidate class="mt-4">'):]
    form = form[:form.index("</form>")]
    return [(html_lib.unescape(name), html_lib.unescape(value))
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)]


def confirm(client, url, page: str, action: str = "register"):
    """Press「确认登记并生成收件回执」(or「返回修改」: action="edit") on the confirmation page."""
    return client.post(url, data=MultiDict([*hidden_inputs(page), ("action", action)]),
                       content_type="multipart/form-data")


def post(client, url, data, files=()):
    """Fill the page and press「检查登记内容」; when that shows the confirmation (ux.md C2), press
    「确认登记并生成收件回执」there: the clerk's whole way to register."""
    response = send(client, url, data, files)
    page = response.get_data(as_text=True)
    if response.status_code == 200 and 'name="action" value="register"' in page:
        return confirm(client, url, page)
    return response


def cases():
    return db.session.scalar(select(func.count()).select_from(Case))


def test_clerk_form_page(login_as):
    html = login_as("clerk").get("/intake/onsite").get_data(as_text=True)
    assert "<h1>现场申请登记</h1>" in html and "data-focus-first" in html  # C2: first field focused
    assert "检查登记内容" in html and 'name="submission_token"' in html


def test_written_walk_in_application(login_as):
    client = login_as("clerk")
    response = post(client, "/intake/onsite", form_data(),
                    files=[("file_application", PDF_BYTES, "申请书.pdf")])
    assert response.status_code == 302, response.get_data(as_text=True)
    case = db.session.scalar(select(Case))
    assert case.channel == "onsite" and case.act_known_on.isoformat() == "2026-11-03"
    assert case.parties[0].phone == "13900139000"
    assert [m.item for m in case.materials] == ["application"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"已登记 {case.case_no}" in page
    docs = client.get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert "接收行政复议申请材料回执" in docs


def test_oral_application_makes_the_record_and_waits_for_signature(login_as):
    client = login_as("clerk")
    response = post(client, "/intake/onsite", form_data(**{
        "onsite-oral": "y", "onsite-oral_statement": "申请人称：2026年11月3日收到拘留决定，认为事实不清。"}))
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    kinds = db.session.scalars(select(Document.kind).where(Document.case_id == case.id)).all()
    assert sorted(kinds) == ["oral_record", "receipt"]
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "口头申请笔录尚未登记申请人签名" in page
    signed = post(client, f"/intake/cases/{case.id}/oral-signature", {},
                  files=[("signed_scan", PDF_BYTES + b"signed", "笔录签名.pdf")])
    assert signed.status_code == 302
    db.session.expire_all()
    assert case.intake.oral_signed_at is not None
    assert "口头申请笔录已由申请人核对签名" in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_oral_without_statement_is_refused_with_input_kept(login_as):
    client = login_as("clerk")
    response = post(client, "/intake/onsite", form_data(**{"onsite-oral": "y"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "口头申请的，请当场记录" in html and 'value="王芳"' in html
    assert cases() == 0


def test_postal_application(login_as):
    client = login_as("clerk")
    response = post(client, "/intake/postal", form_data("postal"),
                    files=[("file_envelope", PDF_BYTES + b"envelope", "信封.pdf")])
    assert response.status_code == 302, response.get_data(as_text=True)
    case = db.session.scalar(select(Case))
    assert case.filed_on.isoformat() == "2026-11-24" and case.received_on.isoformat() == "2026-11-26"
    assert case.intake.tracking_no == "EMS998877"
    assert case.materials[0].item == "envelope"


def test_bad_input_keeps_everything(login_as):
    client = login_as("clerk")
    response = post(client, "/intake/postal", form_data("postal", **{
        "applicant-id_number": "110105194912310021", "postal-received_on": "2026-11-20"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>错误：邮寄申请登记" in html
    assert "身份证号码的校验位" in html and "收件日期不能早于邮戳日期" in html
    assert 'value="合江区公安分局"' in html
    assert cases() == 0


def test_malformed_email_is_refused_with_input_kept(login_as):
    response = post(login_as("clerk"), "/intake/onsite", form_data(**{"applicant-email": "wangfang@"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count("电子邮箱格式不正确，例如 name@example.com") == 2  # summary + field
    assert 'value="wangfang@"' in html and 'value="合江区公安分局"' in html
    assert cases() == 0


def test_wrong_file_type_registers_nothing_and_keeps_the_good_file(login_as, app):
    client = login_as("clerk")
    response = post(client, "/intake/onsite", form_data(),
                    files=[("file_application", PDF_BYTES, "申请书.pdf"),
                           ("file_evidence", b"GIF89a....", "photo.gif")])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "不是 PDF、JPG、PNG 格式" in page
    assert "申请书.pdf" in page  # held for the next press, not to be chosen again
    assert cases() == 0
    assert db.session.scalar(select(func.count()).select_from(Material)) == 0
    stored = [f for _, _, names in os.walk(app.config["STORAGE_DIR"]) for f in names]
    assert len(stored) == 1  # the PDF only; the refused file never lands on disk


def test_duplicate_needs_a_choice_then_files_as_supplement(login_as):
    client = login_as("clerk")
    first = post(client, "/intake/postal", form_data("postal"))
    assert first.status_code == 302
    original = db.session.scalar(select(Case))
    again = post(client, "/intake/onsite", form_data())
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "发现可能重复或相关的申请" in html and original.case_no in html
    assert cases() == 1
    supplement = post(client, "/intake/onsite", form_data(duplicate_choice=f"supplement-{original.id}"),
                      files=[("file_evidence", PDF_BYTES + b"more", "补充.pdf")])
    assert supplement.status_code == 302
    assert cases() == 1
    db.session.expire_all()
    assert [m.stage for m in original.materials] == ["supplement"]
    new = post(client, "/intake/onsite", form_data(duplicate_choice="new"))
    assert new.status_code == 302 and cases() == 2
    second = db.session.scalar(select(Case).order_by(Case.id.desc()))
    page = client.get(f"/cases/{second.id}").get_data(as_text=True)
    assert original.case_no in page and "待确认" in page


def test_reviewer_marks_duplicate(login_as, client, users):
    clerk = login_as("clerk")
    post(clerk, "/intake/postal", form_data("postal"))
    post(clerk, "/intake/onsite", form_data(duplicate_choice="new"))
    second = db.session.scalar(select(Case).order_by(Case.id.desc()))
    client.post("/logout")
    handler = login_as("handler")
    from recon.intake.models import CaseLink

    link = db.session.scalar(select(CaseLink))
    response = handler.post(f"/cases/{second.id}/links/{link.id}", data={"state": "duplicate"})
    assert response.status_code == 302
    db.session.expire_all()
    assert link.state == "duplicate"
    assert "已确认为重复申请" in handler.get(f"/cases/{second.id}").get_data(as_text=True)


def test_double_submit_of_the_same_page_gives_one_case(login_as):
    client = login_as("clerk")
    data = form_data()
    first = post(client, "/intake/onsite", data)
    second = post(client, "/intake/onsite", data)
    assert first.status_code == 302 and second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert cases() == 1


def test_applicant_cannot_use_clerk_pages(login_as):
    assert login_as("applicant").get("/intake/onsite").status_code == 403


def test_staff_nav_names_the_entry_pages_as_their_titles(login_as):
    """The same thing has the same name: each intake link in the staff nav reads as the <h1> of the
    page it opens (S1, S10)."""
    client = login_as("clerk")
    for path, title in (("/intake/onsite", "现场申请登记"), ("/intake/postal", "邮寄申请登记")):
        html = client.get(path).get_data(as_text=True)
        assert re.search(rf"<h1[^>]*>{title}</h1>", html), path
        assert re.search(rf'<a[^>]*href="{path}"[^>]*>{title}</a>', html), path
