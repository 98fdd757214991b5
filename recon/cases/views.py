"""Staff case pages: the worklist and the case page (ux.md H1, H3, H4, H7)."""

from __future__ import annotations

from datetime import timedelta

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
from sqlalchemy import case as sql_case
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.audit.services import record
from recon.auth.decorators import role_required
from recon.auth.models import User
from recon.auth.roles import CASE_ROLES, Role
from recon.cases.enterprise import set_enterprise
from recon.cases.models import Case, Material
from recon.cases.status import OPEN_STATUSES, STATUS_LABELS
from recon.clock import now_utc, today_beijing
from recon.deadlines import services as deadlines
from recon.deadlines.engine import explain, localized
from recon.deadlines.models import RUNNING_STATES, Deadline
from recon.errors import DomainError
from recon.extensions import db
from recon.followup.forms import ProceedingForm
from recon.followup.models import LaterProceeding
from recon.i18n import gettext
from recon.intake import services as intake
from recon.intake.models import CaseLink
from recon.intake.settings import intake_settings
from recon.storage import storage
from recon.urls import page_arg

bp = Blueprint("cases", __name__, url_prefix="/cases")
PAGE_SIZE = 50


@bp.get("/")
@role_required(*CASE_ROLES)
def index():
    status = request.args.get("status", "open")
    next_due = (select(func.min(Deadline.due_on)).where(Deadline.case_id == Case.id,
                                                        Deadline.state.in_(RUNNING_STATES))
                .correlate(Case).scalar_subquery())
    window = intake_settings(current_app.config).correction_window
    held = intake.in_correction_window(now_utc(), window)  # ux.md A8: not routed until it ends
    query = select(Case).where(~held)
    if status == "open":
        query = query.where(Case.status.in_([s.value for s in OPEN_STATUSES]))
    elif status in STATUS_LABELS:
        query = query.where(Case.status == status)
    enterprise = request.args.get("enterprise") == "1"
    if enterprise:
        query = query.where(Case.enterprise)
    query = query.order_by(sql_case((next_due.is_(None), 1), else_=0), next_due, Case.received_on, Case.id)
    page = db.paginate(query, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    calendar = deadlines.load_calendar(db.session)
    today = today_beijing()
    upcoming = _next_deadlines([case.id for case in page.items])
    rows = [(case, deadlines.badge(upcoming[case.id], calendar, today) if case.id in upcoming else None)
            for case in page.items]
    handlers = _users(case.handler_id for case in page.items)
    return render_template("cases/index.html", page=page, rows=rows, status=status, handlers=handlers,
                           enterprise=enterprise,
                           status_labels=STATUS_LABELS, held=db.session.scalar(select(func.count()).where(held)),
                           window_minutes=int(window.total_seconds() // 60))


def _users(ids) -> dict[int, User]:
    """The users behind ``ids`` (None skipped), in one query: handlers of a worklist page, actors of a
    timeline."""
    wanted = {i for i in ids if i}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))} if wanted else {}


def _next_deadlines(case_ids: list[int]) -> dict[int, Deadline]:
    """The running deadline that falls due first, for each of the cases (one query)."""
    found: dict[int, Deadline] = {}
    for deadline in db.session.scalars(
            select(Deadline).where(Deadline.case_id.in_(case_ids), Deadline.state.in_(RUNNING_STATES))
            .order_by(Deadline.due_on, Deadline.id)):
        found.setdefault(deadline.case_id, deadline)
    return found


#: 「显示完整号码」(ux.md S13): the cases whose parties' numbers this login may see unmasked, with
#: the time the grant ends (epoch seconds); granted by a POST that is audited. Keys name the user
#: too ("user:case"), so a grant never passes to the next person who logs in on the same browser.
REVEAL_KEY = "revealed_cases"
REVEAL_MINUTES = 5


def _grant_key(case_id: int) -> str:
    return f"{current_user.id}:{case_id}"


def _revealed(case_id: int, now) -> bool:
    return float((session.get(REVEAL_KEY) or {}).get(_grant_key(case_id), 0)) > now.timestamp()


@bp.post("/<int:case_id>/reveal")
@role_required(*CASE_ROLES)
def reveal(case_id: int):
    """「显示完整号码」for a few minutes (audited), or「隐藏号码」again."""
    case = db.get_or_404(Case, case_id)
    now = now_utc()
    grants = {k: v for k, v in (session.get(REVEAL_KEY) or {}).items() if float(v) > now.timestamp()}
    if request.form.get("hide"):
        grants.pop(_grant_key(case.id), None)
    else:
        grants[_grant_key(case.id)] = (now + timedelta(minutes=REVEAL_MINUTES)).timestamp()
        record(db.session, current_user, "case.reveal_numbers", case, case_id=case.id, at=now,
               summary=f"查看 {case.case_no} 当事人的完整证件号码和电话（{REVEAL_MINUTES} 分钟内有效）")
        db.session.commit()
    session[REVEAL_KEY] = grants
    return redirect(url_for("cases.show", case_id=case.id, _anchor="parties"), 303)


@bp.get("/<int:case_id>")
@role_required(*CASE_ROLES)
def show(case_id: int):
    case = db.get_or_404(Case, case_id)
    calendar = deadlines.load_calendar(db.session)
    today = today_beijing()
    rows = db.session.scalars(select(Deadline).where(Deadline.case_id == case.id)
                              .order_by(Deadline.start_on, Deadline.id)).all()
    deadline_rows = [
        (d, deadlines.badge(d, calendar, today),
         explain(localized(deadlines.deadline_result(d), calendar)) if d.derivation else [])
        for d in rows
    ]
    links = db.session.scalars(select(CaseLink).where(CaseLink.case_id == case.id)).all()
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.case_id == case.id)
                               .order_by(AuditEntry.id.desc()).limit(50)).all()
    next_deadline = min((d for d in rows if d.state in RUNNING_STATES and d.due_on),
                        key=lambda d: d.due_on, default=None)
    now = now_utc()
    actors = _users(e.actor_id for e in case.events)
    return render_template(
        "cases/show.html", case=case, deadline_rows=deadline_rows, links=links, actors=actors,
        linked={link.other_case_id: db.session.get(Case, link.other_case_id) for link in links},
        audit=audit, now_beijing=now, next_badge=deadlines.badge(next_deadline, calendar, today) if next_deadline else None,
        retract_until=intake.correctable_until(case, intake_settings(current_app.config).correction_window,
                                               now),
        revealed=_revealed(case.id, now), reveal_minutes=REVEAL_MINUTES,
        later=db.session.scalars(select(LaterProceeding).where(LaterProceeding.case_id == case.id)
                                 .order_by(LaterProceeding.on, LaterProceeding.id)).all(),
        proceeding_form=ProceedingForm(formdata=None, prefix="later"),
    )


@bp.get("/<int:case_id>/materials/<int:material_id>")
@role_required(*CASE_ROLES)
def material(case_id: int, material_id: int):
    item = db.get_or_404(Material, material_id)
    if item.case_id != case_id:
        abort(404)
    path = storage().path_for(item.sha256)
    if not path.exists():
        abort(404)
    return send_file(path, mimetype=item.content_type, download_name=item.filename, as_attachment=False)


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
