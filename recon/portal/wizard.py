"""The online filing wizard (ux.md A2–A8): 须知, drafts, one question per page, 证据材料, the check
page and the submission.

Views stay thin (design.md §1): load, check access, validate a page form, call one service
(`recon.intake.drafts` or `recon.intake.services`), commit once, redirect (POST/redirect/GET).
"""

from __future__ import annotations

import re
from datetime import date

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from recon.auth.decorators import role_required
from recon.auth.roles import Role
from recon.cases.models import Case
from recon.cases.permissions import owns
from recon.clock import now_utc, today_beijing
from recon.deadlines import calendar_store
from recon.deadlines.engine import ClockError, compute_localized, explain
from recon.errors import DomainError
from recon.extensions import db, limiter, public_limit
from recon.fields import NOT_A_CHOICE, leaf_fields
from recon.hardening import accepts_uploads
from recon.i18n import gettext, lazy_gettext, ngettext
from recon.intake import drafts
from recon.intake import services as intake
from recon.intake.filing import file_once
from recon.intake.forms import AGENT_KINDS, PARTY_KINDS, ApplicationForm
from recon.intake.settings import intake_settings
from recon.portal.common import bp, draft_days
from recon.portal.forms import (
    MATERIAL_ITEMS,
    ActStepForm,
    AgentsStepForm,
    ApplicantStepForm,
    EvidenceForm,
    FactsStepForm,
    NoticeForm,
    RequestStepForm,
    RespondentStepForm,
    ServiceStepForm,
    ThirdPartiesStepForm,
)
from recon.storage import storage

DEFAULT_RESPONDENTS = (
    "合江区市场监督管理局",
    "合江区公安分局",
    "合江区人力资源和社会保障局",
    "合江区自然资源局",
    "合江区住房和城乡建设局",
    "合江区城市管理综合执法局",
    "合江区生态环境分局",
    "合江区卫生健康局",
    "合江区教育局",
    "合江区交通运输局",
    "合江区应急管理局",
    "合江区农业农村局",
    "合江区各街道办事处",
    "合江区各镇人民政府",
)

#: Each page's <h1> (and title): the question it asks (ux.md A3).
QUESTIONS = {
    "applicant": lazy_gettext("谁申请行政复议？"),
    "agents": lazy_gettext("您是否委托代理人？"),
    "third_parties": lazy_gettext("是否有第三人？"),
    "respondent": lazy_gettext("您对哪个行政机关的行为不服？"),
    "act": lazy_gettext("您不服的是哪个行政行为？"),
    "request": lazy_gettext("您请求复议机关作出什么决定？"),
    "facts": lazy_gettext("您申请行政复议的事实和理由是什么？"),
    "evidence": lazy_gettext("您有哪些材料要提交？"),
    "service": lazy_gettext("文书送达到哪里？"),
    "check": lazy_gettext("提交前请核对您的申请"),
}
STEP_FORMS = {
    "applicant": ApplicantStepForm,
    "agents": AgentsStepForm,
    "third_parties": ThirdPartiesStepForm,
    "respondent": RespondentStepForm,
    "act": ActStepForm,
    "request": RequestStepForm,
    "facts": FactsStepForm,
    "service": ServiceStepForm,
}
#: Which step a field of the whole application belongs to (for errors on the check page).
FIELD_STEPS = {key: step for step, keys in drafts.STEP_KEYS.items() for key in keys} | {"file": "evidence"}

def _returning_to_check() -> bool:
    """The page was opened with「修改」from the check page (``?return=check``), so it goes back there."""
    return request.values.get("return") == "check"


def respondent_options() -> list[str]:
    configured = current_app.config.get("RECON_RESPONDENTS")
    if isinstance(configured, str):
        configured = [p.strip() for p in re.split(r"[\n,，、;；]", configured) if p.strip()]
    return list(configured or DEFAULT_RESPONDENTS)


def _load_draft(draft_id: int):
    try:
        return drafts.load(db.session, current_user, draft_id, now_utc())
    except drafts.DraftExpired as exc:
        abort(make_response(render_template("portal/expired.html", message=exc.message), 410))
    except DomainError:
        abort(404)


def _draft_in_progress(draft_id: int):
    """The applicant's draft; once it has been submitted (a double click, or Back and submit
    again) every wizard URL of it leads to the confirmation of its case instead."""
    draft = _load_draft(draft_id)
    if draft.case_id:
        case = db.session.get(Case, draft.case_id)
        abort(redirect(url_for("portal.confirmation", case_no=case.case_no), 303))
    return draft


def _step_url(draft, step: str, check: bool = False) -> str:
    if step == "check":
        return url_for("portal.check", draft_id=draft.id)
    if step == "evidence":
        return url_for("portal.evidence", draft_id=draft.id, **({"return": "check"} if check else {}))
    return url_for("portal.step", draft_id=draft.id, step=step, **({"return": "check"} if check else {}))


def _chrome(draft, step: str, check: bool) -> dict:
    """What every wizard page shows: the step indicator and the「返回」link (A3, A4)."""
    previous = drafts.previous_step(step)
    if check:
        back = url_for("portal.check", draft_id=draft.id)
    elif previous:
        back = _step_url(draft, previous)
    else:
        back = url_for("portal.start")
    return {
        "draft": draft,
        "step": step,
        "steps": [gettext(label) for _s, label in drafts.STEPS],
        "current": drafts.STEP_IDS.index(step) + 1,
        "question": QUESTIONS[step],
        "back_url": back,
        "return_to_check": check,
        "expires_at": draft.expires_at,
        "draft_days": draft_days(),
    }


def _warnings(form) -> list[str]:
    found = list((form.__dict__.get("warnings") or {}).values())
    for field in form:
        if field.type == "FieldList":
            for entry in field.entries:
                found.extend((entry.form.__dict__.get("warnings") or {}).values())
    return found


# ---- 须知 (A2) and drafts ---------------------------------------------------------------------------


@bp.route("/apply", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
@limiter.limit(public_limit, methods=["POST"])
def start():
    form = NoticeForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        draft = drafts.create(db.session, current_user, now_utc(), days=draft_days())
        db.session.commit()
        return redirect(url_for("portal.step", draft_id=draft.id, step=drafts.STEP_IDS[0]), 303)
    status = 422 if form.errors else 200
    return render_template("portal/notice.html", form=form, days=draft_days(),
                           open_drafts=drafts.active_drafts(db.session, current_user, now_utc())), status


@bp.get("/apply/<int:draft_id>")
@role_required(Role.APPLICANT)
def resume(draft_id: int):
    draft = _draft_in_progress(draft_id)
    step = draft.step if draft.step in drafts.STEP_IDS else drafts.STEP_IDS[0]
    return redirect(_step_url(draft, step))


@bp.get("/apply/<int:draft_id>/saved")
@role_required(Role.APPLICANT)
def saved(draft_id: int):
    draft = _draft_in_progress(draft_id)
    return render_template("portal/saved.html", draft=draft, days=draft_days())


@bp.route("/apply/<int:draft_id>/discard", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def discard(draft_id: int):
    """「删除草稿」: a page that says what will be lost, then the POST (S7: no pop-up)."""
    draft = _draft_in_progress(draft_id)
    if request.method == "GET":
        return render_template("portal/discard.html", draft=draft,
                               uploads=drafts.uploads_of(db.session, draft))
    drafts.discard(db.session, draft, current_user, now_utc())
    db.session.commit()
    flash(gettext("申请草稿已删除。"), "success")
    return redirect(url_for("home.my_cases"), 303)


# ---- the question pages (A3, A5, A12–A14) ---------------------------------------------------------


def _page_data(step: str, draft) -> dict:
    data = draft.data or {}
    if step == "applicant" and not data.get("applicant"):
        # WCAG 3.3.7: what the account already knows is not asked again
        return {"name": current_user.display_name, "phone": current_user.phone or "",
                "email": current_user.email or ""}
    return STEP_FORMS[step].page_data(data)


def _typed(form) -> dict[str, list[str]]:
    """What was typed into the page's own fields, as sent ({name: [values]}), for「保存草稿」."""
    return {f.name: request.form.getlist(f.name) for f in leaf_fields(form) if f.name in request.form}


def _field_named(form, name: str | None):
    return next(f for f in leaf_fields(form) if f.name == name)


def _make_form(step: str, formdata=None, data=None):
    cls = STEP_FORMS[step]
    if cls is ActStepForm:
        return cls(formdata=formdata, data=data, today=today_beijing())
    return cls(formdata=formdata, data=data)


def application_deadline_hint(act: dict | None) -> dict | None:
    """A6: when the application period probably ends, from the typed 知道日期 (never an error)."""
    known = (act or {}).get("known_on")
    if not known:
        return None
    informed = (act or {}).get("informed_of_rights", True) is not False
    try:
        calendar = calendar_store.load_calendar(db.session)
        result = compute_localized("application" if informed else "application_uninformed",
                                   date.fromisoformat(known), calendar)
    except (ClockError, ValueError):
        return None
    return {"due": result.due, "informed": informed, "lines": explain(result),
            "passed": result.due is not None and result.due < today_beijing(),
            "provisional": result.provisional}


def _render_step(step: str, form, draft, check: bool, status: int = 200):
    context = _chrome(draft, step, check) | {"form": form, "respondents": respondent_options()}
    if step == "request":
        context["deadline_hint"] = application_deadline_hint((draft.data or {}).get("act"))
    return render_template(f"portal/steps/{step}.html", **context), status


@bp.route(f"/apply/<int:draft_id>/<any({','.join(STEP_FORMS)}):step>", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def step(draft_id: int, step: str):
    draft = _draft_in_progress(draft_id)
    check = _returning_to_check()
    if request.method == "GET":
        raw = ((draft.data or {}).get("raw") or {}).get(step)
        form = _make_form(step, formdata=MultiDict(raw)) if raw else _make_form(step, data=_page_data(step, draft))
        return _render_step(step, form, draft, check)

    action = request.form.get("action", "continue")
    form = _make_form(step, formdata=request.form)
    if step == "third_parties" and action == "add":  # 「再添加一个第三人」: a new empty row, nothing saved
        form.has_third_parties.data = "yes"
        if len(form.third_parties.entries) < form.third_parties.max_entries:
            form.third_parties.append_entry()
        return _render_step(step, form, draft, check)
    valid = form.validate()
    now = now_utc()
    if valid:
        goto = "check" if check else None
        drafts.save_step(db.session, draft, current_user, step, form.values(), now,
                         days=draft_days(), goto=step if action == "save" else goto)
    elif action == "save":
        try:
            drafts.save_raw(db.session, draft, current_user, step, _typed(form), now, days=draft_days())
        except DomainError as exc:  # refused: only that reason shows, the typed input stays
            db.session.rollback()
            form = _make_form(step, formdata=request.form)
            _field_named(form, exc.field).errors = [exc.message]
            return _render_step(step, form, draft, check, status=422)
    else:
        return _render_step(step, form, draft, check, status=422)
    db.session.commit()
    for warning in _warnings(form):
        flash(gettext("请核对：%(warning)s", warning=warning), "info")
    if action == "save":
        return redirect(url_for("portal.saved", draft_id=draft.id), 303)
    return redirect(_step_url(draft, "check" if check else drafts.next_step(step)), 303)


# ---- 证据材料 (A11) ------------------------------------------------------------------------------------


def _incoming(item: str) -> list[intake.IncomingFile]:
    """The request's files, tagged ``item`` (a checked MATERIAL_ITEMS key)."""
    return [intake.IncomingFile(f.filename, f.stream, item)
            for f in request.files.getlist("files") + request.files.getlist("file") if f and f.filename]


def _render_evidence(draft, form, check: bool, errors=(), status: int = 200):
    settings = intake_settings(current_app.config)
    errors = list(errors)
    if errors:  # the field shows one line; the summary lists every refused file (A11, A14)
        form.files.errors = [errors[0] if len(errors) == 1
                             else gettext("有 %(n)d 个文件未能上传：%(errors)s", n=len(errors),
                                          errors=gettext("；").join(errors))]
    context = _chrome(draft, "evidence", check) | {
        "form": form, "uploads": drafts.uploads_of(db.session, draft), "items": MATERIAL_ITEMS,
        "limits_text": settings.limits.text,
        "upload_error_items": [("item", e) for e in form.item.errors[:1]] + [("files", e) for e in errors],
        "page_error": bool(errors or form.item.errors),
        "max_file_bytes": settings.limits.max_file_bytes,
    }
    return render_template("portal/steps/evidence.html", **context), status


@bp.route("/apply/<int:draft_id>/evidence", methods=["GET", "POST"])
@accepts_uploads
@role_required(Role.APPLICANT)
def evidence(draft_id: int):
    draft = _draft_in_progress(draft_id)
    check = _returning_to_check()
    form = EvidenceForm(request.form if request.method == "POST" else None)
    if request.method == "GET":
        return _render_evidence(draft, form, check)
    action = request.form.get("action", "continue")
    if not form.item.validate(form):  # an unknown 材料类别 is not filed silently as 证据
        return _render_evidence(draft, form, check, status=422)
    files = _incoming(form.item.data)
    if action == "upload" and not files:
        return _render_evidence(draft, form, check, errors=[gettext("请先选择要上传的文件")], status=422)
    settings = intake_settings(current_app.config)
    outcome = drafts.add_files(db.session, draft, current_user, files, now_utc(), storage=storage(),
                               limits=settings.limits, days=draft_days(), complete=action == "continue")
    db.session.commit()
    if outcome.errors:
        return _render_evidence(draft, EvidenceForm(), check, errors=outcome.errors, status=422)
    if outcome.added:
        flash(ngettext("已上传 %(num)d 个文件：%(names)s", "已上传 %(num)d 个文件：%(names)s", len(outcome.added),
                       names=gettext("、").join(u.filename for u in outcome.added)), "success")
    if action == "save":
        return redirect(url_for("portal.saved", draft_id=draft.id), 303)
    if action == "continue":
        return redirect(_step_url(draft, "check" if check else drafts.next_step("evidence")), 303)
    return redirect(_step_url(draft, "evidence", check), 303)


@bp.post("/apply/<int:draft_id>/files")
@accepts_uploads
@role_required(Role.APPLICANT)
@limiter.limit(public_limit, methods=["POST"])
def upload_file(draft_id: int):
    """One file at a time from upload.js (progress bar); the page's own form works without it."""
    draft = _load_draft(draft_id)
    if draft.case_id:
        return jsonify({"error": gettext("该申请已经提交，不能再上传文件")}), 409
    item = request.form.get("item", "evidence")
    if item not in MATERIAL_ITEMS:
        return jsonify({"error": gettext(NOT_A_CHOICE)}), 422
    files = _incoming(item)
    if len(files) != 1:
        return jsonify({"error": gettext("请选择一个文件上传")}), 422
    settings = intake_settings(current_app.config)
    outcome = drafts.add_files(db.session, draft, current_user, files, now_utc(), storage=storage(),
                               limits=settings.limits, days=draft_days())
    db.session.commit()
    if outcome.errors:
        return jsonify({"error": outcome.errors[0]}), 422
    upload = outcome.added[0]
    return jsonify({"id": upload.id, "filename": upload.filename, "size": upload.size}), 201


@bp.post("/apply/<int:draft_id>/files/<upload_id>/delete")
@role_required(Role.APPLICANT)
def delete_file(draft_id: int, upload_id: str):
    draft = _draft_in_progress(draft_id)
    try:
        upload = drafts.remove_upload(db.session, draft, current_user, upload_id, now_utc(), days=draft_days())
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(gettext("已删除文件：%(name)s", name=upload.filename), "success")
    return redirect(_step_url(draft, "evidence", _returning_to_check()), 303)


# ---- 检查 (A7) and 提交 (A8) -------------------------------------------------------------------------


def _render_check(draft, errors=(), status: int = 200):
    data = draft.data or {}
    context = _chrome(draft, "check", False) | {
        "data": data, "uploads": drafts.uploads_of(db.session, draft), "items": MATERIAL_ITEMS,
        "party_kinds": PARTY_KINDS, "agent_kinds": AGENT_KINDS, "step_labels": drafts.STEP_LABELS,
        "errors": list(errors), "page_error": bool(errors),
        "deadline_hint": application_deadline_hint(data.get("act")),
        "unfinished": [s for s in drafts.STEP_KEYS if s in (data.get("raw") or {})],
        "missing": [s for s in drafts.STEP_KEYS if s not in (data.get("done") or [])],
        "step_url": lambda s: _step_url(draft, s, check=True),
        "act_dates": {k: _iso(v) for k, v in (data.get("act") or {}).items() if k in ("made_on", "known_on")},
        "correction": _correction_notice(draft),
        "retract_minutes": int(intake_settings(current_app.config).correction_window.total_seconds() // 60),
    }
    return render_template("portal/check.html", **context), status


def _correction_notice(draft) -> dict | None:
    """For a draft reopened by「撤回并修改」: which submission it replaces and until when the
    corrected one keeps the original submission time."""
    correction = drafts.correction_of(draft)
    if not correction:
        return None
    return correction | {"open": now_utc() < correction["until"]}


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _section(path: str | None) -> str | None:
    """The check page's anchor for an error at ``path`` ("applicant.id_number" → "section-applicant")."""
    step = FIELD_STEPS.get((path or "").split(".")[0])
    return f"section-{step}" if step else None


@bp.get("/apply/<int:draft_id>/check")
@role_required(Role.APPLICANT)
def check(draft_id: int):
    draft = _draft_in_progress(draft_id)
    return _render_check(draft)


@bp.post("/apply/<int:draft_id>/submit")
@role_required(Role.APPLICANT)
@limiter.limit(public_limit, methods=["POST"])
def submit(draft_id: int):
    draft = _draft_in_progress(draft_id)
    form = ApplicationForm(data=drafts.application_data(draft), today=today_beijing())
    if not form.validate():
        errors = [(_section(path), message) for path, message in form.flat_errors().items()]
        return _render_check(draft, errors=errors, status=422)
    try:
        case, _created = file_once(draft.submission_token, lambda: drafts.submit(
            db.session, draft, current_user, form.data, now_utc(), storage=storage(),
            settings=intake_settings(current_app.config)))
    except DomainError as exc:
        return _render_check(draft, errors=[(_section(exc.field), exc.message)], status=422)
    if not owns(case, current_user):  # a repeat that is not this applicant's
        abort(404)
    return redirect(url_for("portal.confirmation", case_no=case.case_no), 303)

