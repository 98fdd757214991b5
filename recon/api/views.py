from __future__ import annotations

from flask import Blueprint, jsonify, request
from sqlalchemy import select

from recon.auth.decorators import api_role_required
from recon.auth.roles import CASE_ROLES
from recon.cases.models import Case
from recon.cases.serializers import case_summary
from recon.cases.status import CaseStatus
from recon.extensions import csrf, db
from recon.i18n import gettext
from recon.paging import keyset_page

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_PER_PAGE = 100


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        from recon.errors import DomainError

        raise DomainError(gettext("%(name)s 必须是整数", name=name), field=name) from None
    return max(low, min(high, value))


@bp.get("/cases")
@api_role_required(*CASE_ROLES)
def list_cases():
    from recon.errors import DomainError

    query = select(Case)
    status = request.args.get("status")
    if status:
        if status not in {s.value for s in CaseStatus}:
            raise DomainError(gettext("status 取值无效，可选：%(choices)s",
                                      choices=gettext("、").join(s.value for s in CaseStatus)),
                              field="status")
        query = query.where(Case.status == status)
    handler = request.args.get("handler")
    if handler:
        from recon.auth.models import User

        query = query.join(User, User.id == Case.handler_id).where(User.username == handler)
    due_before = request.args.get("due_before")
    if due_before:
        from recon.formatting import DateInputError, parse_loose_date

        try:
            limit = parse_loose_date(due_before)
        except DateInputError as exc:
            raise DomainError(gettext("due_before：%(error)s", error=exc), field="due_before") from None
        # a running deadline due before the day: the case's earliest one is (case.next_due_on,
        # kept by recon.cases.next_due; indexed, so the bounded count reads only those cases)
        query = query.where(Case.next_due_on < limit)
    per_page = _int_arg("per_page", 50, 1, MAX_PER_PAGE)
    cursor = request.args.get("cursor")
    page = None
    if cursor is None and "page" in request.args:  # v1.0 clients page by number (OFFSET)
        page = _int_arg("page", 1, 1, 10**6)
    result = keyset_page(db.session, query, [Case.received_on, Case.id], per_page=per_page,
                         cursor=cursor, descending=True,
                         offset=(page - 1) * per_page if page else 0)
    body = {
        "items": [case_summary(c) for c in result.items],
        "per_page": per_page, "next_cursor": result.next_cursor,
        "total": result.total, "total_capped": result.total_capped,
    }
    if page:
        body["page"] = page
    return jsonify(body)


@bp.get("/openapi.json")
def openapi():
    from recon.api.openapi import document

    return jsonify(document())
