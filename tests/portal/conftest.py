"""Fixtures for the applicant pages: a frozen clock, a signed-in applicant, and a helper that walks
the wizard through the test client with valid answers."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from recon.clock import beijing_date
from recon.extensions import db
from tests.conftest import FIXED_NOW, PASSWORD, login
from tests.intake.factories import PDF_BYTES

TODAY = beijing_date(FIXED_NOW)  # 2026-11-27, a Friday
APPLICANT_ID = "440304199003072013"
AGENT_ID = "11010519491231002X"

APPLICANT = {
    "kind": "person", "name": "张三", "id_number": APPLICANT_ID, "phone": "13800138000",
    "address": "合江区人民路 8 号 3 单元 502 室", "postcode": "646200", "email": "",
    "legal_representative": "",
}
ACT = {
    "title": "行政处罚决定书", "doc_no": "合市监罚〔2026〕15号",
    "made_on_year": "2026", "made_on_month": "11", "made_on_day": "2",
    "known_on_year": "2026", "known_on_month": "11", "known_on_day": "5",
    "informed_of_rights": "yes",
}
#: The 送达方式 page as it comes pre-filled from APPLICANT, with neither opt-in ticked.
SERVICE = {"address": APPLICANT["address"], "phone": APPLICANT["phone"], "email": ""}


def set_portal_clock(monkeypatch, moment) -> None:
    """Every portal page module reads the clock through recon.clock: make it read ``moment``."""
    from recon.portal import lookup, my_cases, wizard

    for module in (wizard, my_cases, lookup):
        for name, value in (("now_utc", lambda: moment), ("today_beijing", lambda: beijing_date(moment))):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, value)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """The portal reads the clock through recon.clock; freeze it at FIXED_NOW."""
    set_portal_clock(monkeypatch, FIXED_NOW)
    return FIXED_NOW


@pytest.fixture
def applicant(login_as):
    return login_as("applicant")


@pytest.fixture
def other_applicant(app, users):
    from recon.auth.services import create_user

    create_user(db.session, None, "applicant2", "applicant", PASSWORD, display_name="李四")
    db.session.commit()
    other = app.test_client()
    assert login(other, "applicant2").status_code == 302
    return other


def html(response) -> str:
    return response.get_data(as_text=True)


def start_draft(client) -> int:
    response = client.post("/apply", data={"acknowledged": "y"})
    assert response.status_code == 303, html(response)
    match = re.search(r"/apply/(\d+)/applicant$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def post_step(client, draft_id: int, step: str, data: dict, expect: int = 303, **query):
    url = f"/apply/{draft_id}/{step}"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.post(url, data=data)
    assert response.status_code == expect, html(response)
    return response


def upload(client, draft_id: int, files: list[tuple[bytes, str]], action: str = "upload", item: str = "evidence",
           expect: int = 303):
    data = {"action": action, "item": item,
            "files": [(io.BytesIO(content), name) for content, name in files]}
    response = client.post(f"/apply/{draft_id}/evidence", data=data, content_type="multipart/form-data")
    assert response.status_code == expect, html(response)
    return response


def fill_all(client, with_file: bool = True, service: dict | None = None) -> int:
    """Start a draft and answer every step validly; returns the draft id (at the check page)."""
    draft_id = start_draft(client)
    post_step(client, draft_id, "applicant", APPLICANT)
    post_step(client, draft_id, "agents", {"has_agents": "no"})
    post_step(client, draft_id, "third_parties", {"has_third_parties": "no"})
    post_step(client, draft_id, "respondent", {"name": "合江区市场监督管理局"})
    post_step(client, draft_id, "act", ACT)
    post_step(client, draft_id, "request", {"request": "请求撤销合市监罚〔2026〕15号行政处罚决定"})
    post_step(client, draft_id, "facts", {"facts_and_reasons": "2026年11月5日收到处罚决定，认定事实不清。",
                                          "litigation_filed": "no", "normative_review": ""})
    if with_file:
        upload(client, draft_id, [(PDF_BYTES, "处罚决定书.pdf")], action="continue", item="decision")
    else:
        upload(client, draft_id, [], action="continue")
    post_step(client, draft_id, "service", service if service is not None else SERVICE)
    return draft_id


def submit_application(client):
    """Walk the wizard and submit; returns the newest case (the one just filed)."""
    from sqlalchemy import select

    from recon.cases.models import Case

    draft_id = fill_all(client)
    assert client.post(f"/apply/{draft_id}/submit").status_code == 303
    return db.session.scalars(select(Case).order_by(Case.id.desc())).first()


def case_url(case, tail: str = "") -> str:
    """The applicant's page of `case` (``tail``: e.g. "/submitted", "/retract")."""
    from urllib.parse import quote

    return "/my/cases/" + quote(case.case_no) + tail


def expected_review_due() -> date:
    return date(2026, 12, 4)  # 5 working days after Friday 27 November 2026


def reload_draft(draft_id: int):
    """The draft as stored now (after the requests of a test)."""
    from recon.intake.models import ApplicationDraft

    db.session.expire_all()
    return db.session.get(ApplicationDraft, draft_id)
