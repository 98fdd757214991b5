"""intake: the day the applicant learned of the right to apply (art. 20 ¶3, act.rights_known_on)
and a case serial that a version withdrawn by「撤回并修改」may give up to its correction

Revision ID: 0009_intake_rights_known
Revises: 0008_auth_sessions
Create Date: 2026-12-07 20:30:00

``case.serial`` becomes nullable: a withdrawn version whose number its corrected resubmission
took over keeps its record without a serial (the unique (year, serial) pair stays). Existing
cases keep their serials; nobody learned of the right on a recorded day before this step.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_intake_rights_known"
down_revision = "0008_auth_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("act_rights_known_on", sa.Date(), nullable=True))
        batch_op.alter_column("serial", existing_type=sa.Integer(), nullable=True)


def downgrade():
    case = sa.table("case", sa.column("id", sa.Integer), sa.column("serial", sa.Integer))
    # A withdrawn version without a serial cannot be kept under the old schema's NOT NULL: give
    # it a serial no case uses (negative, so the sequence itself is untouched).
    op.execute(case.update().where(case.c.serial.is_(None)).values(serial=-case.c.id))
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.alter_column("serial", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("act_rights_known_on")
