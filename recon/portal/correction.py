"""The applicant's 「补正材料」 (ux.md A9): while a correction is pending, the case page lists the
notice's items and takes the supplement here; it is recorded through the status machine."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_login import current_user

from recon.auth.decorators import role_required
from recon.auth.roles import Role
from recon.clock import now_utc
from recon.errors import DomainError
from recon.extensions import db, limiter, public_limit
from recon.i18n import gettext
from recon.intake import services as intake
from recon.intake.settings import intake_settings
from recon.portal.common import bp
from recon.portal.my_cases import _own_case
from recon.storage import storage


@bp.post("/my/cases/<case_no>/correction")
@role_required(Role.APPLICANT)
@limiter.limit(public_limit, methods=["POST"])
def submit_correction(case_no: str):
    case = _own_case(case_no)
    files = [intake.IncomingFile(f.filename, f.stream, "other")
             for f in request.files.getlist("files") if f and f.filename]
    settings = intake_settings(current_app.config)
    try:
        intake.submit_correction(db.session, case, files, current_user, now_utc(), storage(), settings.limits)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("portal.my_case", case_no=case.case_no, _anchor="correction"), 303)
    flash(gettext("补正材料已提交（%(n)d 份）。复议机构将自收到之日起 5 个工作日内重新审查。", n=len(files)), "success")
    return redirect(url_for("portal.my_case", case_no=case.case_no), 303)
