"""The audit log for the supervisor and the admin (keyset-paged by id, filterable by GET: case, actor, action,
date range). Actions read as Chinese names; entries name their case by its number. The admin sees
no case data (README): an entry about a case shows 「案件」 only, without its number, the
summary (names, file names) or a case filter."""

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Integer, String, column, select, table

from recon.audit.actions import CASE_OBJECT, OBJECT_LABELS, OTHER, SYSTEM_OBJECTS, action_label
from recon.audit.forms import AuditFilterForm
from recon.audit.models import AuditEntry
from recon.auth.decorators import role_required
from recon.auth.roles import Role
from recon.clock import beijing_day_start
from recon.errors import DomainError
from recon.extensions import db
from recon.paging import keyset_page

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50

#: The case table's number column, read without importing the cases package (the audit log sits
#: below every feature).
CASES = table("case", column("id", Integer), column("case_no", String))


def _filtered(query, form: AuditFilterForm, sees_cases: bool):
    if sees_cases and (case_no := (form.case.data or "").strip()):
        # case numbers are unique: one case id, so the (case_id, id) index gives the page in order
        query = query.where(AuditEntry.case_id == select(CASES.c.id).where(CASES.c.case_no == case_no)
                            .scalar_subquery())
    if actor := (form.actor.data or "").strip():
        query = query.where(AuditEntry.actor_name == actor)
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    if form.date_from.data:
        query = query.where(AuditEntry.at >= beijing_day_start(form.date_from.data))
    if form.date_to.data:
        query = query.where(AuditEntry.at < beijing_day_start(form.date_to.data + timedelta(days=1)))
    return query


def _rows(entries, sees_cases: bool) -> list[dict]:
    case_ids = {e.case_id for e in entries if e.case_id is not None}
    numbers = dict(db.session.execute(select(CASES.c.id, CASES.c.case_no).where(CASES.c.id.in_(case_ids)))
                   .all()) if sees_cases and case_ids else {}
    rows = []
    for entry in entries:
        case_data = entry.case_id is not None or entry.object_type not in SYSTEM_OBJECTS
        hidden = case_data and not sees_cases
        rows.append({
            "at": entry.at, "actor": entry.actor_display, "action": action_label(entry.action),
            "case_no": numbers.get(entry.case_id),
            "object": CASE_OBJECT if hidden or entry.case_id is not None else OBJECT_LABELS.get(entry.object_type, OTHER),
            "summary": None if hidden else entry.summary_display,
        })
    return rows


@bp.get("/")
@role_required(Role.SUPERVISOR, Role.ADMIN)
def index():
    sees_cases = current_user.role == Role.SUPERVISOR
    form = AuditFilterForm(request.args)
    valid = form.validate()
    query = select(AuditEntry)
    if valid:
        query = _filtered(query, form, sees_cases)
    cursor = request.args.get("cursor") or None
    args = {name: value for name, value in request.args.items() if name not in ("page", "cursor") and value}
    # newest first by id, keyset (issue 17): page 1,000 costs what page 1 does; the total is
    # counted up to recon.paging.COUNT_CAP (「10,000+」)
    try:
        page = keyset_page(db.session, query, [AuditEntry.id], per_page=PAGE_SIZE, cursor=cursor,
                           descending=True)
    except DomainError as exc:  # a cursor edited by hand: start again from the newest entries
        flash(exc.message, "error")
        return redirect(url_for("audit.index", **args), 303)
    return render_template("audit/index.html", form=form, page=page, rows=_rows(page.items, sees_cases),
                           sees_cases=sees_cases, args=args, first_page=bool(cursor)), 200 if valid else 422
