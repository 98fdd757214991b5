"""The status machine (recon/cases/workflow.py) through its one entry point, with due dates checked
by hand against the 2024 and 2026 State Council schedules (domain.md §12)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases import workflow
from recon.cases.models import CaseEvent
from recon.documents.models import Document
from recon.errors import DomainError
from recon.extensions import db
from tests.cases.helpers import act, beijing, deadlines_of, postal_case

D = date.fromisoformat


def _kinds(case) -> list[str]:
    return list(db.session.scalars(select(Document.kind).where(Document.case_id == case.id)
                                   .order_by(Document.id)))


def test_deemed_acceptance_on_the_last_review_day_across_national_day(app, users):
    """X1: received Fri 2024-09-27 → the review's 5th working day is Thu 2024-10-10 (09-29 Sun is a
    调休 workday, 10-01…10-07 are rest days). The case is accepted as of that day, and the
    downstream clocks run from it: respondent_copy 7 WD → 10-11, 10-12 (Sat, 调休), 10-14…10-18
    = Fri 2024-10-18; decision 60 days → 2024-12-09 (a Monday)."""
    case = postal_case(app, users, D("2024-09-27"))
    assert deadlines_of(case)["acceptance_review"] == [("open", D("2024-09-27"), D("2024-10-10"))]

    assert workflow.deem_accepted(db.session, case, beijing(D("2024-10-10"), 23)) is None  # still running
    assert case.status == "received"

    outcome = workflow.deem_accepted(db.session, case, beijing(D("2024-10-11"), 0))
    db.session.commit()
    assert outcome is not None
    assert (case.status, case.accepted_on, case.deemed_accepted, case.procedure) == (
        "accepted", D("2024-10-10"), True, "ordinary")
    clocks = deadlines_of(case)
    assert clocks["respondent_copy"] == [("open", D("2024-10-10"), D("2024-10-18"))]
    assert clocks["decision"] == [("open", D("2024-10-10"), D("2024-12-09"))]
    assert clocks["acceptance_review"][0][0] == "met"
    assert clocks["correction_notice"][0][0] == "cancelled"  # never overdue: no correction was needed
    event = outcome.event
    assert event.actor_id is None and event.on == D("2024-10-10") and "视为受理" in event.summary
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.deem_accept",
                                                      AuditEntry.case_id == case.id)) is not None
    assert workflow.deem_accepted(db.session, case, beijing(D("2024-10-12"))) is None  # exactly once


def test_deemed_abandonment_when_the_correction_period_runs_out(app, users):
    """Notice served Wed 2026-11-04 → 10 WD: 11-05, 06, 09…13, 16, 17, 18 = Wed 2026-11-18."""
    case = postal_case(app, users, D("2026-11-02"))
    act(app, case, "request_correction", {"items": ["身份证复印件"], "on": D("2026-11-03"),
                                          "notice_served_on": D("2026-11-04")},
        users["handler"], beijing(D("2026-11-04")))
    assert deadlines_of(case)["correction_reply"] == [("open", D("2026-11-04"), D("2026-11-18"))]
    assert workflow.deem_abandoned(db.session, case, beijing(D("2026-11-18"), 23)) is None

    outcome = workflow.deem_abandoned(db.session, case, beijing(D("2026-11-19"), 1))
    db.session.commit()
    assert (case.status, case.closed_on) == ("abandoned", D("2026-11-18"))
    assert "视为放弃行政复议申请" in outcome.event.summary and outcome.event.actor_id is None
    assert all(state == "cancelled" for rows in deadlines_of(case).values() for state, *_ in rows
               if state not in ("met",))
    assert workflow.deem_abandoned(db.session, case, beijing(D("2026-11-20"))) is None


def test_a_supplement_restarts_the_review_and_stops_abandonment(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    outcome = act(app, case, "request_correction",
                  {"items": ["身份证复印件", "行政处罚决定书复印件"], "on": D("2026-11-03")},
                  users["handler"], beijing(D("2026-11-03")))
    assert outcome.document.kind == "correction_notice"
    assert case.status == "correction_requested"
    clocks = deadlines_of(case)
    assert clocks["acceptance_review"][0][0] == "cancelled"
    assert clocks["correction_notice"][0][0] == "met"

    act(app, case, "record_correction", {"received_on": D("2026-11-12")}, users["clerk"],
        beijing(D("2026-11-13")))
    clocks = deadlines_of(case)
    assert case.status == "received"
    assert clocks["correction_reply"][0][0] == "met"
    # a new 5-WD review from the day received: 11-13, 16, 17, 18, 19
    assert clocks["acceptance_review"][1] == ("open", D("2026-11-12"), D("2026-11-19"))
    assert workflow.deem_abandoned(db.session, case, beijing(D("2026-12-31"))) is None

    with pytest.raises(workflow.ActionNotAllowed, match="不能再次通知补正"):
        workflow.perform(db.session, case, "request_correction", {"items": ["再补一项"]},
                         users["handler"], beijing(D("2026-11-13")))
    db.session.rollback()
    act(app, case, "accept", {"procedure": "ordinary", "on": D("2026-11-16")}, users["handler"],
        beijing(D("2026-11-16")))
    assert (case.status, case.accepted_on, case.deemed_accepted) == ("accepted", D("2026-11-16"), False)
    assert _kinds(case)[-1] == "acceptance_notice"


def test_a_correction_notice_is_refused_after_the_fifth_working_day(app, users):
    """Received Mon 2026-11-02 → the notice is due by Mon 2026-11-09 (11-03…11-06, 11-09)."""
    case = postal_case(app, users, D("2026-11-02"))
    version = case.version_id
    with pytest.raises(workflow.ActionNotAllowed, match="届满") as refused:
        workflow.perform(db.session, case, "request_correction", {"items": ["身份证复印件"], "on": D("2026-11-10")},
                         users["handler"], beijing(D("2026-11-10")))
    assert refused.value.status == 409
    db.session.rollback()
    assert (case.status, case.version_id) == ("received", version)
    assert "request_correction" not in [t.action for t in workflow.available(
        db.session, case, users["handler"], D("2026-11-10"))]
    act(app, case, "request_correction", {"items": ["身份证复印件"], "on": D("2026-11-09")},
        users["handler"], beijing(D("2026-11-10")))
    assert case.status == "correction_requested"


def test_extending_the_correction_period_counts_working_days(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    act(app, case, "request_correction", {"items": ["身份证复印件"], "on": D("2026-11-04")},
        users["handler"], beijing(D("2026-11-04")))
    outcome = act(app, case, "extend_correction", {"days": 3, "reason": "申请人住院", "on": D("2026-11-10")},
                  users["handler"], beijing(D("2026-11-10")))
    # due 11-18 + 3 WD: 11-19, 20, 23
    assert deadlines_of(case)["correction_reply"] == [("open", D("2026-11-04"), D("2026-11-23"))]
    assert "2026年11月23日" in outcome.event.summary and case.status == "correction_requested"


def test_simple_procedure_needs_an_article_53_ground(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    with pytest.raises(DomainError) as refused:
        workflow.perform(db.session, case, "accept", {"procedure": "simple"}, users["handler"],
                         beijing(D("2026-11-03")))
    assert refused.value.field == "simple_ground" and refused.value.status == 422
    db.session.rollback()
    act(app, case, "accept", {"procedure": "simple", "simple_ground": "amount_le_3000", "on": D("2026-11-03")},
        users["handler"], beijing(D("2026-11-03")))
    clocks = deadlines_of(case)
    # 3 WD: 11-04, 05, 06; 30 days: 2026-12-03 (Thu)
    assert clocks["respondent_copy_simple"] == [("open", D("2026-11-03"), D("2026-11-06"))]
    assert clocks["decision_simple"] == [("open", D("2026-11-03"), D("2026-12-03"))]
    assert "respondent_copy" not in clocks and case.procedure == "simple"


@pytest.mark.parametrize(("on", "message"), [
    (D("2026-11-01"), "早于本案上一步骤"),
    (D("2026-11-05"), "晚于今天"),
])
def test_past_dates_are_checked_against_the_history(app, users, on, message):
    case = postal_case(app, users, D("2026-11-02"))
    with pytest.raises(DomainError, match=message) as refused:
        workflow.perform(db.session, case, "accept", {"procedure": "ordinary", "on": on}, users["handler"],
                         beijing(D("2026-11-04")))
    assert refused.value.field == "on"
    db.session.rollback()
    assert case.status == "received"


def test_a_stale_version_changes_nothing(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    seen = case.version_id
    act(app, case, "assign", {"handler": "handler"}, users["supervisor"], beijing(D("2026-11-03")), version=seen)
    assert case.version_id == seen + 1
    with pytest.raises(workflow.StaleVersion, match="案件已被他人修改"):
        workflow.perform(db.session, case, "accept", {"procedure": "ordinary"}, users["handler"],
                         beijing(D("2026-11-03")), version=seen)
    db.session.rollback()
    assert case.status == "received"


def test_refusal_names_the_competent_organ_and_closes_every_clock(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    with pytest.raises(DomainError) as refused:
        workflow.perform(db.session, case, "refuse", {"condition": 6, "reason": "不属于本机关管辖"},
                         users["handler"], beijing(D("2026-11-03")))
    assert refused.value.field == "competent_organ"
    db.session.rollback()
    outcome = act(app, case, "refuse", {"condition": 6, "reason": "不属于本机关管辖", "competent_organ": "合江市人民政府"},
                  users["handler"], beijing(D("2026-11-03")))
    assert (case.status, case.closed_on) == ("refused", D("2026-11-03"))
    assert outcome.document.kind == "refusal_decision"
    assert "合江市人民政府" in outcome.event.summary
    assert {state for rows in deadlines_of(case).values() for state, *_ in rows} == {"cancelled"}


def test_dismissal_after_acceptance_closes_the_case(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    act(app, case, "accept", {"procedure": "ordinary", "on": D("2026-11-03")}, users["handler"], beijing(D("2026-11-03")))
    with pytest.raises(DomainError, match="早于本案上一步骤"):
        workflow.perform(db.session, case, "dismiss", {"reason": "超过申请期限", "on": D("2026-11-02")},
                         users["handler"], beijing(D("2026-11-05")))
    db.session.rollback()
    outcome = act(app, case, "dismiss", {"reason": "超过申请期限", "on": D("2026-11-05")}, users["handler"],
                  beijing(D("2026-11-05")))
    assert (case.status, case.closure, case.closed_on) == ("closed", "dismissed", D("2026-11-05"))
    assert outcome.document.kind == "dismissal_decision"


def test_assigning_a_former_employee_of_the_respondent_warns(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    users["handler"].former_unit = "合江区 市场监督管理局"
    db.session.commit()
    outcome = act(app, case, "assign", {"handler": "handler"}, users["supervisor"], beijing(D("2026-11-03")))
    assert case.handler_id == users["handler"].id
    assert outcome.warnings and "回避" in outcome.warnings[0]
    assert outcome.event.public is False and "回避" in outcome.event.summary


def test_roles_and_system_actions_are_enforced(app, users):
    case = postal_case(app, users, D("2026-11-02"))
    with pytest.raises(workflow.ActionForbidden):
        workflow.perform(db.session, case, "assign", {"handler": "handler"}, users["handler"], beijing(D("2026-11-03")))
    with pytest.raises(workflow.ActionForbidden, match="系统"):
        workflow.perform(db.session, case, "deem_accept", {}, users["supervisor"], beijing(D("2026-11-03")))
    with pytest.raises(workflow.UnknownAction):
        workflow.perform(db.session, case, "no_such_action", {}, users["handler"], beijing(D("2026-11-03")))
    db.session.rollback()
    assert db.session.scalar(select(CaseEvent.id).where(CaseEvent.kind.like("workflow.%"))) is None


def test_two_actions_in_one_transaction_see_each_others_steps(app, users):
    """The timeline a second action reads (its date floor) includes the first action's entry."""
    case = postal_case(app, users, D("2026-11-02"))
    workflow.perform(db.session, case, "accept", {"on": D("2026-11-05")}, users["handler"],
                     beijing(D("2026-11-06")), documents=_settings(app))
    with pytest.raises(DomainError, match="早于本案上一步骤"):
        workflow.perform(db.session, case, "dismiss", {"reason": "超期", "on": D("2026-11-04")},
                         users["handler"], beijing(D("2026-11-06")), documents=_settings(app))
    db.session.rollback()


def _settings(app):
    from tests.cases.helpers import document_settings

    return document_settings(app)


def test_a_clerks_supplement_to_a_case_awaiting_correction_records_it(app, users):
    """The clerk's 「已有案件的补充材料」 on a case with a pending correction is the supplement."""
    import io

    from recon.intake import services as intake
    from recon.intake.settings import intake_settings
    from recon.storage import Storage
    from tests.intake.factories import PDF_BYTES

    case = postal_case(app, users, D("2026-11-02"))
    act(app, case, "request_correction", {"items": ["身份证复印件"], "on": D("2026-11-03")}, users["handler"],
        beijing(D("2026-11-03")))
    intake.add_supplement(db.session, case, [intake.IncomingFile("身份证.pdf", io.BytesIO(PDF_BYTES), "identity")],
                          users["clerk"], beijing(D("2026-11-05")), Storage(app.config["STORAGE_DIR"]),
                          intake_settings(app.config).limits)
    db.session.commit()
    assert case.status == "received" and [m.stage for m in case.materials] == ["correction"]
    assert deadlines_of(case)["acceptance_review"][-1] == ("open", D("2026-11-05"), D("2026-11-12"))
