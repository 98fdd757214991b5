"""The deadline lifecycle (design.md §5): open, meet, pause, resume, extend and cancel a
``Deadline``, and recompute the running ones after a calendar change.

Every function takes the SQLAlchemy ``session`` and the ``actor`` (a User, or None for the system)
and, where time matters, ``now`` (an aware datetime) or a date. They change rows, write the audit
entry with ``record()``, flush, and never commit. Invalid input raises ``DomainError`` (422) and a
transition the state does not allow raises ``Conflict`` (409), both with messages in the reader's
language; what is recorded (audit entries, timeline summaries, derivations) stays Chinese.

The pure engine (``engine.compute``) does the counting; this module stores its result: ``due_on``,
``provisional`` and the ``derivation`` shown on screen. A calendar change recomputes the open and
paused deadlines, audits each changed due date and sends ``signals.due_changed`` so that the case
timeline records it in the same transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.clock import beijing_date, now_utc
from recon.deadlines import signals
from recon.deadlines.calendar import (
    Calendar,
)
from recon.deadlines.calendar_store import invalidate_calendar_cache, load_calendar
from recon.deadlines.display import date_zh
from recon.deadlines.engine import ClockError, DeadlineResult, compute
from recon.deadlines.models import (
    ACTIVE_STATES,
    RECOMPUTED_STATES,
    Deadline,
    DeadlineState,
)
from recon.deadlines.rules import RULES, UNIT_WORKING, UnknownRule
from recon.errors import Conflict, DomainError
from recon.formatting import date_text
from recon.i18n import N_, gettext, source_language

log = logging.getLogger("recon.deadlines")

def _domain_error(exc: Exception, fields: dict[str, str] | None = None) -> DomainError:
    """A DomainError from the engine's UnknownRule / ClockError (their messages are Chinese)."""
    name = getattr(exc, "field", None)
    if fields and name in fields:
        name = fields[name]
    return DomainError(str(exc), field=name)


def _compute(rule_id: str, start_on: date, calendar: Calendar, pauses, extension_days: int,
             fields: dict[str, str] | None = None, period: int | None = None) -> DeadlineResult:
    try:
        return compute(rule_id, start_on, calendar, pauses=pauses, extension_days=extension_days,
                       period=period)
    except (UnknownRule, ClockError) as exc:
        raise _domain_error(exc, fields) from None


def set_period(deadline: Deadline) -> int | None:
    """The period its starting act set, for a ``variable`` rule (kept in the derivation's
    ``days``); None: the rule's own."""
    rule = RULES.get(deadline.rule)
    if rule is None or not rule.variable or not deadline.derivation:
        return None
    return int(deadline.derivation.get("days") or rule.period)


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
    period: int | None = None,
) -> Deadline:
    """Start the period ``rule_id`` of case ``case_id`` from the event on ``start_on`` (``period``:
    the days set by the act, for a ``variable`` rule such as ``performance``)."""
    return open_deadlines(session, case_id, (rule_id,), start_on, actor, now, pauses,
                          extension_days, period)[0]


def open_deadlines(
    session: Session,
    case_id: int,
    rule_ids: Sequence[str],
    start_on: date,
    actor,
    now: datetime,
    pauses: Iterable[tuple[date, date | None]] = (),
    extension_days: int = 0,
    period: int | None = None,
) -> list[Deadline]:
    """Start the periods ``rule_ids`` of case ``case_id`` from the same event on ``start_on``
    (a filing opens two): one calendar read, one flush, then one audit entry each."""
    calendar = load_calendar(session)
    pauses = list(pauses)
    opened = []
    for rule_id in rule_ids:
        result = _compute(rule_id, start_on, calendar, pauses, extension_days,
                          {"period": "days"} if period is not None else None, period)
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
        opened.append((deadline, result))
    session.flush()
    for deadline, result in opened:
        summary = f"开始计算{result.label}：起算日 {date_zh(start_on)}，届满日 {date_zh(result.due)}"
        if result.provisional:
            summary += "（暂定）"
        _audit(session, actor, "deadline.open", deadline, summary, None, now)
    return [deadline for deadline, _result in opened]


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
                      deadline.extension_days, {"pauses": "on", "start": "on"}, set_period(deadline))
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
                      deadline.extension_days, {"pauses": "on", "start": "on"}, set_period(deadline))
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


def extend(session: Session, deadline: Deadline, days: int, actor, now: datetime,
           on: date | None = None) -> Deadline:
    """Add an approved extension of ``days`` days in the rule's unit (art. 62: decision, at most 30
    natural days in all; art. 31 ¶2: the applicant's correction period, in working days).

    The extension must be approved before the period runs out: on ``on``, the day of the approval
    (today when None; a past day records an approval given on paper earlier).
    """
    _require_state(deadline, (DeadlineState.OPEN, DeadlineState.PAUSED),
                   N_("%(label)s当前状态为“%(state)s”，不能延长"))
    if type(days) is not int or days < 1:
        raise DomainError(gettext("延长天数必须是正整数"), field="days")
    today = on or beijing_date(now)
    if deadline.state == DeadlineState.OPEN and deadline.due_on and deadline.due_on < today:
        raise DomainError(
            gettext("%(label)s已于 %(due)s 届满，届满后不能再延长", label=gettext(deadline.label),
                    due=date_text(deadline.due_on)),
            field="days",
        )
    calendar = load_calendar(session)
    total = deadline.extension_days + days
    result = _compute(deadline.rule, deadline.start_on, calendar, deadline.pause_pairs(), total,
                      {"extension_days": "days"}, set_period(deadline))
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
                             extension_days=deadline.extension_days, period=set_period(deadline))
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



def recompute_after_calendar_change(session: Session, actor, now: datetime,
                           since: date | None) -> CalendarEdit:
    session.flush()
    invalidate_calendar_cache(session)
    return _recompute(session, actor, now, since)
