"""Browser journey of a mediation (issue 15): the handler starts it with both consents, logs a
session, records the agreement and both signatures; the supervisor seals it after the preview;
the applicant downloads the effective 调解书 from the portal. axe runs on the new pages."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from recon.clock import now_utc, today_beijing
from recon.extensions import db
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.browser.test_workflow_journey import _login, case_filed_today  # noqa: F401  (fixture)
from tests.cases.helpers import act

pytestmark = pytest.mark.e2e


def _act_on_page(page, live_server, case, label):
    page.goto(f"{live_server}/cases/{case.id}")
    page.locator("#actions").get_by_role("link", name=label, exact=True).click()


def _submit(page, live_server, case, label):
    page.get_by_role("button", name=f"提交：{label}").click()
    page.wait_for_url(f"{live_server}/cases/{case.id}")
    assert f"已办理：{label}" in page.locator("[role=status]").first.inner_text()


def test_mediation_to_an_effective_document_downloaded_by_the_applicant(browser, live_server, app, users,
                                                                         case_filed_today):  # noqa: F811
    case = case_filed_today
    act(app, case, "accept", {"procedure": "ordinary", "on": today_beijing()}, users["handler"], now_utc())
    handler = browser.new_context().new_page()
    _login(handler, live_server, "handler", "/staff")

    _act_on_page(handler, live_server, case, "开始调解")
    assert "第三十九条第一款第六项" in handler.inner_text("#consequence")
    handler.get_by_label("申请人同意调解并同意中止审理", exact=True).check()
    handler.get_by_label("被申请人同意调解并同意中止审理").check()
    handler.get_by_label("中止审理（第三十九条第一款第六项，须双方同意）").check()
    assert_no_axe_violations(handler)
    handler.get_by_role("button", name="下一步：核对文书草稿").click()  # the 中止通知书 (art. 39 ¶2)
    handler.get_by_role("button", name="确认签发").click()
    handler.wait_for_url(f"{live_server}/cases/{case.id}")
    assert "调解中" in handler.inner_text("header.case-summary")

    _act_on_page(handler, live_server, case, "登记调解记录")
    handler.get_by_label("参加人员（每行一人，写明身份，如“申请人 张三”）").fill("申请人 张三\n被申请人局长 李四")
    handler.get_by_label("被申请人负责人出席", exact=True).check()
    handler.get_by_label("达成协议", exact=True).check()
    _submit(handler, live_server, case, "登记调解记录")
    _act_on_page(handler, live_server, case, "登记调解协议")
    handler.get_by_label("调解协议内容（每行一条）").fill("罚款变更为人民币五千元")
    _submit(handler, live_server, case, "登记调解协议")
    for party in ("申请人", "被申请人"):
        _act_on_page(handler, live_server, case, "登记当事人签字")
        handler.locator("fieldset", has_text="签字或者盖章的一方").get_by_label(party, exact=True).check()
        _submit(handler, live_server, case, "登记当事人签字")
    section = handler.inner_text("#mediation")
    assert "被申请人负责人出席" in section and "罚款变更为人民币五千元" in section
    assert_no_axe_violations(handler)
    screenshot(handler, "mediation-section")

    supervisor = browser.new_context().new_page()
    _login(supervisor, live_server, "supervisor", "/staff")
    _act_on_page(supervisor, live_server, case, "加盖印章，调解书生效")
    supervisor.get_by_role("button", name="下一步：核对文书草稿").click()
    supervisor.get_by_role("button", name="确认签发").click()
    supervisor.wait_for_url(f"{live_server}/cases/{case.id}")
    assert "调解结案" in supervisor.inner_text("header.case-summary")
    supervisor.goto(f"{live_server}/mediation/ledger")
    assert case.case_no in supervisor.inner_text("main")
    assert_no_axe_violations(supervisor)

    applicant = browser.new_context().new_page()
    _login(applicant, live_server, "applicant", "/my")
    applicant.goto(f"{live_server}/my/cases/{quote(case.case_no)}")
    assert "调解与和解" in applicant.inner_text("main")
    assert_no_axe_violations(applicant)
    href = applicant.get_by_role("link", name="下载行政复议调解书（PDF）").get_attribute("href")
    pdf = applicant.request.get(f"{live_server}{href}").body()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "调解书" in text and "罚款变更为人民币五千元" in text
    db.session.expire_all()
