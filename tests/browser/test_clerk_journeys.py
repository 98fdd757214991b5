"""Browser journeys of the clerk (ux.md C1–C5): a postal application, and an oral application
whose 笔录 is printed (downloaded as PDF) for the applicant's signature."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.conftest import PASSWORD
from tests.intake.factories import PDF_BYTES

pytestmark = pytest.mark.e2e


def _login(page, live_server, username):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名（手机号码或电子邮箱）").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff")


def _fill_common(page):
    for selector, value in (
        ("#applicant-name", "王芳"), ("#applicant-id_number", "11010519491231002X"),
        ("#applicant-phone", "13900139000"), ("#applicant-address", "合江区东风路 3 号"),
        ("#respondent-name", "合江区公安分局"), ("#act-title", "行政拘留决定书"),
        ("#act-known_on", "2026年11月3日"), ("#request", "请求撤销行政拘留决定"),
        ("#facts_and_reasons", "认定事实不清。"),
    ):
        page.fill(selector, value)


def test_clerk_enters_a_postal_application(page, live_server, users, tmp_path):
    _login(page, live_server, "clerk")
    page.get_by_role("link", name="邮寄申请登记").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "邮寄申请登记"
    assert_no_axe_violations(page)
    page.fill("#postal-postmark_on", "20261124")
    page.fill("#postal-received_on", "2026-11-26")
    page.fill("#postal-tracking_no", "EMS998877")
    _fill_common(page)
    envelope = tmp_path / "信封.pdf"
    envelope.write_bytes(PDF_BYTES + b"% envelope scan")
    page.set_input_files("#file_envelope", str(envelope))
    page.get_by_role("button", name="保存并生成收件回执").click()
    status = page.locator("[role=status]").first
    assert "已登记 合府复〔2026〕1号" in status.inner_text()
    main = page.inner_text("main")
    assert "邮戳日期" in main and "2026年11月24日" in main and "EMS998877" in main
    assert "受理审查期限" in main
    assert_no_axe_violations(page)
    screenshot(page, "clerk-postal-case-1366")
    page.get_by_role("link", name="文书（回执、笔录、通知书）").click()
    href = page.get_by_role("link", name="下载 PDF").first.get_attribute("href")
    response = page.request.get(f"{live_server}{href}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_clerk_records_an_oral_application_and_prints_the_record(page, live_server, users, tmp_path):
    _login(page, live_server, "clerk")
    page.get_by_role("link", name="现场申请登记").first.click()
    page.check("#onsite-oral")
    page.fill("#onsite-oral_statement", "申请人称：2026年11月3日收到行政拘留决定书，认为认定事实不清。")
    _fill_common(page)
    page.get_by_role("button", name="保存并生成收件回执").click()
    assert "口头申请笔录已生成" in page.locator("[role=status]").first.inner_text()
    assert "口头申请笔录尚未登记申请人签名" in page.inner_text("main")
    page.get_by_role("link", name="文书（回执、笔录、通知书）").click()
    assert "行政复议口头申请笔录" in page.inner_text("main")
    row = page.locator("tr", has_text="行政复议口头申请笔录")
    href = row.get_by_role("link", name="下载 PDF").get_attribute("href")
    printed = page.request.get(f"{live_server}{href}")
    assert printed.body().startswith(b"%PDF-")
    page.go_back()
    signed = tmp_path / "签名笔录.pdf"
    signed.write_bytes(PDF_BYTES + b"% signed record")
    page.set_input_files("#signed_scan", str(signed))
    page.get_by_role("button", name="登记笔录签名").click()
    assert "已记录申请人对口头申请笔录的签名" in page.locator("[role=status]").first.inner_text()
    assert "口头申请笔录已由申请人核对签名" in page.inner_text("main")
