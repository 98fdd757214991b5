"""Issued documents (numbered, immutable), their service records, and editable template versions.

``document.case_id`` points at ``case.id`` by table name only: outside ``contexts.py`` the documents
feature never imports the cases package (design.md §3).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recon.clock import beijing_date
from recon.db import UTCDateTime, utcnow
from recon.documents.kinds import KINDS
from recon.documents.pdf.data import SERVICE_METHODS
from recon.extensions import db

#: Service methods recorded by recon (CPL arts. 87–95 via ARL art. 88) → the 送达回证's label
#: (Chinese, also in the timeline; pages show it translated, marked in ``pdf.SERVICE_METHODS``).
SERVICE_METHOD_LABELS: dict[str, str] = {
    method: SERVICE_METHODS[method]
    for method in ("direct", "refusal", "postal", "electronic", "entrusted", "transfer", "announcement")
}

#: Alphabet of verification codes: no 0/O/1/I/L (ux.md A10).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def format_code(code: str) -> str:
    """``K7QM3XPR`` → ``K7QM-3XPR`` (groups of four)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class DocumentTemplate(db.Model):
    """One saved version of a kind's wording. The newest version of a kind is the active one;
    with no row the builder's default (``DEFAULT_TEMPLATES``) is version 0."""

    __tablename__ = "document_template"
    __table_args__ = (
        UniqueConstraint("kind", "version", name="uq_document_template_kind_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    created_by = relationship("User", lazy="joined")


class Document(db.Model):
    """An issued document: numbered once, its bytes stored by sha256 and never regenerated."""

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "repeat", name="uq_document_case_id_kind_repeat"),
        # The statistics count a kind issued in a period (意见书, 建议书).
        Index("ix_document_kind_issued_at", "kind", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(80), unique=True)
    repeat: Mapped[int] = mapped_column(Integer, default=1)
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    template_version: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    context: Mapped[dict[str, Any]] = mapped_column(JSON)
    recipient: Mapped[str | None] = mapped_column(String(200))
    #: the preview's one-time token: a second「确认签发」of the same preview returns this row
    issue_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    issued_by = relationship("User", lazy="joined")
    services: Mapped[list[DocumentService]] = relationship(
        back_populates="document", order_by="DocumentService.id", cascade="all, delete-orphan"
    )

    @property
    def issued_on(self) -> date:
        """The 成文日期 printed on the document (Beijing calendar day of ``issued_at``)."""
        return beijing_date(self.issued_at)

    @property
    def code_display(self) -> str:
        return format_code(self.verification_code)

    @property
    def title(self) -> str:
        """The printed title (Chinese); pages show ``_(document.title)``."""
        kind = KINDS.get(self.kind)
        return kind.title if kind is not None else self.kind

    @property
    def organ_name(self) -> str:
        return (self.context or {}).get("organ_name", "")


class DocumentService(db.Model):
    """One service (送达) of a document to one recipient. ``served_on`` is the legal service
    date that later periods count from (domain.md §7.4); None while a postal return slip is out."""

    __tablename__ = "document_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(20))
    electronic_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str] = mapped_column(String(300), default="")
    sent_on: Mapped[date | None] = mapped_column(Date)
    served_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    #: 委托送达: who was entrusted; 转交送达: the unit it was passed through (CPL arts. 91–93)
    via: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="services")
    recorded_by = relationship("User", lazy="joined")

    @property
    def method_label(self) -> str:
        """Chinese (printed and recorded); pages show ``_(service.method_label)``."""
        return SERVICE_METHOD_LABELS.get(self.method, self.method)
