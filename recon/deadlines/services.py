"""Deadlines and the working-day calendar, in the database (design.md §1, §5).

Every function takes the SQLAlchemy ``session`` and the ``actor`` (a User, or None for the system)
and, where time matters, ``now`` (an aware datetime) or a date. They change rows, write the audit
entry with ``record()``, flush, and never commit. Invalid input raises ``DomainError`` (422) and a
transition the state does not allow raises ``Conflict`` (409), both with messages in the reader's
language; what is recorded (audit entries, timeline summaries, derivations) stays Chinese.

The pure engine (``engine.compute``) does the counting; this module stores its result: ``due_on``,
``provisional`` and the ``derivation`` shown on screen. A calendar change recomputes the open and
paused deadlines, audits each changed due date and sends ``signals.due_changed`` so that the case
timeline records it in the same transaction.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.clock import beijing_date, now_utc
from recon.db import forget_memo, transaction_memo
from recon.deadlines import signals
from recon.deadlines.calendar import (
    FALLBACK_RULE_ZH,
    KIND_HOLIDAY,
    KIND_MAKEUP,
    Calendar,
    DayInfo,
    chinese_calendar_rows,
    chinese_calendar_years,
    festival,
)
from recon.deadlines.engine import ClockError, DeadlineResult, compute
from recon.deadlines.models import (
    ACTIVE_STATES,
    RECOMPUTED_STATES,
    CalendarDay,
    CalendarSource,
    CalendarYear,
    Deadline,
    DeadlineState,
)
from recon.deadlines.rules import UNIT_WORKING, UnknownRule
from recon.errors import Conflict, DomainError
from recon.formatting import MAX_YEAR, MIN_YEAR, date_text, format_date_iso_weekday, iso_weekday
from recon.i18n import N_, gettext, ngettext, source_language
from recon.locale import format_date

log = logging.getLogger("recon.deadlines")

__all__ = [
    "CalendarEdit",
    "DueChange",
    "SeedResult",
    "badge",
    "board_query",
    "calendar_warnings",
    "cancel",
    "clear_day",
    "date_zh",
    "deadline_result",
    "enter_year_notice",
    "extend",
    "invalidate_calendar_cache",
    "load_calendar",
    "meet",
    "month_grid",
    "open_deadline",
    "pause",
    "recompute_open_deadlines",
    "resume",
    "seed_calendar",
    "set_day",
    "year_notice_lines",
]

SOON_WORKING_DAYS = 3
"""A deadline this many working days away or fewer gets the amber badge (ux.md H2)."""

WARNING_HORIZON_DAYS = 60
"""Warn this many days before the last covered year ends (design.md §5, ux.md V1)."""

MAX_REST_PERIOD_DAYS = 31
TAIL_FROM_DAY = 20  # December days from this one on may belong to the next year's notice
NAME_MAX = 40
NOTE_MAX = 200
TITLE_MAX = 200


def date_zh(d: date | None) -> str:
    """``2027年1月5日`` (no weekday: for running text such as timeline entries)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "（中止中，暂无届满日）"


# ================================================================================================
# the calendar: seeding and the cached Calendar


@lru_cache(maxsize=1)
def _package_rows() -> tuple[tuple[date, bool, str], ...]:
    return tuple(chinese_calendar_rows())


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
    for d, is_workday, name in _package_rows():
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
    edit = _after_calendar_change(session, actor, now, since=None)
    return dataclasses.replace(result, edit=edit)


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


# ================================================================================================
# deadlines


def _domain_error(exc: Exception, fields: dict[str, str] | None = None) -> DomainError:
    """A DomainError from the engine's UnknownRule / ClockError (their messages are Chinese)."""
    name = getattr(exc, "field", None)
    if fields and name in fields:
        name = fields[name]
    return DomainError(str(exc), field=name)


def _compute(rule_id: str, start_on: date, calendar: Calendar, pauses, extension_days: int,
             fields: dict[str, str] | None = None) -> DeadlineResult:
    try:
        return compute(rule_id, start_on, calendar, pauses=pauses, extension_days=extension_days)
    except (UnknownRule, ClockError) as exc:
        raise _domain_error(exc, fields) from None


def _pauses_json(pauses: Iterable[tuple[date, date | None]]) -> list[list[str | None]]:
    return [[s.isoformat(), r.isoformat() if r else None] for s, r in pauses]


def _apply(deadline: Deadline, result: DeadlineResult) -> None:
    deadline.due_on = result.due
    deadline.provisional = result.provisional
    deadline.derivation = result.to_dict()
    deadline.pauses = _pauses_json(result.pauses)
    deadline.extension_days = result.extension_days


def _snapshot(deadline: Deadline) -> dict[str, Any]:
    return {
        "rule": deadline.rule,
        "state": deadline.state,
        "start_on": deadline.start_on.isoformat(),
        "due_on": deadline.due_on.isoformat() if deadline.due_on else None,
        "provisional": deadline.provisional,
        "pauses": list(deadline.pauses or []),
        "extension_days": deadline.extension_days,
        "met_on": deadline.met_on.isoformat() if deadline.met_on else None,
    }


def _audit(session, actor, action: str, deadline: Deadline, summary: str,
           before: dict | None, at: datetime | None) -> None:
    record(session, actor, action, deadline, case_id=deadline.case_id, summary=summary,
           before=before, after=_snapshot(deadline), at=at)


def _require_state(deadline: Deadline, allowed: Sequence[str], message: str) -> None:
    """Conflict(``message``, a msgid with ``%(label)s`` and ``%(state)s``) unless the deadline is
    in one of the ``allowed`` states."""
    if deadline.state not in allowed:
        raise Conflict(gettext(message, label=gettext(deadline.label),
                               state=gettext(deadline.state_label)), field="state")


def deadline_result(deadline: Deadline) -> DeadlineResult:
    """The stored derivation as a ``DeadlineResult`` (for ``engine.explain``)."""
    return DeadlineResult.from_dict(deadline.derivation)


def open_deadline(
    session: Session,
    case_id: int,
    rule_id: str,
    start_on: date,
    actor,
    now: datetime,
    pauses: Iterable[tuple[date, date | None]] = (),
    extension_days: int = 0,
) -> Deadline:
    """Start the period ``rule_id`` of case ``case_id`` from the event on ``start_on``."""
    calendar = load_calendar(session)
    result = _compute(rule_id, start_on, calendar, list(pauses), extension_days)
    deadline = Deadline(
        case_id=case_id,
        rule=result.rule,
        start_on=start_on,
        state=DeadlineState.PAUSED if result.paused else DeadlineState.OPEN,
        created_at=now,
        updated_at=now,
    )
    _apply(deadline, result)
    session.add(deadline)
    session.flush()
    summary = f"开始计算{result.label}：起算日 {date_zh(start_on)}，届满日 {date_zh(result.due)}"
    if result.provisional:
        summary += "（暂定）"
    _audit(session, actor, "deadline.open", deadline, summary, None, now)
    return deadline


def meet(session: Session, deadline: Deadline, on: date, actor) -> Deadline:
    """The act the period is for was done on ``on`` (e.g. the decision was made)."""
    _require_state(deadline, ACTIVE_STATES, N_("%(label)s当前状态为“%(state)s”，不能标记为已完成"))
    if on < deadline.start_on:
        raise DomainError(
            gettext("完成日期 %(on)s 早于起算日 %(start)s，请检查日期", on=date_text(on),
                    start=date_text(deadline.start_on)),
            field="on",
        )
    before = _snapshot(deadline)
    deadline.state = DeadlineState.MET
    deadline.met_on = on
    deadline.updated_at = now_utc()
    session.flush()
    summary = f"{deadline.label}已于 {date_zh(on)} 完成"
    if deadline.due_on and on > deadline.due_on:
        summary += f"（届满日为 {date_zh(deadline.due_on)}，逾期完成）"
    _audit(session, actor, "deadline.meet", deadline, summary, before, None)
    return deadline


def pause(session: Session, deadline: Deadline, on: date, actor) -> Deadline:
    """Suspend (中止) the period from ``on``; the due date is unknown until it resumes."""
    _require_state(deadline, (DeadlineState.OPEN,),
                   N_("%(label)s当前状态为“%(state)s”，不能中止计算"))
    calendar = load_calendar(session)
    pairs = [*deadline.pause_pairs(), (on, None)]
    result = _compute(deadline.rule, deadline.start_on, calendar, pairs,
                      deadline.extension_days, {"pauses": "on", "start": "on"})
    if not result.paused:
        raise DomainError(
            gettext("%(label)s已于 %(due)s 届满，%(on)s 的中止不影响本期限，无需中止计算",
                    label=gettext(deadline.label), due=date_text(deadline.due_on), on=date_text(on)),
            field="on",
        )
    before = _snapshot(deadline)
    _apply(deadline, result)
    deadline.state = DeadlineState.PAUSED
    deadline.updated_at = now_utc()
    session.flush()
    left = result.remaining_days
    unit = "个工作日" if result.unit == UNIT_WORKING else "日"
    summary = f"{deadline.label}自 {date_zh(on)} 起中止计算"
    if left is not None:
        summary += f"，尚余{left}{unit}"
    _audit(session, actor, "deadline.pause", deadline, summary, before, None)
    return deadline


def resume(session: Session, deadline: Deadline, on: date, actor) -> Deadline:
    """The suspension ended on ``on``: the period runs again and gets a new due date."""
    _require_state(deadline, (DeadlineState.PAUSED,),
                   N_("%(label)s当前状态为“%(state)s”，不能恢复计算"))
    pairs = deadline.pause_pairs()
    if not pairs or pairs[-1][1] is not None:
        raise Conflict(gettext("%(label)s没有未恢复的中止记录", label=gettext(deadline.label)),
                       field="state")
    suspended_on = pairs[-1][0]
    if on < suspended_on:
        raise DomainError(
            gettext("恢复日期 %(on)s 早于中止日期 %(suspended)s，请检查日期", on=date_text(on),
                    suspended=date_text(suspended_on)),
            field="on",
        )
    pairs[-1] = (suspended_on, on)
    calendar = load_calendar(session)
    result = _compute(deadline.rule, deadline.start_on, calendar, pairs,
                      deadline.extension_days, {"pauses": "on", "start": "on"})
    before = _snapshot(deadline)
    _apply(deadline, result)
    deadline.state = DeadlineState.PAUSED if result.paused else DeadlineState.OPEN
    deadline.updated_at = now_utc()
    session.flush()
    summary = (
        f"{deadline.label}于 {date_zh(on)} 恢复计算（中止 {(on - suspended_on).days} 日），"
        f"届满日调整为 {date_zh(result.due)}"
    )
    _audit(session, actor, "deadline.resume", deadline, summary, before, None)
    return deadline


def extend(session: Session, deadline: Deadline, days: int, actor, now: datetime) -> Deadline:
    """Add an approved extension of ``days`` days in the rule's unit (art. 62: decision, at most 30
    natural days in all; art. 31 ¶2: the applicant's correction period, in working days).

    The extension must be approved before the period runs out.
    """
    _require_state(deadline, (DeadlineState.OPEN, DeadlineState.PAUSED),
                   N_("%(label)s当前状态为“%(state)s”，不能延长"))
    if type(days) is not int or days < 1:
        raise DomainError(gettext("延长天数必须是正整数"), field="days")
    today = beijing_date(now)
    if deadline.state == DeadlineState.OPEN and deadline.due_on and deadline.due_on < today:
        raise DomainError(
            gettext("%(label)s已于 %(due)s 届满，届满后不能再延长", label=gettext(deadline.label),
                    due=date_text(deadline.due_on)),
            field="days",
        )
    calendar = load_calendar(session)
    total = deadline.extension_days + days
    result = _compute(deadline.rule, deadline.start_on, calendar, deadline.pause_pairs(), total,
                      {"extension_days": "days"})
    before = _snapshot(deadline)
    _apply(deadline, result)
    deadline.updated_at = now
    session.flush()
    unit = "个工作日" if deadline.unit == UNIT_WORKING else "日"
    summary = f"{deadline.label}经批准延长{days}{unit}（累计{total}{unit}）"
    if result.due:
        summary += f"，届满日调整为 {date_zh(result.due)}"
    _audit(session, actor, "deadline.extend", deadline, summary, before, now)
    return deadline


def cancel(session: Session, deadline: Deadline, actor, reason: str) -> Deadline:
    """The period no longer runs (e.g. the application was withdrawn). ``reason`` is required."""
    _require_state(deadline, ACTIVE_STATES, N_("%(label)s当前状态为“%(state)s”，不能取消"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("请填写取消该期限的原因"), field="reason")
    if len(reason) > 300:
        raise DomainError(gettext("取消原因不超过 300 个字"), field="reason")
    before = _snapshot(deadline)
    deadline.state = DeadlineState.CANCELLED
    deadline.updated_at = now_utc()
    session.flush()
    _audit(session, actor, "deadline.cancel", deadline, f"取消{deadline.label}：{reason}", before,
           None)
    return deadline


# ================================================================================================
# recomputation after a calendar change


@dataclass(frozen=True)
class DueChange:
    """A recomputation that moved a due date or its provisional flag."""

    deadline_id: int
    case_id: int
    rule: str
    label: str
    before_due: date | None
    after_due: date | None
    before_provisional: bool
    after_provisional: bool
    cause: str = "工作日历更新"

    def summary_zh(self) -> str:
        """``期限重新计算：受理审查期限由 2027年1月5日 调整为 2027年1月6日（工作日历更新）``."""
        if self.before_due != self.after_due:
            return (
                f"期限重新计算：{self.label}由 {date_zh(self.before_due)} 调整为 "
                f"{date_zh(self.after_due)}（{self.cause}）"
            )
        if self.before_provisional and not self.after_provisional:
            return (
                f"期限重新计算：{self.label}届满日 {date_zh(self.after_due)} 不变，"
                f"已按正式放假安排确认，不再是暂定（{self.cause}）"
            )
        return (
            f"期限重新计算：{self.label}届满日 {date_zh(self.after_due)} 不变，"
            f"改为暂定（{self.cause}）"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "deadline_id": self.deadline_id,
            "rule": self.rule,
            "before_due": self.before_due.isoformat() if self.before_due else None,
            "after_due": self.after_due.isoformat() if self.after_due else None,
            "before_provisional": self.before_provisional,
            "after_provisional": self.after_provisional,
            "cause": self.cause,
        }


@dataclass(frozen=True)
class CalendarEdit:
    """What a calendar change did to the running deadlines."""

    checked: int
    changes: list[DueChange] = field(default_factory=list)

    def summary(self) -> str:
        """What was recomputed, in the reader's language."""
        if not self.checked:
            return gettext("没有需要重新计算的在办期限")
        return gettext("已重新计算 %(checked)d 个在办期限，其中 %(changed)d 个的届满日或暂定状态有变化",
                       checked=self.checked, changed=len(self.changes))

    def summary_zh(self) -> str:
        """``summary()`` in Chinese, for the audit log and the command line."""
        with source_language():
            return self.summary()


def recompute_open_deadlines(
    session: Session, actor, now: datetime, since: date | None = None, cause: str = "工作日历更新"
) -> list[DueChange]:
    """Recompute every open or paused deadline with the current calendar.

    ``since``: only deadlines that may depend on days from that date on (paused ones, or due on
    or after it). Each changed deadline is audited with its before/after due date and announced
    with ``signals.due_changed`` (the case timeline writes the event).
    """
    return _recompute(session, actor, now, since, cause).changes


def _recompute(session: Session, actor, now: datetime, since: date | None,
               cause: str = "工作日历更新") -> CalendarEdit:
    calendar = load_calendar(session)
    query = select(Deadline).where(Deadline.state.in_(RECOMPUTED_STATES))
    if since is not None:
        query = query.where(or_(Deadline.due_on.is_(None), Deadline.due_on >= since))
    checked = 0
    changes: list[DueChange] = []
    for deadline in session.scalars(query.order_by(Deadline.id)).all():
        checked += 1
        try:
            result = compute(deadline.rule, deadline.start_on, calendar,
                             pauses=deadline.pause_pairs(),
                             extension_days=deadline.extension_days)
        except (UnknownRule, ClockError):
            log.exception("deadline %s cannot be recomputed", deadline.id)
            continue
        before_due, before_provisional = deadline.due_on, deadline.provisional
        derivation = result.to_dict()
        if (before_due, before_provisional) == (result.due, result.provisional):
            if deadline.derivation != derivation:
                deadline.derivation = derivation  # e.g. a festival renamed: same dates
            continue
        before = _snapshot(deadline)
        _apply(deadline, result)
        deadline.updated_at = now
        session.flush()
        change = DueChange(
            deadline_id=deadline.id, case_id=deadline.case_id, rule=deadline.rule,
            label=deadline.label, before_due=before_due, after_due=result.due,
            before_provisional=before_provisional, after_provisional=result.provisional,
            cause=cause,
        )
        _audit(session, actor, "deadline.recompute", deadline, change.summary_zh(), before, now)
        signals.due_changed.send(deadline, session=session, change=change, actor=actor, now=now)
        changes.append(change)
    session.flush()
    return CalendarEdit(checked=checked, changes=changes)


def _after_calendar_change(session: Session, actor, now: datetime,
                           since: date | None) -> CalendarEdit:
    session.flush()
    invalidate_calendar_cache(session)
    return _recompute(session, actor, now, since)


# ================================================================================================
# editing the calendar


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
    return _after_calendar_change(session, actor, now, since=day)


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
    return _after_calendar_change(session, actor, now, since=day)


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
    return _after_calendar_change(session, actor, now, since=min([date(year, 1, 1), *days]))


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


# ================================================================================================
# reading: warnings, badges, the board, the calendar page


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

