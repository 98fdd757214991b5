"""The scheduler's login-sweep: a name's failure count is forgotten after a day without an
attempt (unless a lock is in force), so counts neither add up over months nor pile up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.auth.models import LoginThrottle
from recon.auth.services import authenticate, name_key
from recon.errors import DomainError
from recon.extensions import db
from recon.scheduler import run_job
from tests.conftest import FIXED_NOW


def _fail(name: str, times: int, at) -> None:
    for _ in range(times):
        with pytest.raises(DomainError):
            authenticate(db.session, name, "wrong-pass-1", at)
    db.session.commit()


def test_the_sweep_forgets_old_counts_but_not_locks_or_fresh_ones(app, users):
    _fail("clerk", 2, FIXED_NOW - timedelta(days=2))  # old: forgotten
    _fail("13900000000", 5, FIXED_NOW - timedelta(days=2))  # locked long ago, lock over: forgotten
    _fail("handler", 5, FIXED_NOW - timedelta(minutes=5))  # locked now: kept
    _fail("supervisor", 1, FIXED_NOW - timedelta(hours=1))  # fresh: kept
    assert run_job(app, "login-sweep", FIXED_NOW) == 2
    kept = set(db.session.scalars(select(LoginThrottle.name_key)))
    assert kept == {name_key("handler"), name_key("supervisor")}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "login.sweep")).one()
    assert "清除 2 个" in entry.summary
    assert run_job(app, "login-sweep", FIXED_NOW) == 0
