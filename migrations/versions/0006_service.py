"""service: 送达方式 on the case (confirmed address and phone, e-service and SMS opt-ins) and the
note of an approximate 知道日期 (ux.md A2, A12)

Revision ID: 0006_service
Revises: 0005_evaluations
Create Date: 2026-11-27 12:30:00

Existing cases get the applicant's address and phone as their 送达地址 and phone (what service
used before this step existed) and no opt-ins.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_service"
down_revision = "0005_evaluations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("act_known_note", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("service_address", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("service_phone", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("e_service_consent", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column("e_service_email", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("sms_notice", sa.Boolean(), server_default=sa.false(), nullable=False))

    case = sa.table("case", sa.column("id", sa.Integer), sa.column("service_address", sa.String),
                    sa.column("service_phone", sa.String))
    party = sa.table("party", sa.column("case_id", sa.Integer), sa.column("role", sa.String),
                     sa.column("position", sa.Integer), sa.column("address", sa.String),
                     sa.column("phone", sa.String))

    def applicants(column):
        return (sa.select(column).where(party.c.case_id == case.c.id, party.c.role == "applicant")
                .order_by(party.c.position).limit(1).scalar_subquery())

    op.execute(case.update().values(service_address=applicants(party.c.address),
                                    service_phone=applicants(party.c.phone)))


def downgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("sms_notice")
        batch_op.drop_column("e_service_email")
        batch_op.drop_column("e_service_consent")
        batch_op.drop_column("service_phone")
        batch_op.drop_column("service_address")
        batch_op.drop_column("act_known_note")
