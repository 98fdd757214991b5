"""performance: a case's performance obligation (履行) after a decision, 调解书 or 和解协议, with
its 责令履行通知书 and enforcement record (arts. 77, 78, 83; issues 14 and 15)

Revision ID: 0021_performance
Revises: 0020_worklist_all_indexes
Create Date: 2026-12-07 23:00:00
"""
import sqlalchemy as sa
from alembic import op

from recon.db import UTCDateTime

revision = "0021_performance"
down_revision = "0020_worklist_all_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "performance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("obliged", sa.String(length=12), nullable=False),
        sa.Column("obligation", sa.Text(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.Column("performed_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("material_id", sa.Integer(), nullable=True),
        sa.Column("orders", sa.JSON(), nullable=False),
        sa.Column("enforcement", sa.JSON(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deadline_id"], ["deadline.id"]),
        sa.ForeignKeyConstraint(["material_id"], ["material.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )


def downgrade():
    op.drop_table("performance")
