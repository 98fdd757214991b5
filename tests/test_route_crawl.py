"""Every route, for every role, with the demo data: never a 500 (the brief: "no 500 pages").

GET requests use real ids from `flask recon seed-demo`; POST requests send an empty form, which
must be refused with a message (400/403/404/422) or redirected, never crash. The test app
propagates exceptions, so an unhandled error fails here with its traceback.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from recon.cases.models import Case, Material
from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.extensions import db

ROLES = (None, "applicant", "clerk", "handler", "supervisor", "admin")
SKIP = {"static", "auth.logout"}  # logout ends the crawl's login; static files are not pages


@pytest.fixture
def demo(app):
    from recon.cli import DEMO_PASSWORD
    from recon.seed import seed_demo

    seed_demo()
    online = db.session.scalar(select(Case).where(Case.channel == "online"))
    document = db.session.scalar(select(Document).order_by(Document.id))
    return {
        "password": DEMO_PASSWORD,
        "values": {
            "case_id": online.id, "case_no": online.case_no, "draft_id": 1, "step": "applicant",
            "document_id": document.id, "material_id": db.session.scalar(select(Material.id)) or 1,
            "deadline_id": db.session.scalar(select(Deadline.id)), "link_id": 1, "service_id": 1,
            "evaluation_id": 1, "upload_id": "0" * 32, "kind": "receipt", "code": "ABCD2345",
        },
    }


def _urls(app, values):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIP:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(r"<(?:[^<>:]+:)?" + name + r">", str(values[name]), url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_no_route_answers_500(app, demo, role):
    client = app.test_client()
    if role:
        response = client.post("/login", data={"username": role, "password": demo["password"]})
        assert response.status_code == 302, role
    if role == "applicant":
        client.post("/apply", data={"acknowledged": "y"})  # draft 1
    checked = 0
    for method, url in _urls(app, demo["values"]):
        response = client.open(url, method=method, data={} if method == "POST" else None)
        assert response.status_code < 500, f"{role} {method} {url}: {response.status_code}"
        if method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
            page = response.get_data(as_text=True)
            assert page.count("<h1") == 1 and "<title>" in page, f"{role} {url}: one h1 and a title"
        checked += 1
    assert checked > 70
