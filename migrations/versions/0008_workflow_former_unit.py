"""workflow: a staff account's former unit (原工作单位), so assigning a case warns when the handler
used to work for the respondent (recusal, issue 13)

Revision ID: 0008_workflow_former_unit
Revises: 0007_auth_sessions, 0007_security_audit_chain (it also joins those two heads)
Create Date: 2026-12-07 20:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_workflow_former_unit"
down_revision = ("0007_auth_sessions", "0007_security_audit_chain")
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("former_unit", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("former_unit")
