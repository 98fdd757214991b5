"""Review: a file stored in a transaction that never commits is removed, however the transaction
ends (explicit rollback, or the session closed with the transaction still open, as Flask-SQLAlchemy
does at the end of a request)."""

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from recon.storage import Storage


def _session():
    session = Session(create_engine("sqlite://"))
    session.execute(text("select 1"))  # a transaction is open
    return session


def test_rollback_removes_the_new_file(tmp_path):
    store, session = Storage(tmp_path), _session()
    stored = store.put_bytes(b"%PDF-1 rollback", session)
    session.rollback()
    assert not store.exists(stored.sha256)


def test_close_without_commit_removes_the_new_file(tmp_path):
    store, session = Storage(tmp_path), _session()
    stored = store.put_bytes(b"%PDF-1 closed", session)
    session.close()
    assert not store.exists(stored.sha256)
    assert not session.info.get("recon_after_rollback"), "stale callbacks would fire on a later rollback"


def test_commit_keeps_the_file_and_a_later_rollback_does_not_touch_it(tmp_path):
    store, session = Storage(tmp_path), _session()
    stored = store.put_bytes(b"%PDF-1 kept", session)
    session.commit()
    session.execute(text("select 1"))
    session.rollback()
    session.close()
    assert store.exists(stored.sha256)


def test_savepoint_rollback_keeps_the_outer_transactions_file(tmp_path):
    store, session = Storage(tmp_path), _session()
    stored = store.put_bytes(b"%PDF-1 outer", session)
    try:
        with session.begin_nested():
            raise ValueError
    except ValueError:
        pass
    assert store.exists(stored.sha256)
    session.commit()
    assert store.exists(stored.sha256)
