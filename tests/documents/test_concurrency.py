"""Two handlers issuing at the same moment never get the same number or a gap (PostgreSQL).

Each thread has its own app context, hence its own session and connection, exactly like two
requests in two gunicorn workers. The case row lock (``SELECT … FOR UPDATE``) serialises the
number allocation per case; different cases do not wait for each other.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.documents import contexts, services
from recon.documents.models import Document
from recon.extensions import db
from tests.conftest import PG_URL

from .helpers import NOW, extras, make_case, settings

pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(
        not PG_URL,
        reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite has no row locks and one writer at "
        "a time, so concurrent issuing is only meaningful on the production database",
    ),
]

ZHI = ["", "之二", "之三", "之四", "之五", "之六", "之七", "之八"]


def _issue_concurrently(app, jobs: list[tuple[int, str]]) -> list:
    """Run ``issue`` for each (case id, kind) in its own thread, all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    doc_settings = settings(app)

    def work(index: int, case_id: int, kind: str) -> None:
        try:
            with app.app_context():
                case = contexts.get_case(db.session, case_id)
                extra = extras(case)[kind]
                barrier.wait(timeout=30)
                document = services.issue(db.session, case, kind, extra, None, NOW, doc_settings)
                db.session.commit()
                results[index] = document.number
                db.session.remove()
        except Exception as exc:  # reported by the assertion below
            results[index] = exc

    threads = [threading.Thread(target=work, args=(i, case_id, kind))
               for i, (case_id, kind) in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    return results


def test_eight_handlers_same_case_get_consecutive_numbers(app):
    case = make_case()
    db.session.commit()
    numbers = _issue_concurrently(app, [(case.id, "correction_notice")] * 8)

    expected = {f"合府复补〔2026〕17号{suffix}" for suffix in ZHI}
    assert len(set(numbers)) == 8 and set(numbers) == expected
    db.session.expire_all()
    repeats = sorted(db.session.scalars(select(Document.repeat).where(Document.case_id == case.id)))
    assert repeats == list(range(1, 9))
    shas = set(db.session.scalars(select(Document.sha256)))
    assert len(shas) == 8 and all(settings(app).storage.exists(sha) for sha in shas)
    assert db.session.scalar(select(func.count()).select_from(CaseEvent).where(
        CaseEvent.kind == "document.issued")) == 8
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "document.issue")) == 8


def test_two_cases_at_once_keep_their_own_serials(app):
    first = make_case(serial=17)
    second = make_case(serial=18)
    db.session.commit()
    jobs = [(first.id, "acceptance_notice"), (second.id, "acceptance_notice")] * 2 + [
        (first.id, "correction_notice"), (second.id, "correction_notice")]
    numbers = _issue_concurrently(app, jobs)
    assert sorted(numbers) == sorted([
        "合府复受〔2026〕17号", "合府复受〔2026〕17号之二",
        "合府复受〔2026〕18号", "合府复受〔2026〕18号之二",
        "合府复补〔2026〕17号", "合府复补〔2026〕18号",
    ])
