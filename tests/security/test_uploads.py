"""Uploads are checked as whole files, capped per applicant and day, and served as attachments
(issue 12): a PDF opens with pypdf and runs nothing, an image decodes with Pillow, no file carries
web-page markup, nothing refused lands on disk."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from sqlalchemy import func, select

from recon.cases.models import Material
from recon.extensions import db
from recon.intake.models import Upload
from tests.intake.factories import PDF_BYTES, PNG_BYTES, payload, token_for, upload

MB = 1024 * 1024


def _pdf(action: dict | None = None, page_action: dict | None = None, js: str | None = None) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    if action is not None:
        writer._root_object[NameObject("/OpenAction")] = _dict(action)
    if page_action is not None:
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _dict(page_action)})
    if js is not None:  # a document-level script: the /Names /JavaScript name tree
        script = writer._add_object(_dict({"/S": "/JavaScript", "/JS": js}))
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), script])})
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _dict(values: dict) -> DictionaryObject:
    return DictionaryObject({NameObject(k): NameObject(v) if v.startswith("/") else TextStringObject(v)
                             for k, v in values.items()})


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "JPEG")
    return out.getvalue()


HIDDEN_LAUNCH = PDF_BYTES.replace(b"xref", b"9 0 obj\n<< /S /L#61unch /F (cmd.exe) >>\nendobj\nxref", 1)
# a /JavaScript action outside the cross-reference table, spelt with escapes in both hex cases
HIDDEN_SCRIPT = PDF_BYTES.replace(
    b"xref", b"9 0 obj\n<< /S /#4aava#53cr#69pt /JS (app.alert(1)) >>\nendobj\nxref", 1)

REFUSED = [
    ("open-action-javascript", _pdf(action={"/S": "/JavaScript", "/JS": "app.alert(1)"}), "脚本"),
    ("document-javascript", _pdf(js="app.alert(document.cookie)"), "脚本"),
    ("page-aa-javascript", _pdf(page_action={"/S": "/JavaScript", "/JS": "this.print()"}), "脚本"),
    ("launch-action", _pdf(action={"/S": "/Launch", "/F": "calc.exe"}), "脚本"),
    ("hidden-escaped-launch", HIDDEN_LAUNCH, "脚本"),
    ("hidden-escaped-javascript", HIDDEN_SCRIPT, "脚本"),
    ("unparsable-pdf", b"%PDF-1.7\n" + b"garbage " * 100, "无法作为 PDF 打开"),
    ("pdf-without-pages", PDF_BYTES.replace(b"/Count 1 /Kids [ 3 0 R ]", b"/Count 0 /Kids [ ]"),
     "无法作为 PDF 打开"),
    ("png-that-does-not-decode", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "无法作为 JPG 或 PNG 图片打开"),
    ("truncated-jpeg", _jpeg()[:200], "无法作为 JPG 或 PNG 图片打开"),
    ("jpeg-named-png-is-fine-but-png-body-in-jpeg-is-not", b"\xff\xd8\xff" + PNG_BYTES, "无法作为 JPG"),
    ("html-polyglot-head", b"%PDF-1.4\n<html><body><script>alert(1)</script>" + PDF_BYTES[9:], "网页代码"),
    ("html-polyglot-tail", PDF_BYTES + b"<!DOCTYPE html><script>alert(1)</script>", "网页代码"),
    ("png-with-markup", PNG_BYTES + b"<iframe src=//evil.example>", "网页代码"),
]


@pytest.fixture
def headers(client, users):
    return token_for(client, "applicant")


def _stored(app) -> list[str]:
    return [name for _root, _dirs, names in os.walk(app.config["STORAGE_DIR"]) for name in names]


@pytest.mark.parametrize("content,words", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_hostile_files_are_refused_and_nothing_is_kept(app, client, headers, content, words):
    response = upload(client, headers, content=content, name="证据.pdf")
    assert response.status_code == 422, response.get_json()
    assert words in response.get_json()["errors"]["file"]
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    assert _stored(app) == []


# names that only start like the refused ones (/JavaScripts, /Launcher) are ordinary PDF names
LOOKALIKE_NAMES = _pdf(action={"/S": "/GoTo", "/D": "1", "/JavaScripts": "/Launcher"})


@pytest.mark.parametrize("content,name", [(_pdf(), "扫描件.pdf"), (_jpeg(), "照片.jpg"), (PNG_BYTES, "照片.png"),
                                          (_pdf(action={"/S": "/GoTo", "/D": "1"}), "带书签.pdf"),
                                          (LOOKALIKE_NAMES, "名称相近.pdf")])
def test_ordinary_files_are_accepted(client, headers, content, name):
    response = upload(client, headers, content=content, name=name)
    assert response.status_code == 201, response.get_json()


def test_the_wizard_refuses_a_scripted_pdf_on_its_page(app, login_as):
    from tests.portal.conftest import html, start_draft
    from tests.portal.conftest import upload as wizard_upload

    applicant = login_as("applicant")
    draft_id = start_draft(applicant)
    page = html(wizard_upload(applicant, draft_id, [(_pdf(js="app.alert(1)"), "证据.pdf")], expect=422))
    assert "含有脚本或打开时自动执行的动作" in page
    assert _stored(app) == []


def test_stored_files_are_served_as_attachments_with_nosniff(client, headers, login_as):
    up = upload(client, headers).get_json()
    filed = client.post("/api/v1/applications", headers=headers, json=payload(attachments=[up["id"]]))
    assert filed.status_code == 201, filed.get_json()
    material = db.session.scalar(select(Material))
    staff = login_as("clerk")
    response = staff.get(f"/cases/{material.case_id}/materials/{material.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# ---- the daily quota of an applicant account ---------------------------------------------------


def test_daily_file_quota_says_the_limit_and_deleting_gives_nothing_back(app, client, headers):
    app.config["RECON_UPLOAD_DAILY_FILES"] = 2
    first = upload(client, headers, content=PDF_BYTES + b"1").get_json()
    assert upload(client, headers, content=PDF_BYTES + b"2").status_code == 201
    db.session.delete(db.session.get(Upload, first["id"]))  # as 「删除」 in the wizard does
    db.session.commit()
    refused = upload(client, headers, content=PDF_BYTES + b"3")
    assert refused.status_code == 422
    message = refused.get_json()["errors"]["file"]
    assert "每个账号每天最多上传 2 个文件、合计 200 MB" in message and "请明天再上传" in message


def test_daily_byte_quota_refuses_the_file_that_would_pass_it_while_it_streams(app, client, headers):
    app.config["RECON_UPLOAD_DAILY_MB"] = 1
    assert upload(client, headers, content=PDF_BYTES + b"0" * (600 * 1024)).status_code == 201
    refused = upload(client, headers, content=PDF_BYTES + b"1" * (600 * 1024))
    assert refused.status_code == 422
    assert "每个账号每天最多上传 100 个文件、合计 1 MB" in refused.get_json()["errors"]["file"]
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 1
    assert len(_stored(app)) == 1


def test_staff_uploads_have_no_daily_quota(app, client, users):
    app.config["RECON_UPLOAD_DAILY_FILES"] = 1
    clerk = token_for(client, "clerk")
    assert upload(client, clerk, content=PDF_BYTES + b"1").status_code == 201
    assert upload(client, clerk, content=PDF_BYTES + b"2").status_code == 201
