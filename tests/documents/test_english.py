"""The documents pages in English (``lang=en``), while every document stays Chinese: a preview or an
issued PDF is built in the source language whatever the clerk's locale (design.md §8)."""

from __future__ import annotations

import gettext
import re

import pytest
from flask_babel import get_translations
from sqlalchemy import select

from recon import i18n
from recon.cases.models import Material
from recon.cases.status import MaterialItem
from recon.documents import services
from recon.documents.models import Document
from recon.errors import DomainError
from recon.extensions import db

from ._pdfutil import text_of
from .helpers import NOW, extras, make_case, settings

TOKEN = re.compile(r'name="token" value="([^"]+)"')
ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


@pytest.fixture
def case(app, users):
    case = make_case(owner=users["applicant"])
    db.session.commit()
    return case


def _english(login_as, role: str = "handler"):
    client = login_as(role)
    client.set_cookie("lang", "en")
    return client


def _pdf_words(data: bytes) -> set[str]:
    """The Latin words of a PDF's text (a Chinese document has only a few: the URL, 'PDF'…)."""
    return set(ENGLISH_WORD.findall(text_of(data)))


# ---- pages ------------------------------------------------------------------------------------


def test_case_documents_page_in_english_and_in_chinese(login_as, case):
    html = _english(login_as).get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert f"Case documents: {case.case_no}" in html
    assert "No documents have been issued in this case yet" in html
    assert ">Service address confirmation</option>" in html
    assert "案件文书：" not in html

    client = login_as("handler")
    client.delete_cookie("lang")
    chinese = client.get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert f"案件文书：{case.case_no}" in chinese and ">送达地址确认书</option>" in chinese


def test_validation_message_in_english_and_in_chinese(login_as, case):
    data = {"kind": "correction_notice", "items": " ", "contact": "陈八", "manual_reason": "补录"}
    response = _english(login_as, "supervisor").post(f"/cases/{case.id}/documents/preview", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Fill in “Corrections needed”" in html
    assert "Generate document: Correction notice" in html

    client = login_as("supervisor")
    client.delete_cookie("lang")
    chinese = client.post(f"/cases/{case.id}/documents/preview", data=data)
    assert "请填写需要补正的事项" in chinese.get_data(as_text=True)


def test_verify_page_in_english(app, client, case, users):
    document = services.issue(db.session, case, "acceptance_notice", {}, users["handler"], NOW,
                              settings(app))
    db.session.commit()
    client.set_cookie("lang", "en")
    html = client.get(f"/verify/{document.verification_code}").get_data(as_text=True)
    assert "Document verification result" in html
    assert "Notice of acceptance of the application for administrative reconsideration" in html
    assert document.number in html


# ---- documents stay Chinese -------------------------------------------------------------------


def test_preview_and_issue_in_english_give_chinese_pdfs(login_as, case):
    client = _english(login_as, "supervisor")
    preview = client.post(f"/cases/{case.id}/documents/preview",
                          data={"kind": "acceptance_notice", "notes": "请保持电话畅通", "manual_reason": "补录"})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    html = preview.get_data(as_text=True)
    assert "Preview: Notice of acceptance" in html and "Confirm and issue" in html
    token = TOKEN.search(html).group(1)

    draft = client.get(f"/cases/{case.id}/documents/preview.pdf", query_string={"token": token})
    text = text_of(draft.data)
    assert "行政复议受理通知书" in text and "草稿" in text and "请保持电话畅通" in text
    assert not {"Notice", "acceptance", "Draft", "administrative"} & _pdf_words(draft.data)

    issued = client.post(f"/cases/{case.id}/documents/issue", data={"token": token})
    assert issued.status_code == 303
    page = client.get(issued.headers["Location"]).get_data(as_text=True)
    assert "issued, number 合府复受〔2026〕17号" in page
    document = db.session.scalar(select(Document))
    data = client.get(f"/documents/{document.id}.pdf").data
    assert "行政复议受理通知书" in text_of(data) and "合府复受〔2026〕17号" in text_of(data)
    assert not {"Notice", "acceptance", "administrative"} & _pdf_words(data)


def test_proof_of_service_issued_in_english_prints_chinese_labels(app, login_as, case, users):
    decision = services.issue(db.session, case, "decision", extras(case)["decision"],
                              users["handler"], NOW, settings(app))
    db.session.commit()
    client = _english(login_as, "supervisor")
    applicant = next(p for p in case.parties if p.role == "applicant")
    preview = client.post(f"/cases/{case.id}/documents/preview",
                          data={"kind": "service_receipt", "document_id": str(decision.id),
                                "recipient_party_id": str(applicant.id), "method": "direct",
                                "manual_reason": "补录"})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    token = TOKEN.search(preview.get_data(as_text=True)).group(1)
    assert client.post(f"/cases/{case.id}/documents/issue", data={"token": token}).status_code == 303
    receipt = db.session.scalar(select(Document).where(Document.kind == "service_receipt"))
    text = text_of(services.document_bytes(receipt))
    assert "送达回证" in text and "直接送达" in text and "行政复议决定书" in text
    assert "Direct" not in text and "Proof" not in text
    assert receipt.context["data"]["document_title"] == "行政复议决定书"


# ---- the source-language guard, whatever the catalogue holds -------------------------------------


class _Marked(gettext.NullTranslations):
    """Every message 'translated' into a visible marker, to see where translation happens."""

    def gettext(self, message):
        return f"EN[{message}]"

    def ngettext(self, singular, plural, n):
        return f"EN[{singular if n == 1 else plural}]"


@pytest.fixture
def marked(app):
    i18n.install(_Marked)
    yield
    i18n.install(get_translations)


def test_documents_are_built_in_the_source_language(app, case, users, marked, monkeypatch):
    assert i18n.gettext("行政复议决定书") == "EN[行政复议决定书]"
    # a label read while the context is built, translated there by mistake, still prints in Chinese
    monkeypatch.setattr(Material, "item_label",
                        property(lambda m: i18n.gettext(MaterialItem(m.item).label)))
    pdf = services.preview(db.session, case, "receipt", {}, settings(app), now=NOW)
    assert "EN[" not in text_of(pdf) and "接收行政复议申请材料回执" in text_of(pdf)
    document = services.issue(db.session, case, "receipt", {}, users["clerk"], NOW, settings(app))
    assert "EN[" not in repr(document.context)
    assert "EN[" not in text_of(services.document_bytes(document, settings(app).storage))


def test_errors_of_a_context_are_shown_in_the_readers_language(app, case, marked):
    with pytest.raises(DomainError) as raised:
        services.preview(db.session, case, "hearing_notice", {}, settings(app), now=NOW)
    assert raised.value.message == "EN[请填写听证日期和时间]"
