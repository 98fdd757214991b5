"""The Content-Security-Policy (no inline script or style, issue 12) blocks nothing recon's own pages
use: Chromium reports no violation (nor a script error) on the pages that run recon's scripts, and
they still act (the clerk's sections open the oral statement box). The journeys in this folder
run under the same policy."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def _watch(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


def _login(page, live_server, username, landing):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名（手机号码或电子邮箱）").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}{landing}")


def test_public_and_applicant_pages_run_their_scripts_without_violations(page, live_server, users):
    violations = _watch(page)
    for path in ("/", "/guide", "/lookup", "/verify", "/register"):
        response = page.goto(f"{live_server}{path}")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    _login(page, live_server, "applicant", "/my")
    page.goto(f"{live_server}/apply")
    page.get_by_label("我已阅读并知悉以上申请须知和个人信息处理告知").check()
    page.get_by_role("button", name="开始填写申请").click()
    page.wait_for_url(re.compile(r".*/apply/\d+/applicant$"))
    draft = re.search(r"/apply/(\d+)/", page.url).group(1)
    page.goto(f"{live_server}/apply/{draft}/evidence")  # upload.js
    assert page.evaluate("document.scripts.length") >= 2
    assert violations == []


def test_staff_pages_without_violations(page, live_server, users, filed_case):
    violations = _watch(page)
    _login(page, live_server, "clerk", "/staff")
    page.goto(f"{live_server}/intake/onsite")
    page.check("#onsite-oral")  # sections.js shows the oral statement box
    assert page.locator("#onsite-oral_statement").is_visible()
    page.goto(f"{live_server}/cases/")
    assert violations == []
