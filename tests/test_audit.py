import pytest
from sqlalchemy import func, select, text

from recon.audit.models import AuditEntry, AuditImmutable
from recon.audit.services import record
from recon.auth.services import create_user
from recon.extensions import db


def _count():
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_entry_is_written_in_the_same_transaction(app):
    user = create_user(db.session, None, "someone", "clerk", "pass2026word")
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_id == str(user.id)))
    assert entry.action == "user.create" and entry.object_type == "user"


def test_entry_rolls_back_with_the_change(app):
    before = _count()
    create_user(db.session, None, "ghost", "clerk", "pass2026word")
    db.session.rollback()
    assert _count() == before
    from recon.auth.models import User

    assert db.session.scalar(select(User).where(User.username == "ghost")) is None


def test_orm_update_and_delete_are_refused(app):
    entry = record(db.session, None, "test.action", object_type="thing", object_id=1)
    db.session.commit()
    entry.summary = "changed"
    with pytest.raises(AuditImmutable):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditImmutable):
        db.session.commit()
    db.session.rollback()


def test_raw_sql_update_and_delete_are_refused(app):
    record(db.session, None, "test.action", object_type="thing", object_id=1)
    db.session.commit()
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("UPDATE audit_entry SET summary = 'x'"))
    db.session.rollback()
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("DELETE FROM audit_entry"))
    db.session.rollback()
    assert _count() == 1


def test_supervisor_sees_the_log(login_as):
    client = login_as("supervisor")
    html = client.get("/audit/").get_data(as_text=True)
    assert "操作记录" in html and "user.login" in html


def test_actor_is_masked_in_lists():
    assert AuditEntry(actor_name="13712345678").actor_display == "137****5678"
    assert AuditEntry(actor_name="zhang@example.cn").actor_display == "z***@example.cn"
    assert AuditEntry(actor_name="clerk").actor_display == "clerk"
    assert AuditEntry(actor_name="11010519491231002X").actor_display == "1101**********002X"
    assert AuditEntry(summary="创建账号 13712345678（申请人）").summary_display == "创建账号 137****5678（申请人）"
