"""A database restart or lock while a request is in flight answers 503 with a Chinese retry message
and Retry-After (JSON on the API), never a 500; the request saved nothing, and repeating it works.

On PostgreSQL the request's own connection is terminated (pg_terminate_backend, what a restart
does to it); on SQLite another connection holds the write lock (what a long writer does)."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event, func, select

from recon.audit.models import AuditEntry
from recon.extensions import db
from tests.conftest import PASSWORD


@contextmanager
def database_lost(app):
    engine = db.engine
    if engine.dialect.name == "postgresql":
        admin = sa.create_engine(engine.url, isolation_level="AUTOCOMMIT")

        def kill(conn, cursor, statement, parameters, context, executemany):
            pid = conn.connection.dbapi_connection.info.backend_pid  # psycopg 3
            with admin.connect() as other:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

        event.listen(engine, "before_cursor_execute", kill)
        try:
            yield
        finally:
            event.remove(engine, "before_cursor_execute", kill)
            admin.dispose()
        return
    holder = sqlite3.connect(engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held

    def no_wait(conn, cursor, statement, parameters, context, executemany):
        cursor.execute("PRAGMA busy_timeout=0")

    event.listen(engine, "before_cursor_execute", no_wait)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", no_wait)
        holder.execute("ROLLBACK")
        holder.close()


def _entries() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_a_page_request_gets_503_with_a_retry_message(app, client, users):
    before = _entries()
    with database_lost(app):
        response = client.post("/login", data={"username": "clerk", "password": PASSWORD})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    page = response.get_data(as_text=True)
    assert "系统正忙" in page and "请稍等片刻后重新提交" in page
    assert _entries() == before  # nothing of the login was saved
    again = client.post("/login", data={"username": "clerk", "password": PASSWORD})
    assert again.status_code == 302


def test_an_api_request_gets_503_json(app, client, users):
    with database_lost(app):
        response = client.post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "请稍等片刻后重新提交" in response.get_json()["errors"]["_"]
    again = client.post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD})
    assert again.status_code == 200 and again.get_json()["token"]


@pytest.mark.parametrize("error", [
    sa.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly")),
    sa.exc.InterfaceError("SELECT 1", {}, Exception("connection already closed")),
])
def test_other_connection_errors_are_503_too(app, client, error):
    @app.get("/lost")
    def lost():
        raise error

    response = client.get("/lost")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
