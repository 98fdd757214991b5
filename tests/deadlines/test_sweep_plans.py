"""The partial indexes serve the queries they were made for (PostgreSQL; at 1,000,000 deadlines
the figures are in bench/sweep.py). With sequential scans off and the general ``(state, due_on)``
index dropped inside the test's transaction (at test size the planner's choice between indexes
depends on leftover statistics), a query whose WHERE no longer implies its partial index's
predicate cannot use that index, and the test fails."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from recon.deadlines import display
from recon.deadlines.models import OPEN_PREDICATE, UNREMINDED_PREDICATE, Deadline
from recon.extensions import db
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="plans are checked on PostgreSQL")
TODAY = date(2026, 11, 27)


def _plan(stmt) -> str:
    compiled = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    db.session.execute(sa.text("DROP INDEX ix_deadline_state_due_on"))  # rolled back below
    plan = "\n".join(db.session.execute(sa.text(f"EXPLAIN {compiled}")).scalars())
    db.session.rollback()
    return plan


def test_the_board_reads_the_running_index_in_order(app):
    # the deadline side of the page query (the page joins each row's case by its primary key)
    plan = _plan(display._running(display.BoardFilter(), TODAY, rows=False).limit(51))
    assert "ix_deadline_running_due_on_id" in plan, plan
    deep = display._running(display.BoardFilter(), TODAY, rows=False).where(
        sa.tuple_(Deadline.due_on, Deadline.id) > sa.tuple_(sa.literal(TODAY), sa.literal(5))).limit(51)
    assert "ix_deadline_running_due_on_id" in _plan(deep)


def test_the_sweeps_probes_read_their_partial_indexes(app):
    overdue = (sa.select(Deadline.id).where(sa.text(OPEN_PREDICATE), Deadline.due_on < TODAY)
               .order_by(Deadline.due_on, Deadline.id).limit(1000))
    assert "ix_deadline_open_due_on" in _plan(overdue)
    soon = (sa.select(Deadline.id).where(sa.text(UNREMINDED_PREDICATE), Deadline.due_on >= TODAY,
                                         Deadline.due_on <= TODAY + timedelta(days=5))
            .order_by(Deadline.due_on, Deadline.id).limit(1000))
    assert "ix_deadline_unreminded_due_on" in _plan(soon)


def test_the_provisional_count_reads_its_partial_index(app):
    from recon.deadlines.models import PROVISIONAL_PREDICATE

    count = sa.select(sa.func.count()).select_from(Deadline).where(sa.text(PROVISIONAL_PREDICATE))
    assert "ix_deadline_provisional" in _plan(count)
