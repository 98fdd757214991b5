"""Access-control matrix: every route x every role, with the ids of one applicant (A).

Roles: anonymous, A (the owner), B (another applicant), clerk, handler, supervisor, admin. Each
request carries a *valid* form, so a check that only happens after validation is exercised too.

- B never sees or changes anything of A's: 404 (never 403, which would reveal that it exists).
- An applicant never reaches a staff page (403); a staff role reaches only its own pages.
- Anonymous goes to /login except on the public pages.
- A refused request writes no audit entry; a state change that succeeds writes one.

`test_every_route_is_in_the_matrix` keeps the table complete when a route is added.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.clock import beijing_date, now_utc
from recon.extensions import db
from tests.conftest import PASSWORD, login
from tests.intake.factories import PDF_BYTES, file_online, payload

ROLES = ("anonymous", "A", "B", "clerk", "handler", "supervisor", "admin")
STAFF = ("clerk", "handler", "supervisor", "admin")
CASE_STAFF = ("clerk", "handler", "supervisor")
BOARD = ("handler", "supervisor")
SUPERVISORS = ("supervisor", "admin")
ADMIN = ("admin",)
USERNAMES = {"A": "applicant", "B": "applicant2", "clerk": "clerk", "handler": "handler",
             "supervisor": "supervisor", "admin": "admin"}
APPLICANT_STEP = {
    "kind": "person", "name": "张三", "id_number": "440304199003072013", "phone": "13800138000",
    "address": "合江区人民路 8 号 3 单元 502 室", "postcode": "646200", "email": "",
    "legal_representative": "", "action": "continue",
}


# ---- A's objects ------------------------------------------------------------------------------


@pytest.fixture
def world(app, users):
    """A's case (with a material, its receipt, a postal service record and a 差评), A's second
    case (linked to the first as a possible duplicate), A's open draft with an upload."""
    from recon.auth.models import User
    from recon.auth.services import create_user, issue_token
    from recon.cases.models import Material
    from recon.deadlines.models import Deadline
    from recon.documents import services as documents
    from recon.documents.models import Document
    from recon.evaluations import services as evaluations
    from recon.intake import drafts
    from recon.intake import services as intake
    from recon.intake.models import CaseLink
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    a, clerk = users["applicant"], users["clerk"]
    b = create_user(db.session, None, "applicant2", "applicant", PASSWORD, display_name="李四")
    store, limits, now = Storage(app.config["STORAGE_DIR"]), intake_settings(app.config).limits, now_utc()
    upload = intake.store_upload(db.session, a, "证据.pdf", io.BytesIO(PDF_BYTES), "evidence", store,
                                 limits, now)
    db.session.commit()
    case = file_online(app, a, attachments=[upload.id])
    second = file_online(app, a)  # same applicant, respondent and act: linked to `case`
    link = db.session.scalar(select(CaseLink).where(CaseLink.case_id == second.id))
    receipt = db.session.scalar(select(Document).where(Document.case_id == case.id,
                                                       Document.kind == "receipt"))
    service = documents.record_service(db.session, receipt, recipient="张三", method="postal",
                                       actor=clerk, now=now, sent_on=beijing_date(now))
    evaluation = evaluations.evaluate(db.session, case, a, "submission", "dissatisfied", ["too_slow"],
                                      "", now)
    b_token = issue_token(db.session, b, now, 12, 5)[1]
    from recon.intake.points import save_point

    point = save_point(db.session, {"code": "HJ-01", "name": "合江镇公共法律服务工作站", "kind": "legal_service",
                                    "address": "合江镇中山路 1 号", "hours": "", "active": True}, None, now)
    case.accepted_on = case.received_on  # a recorded draft decision (issue 14) for its PDF
    case.decision_draft = {"decision_type": "uphold", "on": case.received_on.isoformat(),
                           "respondent_reply": "请求维持", "findings": "被申请人依法作出处罚",
                           "reasoning": "认定事实清楚，适用依据正确", "disposition": ""}
    draft = drafts.create(db.session, a, now)
    outcome = drafts.add_files(db.session, draft, a,
                               [intake.IncomingFile("草稿证据.pdf", io.BytesIO(PDF_BYTES), "evidence")],
                               now, storage=store, limits=limits)
    db.session.commit()
    assert link is not None and outcome.added
    return {
        "case_id": case.id, "case_no": quote(case.case_no), "query_code": case.query_code,
        "case_no_raw": case.case_no,
        "second_no": quote(second.case_no), "second_id": second.id,
        "draft_id": draft.id, "upload_id": outcome.added[0].id, "api_upload_id": upload.id,
        "material_id": db.session.scalar(select(Material.id).where(Material.case_id == case.id)),
        "document_id": receipt.id, "service_id": service.id, "evaluation_id": evaluation.id,
        "link_id": link.id, "code": receipt.verification_code, "point_id": point.id,
        "deadline_id": db.session.scalar(select(Deadline.id).where(Deadline.case_id == case.id)),
        "users": {key: db.session.scalar(select(User.id).where(User.username == name))
                  for key, name in USERNAMES.items()},
        "b_id": b.id, "b_token_id": b_token.id,
    }


def _preview_token(world, role: str, kind: str = "receipt") -> str:
    """The signed preview token the preview page hands to 确认签发 (bound to case and user)."""
    import uuid

    from flask import current_app
    from itsdangerous import URLSafeTimedSerializer

    user_id = world["users"].get(role, 0)
    return URLSafeTimedSerializer(current_app.secret_key, salt="recon.documents.preview").dumps(
        {"c": world["case_id"], "k": kind, "e": {}, "u": user_id, "n": uuid.uuid4().hex})


# ---- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    url: str  # formatted with the world's ids
    who: str  # "public", "user" (anyone logged in), "own" (A's object), "applicant", or "staff"
    allowed: tuple[str, ...] = ()  # staff roles that may act ("staff" rows)
    data: Any = None  # dict, or callable(world, role) -> dict
    audited: str | None = None  # the audit action a success writes
    files: tuple[str, ...] = ()  # form fields that carry a PDF
    last: bool = False  # destroys its object: run after the others

    def form(self, world, role):
        data = self.data(world, role) if callable(self.data) else dict(self.data or {})
        for name in self.files:
            data[name] = (io.BytesIO(PDF_BYTES), "扫描件.pdf")
        return data


def _today(world, role):
    return {"served_on": beijing_date(now_utc()).isoformat()}


ROWS = (
    # public pages
    Row("home.index", "GET", "/", "public"),
    Row("home.guide", "GET", "/guide", "public"),
    Row("home.preferences", "GET", "/preferences", "public"),
    Row("auth.login", "GET", "/login", "public"),
    Row("auth.register", "GET", "/register", "public"),
    Row("portal.lookup", "GET", "/lookup", "public"),
    Row("portal.lookup", "POST", "/lookup", "public",
        data=lambda w, r: {"case_no": w["case_no_raw"], "query_code": w["query_code"]}),
    Row("documents.verify_start", "GET", "/verify", "public"),
    Row("documents.verify_code", "GET", "/verify/{code}", "public"),
    Row("api.openapi", "GET", "/api/v1/openapi.json", "public"),
    # applicant pages on A's objects
    Row("home.my_cases", "GET", "/my", "applicant"),
    Row("portal.start", "GET", "/apply", "applicant"),
    Row("portal.start", "POST", "/apply", "applicant", data={"acknowledged": "y"}, audited="draft.create"),
    Row("portal.resume", "GET", "/apply/{draft_id}", "own"),
    Row("portal.step", "GET", "/apply/{draft_id}/applicant", "own"),
    Row("portal.step", "POST", "/apply/{draft_id}/applicant", "own", data=APPLICANT_STEP,
        audited="draft.save"),
    Row("portal.check", "GET", "/apply/{draft_id}/check", "own"),
    Row("portal.saved", "GET", "/apply/{draft_id}/saved", "own"),
    Row("portal.evidence", "GET", "/apply/{draft_id}/evidence", "own"),
    Row("portal.evidence", "POST", "/apply/{draft_id}/evidence", "own",
        data={"action": "upload", "item": "evidence"}, files=("files",), audited="upload.store"),
    Row("portal.upload_file", "POST", "/apply/{draft_id}/files", "own", data={"item": "evidence"},
        files=("file",), audited="upload.store"),
    Row("portal.submit", "POST", "/apply/{draft_id}/submit", "own"),  # incomplete draft: 422
    Row("portal.discard", "GET", "/apply/{draft_id}/discard", "own"),
    Row("portal.delete_file", "POST", "/apply/{draft_id}/files/{upload_id}/delete", "own",
        audited="upload.delete", last=True),
    Row("portal.discard", "POST", "/apply/{draft_id}/discard", "own", audited="draft.delete", last=True),
    Row("portal.my_case", "GET", "/my/cases/{case_no}", "own"),
    Row("portal.confirmation", "GET", "/my/cases/{case_no}/submitted", "own"),
    Row("portal.evaluate", "GET", "/my/cases/{second_no}/evaluate", "own"),
    Row("portal.evaluate", "POST", "/my/cases/{second_no}/evaluate?stage=submission", "own",
        data={"level": "satisfied"}, audited="evaluation.create"),
    Row("portal.retract", "POST", "/my/cases/{case_no}/retract", "own"),
    Row("portal.submit_correction", "POST", "/my/cases/{case_no}/correction", "own",
        files=("files",)),  # no correction pending: refused with a message  # not made in the wizard
    Row("documents.download", "GET", "/documents/{document_id}.pdf", "own",
        allowed=CASE_STAFF),
    # staff pages on A's case
    Row("home.staff", "GET", "/staff", "staff", STAFF),
    Row("cases.index", "GET", "/cases/", "staff", CASE_STAFF),
    Row("cases.show", "GET", "/cases/{case_id}", "staff", CASE_STAFF),
    Row("cases.reveal", "POST", "/cases/{case_id}/reveal", "staff", CASE_STAFF,
        audited="case.reveal_numbers"),
    Row("cases.act", "GET", "/cases/{case_id}/actions/accept", "staff", ("handler",)),
    Row("cases.act", "POST", "/cases/{case_id}/actions/assign", "staff", ("supervisor",),
        data=lambda w, r: {"handler": USERNAMES["handler"]}, audited="case.assign"),
    Row("cases.material", "GET", "/cases/{case_id}/materials/{material_id}", "staff", CASE_STAFF),
    Row("cases.decision_draft", "GET", "/cases/{case_id}/decision-draft.pdf", "staff", CASE_STAFF),
    Row("cases.decide_link", "POST", "/cases/{second_id}/links/{link_id}", "staff", BOARD,
        data={"state": "duplicate"}, audited="case_link.decide"),
    Row("documents.case_documents", "GET", "/cases/{case_id}/documents", "staff", CASE_STAFF),
    Row("documents.new", "GET", "/cases/{case_id}/documents/new?kind=receipt", "staff", CASE_STAFF),
    Row("documents.preview", "POST", "/cases/{case_id}/documents/preview", "staff", CASE_STAFF,
        data={"kind": "receipt"}),
    Row("documents.preview_pdf", "POST", "/cases/{case_id}/documents/preview.pdf", "staff", CASE_STAFF,
        data=lambda w, r: {"token": _preview_token(w, r)}),
    Row("documents.edit", "POST", "/cases/{case_id}/documents/edit", "staff", CASE_STAFF,
        data=lambda w, r: {"token": _preview_token(w, r)}),
    Row("documents.issue", "POST", "/cases/{case_id}/documents/issue", "staff", CASE_STAFF,
        data=lambda w, r: {"token": _preview_token(w, r)}, audited="document.issue"),
    Row("documents.published", "GET", "/documents/{document_id}/published.pdf", "staff", CASE_STAFF),
    Row("documents.service", "GET", "/documents/{document_id}/service", "staff", CASE_STAFF),
    Row("documents.service", "POST", "/documents/{document_id}/service", "staff", CASE_STAFF,
        data=lambda w, r: {"recipient": "张三", "method": "direct"} | _today(w, r),
        audited="document.service"),
    Row("documents.served", "POST", "/documents/services/{service_id}/served", "staff", CASE_STAFF,
        data=_today, audited="document.service.served"),
    Row("intake.new_onsite", "GET", "/intake/onsite", "staff", CASE_STAFF),
    Row("intake.new_postal", "GET", "/intake/postal", "staff", CASE_STAFF),
    Row("intake.new_onsite", "POST", "/intake/onsite", "staff", CASE_STAFF),  # empty: role check only
    Row("intake.new_postal", "POST", "/intake/postal", "staff", CASE_STAFF),
    Row("intake.oral_signature", "POST", "/intake/cases/{case_id}/oral-signature", "staff", CASE_STAFF,
        files=("signed_scan",)),  # not an oral application: refused with a message
    Row("intake.handover", "POST", "/intake/cases/{case_id}/handover", "staff", CASE_STAFF,
        data={"handed_over_on": "2026-11-27", "handed_over_to": "李明"}),  # not at a point: refused
    Row("intake.points_admin", "GET", "/intake/points", "staff", ADMIN),
    Row("intake.points_admin", "POST", "/intake/points", "staff", ADMIN,
        data={"code": "CY-02", "name": "川渝通办窗口", "kind": "chuanyu", "address": "合江区人民路 1 号",
              "active": "y"}, audited="intake_point.create"),
    Row("intake.point_edit", "GET", "/intake/points/{point_id}", "staff", ADMIN),
    Row("intake.point_edit", "POST", "/intake/points/{point_id}", "staff", ADMIN,
        data={"code": "HJ-01", "name": "合江镇公共法律服务站", "kind": "legal_service",
              "address": "合江镇中山路 1 号", "active": "y"}, audited="intake_point.update"),
    Row("cases.enterprise", "POST", "/cases/{case_id}/enterprise", "staff", BOARD,
        data={"enterprise": "1"}, audited="case.enterprise"),
    Row("cases.act_type", "POST", "/cases/{case_id}/act_type", "staff", BOARD,
        data={"act_type": "information"}, audited="case.act_type"),
    Row("stats.dashboard", "GET", "/stats/", "staff", ("supervisor",)),
    Row("stats.cases", "GET", "/stats/cases?set=received", "staff", ("supervisor",)),
    Row("stats.export", "GET", "/stats/export/figures.csv", "staff", ("supervisor",)),
    Row("stats.annual_report", "GET", "/stats/report/2026.txt", "staff", ("supervisor",)),
    Row("stats.definitions", "GET", "/stats/definitions", "staff", ADMIN),
    Row("stats.definitions", "POST", "/stats/definitions", "staff", ADMIN,
        data={"correction_denominator": "closed", "substantive_basis": "not_sued_or_petitioned"},
        audited="stat_definition.create"),
    Row("followup.index", "GET", "/followup/", "staff", CASE_STAFF),
    Row("followup.import_file", "POST", "/followup/import", "staff", CASE_STAFF),  # no file: 422
    Row("followup.record", "POST", "/followup/cases/{case_id}", "staff", CASE_STAFF,
        data={"later-kind": "petition", "later-on": "2026-11-27"}),  # not closed: refused
    Row("deadlines.calculator", "GET", "/deadlines/calculator", "staff", STAFF),
    Row("deadlines.calculator", "POST", "/deadlines/calculator", "staff", STAFF,
        data={"rule": "acceptance_review", "start": "2026-11-27"}),
    Row("deadlines.board", "GET", "/deadlines/", "staff", BOARD),
    Row("deadlines.detail", "GET", "/deadlines/{deadline_id}", "staff", BOARD),
    Row("notifications.inbox", "GET", "/inbox", "staff", STAFF),
    Row("notifications.mark_all_read", "POST", "/inbox/read-all", "staff", STAFF),
    Row("evaluations.index", "GET", "/evaluations/", "staff", ("supervisor",)),
    Row("mediation.ledger", "GET", "/mediation/ledger", "staff", BOARD),
    Row("mediation.export_csv", "GET", "/mediation/ledger.csv", "staff", BOARD),
    Row("mediation.export_xlsx", "GET", "/mediation/ledger.xlsx", "staff", BOARD),
    Row("evaluations.follow_up", "POST", "/evaluations/{evaluation_id}/follow-up", "staff", ("supervisor",),
        data=lambda w, r: {f"ev{w['evaluation_id']}-note": "已电话回访，申请人表示理解。"},
        audited="evaluation.follow_up"),
    Row("audit.index", "GET", "/audit/", "staff", SUPERVISORS),
    Row("auth.users", "GET", "/admin/users", "staff", ADMIN),
    Row("auth.users", "POST", "/admin/users", "staff", ADMIN,
        data={"username": "clerk2", "display_name": "王五", "role": "clerk", "password": "Abc-2026-xyz"},
        audited="user.create"),
    # the admin's account page, on B's account (an applicant's role and former unit cannot change: 422)
    Row("auth.account", "GET", "/admin/users/{b_id}", "staff", ADMIN),
    Row("auth.account_role", "POST", "/admin/users/{b_id}/role", "staff", ADMIN, data={"role": "clerk"}),
    Row("auth.account_former_unit", "POST", "/admin/users/{b_id}/former-unit", "staff", ADMIN,
        data={"former_unit": "合江区公安分局"}),
    Row("auth.account_unlock", "POST", "/admin/users/{b_id}/unlock", "staff", ADMIN, audited="user.unlock"),
    Row("auth.account_token_revoke", "POST", "/admin/users/{b_id}/tokens/{b_token_id}/revoke", "staff", ADMIN,
        audited="token.revoke", last=True),
    Row("auth.account_password", "POST", "/admin/users/{b_id}/password", "staff", ADMIN,
        data={"password": "Reset-2026-x"}, audited="user.password_reset", last=True),
    Row("auth.account_disable", "POST", "/admin/users/{b_id}/disable", "staff", ADMIN, audited="user.disable",
        last=True),
    Row("auth.account_enable", "POST", "/admin/users/{b_id}/enable", "staff", ADMIN, audited="user.enable",
        last=True),
    # everyone's own password (the browser stays logged in; run last all the same)
    Row("auth.change_password", "GET", "/account/password", "user"),
    Row("auth.change_password", "POST", "/account/password", "user",
        data={"current_password": PASSWORD, "new_password": "Neu-2026-pass", "confirm": "Neu-2026-pass"},
        audited="user.password_change", last=True),
    Row("deadlines.calendar_admin", "GET", "/admin/calendar", "staff", ADMIN),
    Row("deadlines.calendar_set_day", "POST", "/admin/calendar/day", "staff", ADMIN,
        data={"day": "2027-03-06", "kind": "work", "name": "", "note": "测试"}, audited="calendar.set_day"),
    Row("deadlines.calendar_notice", "POST", "/admin/calendar/notice", "staff", ADMIN),
    Row("documents.templates_admin", "GET", "/admin/templates", "staff", ADMIN),
    Row("documents.template_edit", "GET", "/admin/templates/receipt", "staff", ADMIN),
    Row("documents.template_edit", "POST", "/admin/templates/receipt", "staff", ADMIN,
        data=lambda w, r: {"body": _receipt_template() + "\n", "note": "测试修改"},
        audited="document_template.save"),
)
#: Routes with their own tests below (API: bearer tokens) or that end the session.
ELSEWHERE = {"static", "auth.logout", "auth.login", "auth.register", "auth.keepalive", "auth.api_token",
             "auth.api_tokens", "auth.api_token_revoke", "auth.api_token_revoke_one",
             "api.file_application", "api.upload", "api.read_case", "api.list_cases", "api.document_pdf", "api.stats",
             "api.case_action",
             "documents.verify_code", "portal.lookup",
             "notifications.mark_read",
             "mediation.draft", "mediation.scan"}  # one's own messages only: tests/notifications/test_inbox.py


def _receipt_template() -> str:
    from recon.documents.kinds import KINDS

    return KINDS["receipt"].wording


def _expected(row: Row, role: str) -> str:
    """"ok", "login", 403 or 404."""
    if row.who == "public":
        return "ok"
    if role == "anonymous":
        return "login"
    if row.who == "user":
        return "ok"
    if row.who == "applicant":
        return "ok" if role in ("A", "B") else 403
    if row.who == "own":
        if role == "A":
            return "ok"
        if role == "B":
            return 404
        return "ok" if role in row.allowed else 403
    return "ok" if role in row.allowed else 403


def _client_for(app, role):
    client = app.test_client()
    if role != "anonymous":
        assert login(client, USERNAMES[role]).status_code == 302
    return client


def _audit_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def _new_actions(before: int) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.id > before)
                                   .order_by(AuditEntry.id)))


def test_every_route_is_in_the_matrix(app):
    covered = {row.endpoint for row in ROWS} | ELSEWHERE
    missing = {rule.endpoint for rule in app.url_map.iter_rules()} - covered
    assert not missing, f"add these routes to the access matrix: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
def test_matrix(app, world, role):
    client = _client_for(app, role)
    problems = []
    for row in sorted(ROWS, key=lambda r: r.last):
        url = row.url.format(**world)
        last_id = db.session.scalar(select(func.max(AuditEntry.id))) or 0
        kwargs: dict[str, Any] = {}
        if row.method == "POST":
            kwargs["data"] = row.form(world, role)
            if row.files:
                kwargs["content_type"] = "multipart/form-data"
        response = client.open(url, method=row.method, **kwargs)
        status, expected = response.status_code, _expected(row, role)
        location = response.headers.get("Location", "")
        to_login = status in (301, 302, 303) and location.startswith("/login")
        actions = _new_actions(last_id)
        where = f"{role} {row.method} {url}"
        if status >= 500:
            problems.append(f"{where}: {status}")
        elif expected == "login":
            if not to_login:
                problems.append(f"{where}: {status}, expected a redirect to /login")
        elif expected == "ok":
            if to_login or status in (401, 403, 404, 410):
                problems.append(f"{where}: {status} {location}, expected access")
            elif row.audited and status < 400 and row.audited not in actions:
                problems.append(f"{where}: {status} but no audit entry {row.audited} ({actions})")
        elif status != expected:
            problems.append(f"{where}: {status}, expected {expected}")
        if role in ("anonymous", "B") and row.endpoint != "portal.lookup" and status == 200:
            body = response.get_data(as_text=True)
            leaked = [v for v in (world["case_no_raw"], world["query_code"], "11010519491231002X")
                      if v in body]
            if leaked:
                problems.append(f"{where}: shows A's {leaked}")
        if expected != "ok" and actions:
            problems.append(f"{where}: refused but audited {actions}")
    assert not problems, "\n".join(problems)


# ---- the JSON API (bearer tokens) -------------------------------------------------------------


def _bearer(client, role: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    response = client.post("/api/v1/auth/token", json={"username": USERNAMES[role], "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


API_EXPECTED = {
    # (method, url): {role: status}; roles not named answer 200
    # the admin runs the system and sees no case data (CASE_ROLES), as on the pages
    ("GET", "/api/v1/cases/{case_no}"): {"anonymous": 401, "B": 404, "admin": 403},
    ("GET", "/api/v1/documents/{document_id}.pdf"): {"anonymous": 401, "B": 404, "admin": 403},
    ("GET", "/api/v1/cases"): {"anonymous": 401, "A": 403, "B": 403, "admin": 403},
}


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(app, world, role):
    client = app.test_client()
    headers = _bearer(client, role)
    problems = []
    for (method, url), statuses in API_EXPECTED.items():
        url = url.format(**world)
        before = _audit_count()
        response = client.open(url, method=method, headers=headers)
        expected = statuses.get(role, 200)
        if response.status_code != expected:
            problems.append(f"{role} {method} {url}: {response.status_code}, expected {expected}")
        if expected >= 400:
            body = response.get_json()
            if not (body and "errors" in body):
                problems.append(f"{role} {method} {url}: no JSON errors body")
            if _audit_count() != before:
                problems.append(f"{role} {method} {url}: refused but audited")
    assert not problems, "\n".join(problems)


def test_api_another_applicants_upload_or_submission_token_is_not_theirs(app, world):
    from recon.cases.models import Case

    client = app.test_client()
    a, b = _bearer(client, "A"), _bearer(client, "B")
    upload = client.post("/api/v1/uploads", headers=a, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(PDF_BYTES), "证据.pdf")})
    assert upload.status_code == 201
    before = _audit_count()
    body = payload(attachments=[upload.get_json()["id"]])
    response = client.post("/api/v1/applications", headers=b, json=body)
    assert response.status_code == 422
    assert "不存在" in response.get_json()["errors"]["attachments.0"]
    assert _audit_count() == before
    # A's submission token, sent by B, files B's own case (tokens count per account)
    token = db.session.get(Case, world["case_id"]).submission_token
    response = client.post("/api/v1/applications", headers=b, json=payload(submission_token=token))
    assert response.status_code == 201 and world["case_no_raw"] not in response.get_data(as_text=True)
    assert client.post("/api/v1/applications", headers=b, json=payload("onsite")).status_code == 403
    for role in ("anonymous", "admin"):
        response = client.post("/api/v1/uploads", headers=_bearer(client, role),
                               content_type="multipart/form-data",
                               data={"file": (io.BytesIO(PDF_BYTES), "证据.pdf")})
        assert response.status_code == (401 if role == "anonymous" else 403)


# ---- documents an applicant may download ------------------------------------------------------


def test_applicant_downloads_only_documents_given_to_them(app, world, users):
    """A's receipt, yes; a notice of A's case that has not been served on anyone, no (404 as for
    B), on the page and on the API alike."""
    from recon.cases.models import Case
    from recon.documents import services as documents

    case = db.session.get(Case, world["case_id"])
    notice = documents.issue(db.session, case, "correction_notice", {"items": ["身份证复印件"]},
                             users["handler"], now_utc(), documents.settings_from_config(app.config))
    db.session.commit()
    client = _client_for(app, "A")
    assert client.get(f"/documents/{world['document_id']}.pdf").status_code == 200
    assert client.get(f"/documents/{notice.id}.pdf").status_code == 404
    api = app.test_client()
    assert api.get(f"/api/v1/documents/{notice.id}.pdf", headers=_bearer(api, "A")).status_code == 404
    assert _client_for(app, "clerk").get(f"/documents/{notice.id}.pdf").status_code == 200


# ---- clerks do not issue decisions ------------------------------------------------------------


def test_a_clerk_cannot_issue_a_handlers_document(app, world):
    from recon.documents.models import Document

    client = _client_for(app, "clerk")
    before = db.session.scalar(select(func.count()).select_from(Document))
    preview = client.post(f"/cases/{world['case_id']}/documents/preview",
                          data={"kind": "decision", "type": "revoke"})
    assert preview.status_code in (403, 422)
    issued = client.post(f"/cases/{world['case_id']}/documents/issue",
                         data={"token": _preview_token(world, "clerk", "decision")})
    assert issued.status_code in (400, 403)
    handler_token = _preview_token(world, "handler", "receipt")  # another user's token
    assert client.post(f"/cases/{world['case_id']}/documents/issue",
                       data={"token": handler_token}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Document)) == before


# ---- the public look-up -----------------------------------------------------------------------


def _lookup(client, case_no: str, code: str):
    return client.post("/lookup", data={"case_no": case_no, "query_code": code})


def test_lookup_shows_status_and_masked_name_only(app, world):
    client = app.test_client()
    response = _lookup(client, world["case_no_raw"], world["query_code"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "办理阶段" in page
    assert "张三" not in page and "张*" in page
    for secret in ("11010519491231002X", "13800138000", "人民路 8 号", "证据.pdf"):
        assert secret not in page


def test_lookup_wrong_code_answers_as_a_missing_case(app, world):
    client = app.test_client()
    real = world["case_no_raw"]
    missing = real.replace("〕", "〕9")
    wrong = _lookup(client, real, "ABCDEFGH")
    absent = _lookup(client, missing, "ABCDEFGH")
    assert wrong.status_code == absent.status_code == 404
    # the same page but for the number typed and the form's CSRF token (signed with the second)
    def page(response, case_no):
        return re.sub(r'csrf_token[^>]*>', "", response.get_data(as_text=True).replace(case_no, "X"))

    assert page(wrong, real) == page(absent, missing)
    assert "申请编号或查询码不正确" in wrong.get_data(as_text=True)


# ---- rate limits ------------------------------------------------------------------------------


def test_public_endpoints_are_rate_limited(app, world):
    from recon import create_app
    from recon.extensions import limiter

    limited = create_app("testing", RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute",
                         RATELIMIT_PUBLIC="2 per minute", STORAGE_DIR=app.config["STORAGE_DIR"],
                         SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        client = limited.test_client()
        token = client.post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
        posts = {
            "/login": lambda: client.post("/login", data={"username": "x", "password": "y"}),
            "/register": lambda: client.post("/register", data={}),
            "/api/v1/auth/token": lambda: client.post("/api/v1/auth/token", json={}),
            "/lookup": lambda: _lookup(client, "合府复〔2026〕999号", "ABCDEFGH"),
            "/api/v1/applications": lambda: client.post("/api/v1/applications", headers=headers, json={}),
            "/api/v1/uploads": lambda: client.post("/api/v1/uploads", headers=headers, data={}),
        }
        for url, send in posts.items():
            statuses = [send().status_code for _ in range(3)]
            assert statuses[-1] == 429, (url, statuses)
    finally:
        limiter.reset()


# ---- CSRF -------------------------------------------------------------------------------------


def _csrf_app(app):
    from recon import create_app

    return create_app("testing", WTF_CSRF_ENABLED=True, STORAGE_DIR=app.config["STORAGE_DIR"],
                      SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])


def _csrf_login(client, username):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


@pytest.mark.parametrize("role,url,data", [
    ("A", "/apply", {"acknowledged": "y"}),
    ("A", "/apply/{draft_id}/discard", {}),
    ("A", "/my/cases/{second_no}/evaluate?stage=submission", {"level": "satisfied"}),
    ("clerk", "/cases/{case_id}/reveal", {}),
    ("supervisor", "/evaluations/{evaluation_id}/follow-up", {"ev{evaluation_id}-note": "已回访"}),
    ("admin", "/admin/users", {"username": "clerk9", "display_name": "王五", "role": "clerk",
                               "password": "Abc-2026-xyz"}),
    ("anonymous", "/lookup", {"case_no": "合府复〔2026〕1号", "query_code": "ABCDEFGH"}),
    ("anonymous", "/register", {"contact": "13900139000", "password": "Abc-2026-xyz",
                                "confirm": "Abc-2026-xyz", "display_name": "赵六"}),
])
def test_page_posts_without_csrf_token_are_refused_in_chinese(app, world, role, url, data):
    client = _csrf_app(app).test_client()
    if role != "anonymous":
        _csrf_login(client, USERNAMES[role])
    before = _audit_count()
    data = {k.format(**world): v for k, v in data.items()}
    response = client.post(url.format(**world), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "页面已过期" in page and "刷新页面后重新填写并提交" in page
    assert "The CSRF" not in page and "CSRF token" not in page and "Bad Request" not in page
    assert _audit_count() == before


def test_api_with_bearer_token_needs_no_csrf(app, world):
    client = _csrf_app(app).test_client()
    headers = _bearer(client, "A")
    upload = client.post("/api/v1/uploads", headers=headers, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(PDF_BYTES), "证据.pdf")})
    assert upload.status_code == 201
    filed = client.post("/api/v1/applications", headers=headers,
                        json=payload(attachments=[upload.get_json()["id"]],
                                     act__doc_no="合市监罚〔2026〕99号"))
    assert filed.status_code == 201, filed.get_json()


# ---- 显示完整号码 belongs to the login that asked for it ----------------------------------------


@pytest.mark.parametrize("how", ["logout", "idle"])
def test_revealed_numbers_end_with_the_login(app, world, how, monkeypatch):
    """Another person at the same computer must not see what the clerk revealed: the grant
    (audited for the clerk) ends with the clerk's login, by「退出登录」or by the idle limit."""
    full_id = "11010519491231002X"
    client = _client_for(app, "clerk")
    assert client.post(f"/cases/{world['case_id']}/reveal").status_code == 303
    assert full_id in client.get(f"/cases/{world['case_id']}").get_data(as_text=True)
    if how == "logout":
        client.post("/logout")
    else:
        import recon.auth.idle as idle

        later = now_utc() + timedelta(hours=1)
        monkeypatch.setattr(idle.clock, "now_utc", lambda: later)
        client.get("/guide")  # the idle check ends the login
        monkeypatch.undo()
    assert login(client, "handler").status_code == 302
    before = _audit_count()
    page = client.get(f"/cases/{world['case_id']}").get_data(as_text=True)
    assert full_id not in page
    assert _audit_count() == before
