"""Browser journey of the supervisor: the header badge counts the sweep's reminders, the inbox
lists them and marks them read, and the deadline board shows its counts first, filters by
handler and links to the case (axe on each page); there the supervisor assigns the case to a
handler (issue 13), and the board's handler filter then finds it."""

from __future__ import annotations

import pytest

from recon.deadlines.sweep import sweep_due_deadlines
from recon.extensions import db
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.conftest import FIXED_NOW, PASSWORD
from tests.deadlines.helpers import make_case, open_deadline

pytestmark = pytest.mark.e2e


def test_supervisor_reads_reminders_and_the_board(page, live_server, users):
    case = make_case()  # no handler yet: the supervisors are reminded
    open_deadline(case, "respondent_copy", "2026-11-10")  # overdue on 2026-11-27
    db.session.commit()
    sweep_due_deadlines(db.session, FIXED_NOW)
    db.session.commit()

    page.goto(f"{live_server}/login")
    page.fill("#username", "supervisor")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff")
    inbox = page.locator("a.inbox-link")
    assert " ".join(inbox.inner_text().split()) == "消息 1 条未读"
    inbox.click()
    page.wait_for_url(f"{live_server}/inbox")
    assert "发送申请书副本期限（普通程序）已于 2026年11月19日 届满，已逾期" in page.inner_text("main")
    assert_no_axe_violations(page)
    screenshot(page, "supervisor-inbox-1366")
    page.get_by_role("button", name="全部标为已读").click()
    assert "已将 1 条消息标为已读" in page.inner_text("main")
    assert page.locator("a.inbox-link .badge").count() == 0

    page.get_by_role("link", name="期限看板", exact=True).click()
    page.wait_for_url(f"{live_server}/deadlines/")
    cards = page.locator(".kpi-card").all_inner_texts()
    assert [" ".join(c.split()) for c in cards][0] == "1 已逾期"
    assert_no_axe_violations(page)
    page.select_option("#filter-handler", "none")
    page.get_by_role("button", name="筛选").click()
    assert "handler=none" in page.url
    screenshot(page, "supervisor-board-1366")
    page.get_by_role("link", name=case.case_no).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == case.case_no

    page.get_by_role("link", name="指派承办人").click()
    assert "提交后本案由所选承办人办理" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.select_option("#handler", "handler")
    page.get_by_role("button", name="提交：指派承办人").click()
    page.wait_for_url(f"{live_server}/cases/{case.id}")
    assert "已办理：指派承办人。" in page.inner_text("main")
    db.session.expire_all()
    assert db.session.get(type(case), case.id).handler_id == users["handler"].id
    page.goto(f"{live_server}/deadlines/?handler={users['handler'].id}")
    assert case.case_no in page.inner_text("main")
    page.goto(f"{live_server}/deadlines/?handler=none")  # no longer among the unassigned
    assert case.case_no not in page.inner_text("main")
