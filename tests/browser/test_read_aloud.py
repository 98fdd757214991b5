"""Browser checks of「朗读本页」 (ux.md S11; static/js/speech.js): hidden where the browser has no
voice for the page language, shown when a zh-CN voice exists (also when voices arrive late), a
press reads <main> in zh-CN, a second press stops, and leaving the page stops. speechSynthesis is
replaced by a recording fake (headless chromium has no voices)."""

from __future__ import annotations

import json

import pytest

from tests.browser.helpers import assert_no_axe_violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

ZH_VOICE = {"name": "测试普通话", "lang": "zh-CN", "default": True, "localService": True, "voiceURI": "fake-zh"}
EN_VOICE = {"name": "Test English", "lang": "en-US", "default": True, "localService": True, "voiceURI": "fake-en"}

FAKE_SPEECH = """
(() => {
  const voices = %s;
  const listeners = [];
  const log = {spoken: [], cancels: 0, last: null};
  class FakeUtterance {
    constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.onend = null; this.onerror = null; }
  }
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices() { return voices.slice(); },
    speak(u) { log.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); log.last = u; },
    cancel() { log.cancels += 1; },
    pause() {}, resume() {},
    addEventListener(type, fn) { if (type === 'voiceschanged') listeners.push(fn); },
    removeEventListener() {},
  };
  window.__speech = {
    log,
    setVoices(list) { voices.splice(0, voices.length, ...list); listeners.forEach(fn => fn(new Event('voiceschanged'))); },
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: FakeUtterance, configurable: true, writable: true});
})();
"""


def _fake(page, voices) -> None:
    page.add_init_script(FAKE_SPEECH % json.dumps(voices))


def _toggle(page):
    return page.locator("button[data-read-aloud]")


def test_hidden_in_this_browser_without_voices(page, live_server):
    page.goto(f"{live_server}/guide")
    page.wait_for_load_state("load")
    has_zh_voice = page.evaluate(
        "() => !!window.speechSynthesis && speechSynthesis.getVoices().some(v => /^(zh|cmn)/i.test(v.lang))")
    if has_zh_voice:
        pytest.skip("this chromium has a Chinese voice")
    assert _toggle(page).count() == 1
    assert _toggle(page).is_hidden()


@pytest.mark.parametrize("voices", [[], [EN_VOICE]], ids=["no-voice", "english-only"])
def test_hidden_without_a_voice_for_the_page_language(page, live_server, voices):
    _fake(page, voices)
    page.goto(f"{live_server}/guide")
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__speech") == "object"
    assert _toggle(page).is_hidden()


def test_hidden_without_speech_synthesis(page, live_server):
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});")
    page.goto(f"{live_server}/guide")
    page.wait_for_load_state("load")
    assert _toggle(page).is_hidden()


def test_reads_main_in_chinese_and_stops_on_a_second_press(page, live_server):
    page.emulate_media(reduced_motion="reduce")  # no colour transition under axe (Bootstrap's .btn)
    _fake(page, [])  # voices arrive after load, as in Chrome
    page.goto(f"{live_server}/guide")
    page.wait_for_load_state("load")
    toggle = _toggle(page)
    assert toggle.is_hidden()
    page.evaluate(f"window.__speech.setVoices([{json.dumps(ZH_VOICE)}])")
    toggle.wait_for(state="visible")
    assert toggle.inner_text() == "朗读本页" and toggle.get_attribute("aria-pressed") == "false"
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # S6
    assert_no_axe_violations(page)

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert toggle.inner_text() == "朗读本页"  # a toggle keeps its label; aria-pressed says the state
    spoken = page.evaluate("window.__speech.log.spoken")
    assert spoken, "nothing was spoken"
    assert {s["lang"] for s in spoken} == {"zh-CN"}
    assert {s["voice"] for s in spoken} == {ZH_VOICE["name"]}
    text = "".join(s["text"] for s in spoken)
    assert spoken[0]["text"].startswith("行政复议办事指南")
    assert "谁可以申请" in text and "材料清单" in text
    assert "朗读本页" not in text  # not the button itself
    assert "跳到主要内容" not in text and "主办单位" not in text  # only <main>
    assert_no_axe_violations(page)

    cancels = page.evaluate("window.__speech.log.cancels")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "false" and toggle.inner_text() == "朗读本页"
    assert page.evaluate("window.__speech.log.cancels") == cancels + 1

    # reading to the end resets the button too
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.evaluate("window.__speech.log.last.onend(new Event('end'))")
    assert toggle.get_attribute("aria-pressed") == "false" and toggle.inner_text() == "朗读本页"


def test_leaving_the_page_stops_reading(page, live_server):
    _fake(page, [ZH_VOICE])
    page.goto(f"{live_server}/guide")
    toggle = _toggle(page)
    toggle.wait_for(state="visible")
    toggle.click()
    cancels = page.evaluate("window.__speech.log.cancels")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: false}))")
    assert page.evaluate("window.__speech.log.cancels") == cancels + 1
    assert toggle.get_attribute("aria-pressed") == "false"


def test_notice_page_reads_the_notice(page, live_server, users):
    _fake(page, [ZH_VOICE])
    page.goto(f"{live_server}/login?next=/apply")
    page.fill("#username", "applicant")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}/apply"
    toggle = _toggle(page)
    toggle.wait_for(state="visible")
    assert_no_axe_violations(page)
    toggle.click()
    text = "".join(s["text"] for s in page.evaluate("window.__speech.log.spoken"))
    assert "申请须知。" in text and "个人信息处理告知" in text and "我已阅读并知悉" in text
    assert "朗读本页" not in text
    # the idle warning's words (logged-in page) are not read
    assert "继续办理" not in text and "自动退出" not in text
