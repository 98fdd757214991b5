"""The statistics definitions (口径), one row per version (never changed, only added), and the
summary the dashboard and the staff home read."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, text
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


#: The main received rows (the partial index's predicate, repeated word for word by its query).
RECEIVED_ROWS = "kind = 'received' AND dim = ''"


class StatSummary(db.Model):
    """Counts of cases by every key the figures use (recon.stats.summary keeps it, one delta per
    flush). ``grain`` says what ``day`` is: "day" rows count the cases of that day, "month" and
    "year" rows the same cases for the whole month or year (``day`` is its first day), and "now"
    rows count today's cases by status (``day`` is ``NOW_DAY``, a fixed date before any case). ``kind`` says which date
    put the cases in the row: received, accepted, refused or closed ("status" for the "now" rows);
    ``dim`` splits them by respondent, handler or intake point ("" for the main rows); ``kind``
    "suspended" rows carry only the suspended days of the day's closures. One row per key (the
    unique index is the target of the listener's ``INSERT … ON CONFLICT DO UPDATE``)."""

    __tablename__ = "stat_summary"
    __table_args__ = (
        Index("ix_stat_summary_key", "grain", "day", "kind", "dim", "dim_value", "channel", "closure", "detail",
              "enterprise", "sued", "petitioned", "clock", "accepted", unique=True),
        # The dashboard's received by month and channel: the main received rows alone.
        Index("ix_stat_summary_received", "grain", "day", "channel", postgresql_where=text(RECEIVED_ROWS),
              sqlite_where=text(RECEIVED_ROWS)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grain: Mapped[str] = mapped_column(String(5))  # day, month, year, now
    day: Mapped[date] = mapped_column(Date)
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
