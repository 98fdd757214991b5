"""Browser check (Playwright + Debian chromium) of the account, password and audit pages (issue
11): no axe violations, no horizontal scroll on a phone, the error summary takes focus."""

import pytest

from recon.audit.services import record
from recon.extensions import db
from tests.browser.helpers import (
    assert_error_summary_focused,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def _login(page, live_server, username):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名（手机号码或电子邮箱）").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_the_admin_manages_an_account(page, live_server, users):
    record(db.session, users["clerk"], "token.issue", object_type="api_token", object_id=1, summary="签发接口令牌")
    db.session.commit()
    _login(page, live_server, "admin")
    page.goto(f"{live_server}/admin/users")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="handler").click()
    page.wait_for_url(f"{live_server}/admin/users/{users['handler'].id}")
    assert page.get_by_role("heading", level=1).inner_text() == "账号：handler"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="保存角色").click()  # no role chosen
    assert page.title().startswith("错误：账号：handler")
    assert_error_summary_focused(page)
    assert_no_axe_violations(page)
    page.get_by_label("新角色").select_option(label="复议机构负责人")
    page.get_by_role("button", name="保存角色").click()
    page.wait_for_load_state()
    assert "角色已修改" in page.inner_text("main")
    screenshot(page, "admin-account-1366")

    page.goto(f"{live_server}/audit/")
    assert "调整角色" in page.inner_text("main") and "user.role_change" not in page.inner_text("main")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_no_horizontal_scroll(page)
    screenshot(page, "admin-audit-375")


def test_an_applicant_changes_their_password(page, live_server, users):
    page.set_viewport_size({"width": 375, "height": 800})
    _login(page, live_server, "applicant")
    page.get_by_role("link", name="修改密码").click()
    page.wait_for_url(f"{live_server}/account/password")
    assert_no_axe_violations(page)
    page.get_by_label("当前密码").fill("wrong-pass-1")
    page.get_by_label("新密码", exact=True).fill("Neu-pass-2026")
    page.get_by_label("再次输入新密码").fill("Neu-pass-2026")
    page.get_by_role("button", name="修改密码").click()
    assert_error_summary_focused(page)
    assert "当前密码不正确" in page.inner_text("#error-summary")
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("Neu-pass-2026")
    page.get_by_label("再次输入新密码").fill("Neu-pass-2026")
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_load_state()
    assert "密码已修改" in page.inner_text("main")
    screenshot(page, "applicant-password-375")
