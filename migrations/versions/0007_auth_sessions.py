"""auth: server-side session ends (a generation per account), failed logins counted per submitted
name (login_throttle), API tokens with their revocation time, and the body digest of an API
filing's submission token (issues 11 and 12)

Revision ID: 0007_auth_sessions
Revises: 0006_service
Create Date: 2026-12-07 20:30:00

The old per-account failure counters and lockouts are dropped (a lockout in force at the upgrade
ends with it); tokens revoked before keep their creation time as their revocation time; every
login from before the upgrade has to log in again (its session id has no generation).
"""
import sqlalchemy as sa
from alembic import op

import recon.db

revision = "0007_auth_sessions"
down_revision = "0006_service"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttle",
        sa.Column("name_key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", recon.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name_key", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttle_updated_at"), ["updated_at"], unique=False)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False))
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")

    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", recon.db.UTCDateTime(timezone=True), nullable=True))
    token = sa.table("api_token", sa.column("revoked", sa.Boolean), sa.column("created_at", sa.DateTime),
                     sa.column("revoked_at", sa.DateTime))
    op.execute(token.update().where(token.c.revoked == sa.true()).values(revoked_at=token.c.created_at))
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("revoked")

    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_digest", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("submission_digest")

    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked", sa.Boolean(), server_default=sa.false(), nullable=False))
    token = sa.table("api_token", sa.column("revoked", sa.Boolean), sa.column("revoked_at", sa.DateTime))
    op.execute(token.update().where(token.c.revoked_at.is_not(None)).values(revoked=True))
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", recon.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
        batch_op.drop_column("session_generation")

    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttle_updated_at"))
    op.drop_table("login_throttle")
