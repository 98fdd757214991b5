"""The sweep applies the law's consequences through the status machine, exactly once: deemed
acceptance when the acceptance review runs out (art. 30 ¶3), deemed abandonment when the
correction period runs out with no supplement (art. 31 ¶2)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from recon.cases.models import CaseEvent
from recon.extensions import db
from recon.notifications.models import Notification
from recon.scheduler import run_job
from tests.cases.helpers import act, beijing, deadlines_of, postal_case

D = date.fromisoformat


def _events(case, kind: str) -> list[CaseEvent]:
    return list(db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                           CaseEvent.kind == kind)))


def test_the_sweep_deems_the_case_accepted_as_of_the_reviews_last_day(app, users):
    """Received Fri 2024-09-27; the review's last day is Thu 2024-10-10 (National Day between).
    The scheduler was down until Mon 10-14: the case is still accepted as of 10-10."""
    case = postal_case(app, users, D("2024-09-27"))
    assert run_job(app, "deadline-sweep", beijing(D("2024-10-10"), 23)) >= 0
    db.session.expire_all()
    assert case.status == "received"

    assert run_job(app, "deadline-sweep", beijing(D("2024-10-14"), 9)) >= 1
    db.session.expire_all()
    assert (case.status, case.accepted_on, case.deemed_accepted, case.procedure) == (
        "accepted", D("2024-10-10"), True, "ordinary")
    clocks = deadlines_of(case)
    assert clocks["acceptance_review"][0][0] == "met"
    assert clocks["correction_notice"][0][0] == "cancelled"  # ended with the review, not overdue
    assert clocks["respondent_copy"] == [("open", D("2024-10-10"), D("2024-10-18"))]
    assert clocks["decision"] == [("open", D("2024-10-10"), D("2024-12-09"))]
    [event] = _events(case, "workflow.deem_accept")
    assert event.on == D("2024-10-10") and event.actor_id is None and "视为受理" in event.summary
    assert _events(case, "deadline.overdue") == []
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.kind == "overdue")) == 0

    run_job(app, "deadline-sweep", beijing(D("2024-10-15"), 9))
    db.session.expire_all()
    assert len(_events(case, "workflow.deem_accept")) == 1 and case.status == "accepted"


def test_the_sweep_deems_the_application_abandoned(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    act(app, case, "request_correction", {"items": ["身份证复印件"], "on": D("2026-11-03"),
                                          "notice_served_on": D("2026-11-04")},
        users["handler"], beijing(D("2026-11-04")))
    assert deadlines_of(case)["correction_reply"] == [("open", D("2026-11-04"), D("2026-11-18"))]
    run_job(app, "deadline-sweep", beijing(D("2026-11-18"), 23))
    db.session.expire_all()
    assert case.status == "correction_requested"

    run_job(app, "deadline-sweep", beijing(D("2026-11-19"), 1))
    db.session.expire_all()
    assert (case.status, case.closed_on) == ("abandoned", D("2026-11-18"))
    assert len(_events(case, "workflow.deem_abandon")) == 1
    assert _events(case, "deadline.overdue") == []
    run_job(app, "deadline-sweep", beijing(D("2026-11-20"), 1))
    assert len(_events(case, "workflow.deem_abandon")) == 1


def test_a_supplement_in_time_means_no_abandonment(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    act(app, case, "request_correction", {"items": ["身份证复印件"], "on": D("2026-11-03"),
                                          "notice_served_on": D("2026-11-04")},
        users["handler"], beijing(D("2026-11-04")))
    act(app, case, "record_correction", {"received_on": D("2026-11-12")}, users["clerk"],
        beijing(D("2026-11-12")))
    run_job(app, "deadline-sweep", beijing(D("2026-11-19"), 1))  # the reply period would have ended 11-18
    db.session.expire_all()
    assert case.status == "received"
    # the new review (11-12 → 11-19) runs out the next day: deemed accepted as of 11-19
    run_job(app, "deadline-sweep", beijing(D("2026-11-20"), 1))
    db.session.expire_all()
    assert (case.status, case.accepted_on, case.deemed_accepted) == ("accepted", D("2026-11-19"), True)
    assert _events(case, "workflow.deem_abandon") == []


def test_a_consequence_the_case_does_not_allow_is_flagged_overdue(app, users):
    """A review left running on a case that is no longer under review (a data fault): nothing is
    deemed, the deadline shows as overdue on the board and its handler is reminded."""
    case = postal_case(app, users, D("2026-11-02"))
    case.status = "suspended"
    case.handler_id = users["handler"].id
    db.session.commit()
    run_job(app, "deadline-sweep", beijing(D("2026-11-27")))
    db.session.expire_all()
    assert case.status == "suspended"
    clocks = deadlines_of(case)
    assert clocks["acceptance_review"][0][0] == "overdue"
    assert clocks["correction_notice"][0][0] == "cancelled"
    assert len(_events(case, "deadline.overdue")) == 1
    assert db.session.scalars(select(Notification.user_id)).all() == [users["handler"].id]
