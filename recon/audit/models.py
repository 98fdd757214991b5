from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from recon.db import UTCDateTime, utcnow
from recon.extensions import db
from recon.masking import mask_id, mask_phone, mask_text

#: A user name that is an ID number (15 digits, or 17 and a check character).
_ID_LIKE = re.compile(r"\d{15}|\d{17}[\dXx]")


class AuditEntry(db.Model):
    """One state change. Rows are never updated or deleted (ORM guard + database triggers)."""

    __tablename__ = "audit_entry"
    # The log pages newest first by id (keyset); each filter has an index ending in id, so a
    # filtered page reads only the rows it shows (issue 17).
    __table_args__ = (
        Index("ix_audit_entry_object", "object_type", "object_id"),
        Index("ix_audit_entry_case_id_id", "case_id", "id"),
        Index("ix_audit_entry_action_id", "action", "id"),
        Index("ix_audit_entry_actor_name_id", "actor_name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    summary: Mapped[str] = mapped_column(String(500), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The hash chain (recon/audit/chain.py): the previous entry's hash (GENESIS for the first),
    # and this entry's own hash over its content and prev_hash. UNIQUE prev_hash: two entries can
    # never follow the same one, so the chain cannot fork even if the chain lock were bypassed.
    # (Nullable only for the columns' migration; record() always sets both.)
    prev_hash: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    hash: Mapped[str | None] = mapped_column(String(64))

    @property
    def actor_display(self) -> str:
        """The actor as lists show it (ux.md S13): applicants log in with a phone or e-mail, and a
        user name may be an ID number."""
        name = self.actor_name
        if _ID_LIKE.fullmatch(name):
            return mask_id(name)
        if name.isdigit():
            return mask_phone(name)
        if "@" in name:
            local, _, domain = name.partition("@")
            return f"{local[:1]}***@{domain}"
        return name

    @property
    def summary_display(self) -> str:
        """The summary as lists show it (ux.md S13): a user name in it (「创建账号 13712345678」)
        that is a mobile or ID number is masked like the actor."""
        return mask_text(self.summary)


class AuditImmutable(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target):
    raise AuditImmutable("audit entries are append-only")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AuditImmutable("audit entries are append-only")


from recon.audit import triggers as _triggers  # noqa: E402,F401  (registers the DDL listeners)
