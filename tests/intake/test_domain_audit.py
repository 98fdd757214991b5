"""Intake against domain.md, case by case: timeliness (arts. 20, 21 with CPL art. 85), the organ's
clock from the day of receipt (art. 30, 31), the receipt, and a period that runs into a year
without a State Council schedule (domain.md §10.2, §12 X6).

Every expected date was worked out by hand from the schedules in domain.md §10.1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from recon.cases.models import CaseEvent
from recon.deadlines import calendar_edits
from recon.deadlines.calendar import Calendar
from recon.deadlines.models import Deadline
from recon.documents import services as documents
from recon.extensions import db
from recon.intake import services as intake
from recon.intake.forms import ApplicationForm
from recon.intake.settings import intake_settings
from recon.storage import Storage
from tests.conftest import FIXED_NOW
from tests.documents._pdfutil import text_of
from tests.intake.factories import payload

D = date.fromisoformat
DEC_28 = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)  # Monday 10:00 Beijing


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.from_chinese_calendar()


def register(app, actor, now, channel="online", **changes):
    form = ApplicationForm(data=payload(channel, **changes), today=now.date())
    assert form.validate(), form.errors
    result = intake.register_application(db.session, form.data, actor, now,
                                         storage=Storage(app.config["STORAGE_DIR"]),
                                         settings=intake_settings(app.config))
    db.session.commit()
    return result


def receipt_text(app, registration) -> str:
    storage = intake_settings(app.config).documents.storage
    return text_of(documents.document_bytes(registration.receipt, storage))


def deadline(case, rule) -> Deadline:
    return db.session.scalar(select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == rule))


# ---- art. 20 ¶1 with CPL art. 85: 60 natural days, start day excluded, last rest day rolls ------

TIMELINESS = [
    # (filed_on, known_on, made_on, informed, expected, note)
    ("2026-10-08", "2026-08-02", None, True, True, "raw 10-01 (国庆) rolls to Thu 10-08"),
    ("2026-10-09", "2026-08-02", None, True, False, "one day after the rolled end"),
    ("2026-02-24", "2025-12-17", None, True, True, "raw 02-15 inside 春节 2026 rolls to 02-24"),
    ("2026-02-25", "2025-12-17", None, True, False, "after the rolled end"),
    ("2026-10-10", "2026-08-11", None, True, True, "raw Sat 10-10 is a 调休 workday: no roll"),
    ("2026-10-12", "2026-08-11", None, True, False, "so Monday 10-12 is late"),
    ("2024-04-29", "2024-02-29", None, True, True, "leap day start: raw 04-29"),
    # art. 20 ¶3: not informed → the 60 days run from knowing the rights (a date recon does not
    # ask for), capped at 1 year from knowing the act; undecided (null, api.md) below the cap
    ("2026-10-08", "2026-08-02", None, False, None, "inside 60 days of known_on: still null"),
    ("2026-10-09", "2026-08-02", None, False, None, "depends on when the rights became known"),
    ("2025-02-28", "2024-02-29", None, False, None, "1 year from 29 Feb ends 28 Feb (民法典 202)"),
    ("2025-03-03", "2024-02-29", None, False, False, "past the 1-year cap"),
    ("2026-10-08", "2025-10-01", None, False, None, "1 year lands on 国庆 2026, rolls to 10-08"),
    ("2026-10-09", "2025-10-01", None, False, False, "past the rolled cap"),
    # art. 21: 5 years from the day the act was made, corresponding day, rolled forward
    ("2026-10-08", "2026-09-01", "2021-10-01", True, True, "5 years to 国庆 2026, rolls to 10-08"),
    ("2026-10-09", "2026-09-01", "2021-10-01", True, False, "past the 5-year cap"),
    ("2025-02-28", "2025-01-10", "2020-02-29", True, True, "29 Feb + 5 years = 28 Feb"),
    ("2025-03-03", "2025-01-10", "2020-02-29", True, False, "past the 5-year cap (Mon 03-03)"),
]


@pytest.mark.parametrize(("filed", "known", "made", "informed", "expected", "note"), TIMELINESS,
                         ids=[f"{t[0]}-{t[1]}-{t[3]}" for t in TIMELINESS])
def test_timeliness_follows_articles_20_and_21(cal, filed, known, made, informed, expected, note):
    timely, explanation = intake.assess_timeliness(cal, D(filed), D(known),
                                                   D(made) if made else None, informed)
    assert timely is expected, (note, explanation)
    if made and expected is False:
        assert "第二十一条" in explanation


def test_postal_timeliness_goes_by_the_postmark_and_the_review_by_the_day_of_receipt(app, users):
    """CPL art. 85 ¶4: posted on the last day is in time. Art. 30: the organ's 5 working days run
    from its own receipt. Known 09-25 (中秋, Fri) + 60 = Tue 11-24."""
    clerk = users["clerk"]
    in_time = register(app, clerk, FIXED_NOW, "postal", act__known_on="2026-09-25",
                       act__made_on="2026-09-25", postal__postmark_on="2026-11-24",
                       postal__received_on="2026-11-26").case
    assert (in_time.filed_on, in_time.received_on, in_time.timely) == (D("2026-11-24"),
                                                                        D("2026-11-26"), True)
    # Thu 11-26 + 5 working days: 11-27, 11-30, 12-01, 12-02, 12-03
    assert deadline(in_time, "acceptance_review").due_on == D("2026-12-03")
    assert deadline(in_time, "correction_notice").due_on == D("2026-12-03")
    late = register(app, clerk, FIXED_NOW, "postal", act__known_on="2026-09-25",
                    act__made_on="2026-09-25", act__doc_no="另一文号",
                    postal__postmark_on="2026-11-25", postal__received_on="2026-11-26").case
    assert late.timely is False and late.status == "received"  # flagged, never refused


# ---- the receipt ---------------------------------------------------------------------------------


def test_postal_receipt_gives_the_day_the_letter_arrived_not_the_day_it_was_registered(app, users):
    """The receipt's 接收时间 is the day that starts the 5 working days (received_on, 11-20), even
    when the clerk registers the letter a week later (11-27, 10:00)."""
    registration = register(app, users["clerk"], FIXED_NOW, "postal")
    case = registration.case
    assert case.received_on == D("2026-11-20")
    text = receipt_text(app, registration)
    assert "接收时间2026年11月20日" in text
    assert "2026年11月27日上午10时" not in text
    # Fri 11-20 + 5 working days = Fri 11-27
    assert "受理审查期限至2026年11月27日" in text


def test_onsite_receipt_of_an_earlier_day_gives_that_day(app, users):
    registration = register(app, users["clerk"], FIXED_NOW, "onsite", onsite__received_at="2026-11-26")
    text = receipt_text(app, registration)
    assert "接收时间2026年11月26日" in text and "上午10时" not in text


def test_online_receipt_keeps_the_time_of_submission(app, users):
    text = receipt_text(app, register(app, users["applicant"], FIXED_NOW))
    assert "接收时间2026年11月27日上午10时" in text
    assert "受理审查期限至2026年12月4日" in text and "暂定" not in text


# ---- a period running into 2027 (chinesecalendar 1.11 stops at 2026) ----------------------------


def test_receipt_marks_an_acceptance_due_date_in_2027_as_provisional(app, users):
    """Received Fri 2026-12-25: 12-28, 12-29, 12-30, 12-31, (fallback 元旦 01-01, weekend) 01-04."""
    registration = register(app, users["clerk"], DEC_28, "postal", postal__postmark_on="2026-12-22",
                            postal__received_on="2026-12-25")
    case = registration.case
    review = deadline(case, "acceptance_review")
    assert (review.due_on, review.provisional) == (D("2027-01-04"), True)
    assert deadline(case, "correction_notice").provisional is True
    assert registration.receipt.context["data"]["acceptance_due_provisional"] is True
    text = receipt_text(app, registration)
    assert "受理审查期限至2027年1月4日（暂定）" in text
    assert "（至2027年1月4日，暂定）" in text
    assert "国务院公布2027年放假安排后" in text


def test_entering_the_2027_notice_recomputes_the_opening_deadlines(app, users):
    registration = register(app, users["clerk"], DEC_28, "postal", postal__postmark_on="2026-12-28",
                            postal__received_on="2026-12-28", act__known_on="2026-11-02")
    case = registration.case
    # Mon 12-28: 12-29, 12-30, 12-31, (01-01 fallback 元旦, weekend) 01-04, 01-05
    assert deadline(case, "acceptance_review").due_on == D("2027-01-05")
    # A (made-up) notice: 元旦 rest 01-01..01-04
    calendar_edits.enter_year_notice(db.session, 2027, [(D("2027-01-01"), D("2027-01-04"), "元旦")],
                                        [], None, users["admin"], DEC_28)
    db.session.commit()
    for rule in intake.OPENING_RULES:
        row = deadline(case, rule)
        assert (row.due_on, row.provisional) == (D("2027-01-06"), False)
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                        CaseEvent.kind == "deadline.due_changed")).all()
    assert len(events) == 2 and "2027年1月6日" in events[0].summary


def test_applicant_pages_mark_a_provisional_review_date(app, users, login_as):
    case = register(app, users["applicant"], DEC_28).case
    # Mon 12-28 online: 12-29, 12-30, 12-31, 01-04, 01-05 (fallback)
    assert deadline(case, "acceptance_review").provisional is True
    client = login_as("applicant")
    page = client.get(f"/my/cases/{case.case_no}/submitted").get_data(as_text=True)
    assert "2027年1月5日（星期二）（暂定：该年度节假日安排尚未公布）" in page
    lookup = app.test_client().post("/lookup", data={"case_no": case.case_no,
                                                     "query_code": case.query_code})
    assert "2027年1月5日（星期二）（暂定）" in lookup.get_data(as_text=True)
