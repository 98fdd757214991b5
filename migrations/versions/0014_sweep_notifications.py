"""sweep: partial indexes for the set-based sweep and the board, the due-soon mark on deadlines,
the staff inbox (notification) and the e-mail/SMS outbox (outbox_message)

Revision ID: 0014_sweep_notifications
Revises: 0013_stats_figures
Create Date: 2026-12-07 20:30:00

"""
import sqlalchemy as sa
from alembic import op

import recon.db

revision = "0014_sweep_notifications"
down_revision = "0013_stats_figures"
branch_labels = None
depends_on = None

OPEN = "state = 'open'"
UNREMINDED = "state = 'open' AND (reminded_due_on IS NULL OR reminded_due_on <> due_on)"
RUNNING = "state IN ('open', 'overdue')"
PROVISIONAL = "provisional AND state IN ('open', 'overdue', 'paused')"
UNREAD = "read_at IS NULL"
PENDING = "sent_at IS NULL AND failed_at IS NULL"


def _where(condition):
    return {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)}


def upgrade():
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_due_on", sa.Date(), nullable=True))
    # Deadlines already open count as reminded for their due date: the first sweep after the
    # upgrade reminds only what falls due soon from then on, not every deadline at once.
    op.execute(sa.text(f"UPDATE deadline SET reminded_due_on = due_on WHERE {OPEN} AND due_on IS NOT NULL"))
    op.create_index("ix_deadline_open_due_on", "deadline", ["due_on", "id"], **_where(OPEN))
    op.create_index("ix_deadline_unreminded_due_on", "deadline", ["due_on", "id"], **_where(UNREMINDED))
    op.create_index("ix_deadline_running_due_on_id", "deadline", ["due_on", "id"], **_where(RUNNING))
    op.create_index("ix_deadline_provisional", "deadline", ["id"], **_where(PROVISIONAL))

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.Column("case_label", sa.String(length=60), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", recon.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dedupe_key", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_notification_user_id_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_notification_case_id_case"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deadline_id"], ["deadline.id"],
                                name=op.f("fk_notification_deadline_id_deadline"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_notification_dedupe_key")),
    )
    op.create_index("ix_notification_user_id_id", "notification", ["user_id", "id"])
    op.create_index("ix_notification_unread", "notification", ["user_id"], **_where(UNREAD))

    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("send_after", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", recon.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_at", recon.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sent_via", sa.String(length=40), nullable=True),
        sa.Column("dedupe_key", sa.String(length=160), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_message_dedupe_key")),
    )
    op.create_index("ix_outbox_message_pending", "outbox_message", ["send_after", "id"], **_where(PENDING))


def downgrade():
    op.drop_index("ix_outbox_message_pending", table_name="outbox_message")
    op.drop_table("outbox_message")
    op.drop_index("ix_notification_unread", table_name="notification")
    op.drop_index("ix_notification_user_id_id", table_name="notification")
    op.drop_table("notification")
    for name in ("ix_deadline_provisional", "ix_deadline_running_due_on_id",
                 "ix_deadline_unreminded_due_on", "ix_deadline_open_due_on"):
        op.drop_index(name, table_name="deadline")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_column("reminded_due_on")
