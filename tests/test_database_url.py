"""DATABASE_URL: every PostgreSQL spelling a host prints works and uses psycopg 3 (api.md v1.1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config import database_url
from recon import create_app
from recon.extensions import db


@pytest.mark.parametrize("url", [
    "postgresql://recon:secret@db-host:5432/recon?sslmode=require",
    "postgres://recon:secret@db-host:5432/recon?sslmode=require",
    "postgresql+psycopg://recon:secret@db-host:5432/recon?sslmode=require",
    "postgresql+psycopg2://recon:secret@db-host:5432/recon?sslmode=require",
])
def test_every_postgresql_form_becomes_psycopg_3(url):
    assert database_url(url) == "postgresql+psycopg://recon:secret@db-host:5432/recon?sslmode=require"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:////srv/recon.sqlite3", None])
def test_other_urls_are_unchanged(url):
    assert database_url(url) == url


def test_the_app_builds_its_engine_with_psycopg_from_a_plain_url():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql://recon@127.0.0.1:1/recon")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://recon@127.0.0.1:1/recon"
    with app.app_context():
        assert db.engine.dialect.name == "postgresql" and db.engine.dialect.driver == "psycopg"


def test_database_url_from_the_environment_needs_no_psycopg2(tmp_path):
    """The environment's plain URL builds an engine with psycopg2 unimportable."""
    script = (
        "import sys; sys.modules['psycopg2'] = None\n"
        "from recon import create_app\nfrom recon.extensions import db\n"
        "app = create_app('development')\n"
        "with app.app_context(): print(db.engine.dialect.driver)\n"
    )
    env = {"DATABASE_URL": "postgresql://recon@127.0.0.1:1/recon", "RECON_SCHEDULER_ENABLED": "0",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          cwd=str(Path(__file__).resolve().parents[1]),
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "psycopg"
