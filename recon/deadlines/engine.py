"""The statutory clock: a due date and its derivation.

``compute()`` returns a ``DeadlineResult`` with the due date and a trail that a person can check:
the start day (never counted), each counted working day, each skipped weekend, holiday or 调休
day, the raw end of a natural-day period, the roll-forward, pauses and extensions. ``due_date()``
gives the same date without the trail, fast (for bulk recomputation and the benchmark).

Counting (domain.md §7.2, §12, §13):

* working-day rules (3/5/7/10 days, art. 88 ¶2): start day excluded, the Nth working day after
  it is the due date; 调休 make-up days count (configurable). A start on a rest day is still
  excluded and counting begins the next day.
* natural-day rules: raw = start + N days; a raw end that is not a working day rolls forward to
  the first working day.
* year rules: the corresponding day N years later (the month end when there is none, 民法典
  art. 202), rolled forward like natural days.
* ``hearing_notice``: the start is the hearing date; the due date is the Nth working day counted
  back from it (hearing day excluded), the last day the notice may be served.
* pauses (中止): natural and year rules add (resume - suspend) natural days to the raw end;
  working-day rules do not count the working days in [suspend, resume). A pause still open makes
  the result ``paused`` with no due date. A pause that starts after the period has already run
  out does not change it.
* extension (art. 62, only ``decision``): by default raw = start + 60 + extension + paused days,
  rolled forward once (``ClockPolicy.extension_base = "acceptance"``); the alternative counts the
  extension from the rolled original due date (``"rolled_deadline"``).

Language: ``compute()`` writes the derivation in Chinese whatever the reader's locale, since it is
recorded with the deadline and printed in documents; ``explain_zh()`` reads it out in Chinese.
``compute_localized()`` is ``compute()`` in the reader's language, for a calculation a page shows
and nothing records; ``localized()`` writes a recorded result again in the reader's language, and
``explain()`` reads either out. ``ClockError`` messages are translated when they are shown
(``str(exc)``).

Pure module: standard library, ``recon.i18n`` and ``recon.deadlines.calendar`` / ``rules`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from recon.deadlines.calendar import (
    FALLBACK_RULE_ZH,
    KIND_HOLIDAY,
    KIND_MAKEUP,
    KIND_WEEKEND,
    Calendar,
    CalendarError,
    DayInfo,
    festival,
    fmt_day,
)
from recon.deadlines.rules import (
    RULES,
    UNIT_NATURAL,
    UNIT_WORKING,
    UNIT_YEAR,
    Rule,
    UnknownRule,
    get_rule,
    period_words,
)
from recon.i18n import N_, gettext, lazy_gettext, ngettext, source_language

if TYPE_CHECKING:
    from babel.support import LazyProxy

__all__ = [
    "EXTENSION_ACCEPTANCE",
    "EXTENSION_ROLLED",
    "STEP_KINDS",
    "ClockError",
    "ClockPolicy",
    "DEFAULT_POLICY",
    "DeadlineResult",
    "Pause",
    "TrailStep",
    "compute",
    "compute_localized",
    "due_date",
    "explain",
    "explain_zh",
    "localized",
]

ONE_DAY = timedelta(days=1)

EXTENSION_ACCEPTANCE = "acceptance"
EXTENSION_ROLLED = "rolled_deadline"

STEP_KINDS = ("start", "count", "skip", "raw", "roll", "pause", "extend", "provisional", "due")


class ClockError(ValueError):
    """Input the clock cannot compute with. ``str(exc)`` is a message for people, in the reader's
    language (``message`` is a lazy translation); ``field`` names the input at fault ("start",
    "pauses", "extension_days", "policy")."""

    def __init__(self, message: LazyProxy, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class ClockPolicy:
    """Choices the law leaves open (domain.md §13), with the documented defaults.

    ``extension_base``: "acceptance" (default; acceptance + 60 + extension + paused days, rolled
    once) or "rolled_deadline" (the extension runs from the rolled original due date).
    ``makeup_days_are_workdays``: 调休 make-up weekend days count as working days (default True).
    """

    extension_base: str = EXTENSION_ACCEPTANCE
    makeup_days_are_workdays: bool = True

    def __post_init__(self) -> None:
        if self.extension_base not in (EXTENSION_ACCEPTANCE, EXTENSION_ROLLED):
            raise ClockError(
                lazy_gettext(
                    "延长期限的计算方式只能是“acceptance”（自受理之日起合并计算）"
                    "或“rolled_deadline”（自原届满日起计算）"
                ),
                "policy",
            )
        if not isinstance(self.makeup_days_are_workdays, bool):
            raise ClockError(lazy_gettext("调休上班日是否计为工作日，须为是或否"), "policy")

    def to_dict(self) -> dict[str, Any]:
        return {
            "extension_base": self.extension_base,
            "makeup_days_are_workdays": self.makeup_days_are_workdays,
        }


DEFAULT_POLICY = ClockPolicy()


class Pause(NamedTuple):
    """A suspension (中止): ``resumed_on`` is None while it lasts."""

    suspended_on: date
    resumed_on: date | None = None


@dataclass(frozen=True, slots=True)
class TrailStep:
    """One line of the derivation. ``kind`` is one of ``STEP_KINDS``; ``note`` is Chinese (in the
    reader's language in a ``localized()`` result)."""

    on: date | None
    kind: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat() if self.on else None,
            "kind": self.kind,
            "note": self.note,
        }


@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline and how it was worked out.

    ``due`` is None only while the period is paused by an open suspension. ``days`` is the
    statutory period in ``unit``s. ``remaining_days`` (only when paused) is what is left, in
    working days for working-day rules and natural days otherwise.
    """

    rule: str
    start: date
    due: date | None
    unit: str
    days: int
    article: str
    label: str
    provisional: bool
    provisional_reason: str | None
    paused: bool
    extension_days: int
    pauses: tuple[Pause, ...]
    trail: tuple[TrailStep, ...]
    remaining_days: int | None = None
    policy: ClockPolicy = field(default=DEFAULT_POLICY)

    @property
    def period_text(self) -> str:
        """The statutory period in the reader's words, e.g. "5个工作日", "60日", "1年"."""
        return period_words(self.days, self.unit)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the CLI shape of api.md plus label, paused, extension_days, pauses."""
        return {
            "rule": self.rule,
            "start": self.start.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "unit": self.unit,
            "days": self.days,
            "article": self.article,
            "provisional": self.provisional,
            "trail": [step.to_dict() for step in self.trail],
            "label": self.label,
            "paused": self.paused,
            "extension_days": self.extension_days,
            "pauses": [
                {
                    "suspended_on": p.suspended_on.isoformat(),
                    "resumed_on": p.resumed_on.isoformat() if p.resumed_on else None,
                }
                for p in self.pauses
            ],
            "provisional_reason": self.provisional_reason,
            "remaining_days": self.remaining_days,
            "policy": self.policy.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeadlineResult:
        """Rebuild a result from ``to_dict()`` output (e.g. a stored derivation)."""

        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        rule = RULES.get(data["rule"])
        policy = data.get("policy") or {}
        return cls(
            rule=data["rule"],
            start=date.fromisoformat(data["start"]),
            due=day(data.get("due")),
            unit=data["unit"],
            days=int(data["days"]),
            article=data["article"],
            label=data.get("label") or (rule.label if rule else data["rule"]),
            provisional=bool(data["provisional"]),
            provisional_reason=data.get("provisional_reason"),
            paused=bool(data.get("paused", False)),
            extension_days=int(data.get("extension_days") or 0),
            pauses=tuple(
                Pause(date.fromisoformat(p["suspended_on"]), day(p.get("resumed_on")))
                for p in data.get("pauses") or ()
            ),
            trail=tuple(TrailStep(day(s.get("on")), s["kind"], s["note"]) for s in data["trail"]),
            remaining_days=data.get("remaining_days"),
            policy=ClockPolicy(**policy) if policy else DEFAULT_POLICY,
        )


# --------------------------------------------------------------------------------------------
# validation


def _check_day(value: object, message: str, field_name: str, **values: object) -> date:
    """``value`` when it is a date; else ClockError(``message``), a msgid with ``%(value)s``."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ClockError(lazy_gettext(message, value=repr(value), **values), field_name)
    return value


def _check_extension(rule: Rule, extension_days: object) -> int:
    if extension_days is None or extension_days is False:
        return 0
    if type(extension_days) is int and extension_days == 0:
        return 0
    if type(extension_days) is not int:
        raise ClockError(
            lazy_gettext("延长天数必须是整数，收到：%(value)s", value=repr(extension_days)),
            "extension_days",
        )
    if rule.max_extension == 0:
        raise ClockError(
            lazy_gettext("%(label)s（%(article)s）依法不能延长", label=lazy_gettext(rule.label),
                         article=lazy_gettext(rule.article)),
            "extension_days",
        )
    if not 1 <= extension_days <= rule.max_extension:
        raise ClockError(
            lazy_gettext(
                "%(label)s最多延长%(max)d日，延长天数应为1至%(max)d日，收到：%(days)d日",
                label=lazy_gettext(rule.label), max=rule.max_extension, days=extension_days,
            ),
            "extension_days",
        )
    return extension_days


def _normalize_pauses(rule: Rule, start: date, pauses: Iterable[Any] | None) -> tuple[Pause, ...]:
    if pauses is None:
        return ()
    items: list[Pause] = []
    for number, raw in enumerate(pauses, 1):
        try:
            suspended_on, resumed_on = raw
        except (TypeError, ValueError):
            raise ClockError(
                lazy_gettext("第%(number)d个中止期间格式错误，应为（中止日期，恢复日期或空）",
                             number=number),
                "pauses",
            ) from None
        suspended_on = _check_day(
            suspended_on, N_("第%(number)d个中止期间的中止日期必须是日期（年-月-日），收到：%(value)s"),
            "pauses", number=number,
        )
        if resumed_on is not None:
            resumed_on = _check_day(
                resumed_on, N_("第%(number)d个中止期间的恢复日期必须是日期（年-月-日），收到：%(value)s"),
                "pauses", number=number,
            )
            if resumed_on < suspended_on:
                raise ClockError(
                    lazy_gettext("恢复日期 %(resumed)s 早于中止日期 %(suspended)s",
                                 resumed=resumed_on.isoformat(), suspended=suspended_on.isoformat()),
                    "pauses",
                )
        if suspended_on < start:
            raise ClockError(
                lazy_gettext("中止日期 %(suspended)s 早于起算日 %(start)s",
                             suspended=suspended_on.isoformat(), start=start.isoformat()),
                "pauses",
            )
        items.append(Pause(suspended_on, resumed_on))
    if items and rule.backward:
        raise ClockError(
            lazy_gettext("%(label)s自听证日向前倒数，不适用中止", label=lazy_gettext(rule.label)),
            "pauses",
        )
    items.sort(key=lambda p: (p.suspended_on, p.resumed_on or date.max))
    for before, after in zip(items, items[1:], strict=False):
        if before.resumed_on is None:
            raise ClockError(
                lazy_gettext("%(first)s 起的中止尚未恢复，不能另有 %(second)s 起的中止",
                             first=before.suspended_on.isoformat(),
                             second=after.suspended_on.isoformat()),
                "pauses",
            )
        if after.suspended_on < before.resumed_on:
            raise ClockError(
                lazy_gettext("中止期间重叠：%(suspended)s 至 %(resumed)s 与 %(second)s 起的中止",
                             suspended=before.suspended_on.isoformat(),
                             resumed=before.resumed_on.isoformat(),
                             second=after.suspended_on.isoformat()),
                "pauses",
            )
    return tuple(items)


def _checked_inputs(
    rule_id: str,
    start: object,
    pauses: Iterable[Any] | None,
    extension_days: object,
    policy: ClockPolicy | None,
) -> tuple[Rule, date, tuple[Pause, ...], int, ClockPolicy]:
    """The arguments of ``compute()`` / ``due_date()``, checked: (rule, start, pauses, extension
    days, policy). Raises ``UnknownRule`` or ``ClockError``."""
    rule = get_rule(rule_id)
    start = _check_day(start, N_("起算日必须是日期（年-月-日），收到：%(value)s"), "start")
    ext = _check_extension(rule, extension_days)
    return rule, start, _normalize_pauses(rule, start, pauses), ext, policy or DEFAULT_POLICY


def _with_period(rule: Rule, period: object) -> Rule:
    """``rule`` with the period its starting act set (only a ``variable`` rule has one)."""
    if not rule.variable:
        raise ClockError(lazy_gettext("%(label)s的期间由法律规定，不能另行设定",
                                      label=lazy_gettext(rule.label)), "period")
    if type(period) is not int or not 1 <= period <= 3660:
        raise ClockError(lazy_gettext("期间天数应为 1 至 3660 的整数，收到：%(value)s",
                                      value=repr(period)), "period")
    return replace(rule, period=period)


def add_years(d: date, years: int) -> tuple[date, bool]:
    """The corresponding day ``years`` later, the month end when there is none (29 Feb, 民法典
    art. 202); the flag says it was moved to the month end."""
    year = d.year + years
    if year > 9999:
        raise OverflowError("year out of range")
    try:
        return d.replace(year=year), False
    except ValueError:
        return date(year, d.month, 28), True


def _raw_start(rule: Rule, start: date) -> tuple[date, bool]:
    if rule.unit == UNIT_YEAR:
        return add_years(start, rule.period)
    return start + timedelta(days=rule.period), False


# --------------------------------------------------------------------------------------------
# natural and year rules: the pause and extension algebra, shared by compute() and due_date()


@dataclass
class _PauseOutcome:
    pause: Pause
    status: str  # "applied" | "ignored" | "open"
    used: int = 0  # natural days already run when suspended
    left: int = 0  # natural days left when suspended
    due_then: date | None = None  # due date at the moment of an ignored pause
    floored: bool = False  # the suspension fell on the last day or in the roll-forward days
    added: int = 0  # natural days added to the period for this pause


@dataclass
class _NaturalPlan:
    raw0: date
    clamped: bool
    paused_days: int
    outcomes: list[_PauseOutcome]
    open_pause: _PauseOutcome | None
    latest: date  # the latest date looked at while applying pauses


def _natural_plan(
    rule: Rule,
    start: date,
    ext: int,
    pauses: tuple[Pause, ...],
    policy: ClockPolicy,
    roll: Callable[[date], date],
) -> _NaturalPlan:
    raw0, clamped = _raw_start(rule, start)
    rolled_base = bool(ext) and policy.extension_base == EXTENSION_ROLLED

    def final_raw(paused: int) -> date:
        if rolled_base:
            return roll(raw0 + timedelta(days=paused)) + timedelta(days=ext)
        return raw0 + timedelta(days=ext + paused)

    paused_days = 0
    outcomes: list[_PauseOutcome] = []
    latest = raw0
    for pause in pauses:
        current_raw = final_raw(paused_days)
        current_due = roll(current_raw)
        latest = max(latest, current_due)
        s, r = pause
        if s > current_due:
            outcomes.append(_PauseOutcome(pause, "ignored", due_then=current_due))
            continue
        used = (s - start).days - paused_days
        left = max((current_raw - s).days, 0)
        if r is None:
            outcome = _PauseOutcome(pause, "open", used, left)
            outcomes.append(outcome)
            return _NaturalPlan(raw0, clamped, paused_days, outcomes, outcome, latest)
        before = paused_days
        paused_days += (r - s).days
        floored = False
        # A suspension on the last day or during the roll-forward days leaves nothing to add
        # the pause to; the period then ends no earlier than the resumption day.
        while final_raw(paused_days) < r:
            paused_days += (r - final_raw(paused_days)).days
            floored = True
        outcomes.append(
            _PauseOutcome(pause, "applied", used, left, floored=floored, added=paused_days - before)
        )
    return _NaturalPlan(raw0, clamped, paused_days, outcomes, None, latest)


# --------------------------------------------------------------------------------------------
# the fast path


_MODE_FORWARD, _MODE_NATURAL, _MODE_YEAR, _MODE_BACKWARD = range(4)
_FAST: dict[str, tuple[int, int]] = {
    rule.id: (
        _MODE_BACKWARD
        if rule.backward
        else _MODE_FORWARD
        if rule.unit == UNIT_WORKING
        else _MODE_YEAR
        if rule.unit == UNIT_YEAR
        else _MODE_NATURAL,
        rule.period,
    )
    for rule in RULES.values()
}


def due_date(
    rule_id: str,
    start: date,
    calendar: Calendar,
    pauses: Iterable[Any] = (),
    extension_days: int = 0,
    policy: ClockPolicy | None = None,
) -> date | None:
    """The due date of ``compute()`` without the trail. None only while a pause is open.

    Without pauses or extension this is a few list lookups in the calendar's working-day index.
    """
    spec = _FAST.get(rule_id) if type(rule_id) is str else None
    if spec is not None and not pauses and not extension_days and type(start) is date:
        idx = calendar._indexes.get(policy is None or policy.makeup_days_are_workdays)
        if idx is not None:
            mode, n = spec
            i = start.toordinal() - idx.first
            if mode == _MODE_FORWARD:
                if 0 <= i < idx.size:
                    k = idx.cum[i] + n - 1
                    if k < idx.nwd:
                        return idx.wd_dates[k]
            elif mode == _MODE_NATURAL:
                j = i + n
                if i >= 0 and j < idx.size:
                    found = idx.roll_dates[j]
                    if found is not None:
                        return found
            elif mode == _MODE_YEAR and start.year + n <= 9999:
                raw, _clamped = add_years(start, n)
                j = raw.toordinal() - idx.first
                if 0 <= j < idx.size:
                    found = idx.roll_dates[j]
                    if found is not None:
                        return found
            elif mode == _MODE_BACKWARD and 0 < i < idx.size:
                k = idx.cum[i - 1] - n
                if k >= 0:
                    return idx.wd_dates[k]
    return _due_date_general(rule_id, start, calendar, pauses, extension_days, policy)


def _due_date_general(
    rule_id: str,
    start: date,
    calendar: Calendar,
    pauses: Iterable[Any],
    extension_days: int,
    policy: ClockPolicy | None,
) -> date | None:
    rule, start, plist, ext, policy = _checked_inputs(
        rule_id, start, pauses, extension_days, policy
    )
    makeup = policy.makeup_days_are_workdays
    try:
        if rule.backward:
            return calendar.subtract_working_days(start, rule.period, makeup_counts=makeup)
        if rule.unit == UNIT_WORKING:
            cursor, remaining = start, rule.period + ext
            for s, r in plist:
                before = s - ONE_DAY
                available = (
                    calendar.count_working_days(cursor, before, makeup_counts=makeup)
                    if before > cursor
                    else 0
                )
                if available >= remaining:
                    break
                remaining -= available
                if r is None:
                    return None
                cursor = max(cursor, r - ONE_DAY)
            return calendar.add_working_days(cursor, remaining, makeup_counts=makeup)
        roll = partial(calendar.next_working_day, makeup_counts=makeup)
        plan = _natural_plan(rule, start, ext, plist, policy, roll)
        if plan.open_pause is not None:
            return None
        if ext and policy.extension_base == EXTENSION_ROLLED:
            first = roll(plan.raw0 + timedelta(days=plan.paused_days))
            return roll(first + timedelta(days=ext))
        return roll(plan.raw0 + timedelta(days=ext + plan.paused_days))
    except (OverflowError, CalendarError):
        raise ClockError(lazy_gettext("日期超出可计算范围"), "start") from None


# --------------------------------------------------------------------------------------------
# compute(): the due date with its derivation


class _Trail:
    """Collects steps; merges consecutive rest days into one "skip" step."""

    def __init__(self) -> None:
        self.steps: list[TrailStep] = []
        self.run: list[DayInfo] = []

    def add(self, on: date | None, kind: str, note: str) -> None:
        self.flush()
        self.steps.append(TrailStep(on, kind, note))

    def rest(self, info: DayInfo) -> None:
        self.run.append(info)

    def flush(self) -> None:
        if not self.run:
            return
        run = sorted(self.run, key=lambda i: i.date)
        self.run = []
        note = gettext("%(span)s %(reason)s，不计", span=_run_span(run), reason=_run_reason(run))
        self.steps.append(TrailStep(run[0].date, "skip", note))


def _run_span(run: list[DayInfo]) -> str:
    if len(run) == 1:
        return fmt_day(run[0].date)
    return gettext("%(first)s 至 %(last)s", first=run[0].date.isoformat(),
                   last=run[-1].date.isoformat())


def _run_reason(run: list[DayInfo]) -> str:
    """``国庆节休假``, ``周末休息``, ``周末及端午节休假``, with （暂定） for fallback days."""
    names: list[str] = []
    weekend = False
    makeup: list[str] = []
    for info in run:
        if info.kind == KIND_HOLIDAY:
            name = festival(info.name) if info.name else gettext("法定节假日")
            if name not in names:
                names.append(name)
        elif info.kind == KIND_WEEKEND:
            weekend = True
        elif info.kind == KIND_MAKEUP:
            label = (gettext("调休上班日（%(name)s）", name=festival(info.name)) if info.name
                     else gettext("调休上班日"))
            if label not in makeup:
                makeup.append(label)
    parts: list[str] = []
    if names:
        holidays = gettext("、").join(names)
        parts.append(gettext("周末及%(holidays)s休假", holidays=holidays) if weekend
                     else gettext("%(holidays)s休假", holidays=holidays))
    elif weekend:
        parts.append(gettext("周末休息"))
    if makeup:
        parts.append(gettext("%(days)s按本机关设置不计为工作日", days=gettext("、").join(makeup)))
    text = gettext("；").join(parts) if parts else gettext("休息日")
    if any(info.provisional for info in run):
        text += gettext("（暂定）")
    return text


def _count_note(k: int, info: DayInfo, backward: bool = False) -> str:
    day = fmt_day(info.date)
    text = (gettext("倒数第%(k)d个工作日：%(day)s", k=k, day=day) if backward
            else gettext("第%(k)d个工作日：%(day)s", k=k, day=day))
    if info.kind == KIND_MAKEUP:
        text = gettext("%(count)s %(reason)s，计入", count=text, reason=info.reason())
    elif info.provisional:
        text += gettext("（暂定）")
    return text


def _is_counted(info: DayInfo, makeup_counts: bool) -> bool:
    if info.kind == KIND_MAKEUP:
        return makeup_counts
    return info.is_workday


def _walk_roll(calendar: Calendar, d: date, makeup_counts: bool) -> tuple[date, list[DayInfo]]:
    """The first working day on or after ``d`` by walking, and the rest days passed over."""
    skipped: list[DayInfo] = []
    while True:
        info = calendar.day_info(d)
        if _is_counted(info, makeup_counts):
            return d, skipped
        skipped.append(info)
        d += ONE_DAY


def _provisional_reason(calendar: Calendar, first: date, last: date) -> str | None:
    years = calendar.uncovered_years(first, last)
    if not years:
        return None
    return gettext(
        "%(years)s年的放假安排尚未录入日历，按%(rule)s为休息日推算，本期限为暂定；"
        "国务院公布放假安排后应重新计算",
        years=gettext("、").join(str(y) for y in years), rule=gettext(FALLBACK_RULE_ZH),
    )


def compute(
    rule_id: str,
    start: date,
    calendar: Calendar,
    pauses: Iterable[Any] = (),
    extension_days: int = 0,
    policy: ClockPolicy | None = None,
    period: int | None = None,
) -> DeadlineResult:
    """The deadline of ``rule_id`` started by the event on ``start``, with its derivation (in
    Chinese, whatever the reader's locale: it is what gets recorded).

    ``pauses``: ``(suspended_on, resumed_on or None)`` pairs. ``extension_days``: approved
    extension (1..rule.max_extension; only rules that allow one). Raises ``UnknownRule`` or
    ``ClockError`` (both ``ValueError``); never raises for a year the calendar does not cover (the
    result is then provisional). ``period``: the length set by the act for a ``variable`` rule
    (``performance``: the days of a decision's performance period); None: the rule's own.
    """
    with source_language():
        return compute_localized(rule_id, start, calendar, pauses, extension_days, policy, period)


def compute_localized(
    rule_id: str,
    start: date,
    calendar: Calendar,
    pauses: Iterable[Any] = (),
    extension_days: int = 0,
    policy: ClockPolicy | None = None,
    period: int | None = None,
) -> DeadlineResult:
    """``compute()`` with the derivation in the reader's language: for a calculation a page shows
    and nothing records (the calculator, a hint). A recorded result goes through ``localized()``."""
    rule, start, plist, ext, policy = _checked_inputs(
        rule_id, start, pauses, extension_days, policy
    )
    if period is not None:
        rule = _with_period(rule, period)
    try:
        if rule.backward:
            due, steps, span, paused, remaining = _compute_backward(rule, start, calendar, policy)
        elif rule.unit == UNIT_WORKING:
            due, steps, span, paused, remaining = _compute_working(
                rule, start, calendar, plist, policy, ext
            )
        else:
            due, steps, span, paused, remaining = _compute_natural(
                rule, start, calendar, plist, ext, policy
            )
    except (OverflowError, CalendarError):
        raise ClockError(lazy_gettext("日期超出可计算范围"), "start") from None
    reason = _provisional_reason(calendar, *span)
    if reason:
        step = TrailStep(None, "provisional", reason)
        if steps and steps[-1].kind == "due":
            steps.insert(len(steps) - 1, step)
        else:
            steps.append(step)
    return DeadlineResult(
        rule=rule.id,
        start=start,
        due=due,
        unit=rule.unit,
        days=rule.period,
        article=rule.article,
        label=rule.label,
        provisional=reason is not None,
        provisional_reason=reason,
        paused=paused,
        extension_days=ext,
        pauses=plist,
        trail=tuple(steps),
        remaining_days=remaining,
        policy=policy,
    )


_Computed = tuple[date | None, list[TrailStep], tuple[date, date], bool, int | None]


def _start_note(rule: Rule, start: date, calendar: Calendar) -> str:
    info = calendar.day_info(start)
    note = gettext("起算日：%(day)s（%(trigger)s），当日不计入，自次日起算", day=fmt_day(start),
                   trigger=gettext(rule.trigger))
    if not info.is_workday:
        note = gettext("%(note)s；起算日为%(reason)s，同样不计入", note=note, reason=info.reason())
    return note


def _late_pause_note(suspended_on: date, due: date) -> str:
    return gettext("%(day)s 中止：期限已于 %(due)s 届满，中止不影响本期限",
                   day=suspended_on.isoformat(), due=due.isoformat())


def _compute_working(
    rule: Rule, start: date, calendar: Calendar, pauses: tuple[Pause, ...], policy: ClockPolicy,
    ext: int = 0,
) -> _Computed:
    """Count ``rule.period`` working days after ``start`` (plus ``ext`` approved extra working days,
    art. 31 ¶2), skipping rest days and paused spans."""
    makeup = policy.makeup_days_are_workdays
    n = rule.period + ext
    trail = _Trail()
    trail.add(start, "start", _start_note(rule, start, calendar))
    counted = 0
    pending = list(pauses)
    d = start + ONE_DAY
    while True:
        while pending and pending[0].suspended_on <= d:
            s, r = pending.pop(0)
            left = n - counted
            if r is None:
                trail.add(
                    s,
                    "pause",
                    gettext(
                        "%(day)s 起中止，尚未恢复：期限中止中（中止前已计%(counted)d个工作日，"
                        "尚余%(left)d个工作日），恢复后自恢复之日起续算",
                        day=s.isoformat(), counted=counted, left=left,
                    ),
                )
                return None, trail.steps, (start + ONE_DAY, s), True, left
            if r == s:
                note = gettext("%(day)s 中止并于当日恢复，不影响期限计算", day=s.isoformat())
            else:
                excluded = calendar.count_working_days(
                    s - ONE_DAY, r - ONE_DAY, makeup_counts=makeup
                )
                note = gettext(
                    "%(suspended)s 中止，%(resumed)s 恢复：%(suspended)s 至 %(last)s 期间的"
                    "%(excluded)d个工作日不计入（中止前已计%(counted)d个工作日，尚余%(left)d个工作日），"
                    "自恢复之日起续算",
                    suspended=s.isoformat(), resumed=r.isoformat(),
                    last=(r - ONE_DAY).isoformat(), excluded=excluded, counted=counted, left=left,
                )
            trail.add(s, "pause", note)
            d = max(d, r)
        info = calendar.day_info(d)
        if _is_counted(info, makeup):
            counted += 1
            trail.add(d, "count", _count_note(counted, info))
            if counted == n:
                break
        else:
            trail.rest(info)
        d += ONE_DAY
    due = d
    for s, _r in pending:
        trail.add(s, "pause", _late_pause_note(s, due))
    if ext:
        trail.add(due, "due", gettext("届满日：%(day)s（第%(n)d个工作日，含经批准延长的%(ext)d个工作日）",
                                      day=fmt_day(due), n=n, ext=ext))
    else:
        trail.add(due, "due", gettext("届满日：%(day)s（第%(n)d个工作日）", day=fmt_day(due), n=n))
    return due, trail.steps, (start + ONE_DAY, due), False, None


def _compute_backward(
    rule: Rule, hearing: date, calendar: Calendar, policy: ClockPolicy
) -> _Computed:
    makeup = policy.makeup_days_are_workdays
    n = rule.period
    trail = _Trail()
    trail.add(
        hearing,
        "start",
        gettext("听证日期：%(day)s；听证当日不计入，向前倒数%(n)d个工作日", day=fmt_day(hearing),
                n=n),
    )
    counted = 0
    d = hearing - ONE_DAY
    while True:
        info = calendar.day_info(d)
        if _is_counted(info, makeup):
            counted += 1
            trail.add(d, "count", _count_note(counted, info, backward=True))
            if counted == n:
                break
        else:
            trail.rest(info)
        d -= ONE_DAY
    trail.add(d, "due", gettext("最迟送达听证通知之日：%(day)s（听证日前第%(n)d个工作日）",
                                day=fmt_day(d), n=n))
    return d, trail.steps, (d, hearing - ONE_DAY), False, None


def _compute_natural(
    rule: Rule,
    start: date,
    calendar: Calendar,
    pauses: tuple[Pause, ...],
    ext: int,
    policy: ClockPolicy,
) -> _Computed:
    makeup = policy.makeup_days_are_workdays

    def roll(d: date) -> date:
        return _walk_roll(calendar, d, makeup)[0]

    plan = _natural_plan(rule, start, ext, pauses, policy, roll)
    steps: list[TrailStep] = [TrailStep(start, "start", _start_note(rule, start, calendar))]
    for outcome in plan.outcomes:
        s, r = outcome.pause
        if outcome.status == "ignored":
            assert outcome.due_then is not None
            note = _late_pause_note(s, outcome.due_then)
        elif outcome.status == "open":
            note = gettext(
                "%(day)s 起中止，尚未恢复：期限中止中（中止前已经过%(used)d日，尚余%(left)d日），"
                "恢复后自恢复之日的次日起续算",
                day=s.isoformat(), used=outcome.used, left=outcome.left,
            )
        else:
            assert r is not None
            note = gettext(
                "%(suspended)s 中止，%(resumed)s 恢复：中止期间%(days)d日不计入"
                "（中止前已经过%(used)d日，尚余%(left)d日）",
                suspended=s.isoformat(), resumed=r.isoformat(), days=(r - s).days,
                used=outcome.used, left=outcome.left,
            )
            if outcome.floored:
                note = gettext(
                    "%(note)s；中止发生在期限最后一日或顺延期间，期限至少延至恢复之日，"
                    "本次共顺延%(added)d日",
                    note=note, added=outcome.added,
                )
        steps.append(TrailStep(s, "pause", note))
    if plan.open_pause is not None:
        return None, steps, (plan.raw0, plan.latest), True, plan.open_pause.left

    raw0_text = f"{start.isoformat()} + {rule.period_text}"
    if plan.clamped:
        raw0_text += gettext("（%(year)d年%(month)d月无%(day)d日，取该月末日）",
                             year=plan.raw0.year, month=plan.raw0.month, day=start.day)
    paused_text = (ngettext(" + 中止期间%(num)d日", " + 中止期间%(num)d日", plan.paused_days)
                   if plan.paused_days else "")

    def roll_steps(raw: date, text: str) -> date:
        due, skipped = _walk_roll(calendar, raw, makeup)
        if not skipped:
            steps.append(TrailStep(raw, "raw", gettext("%(sum)s = %(day)s，为工作日", sum=text,
                                                       day=fmt_day(raw))))
            return due
        steps.append(TrailStep(raw, "raw", f"{text} = {fmt_day(raw)}"))
        steps.append(
            TrailStep(
                due,
                "roll",
                gettext(
                    "%(raw)s 为休息日（%(span)s %(reason)s），顺延至其后第一个工作日 %(due)s",
                    raw=fmt_day(raw), span=_run_span(skipped), reason=_run_reason(skipped),
                    due=fmt_day(due),
                ),
            )
        )
        return due

    if ext and policy.extension_base == EXTENSION_ROLLED:
        first_raw = plan.raw0 + timedelta(days=plan.paused_days)
        first_due = roll_steps(first_raw, raw0_text + paused_text)
        steps.append(
            TrailStep(
                first_due,
                "extend",
                gettext("经批准延长%(days)d日（最长%(max)d日），自原届满日 %(due)s 起算",
                        days=ext, max=rule.max_extension, due=first_due.isoformat()),
            )
        )
        due = roll_steps(first_due + timedelta(days=ext),
                         f"{first_due.isoformat()} + {period_words(ext, UNIT_NATURAL)}")
    else:
        ext_text = ""
        if ext:
            steps.append(
                TrailStep(
                    None,
                    "extend",
                    gettext(
                        "经批准延长%(days)d日（最长%(max)d日）：自起算日连续计算%(period)d日 + "
                        "%(days)d日，仅对最后一日顺延一次",
                        days=ext, max=rule.max_extension, period=rule.period,
                    ),
                )
            )
            ext_text = gettext(" + 延长%(days)d日", days=ext)
        raw = plan.raw0 + timedelta(days=ext + plan.paused_days)
        due = roll_steps(raw, raw0_text + ext_text + paused_text)
    steps.append(TrailStep(due, "due", gettext("届满日：%(day)s", day=fmt_day(due))))
    return due, steps, (plan.raw0, max(due, plan.latest)), False, None


# --------------------------------------------------------------------------------------------
# reading


def localized(result: DeadlineResult, calendar: Calendar) -> DeadlineResult:
    """A recorded ``result`` written again in the reader's language, for a page.

    The clock runs again on the result's own inputs with ``calendar``. When that run, in Chinese,
    is not the result itself (the calendar has changed since a finished deadline was computed, or
    its rule is gone), the result is returned as it was recorded. For a Chinese reader that is one
    run; for another, a second run in Chinese makes the check.
    """
    again = partial(compute_localized, result.rule, result.start, calendar, result.pauses,
                    result.extension_days, result.policy)
    recorded = result.to_dict()
    try:
        shown = again()
        if shown.to_dict() != recorded:
            with source_language():
                if again().to_dict() != recorded:
                    return result
    except (UnknownRule, ClockError):
        return result
    return shown


def explain(result: DeadlineResult) -> list[str]:
    """The derivation as readable lines: the period and its article, the trail, the consequence.
    The first and last lines are in the reader's language; the trail is as ``result`` has it (see
    ``localized()``)."""
    rule = RULES.get(result.rule)
    values = {"label": gettext(result.label), "period": result.period_text,
              "article": gettext(result.article)}
    if result.extension_days and result.unit == UNIT_WORKING:
        head = gettext("%(label)s：%(period)s（%(article)s），经批准延长%(days)d个工作日",
                       days=result.extension_days, **values)
    elif result.extension_days:
        head = gettext("%(label)s：%(period)s（%(article)s），经批准延长%(days)d日",
                       days=result.extension_days, **values)
    else:
        head = gettext("%(label)s：%(period)s（%(article)s）", **values)
    lines = [head]
    if result.provisional and result.provisional_reason:
        lines.append(gettext("【暂定】%(reason)s", reason=result.provisional_reason))
    lines.extend(step.note for step in result.trail if step.kind != "provisional")
    if result.paused:
        lines.append(gettext("期限中止中，恢复后重新计算届满日"))
    elif rule is not None:
        lines.append(gettext("期限届满的后果：%(consequence)s", consequence=gettext(rule.consequence)))
    return lines


def explain_zh(result: DeadlineResult) -> list[str]:
    """``explain()`` in Chinese, for a recorded result (documents, the command line)."""
    with source_language():
        return explain(result)
