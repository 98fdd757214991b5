"""ux.md C1 in the browser: the clerk entry page's side list of sections (「已填 / 未填 / 有错误」) follows
the clerk's typing without a reload, its links work by keyboard, and it fits 375 px."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_no_axe_violations, assert_no_horizontal_scroll, screenshot
from tests.browser.test_clerk_journeys import _login

pytestmark = pytest.mark.e2e

NAV = "nav[aria-label='表单各部分']"


def _status(page, anchor):
    return page.inner_text(f"{NAV} a[href='#section-{anchor}'] .section-status").strip()


def _active(page, script):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()")


def test_typing_in_the_applicant_section_flips_its_status(page, live_server, users):
    _login(page, live_server, "clerk")
    page.goto(f"{live_server}/intake/onsite")
    page.evaluate("window.notReloaded = true")
    links = page.locator(f"{NAV} ol > li > a")
    assert [a.split("#")[1] for a in links.evaluate_all("els => els.map(e => e.href)")] == [
        "section-channel", "section-applicant", "section-agents", "section-respondent", "section-act",
        "section-request", "section-files"]
    assert _status(page, "applicant") == "未填"
    # Not a live region: nothing is announced per keystroke; the status is part of the link's name.
    assert page.evaluate(f"!document.querySelector(\"{NAV}\").closest('[aria-live]')"
                         f" && !document.querySelector(\"{NAV} [aria-live]\")")
    assert page.get_by_role("link", name="申请人 未填", exact=True).count() == 1

    # Keyboard only: from the first field (focused on load) back to the side list, then into 申请人.
    assert _active(page, "el.id") == "onsite-received_at"
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if _active(page, "el.getAttribute('href')") == "#section-applicant":
            break
    else:
        pytest.fail("the side list link to 申请人 is not reachable by Shift+Tab")
    page.keyboard.press("Enter")
    assert _active(page, "!!el.closest('#section-applicant')")
    assert _active(page, "el.id") == "applicant-kind"
    assert page.evaluate("window.notReloaded === true")

    page.keyboard.press("Tab")
    page.keyboard.type("王芳")
    assert _status(page, "applicant") == "未填"  # three required fields to go
    for value in ("11010519491231002X", "13900139000", "合江区东风路 3 号"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    assert _active(page, "el.id") == "applicant-address"
    assert _status(page, "applicant") == "已填"
    assert _status(page, "respondent") == "未填"
    assert page.evaluate("window.notReloaded === true")  # no reload, no submit
    assert page.get_by_role("link", name="申请人 已填", exact=True).count() == 1
    # An organisation also needs its legal representative.
    page.select_option("#applicant-kind", "organization")
    assert _status(page, "applicant") == "未填"
    page.fill("#applicant-legal_representative", "王芳")
    assert _status(page, "applicant") == "已填"
    # The other sections' links move focus too.
    page.focus(f"{NAV} a[href='#section-request']")
    page.keyboard.press("Enter")
    assert _active(page, "el.id") == "request"
    assert_no_axe_violations(page)


def test_side_list_at_375_px_and_after_a_failed_save(page, live_server, users):
    page.set_viewport_size({"width": 375, "height": 800})
    _login(page, live_server, "clerk")
    page.goto(f"{live_server}/intake/postal")
    nav_box = page.locator(NAV).bounding_box()
    form_box = page.locator("form.intake-form").bounding_box()
    assert nav_box["y"] + nav_box["height"] <= form_box["y"]  # above the form
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.fill("#postal-postmark_on", "20261124")
    page.fill("#postal-received_on", "2026-11-26")
    page.fill("#respondent-name", "合江区公安分局")
    page.fill("#applicant-phone", "12345")
    assert _status(page, "channel") == "已填"
    assert _status(page, "respondent") == "已填"
    page.get_by_role("button", name="检查登记内容").click()
    assert page.get_by_role("heading", level=1).inner_text() == "邮寄申请登记"
    assert page.locator("#error-summary").is_visible()
    assert _status(page, "channel") == "已填"
    assert _status(page, "respondent") == "已填"
    assert _status(page, "applicant") == "有错误"
    assert _status(page, "act") == "有错误"
    page.fill("#act-title", "行政拘留决定书")  # the error stays until the next save checks it
    assert _status(page, "act") == "有错误"
    assert_no_horizontal_scroll(page)
    screenshot(page, "clerk-postal-sections-375")
    assert_no_axe_violations(page)
