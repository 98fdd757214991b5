"""A case's performance obligation (履行): who must perform what by when, and what became of it.

One row per case (the obligation of the decision, 调解书 or 和解协议 that closed it). Its due date
is a ``performance`` deadline (``deadline_id``: the one now running, or the last one), so it shows
on the deadline board and the sweep flags it overdue like any other. ``orders`` (the 责令履行通知书
issued, each with its new period) and ``enforcement`` (art. 78) are JSON: read and shown whole."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recon.db import UTCDateTime, utcnow
from recon.deadlines.models import Deadline, DeadlineState
from recon.extensions import db
from recon.i18n import N_, LabelledEnum


class PerformanceState(LabelledEnum):
    PENDING = "pending", N_("待履行")
    PERFORMED = "performed", N_("已履行")
    OVERDUE = "overdue", N_("逾期未履行")
    ORDERED = "ordered", N_("已责令限期履行")
    ENFORCED = "enforced", N_("已强制执行")


class PerformanceSource(LabelledEnum):
    DECISION = "decision", N_("行政复议决定书")
    MEDIATION = "mediation", N_("行政复议调解书")
    SETTLEMENT = "settlement", N_("和解协议")


class ObligedParty(LabelledEnum):
    RESPONDENT = "respondent", N_("被申请人")
    APPLICANT = "applicant", N_("申请人")
    THIRD_PARTY = "third_party", N_("第三人")


class EnforcedBy(LabelledEnum):
    ORGAN = "organ", N_("本机关依法强制执行")
    RESPONDENT = "respondent", N_("作出行政行为的行政机关依法强制执行")
    COURT = "court", N_("申请人民法院强制执行")


#: The states that still wait for the obliged party.
WAITING = (PerformanceState.PENDING, PerformanceState.ORDERED)


class Performance(db.Model):
    __tablename__ = "performance"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), unique=True)
    source: Mapped[str] = mapped_column(String(12))
    obliged: Mapped[str] = mapped_column(String(12))
    obligation: Mapped[str] = mapped_column(Text)
    #: the day the obligation took effect (the decision served on the obliged party, the seal)
    effective_on: Mapped[date] = mapped_column(Date)
    #: the stored state: pending, ordered, performed or enforced (overdue is read from the deadline)
    state: Mapped[str] = mapped_column(String(12), default=PerformanceState.PENDING)
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("deadline.id"))
    performed_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(Text)
    material_id: Mapped[int | None] = mapped_column(ForeignKey("material.id"))
    #: 责令履行通知书: [{"on", "days", "due_on", "document"}]
    orders: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: art. 78: {"by", "on", "court", "court_case_no", "outcome"}
    enforcement: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    deadline: Mapped[Deadline | None] = relationship()

    @property
    def due_on(self) -> date | None:
        return self.deadline.due_on if self.deadline is not None else None

    def current_state(self, today: date | None = None) -> str:
        """The state shown: ``overdue`` while it waits and its period has run out (flagged by
        the sweep, or due before ``today``)."""
        if self.state in WAITING and self.deadline is not None:
            if self.deadline.state == DeadlineState.OVERDUE:
                return PerformanceState.OVERDUE
            if (today is not None and self.deadline.state == DeadlineState.OPEN and self.deadline.due_on
                    and self.deadline.due_on < today):
                return PerformanceState.OVERDUE
        return self.state

    def state_label(self, today: date | None = None) -> str:
        return PerformanceState(self.current_state(today)).label

    @property
    def source_label(self) -> str:
        return PerformanceSource(self.source).label

    @property
    def obliged_label(self) -> str:
        return ObligedParty(self.obliged).label
