"""What the applicant pages share: the blueprint, the stage in plain words, the applicant's
deadlines and the draft lifetime. The pages themselves live in wizard.py, my_cases.py and
lookup.py (one module per page group)."""

from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import select

from recon.cases.models import Case
from recon.cases.status import RETRACTED_FOR_CORRECTION, CaseStatus
from recon.deadlines.models import Deadline, DeadlineState
from recon.extensions import db
from recon.i18n import lazy_gettext
from recon.intake import drafts

bp = Blueprint("portal", __name__)

#: Deadlines shown to the applicant on their case page and in the look-up.
APPLICANT_RULES = ("acceptance_review", "correction_reply", "decision", "decision_simple", "litigation")
STATUS_EXPLAINED = {
    CaseStatus.RECEIVED: lazy_gettext("我们已收到您的申请，正在进行受理审查：复议机构将在收到申请后 5 个工作日内"
                                      "决定受理、通知您补正材料，或者决定不予受理并说明理由。"),
    CaseStatus.CORRECTION_REQUESTED: lazy_gettext("复议机构通知您补正材料。请按补正通知书一次性列明的事项，在收到"
                                                  "通知之日起 10 个工作日内补正；无正当理由逾期不补正的，视为放弃申请。"),
    CaseStatus.ACCEPTED: lazy_gettext("您的申请已经受理，复议机构正在审理。"),
    CaseStatus.SUSPENDED: lazy_gettext("案件中止审理。中止的原因消除后，复议机构将恢复审理并通知您。"),
    CaseStatus.MEDIATION: lazy_gettext("案件正在调解。调解不成的，复议机构将继续审理并依法作出决定。"),
    CaseStatus.DECIDED: lazy_gettext("复议机关已经作出行政复议决定，请下载送达给您的决定书。"),
    CaseStatus.CLOSED: lazy_gettext("案件已经办结。"),
    CaseStatus.REFUSED: lazy_gettext("复议机关决定不予受理，理由见不予受理决定书。对决定不服的，可以依法向人民法院"
                                     "提起行政诉讼。"),
    CaseStatus.ABANDONED: lazy_gettext("因未在期限内补正材料，申请视为放弃。"),
}
RETRACTED_EXPLAINED = lazy_gettext("您已撤回这份申请并修改，本申请编号不再办理。修改后重新提交的申请，请在"
                                   "「我的申请」中查看。")


def explained(case: Case) -> str:
    """The stage in plain words, for the applicant's case page and the public lookup."""
    if case.closure_detail == RETRACTED_FOR_CORRECTION:
        return str(RETRACTED_EXPLAINED)
    text = STATUS_EXPLAINED.get(CaseStatus(case.status))
    return str(text) if text else ""


def draft_days() -> int:
    return int(current_app.config.get("RECON_DRAFT_DAYS", drafts.DEFAULT_DAYS))


def deadlines(case: Case, rules=APPLICANT_RULES) -> list[Deadline]:
    return list(db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.rule.in_(rules),
                               Deadline.state != DeadlineState.CANCELLED).order_by(Deadline.id)))


# ---- template helpers ---------------------------------------------------------------------------


@bp.app_template_global()
def draft_label(draft) -> str:
    return drafts.describe(draft)

