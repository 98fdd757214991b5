"""The statistics definitions (口径), one row per version (never changed, only added), and the
monthly summary the dashboard reads."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from recon.db import UTCDateTime, utcnow
from recon.extensions import db


class StatDefinition(db.Model):
    __tablename__ = "stat_definition"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    correction_denominator: Mapped[str] = mapped_column(String(40))
    substantive_basis: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class StatSummary(db.Model):
    """Counts of cases by month and by everything the figures ask (recon.stats.summary keeps it:
    a month is recomputed from the case record when a change touches it). ``kind`` says which date
    put the cases in the month: received, accepted, refused or closed; ``dim`` splits them by
    respondent, handler or intake point ("" for the main rows); ``kind`` "suspended" rows carry only
    the suspended days of the month's closures."""

    __tablename__ = "stat_summary"
    __table_args__ = (Index("ix_stat_summary_month_kind", "month", "kind", "dim"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    dim: Mapped[str] = mapped_column(String(12), default="")
    dim_value: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(10), default="")
    closure: Mapped[str] = mapped_column(String(30), default="")
    detail: Mapped[str] = mapped_column(String(30), default="")
    enterprise: Mapped[bool] = mapped_column(Boolean, default=False)
    sued: Mapped[bool] = mapped_column(Boolean, default=False)
    petitioned: Mapped[bool] = mapped_column(Boolean, default=False)
    clock: Mapped[str] = mapped_column(String(8), default="")  # "", on_time, late
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)  # closed after acceptance
    n: Mapped[int] = mapped_column(Integer, default=0)
    days: Mapped[int] = mapped_column(Integer, default=0)  # Σ (closed_on − accepted_on)
    suspended: Mapped[int] = mapped_column(Integer, default=0)
