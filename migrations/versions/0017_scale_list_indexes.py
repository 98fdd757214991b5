"""scale: case.next_due_on (kept on every deadline change) and the indexes the long lists page
through: the worklist's partial indexes on open cases (all, and per handler), (received_on, id) for the API list, the
audit log's (filter, id) indexes and intake_record.submitted_at (issue 17)

Revision ID: 0017_scale_list_indexes
Revises: 0016_mediation_tables
Create Date: 2026-12-07 21:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_scale_list_indexes"
down_revision = "0016_mediation_tables"
branch_labels = None
depends_on = None

OPEN = "status IN ('accepted', 'correction_requested', 'mediation', 'received', 'suspended')"


def upgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":  # one pass over the running deadlines
        op.execute(sa.text(
            'UPDATE "case" c SET next_due_on = d.first FROM (SELECT case_id, min(due_on) AS first '
            "FROM deadline WHERE state IN ('open', 'overdue') GROUP BY case_id) d WHERE c.id = d.case_id"))
    else:
        op.execute(sa.text(
            'UPDATE "case" SET next_due_on = (SELECT min(d.due_on) FROM deadline d '
            "WHERE d.case_id = \"case\".id AND d.state IN ('open', 'overdue'))"))
    op.create_index("ix_case_worklist_open", "case",
                    [sa.text("coalesce(next_due_on, '9999-12-31')"), "received_on", "id"],
                    postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    op.create_index("ix_case_worklist_mine", "case",
                    ["handler_id", sa.text("coalesce(next_due_on, '9999-12-31')"), "received_on", "id"],
                    postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    op.create_index("ix_case_received_id", "case", ["received_on", "id"])
    op.create_index("ix_case_next_due_on", "case", ["next_due_on"])
    op.drop_index("ix_case_received_on", table_name="case")
    op.create_index("ix_intake_record_submitted_at", "intake_record", ["submitted_at"])
    op.create_index("ix_audit_entry_case_id_id", "audit_entry", ["case_id", "id"])
    op.create_index("ix_audit_entry_action_id", "audit_entry", ["action", "id"])
    op.create_index("ix_audit_entry_actor_name_id", "audit_entry", ["actor_name", "id"])
    op.drop_index("ix_audit_entry_case_id", table_name="audit_entry")
    op.drop_index("ix_audit_entry_action", table_name="audit_entry")


def downgrade():
    op.create_index("ix_audit_entry_action", "audit_entry", ["action"])
    op.create_index("ix_audit_entry_case_id", "audit_entry", ["case_id"])
    op.drop_index("ix_audit_entry_actor_name_id", table_name="audit_entry")
    op.drop_index("ix_audit_entry_action_id", table_name="audit_entry")
    op.drop_index("ix_audit_entry_case_id_id", table_name="audit_entry")
    op.drop_index("ix_intake_record_submitted_at", table_name="intake_record")
    op.create_index("ix_case_received_on", "case", ["received_on"])
    op.drop_index("ix_case_next_due_on", table_name="case")
    op.drop_index("ix_case_received_id", table_name="case")
    op.drop_index("ix_case_worklist_mine", table_name="case")
    op.drop_index("ix_case_worklist_open", table_name="case")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("next_due_on")
