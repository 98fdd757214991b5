"""Hostile input on the HTML forms (not the JSON API): never a 500; a refusal says in Chinese what
is wrong, keeps what was typed and saves nothing (no case, party or material row, no stored file);
what is accepted is stored exactly as typed and audited.

The crawl of every route with an empty form is tests/test_route_crawl.py; this module sends the
values people (or scripts) really send: very long text, NUL bytes, emoji, markup, blank text,
impossible dates, disguised, empty and oversized files.
"""

from __future__ import annotations

import inspect
import io
import os
import re

import pytest
from sqlalchemy import func, select
from wtforms import Form
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

from recon.audit.models import AuditEntry
from recon.cases.models import Case, Material, Party
from recon.extensions import db
from tests.intake.factories import PDF_BYTES
from tests.intake.test_clerk import form_data

LONG = "长" * 100_000
NUL = "张\x00三"
CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR = re.compile(r'class="error-message"[^>]*>(.*?)</p>', re.S)


def _page(response) -> str:
    return response.get_data(as_text=True)


def _errors(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", e).strip() for e in ERROR.findall(page)]


def _rows() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Case, Party, Material))


def _stored_files(app) -> list[str]:
    return [name for _root, _dirs, names in os.walk(app.config["STORAGE_DIR"]) for name in names]


def _post_entry(client, channel: str, data: dict, files=()):
    payload = dict(data)
    for name, content, filename in files:
        payload[name] = (io.BytesIO(content), filename)
    return client.post(f"/intake/{channel}", data=payload, content_type="multipart/form-data")


def _kept(field: str) -> str:
    """A value of ``form_data`` that the refused page must show again (one not replaced)."""
    return "合江区东风路 3 号" if field != "applicant-address" else "行政拘留决定书"


def _assert_refused(app, response, before, message: str | None = None, kept: str | None = None):
    page = _page(response)
    assert 400 <= response.status_code < 500, (response.status_code, page[:300])
    errors = _errors(page)
    assert errors and all(CJK.search(e) for e in errors), errors
    assert not any("Field" in e or "characters" in e for e in errors), errors
    if message:
        assert any(message in e for e in errors), errors
    if kept:
        assert kept in page, "the typed input is kept"
    assert _rows() == before, "nothing saved"
    assert _stored_files(app) == [], "no stored file"


# ---- clerk on-site and postal entry (recon/intake) ------------------------------------------------


#: (channel, field, limit): every length limit of the entry form says so in Chinese
LIMITED = [
    ("onsite", "applicant-name", 200), ("onsite", "applicant-address", 300),
    ("onsite", "applicant-email", 120), ("onsite", "agents-0-name", 80),
    ("onsite", "third_parties-0-name", 200), ("onsite", "respondent-name", 200),
    ("onsite", "act-title", 300), ("onsite", "act-doc_no", 120), ("onsite", "request", 5000),
    ("onsite", "facts_and_reasons", 20000), ("postal", "postal-tracking_no", 40),
    ("postal", "postal-sender_address", 300),
]


@pytest.mark.parametrize(("channel", "field", "limit"), LIMITED, ids=[f[1] for f in LIMITED])
def test_entry_too_long_is_refused_in_chinese(app, login_as, channel, field, limit):
    client = login_as("clerk")
    before = _rows()
    data = form_data(channel, **{field: LONG})
    if field.startswith("agents-0"):
        data.update({"agents-0-id_number": "110101198001010053", "agents-0-phone": "13800138001"})
    response = _post_entry(client, channel, data, files=[("file_application", PDF_BYTES, "申请书.pdf")])
    _assert_refused(app, response, before, message=f"不超过 {limit} 个字", kept=_kept(field))


NUL_FIELDS = ["applicant-name", "applicant-address", "respondent-name", "act-title", "act-doc_no",
              "request", "facts_and_reasons", "onsite-oral_statement"]


@pytest.mark.parametrize("field", NUL_FIELDS)
def test_entry_nul_byte_is_refused(app, login_as, field):
    """PostgreSQL refuses NUL in text (a 500 there); the JSON API refuses it already."""
    client = login_as("clerk")
    before = _rows()
    data = form_data("onsite", **{field: NUL})
    if field == "onsite-oral_statement":
        data["onsite-oral"] = "y"
    response = _post_entry(client, "onsite", data, files=[("file_application", PDF_BYTES, "申请书.pdf")])
    _assert_refused(app, response, before, message="含有无法识别的字符", kept=_kept(field))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("act-known_on", "2026-02-30", None),
    ("act-known_on", "0000-01-01", None),
    ("act-known_on", "9999-12-31", "年份必须是 1900 到 2100 之间"),
    ("act-made_on", "2099-12-31", "不能晚于今天"),
    ("act-known_on", "2026-10-01", "知道日期不能早于行政行为的作出日期"),
    ("act-known_on", "明天", None),
    ("act-known_on", "   ", "请填写您知道该行政行为的日期"),
    ("postal-received_on", "2026-11-01", "收件日期不能早于邮戳日期"),
    ("postal-postmark_on", "2026/13/1", None),
], ids=lambda v: v if isinstance(v, str) else None)
def test_entry_bad_dates_are_refused(app, login_as, field, value, message):
    client = login_as("clerk")
    before = _rows()
    channel = "postal" if field.startswith("postal") else "onsite"
    response = _post_entry(client, channel, form_data(channel, **{field: value}))
    _assert_refused(app, response, before, message=message, kept="合江区东风路 3 号")


def test_entry_refuses_whitespace_only_required_text(app, login_as):
    client = login_as("clerk")
    before = _rows()
    response = _post_entry(client, "onsite", form_data(**{"applicant-name": " \u3000\t ",
                                                          "request": "\u3000"}))
    _assert_refused(app, response, before, message="请填写申请人姓名", kept="合江区东风路 3 号")


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"", "空.pdf", "是空文件"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "证据.pdf", "不是 PDF、JPG、PNG 格式"),
    (b"<html><script>alert(1)</script>", "照片.jpg", "不是 PDF、JPG、PNG 格式"),
    (b"%PDF-" + b"0" * (20 * 1024 * 1024), "大.pdf", "超过 20 MB"),
], ids=["empty", "exe-as-pdf", "html-as-jpg", "over-limit"])
def test_entry_refused_file_leaves_no_case_and_no_file(app, login_as, content, filename, message):
    """A good file beside the refused one is not kept on disk either (no orphaned file)."""
    client = login_as("clerk")
    before = _rows()
    response = _post_entry(client, "onsite", form_data(), files=[
        ("file_application", PDF_BYTES, "申请书.pdf"), ("file_evidence", content, filename)])
    page = _page(response)
    assert response.status_code == 422 and message in page
    assert "合江区东风路 3 号" in page
    assert _rows() == before and _stored_files(app) == []


def test_entry_hostile_but_valid_text_is_stored_exactly_and_audited(app, login_as):
    facts = "😀👨‍👩‍👧 <script>alert('x')</script> & 〔2026〕\u200b 第二行\r\n第三行 𠀀"
    client = login_as("clerk")
    response = _post_entry(client, "onsite", form_data(**{
        "facts_and_reasons": facts, "applicant-name": "<b>王芳</b>😀", "act-doc_no": "合公决字〔2026〕5号"}),
        files=[("file_application", PDF_BYTES, "申请书.pdf")])
    assert response.status_code == 302, _page(response)[:500]
    case = db.session.scalar(select(Case))
    kept = facts.replace("\u200b", "")  # the zero-width space goes (issue 12); the emoji's joiners stay
    assert case.facts_and_reasons in (kept.replace("\r\n", "\n"), kept)
    assert case.parties[0].name == "<b>王芳</b>😀"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.case_id == case.id,
                                                      AuditEntry.action == "case.register"))
    page = _page(client.get(f"/cases/{case.id}"))
    assert "<script>alert" not in page and "&lt;b&gt;王芳&lt;/b&gt;😀" in page


def test_entry_file_name_with_control_characters_is_cleaned(app, login_as):
    """A file name with NUL (which PostgreSQL refuses) is stored without it, not as a 500."""
    client = login_as("clerk")
    response = _post_entry(client, "onsite", form_data(),
                           files=[("file_application", PDF_BYTES, "申请\x00书\x07.pdf")])
    assert response.status_code == 302, _page(response)[:500]
    assert db.session.scalar(select(Material.filename)) == "申请书.pdf"


def test_entry_long_file_name_keeps_its_extension(app, login_as):
    """A name over 200 characters is shortened visibly (…) and still says what the file is."""
    client = login_as("clerk")
    response = _post_entry(client, "onsite", form_data(),
                           files=[("file_application", PDF_BYTES, "申" * 300 + ".pdf")])
    assert response.status_code == 302, _page(response)[:500]
    assert db.session.scalar(select(Material.filename)) == "申" * 195 + "….pdf"


@pytest.mark.parametrize(("name", "expected"), [
    ("申" * 200 + ".pdf", "申" * 195 + "….pdf"),
    ("申" * 196 + ".pdf", "申" * 196 + ".pdf"),  # exactly 200: unchanged
    ("a" * 250, "a" * 199 + "…"),  # no extension
    ("证据." + "x" * 250, "证据." + "x" * 196 + "…"),  # not an extension: too long to be one
    ("C:\\Users\\张三\\" + "长" * 210 + ".JPEG", "长" * 194 + "….JPEG"),
])
def test_clean_filename_shortens_visibly_and_keeps_the_extension(name, expected):
    from recon.intake.uploads import clean_filename

    cleaned = clean_filename(name)
    assert cleaned == expected
    assert len(cleaned) <= 200


# ---- the applicant's wizard (recon/portal) --------------------------------------------------------


def _start_draft(client) -> int:
    response = client.post("/apply", data={"acknowledged": "y"})
    assert response.status_code == 303, _page(response)[:300]
    return int(re.search(r"/apply/(\d+)/", response.headers["Location"]).group(1))


WIZARD = {
    "applicant": {"kind": "person", "name": "张三", "id_number": "440304199003072013",
                  "phone": "13800138000", "address": "合江区人民路 8 号", "postcode": "646200",
                  "email": "", "legal_representative": ""},
    "agents": {"has_agents": "no"},
    "third_parties": {"has_third_parties": "no"},
    "respondent": {"name": "合江区公安分局"},
    "act": {"title": "行政处罚决定书", "doc_no": "合市监罚〔2026〕15号", "made_on_year": "2026",
            "made_on_month": "11", "made_on_day": "2", "known_on_year": "2026",
            "known_on_month": "11", "known_on_day": "5", "informed_of_rights": "yes"},
    "request": {"request": "请求撤销行政处罚决定"},
    "facts": {"facts_and_reasons": "认定事实不清。", "litigation_filed": "no", "normative_review": ""},
}
WIZARD_CASES = [
    ("applicant", "name", NUL, "含有无法识别的字符", "合江区人民路 8 号"),
    ("applicant", "address", LONG, "不超过 300 个字", "440304199003072013"),
    ("applicant", "email", LONG, "不超过 120 个字", "440304199003072013"),
    ("applicant", "email", "张三@", "电子邮箱格式不正确，例如 name@example.com", 'value="张三@"'),
    ("applicant", "kind", "alien", "申请人类型只能是", "440304199003072013"),
    # a hand-made request's unknown radio value is neither yes nor no
    ("agents", "has_agents", "maybe", "请从列出的选项中选择一项", None),
    ("third_parties", "has_third_parties", "1", "请从列出的选项中选择一项", None),
    ("act", "informed_of_rights", "maybe", "请从列出的选项中选择一项", "行政处罚决定书"),
    ("facts", "litigation_filed", "true", "请从列出的选项中选择一项", "认定事实不清。"),
    ("respondent", "name", NUL, "含有无法识别的字符", None),
    ("act", "title", NUL, "含有无法识别的字符", "合市监罚〔2026〕15号"),
    ("act", "title", LONG, "不超过 300 个字", "合市监罚〔2026〕15号"),
    ("act", "doc_no", LONG, "不超过 120 个字", "行政处罚决定书"),
    ("act", "known_on_month", "13", "月份", "行政处罚决定书"),
    ("act", "known_on_day", "30\x00", None, "行政处罚决定书"),
    ("act", "known_on_month", "10", "知道日期不能早于", "行政处罚决定书"),
    ("request", "request", NUL, "含有无法识别的字符", None),
    ("facts", "facts_and_reasons", NUL, "含有无法识别的字符", None),
    ("facts", "normative_review", LONG, "不超过 5000 个字", "认定事实不清。"),
]


@pytest.mark.parametrize(("step", "field", "value", "message", "kept"), WIZARD_CASES,
                         ids=[f"{c[0]}-{c[1]}-{'long' if c[2] is LONG else 'bad'}" for c in WIZARD_CASES])
def test_wizard_step_refuses_hostile_text(app, login_as, step, field, value, message, kept):
    client = login_as("applicant")
    draft_id = _start_draft(client)
    audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.post(f"/apply/{draft_id}/{step}", data={**WIZARD[step], field: value})
    page = _page(response)
    assert response.status_code == 422, page[:300]
    errors = _errors(page)
    assert errors and all(CJK.search(e) for e in errors), errors
    if message:
        assert any(message in e for e in errors), errors
    if kept:
        assert kept in page
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audited, "nothing saved"


def test_wizard_upload_refusals_store_nothing(app, login_as):
    client = login_as("applicant")
    draft_id = _start_draft(client)
    for content, name in ((b"", "空.pdf"), (b"GIF89a....", "照片.png"), (b"\x00" * 16, "x\x00.jpg")):
        response = client.post(f"/apply/{draft_id}/evidence", content_type="multipart/form-data",
                               data={"action": "upload", "item": "evidence",
                                     "files": [(io.BytesIO(content), name)]})
        assert response.status_code == 422 and CJK.search(" ".join(_errors(_page(response))))
    assert _stored_files(app) == []


def test_wizard_upload_with_an_unknown_material_item_is_refused(app, login_as):
    """An unknown 材料类别 is refused, not stored silently as 证据."""
    from recon.intake.models import Upload

    client = login_as("applicant")
    draft_id = _start_draft(client)
    response = client.post(f"/apply/{draft_id}/evidence", content_type="multipart/form-data",
                           data={"action": "upload", "item": "passport",
                                 "files": [(io.BytesIO(PDF_BYTES), "证据.pdf")]})
    assert response.status_code == 422
    page = _page(response)
    assert page.count("请从列出的选项中选择一项") == 2 and 'href="#item"' in page  # summary + field
    response = client.post(f"/apply/{draft_id}/files", content_type="multipart/form-data",
                           data={"item": "passport", "file": (io.BytesIO(PDF_BYTES), "证据.pdf")})
    assert response.status_code == 422
    assert response.get_json() == {"error": "请从列出的选项中选择一项"}
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    assert _stored_files(app) == []


# ---- the other forms --------------------------------------------------------------------------


def test_public_lookup_with_hostile_values(app, client):
    for case_no, code in ((NUL, "ABCD2345"), (LONG, LONG), ("合府复〔9999〕99999999999号", "<script>"),
                          (" \u3000", "   ")):
        response = client.post("/lookup", data={"case_no": case_no, "query_code": code})
        assert 400 <= response.status_code < 500
        assert (CJK.search(" ".join(_errors(_page(response)))) or "申请编号或查询码不正确" in _page(response)
                or "提交的内容过大" in _page(response))  # two 100,000-character boxes: over 1 MB


def test_register_refuses_nul_and_keeps_input(app, client):
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.post("/register", data={"display_name": NUL, "contact": "13800138123",
                                              "password": "Abcdef123456", "confirm": "Abcdef123456"})
    assert response.status_code == 422
    assert any("含有无法识别的字符" in e for e in _errors(_page(response)))
    assert "13800138123" in _page(response)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before


@pytest.mark.parametrize(("data", "message"), [
    ({"start": "2026-02-30"}, None),
    ({"start": "0000-01-01"}, None),
    ({"start": "9999-12-31"}, None),
    ({"start": "2026-11-02", "extension_days": "99999999999999999999"}, None),
    ({"start": "2026-11-02", "extension_days": "abc"}, "延长天数只能填写整数"),
    ({"start": "2026-11-02", "pause_from_1": "2026-11-05", "pause_to_1": "2026-11-01"}, None),
    ({"start": "2026-11-02", "rule": "<script>"}, "请从列表中选择期限规则"),
    ({"start": NUL}, "请按 2026-03-07 的格式填写日期"),
], ids=["feb30", "year0", "year9999", "huge-extension", "not-a-number", "resume-before-pause",
        "unknown-rule", "nul"])
def test_deadline_calculator_hostile_values(app, login_as, data, message):
    client = login_as("handler")
    response = client.post("/deadlines/calculator", data={"rule": "acceptance_review", **data})
    assert response.status_code < 500
    page = _page(response)
    if response.status_code != 200:
        errors = _errors(page)
        assert errors and all(CJK.search(e) for e in errors), errors
        if message:
            assert any(message in e for e in errors), errors


def test_admin_forms_refuse_nul(app, login_as):
    client = login_as("admin")
    audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
    for url, data in (
        ("/admin/calendar/day", {"day-day": "2027-02-07", "day-kind": "rest", "day-name": NUL}),
        ("/admin/calendar/notice", {"notice-year": "2027", "notice-notice_title": NUL,
                                    "notice-rest_periods": "2027-01-01 2027-01-03 元旦"}),
        ("/admin/users", {"username": "clerk9", "display_name": NUL, "role": "clerk",
                          "password": "Abcdef123456"}),
        ("/admin/templates/receipt", {"body": "收件回执\x00", "note": "修改"}),
    ):
        response = client.post(url, data=data)
        assert response.status_code == 422, (url, response.status_code)
        assert any("含有无法识别的字符" in e for e in _errors(_page(response))), url
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audited


# ---- every limit speaks Chinese -----------------------------------------------------------------


def _plain_forms():
    import recon.evaluations.forms
    import recon.intake.forms
    import recon.portal.forms

    for module in (recon.intake.forms, recon.portal.forms, recon.evaluations.forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Form) and cls.__module__ == module.__name__:
                yield cls


def test_every_length_limit_has_a_chinese_message():
    """Plain wtforms ``Form`` classes get no translations: a ``Length`` without a message says
    "Field cannot be longer than 300 characters." on a Chinese page."""
    missing = []
    for cls in _plain_forms():
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            if not isinstance(unbound, UnboundField):
                continue
            for validator in unbound.kwargs.get("validators") or ():
                if isinstance(validator, Length) and validator.message is None:
                    missing.append(f"{cls.__name__}.{name}")
    assert not missing, missing


def test_every_page_form_checks_for_unreadable_characters():
    import recon.auth.forms
    import recon.deadlines.forms
    import recon.documents.forms
    from recon.fields import ReadableText

    without = []
    for module in (recon.auth.forms, recon.deadlines.forms, recon.documents.forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Form) and cls.__module__ == module.__name__ \
                    and cls.__name__ != "VerifyFileForm" and not issubclass(cls, ReadableText):
                without.append(cls.__name__)
    without += [cls.__name__ for cls in _plain_forms() if not issubclass(cls, ReadableText)]
    assert not without, without
