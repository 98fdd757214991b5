"""Review: the /api/v1 contract (api.md) checked with real requests — field names and types, status
codes, the error shape with Chinese messages at the right field path, hostile input that must never
be a 500 or leave a row behind, and the CLI token command."""

import io
import json

import pytest
from sqlalchemy import func, select

from recon.cases.models import Case, Material
from recon.extensions import db
from recon.intake.models import Upload
from tests.conftest import PASSWORD
from tests.intake.factories import ORG_CODE, PDF_BYTES, payload, token_for, upload

LONG = "长" * 100_000


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _file(client, headers, data):
    return client.post("/api/v1/applications", headers=headers, json=data)


def _refused_at(response, path: str) -> str:
    """The 400/422 answer names ``path`` with a Chinese message; nothing was filed."""
    assert response.status_code in (400, 422), response.get_data(as_text=True)[:500]
    errors = response.get_json()["errors"]
    assert path in errors, errors
    assert _chinese(errors[path]) and "Field" not in errors[path], errors[path]
    assert _count(Case) == 0 and _count(Material) == 0
    return errors[path]


# ---- the contract's names and types --------------------------------------------------------------

FILING_FIELDS = {"case_no": str, "query_code": str, "status": str, "channel": str, "version": int,
                 "filed_on": str, "received_on": str, "timely": bool, "related_cases": list,
                 "deadlines": list, "receipt_url": str}
CASE_FIELDS = {"case_no": str, "status": str, "channel": str, "version": int, "filed_on": str,
               "received_on": str, "deemed_accepted": bool, "deadlines": list, "timeline": list,
               "documents": list, "mediation": dict}
CASE_NULLABLE = ("procedure", "accepted_on", "closed_on", "closure", "handler")
DEADLINE_FIELDS = {"rule", "start_on", "due_on", "unit", "article", "provisional", "state"}


def test_filing_and_reading_bodies_have_the_contract_fields(client, users):
    headers = token_for(client, "applicant")
    response = _file(client, headers, payload())
    assert response.status_code == 201
    body = response.get_json()
    for name, kind in FILING_FIELDS.items():
        assert isinstance(body[name], kind), (name, body[name])
    assert body["status"] == "received" and body["version"] == 1
    assert all(set(d) == DEADLINE_FIELDS for d in body["deadlines"])
    assert all(isinstance(d["provisional"], bool) for d in body["deadlines"])
    case = client.get(f"/api/v1/cases/{body['case_no']}", headers=token_for(client, "clerk")).get_json()
    for name, kind in CASE_FIELDS.items():
        assert isinstance(case[name], kind), (name, case[name])
    assert all(name in case and case[name] is None for name in CASE_NULLABLE)
    assert case["mediation"] == {"state": None, "sessions": [], "agreement": None}
    assert set(case["timeline"][0]) == {"at", "kind", "summary"}
    assert case["timeline"][0]["at"][-6:] == "+08:00"  # ISO 8601 with offset
    assert set(case["documents"][0]) == {"kind", "number", "issued_at", "url", "verification_code"}


@pytest.mark.parametrize("method, path", [
    ("post", "/api/v1/applications"), ("post", "/api/v1/uploads"), ("get", "/api/v1/cases"),
    ("get", "/api/v1/cases/合府复〔2026〕1号"), ("get", "/api/v1/documents/1.pdf"),
])
def test_every_endpoint_needs_a_token(client, users, method, path):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
        response = getattr(client, method)(path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert _chinese(response.get_json()["errors"]["_"])


def test_admin_may_not_file_or_upload(client, users):
    headers = token_for(client, "admin")
    assert _file(client, headers, payload()).status_code == 403
    assert upload(client, headers).status_code == 403
    assert _count(Case) == 0 and _count(Upload) == 0


def test_another_applicants_document_is_404(client, users):
    from recon.auth.services import create_user

    create_user(db.session, None, "other", "applicant", PASSWORD)
    db.session.commit()
    body = _file(client, token_for(client, "applicant"), payload()).get_json()
    other = token_for(client, "other")
    assert client.get(body["receipt_url"], headers=other).status_code == 404
    assert client.get(f"/api/v1/cases/{body['case_no']}", headers=other).status_code == 404


@pytest.mark.parametrize("case_no", ["%00", "合府复〔2026〕1号%00", "%1F"])
def test_a_case_number_with_a_control_character_is_404(client, users, case_no):
    """PostgreSQL refuses NUL in a query parameter: the path is refused before any query."""
    response = client.get(f"/api/v1/cases/{case_no}", headers=token_for(client, "clerk"))
    assert response.status_code == 404
    assert response.is_json


@pytest.mark.parametrize("query", ["handler=%00", "status=open%00", "due_before=2026-12-01%0A"])
def test_a_query_parameter_with_a_control_character_is_400(client, users, query):
    response = client.get(f"/api/v1/cases?{query}", headers=token_for(client, "clerk"))
    assert response.status_code == 400
    assert _chinese(response.get_json()["errors"]["_"])


@pytest.mark.parametrize("body, content_type", [
    ("[1, 2]", "application/json"), ("{bad", "application/json"), ("null", "application/json"),
    ("", "application/json"), (json.dumps(payload()), "text/plain"),
])
def test_a_body_that_is_not_a_json_object_is_400(client, users, body, content_type):
    response = client.post("/api/v1/applications", headers=token_for(client, "clerk"), data=body,
                           content_type=content_type)
    assert response.status_code == 400
    assert _chinese(response.get_json()["errors"]["_"])
    assert _count(Case) == 0


# ---- hostile values at every field path -----------------------------------------------------------

# Text with a length limit: each answers in Chinese (WTForms' own message is English).
TOO_LONG = [
    ("online", "submission_token", {}), ("online", "applicant.email", {}),
    ("online", "applicant.legal_representative",
     {"applicant__kind": "organization", "applicant__id_number": ORG_CODE}),
    ("online", "act.title", {}), ("online", "act.doc_no", {}), ("online", "normative_review", {}),
    ("online", "agents.0.name", {"agents": [{"name": "", "id_number": "110101198001010053",
                                              "phone": "13900139000", "kind": "lawyer"}]}),
    ("online", "third_parties.0.name", {"third_parties": [{"name": ""}]}),
    ("postal", "postal.tracking_no", {}), ("postal", "postal.sender_address", {}),
    ("onsite", "onsite.oral_statement", {"onsite__oral": True}),
]


@pytest.mark.parametrize("channel, path, changes", TOO_LONG, ids=[p for _, p, _ in TOO_LONG])
def test_text_of_100k_characters_is_refused_in_chinese(client, users, channel, path, changes):
    data = payload(channel, **changes)
    target = data
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[last] = LONG
    _refused_at(_file(client, token_for(client, "clerk"), data), path)


@pytest.mark.parametrize("channel, changes, path", [
    ("postal", {"postal__postmark_on": "2026-01-05", "postal__received_on": "2026-01-08"},
     "postal.postmark_on"),
    ("postal", {"postal__postmark_on": "1900-01-01"}, "postal.postmark_on"),
    ("onsite", {"onsite__received_at": "2026-01-05"}, "onsite.received_at"),
    # before the case numbering's first year: used to be a ValueError (500)
    ("onsite", {"onsite__received_at": "1900-01-02", "act__made_on": "1900-01-01",
                "act__known_on": "1900-01-01"}, "onsite.received_at"),
    ("postal", {"postal__postmark_on": "1900-01-02", "postal__received_on": "1900-01-03",
                "act__made_on": "1900-01-01", "act__known_on": "1900-01-01"}, "postal.received_on"),
])
def test_a_filing_date_before_the_act_was_known_is_refused(client, users, channel, changes, path):
    """The act is known on 2026-10-22 (factories.BASE): nobody files against it earlier. Such a date
    used to be filed as "timely", or end in a 500 for a year the case numbering cannot take."""
    _refused_at(_file(client, token_for(client, "clerk"), payload(channel, **changes)), path)


def test_null_informed_of_rights_means_not_given(client, users):
    """null is "not given" (the key's default, true), as for every other field; it used to be read
    as false, which made the timeliness undecidable."""
    response = _file(client, token_for(client, "applicant"), payload(act__informed_of_rights=None))
    assert response.status_code == 201
    assert response.get_json()["timely"] is True
    assert db.session.scalar(select(Case.informed_of_rights)) is True


# ---- attachments ----------------------------------------------------------------------------------


def test_attachment_errors_name_the_entry(client, users):
    applicant = token_for(client, "applicant")
    mine = upload(client, applicant).get_json()["id"]
    theirs = upload(client, token_for(client, "clerk")).get_json()["id"]
    assert "nope" in _refused_at(_file(client, applicant, payload(attachments=[mine, "nope"])),
                                 "attachments.1")
    _refused_at(_file(client, applicant, payload(attachments=[theirs])), "attachments.0")
    _refused_at(_file(client, applicant, payload(attachments=[mine, None])), "attachments.1")
    message = _refused_at(_file(client, applicant, payload(attachments=["x" * 100_000])),
                          "attachments.0")
    assert len(message) < 300  # the unknown id is not echoed back in full
    assert db.session.get(Upload, mine).case_id is None


def test_an_upload_used_by_another_case_names_the_entry(client, users):
    applicant = token_for(client, "applicant")
    used = upload(client, applicant).get_json()["id"]
    assert _file(client, applicant, payload(attachments=[used])).status_code == 201
    response = _file(client, applicant, payload(attachments=[used]))
    assert response.status_code == 422 and "attachments.0" in response.get_json()["errors"]
    assert _count(Case) == 1


def test_the_same_upload_listed_twice_is_one_material(client, users):
    applicant = token_for(client, "applicant")
    up = upload(client, applicant).get_json()["id"]
    assert _file(client, applicant, payload(attachments=[up, up])).status_code == 201
    assert _count(Material) == 1


def test_upload_filename_loses_control_characters(client, users):
    response = client.post("/api/v1/uploads", headers=token_for(client, "applicant"),
                           content_type="multipart/form-data",
                           data={"file": (io.BytesIO(PDF_BYTES), "证\x00据\x1f\x7f.pdf")})
    assert response.status_code == 201
    assert db.session.get(Upload, response.get_json()["id"]).filename == "证据.pdf"


# ---- POST /api/v1/auth/token ----------------------------------------------------------------------


@pytest.mark.parametrize("body, path", [
    ({"username": "clerk", "password": "\ud800"}, "password"),
    ({"username": "\ud800", "password": PASSWORD}, "username"),
    ({"username": "cl\x00erk", "password": PASSWORD}, "username"),
    ({"username": ["clerk"], "password": PASSWORD}, "username"),
    ({"username": "clerk", "password": {"p": 1}}, "password"),
    ({"username": "clerk", "password": 12345678}, "password"),
])
def test_token_request_with_hostile_values(client, users, body, path):
    response = client.post("/api/v1/auth/token", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert _chinese(response.get_json()["errors"][path])


# ---- the command line -----------------------------------------------------------------------------


def test_cli_token_prints_the_token_alone(app, client, users):
    result = app.test_cli_runner().invoke(args=["recon", "token", "clerk"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0] == lines[0].strip() and " " not in lines[0]
    response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {lines[0]}"})
    assert response.status_code == 200
    missing = app.test_cli_runner().invoke(args=["recon", "token", "nobody"])
    assert missing.exit_code != 0 and "nobody" in missing.output
