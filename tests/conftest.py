"""Shared fixtures: an app per test on a fresh SQLite file, or on PostgreSQL via TEST_DATABASE_URL."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import UTC, datetime

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import text

from config import database_url
from recon import create_app
from recon.extensions import db

PASSWORD = "test-pass-2026"
PG_URL = database_url(os.environ.get("TEST_DATABASE_URL"))
FIXED_NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 Beijing, Friday


def pytest_configure(config):
    import recon.auth.services

    recon.auth.services.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashes in tests


def _import_models():
    import recon.audit.models  # noqa: F401
    import recon.auth.models  # noqa: F401
    import recon.cases.models  # noqa: F401
    import recon.deadlines.models  # noqa: F401
    import recon.documents.models  # noqa: F401
    import recon.evaluations.models  # noqa: F401
    import recon.intake.models  # noqa: F401
    import recon.mediation.models  # noqa: F401


CALENDAR_TABLES = ("calendar_day", "calendar_year")


class _SharedBytecodeCache(BytecodeCache):
    """Compiled templates shared by every test's app: compiling them anew for each app was the
    largest single cost of a test."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = _SharedBytecodeCache()


def _seed_once(url: str) -> None:
    """Build the schema and the seeded calendar in the database at ``url``."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        _import_models()
        db.create_all()
        from recon.deadlines.calendar_edits import seed_calendar

        seed_calendar(db.session, audit=False)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """The schema and the seeded calendar, built once per test run (most of each test's set-up
    used to be ``create_all`` and ~700 calendar rows).

    SQLite: a template file that each test copies. PostgreSQL: a database of this test process's
    own (so parallel runs never collide), with a pristine copy of the calendar tables that each
    test restores after truncating everything.
    """
    if not PG_URL:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        _seed_once(f"sqlite:///{path}")
        yield str(path)
        return
    import sqlalchemy as sa

    base = sa.make_url(PG_URL)
    name = f"{base.database}_{os.getpid()}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    _seed_once(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in CALENDAR_TABLES:
            conn.execute(text(f'CREATE TABLE "pristine_{table}" AS TABLE "{table}"'))
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres() -> None:
    """Empty every table and restore the seeded calendar, in one round of statements."""
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:  # as superuser, past audit_entry's TRUNCATE trigger
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        for table in CALENDAR_TABLES:
            conn.execute(text(f'INSERT INTO "{table}" SELECT * FROM "pristine_{table}"'))


@pytest.fixture
def app(tmp_path, template_db):
    if PG_URL:
        url = template_db
    else:
        shutil.copyfile(template_db, tmp_path / "test.sqlite3")
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    application = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=url, STORAGE_DIR=str(tmp_path / "files")
    )
    application.jinja_env.bytecode_cache = TEMPLATE_BYTECODE

    @application.before_request
    def _fresh_g():
        """The fixture keeps one app context open, which requests reuse: give each a fresh `g`."""
        from flask import g

        for key in list(g):
            g.pop(key)

    with application.app_context():
        _import_models()
        if PG_URL:
            _reset_postgres()
        from recon.deadlines.calendar_store import invalidate_calendar_cache

        invalidate_calendar_cache()
        yield application
        db.session.remove()
        db.engine.dispose()
    shutil.rmtree(tmp_path / "files", ignore_errors=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def users(app):
    """One user per role, password PASSWORD, username = role name."""
    from recon.auth.roles import Role
    from recon.auth.services import create_user

    created = {}
    for role in Role:
        created[role.value] = create_user(db.session, None, role.value, role.value, PASSWORD,
                                          display_name=f"测试{role.value}")
    db.session.commit()
    return created


def login(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def login_as(client, users):
    def _login(role: str):
        response = login(client, role)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login


# ---- browser tests (tech-notes §4) ----------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_server(app):
    """The app served on 127.0.0.1 with a free port, in a daemon thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM} (CI installs Debian's chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)
