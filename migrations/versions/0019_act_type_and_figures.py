"""stats: case.act_type (行政行为类别, backfilled from the act's title) and the indexes the new
figures read: the hearings
(``workflow.record_hearing`` timeline entries) and mediation sessions held in a period, and the
documents of a kind issued in a period (issue 16)

Revision ID: 0019_act_type_and_figures
Revises: 0018_summary
Create Date: 2026-12-07 23:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_act_type_and_figures"
down_revision = "0018_summary"
branch_labels = None
depends_on = None

HEARING = "kind = 'workflow.record_hearing'"
#: recon.cases.act_type.KEYWORDS as it was when this migration was written (first match wins).
KEYWORDS = (
    (("信息公开",), "information"),
    (("不履行", "未履行", "不作为"), "inaction"),
    (("强制执行",), "enforcement"),
    (("查封", "扣押", "冻结", "强制措施"), "coercive_measure"),
    (("处罚", "罚款", "拘留", "吊销", "没收", "责令停产停业"), "penalty"),
    (("许可",), "licensing"),
    (("征收", "征用", "补偿"), "expropriation"),
    (("给付", "抚恤", "低保", "救助"), "payment"),
    (("裁决",), "adjudication"),
    (("协议",), "agreement"),
    (("举报", "投诉"), "complaint"),
    (("认定", "登记", "确认"), "confirmation"),
)


def upgrade():
    op.add_column("case", sa.Column("act_type", sa.String(length=20), nullable=True))
    whens = " ".join(
        f"WHEN {' OR '.join(f'act_title LIKE {chr(39)}%{word}%{chr(39)}' for word in words)} THEN '{value}'"
        for words, value in KEYWORDS)
    op.execute(sa.text(f'UPDATE "case" SET act_type = CASE {whens} END'))
    op.create_index("ix_case_event_hearing_on", "case_event", ["on", "case_id"],
                    postgresql_where=sa.text(HEARING), sqlite_where=sa.text(HEARING))
    op.create_index("ix_mediation_session_on", "mediation_session", ["on"])
    op.create_index("ix_document_kind_issued_at", "document", ["kind", "issued_at"])


def downgrade():
    op.drop_index("ix_document_kind_issued_at", table_name="document")
    op.drop_index("ix_mediation_session_on", table_name="mediation_session")
    op.drop_index("ix_case_event_hearing_on", table_name="case_event")
    # a plain ALTER TABLE (SQLite ≥ 3.35): a batch copy of "case" would lose the expression indexes
    op.drop_column("case", "act_type")
