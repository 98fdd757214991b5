"""Browser journey of the acceptance stage (issue 13): a handler requests a correction on the case
page, the applicant reads the items on the portal and uploads the supplement, the handler accepts
the case, and the respondent's deadlines appear. axe runs on the action and portal pages."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest

from recon.clock import now_utc, today_beijing
from recon.extensions import db
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.conftest import PASSWORD
from tests.intake.factories import PDF_BYTES, payload

pytestmark = pytest.mark.e2e


@pytest.fixture
def case_filed_today(app, users):
    """The applicant's online application filed now (the live server runs on the wall clock)."""
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    today = today_beijing()
    data = payload(act__made_on=(today - timedelta(days=12)).isoformat(),
                   act__known_on=(today - timedelta(days=10)).isoformat())
    form = ApplicationForm(data=data, today=today)
    assert form.validate(), form.errors
    # filed 11 minutes ago: past the applicant's 10-minute 「撤回并修改」 window, so staff see it
    case = intake.register_application(db.session, form.data, users["applicant"], now_utc() - timedelta(minutes=11),
                                       storage=Storage(app.config["STORAGE_DIR"]),
                                       settings=intake_settings(app.config)).case
    db.session.commit()
    return case


def _login(page, live_server, username, landing):
    page.goto(f"{live_server}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}{landing}")


def test_correction_supplement_then_acceptance(browser, live_server, case_filed_today, tmp_path):
    case = case_filed_today
    handler = browser.new_context().new_page()
    _login(handler, live_server, "handler", "/staff")
    handler.goto(f"{live_server}/cases/{case.id}")
    actions = handler.locator("#actions")
    assert actions.get_by_role("link", name="受理", exact=True).is_visible()
    assert actions.get_by_role("link", name="驳回行政复议申请").count() == 0  # not allowed before acceptance

    actions.get_by_role("link", name="通知补正").click()
    assert "提交后将生成补正通知书" in handler.inner_text("#consequence")
    assert_no_axe_violations(handler)
    handler.get_by_label("需要补正的材料或事项（每行一项，一次性列明全部事项）").fill(
        "申请人身份证复印件\n被申请复议的行政处罚决定书复印件")
    handler.get_by_role("button", name="下一步：核对文书草稿").click()
    assert "申请人身份证复印件" in handler.inner_text("#preview-summary")  # ux.md H5: preview, then issue
    assert_no_axe_violations(handler)
    handler.get_by_role("button", name="确认签发").click()
    handler.wait_for_url(f"{live_server}/cases/{case.id}")
    assert "已办理：通知补正" in handler.locator("[role=status]").first.inner_text()
    assert "待补正材料" in handler.inner_text("header.case-summary")
    screenshot(handler, "workflow-correction-requested")

    applicant = browser.new_context().new_page()
    _login(applicant, live_server, "applicant", "/my")
    case_url = f"{live_server}/my/cases/{quote(case.case_no)}"
    applicant.goto(case_url)
    items = applicant.locator("#correction-items").inner_text()
    assert "申请人身份证复印件" in items and "行政处罚决定书复印件" in items
    assert_no_axe_violations(applicant)
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(PDF_BYTES)
    applicant.get_by_label("补正材料（可以一次选择多个文件）").set_input_files(str(scan))
    applicant.get_by_role("button", name="提交补正材料").click()
    applicant.wait_for_url(case_url)
    assert "补正材料已提交（1 份）" in applicant.locator("[role=status]").first.inner_text()
    assert applicant.locator("#correction").count() == 0

    handler.reload()
    assert "收到申请人的补正材料" in handler.inner_text("#timeline")
    handler.locator("#actions").get_by_role("link", name="受理", exact=True).click()
    handler.wait_for_url(re.compile(r".*/actions/accept$"))
    assert_no_axe_violations(handler)
    handler.get_by_role("button", name="下一步：核对文书草稿").click()
    handler.get_by_role("button", name="确认签发").click()
    handler.wait_for_url(f"{live_server}/cases/{case.id}")
    deadlines = handler.inner_text("#deadlines")
    assert "发送申请书副本期限（普通程序）" in deadlines and "行政复议决定期限（普通程序）" in deadlines
    assert "已受理，审理中" in handler.inner_text("header.case-summary")
    screenshot(handler, "workflow-accepted")
