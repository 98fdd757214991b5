"""Persistence of the statutory clock: the editable working-day calendar and deadline rows.

* ``CalendarDay``: one special day (a rest day or a 调休 make-up working day), seeded from
  ``chinese_calendar`` and corrected by an admin (design.md §5). Ordinary weekdays and weekends
  have no row.
* ``CalendarYear``: a year whose State Council schedule is known. A year without a row falls back
  to weekends plus the fixed-date holidays, and deadlines that touch it are provisional.
* ``Deadline``: one running period of a case, with its due date and the stored derivation
  (``DeadlineResult.to_dict()``), so the page shows how it was worked out.

``deadline.case_id`` points at ``case.id`` by table name only: deadlines never import cases
(design.md §3). The state and source labels are Chinese (marked with ``N_``); a page shows them
with ``gettext(label)``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, column, table, text
from sqlalchemy.orm import Mapped, mapped_column

from recon.db import UTCDateTime, utcnow
from recon.deadlines.rules import RULES
from recon.extensions import db
from recon.i18n import N_, LabelledEnum


class CalendarSource(LabelledEnum):
    PACKAGE = "chinese_calendar", N_("chinesecalendar 数据")  # seeded from the package
    NOTICE = "notice", N_("国务院办公厅通知（人工录入）")  # entered from the yearly notice
    MANUAL = "manual", N_("人工修改")  # one day corrected by an admin


class DeadlineState(LabelledEnum):
    OPEN = "open", N_("进行中")
    MET = "met", N_("已完成")
    OVERDUE = "overdue", N_("已逾期")
    PAUSED = "paused", N_("中止中")
    CANCELLED = "cancelled", N_("已取消")

ACTIVE_STATES = (DeadlineState.OPEN, DeadlineState.OVERDUE, DeadlineState.PAUSED)
#: States whose due date is running (a paused deadline has none until it resumes).
RUNNING_STATES = (DeadlineState.OPEN, DeadlineState.OVERDUE)
RECOMPUTED_STATES = (DeadlineState.OPEN, DeadlineState.PAUSED)


#: The case table as deadlines read it: by name, never by importing cases (design.md §3). The
#: board filters and counts by handler, respondent and 涉企; the sweep reminds the case's handler.
case_table = table(
    "case", column("id", Integer), column("case_no", String), column("handler_id", Integer),
    column("respondent_name", String), column("status", String), column("enterprise", Boolean),
)


class CalendarDay(db.Model):
    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(20), default=CalendarSource.PACKAGE)
    note: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def source_label(self) -> str:
        return CalendarSource(self.source).label

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "is_workday": self.is_workday,
            "name": self.name,
            "source": self.source,
            "note": self.note,
        }


class CalendarYear(db.Model):
    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(20), default=CalendarSource.PACKAGE)
    notice_title: Mapped[str | None] = mapped_column(String(200))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def source_label(self) -> str:
        return CalendarSource(self.source).label


def _partial(condition: str) -> dict[str, Any]:
    """A partial index's predicate on both databases (SQL text over this table's columns)."""
    return {"postgresql_where": text(condition), "sqlite_where": text(condition)}


#: The predicates of the partial indexes, repeated word for word by the queries they serve
#: (PostgreSQL uses a partial index only when the query's WHERE implies its predicate).
OPEN_PREDICATE = "state = 'open'"
UNREMINDED_PREDICATE = "state = 'open' AND (reminded_due_on IS NULL OR reminded_due_on <> due_on)"
RUNNING_PREDICATE = "state IN ('open', 'overdue')"
PROVISIONAL_PREDICATE = "provisional AND state IN ('open', 'overdue', 'paused')"


class Deadline(db.Model):
    __tablename__ = "deadline"
    __table_args__ = (
        Index("ix_deadline_state_due_on", "state", "due_on"),
        # The sweep's probes, in its claim order: open deadlines by due date (overdue), and those
        # not yet reminded for their current due date (due soon). A no-op sweep reads an empty
        # range of each (the second holds every open deadline due later than the reminder
        # horizon, but the sweep reads only the horizon's range).
        Index("ix_deadline_open_due_on", "due_on", "id", **_partial(OPEN_PREDICATE)),
        Index("ix_deadline_unreminded_due_on", "due_on", "id", **_partial(UNREMINDED_PREDICATE)),
        # The board: running deadlines in due order, read page by page (keyset on (due_on, id)).
        Index("ix_deadline_running_due_on_id", "due_on", "id", **_partial(RUNNING_PREDICATE)),
        # The supervisors' warning counts the provisional deadlines on every board request.
        Index("ix_deadline_provisional", "id", **_partial(PROVISIONAL_PREDICATE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    start_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default=DeadlineState.OPEN)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    derivation: Mapped[dict[str, Any]] = mapped_column(JSON)
    pauses: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    met_on: Mapped[date | None] = mapped_column(Date)
    #: The due date the due-soon reminder was sent for (the sweep's own mark; a moved due date is
    #: reminded again).
    reminded_due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def label(self) -> str:
        rule = RULES.get(self.rule)
        return rule.label if rule else self.rule

    @property
    def article(self) -> str:
        rule = RULES.get(self.rule)
        return rule.article if rule else ""

    @property
    def unit(self) -> str:
        rule = RULES.get(self.rule)
        return rule.unit if rule else ""

    @property
    def state_label(self) -> str:
        return DeadlineState(self.state).label

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    def pause_pairs(self) -> list[tuple[date, date | None]]:
        """The stored pauses as ``(suspended_on, resumed_on or None)`` pairs."""
        pairs = []
        for item in self.pauses or ():
            start, end = item
            pairs.append((date.fromisoformat(start), date.fromisoformat(end) if end else None))
        return pairs

    def __repr__(self) -> str:
        return f"<Deadline {self.id} case={self.case_id} {self.rule} due={self.due_on} {self.state}>"
