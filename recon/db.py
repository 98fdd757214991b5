"""Database plumbing: naming convention, UTC datetimes, SQLite pragmas, transaction hooks and memo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, MetaData, String, cast, event, literal, text
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Aware datetimes only; naive UTC on SQLite, timestamptz on PostgreSQL; always aware UTC out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime not allowed")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL, foreign keys and a busy timeout on every SQLite connection (tech-notes §1.5, §6)."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


# ---- after-commit / after-rollback hooks ---------------------------------------------------------

_AFTER_COMMIT = "recon_after_commit"
_AFTER_ROLLBACK = "recon_after_rollback"
_MEMO = "recon_transaction_memo"


def on_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` once the session's current transaction commits."""
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def on_rollback(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` if the session's current transaction rolls back (e.g. delete a stored file)."""
    session.info.setdefault(_AFTER_ROLLBACK, []).append(callback)


def transaction_memo(session: Session, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per outermost transaction of `session` (forgotten when it ends, so the
    next transaction sees other processes' changes again)."""
    memo = session.info.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget_memo(session: Session, key: str) -> None:
    session.info.get(_MEMO, {}).pop(key, None)


def try_job_lock(session: Session, key: int) -> bool:
    """The lock a scheduled job takes before it writes (tech-notes §1.5).

    PostgreSQL: the transaction-level advisory lock `key`, without waiting; False when another
    process holds it (its job is running), and it is released at COMMIT or ROLLBACK. SQLite: the
    database's write lock up front (``BEGIN IMMEDIATE``, waiting up to the busy timeout), so that
    a job that reads and then writes never fails with "database is locked" halfway; always True.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return bool(session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}).scalar())
    if dialect == "sqlite":
        raw = session.connection().connection.dbapi_connection
        if not raw.in_transaction:  # pysqlite begins lazily, at the first write: begin now
            raw.execute("BEGIN IMMEDIATE")
    return True


# ---- set-based statements (the sweep's INSERT ... SELECT) ------------------------------------------


class json_object(FunctionElement):  # noqa: N801 (reads as the SQL function it is)
    """``json_object(k1, v1, k2, v2, ...)``: a JSON object built in SQL (``json_build_object`` on
    PostgreSQL), for a JSON column filled by ``INSERT ... SELECT``."""

    type = JSON()
    name = "json_object"
    inherit_cache = True


@compiles(json_object)
def _json_object(element, compiler, **kw):
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(json_object, "postgresql")
def _json_build_object(element, compiler, **kw):
    return f"json_build_object({compiler.process(element.clauses, **kw)})"


def sql_text(value) -> Any:
    """``value`` (a column or a Python value) as SQL text, for concatenation with ``+``."""
    if isinstance(value, str):
        return literal(value, String)
    return cast(value, String)


def insert_once(session: Session, model, names: list[str], select_stmt, key: str = "dedupe_key") -> int:
    """``INSERT INTO model (names) SELECT ... ON CONFLICT (key) DO NOTHING``: rows whose unique
    ``key`` exists already are skipped, so a repeated effect is written once. Returns the number
    of rows inserted."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(model).from_select(names, select_stmt).on_conflict_do_nothing(index_elements=[key])
    return session.execute(stmt).rowcount


def _run(session: Session, key: str, discard: str) -> None:
    callbacks = session.info.pop(key, [])
    session.info.pop(discard, None)
    for callback in callbacks:
        callback()


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    _run(session, _AFTER_COMMIT, _AFTER_ROLLBACK)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction):
    if previous_transaction.parent is None:  # the outermost transaction only
        _run(session, _AFTER_ROLLBACK, _AFTER_COMMIT)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction):
    """An outermost transaction that ended without commit or rollback (``session.close()`` with the
    transaction open, as at the end of a request) was rolled back: run the rollback hooks too."""
    if transaction.parent is None:
        session.info.pop(_MEMO, None)
    if transaction.parent is None and (session.info.get(_AFTER_ROLLBACK) or session.info.get(_AFTER_COMMIT)):
        _run(session, _AFTER_ROLLBACK, _AFTER_COMMIT)


def utcnow() -> datetime:
    """Default for created_at columns (the wall clock lives in recon.clock; this is a DB default)."""
    from recon.clock import now_utc

    return now_utc()
