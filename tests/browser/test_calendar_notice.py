"""Browser journey of the admin entering a year's holidays: paste a line of the notice, read the
previewed days with their weekdays, confirm, and see the calendar marked as entered."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_admin_previews_and_confirms_a_notice(page, live_server, users):
    page.goto(f"{live_server}/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff")
    page.goto(f"{live_server}/admin/calendar?year=2027")
    page.fill("#notice-year", "2027")
    page.fill("#notice-rest_periods", "二、春节：2027年2月6日至2月14日放假调休，共9天。2月20日（星期六）上班。")
    page.get_by_role("button", name="预览放假安排").click()
    preview = page.locator("#notice-preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "放假 9 天，调休上班 1 天" in text
    assert "2027年2月6日（星期六）" in text and "2027年2月20日（星期六）" in text
    assert "已录入2027年的放假安排" not in page.inner_text("main")  # nothing saved yet
    assert preview.bounding_box()["y"] < page.locator("table.calendar-month").first.bounding_box()["y"]
    assert_no_axe_violations(page)
    screenshot(page, "admin-calendar-preview-1366")

    page.get_by_role("button", name="确认保存").click()
    page.wait_for_url(f"{live_server}/admin/calendar?year=2027")
    main = page.inner_text("main")
    assert "已录入 2027 年放假安排" in main and "已录入2027年的放假安排" in main
