"""The evidence step (ux.md A11): plain multipart uploads, type by content, limits, 删除."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from recon.extensions import db
from recon.intake.models import ApplicationDraft, Upload
from recon.intake.uploads import UploadLimits
from tests.intake.factories import PNG_BYTES
from tests.portal.conftest import PDF_BYTES, html, start_draft, upload


def _uploads() -> list[Upload]:
    db.session.expire_all()
    return db.session.scalars(select(Upload).order_by(Upload.created_at, Upload.id)).all()


def _small_limits(monkeypatch, **limits):
    import recon.portal.wizard as views

    real = views.intake_settings

    def patched(config):
        settings = real(config)
        return dataclasses.replace(settings, limits=dataclasses.replace(UploadLimits(), **limits))

    monkeypatch.setattr(views, "intake_settings", patched)


def test_evidence_page_states_limits_before_choosing_and_works_without_js(applicant):
    draft_id = start_draft(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/evidence"))
    assert "<h1>您有哪些材料要提交？</h1>" in page
    assert "第 8 步，共 10 步：证据材料" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page and "multiple" in page
    assert "支持 PDF、JPG、PNG；每个不超过 20 MB" in page
    assert page.index("支持 PDF、JPG、PNG") < page.index('type="file"')


def test_upload_lists_name_size_and_delete(applicant):
    draft_id = start_draft(applicant)
    response = upload(applicant, draft_id, [(PDF_BYTES, "处罚决定书.pdf"), (PNG_BYTES, "照片.png")], item="decision")
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/evidence")
    page = html(applicant.get(response.headers["Location"]))
    assert "已上传 2 个文件：处罚决定书.pdf、照片.png" in page
    assert "处罚决定书.pdf" in page and f"{len(PDF_BYTES)} B" in page
    assert "被申请复议的行政行为文书" in page
    assert "删除<span class=\"visually-hidden\">照片.png</span>" in page
    draft = db.session.get(ApplicationDraft, draft_id)
    rows = [db.session.get(Upload, i) for i in draft.data["attachments"]]  # in upload order
    assert [(u.filename, u.content_type, u.item) for u in rows] == [
        ("处罚决定书.pdf", "application/pdf", "decision"), ("照片.png", "image/png", "decision")]
    assert len(_uploads()) == 2

    response = applicant.post(f"/apply/{draft_id}/files/{rows[1].id}/delete")
    assert response.status_code == 303
    assert "已删除文件：照片.png" in html(applicant.get(response.headers["Location"]))
    assert [u.filename for u in _uploads()] == ["处罚决定书.pdf"]
    assert db.session.get(ApplicationDraft, draft_id).data["attachments"] == [rows[0].id]


def test_wrong_type_is_refused_by_content_not_name(applicant):
    draft_id = start_draft(applicant)
    response = upload(applicant, draft_id, [(b"just some text, not a pdf", "伪装.pdf"), (PDF_BYTES, "真的.pdf")],
                      expect=422)
    page = html(response)
    assert "<title>错误：您有哪些材料要提交？" in page
    assert "文件“伪装.pdf”不是 PDF、JPG、PNG 格式（按文件内容判断）" in page
    assert 'href="#files"' in page
    assert [u.filename for u in _uploads()] == ["真的.pdf"]  # the good file is kept


def test_oversize_file_is_refused_with_what_to_do(applicant, monkeypatch):
    _small_limits(monkeypatch, max_file_bytes=1024)
    draft_id = start_draft(applicant)
    page = html(upload(applicant, draft_id, [(PDF_BYTES + b"0" * 2000, "扫描件.pdf")], expect=422))
    assert "文件“扫描件.pdf”超过 1 KB，请压缩或分成几个文件" in page
    assert _uploads() == []


def test_file_count_limit(applicant, monkeypatch):
    _small_limits(monkeypatch, max_files=1)
    draft_id = start_draft(applicant)
    page = html(upload(applicant, draft_id, [(PDF_BYTES, "一.pdf"), (PNG_BYTES, "二.png")], expect=422))
    assert "文件“二.png”未上传：每件申请最多 1 个文件" in page
    assert [u.filename for u in _uploads()] == ["一.pdf"]


def test_upload_without_a_file_says_so(applicant):
    draft_id = start_draft(applicant)
    page = html(upload(applicant, draft_id, [], expect=422))
    assert "请先选择要上传的文件" in page


def test_continue_without_files_is_allowed(applicant):
    draft_id = start_draft(applicant)
    response = upload(applicant, draft_id, [], action="continue")
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/service")
    assert "evidence" in db.session.get(ApplicationDraft, draft_id).data["done"]


def test_single_file_endpoint_for_the_progress_script(applicant):
    draft_id = start_draft(applicant)
    import io

    response = applicant.post(f"/apply/{draft_id}/files", data={"file": (io.BytesIO(PDF_BYTES), "a.pdf")},
                              content_type="multipart/form-data")
    assert response.status_code == 201
    assert response.get_json()["filename"] == "a.pdf"
    response = applicant.post(f"/apply/{draft_id}/files", data={"file": (io.BytesIO(b"nope"), "b.pdf")},
                              content_type="multipart/form-data")
    assert response.status_code == 422
    assert "不是 PDF、JPG、PNG 格式" in response.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 1


def test_others_cannot_delete_my_files(applicant, other_applicant):
    draft_id = start_draft(applicant)
    upload(applicant, draft_id, [(PDF_BYTES, "a.pdf")])
    upload_id = _uploads()[0].id
    assert other_applicant.post(f"/apply/{draft_id}/files/{upload_id}/delete").status_code == 404
    other_draft = start_draft(other_applicant)
    assert other_applicant.post(f"/apply/{other_draft}/files/{upload_id}/delete").status_code == 404
    assert len(_uploads()) == 1
