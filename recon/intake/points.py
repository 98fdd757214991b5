"""Intake points (接收点): the admin's list, the point named at registration, the hand-over.

Services: they take the actor and the time, write the audit entry, flush and never commit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.cases.models import Case, IntakeRecord
from recon.cases.timeline import add_event
from recon.errors import DomainError
from recon.i18n import gettext
from recon.intake.models import IntakePoint

POINT_FIELDS = ("code", "name", "kind", "address", "hours", "active")


def all_points(session: Session) -> list[IntakePoint]:
    return list(session.scalars(select(IntakePoint).order_by(IntakePoint.active.desc(), IntakePoint.code)))


def active_points(session: Session) -> list[IntakePoint]:
    return list(session.scalars(select(IntakePoint).where(IntakePoint.active).order_by(IntakePoint.code)))


def _values(point: IntakePoint) -> dict:
    return {key: getattr(point, key) for key in POINT_FIELDS}


def save_point(session: Session, values: dict, actor, now: datetime,
               point: IntakePoint | None = None) -> IntakePoint:
    """Add a point (``point`` None) or change one; the code stays unique (case-insensitive)."""
    code = values["code"].strip()
    clash = session.scalar(select(IntakePoint).where(IntakePoint.code.ilike(code)))
    if clash is not None and clash is not point:
        raise DomainError(gettext("编码 %(code)s 已被接收点「%(name)s」使用，请换一个编码",
                                  code=code, name=clash.name), field="code")
    before = _values(point) if point is not None else None
    if point is None:
        point = IntakePoint(created_at=now)
        session.add(point)
    point.code, point.name, point.kind = code, values["name"].strip(), values["kind"]
    point.address, point.hours = values["address"].strip(), (values.get("hours") or "").strip()
    point.active, point.updated_at = bool(values.get("active")), now
    session.flush()
    action = "intake_point.create" if before is None else "intake_point.update"
    record(session, actor, action, point, at=now, before=before, after=_values(point),
           summary=f"{'新增' if before is None else '修改'}接收点 {point.code} {point.name}")
    return point


def point_for_code(session: Session, code: str | None, field: str) -> IntakePoint | None:
    """The active point with this code, None for a blank one; an unknown or retired code is refused
    at ``field`` (e.g. ``onsite.point``)."""
    if not code:
        return None
    point = session.scalar(select(IntakePoint).where(IntakePoint.code.ilike(code.strip())))
    if point is None or not point.active:
        raise DomainError(gettext("接收点编码 %(code)s 不存在或已停用，请从接收点名单中选择", code=code),
                          field=field)
    return point


def record_handover(session: Session, case: Case, handed_over_on: date, received_by: str, actor,
                    now: datetime, today: date) -> IntakeRecord:
    """The application handed in at a point reached the bureau on ``handed_over_on`` and
    ``received_by`` received it (recorded after registration, when the paper arrives)."""
    intake = case.intake
    if intake is None or intake.point_id is None:
        raise DomainError(gettext("该申请不是在接收点递交的，无需登记移交"), field="handed_over_on")
    received_by = (received_by or "").strip()
    if not received_by:
        raise DomainError(gettext("请填写本机关接收人姓名"), field="handed_over_to")
    if len(received_by) > 80:
        raise DomainError(gettext("不超过 80 个字"), field="handed_over_to")
    if handed_over_on > today:
        raise DomainError(gettext("移交本机关日期不能晚于今天"), field="handed_over_on")
    if intake.point_received_on and handed_over_on < intake.point_received_on:
        raise DomainError(gettext("移交本机关日期不能早于接收点收件日期"), field="handed_over_on")
    before = {"handed_over_on": intake.handed_over_on.isoformat() if intake.handed_over_on else None,
              "handed_over_to": intake.handed_over_to}
    intake.handed_over_on, intake.handed_over_to = handed_over_on, received_by
    summary = f"接收点「{intake.point.name}」于 {handed_over_on.isoformat()} 将申请材料移交本机关，接收人 {received_by}"
    add_event(session, case, "intake.handed_over", summary, now=now, actor=actor, on=handed_over_on, public=False)
    record(session, actor, "case.handover", case, case_id=case.id, at=now, summary=summary, before=before,
           after={"handed_over_on": handed_over_on.isoformat(), "handed_over_to": received_by})
    return intake

