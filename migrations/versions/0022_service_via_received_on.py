"""steps: the day a material was received (a reply's materials registered later) and who was
entrusted, or the unit that passed it on, for 委托送达 / 转交送达 (issue 14)

Revision ID: 0022_service_via_received_on
Revises: 0021_performance
Create Date: 2026-12-07 23:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0022_service_via_received_on"
down_revision = "0021_performance"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_on", sa.Date(), nullable=True))
    with op.batch_alter_table("document_service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("via", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("document_service", schema=None) as batch_op:
        batch_op.drop_column("via")
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.drop_column("received_on")
