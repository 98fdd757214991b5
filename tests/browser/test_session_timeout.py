"""Browser checks of the idle warning (ux.md S8, WCAG 2.2.1; static/js/session.js): two minutes
before the login's idle limit an inline role="alert" banner at the top of <main> offers「继续办理」,
which keeps the session and hides the banner; when the time is up the banner says so and links to
the login page. The limit comes from the server (<body data-session-idle-minutes>)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

WARNING = "为保护您的信息，页面将在 2 分钟后因长时间未操作而自动退出。"
ENDED = "由于长时间没有操作，为保护您的信息已自动退出。"


def _login(page, live_server, username="applicant", landing="/my"):
    page.goto(f"{live_server}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}{landing}"


def _banner(page):
    return page.locator("main > #session-timeout[role=alert]")


def test_banner_appears_before_a_tiny_limit_and_continue_keeps_the_session(app, page, live_server, users):
    # 2 minutes and 3 seconds: the warning is due 3 seconds after each page load
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=2.05)
    _login(page, live_server)
    assert page.get_attribute("body", "data-session-idle-minutes") == "2.05"
    banner = _banner(page)
    assert banner.inner_text() == ""  # nothing on load (S7)
    continue_button = banner.get_by_role("button", name="继续办理")
    continue_button.wait_for(state="visible", timeout=10_000)
    assert WARNING in banner.inner_text()
    # in the page flow at the top of <main>: it covers nothing (S5) and sits before the content
    assert page.evaluate("document.querySelector('main').firstElementChild.id") == "session-timeout"
    assert page.evaluate("getComputedStyle(document.querySelector('#session-timeout')).position") == "static"
    box = continue_button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # S6 on an applicant page
    assert page.locator("[role=dialog], dialog[open]").count() == 0
    assert_no_axe_violations(page)
    screenshot(page, "session-timeout-warning")

    # 「继续办理」 by keyboard: the keep-alive answers 204 and the banner goes
    continue_button.focus()
    with page.expect_response(lambda r: r.url.endswith("/session/keepalive")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 204
    expect(page.locator("#session-timeout > *")).to_have_count(0, timeout=2_000)
    assert page.evaluate("document.activeElement !== document.body")  # focus is not dropped

    # the session is still valid
    page.goto(f"{live_server}/my")
    assert page.url == f"{live_server}/my"
    assert page.get_by_role("heading", level=1).inner_text() == "我的申请"


def test_warning_and_end_follow_the_server_limit_on_a_fake_clock(page, live_server, users):
    page.clock.install()
    _login(page, live_server, "clerk", "/staff")
    assert page.get_attribute("body", "data-session-idle-minutes") == "30"
    banner = _banner(page)
    page.clock.fast_forward("27:50")
    assert banner.inner_text() == ""
    page.clock.fast_forward("00:20")  # 28:10, inside the last two minutes
    assert WARNING in banner.inner_text()
    assert_no_axe_violations(page)  # staff layout

    with page.expect_response(lambda r: r.url.endswith("/session/keepalive")):
        banner.get_by_role("button", name="继续办理").click()
    expect(page.locator("#session-timeout > *")).to_have_count(0)
    page.clock.fast_forward("27:50")  # the timer restarted at「继续办理」
    assert banner.inner_text() == ""
    page.clock.fast_forward("00:20")
    assert WARNING in banner.inner_text()

    page.clock.fast_forward("02:00")  # the limit has passed
    assert ENDED in banner.inner_text()
    assert banner.get_by_role("button", name="继续办理").count() == 0
    link = banner.get_by_role("link", name="重新登录")
    assert link.get_attribute("href") == "/login?next=/staff"
    assert_no_axe_violations(page)
    screenshot(page, "session-timeout-ended")


def test_a_page_loaded_in_another_tab_restarts_the_count(page, live_server, users):
    page.clock.install()
    _login(page, live_server)
    page.clock.fast_forward("28:10")
    assert WARNING in _banner(page).inner_text()
    other = page.context.new_page()
    other.goto(f"{live_server}/guide")  # the same session, used in another tab
    expect(page.locator("#session-timeout > *")).to_have_count(0)
    other.close()


def test_keepalive_after_the_session_ended_shows_the_end(page, live_server, users):
    page.clock.install()
    _login(page, live_server)
    page.clock.fast_forward("28:10")
    page.context.clear_cookies(name="session")  # what the browser does at the cookie's expiry
    with page.expect_response(lambda r: r.url.endswith("/session/keepalive")) as answer:
        _banner(page).get_by_role("button", name="继续办理").click()
    assert answer.value.status == 401
    expect(_banner(page)).to_contain_text(ENDED)
    _banner(page).get_by_role("link", name="重新登录").click()
    page.wait_for_url(f"{live_server}/login?next=/my")
    assert "您长时间没有操作，为保护您的信息已自动退出，请重新登录。草稿已保存。" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.fill("#username", "applicant")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}/my"  # `next` brings the person back


def test_no_banner_for_anonymous_visitors(page, live_server):
    page.goto(f"{live_server}/guide")
    assert page.locator("#session-timeout").count() == 0
    assert page.get_attribute("body", "data-session-idle-minutes") is None
