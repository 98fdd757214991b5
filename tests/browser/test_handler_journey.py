"""Browser journey of the case handler: open a case from the worklist, read how its deadline was
computed, draft a 补正通知书 through 「通知补正」, check the preview, issue it and download the PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from recon.clock import today_beijing
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.browser.test_workflow_journey import case_filed_today  # noqa: F401 (fixture)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_handler_issues_a_correction_notice(page, live_server, case_filed_today):  # noqa: F811
    filed_case = case_filed_today  # the live server runs on the wall clock: filed today
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

    # the notice is issued by the step that needs it (ux.md H5), not by hand from the documents page
    page.locator("#actions").get_by_role("link", name="通知补正").click()
    page.get_by_label("需要补正的材料或事项（每行一项，一次性列明全部事项）").fill(
        "申请人身份证复印件\n被申请复议的行政处罚决定书复印件")
    page.get_by_role("button", name="下一步：核对文书草稿").click()
    assert "确认签发" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="确认签发").click()
    page.wait_for_url(f"{live_server}/cases/{filed_case.id}")
    assert "已办理：通知补正" in page.locator("[role=status]").first.inner_text()
    page.get_by_role("link", name="文书（回执、笔录、通知书）").click()
    assert "correction_notice" not in page.inner_html("#kind")  # handlers cannot issue it by hand
    row = page.locator("tr", has_text="行政复议申请补正通知书")
    assert f"合府复补〔{today_beijing().year}〕1号" in row.inner_text()
    href = row.get_by_role("link", name="下载 PDF").get_attribute("href")
    first = page.request.get(f"{live_server}{href}").body()
    second = page.request.get(f"{live_server}{href}").body()
    assert first == second  # issued bytes are stored once, never regenerated
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(first)).pages)
    assert "行政复议申请补正通知书" in text and "申请人身份证复印件" in text and "第三十一条" in text
