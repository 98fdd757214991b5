"""Clerk pages: walk-in (written or oral) and postal applications, oral-record signature."""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from recon.auth.decorators import role_required
from recon.auth.roles import CASE_ROLES, Role
from recon.cases.models import Case
from recon.cases.status import MaterialItem
from recon.clock import now_utc, today_beijing
from recon.errors import DomainError
from recon.extensions import db
from recon.fields import attach_error, leaf_fields
from recon.hardening import accepts_uploads
from recon.i18n import gettext, lazy_gettext
from recon.intake import points
from recon.intake import services as intake
from recon.intake.filing import file_once
from recon.intake.forms import PARTY_KINDS, ClerkEntryForm, HandoverForm, PointForm, unseen_warnings
from recon.intake.models import IntakePoint, PointKind, Upload
from recon.intake.sections import entry_sections, status_texts
from recon.intake.settings import intake_settings
from recon.storage import storage

bp = Blueprint("intake", __name__, url_prefix="/intake")
ROW_FIELDS = {"agents": ("name", "id_number", "phone"), "third_parties": ("name", "id_number")}
FILE_INPUTS = (
    ("file_application", "application", lazy_gettext("申请书或口头申请笔录扫描件")),
    ("file_identity", "identity", lazy_gettext("申请人身份证明")),
    ("file_decision", "decision", lazy_gettext("被申请复议的行政行为文书")),
    ("file_evidence", "evidence", lazy_gettext("证据材料")),
    ("file_envelope", "envelope", lazy_gettext("信封扫描件")),
    ("file_power_of_attorney", "power_of_attorney", lazy_gettext("授权委托书")),
)


def without_blank_rows(formdata: MultiDict) -> MultiDict:
    """Drop agent / third-party rows the clerk left empty, so they are not validated."""
    cleaned = MultiDict(formdata)
    for prefix, keys in ROW_FIELDS.items():
        for index in range(5):
            names = [f"{prefix}-{index}-{key}" for key in (*keys, "kind")]
            if not any(cleaned.get(f"{prefix}-{index}-{key}", "").strip() for key in keys):
                for name in names:
                    cleaned.poplist(name)
    return cleaned


def _files() -> list[intake.IncomingFile]:
    found = []
    for name, item, _label in FILE_INPUTS:
        for storage_file in request.files.getlist(name):
            if storage_file and storage_file.filename:
                found.append(intake.IncomingFile(storage_file.filename, storage_file.stream, item))
    return found


def _hold_files(now) -> tuple[list[Upload], list[str]]:
    """The files this page holds (hidden ``held`` inputs) less those ticked「删除」, plus the files
    sent with this request, each stored as an Upload: a re-rendered page keeps every file
    (issue 11). Returns (held uploads, a message per refused file); commits."""
    held = intake.held_uploads(db.session, current_user, request.form.getlist("held"))
    removed = set(request.form.getlist("remove_upload"))
    for upload in [u for u in held if u.id in removed]:
        intake.drop_upload(db.session, current_user, upload, now, f"登记页删除文件 {upload.filename}")
    held = [u for u in held if u.id not in removed]
    added, errors = intake.hold_files(db.session, current_user, _files(), held, now, storage=storage(),
                                      limits=intake_settings(current_app.config).limits)
    db.session.commit()
    return held + added, errors


def _entry_form(channel: str):
    form = ClerkEntryForm(formdata=without_blank_rows(request.form) if request.method == "POST" else None,
                          today=today_beijing(), data={"channel": channel})
    form.channel.data = channel
    if not form.submission_token.data:
        form.submission_token.data = uuid.uuid4().hex
    return form


def _render(form, channel: str, status: int = 200, related=None, held=(), file_errors=(), warnings=None):
    for name in ("agents", "third_parties"):  # blank rows to fill in (dropped again on POST)
        while len(getattr(form, name)) < 2:
            getattr(form, name).append_entry()
    file_inputs = [f for f in FILE_INPUTS if channel == "postal" or f[1] != "envelope"]
    return render_template(
        "intake/entry.html", form=form, channel=channel, related=related or [],
        points=points.active_points(db.session),
        file_inputs=file_inputs, limits=intake_settings(current_app.config).limits,
        sections=entry_sections(form, channel, [name for name, _item, _label in file_inputs], held=bool(held)),
        section_texts=status_texts(), held=list(held), items=MaterialItem.labels(),
        file_errors=list(file_errors), file_error_items=[("section-files", e) for e in file_errors],
        warnings=warnings or {},
        warned=list((form.__dict__.get("warned") or {}).values()),
        choice=request.form.get("duplicate_choice"),
    ), status


def _render_confirm(form, channel: str, held, related, choice: str | None):
    """The final check (ux.md C2): what will be registered, read-only, with every answer carried in
    hidden inputs; only「确认登记」on this page registers and numbers the case."""
    data = form.application_data()
    target = next((case for case, _reason in related if choice == f"supplement-{case.id}"), None)
    return render_template(
        "intake/confirm.html", channel=channel, data=data, held=held, related=related, choice=choice,
        target=target, party_kinds=PARTY_KINDS, hidden=_hidden_fields(form),
        warned=list((form.__dict__.get("warned") or {}).values()),
        warnings=form.__dict__.get("warnings") or {})


def _hidden_fields(form) -> list[tuple[str, str]]:
    """(name, value) of every answer as the page sent it, to post again from the confirmation."""
    out = []
    for item in leaf_fields(form):
        if item.type == "BooleanField":
            if item.data:
                out.append((item.name, "y"))
        else:
            value = item._value() if hasattr(item, "_value") else item.data  # radios have no _value()
            if value not in (None, "", "None"):
                out.append((item.name, str(value)))
    return out


def _filed_by_token(token: str | None) -> Case | None:
    """What this page's submission token already filed: a new case, or a supplement to one."""
    return (intake.existing_for_token(db.session, token)
            or intake.supplement_for_token(db.session, token))


def _entry(channel: str):
    form = _entry_form(channel)
    if request.method == "GET":
        return _render(form, channel)
    token = form.submission_token.data
    if (existing := _filed_by_token(token)) is not None:  # the same page again (double click, Back)
        return redirect(url_for("cases.show", case_id=existing.id))
    now = now_utc()
    held, file_errors = _hold_files(now)
    action = request.form.get("action", "check")
    if action == "edit":  # 「返回修改」 from the confirmation
        return _render(form, channel, held=held)
    valid = form.validate()
    if not valid or file_errors:
        return _render(form, channel, 422, held=held, file_errors=file_errors)
    warnings = unseen_warnings([form], request.form.getlist("warned"))
    if warnings:  # shown beside their fields; the next「检查登记内容」goes on
        return _render(form, channel, held=held, warnings=warnings)
    data = form.application_data()
    data["agents"] = [a for a in data["agents"] if a.get("name")]
    data["third_parties"] = [t for t in data["third_parties"] if t.get("name")]
    related = intake.find_related(db.session, data["applicant"]["id_number"], data["respondent"]["name"],
                                  data["act"]["doc_no"] or None, data["act"]["title"],
                                  data["act"]["made_on"])
    choice = request.form.get("duplicate_choice")
    choices = {"new"} | {f"supplement-{c.id}" for c, _ in related}
    if related and choice not in choices:
        return _render(form, channel, 409, related, held=held)
    if choice and choice not in choices:  # a stale choice: the data no longer matches that case
        flash(gettext("所选的已有案件与本次登记的申请人、被申请人或行政行为不一致，请核对后重新提交。"),
              "error")
        return _render(form, channel, 422, related, held=held)
    if action != "register":
        return _render_confirm(form, channel, held, related, choice)
    settings = intake_settings(current_app.config)
    supplement_to = int(choice.removeprefix("supplement-")) if choice and choice != "new" else None
    if supplement_to is not None:
        target = db.session.get(Case, supplement_to)

        def register():
            intake.add_supplement(db.session, target, held, current_user, now, token=token)
            return intake.Registration(case=target, created=False)
    else:
        data["attachments"] = [u.id for u in held]

        def register():
            return intake.register_application(db.session, data, current_user, now,
                                               storage=storage(), settings=settings)
    try:
        case, created = file_once(token, register, find=_filed_by_token)
    except DomainError as exc:
        if exc.field == f"{channel}.point":
            form[channel].form.point.errors = [exc.message]
        else:
            flash(exc.message, "error")
        return _render(form, channel, 422, related, held=intake.held_uploads(
            db.session, current_user, [u.id for u in held]))
    if not created:  # a repeat, or the materials went to an existing case as a supplement
        if case.id == supplement_to:
            flash(gettext("已将材料作为 %(case_no)s 的补充材料登记。", case_no=case.case_no), "success")
        return redirect(url_for("cases.show", case_id=case.id))
    if case.intake.oral:
        message = gettext("已登记 %(case_no)s，查询码 %(code)s。请打印收件回执交给申请人。"
                          "口头申请笔录已生成，请打印后交申请人核对签名，并上传签名后的扫描件。",
                          case_no=case.case_no, code=case.query_code)
    else:
        message = gettext("已登记 %(case_no)s，查询码 %(code)s。请打印收件回执交给申请人。",
                          case_no=case.case_no, code=case.query_code)
    flash(message, "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/onsite", methods=["GET", "POST"])
@accepts_uploads
@role_required(*CASE_ROLES)
def new_onsite():
    return _entry("onsite")


@bp.route("/postal", methods=["GET", "POST"])
@accepts_uploads
@role_required(*CASE_ROLES)
def new_postal():
    return _entry("postal")


@bp.post("/cases/<int:case_id>/oral-signature")
@accepts_uploads
@role_required(*CASE_ROLES)
def oral_signature(case_id: int):
    case = db.get_or_404(Case, case_id)
    upload = request.files.get("signed_scan")
    if upload is None or not upload.filename:
        flash(gettext("请选择申请人签名后的口头申请笔录扫描件（PDF、JPG 或 PNG）。"), "error")
        return redirect(url_for("cases.show", case_id=case.id) + "#intake")
    try:
        intake.record_oral_signature(db.session, case, intake.IncomingFile(upload.filename, upload.stream,
                                                                          "oral_record_signed"),
                                     current_user, now_utc(), storage(),
                                     intake_settings(current_app.config).limits)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("cases.show", case_id=case.id) + "#intake")
    flash(gettext("已记录申请人对口头申请笔录的签名。"), "success")
    return redirect(url_for("cases.show", case_id=case.id))


# ---- intake points (接收点): the admin's list --------------------------------------------------


def _point_page(form: PointForm, point: IntakePoint | None, status: int = 200):
    return render_template("intake/points.html", form=form, point=point,
                           points=points.all_points(db.session), kinds=PointKind.labels()), status


def _save_point(point: IntakePoint | None):
    form = PointForm(formdata=request.form if request.method == "POST" else None, obj=point)
    if request.method == "GET" or not form.validate():
        return _point_page(form, point, 200 if request.method == "GET" else 422)
    try:
        saved = points.save_point(db.session, form.data, current_user, now_utc(), point)
    except DomainError as exc:
        db.session.rollback()
        attach_error(form, exc, default="code")
        return _point_page(form, point, 422)
    db.session.commit()
    flash(gettext("已保存接收点 %(code)s %(name)s。", code=saved.code, name=saved.name), "success")
    return redirect(url_for("intake.points_admin"))


@bp.route("/points", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def points_admin():
    return _save_point(None)


@bp.route("/points/<int:point_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def point_edit(point_id: int):
    return _save_point(db.get_or_404(IntakePoint, point_id))


@bp.post("/cases/<int:case_id>/handover")
@role_required(*CASE_ROLES)
def handover(case_id: int):
    """The application handed in at a point reached the bureau (when, received by whom)."""
    case = db.get_or_404(Case, case_id)
    form = HandoverForm(formdata=request.form)
    back = url_for("cases.show", case_id=case.id) + "#intake"
    if not form.validate():
        flash(next(iter(form.errors.values()))[0], "error")
        return redirect(back)
    try:
        points.record_handover(db.session, case, form.handed_over_on.data, form.handed_over_to.data,
                               current_user, now_utc(), today_beijing())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(back)
    flash(gettext("已登记接收点移交情况。"), "success")
    return redirect(back)
