"""Intake points (接收点): the admin's list, the point named at registration (page and API), the
hand-over, the receipt and the public guide."""

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import Case
from recon.documents.models import Document
from recon.documents.services import document_bytes
from recon.extensions import db
from recon.intake.models import IntakePoint
from tests.documents._pdfutil import text_of
from tests.intake.factories import payload, token_for
from tests.intake.test_clerk import form_data, post

POINT = {"code": "HJ-01", "name": "合江镇公共法律服务工作站", "kind": "legal_service",
         "address": "合江镇中山路 1 号", "hours": "工作日 9:00–17:00", "active": "y"}


def add_point(client, **changes):
    return client.post("/intake/points", data={**POINT, **changes})


def test_admin_keeps_the_list_audited(login_as):
    client = login_as("admin")
    assert add_point(client).status_code == 302
    point = db.session.scalar(select(IntakePoint))
    assert (point.code, point.kind, point.active) == ("HJ-01", "legal_service", True)
    page = client.get("/intake/points").get_data(as_text=True)
    assert "合江镇公共法律服务工作站" in page and "公共法律服务站点" in page
    # the same code again is refused at the code field, nothing saved
    response = add_point(client, code="hj-01", name="另一个")
    assert response.status_code == 422 and "已被接收点「合江镇公共法律服务工作站」使用" in response.get_data(as_text=True)
    assert add_point(client, code="坏 码").status_code == 422
    assert add_point(client, code="CY-02", kind="nowhere").status_code == 422
    # edit: retire it
    response = client.post(f"/intake/points/{point.id}", data={**POINT, "active": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(IntakePoint, point.id).active is False
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "intake_point")).all()
    assert actions == ["intake_point.create", "intake_point.update"]


def test_other_roles_cannot_edit_points(login_as):
    assert login_as("clerk").get("/intake/points").status_code == 403


def test_clerk_names_the_point_and_the_receipt_says_it(login_as, client):
    add_point(login_as("admin"))
    add_point(client, code="CY-02", name="川渝通办（合江）窗口", kind="chuanyu", active="")  # retired
    client.post("/logout")
    clerk = login_as("clerk")
    page = clerk.get("/intake/onsite").get_data(as_text=True)
    assert 'value="HJ-01"' in page and 'value="CY-02"' not in page  # only active points to choose
    response = post(clerk, "/intake/onsite", form_data(**{
        "onsite-point": "HJ-01", "onsite-point_received_on": "2026-11-02"}))
    assert response.status_code == 302, response.get_data(as_text=True)
    case = db.session.scalar(select(Case))
    assert case.intake.point.code == "HJ-01" and case.intake.point_received_on.isoformat() == "2026-11-02"
    assert case.intake.handed_over_on is None
    receipt = db.session.scalar(select(Document).where(Document.case_id == case.id, Document.kind == "receipt"))
    assert "接收点合江镇公共法律服务工作站（公共法律服务站点）" in text_of(document_bytes(receipt))
    # the hand-over, recorded later on the case page
    show = clerk.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "尚未移交" in show and "登记移交" in show
    response = clerk.post(f"/intake/cases/{case.id}/handover",
                          data={"handed_over_on": "2026-11-01", "handed_over_to": "李明"})
    assert "移交本机关日期不能早于接收点收件日期" in clerk.get(response.location).get_data(as_text=True)
    clerk.post(f"/intake/cases/{case.id}/handover", data={"handed_over_on": "2026-11-03", "handed_over_to": "李明"})
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert (case.intake.handed_over_on.isoformat(), case.intake.handed_over_to) == ("2026-11-03", "李明")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.handover")) is not None


def test_point_errors_on_the_page(login_as, client):
    add_point(login_as("admin"))
    client.post("/logout")
    clerk = login_as("clerk")
    response = post(clerk, "/intake/onsite", form_data(**{"onsite-point": "NOPE"}))
    assert response.status_code == 422
    assert "接收点编码 NOPE 不存在或已停用" in response.get_data(as_text=True)
    response = post(clerk, "/intake/onsite", form_data(**{"onsite-handed_over_to": "李明"}))
    assert response.status_code == 422 and "请先选择接收点" in response.get_data(as_text=True)
    assert db.session.scalar(select(Case)) is None


def test_api_point(login_as, client):
    add_point(login_as("admin"))
    headers = token_for(client, "clerk")
    body = payload("postal", postal__point="HJ-01", postal__point_received_on="2026-11-18",
                   postal__handed_over_on="2026-11-19", postal__handed_over_to="李明")
    response = client.post("/api/v1/applications", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    case = db.session.scalar(select(Case))
    assert case.intake.point.code == "HJ-01" and case.intake.handed_over_to == "李明"
    response = client.post("/api/v1/applications", json=payload("onsite", onsite__point="XX-9"), headers=headers)
    assert response.status_code == 422
    assert "XX-9" in response.get_json()["errors"]["onsite.point"]
    response = client.post("/api/v1/applications", headers=headers, json=payload(
        "postal", postal__point="HJ-01", postal__point_received_on="2026-11-18", postal__handed_over_on="2026-11-17"))
    assert response.status_code == 422 and "postal.handed_over_on" in response.get_json()["errors"]
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Application"]
    assert "point" in schema["properties"]["onsite"]["properties"]
    assert "point" in schema["properties"]["postal"]["properties"]


def test_guide_lists_the_active_points(login_as, client):
    admin = login_as("admin")
    add_point(admin)
    add_point(admin, code="CY-02", name="川渝通办（合江）窗口", kind="chuanyu", active="")
    client.post("/logout")
    client.get("/guide")  # the flashed messages go with the first page
    page = client.get("/guide").get_data(as_text=True)
    assert "合江镇公共法律服务工作站" in page and "合江镇中山路 1 号" in page and "川渝通办（合江）窗口" not in page
