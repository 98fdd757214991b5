"""Security headers on every response (issue 12): a Content-Security-Policy without inline script,
never framed by another site, Referrer-Policy and nosniff; and no template carries inline script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split(None, 1)[1] if " " in part.strip() else ""
            for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/login", "/lookup", "/no-such-page", "/api/v1/openapi.json",
                                  "/api/v1/no-such-thing", "/static/js/recon.js"])
def test_every_response_carries_the_headers(client, path):
    response = client.get(path)
    csp = _csp(response)
    assert csp["script-src"] == "'self'" and "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_staff_page_and_an_error_page_carry_them_too(login_as):
    clerk = login_as("clerk")
    for path in ("/cases/", "/cases/999999"):
        response = clerk.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_only_the_draft_preview_may_be_framed_and_only_by_recon(app):
    from recon.hardening import _FRAMEABLE

    frameable = sorted(endpoint for endpoint, view in app.view_functions.items() if getattr(view, _FRAMEABLE, False))
    assert frameable == ["documents.preview_pdf"]


def test_templates_have_no_inline_script_or_style():
    """What the policy would block: <script> without src, on…= handlers, javascript: links,
    style attributes and <style> blocks."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"javascript:", r"\sstyle\s*=",
                        r"<style\b"):
            offenders += [f"{path.relative_to(TEMPLATES)}: {m.group()}" for m in re.finditer(pattern, text, re.I)]
    assert offenders == []
