"""The statistics definitions (口径) in force, one row per version (never changed, only added)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
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
