"""Filing, uploads and case reading on /api/v1 (api.md)."""

from __future__ import annotations

from flask import current_app, jsonify, request, send_file
from sqlalchemy import select

from recon.api.views import bp
from recon.auth.decorators import api_role_required, api_user
from recon.auth.roles import CASE_ROLES, Role
from recon.cases.models import Case
from recon.cases.permissions import hidden_from
from recon.cases.serializers import case_body
from recon.clock import now_utc, today_beijing
from recon.errors import DomainError
from recon.extensions import db, limiter, public_limit
from recon.fields import json_shape
from recon.i18n import gettext, lazy_gettext
from recon.intake import services as intake
from recon.intake.filing import file_once
from recon.intake.forms import ApplicationForm
from recon.intake.settings import intake_settings
from recon.storage import storage

FILING_ROLES = (Role.APPLICANT, *CASE_ROLES)
CASE_NOT_FOUND = {"errors": {"_": lazy_gettext("未找到该案件")}}


def _filing_response(case: Case, user, created: bool):
    body = case_body(case, for_applicant=user.role == Role.APPLICANT)
    receipt = next((d for d in body["documents"] if d["kind"] == "receipt"), None)
    body.update({
        "related_cases": [
            {"case_no": link_case.case_no, "reason": reason}
            for link_case, reason in intake.related_of(db.session, case)
        ],
        "receipt_url": receipt["url"] if receipt else None,
        "query_code": case.query_code,
        "timely": case.timely,
    })
    return jsonify(body), 201 if created else 200


@bp.post("/applications")
@api_role_required(*FILING_ROLES)
@limiter.limit(public_limit)
def file_application():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify({"errors": {"_": gettext("请求体必须是 JSON 对象（application/json）")}}), 400
    payload, shape_errors = json_shape(ApplicationForm, payload)
    if payload.get("channel") == "onsite" and "onsite" not in payload:  # api.md: required for on-site
        shape_errors["onsite"] = gettext("现场申请须提供 onsite：接收日期和是否口头申请")
    if shape_errors:
        return jsonify({"errors": shape_errors}), 422
    form = ApplicationForm(data=payload, today=today_beijing())
    if not form.validate():
        return jsonify({"errors": form.flat_errors()}), 422
    user = api_user()
    data = form.data
    case, created = file_once(data.get("submission_token"), lambda: intake.register_application(
        db.session, data, user, now_utc(), storage=storage(),
        settings=intake_settings(current_app.config)))
    if hidden_from(case, user):  # a token another account used
        return jsonify(CASE_NOT_FOUND), 404
    return _filing_response(case, user, created)


@bp.post("/uploads")
@api_role_required(*FILING_ROLES)
@limiter.limit(public_limit)
def upload():
    file = request.files.get("file")
    if file is None or not file.filename:
        return jsonify({"errors": {"file": gettext("请用 multipart/form-data 的 file 字段上传一个文件")}}), 422
    settings = intake_settings(current_app.config)
    try:
        row = intake.store_upload(db.session, api_user(), file.filename, file.stream,
                                  request.form.get("item") or "evidence", storage(), settings.limits,
                                  now_utc())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return jsonify({"errors": {exc.field if exc.field == "item" else "file": exc.message}}), 422
    return jsonify({"id": row.id, "sha256": row.sha256, "size": row.size,
                    "content_type": row.content_type}), 201


@bp.get("/cases/<path:case_no>")
@api_role_required(*FILING_ROLES)
def read_case(case_no: str):
    user = api_user()
    case = db.session.scalar(select(Case).where(Case.case_no == case_no))
    if hidden_from(case, user):
        return jsonify(CASE_NOT_FOUND), 404
    return jsonify(case_body(case, for_applicant=user.role == Role.APPLICANT))


@bp.get("/documents/<int:document_id>.pdf")
@api_role_required(*FILING_ROLES)
def document_pdf(document_id: int):
    """An issued document's stored bytes (identical on every download)."""
    import io

    from recon.cases.serializers import visible_documents
    from recon.documents.models import Document
    from recon.documents.services import document_bytes

    user = api_user()
    document = db.session.get(Document, document_id)
    case = db.session.get(Case, document.case_id) if document else None
    if case is None or hidden_from(case, user) or (
            user.role == Role.APPLICANT and document not in visible_documents(case, for_applicant=True)):
        return jsonify({"errors": {"_": gettext("未找到该文书")}}), 404
    return send_file(io.BytesIO(document_bytes(document)), mimetype="application/pdf",
                     download_name=f"{document.number}.pdf")
