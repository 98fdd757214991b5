"""Browser journey of the case handler: open a case from the worklist, read how its deadline was
computed, draft a 补正通知书, check the watermarked preview, issue it and download the PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_handler_issues_a_correction_notice(page, live_server, filed_case):
    page.goto(f"{live_server}/login")
    page.fill("#username", "handler")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff")
    page.get_by_role("link", name="案件", exact=True).first.click()
    page.wait_for_url(f"{live_server}/cases/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=filed_case.case_no).click()
    assert page.get_by_role("heading", level=1).inner_text() == filed_case.case_no
    page.locator("#deadlines summary").first.click()
    assert "第5个工作日" in page.inner_text("#deadlines") or "工作日" in page.inner_text("#deadlines")
    assert_no_axe_violations(page)
    screenshot(page, "handler-case-1366")

    page.get_by_role("link", name="文书（回执、笔录、通知书）").click()
    page.select_option("#kind", "correction_notice")
    page.get_by_role("button", name="填写文书内容").click()
    page.fill("#items", "申请人身份证复印件\n被申请复议的行政处罚决定书复印件")
    page.get_by_role("button", name="生成预览").click()
    assert "确认签发" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="确认签发").click()
    status = page.locator("[role=status]").first.inner_text()
    assert "合府复补〔2026〕1号" in status
    href = page.locator("tr", has_text="行政复议申请补正通知书").get_by_role("link", name="下载 PDF") \
        .get_attribute("href")
    first = page.request.get(f"{live_server}{href}").body()
    second = page.request.get(f"{live_server}{href}").body()
    assert first == second  # issued bytes are stored once, never regenerated
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(first)).pages)
    assert "行政复议申请补正通知书" in text and "申请人身份证复印件" in text and "第三十一条" in text
