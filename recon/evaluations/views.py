"""The supervisor's 好差评 page (ux.md A15): every evaluation, open 差评 first, counts per level,
and the follow-up (回访) of each 差评. Thin: load, check the role, validate, call one service,
commit, redirect."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from recon.auth.decorators import role_required
from recon.auth.roles import Role
from recon.clock import now_utc
from recon.errors import DomainError
from recon.evaluations import services
from recon.evaluations.forms import FollowUpForm, follow_up_form
from recon.evaluations.models import Evaluation, FollowUp, Level, Stage
from recon.extensions import db
from recon.i18n import gettext
from recon.urls import page_arg

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")
PAGE_SIZE = 50


def _view_arg(value: str | None) -> str:
    return value if value in services.FILTERS else "all"


def _render(view: str, failed: dict[int, FollowUpForm] | None = None, status: int = 200):
    failed = failed or {}
    page = db.paginate(services.listing(view), page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    rows = [(e, (failed.get(e.id) or follow_up_form(e.id)) if e.follow_up_state == FollowUp.OPEN else None)
            for e in page.items]
    errors = [(form.note.id, form.note.errors[0]) for form in failed.values() if form.note.errors]
    counts = services.counts(db.session)
    by = counts["by"]
    level_headers = [gettext("评价"), *(gettext(stage.label) for stage in Stage), gettext("合计")]
    level_rows = []
    for level, label in Level.labels().items():
        cells = [by.get((level, stage), 0) for stage in Stage]
        level_rows.append([gettext(label), *cells, sum(cells)])
    stage_totals = [sum(by.get((level, stage), 0) for level in Level) for stage in Stage]
    level_rows.append([gettext("合计"), *stage_totals, sum(stage_totals)])
    return render_template(
        "evaluations/index.html", page=page, rows=rows, view=view, filters=services.FILTERS,
        counts=counts, level_headers=level_headers, level_rows=level_rows,
        errors=errors, page_error=bool(errors)), status


@bp.get("/")
@role_required(Role.SUPERVISOR)  # case data: not the admin (CASE_ROLES)
def index():
    return _render(_view_arg(request.args.get("view")))


@bp.post("/<int:evaluation_id>/follow-up")
@role_required(Role.SUPERVISOR)  # case data: not the admin (CASE_ROLES)
def follow_up(evaluation_id: int):
    evaluation = db.get_or_404(Evaluation, evaluation_id)
    view = _view_arg(request.form.get("view"))
    form = follow_up_form(evaluation.id, request.form)
    if not form.validate():
        return _render(view, {evaluation.id: form}, status=422)
    try:
        services.record_follow_up(db.session, evaluation, current_user, form.note.data, now_utc())
    except DomainError as exc:
        db.session.rollback()
        if exc.field == "note":
            form.note.errors = [exc.message]
            return _render(view, {evaluation.id: form}, status=422)
        flash(exc.message, "error")
        return redirect(url_for("evaluations.index", view=view), 303)
    db.session.commit()
    flash(gettext("已登记 %(case_no)s 差评的回访。", case_no=evaluation.case.case_no), "success")
    return redirect(url_for("evaluations.index", view=view), 303)
