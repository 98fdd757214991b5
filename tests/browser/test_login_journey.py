"""Browser journey (Playwright + Debian chromium): the demo clerk logs in and sees the home page."""

import pytest

from tests.browser.helpers import (
    assert_error_summary_focused,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_clerk_logs_in_and_sees_the_clerk_home(page, live_server, users):
    page.goto(f"{live_server}/login")
    assert page.title().startswith("登录 – 行政复议网上服务")
    assert_no_axe_violations(page)
    # keyboard only: the skip link is first, then the form fields
    page.get_by_label("用户名（手机号码或电子邮箱）").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "工作台"
    assert "窗口登记员" in page.inner_text("main")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert_no_axe_violations(page)
    screenshot(page, "clerk-home-1366")


def test_wrong_password_shows_error_summary(page, live_server, users):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名（手机号码或电子邮箱）").fill("clerk")
    page.get_by_label("密码").fill("wrong-password-1")
    page.get_by_role("button", name="登录").click()
    assert page.title().startswith("错误：登录")
    summary = page.locator("#error-summary")
    assert "请修改以下问题" in summary.inner_text()
    assert_error_summary_focused(page)
    assert_no_axe_violations(page)


def test_guide_at_phone_width_and_elder_mode(page, live_server):
    page.set_viewport_size({"width": 320, "height": 780})
    page.goto(f"{live_server}/guide")
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="特大").click()
    assert page.evaluate("document.documentElement.dataset.fontscale") == "xlarge"
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    screenshot(page, "guide-320-xlarge")
