"""Pages: a case's documents (generate → preview → 确认签发), downloads, service records, the
public verification page and the admin's template editor.

Views are thin: load, check access, validate a form, call one service, commit once, redirect.
The preview's input travels in a signed token (itsdangerous, bound to the case and the user,
valid for 8 hours) rather than the cookie session, which is too small for a decision's text; the
token's nonce makes a repeated「确认签发」return the document already issued.
"""

from __future__ import annotations

import io
import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from recon import locale
from recon.auth.decorators import role_required
from recon.auth.roles import CASE_ROLES, Role
from recon.clock import now_utc
from recon.documents import contexts, services
from recon.documents.forms import (
    SERVICE_OPTION_HINTS,
    ServedOnForm,
    ServiceForm,
    TemplateForm,
    VerifyCodeForm,
    VerifyFileForm,
    document_form,
    initial_data,
)
from recon.documents.kinds import KINDS
from recon.documents.models import Document, DocumentService
from recon.errors import Conflict, DomainError, PermissionDenied
from recon.extensions import db, limiter, public_limit
from recon.fields import attach_error
from recon.hardening import accepts_file_up_to, frameable_by_self
from recon.i18n import gettext

bp = Blueprint("documents", __name__)

PREVIEW_MAX_AGE = 8 * 3600
IFRAME_TOKEN_LIMIT = 3000  # longer tokens would exceed common request-line limits (gunicorn 4094)
MAX_VERIFY_BYTES = 20 * 1024 * 1024


def _settings() -> services.DocumentSettings:
    return services.settings_from_config(current_app.config)


def _case_or_404(case_id: int):
    case = contexts.get_case(db.session, case_id)
    if case is None:
        abort(404)
    return case


def _allowed_kinds() -> tuple[str, ...]:
    return services.kinds_for_role(current_user.role)


def _title(kind: str) -> str:
    """The kind's title in the reader's language (the PDF prints it in Chinese)."""
    return gettext(KINDS[kind].title)


def _to_document_row(document: Document):
    """After a change: back to the document's row on its case's documents page (303)."""
    return redirect(url_for("documents.case_documents", case_id=document.case_id,
                            _anchor=f"document-{document.id}"), 303)


# ---- the preview token ------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="recon.documents.preview")


def _make_token(case, kind: str, extra: dict, reason: str = "") -> str:
    return _serializer().dumps(
        {"c": case.id, "k": kind, "e": extra, "u": current_user.id, "n": uuid.uuid4().hex, "r": reason}
    )


def _read_token(token: str | None, case) -> dict | None:
    if not token:
        return None
    try:
        data = _serializer().loads(token, max_age=PREVIEW_MAX_AGE)
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("c") != case.id or data.get("u") != current_user.id:
        return None
    if data.get("k") not in _allowed_kinds():
        return None
    return data


def _token_invalid(case):
    return render_template("documents/preview_invalid.html", case=case), 400


# ---- a case's documents -----------------------------------------------------------------------


def _case_page(case, status: int = 200, kind_error: str | None = None):
    documents = services.case_documents(db.session, case.id)
    return render_template(
        "documents/case.html", case=case, documents=documents,
        kinds=[KINDS[name] for name in _allowed_kinds()], kind_error=kind_error,
    ), status


@bp.get("/cases/<int:case_id>/documents")
@role_required(*CASE_ROLES)
def case_documents(case_id: int):
    return _case_page(_case_or_404(case_id))


def _form_for(case, kind: str, **kwargs):
    parties = contexts.case_parties(case)
    documents = services.case_documents(db.session, case.id) if kind == "service_receipt" else ()
    return document_form(kind, parties, documents)(**kwargs)


def _new_page(case, kind: str, form, status: int = 200):
    return render_template("documents/new.html", case=case, kind=kind, title=_title(kind),
                           form=form, step=KINDS[kind].step), status


def _kind_refusal(case, kind: str):
    """The documents page with why the kind cannot be made here: no kind chosen (422), or a kind
    the person's role may not issue by hand (403, ux.md H5)."""
    if kind not in KINDS:
        return _case_page(case, 422, kind_error=gettext("请选择要生成的文书种类"))
    return _case_page(case, 403, kind_error=services.manual_refusal(current_user.role, kind))


@bp.get("/cases/<int:case_id>/documents/new")
@role_required(*CASE_ROLES)
def new(case_id: int):
    case = _case_or_404(case_id)
    kind = request.args.get("kind", "")
    if kind not in _allowed_kinds():
        return _kind_refusal(case, kind)
    form = _form_for(case, kind, formdata=None,
                     data={"kind": kind, "contact": current_user.display_name,
                           "phone": current_app.config.get("RECON_SITE_PHONE", ""),
                           "recipient_party_id": request.args.get("party", "")})
    return _new_page(case, kind, form)


@bp.post("/cases/<int:case_id>/documents/preview")
@role_required(*CASE_ROLES)
def preview(case_id: int):
    case = _case_or_404(case_id)
    kind = request.form.get("kind", "")
    if kind not in _allowed_kinds():
        return _kind_refusal(case, kind)
    form = _form_for(case, kind)
    if form.validate_on_submit():
        extra = form.extra()
        reason = form.manual_reason.data.strip() if "manual_reason" in form else ""
        try:
            services.preview(db.session, case, kind, extra, _settings(), now=now_utc(),
                             actor=current_user)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            return _preview_page(case, kind, extra, _make_token(case, kind, extra, reason))
    return _new_page(case, kind, form, 422)


def _preview_page(case, kind: str, extra: dict, token: str, status: int = 200, error=None):
    return render_template(
        "documents/preview.html", case=case, kind=kind, title=_title(kind), token=token,
        iframe=len(token) <= IFRAME_TOKEN_LIMIT,
        next_number=services.next_number(db.session, case, kind, _settings()),
        error=error,
    ), status


@bp.route("/cases/<int:case_id>/documents/preview.pdf", methods=["GET", "POST"])
@frameable_by_self
@role_required(*CASE_ROLES)
def preview_pdf(case_id: int):
    case = _case_or_404(case_id)
    token = request.values.get("token")
    data = _read_token(token, case)
    if data is None:
        return _token_invalid(case)
    pdf = services.preview(db.session, case, data["k"], data["e"], _settings(), now=now_utc(),
                           actor=current_user)
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf",
                         download_name=gettext("草稿-%(title)s.pdf", title=_title(data["k"])))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/cases/<int:case_id>/documents/edit")
@role_required(*CASE_ROLES)
def edit(case_id: int):
    case = _case_or_404(case_id)
    data = _read_token(request.form.get("token"), case)
    if data is None:
        return _token_invalid(case)
    form = _form_for(case, data["k"], formdata=None,
                     data=initial_data(data["k"], data["e"]) | {"manual_reason": data.get("r") or ""})
    return _new_page(case, data["k"], form)


@bp.post("/cases/<int:case_id>/documents/issue")
@role_required(*CASE_ROLES)
def issue(case_id: int):
    case = _case_or_404(case_id)
    token = request.form.get("token")
    data = _read_token(token, case)
    if data is None:
        return _token_invalid(case)
    kind = data["k"]
    try:
        document = services.issue_by_hand(db.session, case, kind, data["e"], current_user, now_utc(),
                                          _settings(), token=data["n"], reason=data.get("r") or "")
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        status = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, PermissionDenied) else 422
        return _preview_page(case, kind, data["e"], token, status, error=exc.message)
    flash(gettext("已签发《%(title)s》，文号 %(number)s，验证码 %(code)s。", title=_title(kind),
                  number=document.number, code=document.code_display), "success")
    return _to_document_row(document)


# ---- download ---------------------------------------------------------------------------------


@bp.get("/documents/<int:document_id>.pdf")
@role_required(Role.APPLICANT, *CASE_ROLES)
def download(document_id: int):
    document = db.get_or_404(Document, document_id)
    if current_user.role == Role.APPLICANT:
        case = contexts.get_case(db.session, document.case_id)
        if (case is None or contexts.case_owner_id(case) != current_user.id
                or not services.applicant_may_download(document)):
            abort(404)
    data = services.document_bytes(document)
    response = send_file(io.BytesIO(data), mimetype="application/pdf",
                         download_name=f"{document.number}.pdf", etag=document.sha256,
                         conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/documents/<int:document_id>/published.pdf")
@role_required(*CASE_ROLES)
def published(document_id: int):
    """The published copy (公开文本): ID and phone numbers masked, for publishing a decision."""
    document = db.get_or_404(Document, document_id)
    try:
        data = services.published_copy(db.session, document, _settings())
    except DomainError as exc:
        flash(exc.message, "error")
        return _to_document_row(document)
    response = send_file(io.BytesIO(data), mimetype="application/pdf",
                         download_name=gettext("%(number)s（公开文本）.pdf", number=document.number))
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- service records --------------------------------------------------------------------------


def _service_page(document, form, served_form=None, status: int = 200):
    case = contexts.get_case(db.session, document.case_id)
    parties = contexts.case_parties(case)
    return render_template(
        "documents/service.html", case=case, document=document, form=form,
        served_form=served_form or ServedOnForm(formdata=None), parties=parties,
        option_hints=SERVICE_OPTION_HINTS,
    ), status


def _service_text(document, row) -> str:
    """The service just recorded, in the reader's language (the timeline keeps
    ``services.service_summary``, in Chinese)."""
    values = {"title": _title(document.kind), "number": document.number,
              "recipient": row.recipient, "method": gettext(row.method_label)}
    if row.served_on is None:
        return gettext("《%(title)s》%(number)s向%(recipient)s%(method)s，待回执", **values)
    return gettext("《%(title)s》%(number)s向%(recipient)s%(method)s，送达日期%(date)s",
                   date=locale.format_date(row.served_on), **values)


@bp.route("/documents/<int:document_id>/service", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def service(document_id: int):
    document = db.get_or_404(Document, document_id)
    form = ServiceForm()
    if form.validate_on_submit():
        try:
            row = services.record_service(
                db.session, document, recipient=form.recipient.data, method=form.method.data,
                electronic_consent=form.electronic_consent.data, address=form.address.data or "",
                sent_on=form.sent_on.data, served_on=form.served_on.data,
                note=form.note.data or "", via=form.via.data or "", actor=current_user, now=now_utc(),
            )
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            flash(gettext("已登记送达：%(service)s。", service=_service_text(document, row)),
                  "success")
            return _to_document_row(document)
    elif request.method == "GET":
        form = ServiceForm(formdata=None, data={"recipient": document.recipient or ""})
    return _service_page(document, form, status=422 if form.errors else 200)


@bp.post("/documents/services/<int:service_id>/served")
@role_required(*CASE_ROLES)
def served(service_id: int):
    row = db.get_or_404(DocumentService, service_id)
    document = row.document
    served_form = ServedOnForm()
    if served_form.validate_on_submit():
        try:
            services.set_served_on(db.session, row, served_form.served_on.data, current_user,
                                   now_utc())
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            attach_error(served_form, exc)
        else:
            flash(gettext("已登记送达日期：%(service)s。", service=_service_text(document, row)),
                  "success")
            return _to_document_row(document)
    form = ServiceForm(formdata=None, data={"recipient": document.recipient or ""})
    return _service_page(document, form, served_form, status=422)


# ---- public verification ----------------------------------------------------------------------


@bp.get("/verify")
@limiter.limit(public_limit)
def verify_start():
    form = VerifyCodeForm(request.args)
    if "code" in request.args and form.validate():
        code = services.normalize_code(form.code.data)
        if code is None:
            form.code.errors.append(
                gettext("验证码由 8 位字母和数字组成，例如 K7QM-3XPR，请核对后重新填写"))
        else:
            return redirect(url_for("documents.verify_code", code=code))
    status = 422 if form.errors else 200
    return render_template("documents/verify_start.html", form=form), status


@bp.route("/verify/<code>", methods=["GET", "POST"])
@accepts_file_up_to(MAX_VERIFY_BYTES)
@limiter.limit(public_limit)
def verify_code(code: str):
    result = services.verify(db.session, code)
    if result.document is None:
        return render_template("documents/verify_missing.html", code=code), 404
    form = VerifyFileForm()
    matches = None
    if request.method == "POST":
        if form.validate_on_submit():
            upload = form.file.data
            data = upload.read(MAX_VERIFY_BYTES + 1) if upload else b""
            if not data:
                form.file.errors = [gettext("请选择要核对的 PDF 文件")]
            elif len(data) > MAX_VERIFY_BYTES:
                form.file.errors = [gettext("该文件超过 20 MB，不是本机关签发的文书原件")]
            else:
                matches = services.verify(db.session, code, data).matches
        elif not form.errors:  # pragma: no cover - validate_on_submit failed without errors
            form.form_errors.append(gettext("请重新提交"))
    status = 422 if form.errors else 200
    return render_template("documents/verify.html", document=result.document, form=form,
                           matches=matches), status


# ---- admin: templates -------------------------------------------------------------------------


@bp.get("/admin/templates")
@role_required(Role.ADMIN)
def templates_admin():
    rows = services.templates_overview(db.session)
    fonts = services.font_status(_settings())
    return render_template("documents/templates_admin.html", rows=rows, fonts=fonts)


@bp.route("/admin/templates/<kind>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def template_edit(kind: str):
    if kind not in KINDS:
        abort(404)
    form = TemplateForm()
    if form.validate_on_submit():
        try:
            row = services.save_template(db.session, kind, form.body.data, form.note.data or "",
                                         current_user, now_utc(), _settings())
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            flash(gettext("已保存《%(title)s》模板第 %(version)s 版，今后签发的文书使用此版本。",
                          title=_title(kind), version=row.version), "success")
            return redirect(url_for("documents.template_edit", kind=kind), 303)
    history = services.template_history(db.session, kind)
    active = history[0] if history else None  # the newest version is the active one
    if request.method == "GET":
        form = TemplateForm(formdata=None,
                            data={"body": active.body if active else KINDS[kind].wording})
    status = 422 if form.errors else 200
    return render_template("documents/template_edit.html", kind=kind, title=_title(kind),
                           form=form, version=active.version if active else 0, history=history,
                           default_body=KINDS[kind].wording), status
