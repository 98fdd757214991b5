"""Art. 20 ¶3 (api.md v1.1): the filing's `timely` from the day the act was known, whether the
organ told of the right, and the day the applicant learned of it (act.rights_known_on)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from recon.cases.models import Case
from recon.clock import today_beijing
from recon.deadlines import calendar_store
from recon.extensions import db
from recon.intake.services import assess_timeliness
from tests.intake.factories import payload, token_for

D = date.fromisoformat


def ago(days: int) -> str:
    return (today_beijing() - timedelta(days=days)).isoformat()


@pytest.fixture
def clerk_headers(client, users):
    return token_for(client, "clerk")


def file(client, headers, known_days: int, informed: bool, rights_days: int | None = None):
    act = {"title": "行政处罚决定书", "doc_no": "", "made_on": ago(known_days), "known_on": ago(known_days),
           "informed_of_rights": informed}
    if rights_days is not None:
        act["rights_known_on"] = ago(rights_days)
    return client.post("/api/v1/applications", headers=headers,
                       json=payload("onsite", act=act, onsite__received_at=ago(0)))


@pytest.mark.parametrize("known_days,informed,rights_days,timely", [
    (30, True, None, True),
    (30, False, None, True),      # within 60 days: in time whether or not told of the right
    (100, True, None, False),
    (100, False, None, None),     # 60 days to a year, not told, no rights_known_on: undecided
    (100, False, 10, True),       # learned of the right 10 days ago
    (200, False, 100, False),     # learned of it 100 days ago: 60 days ran out
    (400, False, 10, False),      # past one year from knowing the act
    (400, False, None, False),
])
def test_timely_through_the_api(client, clerk_headers, known_days, informed, rights_days, timely):
    response = file(client, clerk_headers, known_days, informed, rights_days)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["timely"] is timely
    case = db.session.scalar(select(Case))
    assert case.timely is timely
    assert case.act_rights_known_on == (D(ago(rights_days)) if rights_days is not None else None)


def test_the_year_caps_the_sixty_days_from_the_right(app):
    calendar = calendar_store.load_calendar(db.session)
    # known 2025-01-10, told of the right on 2025-12-20: 60 days would run to 2026-02-18, the year
    # ends on 2026-01-10 (a Saturday: the next working day, 2026-01-12)
    timely, note = assess_timeliness(calendar, D("2026-01-12"), D("2025-01-10"), None, False,
                                     D("2025-12-20"))
    assert timely is True and "至 2026-01-12" in note
    timely, note = assess_timeliness(calendar, D("2026-01-13"), D("2025-01-10"), None, False,
                                     D("2025-12-20"))
    assert timely is False
    timely, note = assess_timeliness(calendar, D("2025-05-01"), D("2025-01-10"), None, False, None)
    assert timely is None and "未填写知道申请权利的日期" in note


@pytest.mark.parametrize("rights,message", [
    (-5, "知道申请权利的日期不能早于知道该行政行为的日期"),
    ("future", "知道申请权利的日期不能晚于今天"),
])
def test_rights_known_on_is_checked(client, clerk_headers, rights, message):
    data = payload("onsite", act__known_on=ago(100), act__made_on=ago(100), act__informed_of_rights=False,
                   onsite__received_at=ago(0))
    data["act"]["rights_known_on"] = (ago(105) if rights == -5
                                      else (today_beijing() + timedelta(days=1)).isoformat())
    response = client.post("/api/v1/applications", headers=clerk_headers, json=data)
    assert response.status_code == 422
    assert response.get_json()["errors"]["act.rights_known_on"] == message


def test_staff_case_page_shows_the_day_the_right_was_learned(client, clerk_headers, login_as):
    file(client, clerk_headers, 100, False, 10)
    case = db.session.scalar(select(Case))
    page = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    day = D(ago(10))
    assert "知道申请权利的日期" in page and f"{day.year}年{day.month}月{day.day}日" in page


def test_openapi_documents_rights_known_on_and_the_timely_rule(client, clerk_headers):
    spec = client.get("/api/v1/openapi.json", headers=clerk_headers).get_json()
    act = spec["components"]["schemas"]["Application"]["properties"]["act"]["properties"]
    assert act["rights_known_on"]["format"] == "date"
    response = spec["paths"]["/applications"]["post"]["responses"]["201"]
    timely = response["content"]["application/json"]["schema"]["allOf"][1]["properties"]["timely"]
    assert "60 日内提交的为 true，无论是否告知申请权利" in timely["description"]
    onsite = spec["components"]["schemas"]["Application"]["properties"]["onsite"]["properties"]
    assert {"type": "string", "format": "date-time"} in onsite["received_at"]["anyOf"]


def test_the_wizard_asks_for_the_day_the_right_was_learned(client, users, login_as):
    from tests.portal.conftest import ACT, fill_all, post_step

    applicant = login_as("applicant")
    draft_id = fill_all(applicant)
    page = applicant.get(f"/apply/{draft_id}/act").get_data(as_text=True)
    assert "没有告知的：您是哪天知道可以申请行政复议的？" in page
    refused = post_step(applicant, draft_id, "act", {
        **ACT, "informed_of_rights": "no", "rights_known_on_year": "2026", "rights_known_on_month": "11",
        "rights_known_on_day": "4"}, expect=422)  # earlier than the day the act was known (5 November)
    assert "知道申请权利的日期不能早于知道该行政行为的日期" in refused.get_data(as_text=True)
    post_step(applicant, draft_id, "act", {**ACT, "informed_of_rights": "no", "rights_known_on_year": "2026",
                                           "rights_known_on_month": "11", "rights_known_on_day": "20"},
              **{"return": "check"})
    assert applicant.post(f"/apply/{draft_id}/submit").status_code == 303
    case = db.session.scalar(select(Case))
    assert case.act_rights_known_on == D("2026-11-20") and not case.informed_of_rights


def test_the_clerk_form_takes_the_day_the_right_was_learned(login_as):
    from tests.intake.test_clerk import form_data, post

    client = login_as("clerk")
    page = client.get("/intake/onsite").get_data(as_text=True)
    assert 'name="act-rights_known_on"' in page
    response = post(client, "/intake/onsite", form_data(**{"act-rights_known_on": "2026年11月20日",
                                                          "act-informed_of_rights": "no"}))
    assert response.status_code == 302, response.get_data(as_text=True)
    case = db.session.scalar(select(Case))
    assert case.act_rights_known_on == D("2026-11-20")
