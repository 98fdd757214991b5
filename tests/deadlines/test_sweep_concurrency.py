"""Four processes, each with its own engine, sweep at once (SQLite and PostgreSQL): 2,000 due
deadlines are each flagged once, audited once, on the timeline once and reminded once; 20 cases
whose review ran out are each deemed accepted once."""

from __future__ import annotations

import multiprocessing
import time
from datetime import date

from sqlalchemy import func, insert, select

from recon.audit import chain
from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.deadlines.models import Deadline
from recon.extensions import db
from recon.notifications.models import Notification
from tests.deadlines.helpers import FIXED_NOW, make_case, open_deadline

N = 2000
PROCESSES = 4


def _worker(url: str, start_at: float, results, now=FIXED_NOW) -> None:
    """Sweep in a loop for a while, as a scheduler tick in another process would."""
    from recon import create_app
    from recon.scheduler import run_job

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    while time.time() < start_at:
        time.sleep(0.005)
    handled = 0
    deadline = time.time() + 3
    while time.time() < deadline:
        handled += run_job(app, "deadline-sweep", now)
    with app.app_context():
        db.engine.dispose()
    results.put(handled)


def test_four_processes_sweep_each_deadline_once(app, users):
    case = make_case()
    case.handler_id = users["handler"].id
    first = open_deadline(case, "respondent_copy", "2026-11-10")  # due 2026-11-19
    template = {c.key: getattr(first, c.key) for c in Deadline.__table__.columns if c.key != "id"}
    db.session.execute(insert(Deadline), [dict(template) for _ in range(N - 1)])
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start_at = time.time() + 5  # every process started and its app built
    workers = [context.Process(target=_worker, args=(url, start_at, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    handled = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    assert sum(handled) == N  # one effect per deadline, whoever claimed it
    db.session.expire_all()

    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    assert count(Deadline, Deadline.state == "overdue") == N
    assert count(Deadline, Deadline.version_id == 2) == N
    assert count(AuditEntry, AuditEntry.action == "deadline.overdue") == N
    assert db.session.scalar(select(func.count(func.distinct(AuditEntry.object_id)))
                             .where(AuditEntry.action == "deadline.overdue")) == N
    assert count(CaseEvent, CaseEvent.kind == "deadline.overdue") == N
    assert chain.verify(db.session).first_break is None
    assert count(Notification, Notification.kind == "overdue") == N
    assert db.session.scalar(select(func.count(func.distinct(Notification.deadline_id)))) == N


def test_four_processes_deem_each_case_accepted_once(app, users):
    from recon.cases.models import Case
    from tests.cases.helpers import beijing, postal_case

    cases = [postal_case(app, users, date(2026, 11, 2)) for _ in range(20)]
    url = db.engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start_at = time.time() + 5
    workers = [context.Process(target=_worker, args=(url, start_at, results, beijing(date(2026, 11, 27))))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    db.session.expire_all()
    ids = [c.id for c in cases]
    assert db.session.scalars(select(Case.status).where(Case.id.in_(ids))).all() == ["accepted"] * 20
    assert db.session.scalar(select(func.count()).select_from(CaseEvent)
                             .where(CaseEvent.kind == "workflow.deem_accept")) == 20
    assert db.session.scalar(select(func.count()).select_from(Deadline)
                             .where(Deadline.rule == "decision", Deadline.state == "open")) == 20
