"""Valid application payloads (api.md "Filing") for intake tests."""

from __future__ import annotations

import copy
import io
import uuid

from stdnum.cn import ric

VALID_ID = "11010519491231002X"
ORG_CODE = "91110108551385082Q"
UNKNOWN_REGION_BASE = "99000019800101001"  # region 990000 is in no table
UNKNOWN_REGION_ID = UNKNOWN_REGION_BASE + ric.calc_check_digit(UNKNOWN_REGION_BASE + "0")
AGENT_ID = "110101198001010053"

BASE = {
    "channel": "online",
    "applicant": {"kind": "person", "name": "张三", "id_number": VALID_ID, "phone": "13800138000",
                  "address": "合江区人民路 8 号", "postcode": "646200", "email": "",
                  "legal_representative": ""},
    "agents": [],
    "third_parties": [],
    "respondent": {"name": "合江区市场监督管理局"},
    "act": {"title": "行政处罚决定书", "doc_no": "合市监罚〔2026〕88号", "made_on": "2026-10-20",
            "known_on": "2026-10-22", "informed_of_rights": True},
    "request": "请求撤销合市监罚〔2026〕88号行政处罚决定",
    "facts_and_reasons": "被申请人认定事实不清，证据不足。",
    "litigation_filed": False,
    "normative_review": None,
    "attachments": [],
}

# Whole files: uploads are opened with pypdf and decoded with Pillow (bytes after %%EOF are
# ignored, so tests append some to make distinct files)
PDF_BYTES = (b"%PDF-1.3\n1 0 obj\n<< /Type /Pages /Count 1 /Kids [ 3 0 R ] >>\nendobj\n"
             b"2 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n"
             b"3 0 obj\n<< /Type /Page /Resources << >> /MediaBox [ 0 0 72 72 ] /Parent 1 0 R >>\nendobj\n"
             b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000068 00000 n \n"
             b"0000000117 00000 n \ntrailer\n<< /Size 4 /Root 2 0 R >>\nstartxref\n205\n%%EOF\n")
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
             b"\xfd\xd4\x9as\x00\x00\x00\x16IDATx\x9cc\xfc\xff\xff?\x03\x03\x03\x13\x03\x03\x03\x03\x03"
             b"\x03\x00$\x06\x03\x01\xfc5\xde\x9b\x00\x00\x00\x00IEND\xaeB`\x82")


def payload(channel: str = "online", **changes) -> dict:
    data = copy.deepcopy(BASE)
    data["channel"] = channel
    data["submission_token"] = uuid.uuid4().hex
    if channel == "postal":
        data["postal"] = {"postmark_on": "2026-11-19", "received_on": "2026-11-20",
                          "tracking_no": "EMS1234567890", "sender_address": "合江区人民路 8 号"}
    if channel == "onsite":
        data["onsite"] = {"received_at": "2026-11-27", "oral": False, "oral_statement": ""}
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        target[keys[-1]] = value
    return data


def pdf_file(name: str = "证据.pdf", content: bytes = PDF_BYTES):
    return (io.BytesIO(content), name)


def upload(client, headers, content: bytes = PDF_BYTES, name: str = "证据.pdf"):
    """POST /api/v1/uploads with one file; returns the response."""
    return client.post("/api/v1/uploads", headers=headers,
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def token_for(client, username: str) -> dict[str, str]:
    """Authorization headers with a fresh API token for one of the conftest users."""
    from tests.conftest import PASSWORD

    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def file_online(app, applicant, **changes):
    """An online application by `applicant` (a User), registered through the service at FIXED_NOW
    and committed; ``changes`` as for `payload`. Returns the case."""
    from recon.extensions import db
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage
    from tests.conftest import FIXED_NOW

    form = ApplicationForm(data=payload(**changes), today=FIXED_NOW.date())
    assert form.validate(), form.errors
    result = intake.register_application(db.session, form.data, applicant, FIXED_NOW,
                                         storage=Storage(app.config["STORAGE_DIR"]),
                                         settings=intake_settings(app.config))
    db.session.commit()
    return result.case
