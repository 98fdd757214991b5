"""The documents pages through the test client: generate → preview → 确认签发, downloads, service
records and the template editor."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import func, select

from recon.auth.services import create_user
from recon.documents import services
from recon.documents.kinds import KINDS
from recon.documents.models import Document, DocumentService, DocumentTemplate
from recon.extensions import db

from ._pdfutil import text_of
from .helpers import NOW, extras, make_case, settings

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def case(app, users):
    case = make_case(owner=users["applicant"])
    db.session.commit()
    return case


REASON = "纸质文书已于当日送达，补录系统"


def _preview(client, case, kind: str, data: dict):
    return client.post(f"/cases/{case.id}/documents/preview", data={"kind": kind, **data})


def _token(response) -> str:
    return TOKEN.search(response.get_data(as_text=True)).group(1)


# ---- generate, preview, issue -------------------------------------------------------------------


def test_documents_page_lists_kinds_for_a_supervisor(login_as, case):
    html = login_as("supervisor").get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert f"案件文书：{case.case_no}" in html
    assert "本案还没有签发文书" in html
    for kind in services.KINDS:
        assert f'<option value="{kind}">{KINDS[kind].title}' in html


def test_handler_is_offered_only_documents_no_step_issues(login_as, case):
    html = login_as("handler").get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert '<option value="service_address">' in html
    assert '<option value="decision">' not in html and '<option value="acceptance_notice">' not in html


def test_clerk_sees_only_counter_documents(login_as, case):
    client = login_as("clerk")
    html = client.get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert KINDS["receipt"].title in html and KINDS["decision"].title not in html
    response = client.get(f"/cases/{case.id}/documents/new?kind=decision")
    assert response.status_code == 403
    assert "《行政复议决定书》由「批准行政复议决定」办理时签发" in response.get_data(as_text=True)
    response = client.get(f"/cases/{case.id}/documents/new?kind=nonsense")
    assert response.status_code == 422
    assert "请选择要生成的文书种类" in response.get_data(as_text=True)


def test_applicant_and_admin_cannot_open_the_case_documents_page(login_as, case):
    assert login_as("applicant").get(f"/cases/{case.id}/documents").status_code == 403


def test_unknown_case_is_404(login_as, case):
    assert login_as("handler").get("/cases/9999/documents").status_code == 404


def test_issue_through_preview_then_confirm(app, login_as, case):
    client = login_as("supervisor")
    form = client.get(f"/cases/{case.id}/documents/new?kind=acceptance_notice")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert "生成文书：行政复议受理通知书" in html and 'name="decision_due_on"' in html

    preview = _preview(client, case, "acceptance_notice",
                       {"decision_due_on": "2026年12月14日", "notes": "请保持电话畅通\n",
                        "contact": "陈八", "phone": "0000-12345678", "manual_reason": REASON})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    html = preview.get_data(as_text=True)
    assert "预览：行政复议受理通知书" in html and "<iframe" in html
    assert "合府复受〔2026〕17号" in html and "确认签发" in html
    token = _token(preview)

    pdf = client.get(f"/cases/{case.id}/documents/preview.pdf", query_string={"token": token})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "草稿" in text_of(pdf.data) and "请保持电话畅通" in text_of(pdf.data)
    posted = client.post(f"/cases/{case.id}/documents/preview.pdf", data={"token": token})
    assert posted.status_code == 200 and posted.data.startswith(b"%PDF")
    assert _count(Document) == 0

    issued = client.post(f"/cases/{case.id}/documents/issue", data={"token": token})
    assert issued.status_code == 303
    document = db.session.scalar(select(Document))
    assert document.number == "合府复受〔2026〕17号"
    assert document.context["extra"]["decision_due_on"] == "2026-12-14"
    page = client.get(issued.headers["Location"]).get_data(as_text=True)
    assert 'role="status"' in page and "已签发《行政复议受理通知书》，文号 合府复受〔2026〕17号" in page
    assert f'id="document-{document.id}"' in page and document.sha256[:12] in page

    # a second click on「确认签发」of the same preview does not issue a second document
    again = client.post(f"/cases/{case.id}/documents/issue", data={"token": token})
    assert again.status_code == 303 and _count(Document) == 1


def test_missing_required_field_rerenders_with_input_kept(login_as, case):
    client = login_as("supervisor")
    response = _preview(client, case, "correction_notice",
                        {"items": "  ", "reply_due_on": "2026-12-11", "contact": "陈八", "manual_reason": REASON})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>错误：" in html and "请修改以下问题" in html
    assert "请填写需要补正的事项" in html
    assert 'value="2026-12-11"' in html and 'value="陈八"' in html


def test_bad_date_is_explained(login_as, case):
    response = _preview(login_as("supervisor"), case, "suspension_notice",
                        {"cause": "6", "reason": "双方同意调解", "suspended_on": "2026-13-01",
                         "manual_reason": REASON})
    assert response.status_code == 422
    assert "月份必须在 1 到 12 之间" in response.get_data(as_text=True)


def test_rule_of_the_builder_is_shown_on_the_form(login_as, case):
    response = _preview(login_as("supervisor"), case, "refusal_decision",
                        {"condition": "6", "reason": "不属于本机关管辖", "manual_reason": REASON})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "不属于本机关管辖的，必须告知有管辖权的行政复议机关" in html
    assert "不属于本机关管辖</textarea>" in html


def test_edit_returns_to_the_filled_form(login_as, case):
    client = login_as("supervisor")
    preview = _preview(client, case, "hearing_notice",
                       {"hearing_date": "2026-12-03", "hearing_time": "9:30", "manual_reason": REASON,
                        "place": "行政复议听证室", "issues": "抽样程序是否合法\n处罚幅度是否适当"})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/documents/edit", data={"token": _token(preview)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="2026-12-03"' in html and 'value="09:30"' in html
    assert "抽样程序是否合法\n处罚幅度是否适当</textarea>" in html
    assert f"{REASON}</textarea>" in html


def test_forged_or_foreign_token_is_refused(login_as, case, users):
    client = login_as("supervisor")
    response = client.post(f"/cases/{case.id}/documents/issue", data={"token": "forged"})
    assert response.status_code == 400 and "预览已失效" in response.get_data(as_text=True)
    other = make_case(serial=18)
    db.session.commit()
    preview = _preview(client, case, "acceptance_notice", {"manual_reason": REASON})
    token = _token(preview)
    response = client.post(f"/cases/{other.id}/documents/issue", data={"token": token})
    assert response.status_code == 400 and _count(Document) == 0


def test_service_receipt_lists_issued_documents(app, login_as, case, users):
    first = services.issue(db.session, case, "decision", extras(case)["decision"],
                           users["handler"], NOW, settings(app))
    db.session.commit()
    client = login_as("supervisor")
    html = client.get(f"/cases/{case.id}/documents/new?kind=service_receipt").get_data(
        as_text=True)
    assert f"《行政复议决定书》{first.number}" in html
    applicant = next(p for p in case.parties if p.role == "applicant")
    preview = _preview(client, case, "service_receipt",
                       {"document_id": str(first.id), "recipient_party_id": str(applicant.id),
                        "method": "direct", "manual_reason": REASON})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    issued = client.post(f"/cases/{case.id}/documents/issue", data={"token": _token(preview)})
    assert issued.status_code == 303
    receipt = db.session.scalar(select(Document).where(Document.kind == "service_receipt"))
    assert receipt.recipient == "张三"


def test_csrf_is_required(app, login_as, case):
    client = login_as("supervisor")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _preview(client, case, "acceptance_notice", {})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


# ---- download -----------------------------------------------------------------------------------


@pytest.fixture
def issued(app, case, users):
    document = services.issue(db.session, case, "acceptance_notice", {}, users["handler"], NOW,
                              settings(app))
    db.session.commit()
    return document


def test_download_returns_the_stored_bytes_every_time(login_as, issued):
    client = login_as("supervisor")
    first = client.get(f"/documents/{issued.id}.pdf")
    second = client.get(f"/documents/{issued.id}.pdf")
    assert first.status_code == second.status_code == 200
    assert first.mimetype == "application/pdf"
    assert first.data == second.data
    assert hashlib.sha256(first.data).hexdigest() == issued.sha256
    assert "filename*=UTF-8''" in first.headers["Content-Disposition"]


def test_applicant_downloads_only_documents_of_own_case(app, client, users, issued):
    from tests.conftest import login

    assert login(client, "applicant").status_code == 302
    assert client.get(f"/documents/{issued.id}.pdf").status_code == 404  # not served yet
    services.record_service(db.session, issued, recipient="张三", method="direct",
                            actor=users["handler"], now=NOW, served_on=NOW.date())
    db.session.commit()
    assert client.get(f"/documents/{issued.id}.pdf").status_code == 200
    client.post("/logout")
    create_user(db.session, None, "13900000000", "applicant", "test-pass-2026")
    db.session.commit()
    assert login(client, "13900000000").status_code == 302
    assert client.get(f"/documents/{issued.id}.pdf").status_code == 404
    assert client.get("/documents/9999.pdf").status_code == 404


def test_anonymous_download_goes_to_login(client, issued):
    response = client.get(f"/documents/{issued.id}.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_missing_file_is_an_error_page_not_a_crash(app, login_as, issued):
    settings(app).storage.remove(issued.sha256)
    response = login_as("handler").get(f"/documents/{issued.id}.pdf")
    assert response.status_code == 500
    assert "系统出现问题" in response.get_data(as_text=True)


# ---- service records ----------------------------------------------------------------------------


def test_record_direct_service(login_as, issued):
    client = login_as("clerk")
    page = client.get(f"/documents/{issued.id}/service")
    assert page.status_code == 200 and "登记送达：《行政复议受理通知书》" in page.get_data(as_text=True)
    response = client.post(f"/documents/{issued.id}/service",
                           data={"recipient": "张三", "method": "direct",
                                 "served_on": "2026年11月27日"})
    assert response.status_code == 303
    row = db.session.scalar(select(DocumentService))
    assert row.served_on.isoformat() == "2026-11-27" and row.method == "direct"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已登记送达" in html and "2026年11月27日" in html


def test_electronic_service_without_consent_keeps_input(login_as, issued):
    response = login_as("handler").post(
        f"/documents/{issued.id}/service",
        data={"recipient": "张三", "method": "electronic", "sent_on": "2026-11-27",
              "address": "zhangsan@example.cn"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "电子送达须经受送达人同意" in html
    assert 'value="zhangsan@example.cn"' in html and 'value="2026-11-27"' in html
    assert _count(DocumentService) == 0


def test_postal_return_slip_is_entered_later(app, login_as, issued, users):
    from datetime import date

    row = services.record_service(db.session, issued, recipient="张三", method="postal",
                                  sent_on=date(2026, 11, 27), actor=users["handler"], now=NOW)
    db.session.commit()
    client = login_as("handler")
    bad = client.post(f"/documents/services/{row.id}/served", data={"served_on": "明天"})
    assert bad.status_code == 422
    future = client.post(f"/documents/services/{row.id}/served", data={"served_on": "2099-01-01"})
    assert future.status_code == 422 and "不能晚于今天" in future.get_data(as_text=True)
    ok = client.post(f"/documents/services/{row.id}/served", data={"served_on": "2026-11-27"})
    assert ok.status_code == 303
    db.session.refresh(row)
    assert row.served_on == date(2026, 11, 27)


def test_service_form_requires_a_method(login_as, issued):
    response = login_as("handler").post(f"/documents/{issued.id}/service",
                                        data={"recipient": "张三"})
    assert response.status_code == 422 and "请选择送达方式" in response.get_data(as_text=True)


# ---- templates admin ----------------------------------------------------------------------------


def test_templates_admin_lists_kinds_and_font_status(login_as):
    client = login_as("admin")
    html = client.get("/admin/templates").get_data(as_text=True)
    assert "<h1 data-focus>文书模板</h1>" in html
    assert all(KINDS[kind].title in html for kind in services.KINDS)
    assert "系统默认（第 0 版）" in html
    assert "嵌入的 TrueType 中文字体" in html
    assert 'href="/admin/templates"' in html  # the nav entry appears for the admin


def test_font_fallback_warning_is_shown(app, login_as):
    app.config["RECON_PDF_FONT_SERIF"] = "/nonexistent/serif.ttf"
    html = login_as("admin").get("/admin/templates").get_data(as_text=True)
    assert "字体未嵌入" in html and "STSong-Light" in html


def test_only_the_admin_edits_templates(login_as):
    assert login_as("handler").get("/admin/templates").status_code == 403


def test_save_template_as_new_version(login_as, users):
    client = login_as("admin")
    page = client.get("/admin/templates/acceptance_notice")
    assert page.status_code == 200
    assert "现将有关事项告知如下" in page.get_data(as_text=True)
    body = KINDS["acceptance_notice"].wording.replace("告知如下", "一并告知如下")
    response = client.post("/admin/templates/acceptance_notice",
                           data={"body": body, "note": "调整措辞"})
    assert response.status_code == 303
    row = db.session.scalar(select(DocumentTemplate))
    assert (row.kind, row.version, row.note) == ("acceptance_notice", 1, "调整措辞")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已保存《行政复议受理通知书》模板第 1 版" in html and "当前启用第 1 版" in html


def test_broken_template_rerenders_in_chinese_with_input_kept(login_as):
    client = login_as("admin")
    broken = "{{ applicant_names }}不服{% if %}"
    response = client.post("/admin/templates/acceptance_notice",
                           data={"body": broken, "note": "试一试"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>错误：" in html and "语法错误" in html
    assert "{{ applicant_names }}不服{% if %}</textarea>" in html and 'value="试一试"' in html
    assert _count(DocumentTemplate) == 0


def test_unknown_template_kind_is_404(login_as):
    assert login_as("admin").get("/admin/templates/nope").status_code == 404
