"""Issue 12: 20 concurrent wrong passwords got 9 password checks before the lock (policy: 5). The
count is now taken atomically in the database before the password is checked, so concurrent
attempts on one name queue on its row. Threads on PostgreSQL; SQLite serialises its writers, so
there the attempts run one after another."""

from __future__ import annotations

import threading

import werkzeug.security
from sqlalchemy import func, select

import recon.auth.services as services
from recon.audit.models import AuditEntry
from recon.extensions import db
from tests.conftest import PASSWORD, PG_URL

ATTEMPTS = 20


def test_concurrent_wrong_passwords_check_at_most_five_before_the_lock(app, users, monkeypatch):
    real_hash = users["clerk"].password_hash
    real_checks = []
    guard = threading.Lock()
    check = werkzeug.security.check_password_hash

    def counting_check(pwhash, password):
        if pwhash == real_hash:
            with guard:
                real_checks.append(password)
        return check(pwhash, password)

    monkeypatch.setattr(services, "check_password_hash", counting_check)
    statuses: list[int] = []
    start = threading.Barrier(ATTEMPTS if PG_URL else 1)

    def attempt():
        client = app.test_client()
        start.wait()
        response = client.post("/api/v1/auth/token", json={"username": "clerk", "password": "wrong-pass-1"})
        with guard:
            statuses.append(response.status_code)

    if PG_URL:
        threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    else:
        for _ in range(ATTEMPTS):
            attempt()

    assert statuses == [401] * ATTEMPTS
    assert len(real_checks) == app.config["LOGIN_MAX_FAILURES"] == 5
    db.session.expire_all()
    lockouts = db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "user.lockout"))
    assert lockouts == 1
    # and the right password is refused until the lock ends
    response = app.test_client().post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD})
    assert response.status_code == 401 and "锁定" in response.get_json()["errors"]["password"]
