"""The applicant's own cases (ux.md A8, A15): the confirmation after submitting,「撤回并修改」,
the case page and 好差评."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from recon.auth.decorators import role_required
from recon.auth.roles import Role
from recon.cases import queries
from recon.cases.models import Case
from recon.cases.permissions import owns
from recon.cases.serializers import visible_documents
from recon.clock import now_utc, today_beijing
from recon.deadlines import calendar_store, display, lifecycle
from recon.deadlines.engine import explain, localized
from recon.errors import DomainError
from recon.evaluations import services as evaluations
from recon.evaluations.models import NEGATIVE_LEVELS, Stage
from recon.extensions import db
from recon.i18n import gettext, lazy_gettext
from recon.intake import drafts
from recon.intake.settings import intake_settings
from recon.mediation import queries as mediation_queries
from recon.portal.common import bp, deadlines, draft_days, explained
from recon.portal.forms import (
    MATERIAL_ITEMS,
    EvaluationForm,
)


def _own_case(case_no: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.case_no == case_no))
    if not owns(case, current_user):
        abort(404)
    return case


def _retract_context(case: Case) -> dict:
    """The「撤回并修改」panel (ux.md A8): the end of the window while it is open and the application
    was made in the wizard here (``retract_until`` None otherwise), and the window in minutes."""
    window = intake_settings(current_app.config).correction_window
    return {"retract_until": drafts.retractable_until(db.session, case, current_user, now_utc(), window),
            "retract_minutes": int(window.total_seconds() // 60)}


@bp.get("/my/cases/<case_no>/submitted")
@role_required(Role.APPLICANT)
def confirmation(case_no: str):
    case = _own_case(case_no)
    documents = visible_documents(case, for_applicant=True)
    review = next(iter(deadlines(case, ("acceptance_review",))), None)
    return render_template(
        "portal/confirmation.html", case=case, record=case.intake, materials=case.materials,
        receipt=next((d for d in documents if d.kind == "receipt"), None), review=review,
        items=MATERIAL_ITEMS, **_retract_context(case), **_evaluation_context(case))


@bp.post("/my/cases/<case_no>/retract")
@role_required(Role.APPLICANT)
def retract(case_no: str):
    """「撤回并修改」: the submission goes back to a draft at the check page."""
    case = _own_case(case_no)
    if (draft := drafts.correction_draft(db.session, case, current_user)) is not None:
        return redirect(url_for("portal.check", draft_id=draft.id), 303)  # clicked twice
    settings = intake_settings(current_app.config)
    try:
        draft = drafts.reopen_for_correction(db.session, case, current_user, now_utc(),
                                             window=settings.correction_window, days=draft_days())
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("portal.my_case", case_no=case.case_no), 303)
    db.session.commit()
    flash(gettext("申请 %(no)s 已撤回，内容已退回草稿。请修改后重新提交。", no=case.case_no), "success")
    return redirect(url_for("portal.check", draft_id=draft.id), 303)


@bp.get("/my/cases/<case_no>")
@role_required(Role.APPLICANT)
def my_case(case_no: str):
    case = _own_case(case_no)
    calendar = calendar_store.load_calendar(db.session)
    today = today_beijing()
    rows = []
    for deadline in deadlines(case):
        try:
            lines = explain(localized(lifecycle.deadline_result(deadline), calendar))
        except (KeyError, TypeError, ValueError):
            lines = []
        rows.append({"deadline": deadline, "lines": lines,
                     "badge": display.badge(deadline, calendar, today)
                     if deadline.is_active else None})
    return render_template(
        "portal/case.html", case=case,
        explained=explained(case),
        events=[e for e in case.events if e.public], deadline_rows=rows,
        documents=visible_documents(case, for_applicant=True), applicant=next(iter(case.applicants), None),
        items=MATERIAL_ITEMS, correction=queries.correction_request(db.session, case),
        limits_text=intake_settings(current_app.config).limits.text,
        **_retract_context(case), **_evaluation_context(case), **mediation_queries.portal(db.session, case))


# ---- 好差评 (A15) ---------------------------------------------------------------------------------

EVALUATION_INTRO = {
    Stage.SUBMISSION: lazy_gettext("请评价您这次网上提交行政复议申请的过程。"),
    Stage.CLOSURE: lazy_gettext("您的案件已经办结，请评价本案的办理服务。"),
}


def _evaluation_context(case: Case) -> dict:
    """The 好差评 link or「您已评价：满意」for each stage (ux.md A8, A15): ``evaluations`` maps a
    stage to its evaluation, ``evaluation_offered`` holds the stages that may be evaluated now."""
    given = evaluations.evaluations_of(db.session, case)
    offered = {stage for stage in Stage
               if stage not in given and evaluations.unavailable(case, stage) is None}
    return {"evaluations": given, "evaluation_offered": offered}


@bp.route("/my/cases/<case_no>/evaluate", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def evaluate(case_no: str):
    """「评价本次服务」: optional, once per stage; it never blocks anything."""
    case = _own_case(case_no)
    stage = request.args.get("stage", Stage.SUBMISSION)
    if stage not in Stage.labels():
        abort(404)
    case_url = url_for("portal.my_case", case_no=case.case_no)
    if (refused := evaluations.refusal(db.session, case, stage)) is not None:
        flash(refused, "info")
        return redirect(case_url, 303)
    form = EvaluationForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            evaluation = evaluations.evaluate(
                db.session, case, current_user, stage, form.level.data, form.reasons.data,
                form.comment.data, now_utc(), contact_ok=form.contact_ok.data)
        except DomainError as exc:  # evaluated meanwhile in another tab
            db.session.rollback()
            flash(exc.message, "info")
            return redirect(case_url, 303)
        db.session.commit()
        if evaluation.level in NEGATIVE_LEVELS:
            flash(gettext("感谢您的评价。我们会核实您反映的问题并改进工作。"), "success")
        else:
            flash(gettext("感谢您的评价。"), "success")
        return redirect(case_url, 303)
    back = case_url if stage == Stage.CLOSURE else url_for("portal.confirmation", case_no=case.case_no)
    return render_template("portal/evaluate.html", form=form, case=case, stage=stage,
                           question=form.level.label.text, intro=EVALUATION_INTRO[Stage(stage)],
                           back_url=back), 422 if form.errors else 200

