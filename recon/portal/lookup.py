"""办理进度查询 (ux.md A10): the public progress look-up by 申请编号 and 查询码."""

from __future__ import annotations

import hmac
import re
import unicodedata

from flask import (
    render_template,
    request,
)
from sqlalchemy import select

from recon.cases.models import Case
from recon.cases.status import CaseStatus
from recon.deadlines.models import Deadline
from recon.extensions import db, limiter, public_limit
from recon.i18n import gettext, lazy_gettext
from recon.masking import mask_recorded
from recon.portal.common import bp, deadlines, explained
from recon.portal.forms import (
    LookupForm,
)

NEXT_STEP = {
    CaseStatus.RECEIVED: lazy_gettext("受理审查"),
    CaseStatus.CORRECTION_REQUESTED: lazy_gettext("等待您补正材料"),
    CaseStatus.ACCEPTED: lazy_gettext("审理并作出行政复议决定"),
    CaseStatus.SUSPENDED: lazy_gettext("中止原因消除后恢复审理"),
    CaseStatus.MEDIATION: lazy_gettext("调解"),
}


# ---- 办理进度查询 (A10) --------------------------------------------------------------------------------

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕",
                           "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕", "［": "〔", "］": "〕"})


def normalize_case_no(text: str) -> str:
    """「合府复[2026]17号」「合府复（2026）17 号」→「合府复〔2026〕17号」."""
    value = unicodedata.normalize("NFKC", text or "")
    value = re.sub(r"\s+", "", value).translate(_BRACKETS)
    return value if value.endswith("号") or not value else value + "号"


def normalize_query_code(text: str) -> str:
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text or "")).upper()


def _next_deadline(case: Case) -> Deadline | None:
    active = [d for d in deadlines(case) if d.is_active and d.due_on]
    return min(active, key=lambda d: d.due_on) if active else None


@bp.route("/lookup", methods=["GET", "POST"])
@limiter.limit(public_limit, methods=["POST"])
def lookup():
    form = LookupForm(request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        status = 422 if form.errors else 200
        return render_template("portal/lookup.html", form=form, errors={}), status
    case = db.session.scalar(select(Case).where(Case.case_no == normalize_case_no(form.case_no.data)))
    code = normalize_query_code(form.query_code.data)
    if case is None or not hmac.compare_digest(case.query_code.encode(), code.encode()):
        return render_template("portal/lookup.html", form=form, errors={"case_no": gettext("申请编号或查询码不正确")},
                               page_error=True), 404
    applicant = next(iter(case.applicants), None)
    persons = [p.name for p in case.parties if p.kind != "organization"]
    events = [(e.on, mask_recorded(e.summary, persons)) for e in case.events if e.public]
    return render_template(
        "portal/lookup_result.html", case=case, applicant=applicant,
        explained=explained(case), events=events,
        next_step=NEXT_STEP.get(CaseStatus(case.status)), next_deadline=_next_deadline(case))
