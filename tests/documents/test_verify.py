"""The public verification page: right code, wrong code, original and tampered files."""

from __future__ import annotations

import io

import pytest

from recon import create_app
from recon.documents import services
from recon.extensions import db

from .helpers import NOW, make_case, settings


@pytest.fixture
def document(app, users):
    case = make_case()
    db.session.commit()
    document = services.issue(db.session, case, "acceptance_notice", {}, users["handler"], NOW,
                              settings(app))
    db.session.commit()
    return document


@pytest.fixture
def original(app, document) -> bytes:
    return services.document_bytes(document, settings(app).storage)


def _tampered(data: bytes) -> bytes:
    return data[:-200] + bytes(b ^ 0x01 for b in data[-200:-100]) + data[-100:]


# ---- the service --------------------------------------------------------------------------------


def test_verify_finds_the_document_by_code_in_any_common_spelling(app, document):
    for spelling in (document.verification_code, document.code_display,
                     document.code_display.lower(), f" {document.code_display} "):
        result = services.verify(db.session, spelling)
        assert result.document is not None and result.document.id == document.id
        assert result.matches is None


def test_verify_unknown_or_malformed_code(app, document):
    assert services.verify(db.session, "ABCD-EFGH").document is None
    assert services.verify(db.session, "0O1I-LLLL").document is None
    assert services.verify(db.session, "").document is None
    assert services.normalize_code("ｋ７ｑｍ－３ｘｐｒ") == "K7QM3XPR"


def test_verify_compares_the_uploaded_file(app, document, original):
    assert services.verify(db.session, document.verification_code, original).matches is True
    assert services.verify(db.session, document.verification_code,
                           _tampered(original)).matches is False


# ---- the pages ----------------------------------------------------------------------------------


def test_verify_page_shows_the_document_and_nothing_personal(client, document):
    response = client.get(f"/verify/{document.verification_code}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "文书核验结果" in html
    assert "《行政复议受理通知书》" in html and document.number in html
    assert "2026年11月27日" in html and "合江区人民政府" in html
    for personal in ("张三", "11010519491231002X", "13800138000", "人民路8号"):
        assert personal not in html


def test_printed_code_with_dash_works_in_the_url(client, document):
    assert client.get(f"/verify/{document.code_display.lower()}").status_code == 200


def test_wrong_code_is_a_clear_404(client, document):
    response = client.get("/verify/ABCD-EFGH")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "未找到该验证码对应的文书" in html and "<title>错误：" in html


def test_uploaded_original_matches(client, document, original):
    response = client.post(f"/verify/{document.verification_code}",
                           data={"file": (io.BytesIO(original), "通知书.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "文件与签发原件一致" in html and "不一致" not in html


def test_uploaded_tampered_file_does_not_match(client, document, original):
    response = client.post(f"/verify/{document.verification_code}",
                           data={"file": (io.BytesIO(_tampered(original)), "通知书.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert "文件与签发原件不一致，可能被修改" in response.get_data(as_text=True)


def test_upload_without_a_file_is_explained(client, document):
    response = client.post(f"/verify/{document.verification_code}", data={},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "请选择要核对的 PDF 文件" in response.get_data(as_text=True)


def test_verify_start_redirects_to_the_code(client, document):
    page = client.get("/verify")
    assert page.status_code == 200 and "文书核验" in page.get_data(as_text=True)
    response = client.get("/verify", query_string={"code": document.code_display.lower()})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{document.verification_code}")
    bad = client.get("/verify", query_string={"code": "abc"})
    assert bad.status_code == 422 and "8 位字母和数字" in bad.get_data(as_text=True)
    empty = client.get("/verify", query_string={"code": ""})
    assert empty.status_code == 422 and "请填写文书上印制的验证码" in empty.get_data(as_text=True)


def test_verify_is_rate_limited(app, document, tmp_path):
    limited = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         STORAGE_DIR=app.config["STORAGE_DIR"], RATELIMIT_ENABLED=True,
                         RATELIMIT_PUBLIC="2 per minute")
    client = limited.test_client()
    codes = [client.get(f"/verify/{document.verification_code}").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    with limited.app_context():
        db.engine.dispose()
