"""Browser journey (Playwright + Debian chromium, ux.md §8 T1/T3): an applicant registers, files
online with a PDF attachment on a 360 × 780 phone screen, downloads the receipt, then looks the
case up without logging in. axe runs on every main page and on an error state."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from recon.clock import today_beijing
from tests.browser.helpers import (
    assert_error_summary_focused,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)

pytestmark = pytest.mark.e2e

PHONE = (360, 780)


def _pdf(path) -> None:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Decision No. 15 (test evidence)")
    pdf.save()


def _check(page, name: str | None = None) -> None:
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    assert page.locator("h1").count() == 1
    if name:
        screenshot(page, name)


def _continue(page) -> None:
    page.get_by_role("button", name="继续", exact=True).click()
    page.wait_for_load_state()


def test_applicant_registers_files_online_and_downloads_the_receipt(page, live_server, tmp_path, browser):
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    evidence = tmp_path / "处罚决定书.pdf"
    _pdf(evidence)
    known = today_beijing() - timedelta(days=10)
    made = known - timedelta(days=3)

    # register (the account is an applicant) and land on「我的申请」
    page.goto(f"{live_server}/register")
    page.get_by_label("姓名或单位名称").fill("王小明")
    page.get_by_label("手机号码或电子邮箱").fill("13912345678")
    page.get_by_label("设置密码").fill("Secret-2026a")
    page.get_by_label("再次输入密码").fill("Secret-2026a")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url(f"{live_server}/my")
    _check(page, "applicant-my-cases-360")

    # 须知 (A2): the acknowledgement is required and starts unticked
    page.get_by_role("link", name="开始申请").first.click()
    page.wait_for_url(f"{live_server}/apply")
    box = page.get_by_label("我已阅读并知悉以上申请须知和个人信息处理告知")
    assert not box.is_checked()
    _check(page, "applicant-notice-360")
    box.check()
    page.get_by_role("button", name="开始填写申请").click()

    # 申请人: first a wrong ID number, to check the error state (A14)
    page.wait_for_url(re.compile(r".*/apply/\d+/applicant$"))
    assert "第 1 步，共 10 步：申请人" in page.inner_text("main")
    assert page.get_by_label("姓名或名称").input_value() == "王小明"  # not asked twice
    page.get_by_label("身份证号码或统一社会信用代码").fill("440304199003072014")
    page.get_by_label("住址或住所").fill("合江区人民路 8 号 3 单元 502 室")
    _continue(page)
    assert_error_summary_focused(page)
    assert page.title().startswith("错误：谁申请行政复议？")
    assert "身份证号码的校验位" in page.inner_text("#error-summary")
    _check(page, "applicant-step1-error-360")
    page.get_by_label("身份证号码或统一社会信用代码").fill("440304199003072013")
    _continue(page)

    # 代理人, 第三人: the defaults (none)
    page.wait_for_url(re.compile(r".*/agents$"))
    _check(page)
    _continue(page)
    page.wait_for_url(re.compile(r".*/third_parties$"))
    _continue(page)

    # 被申请人 with the district list
    page.wait_for_url(re.compile(r".*/respondent$"))
    _check(page)
    page.get_by_label("被申请人", exact=True).fill("合江区市场监督管理局")
    _continue(page)

    # 行政行为 with 年 / 月 / 日 boxes (A12)
    page.wait_for_url(re.compile(r".*/act$"))
    _check(page, "applicant-act-360")
    page.get_by_label("行政行为名称").fill("行政处罚决定书")
    page.get_by_label("文书编号（文号）").fill("合市监罚〔2026〕15号")
    for prefix, day in (("made_on", made), ("known_on", known)):
        page.fill(f"#{prefix}_year", str(day.year))
        page.fill(f"#{prefix}_month", str(day.month))
        page.fill(f"#{prefix}_day", str(day.day))
    # 「记不清具体哪一天？」(A12): a closed <details> that opens to a text field
    note = page.get_by_label("请说明您大致在什么时候、通过什么方式知道该行政行为")
    assert not note.is_visible()
    page.get_by_text("记不清具体哪一天？").click()
    note.fill("大约十天前社区转交了决定书，具体哪天记不清")
    page.get_by_label("告知了").check()  # never pre-answered (issue 11)
    _continue(page)

    # 复议请求, with the「可能」deadline hint (A6)
    page.wait_for_url(re.compile(r".*/request$"))
    assert "申请期限可能于" in page.inner_text("main")
    _check(page)
    page.get_by_label("复议请求").fill("请求撤销合市监罚〔2026〕15号行政处罚决定")
    _continue(page)

    page.wait_for_url(re.compile(r".*/facts$"))
    page.get_by_label("事实和理由").fill("收到处罚决定书后认为认定事实不清，适用法律错误。")
    _continue(page)

    # 证据材料 (A11): upload.js sends the file with a progress bar, then the list comes back
    page.wait_for_url(re.compile(r".*/evidence$"))
    _check(page)
    page.get_by_label("这些文件属于哪一类材料？").select_option("decision")
    page.set_input_files("#files", str(evidence))
    page.get_by_role("button", name="上传所选文件").click()
    page.wait_for_selector("table >> text=处罚决定书.pdf")
    _check(page, "applicant-evidence-360")
    _continue(page)

    # 送达方式 (A2, A3, A5): address and phone come from the applicant step; opt-ins start unticked
    page.wait_for_url(re.compile(r".*/service$"))
    assert page.get_by_role("heading", level=1).inner_text() == "文书送达到哪里？"
    assert "第 9 步，共 10 步：送达方式" in page.inner_text("main")
    assert page.get_by_label("送达地址").input_value() == "合江区人民路 8 号 3 单元 502 室"
    assert page.get_by_label("联系电话").input_value() == "13912345678"
    e_service = page.get_by_label("同意电子送达")
    assert not e_service.is_checked() and not page.get_by_label("接收短信通知").is_checked()
    e_service.check()  # without an e-mail: refused at the field, the tick is kept (A14)
    _continue(page)
    assert_error_summary_focused(page)
    assert "同意电子送达的，请填写接收文书的电子邮箱" in page.inner_text("#error-summary")
    assert page.get_by_label("同意电子送达").is_checked()
    _check(page, "applicant-service-error-360")
    page.get_by_label("接收电子送达的电子邮箱").fill("wang@example.com")
    page.get_by_label("接收短信通知").check()
    _continue(page)

    # 检查 (A7), then 提交
    page.wait_for_url(re.compile(r".*/check$"))
    main = page.inner_text("main")
    assert "提交前请核对您的申请" in main and "处罚决定书.pdf" in main and "合江区市场监督管理局" in main
    service = page.inner_text("#section-service + .summary-list")
    assert "同意，送达到 wang@example.com" in service and "接收" in service
    assert "大约十天前社区转交了决定书" in main
    _check(page, "applicant-check-360")
    page.get_by_role("button", name="提交行政复议申请").click()

    # 确认 (A8)
    page.wait_for_url(re.compile(r".*/submitted$"))
    assert page.get_by_role("heading", level=1).inner_text() == "申请已提交"
    case_no = page.inner_text("#case-no").strip()
    query_code = page.inner_text("#query-code").strip()
    assert re.fullmatch(r"合府复〔\d{4}〕\d+号", case_no) and re.fullmatch(r"[A-Z2-9]{8}", query_code)
    assert "接下来会怎样" in page.inner_text("main")
    assert page.get_by_role("button", name="打印本页").is_visible()  # revealed by portal.js
    _check(page, "applicant-confirmation-360")

    link = page.get_by_role("link", name="下载提交回执（PDF）")
    response = page.request.get(f"{live_server}{link.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # the applicant's case page
    page.get_by_role("link", name="查看办理进度").click()
    page.wait_for_url(re.compile(r".*/my/cases/[^/]+$"))
    assert "已收到，待受理审查" in page.inner_text("main")
    assert "同意，送达到 wang@example.com" in page.inner_text("main")
    _check(page, "applicant-case-360")

    # 办理进度查询 without logging in (A10)
    anonymous = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    try:
        lookup = anonymous.new_page()
        lookup.goto(f"{live_server}/lookup")
        _check(lookup)
        lookup.get_by_label("申请编号").fill(case_no)
        lookup.get_by_label("查询码").fill("WRONGCOD")
        lookup.get_by_role("button", name="查询").click()
        lookup.wait_for_load_state()
        assert lookup.title().startswith("错误：办理进度查询")
        assert "申请编号或查询码不正确" in lookup.inner_text("main")
        _check(lookup)
        lookup.get_by_label("查询码").fill(query_code.lower())
        lookup.get_by_role("button", name="查询").click()
        lookup.wait_for_selector("h1:text-is('办理进度')")
        main = lookup.inner_text("main")
        assert "已收到，待受理审查" in main and "王**" in main and "王小明" not in main
        _check(lookup, "lookup-result-360")
    finally:
        anonymous.close()

    # 「撤回并修改」 within ten minutes (A8): back to the check page, then submit the correction
    page.get_by_role("button", name="撤回并修改").click()
    page.wait_for_url(re.compile(r".*/check$"))
    assert f"您已撤回申请 {case_no}" in page.inner_text("main")
    _check(page, "applicant-correction-check-360")
    page.get_by_role("button", name="提交行政复议申请").click()
    page.wait_for_url(re.compile(r".*/submitted$"))
    corrected_no = page.inner_text("#case-no").strip()
    assert corrected_no == case_no and "处罚决定书.pdf" in page.inner_text("main")  # no gap in the numbers


def test_uploads_work_without_javascript(browser, live_server, users, tmp_path):
    """ux.md T6: with JavaScript off, the evidence page's plain multipart form uploads the file."""
    from tests.conftest import PASSWORD

    evidence = tmp_path / "证据.pdf"
    _pdf(evidence)
    context = browser.new_context(java_script_enabled=False, viewport={"width": PHONE[0], "height": PHONE[1]})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.get_by_label("用户名（手机号码或电子邮箱）").fill("applicant")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.goto(f"{live_server}/apply")
        page.get_by_label("我已阅读并知悉以上申请须知和个人信息处理告知").check()
        page.get_by_role("button", name="开始填写申请").click()
        page.wait_for_url(re.compile(r".*/apply/\d+/applicant$"))
        page.goto(page.url.replace("/applicant", "/evidence"))
        assert page.locator("[data-upload-status]").is_hidden()
        page.set_input_files("#files", str(evidence))
        page.get_by_role("button", name="上传所选文件").click()
        page.wait_for_selector("table >> text=证据.pdf")
        assert "已上传 1 个文件：证据.pdf" in page.inner_text("main")
        assert_no_horizontal_scroll(page)  # (axe itself needs JavaScript)
    finally:
        context.close()
