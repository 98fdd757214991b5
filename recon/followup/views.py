"""Later litigation and petition records: the form on a closed case and the bulk import."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from recon.auth.decorators import role_required
from recon.auth.roles import CASE_ROLES
from recon.cases.models import Case
from recon.clock import now_utc, today_beijing
from recon.errors import DomainError
from recon.extensions import db
from recon.followup import services
from recon.followup.forms import ProceedingForm
from recon.followup.importer import MAX_ROWS, read_rows
from recon.followup.models import LaterProceeding, ProceedingKind
from recon.i18n import gettext

bp = Blueprint("followup", __name__, url_prefix="/followup")
MAX_BYTES = 5 * 1024 * 1024


def _index(result=None, error=None, status=200):
    recent = db.session.execute(select(LaterProceeding, Case.case_no).join(Case, Case.id == LaterProceeding.case_id)
                                .order_by(LaterProceeding.id.desc()).limit(50)).all()
    return render_template("followup/index.html", recent=recent, result=result, error=error,
                           page_error=error, max_rows=MAX_ROWS), status


@bp.get("/")
@role_required(*CASE_ROLES)
def index():
    return _index()


@bp.post("/import")
@role_required(*CASE_ROLES)
def import_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _index(error=gettext("请选择要导入的 .xlsx 或 .csv 文件"), status=422)
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _index(error=gettext("文件不能超过 5 MB"), status=422)
    try:
        rows = read_rows(upload.filename, data)
    except DomainError as exc:
        return _index(error=exc.message, status=422)
    result = services.import_rows(db.session, rows, current_user, now_utc(), today_beijing())
    db.session.commit()
    return _index(result=result, status=200 if not result.refused else 422)


@bp.post("/cases/<int:case_id>")
@role_required(*CASE_ROLES)
def record(case_id: int):
    case = db.get_or_404(Case, case_id)
    form = ProceedingForm(prefix="later")
    back = url_for("cases.show", case_id=case.id, _anchor="followup")
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
        return redirect(back)
    try:
        services.record_proceeding(db.session, case, form.kind.data, form.on.data, current_user, now_utc(),
                                   today_beijing(), court=form.court.data or "", number=form.number.data or "",
                                   note=form.note.data or "")
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(back)
    flash(gettext("已登记结案后的%(kind)s。", kind=gettext(ProceedingKind(form.kind.data).label)), "success")
    return redirect(back)
