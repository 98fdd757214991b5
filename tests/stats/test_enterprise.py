"""涉企 cases: set at intake for an organization with a 统一社会信用代码, changed by a handler
(audited), and the worklist's filter."""

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import Case
from recon.extensions import db
from tests.intake.factories import ORG_CODE, payload, token_for

ORGANIZATION = {"kind": "organization", "name": "合江县恒达建材有限公司", "id_number": ORG_CODE,
                "phone": "13800138000", "address": "合江区工业园 1 号", "legal_representative": "赵六"}


def test_intake_marks_an_organization_and_the_handler_changes_it(client, login_as):
    headers = token_for(client, "clerk")
    assert client.post("/api/v1/applications", json=payload("onsite", applicant=ORGANIZATION),
                       headers=headers).status_code == 201
    assert client.post("/api/v1/applications", json=payload("onsite", act__doc_no="合市监罚〔2026〕99号"),
                       headers=headers).status_code == 201
    company, person = db.session.scalars(select(Case).order_by(Case.id)).all()
    assert company.enterprise is True and person.enterprise is False

    handler = login_as("handler")
    listing = handler.get("/cases/?status=open&enterprise=1").get_data(as_text=True)
    assert company.case_no in listing and person.case_no not in listing and "只显示涉企案件" in listing
    assert person.case_no in handler.get("/cases/").get_data(as_text=True)

    response = handler.post(f"/cases/{person.id}/enterprise", data={"enterprise": "1"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Case, person.id).enterprise is True
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.enterprise"))
    assert entry.before == {"enterprise": False} and entry.after == {"enterprise": True}
    assert "取消涉企标记" in handler.get(f"/cases/{person.id}").get_data(as_text=True)


def test_a_clerk_cannot_change_the_flag(client, login_as):
    headers = token_for(client, "clerk")
    client.post("/api/v1/applications", json=payload("onsite"), headers=headers)
    case = db.session.scalar(select(Case))
    assert login_as("clerk").post(f"/cases/{case.id}/enterprise", data={"enterprise": "1"}).status_code == 403
