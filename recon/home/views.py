from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from recon.auth.decorators import role_required
from recon.auth.roles import STAFF_ROLES, Role
from recon.cases.models import Case
from recon.cases.status import OPEN_STATUSES, CaseStatus
from recon.clock import now_utc, today_beijing
from recon.extensions import db
from recon.intake import drafts
from recon.intake.points import active_points
from recon.locale import HTML_LANG
from recon.stats.summary import status_counts
from recon.urls import safe_next

bp = Blueprint("home", __name__)

PREFERENCES = {
    "fontscale": ("standard", "large", "xlarge"),
    "contrast": ("normal", "high"),
    "lang": tuple(HTML_LANG),
}
ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("home.guide"))
    if current_user.role == Role.APPLICANT:
        return redirect(url_for("home.my_cases"))
    return redirect(url_for("home.staff"))


@bp.get("/guide")
def guide():
    """办事指南 (ux.md A1): a returning applicant also sees「继续上次的申请」."""
    mine = current_user.is_authenticated and current_user.role == Role.APPLICANT
    return render_template("home/guide.html", points=active_points(db.session),
                           open_drafts=drafts.active_drafts(db.session, current_user, now_utc()) if mine else [])


@bp.get("/my")
@role_required(Role.APPLICANT)
def my_cases():
    cases = db.session.scalars(
        select(Case).where(Case.owner_id == current_user.id).order_by(Case.id.desc())
    ).all()
    return render_template("home/my_cases.html", cases=cases,
                           open_drafts=drafts.active_drafts(db.session, current_user, now_utc()))


@bp.get("/staff")
@role_required(*STAFF_ROLES)
def staff():
    counts = status_counts(db.session)  # kept by the statistics' summary (README "Statistics")
    open_total = sum(n for status, n in counts.items() if status in OPEN_STATUSES)
    rows = [(s.label, counts.get(s, 0)) for s in CaseStatus]
    warnings = []
    if current_user.role in (Role.SUPERVISOR, Role.ADMIN, Role.HANDLER):
        from recon.deadlines.display import calendar_warnings

        warnings = calendar_warnings(db.session, today_beijing())
    return render_template("home/staff.html", rows=rows, open_total=open_total,
                           total=sum(counts.values()), warnings=warnings)


@bp.get("/preferences")
def preferences():
    """Set a display preference (text size, contrast, language) in a cookie and go back."""
    target = safe_next(request.args.get("next")) or url_for("home.index")
    response = redirect(target)
    for key, allowed in PREFERENCES.items():
        value = request.args.get(key)
        if value in allowed:
            response.set_cookie(key, value, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response
