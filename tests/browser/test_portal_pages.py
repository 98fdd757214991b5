"""Issue 11, applicant pages in the browser: focus stays at the top on a plain load and moves only
after a form post (ux.md A14, C5); the active text size is marked on screen; the uploaded-file table
reads at 375 px in 特大; a failed upload does not claim that other files were uploaded."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from recon.extensions import db
from recon.intake import drafts
from recon.intake import services as intake
from recon.intake.settings import intake_settings
from recon.storage import Storage
from tests.browser.helpers import assert_no_axe_violations, assert_no_horizontal_scroll, screenshot
from tests.conftest import FIXED_NOW, PASSWORD
from tests.intake.factories import PDF_BYTES

pytestmark = pytest.mark.e2e

FOCUSED = "(() => { const e = document.activeElement; return e ? [e.tagName, e.className, e.innerText] : null; })()"


def _login(page, live_server, username="applicant"):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名（手机号码或电子邮箱）").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/(my|staff)$"))


def _loaded(page) -> None:
    """recon.js runs on DOMContentLoaded (deferred): wait for the page's scripts to have run."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")


def _draft_with_files(app, user, names: list[str]) -> int:
    draft = drafts.create(db.session, user, FIXED_NOW, days=30)
    files = [intake.IncomingFile(name, io.BytesIO(PDF_BYTES + name.encode()), "evidence")
             for name in names]
    drafts.add_files(db.session, draft, user, files, FIXED_NOW, storage=Storage(app.config["STORAGE_DIR"]),
                     limits=intake_settings(app.config).limits)
    db.session.commit()
    return draft.id


def test_a_plain_load_keeps_focus_at_the_top_and_a_post_moves_it_to_the_heading(page, live_server, users):
    _login(page, live_server)
    # The login was a form post: its result page may take focus; a later plain load must not.
    page.goto(f"{live_server}/my")
    _loaded(page)
    assert page.evaluate(FOCUSED)[0] == "BODY"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == ["A", "skip-link", "跳到主要内容"]
    page.keyboard.press("Tab")  # the site's name, then the text size controls
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)[2] == "标准"

    page.goto(f"{live_server}/guide")
    _loaded(page)
    assert page.evaluate(FOCUSED)[0] == "BODY"

    # After a form post (须知 → the first question) the page's <h1> has focus (C5).
    page.goto(f"{live_server}/apply")
    _loaded(page)
    assert page.evaluate(FOCUSED)[0] == "BODY"
    page.get_by_label("我已阅读并知悉以上申请须知和个人信息处理告知").check()
    page.get_by_role("button", name="开始填写申请").click()
    page.wait_for_url(re.compile(r".*/apply/\d+/applicant$"))
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    assert page.evaluate(FOCUSED)[2] == "谁申请行政复议？"
    # Loading the same page again is not a post: focus stays at the top.
    page.reload()
    _loaded(page)
    assert page.evaluate(FOCUSED)[0] == "BODY"


def test_the_active_text_size_is_marked_on_screen(page, live_server):
    for value, label in (("standard", "标准"), ("large", "大"), ("xlarge", "特大")):
        page.context.add_cookies([{"name": "fontscale", "value": value, "url": live_server}])
        page.goto(f"{live_server}/guide")
        links = page.locator("nav.prefs a")
        styles = links.evaluate_all("""els => els.map(e => [e.innerText.trim(), e.getAttribute('aria-current'),
            getComputedStyle(e).fontWeight, getComputedStyle(e).borderTopWidth])""")
        active = [s for s in styles if s[1] == "true"]
        assert [s[0] for s in active] == [label]
        assert int(active[0][2]) >= 700 and float(active[0][3].removesuffix("px")) >= 2
        for text, current, weight, border in styles:
            if current is None:
                assert int(weight) < 700 and border == "0px", (text, weight, border)
    screenshot(page, "portal-text-size-xlarge")


def test_the_uploaded_file_table_reads_at_375_px_in_xlarge(page, live_server, app, users):
    names = ["行政处罚决定书及送达回证扫描件第一页.pdf", "IMG_20261103_093015_scan_of_the_decision.jpg"]
    draft_id = _draft_with_files(app, users["applicant"], names)
    page.set_viewport_size({"width": 375, "height": 780})
    _login(page, live_server)
    page.context.add_cookies([{"name": "fontscale", "value": "xlarge", "url": live_server}])
    page.goto(f"{live_server}/apply/{draft_id}/evidence")
    assert page.evaluate("document.documentElement.dataset.fontscale") == "xlarge"
    font = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    cells = page.locator("table.table-stack th.file-name")
    assert cells.count() == 2
    for box in cells.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
        assert box["width"] >= 8 * font, box  # a line holds words, not one character
    caption = page.locator("table.table-stack caption").bounding_box()
    assert caption["height"] <= 2 * 1.6 * font, caption  # 「已上传 2 个文件」 on a line, not a column
    first = cells.first.bounding_box()
    assert first["height"] <= 4 * 1.6 * font  # the Chinese name takes a few lines, not 20
    # Each row still says what its values are.
    assert "材料类型：" in page.evaluate(
        "getComputedStyle(document.querySelector('table.table-stack td[data-label]'), '::before').content")
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-evidence-375-xlarge")
    assert_no_axe_violations(page)


def test_a_failed_upload_does_not_say_other_files_were_uploaded(page, live_server, app, users, tmp_path):
    draft_id = _draft_with_files(app, users["applicant"], [])
    _login(page, live_server)
    page.goto(f"{live_server}/apply/{draft_id}/evidence")
    fake = tmp_path / "决定书.pdf"
    fake.write_bytes(b"not a pdf at all")
    page.set_input_files("#files", str(fake))
    page.get_by_role("button", name="上传所选文件").click()
    errors = page.locator("[data-upload-errors] li")
    errors.first.wait_for()
    assert "不是 PDF、JPG、PNG 格式" in errors.first.inner_text()
    status = page.locator("[data-upload-text]").inner_text()
    assert "都未能上传" in status and "已上传" not in status.replace("未能上传", ""), status
    assert "还没有上传文件。" in page.inner_text("main")


def test_an_unknown_area_code_is_shown_beside_the_id_field_with_focus_on_the_note(page, live_server, users):
    _login(page, live_server)
    page.goto(f"{live_server}/apply")
    page.get_by_label("我已阅读并知悉以上申请须知和个人信息处理告知").check()
    page.get_by_role("button", name="开始填写申请").click()
    page.wait_for_url(re.compile(r".*/apply/\d+/applicant$"))
    page.fill("#name", "张三")
    page.fill("#id_number", "999999199001011238")
    page.fill("#phone", "13800138000")
    page.fill("#address", "合江区人民路 8 号")
    page.get_by_role("button", name="继续", exact=True).click()
    expect(page.locator("#warnings-summary")).to_be_focused()
    assert page.url.endswith("/applicant")  # the same page, the note beside the field
    note = page.locator("#id_number-warning")
    assert "999999" in note.inner_text()
    field_box, note_box = page.locator("#id_number").bounding_box(), note.bounding_box()
    assert 0 <= note_box["y"] - (field_box["y"] + field_box["height"]) < 60
    assert_no_axe_violations(page)
    page.get_by_role("button", name="继续", exact=True).click()
    page.wait_for_url(re.compile(r".*/apply/\d+/agents$"))
