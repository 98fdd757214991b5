"""Browser journey (Playwright + Debian chromium, ux.md A15, T1): from the confirmation page the
applicant opens the optional 好差评, first sends it without a level (error state), then chooses
「满意」and is thanked on the case page. axe runs on each page."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.browser.helpers import (
    assert_error_summary_focused,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_applicant_evaluates_the_service_from_the_confirmation_page(page, live_server, filed_case):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名（手机号码或电子邮箱）").fill("applicant")
    page.get_by_label("密码").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/my")

    case_url = f"{live_server}/my/cases/{quote(filed_case.case_no)}"
    page.goto(f"{case_url}/submitted")
    page.get_by_role("link", name="评价本次服务（好差评，选填）").click()
    page.wait_for_url(re.compile(r".*/evaluate\?stage=submission$"))
    assert page.title().startswith("您对本次行政复议申请服务的评价 – ")
    assert page.get_by_role("heading", level=1).inner_text() == "您对本次行政复议申请服务的评价"
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "applicant-evaluate-360")

    page.get_by_role("button", name="提交评价").click()  # no level chosen: the error state
    assert_error_summary_focused(page)
    assert page.title().startswith("错误：您对本次行政复议申请服务的评价")
    assert "请选择您对本次服务的评价" in page.inner_text("#error-summary")
    assert_no_axe_violations(page)

    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(case_url)
    assert "感谢您的评价" in page.locator("[role=status]").first.inner_text()
    assert "您已评价：满意" in page.inner_text("#evaluation")
    assert_no_axe_violations(page)
