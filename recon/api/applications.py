"""Filing, uploads and case reading on /api/v1 (api.md)."""

from __future__ import annotations

import hashlib
import json

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
from recon.hardening import accepts_uploads
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
    token = _scoped_token(user, form.data.get("submission_token"))
    digest = _body_digest(request.get_json())
    data = form.data | {"submission_token": token, "submission_digest": digest if token else None}
    case, created = file_once(token, lambda: intake.register_application(
        db.session, data, user, now_utc(), storage=storage(),
        settings=intake_settings(current_app.config)))
    if not created and case.submission_digest not in (None, digest):
        return jsonify({"errors": {"submission_token": gettext(
            "该提交标识已用于另一份内容不同的申请（%(case_no)s），本次提交没有登记。重复提交同一份申请请发送完全相同的内容；"
            "提交新的申请请换一个新的提交标识。", case_no=case.case_no)}}), 409
    return _filing_response(case, user, created)


def _scoped_token(user, token: str | None) -> str | None:
    """A client's submission token counts within its own account only: another account's token
    (sent by mistake or on purpose) neither finds nor blocks that account's case. Stored as a
    hash of the account and the token (68 characters, within the column's 80)."""
    if not token:
        return None
    return "api:" + hashlib.sha256(f"{user.id}\x00{token}".encode()).hexdigest()


def _body_digest(payload: dict) -> str:
    """The filing as sent (key order and spacing aside): a repeated token with another body is a
    different application, not a retry."""
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


@bp.post("/uploads")
@accepts_uploads
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
