"""The applicant pages in English (``lang=en`` cookie) and unchanged in Chinese without it
(design.md §8, ux.md S1/S12)."""

from __future__ import annotations

import io

from tests.intake.factories import PDF_BYTES
from tests.portal.conftest import case_url, html, start_draft, submit_application


def test_the_notice_and_its_validation_message_follow_the_language(applicant):
    applicant.set_cookie("lang", "en")
    assert "<h1>Before you apply</h1>" in html(applicant.get("/apply"))
    page = html(applicant.post("/apply", data={}))
    assert "Tick “I have read and understood” to continue" in page
    assert "请勾选" not in page

    applicant.delete_cookie("lang")
    assert "<h1>申请须知</h1>" in html(applicant.get("/apply"))
    assert "请勾选“我已阅读并知悉”后继续" in html(applicant.post("/apply", data={}))


def test_a_wizard_question_and_the_upload_texts_are_english(applicant):
    draft_id = start_draft(applicant)
    applicant.set_cookie("lang", "en")
    page = html(applicant.get(f"/apply/{draft_id}/applicant"))
    assert "Who is applying for administrative reconsideration?" in page
    assert "Is the applicant a person or an organisation?" in page

    page = html(applicant.get(f"/apply/{draft_id}/evidence"))
    assert 'data-text-done="All files uploaded. Refreshing the list…"' in page
    assert "{name}: {percent}% uploaded ({loaded} / {total})" in page  # upload.js fills these in
    assert "已上传" not in page

    response = applicant.post(f"/apply/{draft_id}/evidence", content_type="multipart/form-data",
                              data={"action": "upload", "item": "evidence",
                                    "files": [(io.BytesIO(PDF_BYTES), "a.pdf")]})
    assert "Uploaded 1 file: a.pdf" in html(applicant.get(response.headers["Location"]))
    response = applicant.post(f"/apply/{draft_id}/files", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and response.get_json() == {"error": "Choose one file to upload"}

    applicant.delete_cookie("lang")
    page = html(applicant.get(f"/apply/{draft_id}/evidence"))
    assert "谁申请行政复议？" in html(applicant.get(f"/apply/{draft_id}/applicant"))
    assert 'data-text-done="全部文件已上传，正在刷新列表"' in page
    assert "{name}：已上传 {percent}%（{loaded} / {total}）" in page
    response = applicant.post(f"/apply/{draft_id}/files", data={}, content_type="multipart/form-data")
    assert response.get_json() == {"error": "请选择一个文件上传"}


def test_confirmation_case_page_and_withdrawal_read_in_english(applicant):
    case = submit_application(applicant)
    applicant.set_cookie("lang", "en")
    page = html(applicant.get(case_url(case, "/submitted")))
    assert ">Application submitted</h1>" in page and "What happens next" in page
    assert ">Withdraw and correct</button>" in page
    page = html(applicant.get(case_url(case)))
    assert f"Application number {case.case_no}</h1>" in page
    assert "We have received your application and the acceptance review is under way" in page
    assert "我们已收到您的申请" not in page

    response = applicant.post(case_url(case, "/retract"))
    assert response.status_code == 303
    page = html(applicant.get(response.headers["Location"]))
    assert f"Application {case.case_no} has been withdrawn and its contents returned to a draft." in page
    assert "Check your application before you submit it" in page


def test_the_case_page_stays_chinese_without_the_cookie(applicant):
    case = submit_application(applicant)
    page = html(applicant.get(case_url(case, "/submitted")))
    assert ">申请已提交</h1>" in page and ">撤回并修改</button>" in page
    page = html(applicant.get(case_url(case)))
    assert "我们已收到您的申请，正在进行受理审查" in page and "We have received" not in page


def test_the_lookup_messages_are_english(client):
    client.set_cookie("lang", "en")
    page = html(client.post("/lookup", data={"case_no": "合府复〔2026〕999号", "query_code": ""}))
    assert "Enter the 8-character query code (it is on the submission receipt)" in page
    page = html(client.post("/lookup", data={"case_no": "合府复〔2026〕999号", "query_code": "ABCDEFGH"}))
    assert "The application number or query code is not correct" in page

    client.delete_cookie("lang")
    page = html(client.post("/lookup", data={"case_no": "合府复〔2026〕999号", "query_code": "ABCDEFGH"}))
    assert "申请编号或查询码不正确" in page


def test_what_an_english_reader_does_is_recorded_in_chinese(app, applicant):
    """Filing, the receipt and 撤回并修改 in English leave Chinese records: the timeline, the audit
    log and the receipt PDF are written in the source language whatever the reader's locale."""
    import re

    from sqlalchemy import select

    from recon.audit.models import AuditEntry
    from recon.cases.models import CaseEvent
    from recon.documents.models import Document
    from recon.extensions import db
    from recon.storage import Storage
    from tests.documents._pdfutil import text_of

    applicant.set_cookie("lang", "en")
    case = submit_application(applicant)
    assert applicant.post(case_url(case, "/retract")).status_code in (302, 303)
    english = re.compile(r"\b[A-Za-z]{4,}\b")
    summaries = [e.summary for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))]
    summaries += [a.summary for a in db.session.scalars(select(AuditEntry).where(AuditEntry.case_id == case.id))]
    assert len(summaries) >= 4
    assert [s for s in summaries if english.search(s)] == []
    receipt = db.session.scalar(select(Document).where(Document.case_id == case.id,
                                                       Document.kind == "receipt"))
    text = text_of(Storage(app.config["STORAGE_DIR"]).read(receipt.sha256))
    assert "接收行政复议申请材料回执" in text and "Receipt" not in text
