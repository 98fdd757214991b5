"""The working-day calendar as stored in ``calendar_day`` / ``calendar_year`` and cached per process
(design.md §5): ``load_calendar`` is how every other module reads it."""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from recon.db import forget_memo, transaction_memo
from recon.deadlines.calendar import (
    Calendar,
    chinese_calendar_rows,
)
from recon.deadlines.models import (
    CalendarDay,
    CalendarYear,
)

log = logging.getLogger("recon.deadlines")

@lru_cache(maxsize=1)
def package_rows() -> tuple[tuple[date, bool, str], ...]:
    return tuple(chinese_calendar_rows())




# The per-process calendar cache: one Calendar per database, rebuilt when the fingerprint
# (row counts, latest change, number of working days) changes. Services that edit the calendar
# also clear it, so a change made in this process is seen at once even with a fixed `now`.
_CACHE: dict[str, tuple[tuple, Calendar]] = {}
_MEMO_KEY = "deadlines.calendar"


def invalidate_calendar_cache(session: Session | None = None) -> None:
    _CACHE.clear()
    if session is not None:
        forget_memo(session, _MEMO_KEY)


def _bind_key(session: Session) -> str:
    bind = session.get_bind()
    return bind.url.render_as_string(hide_password=True)


def _fingerprint(session: Session) -> tuple:
    days = session.execute(
        select(
            func.count(),
            func.max(CalendarDay.updated_at),
            func.sum(case((CalendarDay.is_workday, 1), else_=0)),
        ).select_from(CalendarDay)
    ).one()
    years = session.execute(
        select(func.count(), func.max(CalendarYear.entered_at), func.sum(CalendarYear.year))
        .select_from(CalendarYear)
    ).one()
    return (tuple(days), tuple(years))


def load_calendar(session: Session) -> Calendar:
    """The working-day calendar of this database (cached per process, see ``_CACHE``, and checked
    once per transaction).

    An empty calendar (a database nobody seeded) falls back to the installed chinese_calendar
    data, so counting stays right; ``flask db upgrade`` seeds every database anyway.
    """
    return transaction_memo(session, _MEMO_KEY, lambda: _load_calendar(session))


def _load_calendar(session: Session) -> Calendar:
    key = _bind_key(session)
    fingerprint = _fingerprint(session)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == fingerprint:
        return hit[1]
    if fingerprint[0][0] == 0 and fingerprint[1][0] == 0:
        log.warning("calendar tables are empty; using the chinese_calendar package data")
        calendar = Calendar.from_chinese_calendar()
    else:
        rows = session.execute(
            select(CalendarDay.day, CalendarDay.is_workday, CalendarDay.name)
        ).all()
        years = session.scalars(select(CalendarYear.year)).all()
        calendar = Calendar.from_rows(((r.day, r.is_workday, r.name) for r in rows), years)
    _CACHE[key] = (fingerprint, calendar)
    return calendar
