from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from recon.db import UTCDateTime, utcnow
from recon.extensions import db
from recon.i18n import N_, LabelledEnum


class ProceedingKind(LabelledEnum):
    LITIGATION = "litigation", N_("行政诉讼")
    PETITION = "petition", N_("信访")


class LaterProceeding(db.Model):
    """A closed case taken on to court (court, case number, filing day) or petitioned (信访)."""

    __tablename__ = "later_proceeding"
    __table_args__ = (Index("ix_later_proceeding_case_kind", "case_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    court: Mapped[str | None] = mapped_column(String(200))  # court, or the petition office
    number: Mapped[str | None] = mapped_column(String(80))  # the court's case number or the petition's
    on: Mapped[date] = mapped_column(Date)  # filed / petitioned on
    note: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(10), default="form")  # form | import
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def kind_label(self) -> str:
        return ProceedingKind(self.kind).label
