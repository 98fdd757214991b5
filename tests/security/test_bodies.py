"""Request bodies are limited per endpoint and refused before anything reads them (issue 12):
page forms and JSON up to 1 MB (RECON_MAX_FORM_BYTES), uploads up to MAX_CONTENT_LENGTH."""

from __future__ import annotations

import io
import json

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.intake.factories import PDF_BYTES, token_for

MB = 1024 * 1024


class Tripwire(io.RawIOBase):
    """A request body that records how much of it was read (it claims to be huge)."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        size = min(len(buffer), 64 * 1024)
        buffer[:size] = b"a" * size
        self.read_bytes += size
        return size


class Answer:
    def __init__(self, status: str, headers, body: bytes):
        self.status_code = int(status.split()[0])
        self.headers = headers
        self.text = body.decode()

    def json(self):
        return json.loads(self.text)


def _huge(app, path: str, content_type: str, size: int | None = 100 * MB, headers=None):
    """POST a body of `size` bytes (None: chunked, no Content-Length) straight to the WSGI app."""
    environ = EnvironBuilder(path=path, method="POST", content_type=content_type,
                             headers=headers or {}).get_environ()
    body = Tripwire()
    environ["wsgi.input"] = body
    if size is None:
        environ.pop("CONTENT_LENGTH", None)
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = str(size)
    app_iter, status, response_headers = run_wsgi_app(app, environ)
    return Answer(status, response_headers, b"".join(app_iter)), body


def test_100_mb_json_to_the_token_endpoint_is_refused_unread(app):
    response, body = _huge(app, "/api/v1/auth/token", "application/json")
    assert response.status_code == 413
    assert body.read_bytes == 0
    message = response.json()["errors"]["_"]
    assert "1 MB" in message and "超过" in message


@pytest.mark.parametrize("path", ["/login", "/register", "/lookup"])
def test_an_oversized_page_form_is_refused_unread_in_chinese(app, path):
    response, body = _huge(app, path, "application/x-www-form-urlencoded", size=2 * MB)
    assert response.status_code == 413
    assert body.read_bytes == 0
    page = response.text
    assert "提交的内容过大" in page and "1 MB" in page


def test_json_filing_over_1_mb_is_refused(client, users):
    headers = token_for(client, "applicant")
    response = client.post("/api/v1/applications", headers=headers,
                           data=b'{"request": "' + b"x" * (MB + 10) + b'"}', content_type="application/json")
    assert response.status_code == 413
    assert "1 MB" in response.get_json()["errors"]["_"]


def test_a_chunked_body_without_length_is_cut_off_at_the_limit(app):
    """No Content-Length: Werkzeug stops reading at the endpoint's limit while the body streams."""
    response, body = _huge(app, "/api/v1/auth/token", "application/json", size=None)
    assert response.status_code == 413
    assert body.read_bytes <= MB + 64 * 1024


def test_an_upload_over_1_mb_is_still_accepted(client, users):
    headers = token_for(client, "applicant")
    content = PDF_BYTES + b"0" * (2 * MB)
    response = client.post("/api/v1/uploads", headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content), "证据.pdf")})
    assert response.status_code == 201, response.get_json()


def test_an_upload_over_the_request_cap_is_refused_unread(app, client, users):
    headers = token_for(client, "applicant")
    response, body = _huge(app, "/api/v1/uploads", "multipart/form-data; boundary=x", size=200 * MB,
                           headers=headers)
    assert response.status_code == 413
    assert body.read_bytes == 0
    assert "20 MB" in response.json()["errors"]["_"]


def test_the_verify_page_takes_a_file_of_up_to_20_mb_and_says_so_past_it(app):
    response, body = _huge(app, "/verify/ABCD2345", "multipart/form-data; boundary=x", size=30 * MB)
    assert response.status_code == 413 and body.read_bytes == 0
    assert "文件过大" in response.text
    response, body = _huge(app, "/verify/ABCD2345", "multipart/form-data; boundary=x", size=5 * MB)
    assert response.status_code != 413
