"""Review: ux.md S13 "Logs never hold a full ID number". A database error's message (which the
500 handler logs with the traceback) must not carry the statement's parameters."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from recon.extensions import db

FULL_ID = "11010519491231002X"


def test_database_errors_do_not_echo_parameters(app):
    with pytest.raises((DBAPIError, StatementError)) as exc:
        db.session.execute(text("INSERT INTO no_such_table (id_number) VALUES (:n)"), {"n": FULL_ID})
    db.session.rollback()
    assert FULL_ID not in str(exc.value)
