"""mediation: mediations, their sessions, agreements (调解书 / 和解协议) and withdrawals; the
closure column widened for ``resolved_before_acceptance`` (issue 15)

Revision ID: 0016_mediation_tables
Revises: 0015_handling_reply_decision
Create Date: 2026-12-07 21:05:00
"""
import sqlalchemy as sa
from alembic import op

import recon.db

revision = "0016_mediation_tables"
down_revision = "0015_handling_reply_decision"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.alter_column("closure", existing_type=sa.String(length=20), type_=sa.String(length=30),
                              existing_nullable=True)
    op.create_table(
        "mediation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("before_acceptance", sa.Boolean(), nullable=False),
        sa.Column("applicant_consent_on", sa.Date(), nullable=True),
        sa.Column("respondent_consent_on", sa.Date(), nullable=True),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("handler_id", sa.Integer(), nullable=True),
        sa.Column("mediators", sa.JSON(), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_mediation_case_id_case"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["handler_id"], ["user.id"], name=op.f("fk_mediation_handler_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation")),
    )
    with op.batch_alter_table("mediation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mediation_state"), ["state"], unique=False)
    op.create_table(
        "mediation_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediation_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("time", sa.String(length=5), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("mediators", sa.JSON(), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("head_attended", sa.Boolean(), nullable=False),
        sa.Column("positions", sa.JSON(), nullable=False),
        sa.Column("proposals", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["mediation_id"], ["mediation.id"],
                                name=op.f("fk_mediation_session_mediation_id_mediation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["material_id"], ["material.id"],
                                name=op.f("fk_mediation_session_material_id_material")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user.id"],
                                name=op.f("fk_mediation_session_recorded_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_session")),
    )
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_session_mediation_id"), ["mediation_id"], unique=False)
    op.create_table(
        "mediation_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("mediation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("signatures", sa.JSON(), nullable=False),
        sa.Column("scans", sa.JSON(), nullable=False),
        sa.Column("sealed_on", sa.Date(), nullable=True),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_mediation_agreement_case_id_case"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mediation_id"], ["mediation.id"],
                                name=op.f("fk_mediation_agreement_mediation_id_mediation"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_agreement")),
    )
    with op.batch_alter_table("mediation_agreement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_agreement_case_id"), ["case_id"], unique=False)
    op.create_table(
        "withdrawal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("after_settlement", sa.Boolean(), nullable=False),
        sa.Column("self_correction", sa.Boolean(), nullable=False),
        sa.Column("before_acceptance", sa.Boolean(), nullable=False),
        sa.Column("new_act_no", sa.String(length=120), nullable=True),
        sa.Column("new_act_on", sa.Date(), nullable=True),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_withdrawal_case_id_case"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agreement_id"], ["mediation_agreement.id"],
                                name=op.f("fk_withdrawal_agreement_id_mediation_agreement")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user.id"], name=op.f("fk_withdrawal_recorded_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawal")),
        sa.UniqueConstraint("case_id", name=op.f("uq_withdrawal_case_id")),
    )


def downgrade():
    op.drop_table("withdrawal")
    with op.batch_alter_table("mediation_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_agreement_case_id"))
    op.drop_table("mediation_agreement")
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_session_mediation_id"))
    op.drop_table("mediation_session")
    with op.batch_alter_table("mediation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_state"))
        batch_op.drop_index(batch_op.f("ix_mediation_case_id"))
    op.drop_table("mediation")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.alter_column("closure", existing_type=sa.String(length=30), type_=sa.String(length=20),
                              existing_nullable=True)
