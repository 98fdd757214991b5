"""evaluations: 好差评 of the service, once per case and stage, with the follow-up of a 差评

Revision ID: 0005_evaluations
Revises: 0004_intake
Create Date: 2026-11-28 09:00:00

"""
import sqlalchemy as sa
from alembic import op

import recon.db

revision = "0005_evaluations"
down_revision = "0004_intake"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("contact_ok", sa.Boolean(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("follow_up_state", sa.String(length=8), nullable=True),
        sa.Column("followed_up_by_id", sa.Integer(), nullable=True),
        sa.Column("followed_up_at", recon.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("follow_up_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_evaluation_case_id_case"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["by_id"], ["user.id"], name=op.f("fk_evaluation_by_id_user")),
        sa.ForeignKeyConstraint(["followed_up_by_id"], ["user.id"],
                                name=op.f("fk_evaluation_followed_up_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
        sa.UniqueConstraint("case_id", "stage", name="uq_evaluation_case_stage"),
    )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_by_id"), ["by_id"], unique=False)
        batch_op.create_index("ix_evaluation_follow_up_state", ["follow_up_state"], unique=False)


def downgrade():
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_follow_up_state")
        batch_op.drop_index(batch_op.f("ix_evaluation_by_id"))
    op.drop_table("evaluation")
