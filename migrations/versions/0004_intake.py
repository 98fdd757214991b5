"""intake: uploads, drafts, case links, closure detail

Revision ID: 0004_intake
Revises: 0003_documents
Create Date: 2026-11-27 07:30:00

"""
import sqlalchemy as sa
from alembic import op

import recon.db

revision = "0004_intake"
down_revision = "0003_documents"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closure_detail", sa.String(length=30), nullable=True))

    op.create_table(
        "upload",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_upload_case_id_case")),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], name=op.f("fk_upload_owner_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upload")),
    )
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_upload_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "application_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("submission_token", sa.String(length=80), nullable=False),
        sa.Column("created_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", recon.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_application_draft_case_id_case")),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], name=op.f("fk_application_draft_owner_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_draft")),
        sa.UniqueConstraint("submission_token", name=op.f("uq_application_draft_submission_token")),
    )
    with op.batch_alter_table("application_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_draft_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "case_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("other_case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", recon.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_case_link_case_id_case"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"], name=op.f("fk_case_link_decided_by_id_user")),
        sa.ForeignKeyConstraint(["other_case_id"], ["case.id"], name=op.f("fk_case_link_other_case_id_case"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_link")),
        sa.UniqueConstraint("case_id", "other_case_id", name="uq_case_link_pair"),
    )
    with op.batch_alter_table("case_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_link_case_id"), ["case_id"], unique=False)


def downgrade():
    with op.batch_alter_table("case_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_link_case_id"))
    op.drop_table("case_link")
    with op.batch_alter_table("application_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_draft_owner_id"))
    op.drop_table("application_draft")
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_owner_id"))
        batch_op.drop_index(batch_op.f("ix_upload_case_id"))
    op.drop_table("upload")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("closure_detail")
