"""lists: the worklist's 「全部」 and single-status filters read in the worklist's order through their
own indexes (all cases; one status, closed ones included), so that page 1 and page 1,000 cost the
same (issue 17)

Revision ID: 0018_lists
Revises: 0017_scale_list_indexes
Create Date: 2026-12-07 23:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_lists"
down_revision = "0017_scale_list_indexes"
branch_labels = None
depends_on = None

DUE_KEY = sa.text("coalesce(next_due_on, '9999-12-31')")


def upgrade():
    op.create_index("ix_case_worklist_all", "case", [DUE_KEY, "received_on", "id"])
    op.create_index("ix_case_worklist_status", "case", ["status", DUE_KEY, "received_on", "id"])


def downgrade():
    op.drop_index("ix_case_worklist_status", table_name="case")
    op.drop_index("ix_case_worklist_all", table_name="case")
