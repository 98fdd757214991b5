"""Supervisor and admin view of the audit log (masked, paged, filterable by GET)."""

from flask import Blueprint, render_template, request
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.auth.decorators import role_required
from recon.auth.roles import Role
from recon.extensions import db
from recon.urls import page_arg

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50


@bp.get("/")
@role_required(Role.SUPERVISOR, Role.ADMIN)
def index():
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    action = request.args.get("action", "").strip()
    if action:
        query = query.where(AuditEntry.action == action)
    page = db.paginate(query, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    return render_template("audit/index.html", page=page, action=action)
