"""ux.md §8 rules that the journeys do not cover yet: T2 the clerk's written intake by keyboard
only, T4 printing, T5 content rules (no full ID or phone numbers, S1 titles, S7 nothing open on
load), T1 axe on the remaining pages, and T3 layout at 320 px and in 特大 mode."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from recon.clock import today_beijing
from recon.extensions import db
from tests.browser.helpers import (
    assert_error_summary_focused,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
    wait_for_value,
)
from tests.conftest import FIXED_NOW, PASSWORD
from tests.intake.factories import AGENT_ID, VALID_ID, payload

pytestmark = pytest.mark.e2e

FULL_ID = re.compile(r"\d{17}[\dXx]")
FULL_PHONE = re.compile(r"1\d{10}")
APPLICANT_PHONE = "13712345678"  # the applicant's login name: the audit list must mask it too
POSTAL_PHONE = "13912345678"

# Why `el` is not usable as the focused element: "" when it is on screen and on top (S5, WCAG 2.4.11).
VISIBLE_ON_TOP = """el => {
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return 'has no size';
  if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return 'is off screen';
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 10), 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  if (top !== el && !el.contains(top)) return 'is covered by ' + (top ? top.outerHTML.slice(0, 80) : 'nothing');
  return '';
}"""

# Applicant targets (S6): links, buttons, fields, labels and summaries that a user can press.
# Exempt: hidden things, the skip link until focused, and links inside running text (recon.css
# `.prose a`, `a.inline-link`, WCAG 2.5.8's inline exception).
SMALL_TARGETS = """min => [...document.querySelectorAll('a, button, input, select, textarea, label, summary')]
  .filter(e => e.type !== 'hidden' && !e.closest('.visually-hidden, .skip-link, .prose')
               && !e.matches('a.inline-link') && e.checkVisibility())
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && (r.width < min || r.height < min))
  .map(([e, r]) => `${e.tagName} "${(e.innerText || e.id).trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`)"""

# WCAG 1.4.12 text spacing, injected for the clipping check (T3).
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""
# add_style_tag inserts an inline <style>, which the Content-Security-Policy (style-src 'self') blocks;
# a constructed style sheet is not inline markup, so the browser applies it.
ADD_STYLE = """css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const style = getComputedStyle(document.querySelector('main'));
  return parseFloat(style.lineHeight) / parseFloat(style.fontSize); }"""
CLIPPED = """() => [...document.querySelectorAll('main *, header *, footer *')]
  .filter(e => !e.closest('.visually-hidden, .skip-link') && e.checkVisibility())
  .filter(e => { const s = getComputedStyle(e);
    return ['hidden', 'clip'].some(v => s.overflowX === v || s.overflowY === v)
      && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1); })
  .map(e => e.tagName + '.' + e.className)"""


# ---- fixtures and shared steps ------------------------------------------------------------------


@pytest.fixture
def filed(app, users):
    """Two cases with real ID numbers and phones: one filed online by an applicant whose login name
    is a phone number, one entered by the clerk from a letter."""
    from recon.auth.services import create_user
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    applicant = create_user(db.session, None, APPLICANT_PHONE, "applicant", PASSWORD,
                            display_name="张三", phone=APPLICANT_PHONE)
    cases = []
    for actor, data in (
        (applicant, payload("online", applicant__phone=APPLICANT_PHONE)),
        (users["clerk"], payload("postal", applicant__name="李四", applicant__id_number=AGENT_ID,
                                 applicant__phone=POSTAL_PHONE)),
    ):
        form = ApplicationForm(data=data, today=FIXED_NOW.date())
        assert form.validate(), form.errors
        result = intake.register_application(db.session, form.data, actor, FIXED_NOW,
                                             storage=Storage(app.config["STORAGE_DIR"]),
                                             settings=intake_settings(app.config))
        db.session.commit()
        cases.append(result.case)
    return cases


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url


def assert_page_rules(page, lang: str = "zh-CN") -> None:
    """S1 and S7: lang, landmarks, one <h1> that starts the title (after「错误：」, or "Error: " in
    English, when the page shows an error summary), and nothing open on load."""
    facts = page.evaluate("""() => ({
      lang: document.documentElement.lang,
      h1: [...document.querySelectorAll('h1')].map(h => h.innerText.trim()),
      title: document.title,
      summary: !!document.getElementById('error-summary'),
      landmarks: ['header', 'nav', 'main#main', 'footer'].filter(s => !document.querySelector(s)),
      open: [...document.querySelectorAll('dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]')]
        .filter(e => e.checkVisibility()).map(e => e.outerHTML.slice(0, 80)),
    })""")
    assert facts["lang"] == lang
    assert len(facts["h1"]) == 1, facts["h1"]
    prefix = ("错误：" if lang == "zh-CN" else "Error: ") if facts["summary"] else ""
    assert facts["title"].startswith(f"{prefix}{facts['h1'][0]} – "), (facts["title"], facts["h1"])
    assert not facts["landmarks"], f"missing landmarks {facts['landmarks']}"
    assert not facts["open"], facts["open"]


def assert_no_full_numbers(page) -> None:
    """S13: the visible text shows neither a full ID number nor a full mobile number."""
    text = page.inner_text("body")
    assert not FULL_ID.findall(text), FULL_ID.findall(text)
    assert not FULL_PHONE.findall(text), FULL_PHONE.findall(text)


def _check(page, lang: str = "zh-CN") -> None:
    assert_page_rules(page, lang)
    assert_no_axe_violations(page)


def _submit(page, name: str) -> None:
    page.locator("main").get_by_role("button", name=name).click()
    page.wait_for_load_state()


# ---- T2: the clerk's written intake with the keyboard only (C2, C3, C5) --------------------------


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
      return {tag: e.tagName, id: e.id, text: (e.innerText || '').trim(), type: e.type || ''}; }""")


def assert_focus_visible(page) -> None:
    """The focused element is on screen and on top, once the (smooth) scroll to it has ended."""
    if not wait_for_value(page, f"() => ({VISIBLE_ON_TOP})(document.activeElement) === ''", timeout=2):
        problem = page.evaluate(f"({VISIBLE_ON_TOP})(document.activeElement)")
        raise AssertionError(f"the focused {_focused(page)} {problem}")


def _tab(page, expected_id: str, *, shift: bool = False) -> None:
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    assert _focused(page)["id"] == expected_id
    assert_focus_visible(page)


def test_clerk_enters_a_written_application_with_the_keyboard_only(page, live_server, users):
    # Login: from a fresh page the first Tab reaches the skip link (S1), which is then shown.
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    assert _focused(page) == {"tag": "A", "id": "", "text": "跳到主要内容", "type": ""}
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    _tab(page, "username")
    page.keyboard.type("clerk")
    _tab(page, "password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{live_server}/staff")

    page.goto(f"{live_server}/intake/onsite")
    assert_page_rules(page)
    # The skip link is still the first stop in the tab order, the DOM order is the tab order (no
    # positive tabindex), and the first field has focus on load (C2).
    first_stop = page.evaluate("""() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .find(e => e.tabIndex >= 0 && !e.disabled && e.type !== 'hidden').className""")
    assert first_stop == "skip-link"
    assert page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count() == 0
    assert _focused(page)["id"] == "onsite-received_at"

    form = page.locator("form.intake-form")
    buttons = form.locator("button, input[type=submit], input[type=image]")
    assert buttons.count() == 1 and buttons.first.inner_text() == "检查登记内容"
    # Every control of the form, in DOM order: each Tab must land on the next one.
    order = form.evaluate("""f => [...f.elements].filter(e => e.type !== 'hidden' && !e.disabled
      && e.tagName !== 'FIELDSET').map(e => e.id || e.type)""")
    assert order[0] == "onsite-received_at" and order[-1] == "submit"
    today = today_beijing()
    known = today - timedelta(days=24)
    values = {
        "onsite-received_at": f"{today.year}年{today.month}月{today.day}日",
        "applicant-name": "王芳",
        "applicant-id_number": "110105 19491231 002x",  # spaces and a lower-case x (C3, A13)
        "applicant-phone": "139-0013-9000",
        "applicant-address": "合江区东风路 3 号",
        "respondent-name": "合江区公安分局",
        "act-title": "行政拘留决定书",
        "act-known_on": known.strftime("%Y%m%d"),
        "request": "请求撤销行政拘留决定",
        "facts_and_reasons": "认定事实不清。",
    }
    page.keyboard.type(values["onsite-received_at"])
    for control in order[1:order.index("act-known_on") + 1]:
        _tab(page, control)
        if control in values:
            page.keyboard.type(values[control])
    _tab(page, "act-known_on_note-toggle")  # 「记不清具体哪一天？」 (A12), closed: its note is skipped
    _tab(page, "act-informed_of_rights")  # 「告知了」, nothing ticked beforehand: Space answers
    assert not page.is_checked("#act-informed_of_rights")
    page.keyboard.press("Space")
    assert page.is_checked("#act-informed_of_rights")
    # C3: leaving the date box echoes the date with its weekday.
    weekday = "星期" + "一二三四五六日"[known.weekday()]
    assert page.inner_text("#act-known_on-echo") == f"{known.isoformat()}（{weekday}）"
    after_radios = order.index("act-informed_of_rights-2") + 1  # one Tab stop for the group
    for control in order[after_radios:order.index("facts_and_reasons") + 1]:
        _tab(page, control)
        if control in values:
            page.keyboard.type(values[control])
    # Back up with Shift+Tab to a one-line field and press Enter there: the form's only submit
    # button, the safe default, only checks: nothing is registered or numbered (C2).
    _tab(page, "request", shift=True)
    _tab(page, "act-rights_known_on", shift=True)
    _tab(page, "act-informed_of_rights", shift=True)
    _tab(page, "act-known_on_note-toggle", shift=True)
    _tab(page, "act-known_on", shift=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "核对现场申请登记内容"
    assert page.url.endswith("/intake/onsite")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    assert_page_rules(page)
    # The confirmation's safe button comes first; the next Tab stop registers.
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "返回修改"
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "确认登记并生成收件回执"
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_no = f"合府复〔{today.year}〕1号"
    assert f"已登记 {case_no}" in page.locator("[role=status]").first.inner_text()
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    focused = _focused(page)  # C5: after the post, focus is on the case's <h1>
    assert focused["tag"] == "H1" and focused["text"] == case_no
    assert_focus_visible(page)
    main = page.inner_text("main")
    assert "王芳" in main and "1101**********002X" in main and "139****9000" in main
    assert f"{known.year}年{known.month}月{known.day}日" in main
    assert_page_rules(page)
    assert_no_full_numbers(page)  # the full numbers appear only inside the entry form (C5, S13)


# ---- T4: printing (H8) ----------------------------------------------------------------------------


def test_print_hides_navigation_and_controls(page, live_server, filed):
    online, postal = filed
    _login(page, live_server, "handler")
    page.goto(f"{live_server}/cases/{postal.id}")
    assert_page_rules(page)
    screen_buttons = page.locator("main .btn, main button").count()
    assert screen_buttons and page.locator("nav").first.is_visible()

    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [...document.querySelectorAll('nav, [role=navigation], .no-print, .btn, button, .skip-link, input[type=file]')]
      .filter(e => e.checkVisibility()).map(e => e.tagName + '.' + e.className)""")
    assert not hidden, f"visible in print: {hidden}"
    assert page.get_by_role("heading", level=1).is_visible()
    # Badges keep their words but lose their colours.
    badge = page.locator("main .deadline-badge").first
    assert badge.is_visible() and badge.inner_text().strip()
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    assert badge.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert postal.case_no in text and "EMS1234567890" in text
    for screen_only in ("跳到主要内容", "退出登录", "高对比度", "工作台"):
        assert screen_only not in text
    page.emulate_media(media="screen")

    # The applicant's confirmation page is the receipt printed from HTML: one A4 page.
    _login(page, live_server, APPLICANT_PHONE)
    page.goto(f"{live_server}/my/cases/{online.case_no}/submitted")
    assert_page_rules(page)
    page.emulate_media(media="print")
    assert not page.locator("nav").first.is_visible()
    assert not page.get_by_role("button", name="打印本页").is_visible()
    assert not page.get_by_role("link", name="下载提交回执（PDF）").is_visible()
    receipt = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(receipt.pages) == 1
    text = receipt.pages[0].extract_text()
    assert online.case_no in text and online.query_code in text and "接下来会怎样" in text


# ---- T5: content rules (S13, S1, S7) --------------------------------------------------------------


def test_lists_and_lookup_show_only_masked_numbers(page, live_server, filed, browser):
    online, postal = filed
    _login(page, live_server, "supervisor")
    page.goto(f"{live_server}/cases/")
    assert page.locator("table.worklist tbody tr").count() == 2
    assert "张*" in page.inner_text("main")
    assert_page_rules(page)
    assert_no_full_numbers(page)
    page.goto(f"{live_server}/audit/")
    assert page.locator("main tbody tr").count() >= 2
    assert "137****5678" in page.inner_text("main")  # the applicant's login name, masked
    assert_page_rules(page)
    assert_no_full_numbers(page)

    anonymous = browser.new_context()
    try:
        lookup = anonymous.new_page()
        lookup.goto(f"{live_server}/lookup")
        assert_page_rules(lookup)
        lookup.fill("#case_no", online.case_no)
        lookup.fill("#query_code", online.query_code)
        _submit(lookup, "查询")
        assert lookup.get_by_role("heading", level=1).inner_text() == "办理进度"
        assert "张*" in lookup.inner_text("main") and "张三" not in lookup.inner_text("main")
        assert_page_rules(lookup)
        assert_no_full_numbers(lookup)
    finally:
        anonymous.close()
    assert VALID_ID not in page.content()  # not even in the audit list's markup


# ---- T1: axe on the pages no journey checks yet ------------------------------------------------


def test_axe_on_clerk_pages(page, live_server, filed):
    _login(page, live_server, "clerk")
    page.goto(f"{live_server}/intake/postal")
    _submit(page, "检查登记内容")  # nothing filled in: the error state (A14)
    assert page.title().startswith("错误：邮寄申请登记")
    assert_error_summary_focused(page)
    _check(page)
    page.goto(f"{live_server}/cases/{filed[1].id}")
    _check(page)
    page.goto(f"{live_server}/deadlines/calculator")
    _check(page)
    page.fill("#start", "2026-11-20")
    _submit(page, "计算届满日")
    assert "届满日：" in page.inner_text("main")
    _check(page)


def test_axe_on_supervisor_and_admin_pages(page, live_server, filed):
    _login(page, live_server, "supervisor")
    page.goto(f"{live_server}/deadlines/")
    assert page.locator("main tbody tr").count() >= 2
    _check(page)
    page.goto(f"{live_server}/audit/")
    _check(page)
    _login(page, live_server, "admin")
    for path in ("/admin/calendar", "/admin/templates", "/admin/users"):
        page.goto(f"{live_server}{path}")
        _check(page)


def test_axe_on_public_pages(page, live_server):
    for path in ("/verify", "/lookup"):
        page.goto(f"{live_server}{path}")
        _check(page)
    page.context.add_cookies([{"name": "fontscale", "value": "xlarge", "url": live_server}])
    page.goto(f"{live_server}/guide")
    assert page.evaluate("document.documentElement.dataset.fontscale") == "xlarge"
    _check(page)


def _in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])


def test_axe_on_pages_in_english(page, live_server, filed):
    """T1 in the second locale: the same rules and axe, on each role's main pages in English."""
    _in_english(page, live_server)
    for path in ("/guide", "/lookup", "/verify", "/login", "/register"):
        page.goto(f"{live_server}{path}")
        _check(page, "en")
    assert page.get_by_role("link", name="中文").get_attribute("lang") == "zh-CN"
    _login(page, live_server, "clerk")
    _in_english(page, live_server)
    page.goto(f"{live_server}/intake/postal")
    _submit(page, "Check the entry")
    assert page.title().startswith("Error: ")
    _check(page, "en")
    for path in (f"/cases/{filed[1].id}", "/cases/", "/deadlines/calculator"):
        page.goto(f"{live_server}{path}")
        _check(page, "en")
    page.fill("#start", "2026-11-20")
    _submit(page, "Calculate the due date")
    _check(page, "en")
    _login(page, live_server, "supervisor")
    _in_english(page, live_server)
    for path in ("/deadlines/", "/audit/", "/evaluations/"):
        page.goto(f"{live_server}{path}")
        _check(page, "en")
    _login(page, live_server, "admin")
    _in_english(page, live_server)
    for path in ("/admin/calendar", "/admin/templates", "/admin/users"):
        page.goto(f"{live_server}{path}")
        _check(page, "en")


def test_applicant_pages_in_english_in_xlarge_mode(page, live_server, filed):
    _login(page, live_server, APPLICANT_PHONE)
    _in_english(page, live_server)
    page.context.add_cookies([{"name": "fontscale", "value": "xlarge", "url": live_server}])
    for path in ("/my", f"/my/cases/{filed[0].case_no}", "/apply"):
        page.goto(f"{live_server}{path}")
        _check(page, "en")
        assert_no_horizontal_scroll(page)


# ---- T3: layout at 320 px and in 特大 mode (S3, S6) --------------------------------------------


@pytest.mark.parametrize("fontscale, minimum", [("standard", 44), ("xlarge", 60)])
def test_applicant_pages_at_320_px(page, live_server, fontscale, minimum):
    page.set_viewport_size({"width": 320, "height": 780})
    page.context.add_cookies([{"name": "fontscale", "value": fontscale, "url": live_server}])
    for path in ("/guide", "/login"):
        page.goto(f"{live_server}{path}")
        assert_page_rules(page)
        assert_no_horizontal_scroll(page)
        assert page.evaluate(SMALL_TARGETS, minimum) == [], path
        screenshot(page, f"ux-{path.strip('/')}-320-{fontscale}")
        assert page.evaluate(ADD_STYLE, TEXT_SPACING) == pytest.approx(1.5)  # the spacing applies
        assert_no_horizontal_scroll(page)
        assert page.evaluate(CLIPPED) == [], path


def test_staff_pages_at_375_px_in_xlarge_mode(page, live_server, filed):
    """S3 / WCAG 1.4.10 on staff pages: at 375 px in 特大 text the page never scrolls sideways; a
    wide table scrolls inside its own region (visually hidden text in its cells included), and the
    calendar's months fit."""
    page.set_viewport_size({"width": 375, "height": 780})
    _login(page, live_server, "supervisor")
    page.context.add_cookies([{"name": "fontscale", "value": "xlarge", "url": live_server}])
    for path in ("/cases/", f"/cases/{filed[0].id}", f"/cases/{filed[1].id}", "/audit/", "/deadlines/"):
        page.goto(f"{live_server}{path}")
        assert_no_horizontal_scroll(page)
    screenshot(page, "ux-staff-audit-375-xlarge")
    page.goto(f"{live_server}/cases/{filed[1].id}")
    screenshot(page, "ux-staff-case-375-xlarge")
    for region in page.locator("main .table-responsive").all():
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    _login(page, live_server, "admin")
    page.context.add_cookies([{"name": "fontscale", "value": "xlarge", "url": live_server}])
    for path in ("/admin/users", "/admin/calendar"):
        page.goto(f"{live_server}{path}")
        assert_no_horizontal_scroll(page)
    assert page.evaluate("""() => [...document.querySelectorAll('table.calendar-month')]
      .every(t => t.getBoundingClientRect().width <= t.parentElement.clientWidth + 1)""")
