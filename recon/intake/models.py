from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from recon.db import UTCDateTime, utcnow
from recon.extensions import db
from recon.i18n import N_, LabelledEnum


class Upload(db.Model):
    """A file received before its application is filed (API uploads, wizard drafts)."""

    __tablename__ = "upload"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(60))
    filename: Mapped[str] = mapped_column(String(255))
    item: Mapped[str] = mapped_column(String(40), default="evidence")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)


class ApplicationDraft(db.Model):
    """An online application being written; saved at every step (ux.md A5)."""

    __tablename__ = "application_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    step: Mapped[str] = mapped_column(String(30), default="applicant")
    submission_token: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))


class CaseLink(db.Model):
    """A possible duplicate or related application (art. 30 ¶1(7)), found at intake."""

    __tablename__ = "case_link"
    __table_args__ = (UniqueConstraint("case_id", "other_case_id", name="uq_case_link_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    other_case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(12), default="suggested")  # suggested|related|duplicate|dismissed
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PointKind(LabelledEnum):
    """The bureau's assisted-filing network (issue 16)."""

    LEGAL_SERVICE = "legal_service", N_("公共法律服务站点")
    CHUANYU = "chuanyu", N_("川渝通办点")
    ENTERPRISE = "enterprise", N_("惠企联系点")


class IntakePoint(db.Model):
    """A place other than the bureau's own counter where applications are handed in and passed on
    to the bureau (接收点). Kept by the admin; a clerk names it when registering the application."""

    __tablename__ = "intake_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300))
    hours: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def kind_label(self) -> str:
        return PointKind(self.kind).label
