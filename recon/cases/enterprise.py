"""涉企 (enterprise) cases: the flag set at intake and changed by a handler (audited)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.cases.models import Case
from recon.cases.timeline import add_event


def is_enterprise_applicant(applicant: dict) -> bool:
    """An organization applying with its 统一社会信用代码 (the form checked the code)."""
    return applicant.get("kind") == "organization" and bool(applicant.get("id_number"))


def set_enterprise(session: Session, case: Case, value: bool, actor, now: datetime) -> Case:
    """Mark or unmark the case as 涉企 (no change, no entry)."""
    if case.enterprise == value:
        return case
    case.enterprise, case.updated_at = value, now
    summary = "标记为涉企案件" if value else "取消涉企案件标记"
    add_event(session, case, "case.enterprise", summary, now=now, actor=actor, public=False)
    record(session, actor, "case.enterprise", case, case_id=case.id, at=now, summary=f"{case.case_no} {summary}",
           before={"enterprise": not value}, after={"enterprise": value})
    return case
