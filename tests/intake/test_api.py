"""Filing through /api/v1 (api.md): each channel, idempotency, uploads, reading, permissions."""

import threading

import pytest
from sqlalchemy import func, select

from recon.cases.models import Case, IntakeRecord, Material
from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.extensions import db
from recon.intake.models import Upload
from tests.conftest import PASSWORD
from tests.intake.factories import PDF_BYTES, PNG_BYTES, payload, token_for, upload


@pytest.fixture
def applicant_headers(client, users):
    return token_for(client, "applicant")


@pytest.fixture
def clerk_headers(client, users):
    return token_for(client, "clerk")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_online_filing_creates_the_case_record(client, applicant_headers):
    up = upload(client, applicant_headers).get_json()
    assert set(up) == {"id", "sha256", "size", "content_type"} and up["content_type"] == "application/pdf"
    response = client.post("/api/v1/applications", headers=applicant_headers,
                           json=payload(attachments=[up["id"]]))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "received" and body["channel"] == "online" and body["version"] == 1
    assert body["case_no"].startswith("合府复〔") and body["case_no"].endswith("号")
    assert len(body["query_code"]) == 8 and not set(body["query_code"]) & set("0O1IL")
    assert body["timely"] is True
    rules = {d["rule"]: d for d in body["deadlines"]}
    assert set(rules) == {"acceptance_review", "correction_notice"}
    assert rules["acceptance_review"]["unit"] == "working" and rules["acceptance_review"]["state"] == "open"
    assert body["receipt_url"].endswith(".pdf")
    case = db.session.scalar(select(Case).where(Case.case_no == body["case_no"]))
    assert case.received_on.isoformat() == body["received_on"] == body["filed_on"]
    assert sorted(p.role for p in case.parties) == ["applicant", "respondent"]
    assert case.applicants[0].id_number == "11010519491231002X"
    record = db.session.scalar(select(IntakeRecord).where(IntakeRecord.case_id == case.id))
    assert record.snapshot["applicant"]["name"] == "张三"
    assert record.snapshot["files"][0]["sha256"] == up["sha256"]
    material = db.session.scalar(select(Material).where(Material.case_id == case.id))
    assert material.sha256 == up["sha256"]
    assert db.session.get(Upload, up["id"]).case_id == case.id
    receipt = client.get(body["receipt_url"], headers=applicant_headers)
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF")


def test_postal_filing_before_national_day(client, clerk_headers, app):
    """Received Friday 2024-09-27 → acceptance review due Thursday 2024-10-10 (domain.md X1)."""
    data = payload("postal", act__made_on="2024-09-01", act__known_on="2024-09-03")
    data["postal"] = {"postmark_on": "2024-09-25", "received_on": "2024-09-27",
                      "tracking_no": "SF100200300", "sender_address": "合江区人民路 8 号"}
    response = client.post("/api/v1/applications", headers=clerk_headers, json=data)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["filed_on"] == "2024-09-25" and body["received_on"] == "2024-09-27"
    review = next(d for d in body["deadlines"] if d["rule"] == "acceptance_review")
    assert review["due_on"] == "2024-10-10"
    case = db.session.scalar(select(Case).where(Case.case_no == body["case_no"]))
    assert case.year == 2024 and case.intake.tracking_no == "SF100200300"
    assert case.intake.postmark_on.isoformat() == "2024-09-25"


def test_postmark_decides_timeliness(client, clerk_headers):
    data = payload("postal", act__made_on="2026-08-01", act__known_on="2026-08-01")
    data["postal"].update(postmark_on="2026-09-30", received_on="2026-10-09")  # due 09-30
    body = client.post("/api/v1/applications", headers=clerk_headers, json=data).get_json()
    assert body["timely"] is True
    data = payload("postal", act__made_on="2026-08-01", act__known_on="2026-08-01")
    data["postal"].update(postmark_on="2026-10-09", received_on="2026-10-10")
    body = client.post("/api/v1/applications", headers=clerk_headers, json=data).get_json()
    assert body["timely"] is False and body["status"] == "received"  # flagged, never refused


def test_uninformed_applicant_timeliness(client, applicant_headers):
    """Within 60 days of knowing the act it is in time even untold of the right (api.md v1.1)."""
    body = client.post("/api/v1/applications", headers=applicant_headers,
                       json=payload(act__informed_of_rights=False)).get_json()
    assert body["timely"] is True
    body = client.post("/api/v1/applications", headers=applicant_headers,
                       json=payload(act__informed_of_rights=False, act__made_on="2026-01-10",
                                    act__known_on="2026-01-10")).get_json()
    assert body["timely"] is None


def test_onsite_filing_by_clerk(client, clerk_headers):
    response = client.post("/api/v1/applications", headers=clerk_headers, json=payload("onsite"))
    assert response.status_code == 201
    body = response.get_json()
    assert (body["channel"], body["filed_on"], body["received_on"]) == ("onsite", "2026-11-27", "2026-11-27")


@pytest.mark.parametrize("onsite", [None, "missing"])
def test_onsite_filing_without_its_onsite_object_is_refused(client, clerk_headers, onsite):
    data = payload("onsite")
    if onsite == "missing":
        del data["onsite"]
    else:
        data["onsite"] = None
    response = client.post("/api/v1/applications", headers=clerk_headers, json=data)
    assert response.status_code == 422
    assert "现场申请" in response.get_json()["errors"]["onsite"]
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_applicant_may_only_file_online(client, applicant_headers):
    response = client.post("/api/v1/applications", headers=applicant_headers, json=payload("postal"))
    assert response.status_code == 403
    assert count(Case) == 0


def test_same_token_twice_returns_the_same_case(client, applicant_headers):
    data = payload()
    first = client.post("/api/v1/applications", headers=applicant_headers, json=data)
    second = client.post("/api/v1/applications", headers=applicant_headers, json=data)
    assert first.status_code == 201 and second.status_code == 200
    assert first.get_json()["case_no"] == second.get_json()["case_no"]
    assert count(Case) == 1


def test_eight_concurrent_identical_submissions_make_one_case(app, users):
    data = payload()
    headers = token_for(app.test_client(), "applicant")
    results = []

    def submit():
        with app.app_context():
            response = app.test_client().post("/api/v1/applications", headers=headers, json=data)
            results.append((response.status_code, response.get_json().get("case_no")))

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _ in results) == [200] * 7 + [201]
    assert len({case_no for _, case_no in results}) == 1
    assert count(Case) == 1


def test_validation_errors_are_422_with_field_paths(client, applicant_headers):
    response = client.post("/api/v1/applications", headers=applicant_headers,
                           json=payload(applicant__id_number="110105194912310021", request=""))
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert "校验位" in errors["applicant.id_number"] and "复议请求" in errors["request"]
    assert count(Case) == 0
    response = client.post("/api/v1/applications", headers=applicant_headers, data="x",
                           content_type="text/plain")
    assert response.status_code == 400


def test_malformed_email_is_refused_at_its_path(client, applicant_headers):
    response = client.post("/api/v1/applications", headers=applicant_headers,
                           json=payload(applicant__email="张三@"))
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"applicant.email": "电子邮箱格式不正确，例如 name@example.com"}
    assert count(Case) == 0


def test_upload_rules(client, applicant_headers, app):
    bad = upload(client, applicant_headers, content=b"MZ\x90\x00 not a pdf", name="evil.pdf")
    assert bad.status_code == 422 and "不是 PDF、JPG、PNG 格式" in bad.get_json()["errors"]["file"]
    assert upload(client, applicant_headers, content=PNG_BYTES, name="x.png").get_json()["content_type"] \
        == "image/png"
    assert upload(client, applicant_headers, content=b"", name="empty.pdf").status_code == 422
    app.config["RECON_UPLOAD_MAX_FILE_MB"] = 1
    big = upload(client, applicant_headers, content=PDF_BYTES + b"0" * (1024 * 1024))
    assert big.status_code == 422 and "超过 1 MB" in big.get_json()["errors"]["file"]
    missing = client.post("/api/v1/uploads", headers=applicant_headers, data={},
                          content_type="multipart/form-data")
    assert missing.status_code == 422


def test_too_many_attachments(client, applicant_headers, app):
    app.config["RECON_UPLOAD_MAX_FILES"] = 2
    ids = [upload(client, applicant_headers).get_json()["id"] for _ in range(3)]
    response = client.post("/api/v1/applications", headers=applicant_headers, json=payload(attachments=ids))
    assert response.status_code == 422
    assert "最多 2 个文件" in response.get_json()["errors"]["attachments"]
    assert count(Case) == 0 and count(Material) == 0


def test_someone_elses_upload_cannot_be_attached(client, applicant_headers, clerk_headers):
    up = upload(client, clerk_headers).get_json()
    response = client.post("/api/v1/applications", headers=applicant_headers,
                           json=payload(attachments=[up["id"]]))
    assert response.status_code == 422


def test_reading_a_case(client, applicant_headers, clerk_headers, users):
    body = client.post("/api/v1/applications", headers=applicant_headers, json=payload()).get_json()
    mine = client.get(f"/api/v1/cases/{body['case_no']}", headers=applicant_headers).get_json()
    assert mine["case_no"] == body["case_no"] and mine["timeline"][0]["kind"] == "intake.received"
    assert mine["documents"][0]["kind"] == "receipt"
    assert client.get(f"/api/v1/cases/{body['case_no']}", headers=clerk_headers).status_code == 200
    from recon.auth.services import create_user

    create_user(db.session, None, "other", "applicant", PASSWORD)
    db.session.commit()
    other = token_for(client, "other")
    assert client.get(f"/api/v1/cases/{body['case_no']}", headers=other).status_code == 404
    assert client.get("/api/v1/cases/nope", headers=applicant_headers).status_code == 404
    listing = client.get("/api/v1/cases", headers=clerk_headers).get_json()
    assert listing["total"] == 1


def test_duplicate_across_online_and_postal(client, applicant_headers, clerk_headers):
    online = client.post("/api/v1/applications", headers=applicant_headers, json=payload()).get_json()
    postal = client.post("/api/v1/applications", headers=clerk_headers, json=payload("postal")).get_json()
    assert postal["related_cases"][0]["case_no"] == online["case_no"]
    assert "同一申请人、同一被申请人、同一行政行为" in postal["related_cases"][0]["reason"]
    assert postal["status"] == "received"  # never blocks receipt


def test_act_is_identified_by_its_number_before_title_and_date(client, applicant_headers):
    first = client.post("/api/v1/applications", headers=applicant_headers, json=payload()).get_json()
    other_act = client.post("/api/v1/applications", headers=applicant_headers,
                            json=payload(act__doc_no="另一个文号")).get_json()
    assert other_act["related_cases"] == []  # same title and day, another decision
    unnumbered = client.post("/api/v1/applications", headers=applicant_headers,
                             json=payload(act__doc_no="")).get_json()
    assert [r["case_no"] for r in unnumbered["related_cases"]] == [first["case_no"], other_act["case_no"]]
    numbered_again = client.post("/api/v1/applications", headers=applicant_headers,
                                 json=payload(act__doc_no="第三个文号")).get_json()
    assert [r["case_no"] for r in numbered_again["related_cases"]] == [unnumbered["case_no"]]


def test_failure_mid_registration_leaves_nothing(client, applicant_headers, app, monkeypatch):
    from recon.documents import services as documents

    def broken(*args, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(documents, "issue", broken)
    up = upload(client, applicant_headers).get_json()
    stored = app.config["STORAGE_DIR"]
    response = client.post("/api/v1/applications", headers=applicant_headers,
                           json=payload(attachments=[up["id"]]))
    assert response.status_code == 500
    assert count(Case) == 0 and count(Material) == 0 and count(Document) == 0 and count(Deadline) == 0
    assert db.session.get(Upload, up["id"]).case_id is None
    import os

    files = [f for _, _, names in os.walk(stored) for f in names]
    assert len(files) == 1  # only the upload itself; no receipt or other file left behind


def test_staff_listing_filters(client, applicant_headers, clerk_headers):
    client.post("/api/v1/applications", headers=applicant_headers, json=payload())
    data = payload("postal", act__doc_no="其他文号")
    data["postal"].update(postmark_on="2026-11-02", received_on="2026-11-03")  # review due 11-10
    client.post("/api/v1/applications", headers=clerk_headers, json=data)
    listing = client.get("/api/v1/cases?due_before=2026-11-20", headers=clerk_headers).get_json()
    assert listing["total"] == 1 and listing["items"][0]["channel"] == "postal"
    assert client.get("/api/v1/cases?status=received", headers=clerk_headers).get_json()["total"] == 2
    bad = client.get("/api/v1/cases?due_before=2026-13-01", headers=clerk_headers)
    assert bad.status_code == 422 and "due_before" in bad.get_json()["errors"]
    paged = client.get("/api/v1/cases?per_page=1&page=2", headers=clerk_headers).get_json()
    assert paged["page"] == 2 and len(paged["items"]) == 1 and paged["total"] == 2


def test_staff_listing_walks_by_cursor_newest_first(client, applicant_headers, clerk_headers):
    for n, received in enumerate(("2026-11-03", "2026-11-05", "2026-11-04")):
        data = payload("postal", act__doc_no=f"文号{n}")
        data["postal"].update(postmark_on="2026-11-02", received_on=received)
        assert client.post("/api/v1/applications", headers=clerk_headers, json=data).status_code == 201
    seen, cursor = [], None
    for _ in range(4):
        query = "per_page=1" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(f"/api/v1/cases?{query}", headers=clerk_headers).get_json()
        assert body["total"] == 3 and body["total_capped"] is False
        seen += [item["received_on"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["2026-11-05", "2026-11-04", "2026-11-03"]
    bad = client.get("/api/v1/cases?cursor=not-a-cursor", headers=clerk_headers)
    assert bad.status_code == 422 and "翻页位置无效" in bad.get_json()["errors"]["cursor"]


def test_counts_stop_at_the_cap(app):
    from sqlalchemy import func, select

    from recon.deadlines.models import CalendarDay
    from recon.paging import bounded_count

    days = db.session.scalar(select(func.count()).select_from(CalendarDay))
    assert days > 100
    assert bounded_count(db.session, select(CalendarDay), cap=100) == (100, True)
    assert bounded_count(db.session, select(CalendarDay), cap=days) == (days, False)


def test_filing_and_uploads_are_rate_limited(app, users):
    from recon import create_app
    from recon.extensions import limiter

    limited = create_app("testing", RATELIMIT_ENABLED=True, RATELIMIT_PUBLIC="2 per minute",
                         SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         STORAGE_DIR=app.config["STORAGE_DIR"])
    try:
        client = limited.test_client()
        headers = token_for(client, "applicant")
        codes = [client.post("/api/v1/applications", headers=headers, json=payload()).status_code
                 for _ in range(3)]
        assert codes == [201, 201, 429]
        limited_response = client.post("/api/v1/applications", headers=headers, json=payload())
        assert "操作过于频繁" in limited_response.get_json()["errors"]["_"]
        uploads = [upload(client, headers).status_code for _ in range(3)]
        assert uploads == [201, 201, 429]
    finally:
        limiter.reset()


@pytest.mark.parametrize("received_at,received_on,moment", [
    ("2026-11-26T17:30:00Z", "2026-11-27", "2026-11-26T17:30:00+00:00"),
    ("2026-11-27T09:15:00+08:00", "2026-11-27", "2026-11-27T01:15:00+00:00"),
    ("2026-11-27 09:15:30.5+08:00", "2026-11-27", "2026-11-27T01:15:30.500000+00:00"),
    ("2026-11-27", "2026-11-27", None),
])
def test_onsite_received_at_takes_a_datetime_with_offset_or_a_date(client, clerk_headers,
                                                                     received_at, received_on, moment):
    response = client.post("/api/v1/applications", headers=clerk_headers,
                           json=payload("onsite", onsite__received_at=received_at))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["filed_on"], body["received_on"]) == (received_on, received_on)
    record = db.session.scalar(select(IntakeRecord))
    if moment:
        assert record.submitted_at.isoformat() == moment
        assert record.snapshot["submitted_at"] == moment


@pytest.mark.parametrize("received_at", ["2026-11-27T09:15:00", "2026-11-27T25:00+08:00"])
def test_onsite_received_at_without_offset_or_unreadable_is_refused(client, clerk_headers, received_at):
    response = client.post("/api/v1/applications", headers=clerk_headers,
                           json=payload("onsite", onsite__received_at=received_at))
    assert response.status_code == 422
    assert "带时区的 ISO 8601" in response.get_json()["errors"]["onsite.received_at"]
    assert count(Case) == 0


def test_a_filing_takes_the_audit_chain_once_and_opens_both_deadlines(client, applicant_headers):
    """One filing writes four audit entries (registration, two deadlines, the receipt) under one
    wait for the chain, reading its head once; both deadlines come from one calendar pass."""
    import sqlalchemy as sa

    from recon.audit import chain
    from recon.audit.models import AuditEntry

    up = upload(client, applicant_headers).get_json()
    statements = []

    def seen(conn, cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        filed = client.post("/api/v1/applications", headers=applicant_headers,
                            json=payload(attachments=[up["id"]]))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    assert filed.status_code == 201, filed.get_json()
    locks = [s for s in statements if "pg_advisory_xact_lock" in s or "DELETE FROM audit_entry WHERE 0 = 1" in s]
    heads = [s for s in statements if "SELECT audit_entry.hash" in s and "ORDER BY audit_entry.id DESC" in s]
    assert len(locks) == 1 and len(heads) == 1
    case_id = db.session.scalar(select(Case.id).where(Case.case_no == filed.get_json()["case_no"]))
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.case_id == case_id)
                                 .order_by(AuditEntry.id)).all()
    assert actions.count("deadline.open") == 2 and "case.register" in actions
    assert chain.verify(db.session).first_break is None
    due = {d.rule: d.due_on.isoformat() for d in db.session.scalars(select(Deadline).where(Deadline.case_id == case_id))}
    assert set(due) == {"acceptance_review", "correction_notice"}
