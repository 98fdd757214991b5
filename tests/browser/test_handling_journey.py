"""Browser journeys of issue 14: the ordinary procedure from acceptance, the respondent's copy and
reply, the handler's draft decision (撤销, edited on the page), the supervisor's approval, and the
service on both parties that closes the case; and a simple-procedure case suspended and resumed by
the handler, converted and extended by the supervisor. axe runs on the new action pages."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.browser.test_workflow_journey import _login, case_filed_today  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def _act(page, live_server, case, name):
    page.goto(f"{live_server}/cases/{case.id}")
    page.locator("#actions").get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(re.compile(r".*/actions/\w+$"))


def _submit(page, live_server, case, *, document=False):
    if document:  # ux.md H5: the draft first, then「确认签发」
        page.get_by_role("button", name="下一步：核对文书草稿").click()
        page.get_by_role("button", name="确认签发").click()
    else:
        page.get_by_role("button", name=re.compile("^提交：")).click()
    page.wait_for_url(f"{live_server}/cases/{case.id}")


def test_ordinary_procedure_to_a_served_revocation(browser, live_server, case_filed_today):  # noqa: F811
    case = case_filed_today
    handler = browser.new_context().new_page()
    _login(handler, live_server, "handler", "/staff")
    _act(handler, live_server, case, "受理")
    _submit(handler, live_server, case, document=True)

    _act(handler, live_server, case, "发送答复通知书")
    assert "答复期限" in handler.inner_text("#consequence")
    assert_no_axe_violations(handler)
    _submit(handler, live_server, case, document=True)
    assert "被申请人答复期限（普通程序）" in handler.inner_text("#deadlines")

    _act(handler, live_server, case, "登记被申请人答复")
    handler.get_by_label("答复的主要内容（选填，用于决定书「被申请人称」）").fill("被申请人认为处罚事实清楚，请求维持。")
    _submit(handler, live_server, case)
    assert "被申请人认为处罚事实清楚" in handler.inner_text("#handling")

    _act(handler, live_server, case, "作出决定")
    assert_no_axe_violations(handler)
    handler.get_by_label("撤销（第64条）").check()
    handler.get_by_label("履行或者重新作出行政行为的期限（日）").fill("30")
    _submit(handler, live_server, case)
    assert "草稿，待批准" in handler.inner_text("#handling")
    _act(handler, live_server, case, "作出决定")  # the handler edits the draft's text
    assert "主要事实不清、证据不足" in handler.input_value("#reasoning")
    handler.fill("#findings", "被申请人未对涉案食品抽样检验即认定不合格。")
    _submit(handler, live_server, case)
    assert "未对涉案食品抽样检验" in handler.inner_text("#handling")
    draft = handler.context.request.get(f"{live_server}/cases/{case.id}/decision-draft.pdf")
    assert draft.status == 200 and draft.headers["content-type"] == "application/pdf"

    supervisor = browser.new_context().new_page()
    _login(supervisor, live_server, "supervisor", "/staff")
    _act(supervisor, live_server, case, "批准行政复议决定")
    assert_no_axe_violations(supervisor)
    _submit(supervisor, live_server, case, document=True)
    assert "已作出决定" in supervisor.inner_text("header.case-summary")

    for recipient in ("张三", "合江区市场监督管理局"):
        _act(handler, live_server, case, "登记送达")
        number = handler.locator("#document option", has_text="行政复议决定书").get_attribute("value")
        handler.select_option("#document", value=number)
        handler.select_option("#recipient", value=recipient)
        handler.get_by_label("直接送达").check()
        if recipient == "张三":
            assert_no_axe_violations(handler)
        _submit(handler, live_server, case, document=True)  # the serve step issues the 送达回证
    header = handler.inner_text("header.case-summary")
    assert "已结案" in header and "撤销" in header
    assert "提起行政诉讼期限" in handler.inner_text("#deadlines")
    screenshot(handler, "handling-served-revocation")


def test_suspension_resumption_conversion_and_extension(browser, live_server, case_filed_today):  # noqa: F811
    case = case_filed_today
    handler = browser.new_context().new_page()
    _login(handler, live_server, "handler", "/staff")
    _act(handler, live_server, case, "受理")
    handler.get_by_label("简易程序", exact=True).check()
    handler.get_by_label("被申请行政复议的行政行为是警告或者通报批评", exact=False).check()
    _submit(handler, live_server, case, document=True)
    assert "行政复议决定期限（简易程序）" in handler.inner_text("#deadlines")

    _act(handler, live_server, case, "中止审理")
    assert_no_axe_violations(handler)
    handler.get_by_label("第8项", exact=False).check()
    _submit(handler, live_server, case, document=True)
    assert "中止审理" in handler.inner_text("header.case-summary")
    assert "中止中" in handler.inner_text("#deadlines")
    _act(handler, live_server, case, "恢复审理")
    _submit(handler, live_server, case, document=True)
    assert "已受理，审理中" in handler.inner_text("header.case-summary")

    supervisor = browser.new_context().new_page()
    _login(supervisor, live_server, "supervisor", "/staff")
    supervisor.goto(f"{live_server}/cases/{case.id}")
    assert supervisor.locator("#actions").get_by_role("link", name="延长审理期限").count() == 0  # simple
    _act(supervisor, live_server, case, "转为普通程序")
    assert "第五十五条" in supervisor.inner_text("#consequence")
    assert_no_axe_violations(supervisor)
    _submit(supervisor, live_server, case, document=True)  # issues the 程序转换通知书
    deadlines = supervisor.inner_text("#deadlines")
    assert "行政复议决定期限（普通程序）" in deadlines
    _act(supervisor, live_server, case, "延长审理期限")
    supervisor.get_by_label("延长的天数").fill("30")
    _submit(supervisor, live_server, case, document=True)
    assert "审理期限延长30日" in supervisor.inner_text("#timeline")
    screenshot(supervisor, "handling-extended")
