"""Review: filing details in register_application (the service behind every channel)."""

from sqlalchemy import select

from recon.cases.models import Case, Material
from recon.extensions import db
from tests.intake.factories import payload, token_for, upload


def test_the_same_attachment_twice_gives_one_material(client, users):
    headers = token_for(client, "applicant")
    up = upload(client, headers).get_json()
    response = client.post("/api/v1/applications", headers=headers,
                           json=payload(attachments=[up["id"], up["id"]]))
    assert response.status_code in (201, 422), response.get_json()
    if response.status_code == 201:
        case = db.session.scalar(select(Case))
        materials = db.session.scalars(select(Material).where(Material.case_id == case.id)).all()
        assert len(materials) == 1


def test_related_case_reason_fits_its_column_with_a_long_act_title(client, users):
    """CaseLink.reason is String(300); the act title alone may be 300 characters (PostgreSQL would
    refuse the second filing with a 500)."""
    from recon.intake.models import CaseLink

    headers = token_for(client, "clerk")
    title = "关于" + "行政处罚" * 74  # 298 characters
    first = payload(act__title=title, act__doc_no="")
    assert client.post("/api/v1/applications", headers=headers, json=first).status_code == 201
    second = payload(act__title=title, act__doc_no="")
    response = client.post("/api/v1/applications", headers=headers, json=second)
    assert response.status_code == 201, response.get_json()
    link = db.session.scalar(select(CaseLink))
    assert link is not None and len(link.reason) <= 300
    assert response.get_json()["related_cases"][0]["reason"] == link.reason
