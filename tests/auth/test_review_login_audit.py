"""Review: a wrong password changes the account (its failure count) and is audited with it."""

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.extensions import db


def test_wrong_password_is_audited(client, users):
    response = client.post("/login", data={"username": "clerk", "password": "wrong-pass-1"})
    assert response.status_code == 422
    db.session.expire_all()
    user = users["clerk"]
    assert user.failed_logins == 1
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.login_failed",
                                                          AuditEntry.object_id == str(user.id))).all()
    assert len(entries) == 1
    assert entries[0].after == {"failed_logins": 1}
