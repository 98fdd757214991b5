"""The staff inbox: the unread count for the header badge, a page of messages, mark read.

Services take the session, the actor (a User) and ``now``; they audit state changes, flush and
never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.errors import NotFound
from recon.i18n import gettext
from recon.notifications.models import UNREAD_PREDICATE, Notification

PAGE_SIZE = 50
BADGE_CAP = 99
"""The badge counts at most this many unread messages and shows「99+」beyond."""


def unread_count(session: Session, user_id: int, cap: int = BADGE_CAP) -> int:
    """Unread messages of ``user_id``, counted up to ``cap + 1`` (a bounded count: the badge reads
    the partial index ``ix_notification_unread`` and stops early)."""
    capped = (select(Notification.id)
              .where(Notification.user_id == user_id, text(UNREAD_PREDICATE))
              .limit(cap + 1).subquery())
    return session.scalar(select(func.count()).select_from(capped)) or 0


@dataclass(frozen=True)
class InboxPage:
    items: list[Notification]
    next_cursor: int | None  # the ``before`` of the next (older) page, None on the last one


def inbox_page(session: Session, user_id: int, before: int | None = None,
               unread_only: bool = False, size: int = PAGE_SIZE) -> InboxPage:
    """Newest first, ``size`` at a time; ``before`` is the keyset cursor (an id)."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(text(UNREAD_PREDICATE))
    if before is not None:
        query = query.where(Notification.id < before)
    rows = list(session.scalars(query.order_by(Notification.id.desc()).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    return InboxPage(rows, rows[-1].id if more and rows else None)


def mark_read(session: Session, actor, notification_id: int, now: datetime) -> Notification:
    """Mark one of the actor's own messages read (someone else's is not found)."""
    note = session.get(Notification, notification_id)
    if note is None or note.user_id != actor.id:
        raise NotFound(gettext("没有找到这条消息，它可能已被删除"))
    if note.read_at is None:
        note.read_at = now
        record(session, actor, "notification.read", note, case_id=note.case_id,
               summary=f"消息标为已读：{note.case_label} {note.summary}",
               before={"read": False}, after={"read": True}, at=now)
    return note


def mark_all_read(session: Session, actor, now: datetime) -> int:
    """Mark every unread message of the actor read; returns how many."""
    count = session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, text(UNREAD_PREDICATE))
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if count:
        record(session, actor, "notification.read_all", object_type="notification",
               summary=f"全部消息标为已读（{count} 条）", after={"read": count}, at=now)
    return count
