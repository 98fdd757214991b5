"""The app as bench/scale.py serves it: recon plus a bare endpoint that selects the 50 rows a
worklist page shows, straight through the driver (the floor any page is compared with)."""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import jsonify

from recon import create_app

app = create_app("production")
_bare_engine = sa.create_engine(os.environ["DATABASE_URL"], pool_size=2)


@app.get("/bench/bare")
def bare():
    with _bare_engine.connect() as conn:
        rows = conn.exec_driver_sql(
            'SELECT id, case_no, status, received_on FROM "case" '
            "ORDER BY received_on DESC, id DESC LIMIT 50").all()
    return jsonify([[r[0], r[1], r[2], r[3].isoformat()] for r in rows])
