"""statistics: versioned definitions, the monthly summary, later litigation / petition records, the closure value
resolved_before_acceptance (26 characters: the column widens to 30) and indexes on the
acceptance and closure days (issue 16)

Revision ID: 0013_stats_figures
Revises: 0012_stats_enterprise
Create Date: 2026-12-07 21:00:00

The summary starts empty: on a database that already has cases, run `flask recon stats-rebuild`
once after upgrading.
"""
import sqlalchemy as sa
from alembic import op

import recon.db

revision = "0013_stats_figures"
down_revision = "0012_stats_enterprise"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stat_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("correction_denominator", sa.String(length=40), nullable=False),
        sa.Column("substantive_basis", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_stat_definition_created_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_definition")),
        sa.UniqueConstraint("version", name=op.f("uq_stat_definition_version")),
    )
    op.create_table(
        "later_proceeding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column("number", sa.String(length=80), nullable=True),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_later_proceeding_case_id_case"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_later_proceeding_created_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_later_proceeding")),
    )
    op.create_index("ix_later_proceeding_case_kind", "later_proceeding", ["case_id", "kind"], unique=False)
    op.create_table(
        "stat_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("dim", sa.String(length=12), nullable=False),
        sa.Column("dim_value", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("closure", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.String(length=30), nullable=False),
        sa.Column("enterprise", sa.Boolean(), nullable=False),
        sa.Column("sued", sa.Boolean(), nullable=False),
        sa.Column("petitioned", sa.Boolean(), nullable=False),
        sa.Column("clock", sa.String(length=8), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_summary")),
    )
    op.create_index("ix_stat_summary_month_kind", "stat_summary", ["month", "kind", "dim"], unique=False)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.alter_column("closure", existing_type=sa.String(length=20), type_=sa.String(length=30),
                              existing_nullable=True)
        batch_op.create_index(batch_op.f("ix_case_accepted_on"), ["accepted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_closed_on"), ["closed_on"], unique=False)


def downgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_closed_on"))
        batch_op.drop_index(batch_op.f("ix_case_accepted_on"))
        batch_op.alter_column("closure", existing_type=sa.String(length=30), type_=sa.String(length=20),
                              existing_nullable=True)
    op.drop_index("ix_stat_summary_month_kind", table_name="stat_summary")
    op.drop_table("stat_summary")
    op.drop_index("ix_later_proceeding_case_kind", table_name="later_proceeding")
    op.drop_table("later_proceeding")
    op.drop_table("stat_definition")
