"""security: the audit log's hash chain and its TRUNCATE trigger (issue 12)

Revision ID: 0007_security_audit_chain
Revises: 0006_service
Create Date: 2026-12-07 20:10:00

Adds audit_entry.prev_hash (unique: the chain cannot fork) and audit_entry.hash, chains the
entries already there in id order (recon/audit/chain.py), and on PostgreSQL refuses TRUNCATE of
audit_entry (also when ``TRUNCATE "case" CASCADE`` reaches it). Run it as the tables' owner: the
backfill switches the append-only trigger off for its own transaction.
"""
import sqlalchemy as sa
from alembic import op

import recon.db
from recon.audit.chain import GENESIS, entry_hash

revision = "0007_security_audit_chain"
down_revision = "0006_service"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
)


def _entries():
    return sa.table(
        "audit_entry", sa.column("id", sa.Integer), sa.column("at", recon.db.UTCDateTime()),
        sa.column("actor_id", sa.Integer), sa.column("actor_name", sa.String),
        sa.column("action", sa.String), sa.column("object_type", sa.String),
        sa.column("object_id", sa.String), sa.column("case_id", sa.Integer),
        sa.column("summary", sa.String), sa.column("before", sa.JSON), sa.column("after", sa.JSON),
        sa.column("prev_hash", sa.String), sa.column("hash", sa.String))


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    if postgres:
        op.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_immutable")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
    entries, previous = _entries(), GENESIS
    bind = op.get_bind()
    for row in bind.execute(sa.select(entries).order_by(entries.c.id)).all():
        digest = entry_hash(row, previous)
        bind.execute(entries.update().where(entries.c.id == row.id).values(prev_hash=previous, hash=digest))
        previous = digest
    if postgres:
        op.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_immutable")
        op.execute("CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
                   "FOR EACH STATEMENT EXECUTE FUNCTION recon_audit_immutable()")
    else:
        op.execute(SQLITE_TRIGGERS[0])
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_prev_hash"), ["prev_hash"], unique=True)


def downgrade():
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_prev_hash"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    if op.get_bind().dialect.name != "postgresql":  # the batch copy of the table has no triggers
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
