"""The audit log cannot be emptied or quietly edited (issue 12): TRUNCATE is refused (also through
``TRUNCATE "case" CASCADE``), the entries form a hash chain that ``flask recon audit verify``
checks, naming the first break, and a deployment whose application role may only INSERT and
SELECT audit_entry works and cannot change it."""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from recon import create_app
from recon.audit import chain
from recon.audit.models import AuditEntry
from recon.audit.services import record
from recon.extensions import db
from tests.conftest import PG_URL

GRANTS = Path(__file__).resolve().parents[2] / "scripts" / "grant-app-role.sql"
postgres_only = pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set (CI runs this on PostgreSQL)")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def _verify(app):
    return app.test_cli_runner().invoke(args=["recon", "audit", "verify"])


def _entries(n: int = 4) -> list[int]:
    ids = [record(db.session, None, "test.step", object_type="thing", object_id=i, summary=f"第 {i} 步",
                  after={"n": i, 1: "int key"}).id for i in range(n)]
    db.session.commit()
    return ids


def _as_owner(sql: str, **params) -> None:
    """What the tables' owner can do: switch the append-only triggers off for one statement."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
            conn.execute(text(sql), params)
            conn.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_entry_no_update"))
            conn.execute(text("DROP TRIGGER audit_entry_no_delete"))
            conn.execute(text(sql), params)
    if db.engine.dialect.name == "sqlite":
        from recon.audit.triggers import SQLITE_TRIGGERS

        with db.engine.begin() as conn:
            for statement in SQLITE_TRIGGERS:
                conn.execute(text(statement))


def test_entries_are_chained_and_verify_says_so(app):
    _entries()
    rows = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert rows[0].prev_hash == chain.GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:], strict=False))
    result = _verify(app)
    assert result.exit_code == 0
    assert f"审计日志完整：共 {len(rows)} 条，链尾哈希 {rows[-1].hash}" in result.output


def test_a_deleted_entry_is_named_by_verify(app):
    ids = _entries()
    _as_owner("DELETE FROM audit_entry WHERE id = :id", id=ids[1])
    result = _verify(app)
    assert result.exit_code == 1
    assert f"审计日志在第 {ids[2]} 号记录处断裂：它之前的记录被删除、插入或调换了位置" in result.output


def test_an_altered_entry_is_named_by_verify(app):
    ids = _entries()
    _as_owner("UPDATE audit_entry SET summary = '改过的' WHERE id = :id", id=ids[2])
    result = _verify(app)
    assert result.exit_code == 1
    assert f"审计日志在第 {ids[2]} 号记录处断裂：这条记录的内容被修改过" in result.output


def test_a_rewritten_chain_is_refused_where_it_forks(app):
    """Two entries can never follow the same one (unique prev_hash)."""
    ids = _entries(2)
    first = db.session.get(AuditEntry, ids[0])
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_entry (at, actor_name, action, object_type, summary, prev_hash, hash) "
                          "VALUES (CURRENT_TIMESTAMP, 'x', 'forged', 'thing', '', :prev, :h)"),
                     {"prev": first.hash, "h": "f" * 64})


def test_concurrent_writers_keep_one_unbroken_chain(app):
    errors = []

    def write(n: int):
        with app.app_context():
            try:
                for i in range(5):
                    record(db.session, None, "test.concurrent", object_type="thing", object_id=f"{n}-{i}")
                    db.session.commit()
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    verdict = chain.verify(db.session)
    assert verdict.first_break is None and verdict.entries == _count() == 30


@postgres_only
@pytest.mark.parametrize("statement", ["TRUNCATE audit_entry", 'TRUNCATE "case" CASCADE',
                                       "TRUNCATE audit_entry RESTART IDENTITY CASCADE"])
def test_truncate_is_refused(app, statement):
    _entries(2)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert _count() == 2


# ---- two roles: the owner migrates, the application may only INSERT and SELECT the audit log -----


@pytest.fixture
def two_roles():
    """A database migrated by the owner, and an application role granted by
    scripts/grant-app-role.sql; yields (owner URL, application URL)."""
    base = sa.make_url(PG_URL)
    name, role = f"recon_roles_{uuid.uuid4().hex[:8]}", f"recon_app_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{name}" TO "{role}"'))
    owner_url = base.set(database=name).render_as_string(hide_password=False)
    owner_app = create_app("testing", SQLALCHEMY_DATABASE_URI=owner_url)
    with owner_app.app_context():
        upgrade()
        sql = GRANTS.read_text(encoding="utf-8").replace(':"app_role"', f'"{role}"')
        sql = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
        with db.engine.begin() as conn:
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(text(statement))
        db.engine.dispose()
    yield owner_url, base.set(database=name, username=role, password=None).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


@postgres_only
def test_the_application_role_writes_the_log_and_cannot_change_it(tmp_path, two_roles):
    _owner_url, app_url = two_roles
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=app_url, STORAGE_DIR=str(tmp_path))
    with application.app_context():
        from recon.auth.services import create_user

        create_user(db.session, None, "clerk2", "clerk", "pass2026word")  # a real change, audited
        record(db.session, None, "test.step", object_type="thing", object_id=1)
        db.session.commit()
        assert _count() == 2
        client = application.test_client()
        assert client.post("/login", data={"username": "clerk2", "password": "pass2026word"}).status_code == 302
        assert _count() == 3
        for statement in ("UPDATE audit_entry SET summary = 'x'", "DELETE FROM audit_entry",
                          "TRUNCATE audit_entry", 'TRUNCATE "case" CASCADE',
                          "ALTER TABLE audit_entry DISABLE TRIGGER USER", "DROP TABLE audit_entry"):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied|must be owner"), \
                    db.engine.begin() as conn:
                conn.execute(text(statement))
        assert _count() == 3
        assert chain.verify(db.session).first_break is None
        assert _verify(application).exit_code == 0
        db.session.remove()
        db.engine.dispose()


def test_the_chain_holds_across_a_rolled_back_savepoint(app):
    """Entries written after a savepoint that took entries with it still chain to the stored head."""
    record(db.session, None, "test.before", object_type="thing", object_id="1")
    savepoint = db.session.begin_nested()
    record(db.session, None, "test.undone", object_type="thing", object_id="2")
    savepoint.rollback()
    record(db.session, None, "test.after", object_type="thing", object_id="3")
    db.session.commit()
    record(db.session, None, "test.next_transaction", object_type="thing", object_id="4")
    db.session.commit()
    verdict = chain.verify(db.session)
    assert verdict.first_break is None and verdict.entries == _count()
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "test.undone" not in actions and actions[-2:] == ["test.after", "test.next_transaction"]
