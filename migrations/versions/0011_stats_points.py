"""intake points (接收点): the admin's list, and the point, its receipt day and the hand-over to
the bureau on the intake record (issue 16)

Revision ID: 0011_stats_points
Revises: 0010_workflow_former_unit
Create Date: 2026-12-07 20:00:00
"""
import sqlalchemy as sa
from alembic import op

import recon.db

revision = "0011_stats_points"
down_revision = "0010_workflow_former_unit"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "intake_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("hours", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_point")),
        sa.UniqueConstraint("code", name=op.f("uq_intake_point_code")),
    )
    with op.batch_alter_table("intake_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("point_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("point_received_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("handed_over_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("handed_over_to", sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f("ix_intake_record_point_id"), ["point_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_intake_record_point_id_intake_point"), "intake_point",
                                    ["point_id"], ["id"])


def downgrade():
    with op.batch_alter_table("intake_record", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_intake_record_point_id_intake_point"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_intake_record_point_id"))
        batch_op.drop_column("handed_over_to")
        batch_op.drop_column("handed_over_on")
        batch_op.drop_column("point_received_on")
        batch_op.drop_column("point_id")
    op.drop_table("intake_point")
