"""The only place that reads the wall clock: UTC datetimes and Beijing calendar dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_beijing() -> date:
    return now_utc().astimezone(BEIJING).date()


def beijing_date(moment: datetime) -> date:
    """The Beijing calendar day of an aware datetime (domain.md §7.2 rule 4)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime not allowed")
    return moment.astimezone(BEIJING).date()


def beijing_day_start(day: date) -> datetime:
    """The first moment of the Beijing calendar day ``day``, in UTC (for ``at >= …`` bounds)."""
    return datetime.combine(day, time.min, BEIJING).astimezone(UTC)
