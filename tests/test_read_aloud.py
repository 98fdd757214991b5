"""ux.md S11: the guide and notice pages carry a「朗读本页」toggle, rendered hidden (static/js/speech.js
shows it only where the browser has a voice for the page language)."""

from __future__ import annotations

import re

import pytest

TOGGLE = re.compile(r"<button\b[^>]*\bdata-read-aloud\b[^>]*>朗读本页</button>", re.S)


def _toggle(html: str) -> str:
    found = TOGGLE.findall(html)
    assert len(found) == 1, "one「朗读本页」toggle"
    return found[0]


@pytest.mark.parametrize("who", ["anonymous", "applicant"])
def test_guide_has_the_hidden_toggle(client, login_as, who):
    if who == "applicant":
        login_as("applicant")
    html = client.get("/guide").get_data(as_text=True)
    button = _toggle(html)
    assert re.search(r"\shidden(\s|>)", button)
    assert 'type="button"' in button and 'aria-pressed="false"' in button
    assert "js/speech.js" in html


def test_notice_has_the_hidden_toggle(client, login_as):
    login_as("applicant")
    response = client.get("/apply")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>申请须知</h1>" in html
    button = _toggle(html)
    assert re.search(r"\shidden(\s|>)", button) and 'aria-pressed="false"' in button
    assert "js/speech.js" in html


def test_other_pages_have_no_toggle(client, login_as):
    login_as("applicant")
    html = client.get("/my").get_data(as_text=True)
    assert "data-read-aloud" not in html and "js/speech.js" not in html
