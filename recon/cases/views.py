"""Staff case pages: the worklist and the case page (ux.md H1, H3, H4, H7)."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from recon.audit.models import AuditEntry
from recon.auth.decorators import role_required
from recon.auth.roles import CASE_ROLES, Role
from recon.cases import queries, workflow
from recon.cases.act_type import set_act_type
from recon.cases.enterprise import set_enterprise
from recon.cases.forms import ACTION_FORMS, FILE_INPUTS
from recon.cases.grounds import REFUSAL_CONDITIONS
from recon.cases.models import Case, Material
from recon.cases.services import handling, normative, opinions
from recon.cases.services import hearing as hearing_records
from recon.cases.services import reveal as reveal_service
from recon.cases.status import ActType, CaseStatus
from recon.clock import now_utc, today_beijing
from recon.deadlines import calendar_store, display, lifecycle
from recon.deadlines.engine import explain, localized
from recon.deadlines.models import RUNNING_STATES
from recon.documents import services as document_services
from recon.documents.kinds import KINDS as DOCUMENT_KINDS
from recon.documents.pdf import DECISION_TYPES, OPINION_MODES, SUSPENSION_CAUSES, TERMINATION_CAUSES
from recon.documents.services import settings_from_config
from recon.errors import DomainError
from recon.extensions import db
from recon.fields import attach_error
from recon.followup import services as followup
from recon.followup.forms import ProceedingForm
from recon.hardening import accepts_uploads
from recon.i18n import gettext
from recon.intake import services as intake
from recon.intake.models import CaseLink
from recon.intake.services import IncomingFile
from recon.intake.settings import intake_settings
from recon.mediation import queries as mediation_queries
from recon.paging import keyset_page
from recon.performance import queries as performance_queries
from recon.storage import send_stored, storage
from recon.urls import page_arg

bp = Blueprint("cases", __name__, url_prefix="/cases")
PAGE_SIZE = 50


@bp.get("/")
@role_required(*CASE_ROLES)
def index():
    status = request.args.get("status", queries.OPEN_FILTER)
    mine = request.args.get("mine") == "1"
    window = intake_settings(current_app.config).correction_window
    now = now_utc()
    enterprise = request.args.get("enterprise") == "1"
    query = queries.worklist(now, window, status, handler_id=current_user.id if mine else None,
                             enterprise=enterprise)
    cursor = request.args.get("cursor") or None
    # ?page= is the old page-number link (OFFSET); 「下一页」 links carry a cursor (issue 17)
    page_no = 1 if cursor else page_arg()
    try:
        page = keyset_page(db.session, query.options(selectinload(Case.parties)),
                           queries.worklist_keys(status),
                           per_page=PAGE_SIZE, cursor=cursor, offset=(page_no - 1) * PAGE_SIZE)
    except DomainError as exc:  # a cursor edited by hand or from an older version: start again
        flash(exc.message, "error")
        return redirect(url_for("cases.index", status=status, mine=1 if mine else None,
                                enterprise="1" if enterprise else None), 303)
    calendar = calendar_store.load_calendar(db.session)
    today = today_beijing()
    upcoming = queries.next_deadlines(db.session, [case.id for case in page.items])
    rows = [(case, display.badge(upcoming[case.id], calendar, today) if case.id in upcoming else None)
            for case in page.items]
    handlers = queries.users_by_id(db.session, (case.handler_id for case in page.items))
    return render_template("cases/index.html", page=page, rows=rows, status=status, handlers=handlers,
                           enterprise=enterprise,
                           status_labels=CaseStatus.labels(), held=queries.held_count(db.session, now, window),
                           window_minutes=int(window.total_seconds() // 60), mine=mine,
                           first_page=bool(cursor) or page_no > 1)


#: 「显示完整号码」(ux.md S13): the grants live in the login's session under this key.
REVEAL_KEY = "revealed_cases"


@bp.post("/<int:case_id>/reveal")
@role_required(*CASE_ROLES)
def reveal(case_id: int):
    """「显示完整号码」for a few minutes (audited), or「隐藏号码」again."""
    case = db.get_or_404(Case, case_id)
    now = now_utc()
    grants = session.get(REVEAL_KEY)
    if request.form.get("hide"):
        session[REVEAL_KEY] = reveal_service.hide(grants, case, current_user, now)
    else:
        session[REVEAL_KEY] = reveal_service.reveal(db.session, grants, case, current_user, now)
        db.session.commit()
    return redirect(url_for("cases.show", case_id=case.id, _anchor="parties"), 303)


@bp.get("/<int:case_id>")
@role_required(*CASE_ROLES)
def show(case_id: int):
    case = db.get_or_404(Case, case_id)
    calendar = calendar_store.load_calendar(db.session)
    today = today_beijing()
    rows = queries.case_deadlines(db.session, case)
    deadline_rows = [
        (d, display.badge(d, calendar, today),
         explain(localized(lifecycle.deadline_result(d), calendar)) if d.derivation else [])
        for d in rows
    ]
    links = db.session.scalars(select(CaseLink).where(CaseLink.case_id == case.id)).all()
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.case_id == case.id)
                               .order_by(AuditEntry.id.desc()).limit(50)).all()
    next_deadline = min((d for d in rows if d.state in RUNNING_STATES and d.due_on),
                        key=lambda d: d.due_on, default=None)
    now = now_utc()
    actors = queries.users_by_id(db.session, (e.actor_id for e in case.events))
    return render_template(
        "cases/show.html", case=case, actions=workflow.available(db.session, case, current_user, today),
        deadline_rows=deadline_rows, links=links, actors=actors,
        linked={link.other_case_id: db.session.get(Case, link.other_case_id) for link in links},
        audit=audit, now_beijing=now, next_badge=display.badge(next_deadline, calendar, today) if next_deadline else None,
        retract_until=intake.correctable_until(case, intake_settings(current_app.config).correction_window,
                                               now),
        revealed=reveal_service.revealed(session.get(REVEAL_KEY), current_user, case.id, now),
        reveal_minutes=reveal_service.REVEAL_MINUTES,
        later=followup.proceedings_of(db.session, case.id),
        proceeding_form=ProceedingForm(formdata=None, prefix="later"),
        handling={action: hearing_records.records(case, action) for action in hearing_records.RECORDED},
        letters=opinions.letters(db.session, case), notices=opinions.notices(case),
        normative_reviews=normative.reviews(case), normative_outcomes=normative.OUTCOMES,
        opinion_modes=OPINION_MODES,
        reply_overdue=handling.reply_overdue(db.session, case, today), art70=handling.ART70,
        third_party_evidence=handling.third_party_evidence(case),
        decision_labels={k: label for k, (label, _article) in DECISION_TYPES.items()},
        act_types=ActType.labels(),
        **mediation_queries.case_page(db.session, case),
        **performance_queries.case_page(db.session, case, today),
    )


@bp.get("/<int:case_id>/decision-draft.pdf")
@role_required(*CASE_ROLES)
def decision_draft(case_id: int):
    """The draft 行政复议决定书 (watermark 草稿, no number) of the case's recorded decision."""
    case = db.get_or_404(Case, case_id)
    if not case.decision_draft:
        abort(404)
    try:
        data = document_services.preview(db.session, case, "decision", handling.draft_extra(case),
                                         settings_from_config(current_app.config), now=now_utc(),
                                         actor=current_user)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("cases.show", case_id=case.id) + "#handling")
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                     download_name=f"{case.case_no}-decision-draft.pdf")


@bp.get("/<int:case_id>/materials/<int:material_id>")
@role_required(*CASE_ROLES)
def material(case_id: int, material_id: int):
    item = db.get_or_404(Material, material_id)
    if item.case_id != case_id:
        abort(404)
    return send_stored(item.sha256, item.filename, item.content_type)


@bp.post("/<int:case_id>/links/<int:link_id>")
@role_required(Role.HANDLER, Role.SUPERVISOR)
def decide_link(case_id: int, link_id: int):
    link = db.get_or_404(CaseLink, link_id)
    if link.case_id != case_id:
        abort(404)
    try:
        intake.decide_link(db.session, link, request.form.get("state", ""), current_user, now_utc())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("cases.show", case_id=case_id) + "#related")
    flash(gettext("已记录对相关申请的审查结论。"), "success")
    return redirect(url_for("cases.show", case_id=case_id) + "#related")


# ---- workflow actions (ux.md H5): one form page per action, stating its consequence ----------------


def _action_page(case: Case, action: str, form, *, status: int = 200, conflict: bool = False,
                 blocked: str | None = None):
    transition = workflow.TRANSITIONS[action]
    recent = list(reversed(case.events[-3:])) if conflict else []
    handlers = queries.handlers(db.session) if action == "assign" else []
    causes = {"suspend": SUSPENSION_CAUSES, "terminate": TERMINATION_CAUSES}.get(action, {})
    limited = False
    exception = None  # art. 70's exception: the reply was late but a third party supplied evidence
    if action == "decide":  # art. 70: a late reply leaves only some types on the form
        allowed = handling.decision_types(db.session, case, today_beijing())
        limited = len(allowed) < len(DECISION_TYPES)
        form.type.choices = [(k, label) for k, label in form.type.choices if k in allowed]
        if not limited and handling.reply_overdue(db.session, case, today_beijing()) is not None:
            exception = handling.third_party_evidence(case)
    return render_template(
        "cases/action.html", case=case, action=action, transition=transition, form=form,
        conflict=conflict, blocked=blocked, recent=recent, handlers=handlers, causes=causes, limited=limited,
        exception=exception, file_inputs=FILE_INPUTS.get(action, ()),
        upload_limits=intake_settings(current_app.config).limits.text if action in FILE_INPUTS else "",
        served_documents=([d for d in document_services.case_documents(db.session, case.id)
                           if d.kind != handling.RECEIPT_KIND] if action == "serve"
                          else opinions.document_choices(db.session, case, action)),
        recipients=handling.recipients(case) if action == "serve" else [],
        conditions=REFUSAL_CONDITIONS, actors=queries.users_by_id(db.session, (e.actor_id for e in recent)),
    ), status


def _incoming_files(action: str) -> list[IncomingFile]:
    """The files chosen in the page's inputs for ``action`` (FILE_INPUTS), each with its item."""
    return [IncomingFile(file.filename, file.stream, item)
            for name, item, _label in FILE_INPUTS.get(action, ())
            for file in request.files.getlist(name) if file and file.filename]


@bp.route("/<int:case_id>/actions/<action>", methods=["GET", "POST"])
@accepts_uploads
@role_required(*CASE_ROLES)
def act(case_id: int, action: str):
    """The form page of one action: GET shows it (with the case's version), POST takes it through
    ``workflow.perform``; a refusal re-renders the page with the typed input kept."""
    case = db.get_or_404(Case, case_id)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        abort(404)
    transition = workflow.TRANSITIONS[action]
    if current_user.role not in transition.roles:
        abort(403)
    today = today_beijing()
    if request.method == "GET":
        blocked = workflow.refusal(case, current_user, action) or (
            transition.guard(db.session, case, today) if transition.guard else None)
        initial = {"version": case.version_id} | handling.prefill(case, action)
        return _action_page(case, action, form_class(data=initial), blocked=blocked,
                            status=409 if blocked else 200)
    form = form_class(request.form)
    step = request.form.get("step", "")
    if not form.validate():
        return _action_page(case, action, form, status=422)
    if step == "edit":  # back from the preview to the form, with what was typed
        return _action_page(case, action, form)
    scan = request.files.get("scan_file")
    if "scan" in form and scan is not None and scan.filename:  # a signed scan: kept as an upload first
        try:
            upload = intake.store_upload(db.session, current_user, scan.filename, scan.stream, "other", storage(),
                                         intake_settings(current_app.config).limits, now_utc())
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc, default="scan")
            return _action_page(case, action, form, status=422)
        form.scan.data = upload.id
    preview = transition.document is not None and step != "confirm"
    settings = settings_from_config(current_app.config)
    try:
        data = form.action_data()
        if action in FILE_INPUTS:  # stored in this transaction: a refused action keeps no file
            data["materials"] = intake.store_case_files(
                db.session, case, _incoming_files(action), "intake", current_user, now_utc(), storage(),
                intake_settings(current_app.config).limits)
        outcome = workflow.perform(db.session, case, action, data, current_user, now_utc(),
                                   version=form.version.data, documents=settings, preview=preview)
        if preview and outcome.draft is not None:  # ux.md H5: issued only after its preview and「确认签发」
            shown = {"summary": outcome.event.summary, "warnings": list(outcome.warnings),
                     "deadlines": [(d.label, d.due_on) for d in outcome.opened],
                     "number": document_services.next_number(db.session, case, transition.document, settings)}
            draft = outcome.draft
            db.session.rollback()
            if step == "pdf":
                return send_file(io.BytesIO(draft), mimetype="application/pdf", as_attachment=False,
                                 download_name=f"{case.case_no}-{action}-draft.pdf")
            fields = [(k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", "step", "scan")]
            if "scan" in form and form.scan.data:
                fields.append(("scan", form.scan.data))
            return render_template("cases/action_preview.html", case=case, action=action, transition=transition,
                                   fields=fields, title=DOCUMENT_KINDS[transition.document].title, **shown)
        db.session.commit()
    except workflow.StaleVersion:
        db.session.rollback()
        form.version.data = case.version_id  # the person has now seen the changes below
        return _action_page(case, action, form, status=409, conflict=True)
    except (workflow.ActionNotAllowed, workflow.ActionForbidden) as exc:
        db.session.rollback()
        return _action_page(case, action, form, status=exc.status, blocked=exc.message)
    except DomainError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return _action_page(case, action, form, status=422)
    flash(gettext("已办理：%(action)s。", action=gettext(outcome.transition.label)), "success")
    for warning in outcome.warnings:
        flash(warning, "warning")
    return redirect(url_for("cases.show", case_id=case.id), 303)


@bp.post("/<int:case_id>/enterprise")
@role_required(Role.HANDLER, Role.SUPERVISOR)
def enterprise(case_id: int):
    """Mark or unmark the case as 涉企 (audited)."""
    case = db.get_or_404(Case, case_id)
    value = request.form.get("enterprise") == "1"
    set_enterprise(db.session, case, value, current_user, now_utc())
    db.session.commit()
    flash(gettext("已标记为涉企案件。") if value else gettext("已取消涉企案件标记。"), "success")
    return redirect(url_for("cases.show", case_id=case.id, _anchor="overview"), 303)


@bp.post("/<int:case_id>/act_type")
@role_required(Role.HANDLER, Role.SUPERVISOR)
def act_type(case_id: int):
    """Set the case's 行政行为类别 (audited; the statistics group by it)."""
    case = db.get_or_404(Case, case_id)
    try:
        set_act_type(db.session, case, request.form.get("act_type") or None, current_user, now_utc())
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(gettext("已保存行政行为类别：%(label)s。", label=gettext(case.act_type_label)), "success")
    return redirect(url_for("cases.show", case_id=case.id, _anchor="overview"), 303)
