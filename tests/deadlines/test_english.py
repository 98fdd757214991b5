"""The deadline pages in English (ux.md S1/S12, design.md §8): what people read follows the `lang`
cookie, while the clock's record (derivations, audit entries) stays Chinese."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

import pytest
from flask import g

from recon.audit.models import AuditEntry
from recon.deadlines import calendar_store, display, lifecycle
from recon.deadlines.engine import compute, explain, explain_zh, localized
from recon.errors import DomainError
from recon.extensions import db
from tests.deadlines.helpers import make_case, open_deadline

D = date.fromisoformat


def text(response) -> str:
    return response.get_data(as_text=True)


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@contextmanager
def english_request(app):
    """A request of an English reader, outside the test client. The app fixture keeps one app
    context open, which a request context reuses: give it a fresh `g`, as a real request gets."""
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        for key in list(g):
            g.pop(key)
        try:
            yield
        finally:
            for key in list(g):
                g.pop(key)


@pytest.fixture
def english(login_as):
    def _login(role: str):
        client = login_as(role)
        client.set_cookie("lang", "en")
        return client

    return _login


def test_calculator_in_english_and_in_chinese(login_as, english):
    html = text(english("clerk").get("/deadlines/calculator"))
    assert h1(html) == "Deadline calculator"
    assert ("Acceptance review period (5 working days, Administrative Reconsideration Law, "
            "Article 30)") in html
    assert "Calculate the due date" in html and "期限计算器" not in html

    client = login_as("clerk")
    client.set_cookie("lang", "zh_CN")
    html = text(client.get("/deadlines/calculator"))
    assert h1(html) == "期限计算器"
    assert "受理审查期限（5个工作日，《行政复议法》第三十条）" in html


def test_calculator_result_and_derivation_in_english(english):
    response = english("handler").post("/deadlines/calculator",
                                       data={"rule": "acceptance_review", "start": "2024-09-27"})
    assert response.status_code == 200
    html = text(response)
    assert "Due date: <strong>10 October 2024 (Thursday)</strong>" in html
    assert "2024-09-27 (Friday, working day)" in html  # the C3 echo
    assert "<summary>How it was calculated</summary>" in html
    assert ("Acceptance review period: 5 working days (Administrative Reconsideration Law, "
            "Article 30)") in html
    assert ("Working day 1: 2024-09-29 Sunday, adjusted working day (National Day), counted"
            in html)
    assert "2024-10-01 to 2024-10-07: National Day holiday, not counted" in html
    assert "When the deadline expires: If no decision to refuse acceptance is made" in html
    assert "起算日" not in html and "国庆节" not in html


def test_calculator_errors_in_english(english):
    client = english("clerk")
    html = text(client.post("/deadlines/calculator", data={"rule": "nope", "start": "2024-09-27"}))
    assert "Choose a deadline rule from the list" in html
    html = text(client.post("/deadlines/calculator", data={
        "rule": "acceptance_review", "start": "2024-09-27", "extension_days": "10"}))
    assert ("Acceptance review period (Administrative Reconsideration Law, Article 30) cannot be "
            "extended by law") in html
    html = text(client.post("/deadlines/calculator", data={
        "rule": "decision", "start": "2024-09-27", "pause_to_1": "2024-10-01"}))
    assert "Enter the suspension date of suspension 1" in html


def test_the_record_stays_chinese_in_an_english_request(app, users):
    case = make_case()
    with english_request(app):
        deadline = open_deadline(case, "acceptance_review", "2024-09-27", users["handler"])
        assert deadline.derivation["trail"][0]["note"].startswith("起算日：2024-09-27 星期五")
        assert explain_zh(lifecycle.deadline_result(deadline))[0].startswith("受理审查期限：5个工作日")
        entry = db.session.query(AuditEntry).filter_by(action="deadline.open").one()
        assert entry.summary.startswith("开始计算受理审查期限")
        with pytest.raises(DomainError) as refusal:
            lifecycle.meet(db.session, deadline, D("2024-09-01"), users["handler"])
        assert refusal.value.message == (
            "The date met, 1 September 2024, is before the start date, 27 September 2024. "
            "Check the date")
        badge = display.badge(deadline, calendar_store.load_calendar(db.session), D("2024-10-14"))
        assert badge["text"] == "3 working days overdue"  # 12 October was a 调休 Saturday
        assert badge["title"] == "10 October 2024 (Thursday)"


def test_localized_is_the_recorded_result_in_chinese_and_a_translation_in_english(app):
    calendar = calendar_store.load_calendar(db.session)
    result = compute("decision", D("2024-03-01"), calendar, pauses=[(D("2024-03-21"), None)])
    assert localized(result, calendar).to_dict() == result.to_dict()
    assert explain(localized(result, calendar)) == explain_zh(result)
    with english_request(app):
        assert compute("decision", D("2024-03-01"), calendar).to_dict()["trail"][0]["note"] \
            .startswith("起算日")
        shown = localized(result, calendar)
        assert (shown.due, shown.paused, shown.remaining_days) == (None, True, 40)
        assert shown.trail[1].note.startswith("Suspended from 2024-03-21, not yet resumed")
        assert explain(shown)[-1] == ("The deadline is suspended; the due date will be "
                                      "recalculated when it resumes")


def test_board_and_detail_in_english(english, users):
    handler = users["handler"]
    case = make_case(serial=17)
    overdue = open_deadline(case, "acceptance_review", "2020-06-01", handler)
    paused = open_deadline(case, "decision", "2026-10-01", handler)
    lifecycle.pause(db.session, paused, D("2026-10-20"), handler)
    db.session.commit()
    client = english("supervisor")
    html = text(client.get("/deadlines/"))
    assert h1(html) == "Deadline board"
    assert "All running deadlines: 2." in html
    assert "Working-day calendar warnings" in html and "has been entered up to 2026" in html
    assert "Acceptance review period" in html and "working days overdue" in html
    assert "Suspended" in html and "期限看板" not in html

    html = text(client.get(f"/deadlines/{overdue.id}"))
    assert h1(html) == "Acceptance review period"
    assert "Due date: 2020-06-08 Monday (working day 5)" in html
    html = text(client.get(f"/deadlines/{paused.id}"))
    assert "Time limit for the administrative reconsideration decision (ordinary procedure)" in html
    assert "1 suspension, see below" in html
    assert paused.derivation["trail"][1]["note"].startswith("2026-10-20 起中止")


def test_calendar_admin_in_english(english, users):
    client = english("admin")
    html = text(client.get("/admin/calendar?year=2026"))
    assert h1(html) == "Working-day calendar"
    assert html.count("<caption>") == 12 and "<caption>October 2026</caption>" in html
    assert '<abbr title="Monday">Mon</abbr>' in html
    assert 'title="2026-10-10 Saturday adjusted working day (National Day)"' in html
    assert ">Off</span>" in html and ">Work</span>" in html
    assert "The public holiday schedule for 2026 has been entered (source: chinesecalendar data)." \
        in html

    case = make_case()
    open_deadline(case, "acceptance_review", "2026-12-28", users["handler"])
    db.session.commit()
    response = client.post("/admin/calendar/day", data={
        "day-day": "2027-01-04", "day-kind": "rest", "day-name": "元旦"})
    assert response.status_code == 302
    html = text(client.get(response.headers["Location"]))
    assert ("2027-01-04 (Monday) is now a rest day (元旦). Running deadlines recalculated: 1; with "
            "a changed due date or provisional status: 1.") in html
    entry = db.session.query(AuditEntry).filter_by(action="calendar.set_day").one()
    assert entry.summary.startswith("修改工作日历：2027-01-04（星期一） 设为休息日")

    response = client.post("/admin/calendar/notice", data={
        "notice-year": "2027", "notice-rest_periods": "2027-01-01 2027-01-03"})
    assert response.status_code == 422
    assert "Line 1 has no festival name, for example “New Year&#39;s Day”" in text(response)
