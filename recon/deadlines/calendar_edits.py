"""Changing the calendar (design.md §5): seeding from chinesecalendar, correcting a day, and
entering a year from the State Council notice. Every change is audited and recomputes the running
deadlines."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.clock import now_utc
from recon.deadlines.calendar import (
    chinese_calendar_years,
)
from recon.deadlines.calendar_store import invalidate_calendar_cache, package_rows
from recon.deadlines.lifecycle import CalendarEdit, recompute_after_calendar_change
from recon.deadlines.models import (
    CalendarDay,
    CalendarSource,
    CalendarYear,
)
from recon.errors import DomainError
from recon.formatting import MAX_YEAR, MIN_YEAR, format_date_iso_weekday, iso_weekday
from recon.i18n import N_, gettext

log = logging.getLogger("recon.deadlines")

MAX_REST_PERIOD_DAYS = 31
TAIL_FROM_DAY = 20  # December days from this one on may belong to the next year's notice
NAME_MAX = 40
NOTE_MAX = 200
TITLE_MAX = 200


@dataclass(frozen=True)
class SeedResult:
    inserted: int
    updated: int
    years_added: tuple[int, ...]
    skipped_years: tuple[int, ...]
    first_year: int | None
    last_year: int | None
    edit: CalendarEdit | None = None

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.years_added)

    def summary_zh(self) -> str:
        span = (
            f"{self.first_year}–{self.last_year} 年" if self.first_year is not None else "（无数据）"
        )
        text = (
            f"已从 chinesecalendar 导入 {span}的工作日历：新增 {self.inserted} 天，"
            f"更新 {self.updated} 天，新增覆盖年份 {len(self.years_added)} 个"
        )
        if self.skipped_years:
            years = "、".join(str(y) for y in self.skipped_years)
            text += f"；{years} 年已按国务院通知人工录入，保持不变"
        if self.edit is not None and self.edit.checked:
            text += "；" + self.edit.summary_zh()
        return text + "。"


def seed_calendar(
    session: Session, actor=None, now: datetime | None = None, *, audit: bool = True
) -> SeedResult:
    """Load the installed ``chinese_calendar`` data into ``calendar_day`` / ``calendar_year``.

    Idempotent. Days and years entered from a notice or corrected by hand are never overwritten:
    a year an admin entered from the State Council notice is skipped entirely, and a manual day
    keeps its value. Package rows that changed (a newer package) are updated. With ``audit`` (the
    CLI) a change is audited and the open deadlines are recomputed; the test fixtures seed with
    ``audit=False`` on an empty database.
    """
    now = now or now_utc()
    years = sorted(chinese_calendar_years())
    year_rows = {y.year: y for y in session.scalars(select(CalendarYear))}
    skipped = {y for y, row in year_rows.items() if row.source != CalendarSource.PACKAGE}
    existing = {
        row.day: row
        for row in session.execute(
            select(CalendarDay.day, CalendarDay.is_workday, CalendarDay.name, CalendarDay.source)
        )
    }
    actor_id = getattr(actor, "id", None)
    new_rows: list[dict[str, Any]] = []
    updated = 0
    for d, is_workday, name in package_rows():
        if d.year in skipped:
            continue
        current = existing.get(d)
        if current is None:
            new_rows.append(
                {"day": d, "is_workday": is_workday, "name": name,
                 "source": CalendarSource.PACKAGE.value, "note": None,
                 "updated_at": now, "updated_by_id": actor_id}
            )
        elif current.source == CalendarSource.PACKAGE and (
            current.is_workday != is_workday or current.name != name
        ):
            row = session.get(CalendarDay, d)
            row.is_workday, row.name, row.updated_at, row.updated_by_id = (
                is_workday, name, now, actor_id)
            updated += 1
    if new_rows:
        session.execute(insert(CalendarDay), new_rows)
    added = [y for y in years if y not in year_rows]
    for y in added:
        session.add(CalendarYear(year=y, source=CalendarSource.PACKAGE, notice_title=None,
                                 entered_at=now, entered_by_id=actor_id))
    session.flush()
    result = SeedResult(
        inserted=len(new_rows), updated=updated, years_added=tuple(added),
        skipped_years=tuple(sorted(skipped & set(years))),
        first_year=years[0] if years else None, last_year=years[-1] if years else None,
    )
    if not result.changed:
        return result
    invalidate_calendar_cache(session)
    if not audit:
        return result
    record(
        session, actor, "calendar.import", object_type="calendar_year",
        object_id=f"{result.first_year}-{result.last_year}",
        summary=result.summary_zh(),
        after={"inserted": result.inserted, "updated": result.updated,
               "years_added": list(added)},
        at=now,
    )
    edit = recompute_after_calendar_change(session, actor, now, since=None)
    return dataclasses.replace(result, edit=edit)





def _check_year(year: object) -> int:
    if type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(gettext("年份必须是 %(min)d 到 %(max)d 之间的 4 位数字", min=MIN_YEAR,
                                  max=MAX_YEAR), field="year")
    return year


NAME_TOO_LONG = N_("节日名称不超过 %(limit)d 个字")


def _clean_text(value: str | None, limit: int, message: str, field_name: str) -> str:
    """``value`` stripped; DomainError(``message``, a msgid with ``%(limit)d``) when too long."""
    text = (value or "").strip()
    if len(text) > limit:
        raise DomainError(gettext(message, limit=limit), field=field_name)
    return text


def set_day(
    session: Session,
    day: date,
    is_workday: bool,
    name: str | None,
    note: str | None,
    actor,
    now: datetime,
) -> CalendarEdit:
    """Correct one day: a working day (e.g. a 调休 Saturday) or a rest day (e.g. a holiday)."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise DomainError(gettext("请填写要修改的日期"), field="day")
    name = _clean_text(name, NAME_MAX, NAME_TOO_LONG, "name")
    note = _clean_text(note, NOTE_MAX, N_("备注不超过 %(limit)d 个字"), "note") or None
    row = session.get(CalendarDay, day)
    before = row.as_dict() if row else None
    if row is None:
        row = CalendarDay(day=day)
        session.add(row)
    row.is_workday = bool(is_workday)
    row.name = name
    row.note = note
    row.source = CalendarSource.MANUAL
    row.updated_at = now
    row.updated_by_id = getattr(actor, "id", None)
    session.flush()
    kind = "工作日（上班）" if is_workday else "休息日（放假）"
    record(
        session, actor, "calendar.set_day", object_type="calendar_day",
        object_id=day.isoformat(),
        summary=f"修改工作日历：{format_date_iso_weekday(day)} 设为{kind}"
        + (f"（{name}）" if name else ""),
        before=before, after=row.as_dict(), at=now,
    )
    return recompute_after_calendar_change(session, actor, now, since=day)


def clear_day(session: Session, day: date, actor, now: datetime) -> CalendarEdit:
    """Remove a day's row: it becomes an ordinary weekday or weekend again."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise DomainError(gettext("请填写要恢复的日期"), field="day")
    row = session.get(CalendarDay, day)
    if row is None:
        raise DomainError(
            gettext("%(day)s 没有特别设置，已按星期几（周一至周五上班、周末休息）确定，无需恢复",
                    day=iso_weekday(day)),
            field="day",
        )
    before = row.as_dict()
    session.delete(row)
    session.flush()
    record(
        session, actor, "calendar.clear_day", object_type="calendar_day",
        object_id=day.isoformat(),
        summary=f"恢复工作日历默认设置：{format_date_iso_weekday(day)}"
        f"（删除“{before['name'] or '特别设置'}”）",
        before=before, after=None, at=now,
    )
    return recompute_after_calendar_change(session, actor, now, since=day)


def _in_notice_year(d: date, year: int) -> bool:
    """A notice for ``year`` may also rest on the last days of December before it (元旦)."""
    return d.year == year or (d.year == year - 1 and d.month == 12)


def enter_year_notice(
    session: Session,
    year: int,
    rest_periods: Sequence[tuple[date, date, str]],
    makeup_days: Sequence[tuple[date, str]],
    notice_title: str | None,
    actor,
    now: datetime,
) -> CalendarEdit:
    """Enter the State Council's notice for ``year``: it replaces every row of that year and
    marks the year covered, so its deadlines are no longer provisional.

    ``rest_periods``: ``(first, last, name)``; ``makeup_days``: ``(day, name)`` (weekend days
    worked, 调休上班).
    """
    year = _check_year(year)
    title = _clean_text(notice_title, TITLE_MAX, N_("通知标题不超过 %(limit)d 个字"),
                        "notice_title") or None
    if not rest_periods:
        raise DomainError(gettext("请至少填写一段放假期间，例如“%(year)d-01-01 %(year)d-01-01 元旦”",
                                  year=year), field="rest_periods")
    days: dict[date, tuple[bool, str]] = {}
    for first, last, raw_name in rest_periods:
        name = _clean_text(raw_name, NAME_MAX, NAME_TOO_LONG, "rest_periods")
        span = {"first": first.isoformat(), "last": last.isoformat()}
        if not name:
            raise DomainError(gettext("放假期间 %(first)s 至 %(last)s 缺少节日名称，例如“元旦”",
                                      **span), field="rest_periods")
        if last < first:
            raise DomainError(gettext("放假期间 %(first)s 至 %(last)s：结束日期早于开始日期",
                                      **span), field="rest_periods")
        if (last - first).days + 1 > MAX_REST_PERIOD_DAYS:
            raise DomainError(
                gettext("放假期间 %(first)s 至 %(last)s 超过 %(max)d 天，请检查日期",
                        max=MAX_REST_PERIOD_DAYS, **span),
                field="rest_periods",
            )
        d = first
        while d <= last:
            if not _in_notice_year(d, year):
                raise DomainError(
                    gettext("放假期间 %(first)s 至 %(last)s 不在 %(year)d 年内，请检查年份",
                            year=year, **span),
                    field="rest_periods",
                )
            if d in days:
                raise DomainError(gettext("%(day)s 在两段放假期间中重复出现", day=iso_weekday(d)),
                                  field="rest_periods")
            days[d] = (False, name)
            d += timedelta(days=1)
    for d, raw_name in makeup_days:
        name = _clean_text(raw_name, NAME_MAX, NAME_TOO_LONG, "makeup_days")
        if not name:
            raise DomainError(gettext("调休上班日 %(day)s 缺少节日名称，例如“春节”",
                                      day=iso_weekday(d)), field="makeup_days")
        if not _in_notice_year(d, year):
            raise DomainError(gettext("调休上班日 %(day)s 不在 %(year)d 年内，请检查年份",
                                      day=iso_weekday(d), year=year), field="makeup_days")
        if d.weekday() < 5:
            raise DomainError(
                gettext("%(day)s 本来就是工作日；调休上班日应为星期六或星期日，请检查日期",
                        day=iso_weekday(d)),
                field="makeup_days",
            )
        if d in days:
            message = (N_("%(day)s 已作为放假日填写，不能重复") if not days[d][0]
                       else N_("%(day)s 已作为调休上班日填写，不能重复"))
            raise DomainError(gettext(message, day=iso_weekday(d)), field="makeup_days")
        days[d] = (True, name)

    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    # The last days of December may belong to next year's notice (元旦 rest or 调休 days, e.g.
    # 2018-12-29 to 12-31 for 2019): keep them when next year is covered and this notice does
    # not list any day there itself.
    tail = date(year, 12, TAIL_FROM_DAY)
    if session.get(CalendarYear, year + 1) is not None and not any(
        tail <= d <= last_day for d in days
    ):
        last_day = tail - timedelta(days=1)
    replaced = or_(CalendarDay.day.between(first_day, last_day), CalendarDay.day.in_(list(days)))
    old_rows = session.scalars(select(CalendarDay).where(replaced).order_by(CalendarDay.day)).all()
    old_year = session.get(CalendarYear, year)
    before = {
        "covered": old_year is not None,
        "source": old_year.source if old_year else None,
        "notice_title": old_year.notice_title if old_year else None,
        "days": [[r.day.isoformat(), r.is_workday, r.name, r.source] for r in old_rows],
    }
    session.execute(
        delete(CalendarDay).where(replaced).execution_options(synchronize_session="fetch")
    )
    actor_id = getattr(actor, "id", None)
    session.execute(
        insert(CalendarDay),
        [
            {"day": d, "is_workday": wd, "name": name, "source": CalendarSource.NOTICE.value,
             "note": None, "updated_at": now, "updated_by_id": actor_id}
            for d, (wd, name) in sorted(days.items())
        ],
    )
    if old_year is None:
        old_year = CalendarYear(year=year)
        session.add(old_year)
    old_year.source = CalendarSource.NOTICE
    old_year.notice_title = title
    old_year.entered_at = now
    old_year.entered_by_id = actor_id
    session.flush()
    rest_count = sum(1 for wd, _n in days.values() if not wd)
    makeup_count = len(days) - rest_count
    record(
        session, actor, "calendar.enter_notice", object_type="calendar_year",
        object_id=str(year),
        summary=(f"录入 {year} 年放假安排" + (f"《{title.strip('《》')}》" if title else "")
                 + f"：放假 {rest_count} 天，调休上班 {makeup_count} 天"),
        before=before,
        after={
            "covered": True, "source": CalendarSource.NOTICE.value, "notice_title": title,
            "days": [[d.isoformat(), wd, name, CalendarSource.NOTICE.value]
                     for d, (wd, name) in sorted(days.items())],
        },
        at=now,
    )
    return recompute_after_calendar_change(session, actor, now, since=min([date(year, 1, 1), *days]))


def year_notice_lines(session: Session, year: int) -> tuple[str, str]:
    """The year's rows as the notice form's two text areas (rest periods, make-up days), so an
    admin correcting a year starts from what is stored."""
    rows = session.scalars(
        select(CalendarDay)
        .where(CalendarDay.day.between(date(year - 1, 12, 1), date(year, 12, 31)))
        .order_by(CalendarDay.day)
    ).all()
    periods: list[list[Any]] = []
    makeup: list[str] = []
    for row in rows:
        if row.is_workday:
            if (row.day.year == year or row.day.day >= TAIL_FROM_DAY) and row.day.weekday() >= 5:
                makeup.append(f"{row.day.isoformat()} {row.name or '调休'}")
            continue
        if row.day.year != year and row.day.day < TAIL_FROM_DAY:
            continue  # December rows belong to the previous year's notice
        last = periods[-1] if periods else None
        if last and last[1] + timedelta(days=1) == row.day and last[2] == row.name:
            last[1] = row.day
        else:
            periods.append([row.day, row.day, row.name])
    periods = [p for p in periods if p[1].year == year]
    rest = [f"{a.isoformat()} {b.isoformat()} {name or '节假日'}" for a, b, name in periods]
    return "\n".join(rest), "\n".join(makeup)
