"""The English locale (design.md §8, ux.md S1/S12): the catalogue is complete and compiled, the
reader chooses the language, and what is recorded stays Chinese."""

from __future__ import annotations

import gettext
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from recon import i18n

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "recon" / "translations" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sdif%]")


def _extracted() -> dict[tuple[str | tuple[str, str], str | None], tuple[str, int]]:
    """(msgid, context) → (file, line) of every message in the source, as `make translations`
    extracts them; a plural's msgid is (singular, plural)."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    keywords = dict(DEFAULT_KEYWORDS, lazy_gettext=None)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords,
        directory_filter=lambda path: not Path(path).name.startswith("."),  # keep _macros
    ):
        found.setdefault((message, context), (filename, lineno))
    return found


@pytest.fixture(scope="module")
def po():
    with open(CATALOGUE / "messages.po", "rb") as f:
        return read_po(f, locale="en")


def test_every_message_in_the_source_has_an_english_translation(po):
    extracted = _extracted()
    assert len(extracted) > 500
    def translated(msgid, context) -> bool:
        entry = po.get(msgid, context=context)
        strings = entry.string if entry and isinstance(entry.string, tuple) else (entry and entry.string,)
        return bool(entry) and all(strings)

    missing = [f"{where[0]}:{where[1]} {msgid!r}" for (msgid, context), where in extracted.items()
               if not translated(msgid, context)]
    assert not missing, "untranslated (run `make translations` and translate):\n" + "\n".join(missing[:40])
    fuzzy = [m.id for m in po if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:10]}"
    stale = [m.id for m in po if m.id and (m.id, m.context) not in extracted]
    assert not stale, f"entries no source uses any more (run `make translations`): {stale[:10]}"


def test_translations_keep_the_placeholders_of_their_message(po):
    wrong = []
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        wrong.extend(message.id for s in strings if sorted(PLACEHOLDER.findall(s)) != expected)
    assert not wrong, f"placeholders differ: {wrong[:10]}"


def test_no_chinese_is_left_in_an_english_translation(po):
    chinese = [m.id for m in po if m.id and re.search(r"[\u3400-\u9fff]", str(m.string))
               and m.id != "中文"]
    assert not chinese, chinese[:10]


def test_the_compiled_catalogue_matches_the_po_file(po):
    with open(CATALOGUE / "messages.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = [m.id for m in po if m.id and not isinstance(m.id, tuple)
             and (compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id)) != m.string]
    assert not stale, f"messages.mo is older than messages.po (run `make translations`): {stale[:5]}"


def test_messages_stay_chinese_without_a_reader():
    assert i18n.gettext("该月没有 %(day)s 日", day=31) == "该月没有 31 日"
    assert str(i18n.lazy_gettext("请填写日期")) == "请填写日期"


def test_lazy_messages_follow_the_installed_translations_and_source_language_forces_chinese():
    class English(gettext.NullTranslations):
        def gettext(self, message):
            return {"请填写日期": "Enter a date", "该月没有 %(day)s 日": "There is no day %(day)s"}.get(
                message, message)

    label = i18n.lazy_gettext("请填写日期")
    previous = i18n._provider
    i18n.install(English)
    try:
        assert str(label) == "Enter a date"
        assert i18n.gettext("该月没有 %(day)s 日", day=31) == "There is no day 31"
        with i18n.source_language():
            assert str(label) == "请填写日期"
        assert str(label) == "Enter a date"
    finally:
        i18n.install(previous)


def test_the_reader_chooses_english_in_the_header_and_back(client):
    page = client.get("/guide").get_data(as_text=True)
    assert '<html lang="zh-CN"' in page
    assert 'href="/preferences?lang=en' in page and ">English</a>" in page
    response = client.get("/preferences?lang=en&next=/guide")
    assert response.status_code == 302 and response.headers["Location"].endswith("/guide")
    page = client.get("/guide").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert ">中文</a>" in page and 'lang="zh-CN" hreflang="zh-CN"' in page
    client.get("/preferences?lang=zh_CN&next=/guide")
    assert '<html lang="zh-CN"' in client.get("/guide").get_data(as_text=True)


def test_an_unknown_language_and_the_browser_language_change_nothing(client):
    client.get("/preferences?lang=fr&next=/guide")
    page = client.get("/guide", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="zh-CN"' in page


def test_dates_follow_the_locale(app):
    from flask_babel import refresh

    from recon import locale

    with app.test_request_context("/"):
        refresh()
        assert locale.format_date(date(2026, 3, 7)) == "2026年3月7日（星期六）"
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        refresh()
        assert locale.format_date(date(2026, 3, 7)) == "7 March 2026 (Saturday)"
        refresh()


def test_json_writes_lazy_messages_as_text(app):
    from flask import json

    with app.test_request_context("/"):
        assert json.loads(json.dumps({"error": i18n.lazy_gettext("请填写日期")})) == {"error": "请填写日期"}


def test_the_date_echo_beside_a_date_box_follows_the_locale(app):
    from flask_babel import refresh
    from flask_wtf import FlaskForm

    from recon.fields import LooseDateField

    class Form(FlaskForm):
        class Meta:
            csrf = False

        received = LooseDateField("received")

    for cookie, echo in (("", "2026-03-07（星期六）"), ("lang=en", "2026-03-07 (Saturday)")):
        with app.test_request_context("/", method="POST", data={"received": "2026.3.7"},
                                      headers={"Cookie": cookie}):
            refresh()
            form = Form()
            assert form.validate(), form.errors
            assert form.received.echo == echo
            refresh()


def test_recorded_dates_stay_chinese_on_an_english_page(app):
    from flask_babel import refresh

    from recon.formatting import date_text, format_date_iso_weekday

    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        refresh()
        assert date_text(date(2027, 1, 5)) == "5 January 2027"
        assert format_date_iso_weekday(date(2026, 3, 7), "休息日") == "2026-03-07（星期六，休息日）"
        refresh()


def test_a_refused_document_context_explains_itself_in_the_readers_language(app):
    """The PDF package's own checks raise lazy messages: Chinese inside the build, the reader's
    language once the page shows them."""
    import dataclasses

    from flask_babel import refresh

    from tests.documents import samples

    extension = samples.contexts()["extension_notice"]
    for cookie, expected in (("", "延长后的期限必须晚于原期限"),
                             ("lang=en", "The extended deadline must be later than the original one")):
        with app.test_request_context("/", headers={"Cookie": cookie}):
            refresh()
            with pytest.raises(ValueError) as refused:
                dataclasses.replace(extension, new_due=extension.original_due)
            with i18n.source_language():
                assert str(refused.value) == "延长后的期限必须晚于原期限"
            assert str(refused.value) == expected
            refresh()
