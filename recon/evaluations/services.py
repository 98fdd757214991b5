"""好差评 (ux.md A15): the applicant evaluates the service once per case and stage (after
submission, and again after closure); every 差评 opens a follow-up (回访) that a supervisor records.

Plain functions: they take the session, the actor and `now`, change state, add the timeline event
and the audit entry, and flush; they never commit and know nothing of the web.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy import case as sql_case
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from recon.audit.services import record
from recon.auth.roles import Role
from recon.cases.models import Case
from recon.cases.permissions import require_own
from recon.cases.status import OPEN_STATUSES, RETRACTED_FOR_CORRECTION
from recon.cases.timeline import add_event
from recon.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from recon.evaluations.models import (
    COMMENT_MAX,
    COMMENT_TOO_LONG,
    LEVEL_LABELS,
    LEVEL_REQUIRED,
    NEGATIVE_LEVELS,
    NOTE_MAX,
    NOTE_REQUIRED,
    NOTE_TOO_LONG,
    REASON_LABELS,
    REASON_REQUIRED,
    REASON_UNKNOWN,
    STAGE_LABELS,
    Evaluation,
    FollowUp,
    Stage,
)
from recon.i18n import N_, gettext

FOLLOW_UP_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
RETRACTED = N_("这份申请已撤回修改，不再办理，不需要评价；请在「我的申请」中评价重新提交的申请。")
ALREADY_CLOSED = N_("案件已经办结，请评价办结环节的服务。")
NOT_CLOSED = N_("案件办结后，才能评价办结环节的服务。")
UNKNOWN_STAGE = N_("评价环节不正确")


def already_evaluated(evaluation: Evaluation) -> str:
    return gettext("您已评价：%(level)s。每件申请在%(stage)s只评价一次，如需补充意见，请拨打咨询电话。",
                   level=gettext(evaluation.level_label), stage=gettext(evaluation.stage_label))


# ---- what is offered ---------------------------------------------------------------------------


def unavailable(case: Case, stage: str) -> str | None:
    """Why the evaluation of `stage` is not offered for `case` now (in the reader's language), or
    None when it is. (Whether it was already given is a separate question: `evaluation_of`.)"""
    if stage not in STAGE_LABELS:
        return gettext(UNKNOWN_STAGE)
    if case.closure_detail == RETRACTED_FOR_CORRECTION:
        return gettext(RETRACTED)
    if stage == Stage.CLOSURE and case.status in OPEN_STATUSES:
        return gettext(NOT_CLOSED)
    if stage == Stage.SUBMISSION and case.status not in OPEN_STATUSES:
        return gettext(ALREADY_CLOSED)
    return None


def refusal(session: Session, case: Case, stage: str) -> str | None:
    """Why the applicant cannot evaluate `stage` now (not offered, or already given), or None."""
    if (reason := unavailable(case, stage)) is not None:
        return reason
    done = evaluation_of(session, case, stage)
    return already_evaluated(done) if done is not None else None


def evaluations_of(session: Session, case: Case) -> dict[str, Evaluation]:
    """The case's evaluations by stage."""
    return {e.stage: e for e in session.scalars(select(Evaluation).where(Evaluation.case_id == case.id))}


def evaluation_of(session: Session, case: Case, stage: str) -> Evaluation | None:
    return session.scalar(select(Evaluation).where(Evaluation.case_id == case.id, Evaluation.stage == stage))


# ---- the applicant's answers -------------------------------------------------------------------


def check_answers(level: str | None, reasons: Iterable[str] | None,
                  comment: str | None) -> tuple[str, list[str], str | None]:
    """The answers as stored: (level, reasons, comment). Reasons and comment belong to a 差评 only
    (they are dropped for the other levels); a 差评 needs at least one reason or a comment.
    Raises ValidationFailed with every problem ({"level" | "reasons" | "comment": message})."""
    errors: dict[str, str] = {}
    if level not in LEVEL_LABELS:
        errors["level"] = gettext(LEVEL_REQUIRED)
    chosen = list(dict.fromkeys(r for r in (reasons or ()) if r))
    text = (comment or "").replace("\r\n", "\n").strip()
    if level not in NEGATIVE_LEVELS:
        chosen, text = [], ""
    else:
        if any(r not in REASON_LABELS for r in chosen):
            errors["reasons"] = gettext(REASON_UNKNOWN)
        if len(text) > COMMENT_MAX:
            errors["comment"] = gettext(COMMENT_TOO_LONG, n=COMMENT_MAX)
        if not chosen and not text:
            errors["reasons"] = gettext(REASON_REQUIRED)
    if errors:
        raise ValidationFailed(errors)
    return str(level), chosen, text or None


def evaluate(session: Session, case: Case, actor, stage: str, level: str | None,
             reasons: Iterable[str] | None, comment: str | None, now: datetime, *,
             contact_ok: bool = False) -> Evaluation:
    """The case owner's evaluation of `stage`; `contact_ok` is the 差评's optional, unticked
    consent to be contacted about it (ux.md A2). Refused for another person's case (NotFound), before
    closure for the closure stage and for a submission retracted for correction (DomainError),
    and for a stage already evaluated (Conflict: offered once). A 差评 opens the follow-up and puts
    a non-public event on the timeline, so staff see it."""
    require_own(case, actor)
    if (reason := unavailable(case, stage)) is not None:
        raise DomainError(reason, field="stage")
    if (existing := evaluation_of(session, case, stage)) is not None:
        raise Conflict(already_evaluated(existing))
    level, chosen, text = check_answers(level, reasons, comment)
    negative = level in NEGATIVE_LEVELS
    evaluation = Evaluation(
        case_id=case.id, stage=stage, level=level, reasons=chosen, comment=text,
        contact_ok=bool(contact_ok) and negative, by_id=actor.id, at=now,
        follow_up_state=FollowUp.OPEN if negative else None,
    )
    try:
        with session.begin_nested():  # a second tab or a double click got there first
            session.add(evaluation)
            session.flush()
    except IntegrityError:
        raise Conflict(already_evaluated(evaluation_of(session, case, stage) or evaluation)) from None
    if negative:
        add_event(session, case, "evaluation.negative", f"申请人评价为{evaluation.level_label}，待回访",
                  now=now, actor=actor, public=False,
                  payload={"evaluation_id": evaluation.id, "stage": stage, "level": level, "reasons": chosen},
                  dedupe_key=f"evaluation:{evaluation.id}:negative")
    record(session, actor, "evaluation.create", evaluation, case_id=case.id, at=now,
           summary=f"申请人评价（{evaluation.stage_label}）：{evaluation.level_label}",
           after={"stage": stage, "level": level, "reasons": chosen, "comment_chars": len(text or ""),
                  "contact_ok": evaluation.contact_ok,
                  "follow_up_state": evaluation.follow_up_state})
    return evaluation


# ---- follow-up of a 差评 (回访) -----------------------------------------------------------------


def record_follow_up(session: Session, evaluation: Evaluation, actor, note: str | None,
                     now: datetime) -> Evaluation:
    """A supervisor records how a 差评 was followed up (note required); the follow-up is done."""
    if actor is None or actor.role not in FOLLOW_UP_ROLES:
        raise PermissionDenied(gettext("只有复议机构负责人可以登记差评回访"))
    text = (note or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(gettext(NOTE_REQUIRED), field="note")
    if len(text) > NOTE_MAX:
        raise DomainError(gettext(NOTE_TOO_LONG, n=NOTE_MAX), field="note")
    if evaluation.follow_up_state != FollowUp.OPEN:
        raise Conflict(gettext("这条评价已经登记过回访，或者不需要回访。"))
    done = session.execute(
        update(Evaluation)
        .where(Evaluation.id == evaluation.id, Evaluation.follow_up_state == FollowUp.OPEN)
        .values(follow_up_state=FollowUp.DONE, followed_up_by_id=actor.id, followed_up_at=now,
                follow_up_note=text)
        .execution_options(synchronize_session="fetch"))
    if done.rowcount != 1:  # someone else recorded it meanwhile
        raise Conflict(gettext("这条差评刚刚已由他人登记回访，请刷新页面查看。"))
    session.refresh(evaluation)
    add_event(session, evaluation.case_id, "evaluation.followed_up",
              f"申请人的差评（{evaluation.level_label}）已回访", now=now, actor=actor, public=False,
              payload={"evaluation_id": evaluation.id})
    record(session, actor, "evaluation.follow_up", evaluation, case_id=evaluation.case_id, at=now,
           summary=f"登记差评回访（{evaluation.stage_label}：{evaluation.level_label}）",
           before={"follow_up_state": FollowUp.OPEN.value},
           after={"follow_up_state": FollowUp.DONE.value, "note": text})
    session.flush()
    return evaluation


# ---- the supervisor's list ----------------------------------------------------------------------

#: The list's filters, in the order the page offers them (差评待回访 first).
FILTERS = {"open": N_("差评待回访"), "all": N_("全部评价"), "negative": N_("全部差评"),
           "done": N_("已回访的差评")}


def listing(view: str = "all") -> Select:
    """Evaluations for the supervisor: open 差评 first, then newest first."""
    query = select(Evaluation).options(selectinload(Evaluation.case).selectinload(Case.parties),
                                       selectinload(Evaluation.followed_up_by))
    if view == "open":
        query = query.where(Evaluation.follow_up_state == FollowUp.OPEN)
    elif view == "negative":
        query = query.where(Evaluation.level.in_([lv.value for lv in NEGATIVE_LEVELS]))
    elif view == "done":
        query = query.where(Evaluation.follow_up_state == FollowUp.DONE)
    open_first = sql_case((Evaluation.follow_up_state == FollowUp.OPEN, 0), else_=1)
    return query.order_by(open_first, Evaluation.at.desc(), Evaluation.id.desc())


def counts(session: Session) -> dict:
    """{"by": {(level, stage): n}, "total": n, "views": {filter of FILTERS: n}}."""
    by = {(level, stage): n for level, stage, n in session.execute(
        select(Evaluation.level, Evaluation.stage, func.count()).group_by(Evaluation.level, Evaluation.stage))}
    total = sum(by.values())
    negative = sum(n for (level, _stage), n in by.items() if level in NEGATIVE_LEVELS)
    open_count = session.scalar(select(func.count()).where(Evaluation.follow_up_state == FollowUp.OPEN)) or 0
    return {"by": by, "total": total,
            "views": {"open": open_count, "all": total, "negative": negative, "done": negative - open_count}}
