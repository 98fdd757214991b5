"""handling: the respondent's reply (date received and its gist) and the decision draft on the
case (issue 14)

Revision ID: 0015_handling_reply_decision
Revises: 0014_sweep_notifications
Create Date: 2026-12-07 21:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_handling_reply_decision"
down_revision = "0014_sweep_notifications"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_received_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reply_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("decision_draft", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("decision_draft")
        batch_op.drop_column("reply_text")
        batch_op.drop_column("reply_received_on")
