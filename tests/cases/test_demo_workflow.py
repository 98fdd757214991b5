"""`flask recon seed-demo` leaves a case for each way through the acceptance stage (README "Case
workflow"), and the scheduler's system actions apply to the lapsed ones."""

from __future__ import annotations

from sqlalchemy import select

from recon.cases import workflow
from recon.cases.models import Case
from recon.clock import now_utc
from recon.extensions import db


def _by_token(token: str) -> Case:
    return db.session.scalar(select(Case).where(Case.submission_token == token))


def test_demo_cases_for_the_workflow(app):
    from recon.seed import seed_demo

    seed_demo()
    seed_demo()  # idempotent
    assert db.session.scalar(select(Case).where(Case.submission_token == "demo-review-lapsed")) is not None
    pending = _by_token("demo-correction-pending")
    assert pending.status == "correction_requested" and pending.owner_id is not None

    lapsed = _by_token("demo-review-lapsed")
    assert lapsed.status == "received"
    assert workflow.deem_accepted(db.session, lapsed, now_utc()) is not None
    assert (lapsed.status, lapsed.deemed_accepted) == ("accepted", True)

    unanswered = _by_token("demo-correction-lapsed")
    assert unanswered.status == "correction_requested"
    assert workflow.deem_abandoned(db.session, unanswered, now_utc()) is not None
    db.session.commit()
    assert unanswered.status == "abandoned"
