"""Mediation pages: the resolution 台账 (filters as GET parameters, masked CSV/XLSX export), the
调解书 draft built from the record, and a signed scan's download (staff, or the applicant of a
settled case). The actions themselves are the case page's workflow forms (``cases.act``)."""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_login import current_user
from sqlalchemy import select

from recon import exports
from recon.auth.decorators import role_required
from recon.auth.models import User
from recon.auth.roles import CASE_ROLES, Role
from recon.cases.models import Case, Material
from recon.cases.permissions import owns
from recon.cases.queries import handlers as handler_list
from recon.clock import now_utc, today_beijing
from recon.documents import services as document_services
from recon.extensions import db
from recon.i18n import gettext
from recon.mediation import queries
from recon.mediation.models import MediationState
from recon.mediation.steps import document_fields
from recon.storage import send_stored

bp = Blueprint("mediation", __name__, url_prefix="/mediation")


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _filters() -> queries.LedgerFilter:
    handler = request.args.get("handler", "")
    handler_id = db.session.scalar(select(User.id).where(User.username == handler)) if handler else None
    path = request.args.get("path", "")
    outcome = request.args.get("outcome", "")
    return queries.LedgerFilter(
        start=_day("from"), end=_day("to"), respondent=request.args.get("respondent", "").strip()[:100],
        handler_id=handler_id or (-1 if handler else None),
        path=path if path in queries.Path.labels() else "",
        outcome=outcome if outcome in queries.OUTCOMES else "")


@bp.get("/ledger")
@role_required(Role.HANDLER, Role.SUPERVISOR)
def ledger():
    filters = _filters()
    rows = queries.ledger(db.session, filters)
    return render_template("mediation/ledger.html", rows=rows, filters=filters, args=request.args,
                           today=today_beijing(),
                           paths=queries.Path.labels(), outcomes=queries.OUTCOMES,
                           handlers=handler_list(db.session))


@bp.get("/ledger.csv")
@role_required(Role.HANDLER, Role.SUPERVISOR)
def export_csv():
    rows = queries.ledger(db.session, _filters())
    data = exports.to_csv(None, queries.export_header(), queries.export_rows(rows, today_beijing()))
    return send_file(io.BytesIO(data), mimetype=exports.CSV_MIME, as_attachment=True,
                     download_name=f"resolution-ledger-{today_beijing().isoformat()}.csv")


@bp.get("/ledger.xlsx")
@role_required(Role.HANDLER, Role.SUPERVISOR)
def export_xlsx():
    rows = queries.ledger(db.session, _filters())
    data = exports.to_xlsx(None, queries.export_header(), queries.export_rows(rows, today_beijing()),
                           sheet_name=gettext("化解台账"))
    return send_file(io.BytesIO(data), as_attachment=True, mimetype=exports.XLSX_MIME,
                     download_name=f"resolution-ledger-{today_beijing().isoformat()}.xlsx")


@bp.get("/cases/<int:case_id>/draft.pdf")
@role_required(*CASE_ROLES)
def draft(case_id: int):
    """The 调解书 drafted from the record (watermarked 草稿) while the agreement awaits signatures."""
    case = db.get_or_404(Case, case_id)
    mediation = queries.mediation_of(db.session, case)
    if mediation is None or mediation.state != MediationState.AGREEMENT:
        abort(404)
    pdf = document_services.preview(db.session, case, "mediation_document", document_fields(db.session, case),
                                     document_services.settings_from_config(current_app.config), now=now_utc(),
                                     actor=current_user)
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=f"{case.case_no}-调解书草稿.pdf")


@bp.get("/cases/<int:case_id>/scans/<int:material_id>")
@role_required(Role.APPLICANT, *CASE_ROLES)
def scan(case_id: int, material_id: int):
    """A signed scan: staff see every one; the applicant the signed 和解协议 of their own case."""
    case = db.get_or_404(Case, case_id)
    item = db.get_or_404(Material, material_id)
    if item.case_id != case.id:
        abort(404)
    if current_user.role == Role.APPLICANT:
        settlement = queries.settlement_of(db.session, case)
        if not owns(case, current_user) or settlement is None or material_id not in settlement.scans.values():
            abort(404)
    return send_stored(item.sha256, item.filename, item.content_type)
