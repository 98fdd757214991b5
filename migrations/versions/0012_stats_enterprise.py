"""涉企 (enterprise) flag on the case (issue 16)

Revision ID: 0012_stats_enterprise
Revises: 0011_stats_points
Create Date: 2026-12-07 20:30:00

Existing cases whose applicant is an organization with a 统一社会信用代码 are marked 涉企, as
intake marks new ones.
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_stats_enterprise"
down_revision = "0011_stats_points"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enterprise", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_case_enterprise"), ["enterprise"], unique=False)
    case = sa.table("case", sa.column("id", sa.Integer), sa.column("enterprise", sa.Boolean))
    party = sa.table("party", sa.column("case_id", sa.Integer), sa.column("role", sa.String),
                     sa.column("kind", sa.String), sa.column("id_number", sa.String))
    organizations = sa.select(party.c.case_id).where(
        party.c.role == "applicant", party.c.kind == "organization", party.c.id_number.is_not(None),
        party.c.id_number != "")
    op.execute(case.update().where(case.c.id.in_(organizations)).values(enterprise=True))


def downgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_enterprise"))
        batch_op.drop_column("enterprise")
