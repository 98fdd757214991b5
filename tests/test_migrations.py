"""`flask db upgrade` from empty and `flask db check` on SQLite and (when configured) PostgreSQL."""

import os
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import check, downgrade, upgrade

from config import database_url
from recon import create_app

PG_URL = database_url(os.environ.get("TEST_DATABASE_URL"))


def _scratch_pg_url():
    base = sa.make_url(PG_URL)
    name = f"recon_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return base.set(database=name).render_as_string(hide_password=False), admin, name


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL not set (CI runs this on PostgreSQL)")
    url, admin, name = _scratch_pg_url()
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_from_empty_then_check_is_clean(empty_db_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_db_url)
    with app.app_context():
        upgrade()
        check()  # raises when models and migrations drift
        from recon.extensions import db

        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"user", "case", "party", "audit_entry", "case_event", "material"} <= tables
        db.engine.dispose()


def test_round_trip_keeps_child_rows(empty_db_url):
    """upgrade -> downgrade base -> upgrade works (tech-notes §6 pitfall 2 needs FK care)."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_db_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        from recon.extensions import db

        assert "alembic_version" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_migrated_audit_table_is_append_only(empty_db_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_db_url)
    with app.app_context():
        upgrade()
        from recon.extensions import db

        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO audit_entry (at, actor_name, action, object_type, summary) "
                "VALUES (CURRENT_TIMESTAMP, 'x', 'test', 'user', '')"))
        with pytest.raises(sa.exc.DBAPIError), db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE audit_entry SET action = 'changed'"))
        with pytest.raises(sa.exc.DBAPIError), db.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM audit_entry"))
        db.engine.dispose()


def test_0006_service_columns_backfill_and_downgrade(empty_db_url):
    """0006 adds 送达方式 and the 知道日期 note to `case`: an existing case gets its applicant's address
    and phone and no opt-ins; the downgrade drops the columns and keeps the rows (parties too)."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_db_url)
    with app.app_context():
        from recon.extensions import db

        upgrade(revision="0005_evaluations")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                'INSERT INTO "case" (id, case_no, year, serial, query_code, channel, status, filed_on, '
                "received_on, deemed_accepted, respondent_name, act_title, informed_of_rights, request, "
                "facts_and_reasons, litigation_filed, created_at, updated_at, version_id) VALUES "
                "(1, '合府复〔2026〕1号', 2026, 1, 'ABCDEFGH', 'online', 'received', '2026-11-27', "
                "'2026-11-27', false, '合江区公安分局', '行政处罚决定书', true, '撤销', '理由', false, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
            conn.execute(sa.text(
                "INSERT INTO party (case_id, role, kind, name, phone, address, position) VALUES "
                "(1, 'respondent', 'organization', '合江区公安分局', NULL, NULL, 0), "
                "(1, 'applicant', 'person', '张三', '13800138000', '合江区人民路 8 号', 0)"))
        upgrade(revision="0006_service")
        with db.engine.connect() as conn:
            row = conn.execute(sa.text(
                'SELECT service_address, service_phone, e_service_consent, e_service_email, sms_notice, '
                'act_known_note FROM "case" WHERE id = 1')).one()
        assert tuple(row) == ("合江区人民路 8 号", "13800138000", False, None, False, None)
        downgrade(revision="0005_evaluations")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("case")}
        assert not columns & {"service_address", "service_phone", "e_service_consent", "e_service_email",
                              "sms_notice", "act_known_note"}
        with db.engine.connect() as conn:
            assert conn.execute(sa.text('SELECT count(*) FROM "case"')).scalar() == 1
            assert conn.execute(sa.text("SELECT count(*) FROM party")).scalar() == 2
        db.engine.dispose()


def test_0017_backfills_next_due_on(empty_db_url):
    """0017 sets each existing case's next_due_on to its earliest running (open or overdue) due
    date, None when no deadline runs; the downgrade drops the column."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_db_url)
    with app.app_context():
        from recon.extensions import db

        upgrade(revision="0016_mediation_tables")
        with db.engine.begin() as conn:
            for case_id in (1, 2):
                conn.execute(sa.text(
                    'INSERT INTO "case" (id, case_no, year, serial, query_code, channel, status, filed_on, '
                    "received_on, deemed_accepted, respondent_name, act_title, informed_of_rights, request, "
                    "facts_and_reasons, litigation_filed, created_at, updated_at, version_id, e_service_consent, "
                    f"sms_notice) VALUES ({case_id}, '合府复〔2026〕{case_id}号', 2026, {case_id}, 'ABCDEFGH', "
                    "'online', 'accepted', '2026-11-27', '2026-11-27', false, '合江区公安分局', '行政处罚决定书', "
                    "true, '撤销', '理由', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, false, false)"))
            for case_id, due, state in ((1, "2026-12-20", "open"), (1, "2026-12-04", "overdue"),
                                        (1, "2026-12-01", "met"), (1, "2026-11-30", "paused"),
                                        (2, "2026-12-02", "met")):
                conn.execute(sa.text(
                    "INSERT INTO deadline (case_id, rule, start_on, due_on, state, provisional, derivation, "
                    "pauses, extension_days, created_at, updated_at, version_id) VALUES (:c, 'decision', "
                    "'2026-11-27', :d, :s, false, '{}', '[]', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"),
                    {"c": case_id, "d": due, "s": state})
        upgrade(revision="0017_scale_list_indexes")
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text('SELECT id, next_due_on FROM "case" ORDER BY id')).all()
        assert [(i, str(d) if d else None) for i, d in rows] == [(1, "2026-12-04"), (2, None)]
        downgrade(revision="0016_mediation_tables")
        assert "next_due_on" not in {c["name"] for c in sa.inspect(db.engine).get_columns("case")}
        db.engine.dispose()
