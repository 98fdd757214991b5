"""Review: a wrong password changes the login's failure count and is audited with it."""

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.auth.models import LoginThrottle
from recon.auth.services import name_key
from recon.extensions import db


def test_wrong_password_is_audited(client, users):
    response = client.post("/login", data={"username": "clerk", "password": "wrong-pass-1"})
    assert response.status_code == 422
    db.session.expire_all()
    user = users["clerk"]
    assert db.session.get(LoginThrottle, name_key("clerk")).failures == 1
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.login_failed",
                                                          AuditEntry.object_id == str(user.id))).all()
    assert len(entries) == 1
    assert entries[0].after == {"failures": 1}
