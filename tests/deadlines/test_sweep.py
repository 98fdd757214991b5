"""The deadline sweep: open deadlines due before today (Beijing) become overdue, exactly once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.deadlines import lifecycle
from recon.deadlines.sweep import sweep_due_deadlines
from recon.extensions import db
from recon.scheduler import run_job
from tests.deadlines.helpers import FIXED_NOW, make_case, open_deadline

D = date.fromisoformat


def test_sweep_flags_overdue_once(app):
    case = make_case()
    late = open_deadline(case, "acceptance_review", "2026-11-13")  # due Fri 2026-11-20
    due_today = open_deadline(case, "acceptance_review", "2026-11-20")  # due Fri 2026-11-27
    later = open_deadline(case, "decision", "2026-11-20")
    paused = open_deadline(case, "decision", "2026-09-01")
    lifecycle.pause(db.session, paused, D("2026-09-10"), None)
    met = open_deadline(case, "acceptance_review", "2026-11-02")
    lifecycle.meet(db.session, met, D("2026-11-05"), None)
    db.session.commit()
    assert late.due_on == D("2026-11-20") and due_today.due_on == D("2026-11-27")

    assert sweep_due_deadlines(db.session, FIXED_NOW) == 1
    db.session.commit()
    assert sweep_due_deadlines(db.session, FIXED_NOW) == 0
    db.session.commit()

    db.session.expire_all()
    assert late.state == "overdue" and late.version_id == 2
    assert [due_today.state, later.state, paused.state, met.state] == [
        "open", "open", "paused", "met"]
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "deadline.overdue")).all()
    assert len(events) == 1
    event = events[0]
    assert event.dedupe_key == f"deadline:{late.id}:overdue" and event.case_id == case.id
    assert event.on == D("2026-11-27") and "2026年11月20日" in event.summary
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "deadline.overdue")).all()
    assert len(audit) == 1 and audit[0].actor_id is None and audit[0].object_id == str(late.id)


def test_sweep_uses_the_beijing_date(app):
    case = make_case()
    d = open_deadline(case, "acceptance_review", "2026-11-20")  # due 2026-11-27
    db.session.commit()
    # 16:00 UTC on 2026-11-27 is already midnight of 2026-11-28 in Beijing: the deadline has passed.
    assert sweep_due_deadlines(db.session, datetime(2026, 11, 27, 15, 59, tzinfo=UTC)) == 0
    assert sweep_due_deadlines(db.session, datetime(2026, 11, 27, 16, 0, tzinfo=UTC)) == 1
    db.session.commit()
    assert d.state == "overdue"


def test_sweep_runs_in_batches(app):
    case = make_case()
    for _ in range(5):
        open_deadline(case, "acceptance_review", "2026-11-13")
    db.session.commit()
    assert sweep_due_deadlines(db.session, FIXED_NOW, batch=2) == 5
    db.session.commit()
    keys = db.session.scalars(select(CaseEvent.dedupe_key)).all()
    assert len(keys) == len(set(keys)) == 5


def test_scheduler_job_runs_the_sweep(app):
    case = make_case()
    open_deadline(case, "acceptance_review", "2026-11-13")
    db.session.commit()
    assert run_job(app, "deadline-sweep", FIXED_NOW) == 1
    assert run_job(app, "deadline-sweep", FIXED_NOW) == 0


def test_overdue_deadline_can_still_be_met(app):
    case = make_case()
    d = open_deadline(case, "acceptance_review", "2026-11-13")
    db.session.commit()
    sweep_due_deadlines(db.session, FIXED_NOW)
    db.session.commit()
    lifecycle.meet(db.session, d, D("2026-11-27"), None)
    db.session.commit()
    assert d.state == "met"
    assert sweep_due_deadlines(db.session, FIXED_NOW) == 0
