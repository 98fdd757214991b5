"""Incidental review of normative documents (arts. 13, 56–60) through the API and the pages
(issue 14): request, transfer (转送函, 7 working days) or handling (30 days), the suspension under
art. 39 ¶1(9), the letter to the drafting organ (3 working days) and its reply (10 working days),
and the outcome cited by the draft 决定书. Due dates counted by hand with the 2026 State Council
schedule: 中秋 09-25…09-27 and National Day 10-01…10-07 off, Sun 09-20 and Sat 10-10 worked."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from recon.documents.models import Document
from recon.extensions import db
from tests.cases.helpers import postal_case
from tests.cases.test_handling import _clock, _due, _ok, _post  # noqa: F401  (_clock: autouse)
from tests.cases.test_opinions import _text
from tests.documents._pdfutil import text_of

D = date.fromisoformat
RECEIVED = D("2026-09-07")
DOCUMENT = {"name": "合江区食品经营许可管理办法", "doc_no": "合府规〔2025〕3号", "drafting_organ": "合江区人民政府",
            "provisions": "第五条"}


def _accepted(app, client, users):
    case = postal_case(app, users, RECEIVED, normative_review="合江区食品经营许可管理办法")
    _ok(client, case, "accept", {"procedure": "ordinary", "on": "2026-09-08"})
    return case


def test_transfer_issues_the_letter_within_7_working_days_over_national_day(app, client, users, login_as):
    case = _accepted(app, client, users)
    response = _post(client, case, "suspend", {"cause": 9, "on": "2026-09-21"})
    assert response.status_code == 422 and "附带审查" in response.get_json()["errors"]["cause"]

    body = _ok(client, case, "request_normative_review", {**DOCUMENT, "on": "2026-09-28"})
    # 7 WD after Mon 09-28: 09-29, 09-30, (10-01…10-07 off), 10-08, 10-09, 10-10 (Sat, worked), 10-12, 10-13
    assert _due(body, "normative_transfer") == [("open", "2026-10-13")]
    # 09-28 + 30 = Wed 10-28
    assert _due(body, "normative_review") == [("open", "2026-10-28")]
    assert _post(client, case, "request_normative_review", {**DOCUMENT, "on": "2026-09-28"}).status_code == 409

    body = _ok(client, case, "suspend", {"cause": 9, "on": "2026-09-29"})
    assert body["status"] == "suspended"
    assert _due(body, "drafting_organ_notice") == []  # not yet known who deals with it

    body = _ok(client, case, "transfer_normative_review", {"addressee": "合江市人民政府", "on": "2026-10-12",
                                                           "received_on": "2026-10-13"})
    assert _due(body, "normative_transfer") == [("met", "2026-10-13")]
    assert _due(body, "normative_review") == [("cancelled", "2026-10-28")]
    # art. 60: 10-13 + 60 = Sat 12-12 → Mon 12-14
    assert _due(body, "normative_transfer_reply") == [("open", "2026-12-14")]
    letter = db.session.scalar(select(Document).where(Document.case_id == case.id,
                                                      Document.kind == "transfer_letter"))
    words = _text(app, letter)
    assert "合江市人民政府" in words and "《合江区食品经营许可管理办法》（合府规〔2025〕3号）第五条" in words
    assert "2026年9月28日" in words and "六十日内" in words
    assert _post(client, case, "notify_drafting_organ", {"on": "2026-10-13"}).status_code == 409  # transferred

    body = _ok(client, case, "record_normative_outcome", {"outcome": "lawful", "reason": "与上位法不抵触",
                                                          "on": "2026-12-01"})
    assert _due(body, "normative_transfer_reply") == [("met", "2026-12-14")]
    page = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    section = page[page.index('id="normative"'):page.index('id="opinions"')]
    assert "转送合江市人民政府" in section and "相关条款合法" in section


def test_handled_review_with_the_drafting_organs_letter_and_the_outcome_in_the_draft(app, client, users,
                                                                                       login_as):
    case = _accepted(app, client, users)
    body = _ok(client, case, "request_normative_review", {"drafting_organ": "合江区人民政府", "on": "2026-09-22"})
    assert _due(body, "normative_review") == [("open", "2026-10-22")]  # 09-22 + 30, a Thursday
    # 7 WD after Tue 09-22: 09-23, 09-24, (中秋 09-25…27), 09-28, 09-29, 09-30, (国庆), 10-08, 10-09
    assert _due(body, "normative_transfer") == [("open", "2026-10-09")]
    body = _ok(client, case, "handle_normative_review", {"on": "2026-09-23"})
    assert _due(body, "normative_transfer") == [("cancelled", "2026-10-09")]
    assert _post(client, case, "transfer_normative_review", {"addressee": "x", "on": "2026-09-23"}).status_code == 409
    assert _post(client, case, "decide", {"type": "uphold", "on": "2026-09-24"}).status_code == 422  # pending

    body = _ok(client, case, "suspend", {"cause": 9, "on": "2026-09-29"})
    # 3 WD after Tue 09-29: 09-30, (10-01…10-07 off), 10-08, 10-09
    assert _due(body, "drafting_organ_notice") == [("open", "2026-10-09")]
    assert _due(body, "decision")[0][0] == "paused"
    notice = db.session.scalars(select(Document).where(Document.case_id == case.id,
                                                       Document.kind == "suspension_notice")).all()[-1]
    assert "第三十九条第一款第九项" in _text(app, notice) and "2026年9月29日起中止" in _text(app, notice)

    body = _ok(client, case, "notify_drafting_organ", {"on": "2026-10-09", "served_on": "2026-10-09"})
    assert _due(body, "drafting_organ_notice") == [("met", "2026-10-09")]
    letter = db.session.scalar(select(Document).where(Document.case_id == case.id,
                                                      Document.kind == "drafting_organ_letter"))
    words = _text(app, letter)
    assert "合江区人民政府：" in words and "《合江区食品经营许可管理办法》" in words and "第五十八条" in words
    assert "2026年9月29日依法中止" in words and "十个工作日内" in words
    # 10 WD after Fri 10-09: 10-10 (Sat, worked), 10-12…10-16, 10-19…10-22
    assert _due(body, "drafting_organ_reply") == [("open", "2026-10-22")]
    body = _ok(client, case, "record_drafting_organ_reply", {"content": "该条款依据上位法制定", "on": "2026-10-20"})
    assert _due(body, "drafting_organ_reply") == [("met", "2026-10-22")]

    response = _post(client, case, "record_normative_outcome", {"outcome": "maybe", "reason": "x", "on": "2026-10-21"})
    assert response.status_code == 422
    body = _ok(client, case, "record_normative_outcome", {
        "outcome": "unlawful", "reason": "该条款增设了上位法没有规定的许可条件", "on": "2026-10-21"})
    assert _due(body, "normative_review") == [("met", "2026-10-22")]
    _ok(client, case, "resume", {"on": "2026-10-21"})
    _ok(client, case, "decide", {"type": "revoke", "on": "2026-10-22", "performance_days": 30})

    handler = login_as("handler")
    draft = handler.get(f"/cases/{case.id}/decision-draft.pdf")
    assert draft.status_code == 200
    words = re.sub(r"—\d+—草稿", "", text_of(draft.data).replace("\n", ""))  # the page breaks
    assert "《合江区食品经营许可管理办法》" in words
    assert "决定停止该条款的执行，并责令制定机关合江区人民政府予以纠正" in words
    assert "该条款增设了上位法没有规定的许可条件" in words
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    section = page[page.index('id="normative"'):page.index('id="opinions"')]
    assert "决定由本机关自行处理" in section and "该条款依据上位法制定" in section


def test_the_request_form_page_and_only_allowed_actions(app, client, users, login_as):
    case = _accepted(app, client, users)
    handler = login_as("handler")
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/actions/request_normative_review" in page
    for action in ("handle_normative_review", "transfer_normative_review", "notify_drafting_organ",
                   "record_drafting_organ_reply", "record_normative_outcome"):
        assert f"/cases/{case.id}/actions/{action}" not in page
    form = handler.get(f"/cases/{case.id}/actions/request_normative_review").get_data(as_text=True)
    assert "7 个工作日" in form and "30 日" in form
    _ok(client, case, "request_normative_review", {**DOCUMENT, "on": "2026-09-22"})
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    for action in ("handle_normative_review", "transfer_normative_review"):
        assert f"/cases/{case.id}/actions/{action}" in page
    assert f"/cases/{case.id}/actions/request_normative_review" not in page
    assert f"/cases/{case.id}/actions/record_normative_outcome" not in page
