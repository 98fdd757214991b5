"""summary: stat_summary counted per day, per month and per year (and the cases by status now), one
row per key under a unique index, the target of the flush listener's INSERT … ON CONFLICT DO UPDATE,
and a partial index on the received rows for the months by channel (issues 16 and 17)

Revision ID: 0018_summary
Revises: 0017_scale_list_indexes
Create Date: 2026-12-07 23:30:00

The table is recreated empty: on a database that already has cases, run
`flask recon stats rebuild-summary` once after upgrading (before the app serves writes).
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_summary"
down_revision = "0017_scale_list_indexes"
branch_labels = None
depends_on = None

RECEIVED_ROWS = "kind = 'received' AND dim = ''"
KEYS = ["kind", "dim", "dim_value", "channel", "closure", "detail", "enterprise", "sued", "petitioned", "clock",
        "accepted"]


def _columns():
    return [
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
    ]


def upgrade():
    op.drop_index("ix_stat_summary_month_kind", table_name="stat_summary")
    op.drop_table("stat_summary")
    op.create_table(
        "stat_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_summary")),
    )
    op.create_index("ix_stat_summary_key", "stat_summary", ["grain", "day", *KEYS], unique=True)
    op.create_index("ix_stat_summary_received", "stat_summary", ["grain", "day", "channel"], unique=False,
                    postgresql_where=sa.text(RECEIVED_ROWS), sqlite_where=sa.text(RECEIVED_ROWS))


def downgrade():
    op.drop_index("ix_stat_summary_received", table_name="stat_summary")
    op.drop_index("ix_stat_summary_key", table_name="stat_summary")
    op.drop_table("stat_summary")
    op.create_table(
        "stat_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_summary")),
    )
    op.create_index("ix_stat_summary_month_kind", "stat_summary", ["month", "kind", "dim"], unique=False)
