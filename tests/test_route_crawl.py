"""Every route, for every role, with the demo data: never a 500 (the brief: "no 500 pages").

GET requests use real ids from `flask recon seed-demo`; POST requests send an empty form, which
must be refused with a message (400/403/404/422) or redirected, never crash. The test app
propagates exceptions, so an unhandled error fails here with its traceback.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from recon.auth.models import User
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
            "evaluation_id": 1, "notification_id": 1, "upload_id": "0" * 32, "kind": "receipt",
            "code": "ABCD2345", "action": "accept",
            # the admin's own account: its pages answer, and the changes to it are refused
            "user_id": db.session.scalar(select(User.id).where(User.username == "admin")), "token_id": 1,
            "point_id": 1, "key": "figures", "fmt": "csv", "year": 2026,
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


CJK = re.compile(r"[\u3400-\u9fff]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ShownText(HTMLParser):
    """The text of a page a person sees or hears (text nodes and labelling attributes), leaving
    out scripts, styles and whatever is marked as Chinese on purpose (``lang="zh-CN"``: the
    language switch, the wording of a Chinese document's template)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: is its content left out?

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = ((bool(self.stack) and self.stack[-1]) or tag in ("script", "style")
                  or attrs.get("lang") == "zh-CN")
        if not hidden:
            self.parts.extend(attrs.get(a) or "" for a in ("aria-label", "placeholder", "alt", "title"))
        if tag not in VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def _recorded_text(app) -> str:
    """Every text value in the database and the site settings: what people typed or recon
    recorded (names, facts, case numbers, stored summaries), which stays as written."""
    from sqlalchemy import String, Text

    parts = [str(v) for k, v in app.config.items() if k.startswith("RECON_") and isinstance(v, str)]
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            parts.extend(str(v) for row in db.session.execute(select(*columns)) for v in row if v)
    return "\n".join(parts)


def _shown_text(page: str) -> str:
    parser = _ShownText()
    parser.feed(page)
    return " ".join(parser.parts)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_every_page_reads_in_english(app, demo, role):
    """With English chosen every page says lang="en", and any Chinese left on it is recorded
    text (a name, a case number, a stored summary), never a label or message of recon."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    if role:
        client.post("/login", data={"username": role, "password": demo["password"]})
    if role == "applicant":
        client.post("/apply", data={"acknowledged": "y"})
    recorded = _recorded_text(app)
    untranslated: dict[str, set[str]] = {}
    pages = 0
    for method, url in _urls(app, demo["values"]):
        if method != "GET":
            continue
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        assert '<html lang="en"' in page, url
        pages += 1
        for run in CJK.findall(_shown_text(page)):
            if run not in recorded:
                untranslated.setdefault(run, set()).add(url)
    assert pages >= 4
    assert not untranslated, "\n".join(f"{run!r} on {sorted(urls)[:3]}" for run, urls in untranslated.items())


QUERY_NAMES = ("status", "handler", "due_before", "action", "kind", "code", "stage", "view", "state",
               "year", "next", "page", "q")


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_nul_in_a_path_or_query_is_not_a_500(app, demo, role):
    """A NUL byte in a text path part or a query parameter is refused or ignored: PostgreSQL
    refuses NUL in a query parameter, so an unchecked one would surface as a 500 there."""
    client = app.test_client()
    if role:
        client.post("/login", data={"username": role, "password": demo["password"]})
    values = {**demo["values"], "case_no": "%00", "code": "AB%00", "kind": "%00", "upload_id": "%00"}
    query = "&".join(f"{name}=%00" for name in QUERY_NAMES)
    checked = 0
    for method, url in _urls(app, values):
        if method == "GET":
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, f"{role} GET {url}?{query}: {response.status_code}"
            checked += 1
    assert checked > 40
