"""lists: the worklist's 「全部」 and single-status filters read in the worklist's order through their
own indexes (all cases; one status, closed ones included), so that page 1 and page 1,000 cost the
same (issue 17)

Revision ID: 0020_worklist_all_indexes
Revises: 0019_act_type_and_figures
Create Date: 2026-12-07 23:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_worklist_all_indexes"
down_revision = "0019_act_type_and_figures"
branch_labels = None
depends_on = None

DUE_KEY = sa.text("coalesce(next_due_on, '9999-12-31')")


def upgrade():
    op.create_index("ix_case_worklist_all", "case", [DUE_KEY, "received_on", "id"])
    op.create_index("ix_case_worklist_status", "case", ["status", DUE_KEY, "received_on", "id"])


def downgrade():
    op.drop_index("ix_case_worklist_status", table_name="case")
    op.drop_index("ix_case_worklist_all", table_name="case")
