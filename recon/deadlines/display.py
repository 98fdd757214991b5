"""Reading deadlines for people (design.md §5, ux.md H2/V1): dates in running text, badges, the
supervisors' warnings, the deadline board and the calendar page. Reads only."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from recon.db import sql_text
from recon.deadlines.calendar import (
    FALLBACK_RULE_ZH,
    KIND_HOLIDAY,
    KIND_MAKEUP,
    Calendar,
    DayInfo,
    festival,
)
from recon.deadlines.models import (
    ACTIVE_STATES,
    CalendarDay,
    CalendarYear,
    Deadline,
    DeadlineState,
)
from recon.deadlines.rules import RULES, UNIT_WORKING
from recon.i18n import N_, gettext, ngettext
from recon.locale import format_date

log = logging.getLogger("recon.deadlines")

SOON_WORKING_DAYS = 3
"""A deadline this many working days away or fewer gets the amber badge (ux.md H2)."""

WARNING_HORIZON_DAYS = 60
"""Warn this many days before the last covered year ends (design.md §5, ux.md V1)."""


def date_zh(d: date | None) -> str:
    """``2027年1月5日`` (no weekday: for running text such as timeline entries)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "（中止中，暂无届满日）"


def date_zh_sql(day):
    """``date_zh`` in SQL, for text written by ``INSERT ... SELECT`` (the sweep)."""
    return (sql_text(extract("year", day)) + "年" + sql_text(extract("month", day)) + "月"
            + sql_text(extract("day", day)) + "日")


def label_sql(rule):
    """A rule id column as its Chinese label, in SQL (``Deadline.label``)."""
    return case({r.id: r.label for r in RULES.values()}, value=rule, else_=rule)


def calendar_warnings(session: Session, today: date,
                      horizon_days: int = WARNING_HORIZON_DAYS) -> list[str]:
    """Warnings for supervisors (ux.md V1), in the reader's language: provisional deadlines, and a
    calendar that runs out within ``horizon_days``."""
    warnings: list[str] = []
    provisional = session.scalar(
        select(func.count()).select_from(Deadline).where(
            Deadline.state.in_(ACTIVE_STATES), Deadline.provisional.is_(True)
        )
    ) or 0
    fallback = gettext(FALLBACK_RULE_ZH)
    if provisional:
        warnings.append(ngettext(
            "有 %(num)d 个在办期限为暂定：其计算期间涉及尚未录入放假安排的年份，暂按%(rule)s为休息日推算。"
            "录入国务院办公厅的放假安排后，系统会自动重新计算。",
            "有 %(num)d 个在办期限为暂定：其计算期间涉及尚未录入放假安排的年份，暂按%(rule)s为休息日推算。"
            "录入国务院办公厅的放假安排后，系统会自动重新计算。",
            provisional, rule=fallback,
        ))
    covered = set(session.scalars(select(CalendarYear.year)).all())
    if not covered:
        warnings.append(gettext(
            "工作日历中没有任何年份的放假安排，所有期限都按周末和固定日期节日暂定推算。"
            "请系统管理员导入日历（flask recon calendar import）。"
        ))
        return warnings
    year = today.year
    if year not in covered:
        warnings.append(gettext(
            "%(year)d 年的放假安排尚未录入工作日历，本年度的期限均为暂定。请尽快在“工作日历”中录入"
            "国务院办公厅《关于%(year)d年部分节假日安排的通知》。",
            year=year,
        ))
        return warnings
    while year + 1 in covered:
        year += 1
    left = (date(year, 12, 31) - today).days
    if left <= horizon_days:
        warnings.append(gettext(
            "工作日历只录入到 %(year)d 年，距 %(year)d 年底还有 %(left)d 天。届满日在 %(next)d 年的"
            "期限暂按%(rule)s为休息日推算，并标记为暂定；国务院办公厅公布《关于"
            "%(next)d年部分节假日安排的通知》后，请在“工作日历”中录入。",
            year=year, left=left, next=year + 1, rule=fallback,
        ))
    return warnings


def badge(deadline: Deadline, calendar: Calendar, today: date,
          soon_working_days: int = SOON_WORKING_DAYS) -> dict[str, Any]:
    """The deadline badge of ux.md H2: words first, the tone follows; in the reader's language.

    ``text``: 「逾期 2 个工作日」「今日届满」「剩 3 个工作日」「剩 12 天」「期限中止」; a working-day
    rule counts working days, any other rule natural days. ``tone``: overdue | today | soon |
    normal | paused. ``title``: the due date. ``provisional``: the calendar is provisional.
    """
    provisional = bool(deadline.provisional)
    if deadline.state == DeadlineState.MET:
        title = (gettext("完成日期：%(date)s", date=format_date(deadline.met_on))
                 if deadline.met_on else None)
        return {"text": gettext("已完成"), "tone": "normal", "title": title, "provisional": False}
    if deadline.state == DeadlineState.CANCELLED:
        return {"text": gettext("已取消"), "tone": "normal", "title": None, "provisional": False}
    if deadline.state == DeadlineState.PAUSED or deadline.due_on is None:
        left = (deadline.derivation or {}).get("remaining_days")
        if left is None:
            title = gettext("中止中")
        elif deadline.unit == UNIT_WORKING:
            title = ngettext("中止中，尚余 %(num)d 个工作日", "中止中，尚余 %(num)d 个工作日", left)
        else:
            title = ngettext("中止中，尚余 %(num)d 天", "中止中，尚余 %(num)d 天", left)
        return {"text": gettext("期限中止"), "tone": "paused", "title": title,
                "provisional": provisional}
    due = deadline.due_on
    title = format_date(due)
    working = deadline.unit == UNIT_WORKING
    if due < today:
        if working:
            late = calendar.count_working_days(due, today)
            text = (ngettext("逾期 %(num)d 个工作日", "逾期 %(num)d 个工作日", late) if late
                    else gettext("已逾期"))
        else:
            text = ngettext("逾期 %(num)d 天", "逾期 %(num)d 天", (today - due).days)
        return {"text": text, "tone": "overdue", "title": title, "provisional": provisional}
    if due == today:
        return {"text": gettext("今日届满"), "tone": "today", "title": title,
                "provisional": provisional}
    working_left = calendar.count_working_days(today, due)
    text = (ngettext("剩 %(num)d 个工作日", "剩 %(num)d 个工作日", working_left) if working
            else ngettext("剩 %(num)d 天", "剩 %(num)d 天", (due - today).days))
    tone = "soon" if working_left <= soon_working_days else "normal"
    return {"text": text, "tone": tone, "title": title, "provisional": provisional}


BOARD_FILTERS = {
    "active": (N_("全部在办"), ACTIVE_STATES),
    "overdue": (N_("已逾期"), (DeadlineState.OVERDUE,)),
    "open": (N_("进行中"), (DeadlineState.OPEN,)),
    "paused": (N_("中止中"), (DeadlineState.PAUSED,)),
}
"""Filters of the board: (label, shown with ``gettext``; states)."""


def board_query(state_filter: str = "active"):
    """Running deadlines for the board: overdue first (most overdue on top), then the nearest due
    date, then paused ones (no due date)."""
    _label, states = BOARD_FILTERS.get(state_filter, BOARD_FILTERS["active"])
    return (
        select(Deadline)
        .where(Deadline.state.in_(states))
        .order_by(
            case((Deadline.due_on.is_(None), 1), else_=0),
            Deadline.due_on,
            Deadline.id,
        )
    )


@dataclass(frozen=True)
class DayCell:
    """One day of the calendar page."""

    info: DayInfo
    row: CalendarDay | None

    @property
    def mark(self) -> str | None:
        """「休」 for a holiday, 「班」 for a 调休 make-up working day, else None (shown with
        ``gettext``)."""
        if self.info.kind == KIND_HOLIDAY:
            return N_("休")
        if self.info.kind == KIND_MAKEUP:
            return N_("班")
        return None

    @property
    def words(self) -> str:
        """The day in words for the cell, e.g. 「国庆节休假」「调休上班（春节）」, in the reader's
        language."""
        if self.info.kind in (KIND_HOLIDAY, KIND_MAKEUP):
            return self.info.reason()
        return ""

    @property
    def name(self) -> str:
        """The festival of a marked day (「节假日」 or 「调休」 when it has none), in the reader's
        language."""
        if self.info.name:
            return festival(self.info.name)
        return gettext("节假日") if self.info.kind == KIND_HOLIDAY else gettext("调休")


def month_grid(session: Session, calendar: Calendar, year: int, month: int) -> list[list[Any]]:
    """Weeks (Monday first) of ``DayCell`` or None for the page's month tables."""
    rows = {
        r.day: r
        for r in session.scalars(
            select(CalendarDay).where(
                CalendarDay.day.between(date(year, month, 1),
                                        date(year, month, 28) + timedelta(days=4))
            )
        )
    }
    first = date(year, month, 1)
    cells: list[Any] = [None] * first.weekday()
    d = first
    while d.month == month:
        cells.append(DayCell(calendar.day_info(d), rows.get(d)))
        d += timedelta(days=1)
    cells += [None] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]
