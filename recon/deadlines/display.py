"""Reading deadlines for people (design.md §5, ux.md H2/V1): dates in running text, badges, the
supervisors' warnings, the deadline board and the calendar page. Reads only."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, extract, func, select, text, tuple_
from sqlalchemy.orm import Session, defer

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
    PROVISIONAL_PREDICATE,
    RUNNING_PREDICATE,
    CalendarDay,
    CalendarYear,
    Deadline,
    DeadlineState,
    case_table,
)
from recon.deadlines.rules import RULES, UNIT_WORKING
from recon.i18n import N_, gettext, ngettext
from recon.locale import format_date
from recon.paging import COUNT_CAP, bounded_count, decode_cursor, encode_cursor

log = logging.getLogger("recon.deadlines")

RUNNING_PREDICATE_QUALIFIED = RUNNING_PREDICATE.replace("state", "deadline.state")
"""The board index's predicate with the table named (the board's queries join the case table)."""

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
    # the partial index ix_deadline_provisional holds exactly these rows (an index-only count)
    provisional = session.scalar(
        select(func.count()).select_from(Deadline).where(text(PROVISIONAL_PREDICATE))
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
    "active": N_("全部在办"),
    "overdue": N_("已逾期"),
    "today": N_("今日届满"),
    "week": N_("本周到期"),
    "paused": N_("中止中"),
}
"""The board's windows (``?state=``) and their labels (shown with ``gettext``). 「全部在办」 lists
the running deadlines, then the paused ones; 「已逾期」 is every running deadline whose due day has
passed (the sweep flags them within a minute); 「本周到期」 runs from today through Sunday."""

PAGE_SIZE = 50


@dataclass(frozen=True)
class BoardFilter:
    """The board's GET parameters: the window, and optionally one handler (``unassigned`` for the
    cases without one), one respondent, and only the 涉企 cases (``enterprise``)."""

    state: str = "active"
    handler_id: int | None = None
    unassigned: bool = False
    respondent: str | None = None
    enterprise: bool = False


@dataclass(frozen=True)
class BoardRow:
    deadline: Deadline
    case_no: str
    handler_id: int | None
    respondent: str


@dataclass(frozen=True)
class BoardPage:
    rows: list[BoardRow]
    next_cursor: str | None


def week_end(today: date) -> date:
    """The Sunday of ``today``'s week (「本周」)."""
    return today + timedelta(days=6 - today.weekday())


def _case_filters(flt: BoardFilter) -> list[Any]:
    cases = case_table
    clauses = []
    if flt.unassigned:
        clauses.append(cases.c.handler_id.is_(None))
    elif flt.handler_id is not None:
        clauses.append(cases.c.handler_id == flt.handler_id)
    if flt.respondent:
        clauses.append(cases.c.respondent_name == flt.respondent)
    if flt.enterprise:  # the case's row by its primary key, as for the other filters (ix_case_enterprise)
        clauses.append(cases.c.enterprise.is_(True))
    return clauses


def _window(state: str, today: date) -> list[Any]:
    """The due-date range of a window over the running deadlines."""
    if state == "overdue":
        return [Deadline.due_on < today]
    if state == "today":
        return [Deadline.due_on == today]
    if state == "week":
        return [Deadline.due_on >= today, Deadline.due_on <= week_end(today)]
    return []


def _with_case(query, flt: BoardFilter, rows: bool):
    """The case's columns for the list; for a count, the case only when a filter needs it (an
    unfiltered count reads the partial index alone)."""
    cases = case_table
    if rows:
        query = query.add_columns(cases.c.case_no, cases.c.handler_id, cases.c.respondent_name)
    if rows or _case_filters(flt):
        query = query.join(cases, cases.c.id == Deadline.case_id).where(*_case_filters(flt))
    return query


def _running(flt: BoardFilter, today: date, window: str | None = None, rows: bool = True):
    """Running deadlines of the filter in the board's order. The WHERE repeats the partial
    index's predicate so that ``ix_deadline_running_due_on_id`` serves it."""
    query = (
        select(Deadline if rows else Deadline.id)
        .where(text(RUNNING_PREDICATE_QUALIFIED), *_window(window or flt.state, today))
        .order_by(Deadline.due_on.asc().nulls_last(), Deadline.id)
    )
    if rows:
        query = query.options(defer(Deadline.derivation))  # ~1.6 KB a row the list does not show
    return _with_case(query, flt, rows)


def _paused(flt: BoardFilter, rows: bool = True):
    query = (select(Deadline if rows else Deadline.id)
             .where(Deadline.state == DeadlineState.PAUSED).order_by(Deadline.id))
    return _with_case(query, flt, rows)


def _cursor(row: BoardRow) -> str:
    """The last row's ``(due_on, id)`` as a ``recon.paging`` cursor (``due_on`` None in the paused part)."""
    return encode_cursor([row.deadline.due_on, row.deadline.id])


def parse_cursor(value: str | None) -> tuple[date | None, int] | None:
    """``(due_on, id)`` of a cursor made by ``_cursor``; None when absent (the first page).
    DomainError (field ``cursor``) when it is not such a cursor."""
    if not value:
        return None
    return decode_cursor(value, 2, kinds=((date, type(None)), (int,)))


def board_page(session: Session, flt: BoardFilter, today: date, cursor: str | None = None,
               size: int = PAGE_SIZE) -> BoardPage:
    """One page of the board, read through the index in its order (keyset on ``(due_on, id)``,
    no OFFSET): running deadlines by due date (the overdue first, most overdue on top), then, in
    「全部在办」, the paused ones (no due date). DomainError for a cursor that is not the board's."""
    after = parse_cursor(cursor)
    rows: list[BoardRow] = []
    if flt.state != "paused" and (after is None or after[0] is not None):
        query = _running(flt, today)
        if after is not None:
            query = query.where(tuple_(Deadline.due_on, Deadline.id) > tuple_(*after))
        rows = _rows(session, query.limit(size + 1))
    if flt.state in ("active", "paused") and len(rows) <= size:
        query = _paused(flt)
        if after is not None and after[0] is None:
            query = query.where(Deadline.id > after[1])
        rows += _rows(session, query.limit(size + 1 - len(rows)))
    more = len(rows) > size
    rows = rows[:size]
    return BoardPage(rows, _cursor(rows[-1]) if more else None)


def _rows(session: Session, query) -> list[BoardRow]:
    return [BoardRow(d, case_no, handler_id, respondent)
            for d, case_no, handler_id, respondent in session.execute(query).all()]


def _bounded_count(session: Session, query) -> int:
    """How many rows ``query`` (of ids) gives, counted up to ``COUNT_CAP + 1`` (more than the cap)."""
    n, capped = bounded_count(session, query, COUNT_CAP)
    return n + capped


def board_counts(session: Session, flt: BoardFilter, today: date) -> dict[str, int]:
    """The numbers before the list (ux.md V1), each bounded by ``COUNT_CAP``: overdue, due today,
    due this week, paused, and the current window's total, under the handler/respondent filter."""
    counts = {key: _bounded_count(session, _running(flt, today, key, rows=False))
              for key in ("overdue", "today", "week")}
    counts["paused"] = _bounded_count(session, _paused(flt, rows=False))
    counts["active"] = (_bounded_count(session, _running(flt, today, "active", rows=False))
                        + counts["paused"])
    return counts


@dataclass(frozen=True)
class Breakdown:
    key: Any  # a handler id (None: unassigned) or a respondent's name
    overdue: int
    today: int
    week: int


BREAKDOWN_LIMIT = 20


def board_breakdown(session: Session, flt: BoardFilter, today: date, by: str) -> list[Breakdown]:
    """Overdue, due today and due this week per handler (``by="handler"``) or per respondent
    (``"respondent"``), the most overdue first, at most ``BREAKDOWN_LIMIT`` lines. It reads only
    the running deadlines due by Sunday (a range of the board's partial index)."""
    cases = case_table
    column = cases.c.handler_id if by == "handler" else cases.c.respondent_name
    end = week_end(today)
    overdue = func.sum(case((Deadline.due_on < today, 1), else_=0))
    query = (
        select(column, overdue,
               func.sum(case((Deadline.due_on == today, 1), else_=0)),
               func.sum(case((and_(Deadline.due_on >= today, Deadline.due_on <= end), 1), else_=0)))
        .join_from(Deadline, cases, cases.c.id == Deadline.case_id)
        .where(text(RUNNING_PREDICATE_QUALIFIED), Deadline.due_on <= end, *_case_filters(flt))
        .group_by(column)
        .order_by(overdue.desc(), column)
        .limit(BREAKDOWN_LIMIT)
    )
    return [Breakdown(key, int(o or 0), int(t or 0), int(w or 0))
            for key, o, t, w in session.execute(query).all()]


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
