"""The inbox and the outbox.

* ``Notification``: one message in a staff user's in-app inbox (a deadline reminder), linking to
  its case. ``dedupe_key`` (unique) makes a scheduled reminder arrive once.
* ``OutboxMessage``: an e-mail or SMS written in the transaction that caused it and delivered
  only after that transaction commits (``outbox.drain``), retried with a growing pause until
  ``MAX_ATTEMPTS``. A rolled-back action leaves no row, so it never sends anything.

``case_id`` and ``deadline_id`` point at their tables by name only (notifications import no
feature package).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from recon.db import UTCDateTime, utcnow
from recon.extensions import db
from recon.i18n import N_

UNREAD_PREDICATE = "read_at IS NULL"
PENDING_PREDICATE = "sent_at IS NULL AND failed_at IS NULL"


class NotificationKind(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        """The kind in Chinese (shown with ``gettext``)."""
        return {NotificationKind.DUE_SOON: N_("期限即将届满"),
                NotificationKind.OVERDUE: N_("期限已逾期")}[self]


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_id_id", "user_id", "id"),
        Index("ix_notification_unread", "user_id", postgresql_where=text(UNREAD_PREDICATE),
              sqlite_where=text(UNREAD_PREDICATE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("deadline.id", ondelete="CASCADE"))
    case_label: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)

    @property
    def kind_label(self) -> str:
        return NotificationKind(self.kind).label


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_pending", "send_after", "id",
              postgresql_where=text(PENDING_PREDICATE), sqlite_where=text(PENDING_PREDICATE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Not before this time: the next try after a failure (a claimed message is pushed forward
    #: while one process delivers it, so no other process takes it meanwhile).
    send_after: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Set when the last try failed for good (``outbox.MAX_ATTEMPTS``).
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_via: Mapped[str | None] = mapped_column(String(40))
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
