"""Deadline services against the database: lifecycle, audit, calendar edits and recomputation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.deadlines import calendar_edits, calendar_store, display, lifecycle
from recon.deadlines.calendar import Calendar
from recon.deadlines.models import CalendarDay, CalendarSource, CalendarYear, Deadline
from recon.errors import Conflict, DomainError
from recon.extensions import db
from tests.deadlines.helpers import (
    FIXED_NOW,
    NOTICE_2027_MAKEUP,
    NOTICE_2027_REST,
    TODAY,
    make_case,
    open_deadline,
)

D = date.fromisoformat


def actions(deadline_or_none=None) -> list[str]:
    query = select(AuditEntry.action).order_by(AuditEntry.id)
    if deadline_or_none is not None:
        query = query.where(AuditEntry.object_type == "deadline",
                            AuditEntry.object_id == str(deadline_or_none.id))
    return list(db.session.scalars(query))


@pytest.fixture
def case(app):
    c = make_case()
    db.session.commit()
    return c


@pytest.fixture
def handler(users):
    return users["handler"]


# ---- the calendar in the database ----------------------------------------------------------------


def test_seed_fills_the_calendar_and_is_idempotent(app):
    days = db.session.scalar(select(func.count()).select_from(CalendarDay))
    years = set(db.session.scalars(select(CalendarYear.year)))
    assert days > 700 and {2004, 2024, 2026} <= years and 2027 not in years
    national_day = db.session.get(CalendarDay, D("2024-10-01"))
    assert (national_day.is_workday, national_day.name, national_day.source) == (
        False, "国庆节", "chinese_calendar")
    makeup = db.session.get(CalendarDay, D("2024-09-29"))
    assert makeup.is_workday and makeup.name == "国庆节"

    again = calendar_edits.seed_calendar(db.session, None, FIXED_NOW)
    assert not again.changed and again.inserted == 0
    assert db.session.scalar(select(func.count()).select_from(CalendarDay)) == days
    assert "calendar.import" not in actions()


def test_seed_restores_missing_package_rows_but_keeps_manual_ones(app, users):
    admin = users["admin"]
    calendar_edits.set_day(db.session, D("2024-10-01"), True, "演示", "人工更正", admin, FIXED_NOW)
    db.session.delete(db.session.get(CalendarDay, D("2025-01-01")))
    db.session.commit()
    result = calendar_edits.seed_calendar(db.session, admin, FIXED_NOW)
    db.session.commit()
    assert result.inserted == 1 and result.updated == 0
    assert db.session.get(CalendarDay, D("2025-01-01")).name == "元旦"
    kept = db.session.get(CalendarDay, D("2024-10-01"))
    assert kept.is_workday and kept.source == CalendarSource.MANUAL
    assert "calendar.import" in actions()


def test_load_calendar_matches_the_package_and_is_cached(app):
    cal = calendar_store.load_calendar(db.session)
    package = Calendar.from_chinese_calendar()
    assert cal.covered_years == package.covered_years
    assert cal.fingerprint == package.fingerprint
    assert calendar_store.load_calendar(db.session) is cal  # cached
    assert not cal.is_workday(D("2024-10-01")) and cal.is_workday(D("2024-09-29"))


def test_load_calendar_sees_a_change_made_elsewhere(app):
    cal = calendar_store.load_calendar(db.session)
    row = db.session.get(CalendarDay, D("2024-10-01"))
    row.is_workday = True  # as if another process had changed it (no service call here)
    row.updated_at = FIXED_NOW + timedelta(days=400)
    db.session.commit()
    fresh = calendar_store.load_calendar(db.session)
    assert fresh is not cal and fresh.is_workday(D("2024-10-01"))


# ---- the deadline lifecycle -------------------------------------------------------------------------


def test_open_deadline_stores_due_date_derivation_and_audit(case, handler):
    d = open_deadline(case, "acceptance_review", "2024-09-27", handler)
    db.session.commit()
    assert d.due_on == D("2024-10-10") and d.state == "open" and not d.provisional
    assert d.derivation["due"] == "2024-10-10" and d.derivation["rule"] == "acceptance_review"
    assert d.version_id == 1 and d.pauses == [] and d.extension_days == 0
    notes = [step["note"] for step in d.derivation["trail"]]
    assert any("调休上班（国庆节）" in n for n in notes)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "deadline.open"))
    assert entry.case_id == case.id and entry.actor_id == handler.id
    assert entry.after["due_on"] == "2024-10-10" and "受理审查期限" in entry.summary


def test_open_deadline_rejects_unknown_rule_and_bad_extension_in_chinese(case, handler):
    with pytest.raises(DomainError) as exc:
        open_deadline(case, "no_such_rule", "2024-09-27", handler)
    assert "未知的期限规则" in exc.value.message and exc.value.field == "rule"
    with pytest.raises(DomainError) as exc:
        open_deadline(case, "acceptance_review", "2024-09-27", handler, extension_days=5)
    assert "不能延长" in exc.value.message and exc.value.field == "extension_days"


def test_unknown_year_gives_a_provisional_deadline_not_an_error(case, handler):
    d = open_deadline(case, "acceptance_review", "2030-03-01", handler)
    assert d.provisional and d.due_on == D("2030-03-08")
    assert "2030" in d.derivation["provisional_reason"]


def test_meet(case, handler):
    d = open_deadline(case, "acceptance_review", "2024-09-27", handler)
    lifecycle.meet(db.session, d, D("2024-10-09"), handler)
    db.session.commit()
    assert d.state == "met" and d.met_on == D("2024-10-09") and d.version_id == 2
    assert actions(d) == ["deadline.open", "deadline.meet"]
    with pytest.raises(Conflict) as exc:
        lifecycle.meet(db.session, d, D("2024-10-09"), handler)
    assert "已完成" in exc.value.message and exc.value.status == 409


def test_meet_before_start_is_refused(case, handler):
    d = open_deadline(case, "acceptance_review", "2024-09-27", handler)
    with pytest.raises(DomainError) as exc:
        lifecycle.meet(db.session, d, D("2024-09-01"), handler)
    assert "早于起算日" in exc.value.message


def test_pause_and_resume_follow_the_worked_example_x4(case, handler):
    """domain.md §12 X4: accepted 2024-03-01, suspended 03-21, resumed 05-06 → 2024-06-17."""
    d = open_deadline(case, "decision", "2024-03-01", handler)
    assert d.due_on == D("2024-04-30")
    lifecycle.pause(db.session, d, D("2024-03-21"), handler)
    assert d.state == "paused" and d.due_on is None and d.pauses == [["2024-03-21", None]]
    assert d.derivation["remaining_days"] == 40
    lifecycle.resume(db.session, d, D("2024-05-06"), handler)
    db.session.commit()
    assert d.state == "open" and d.due_on == D("2024-06-17")
    assert d.pauses == [["2024-03-21", "2024-05-06"]]
    assert actions(d) == ["deadline.open", "deadline.pause", "deadline.resume"]
    resumed = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "deadline.resume"))
    assert resumed.before["due_on"] is None and resumed.after["due_on"] == "2024-06-17"


def test_pause_rules(case, handler):
    d = open_deadline(case, "acceptance_review", "2024-09-27", handler)
    with pytest.raises(DomainError) as exc:  # after the period ran out: nothing to pause
        lifecycle.pause(db.session, d, D("2024-10-20"), handler)
    assert "无需中止" in exc.value.message
    with pytest.raises(Conflict):
        lifecycle.resume(db.session, d, D("2024-10-01"), handler)  # not paused
    lifecycle.pause(db.session, d, D("2024-09-30"), handler)
    with pytest.raises(Conflict):
        lifecycle.pause(db.session, d, D("2024-10-01"), handler)  # already paused
    with pytest.raises(DomainError) as exc:
        lifecycle.resume(db.session, d, D("2024-09-29"), handler)
    assert "早于中止日期" in exc.value.message
    hearing = open_deadline(case, "hearing_notice", "2024-10-15", handler)
    with pytest.raises(DomainError) as exc:
        lifecycle.pause(db.session, hearing, D("2024-10-16"), handler)
    assert "不适用中止" in exc.value.message


def test_extend_the_decision_period(case, handler):
    d = open_deadline(case, "decision", "2026-10-09", handler)
    assert d.due_on == D("2026-12-08")
    lifecycle.extend(db.session, d, 30, handler, FIXED_NOW)
    db.session.commit()
    assert d.extension_days == 30 and d.due_on == D("2027-01-07") and d.provisional
    assert actions(d) == ["deadline.open", "deadline.extend"]
    with pytest.raises(DomainError) as exc:
        lifecycle.extend(db.session, d, 1, handler, FIXED_NOW)  # 31 in all
    assert "最多延长30日" in exc.value.message and exc.value.field == "days"


def test_extend_is_refused_where_the_law_has_none_and_after_expiry(case, handler):
    review = open_deadline(case, "acceptance_review", "2026-11-23", handler)
    with pytest.raises(DomainError) as exc:
        lifecycle.extend(db.session, review, 5, handler, FIXED_NOW)
    assert "依法不能延长" in exc.value.message
    old = open_deadline(case, "decision", "2026-08-01", handler)
    with pytest.raises(DomainError) as exc:
        lifecycle.extend(db.session, old, 10, handler, FIXED_NOW)
    assert "届满后不能再延长" in exc.value.message
    with pytest.raises(DomainError):
        lifecycle.extend(db.session, review, 0, handler, FIXED_NOW)


def test_cancel_needs_a_reason(case, handler):
    d = open_deadline(case, "acceptance_review", "2026-11-23", handler)
    with pytest.raises(DomainError) as exc:
        lifecycle.cancel(db.session, d, handler, "  ")
    assert exc.value.field == "reason"
    lifecycle.cancel(db.session, d, handler, "申请人撤回申请")
    db.session.commit()
    assert d.state == "cancelled"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "deadline.cancel"))
    assert "申请人撤回申请" in entry.summary and entry.before["state"] == "open"
    with pytest.raises(Conflict):
        lifecycle.cancel(db.session, d, handler, "again")


# ---- calendar edits recompute the running deadlines --------------------------------------------


def test_entering_the_2027_notice_recomputes_provisional_deadlines(case, users):
    handler, admin = users["handler"], users["admin"]
    review = open_deadline(case, "acceptance_review", "2026-12-28", handler)
    decision = open_deadline(case, "decision", "2026-12-08", handler)
    settled = open_deadline(case, "acceptance_review", "2026-11-02", handler)
    db.session.commit()
    assert review.provisional and review.due_on == D("2027-01-05")
    assert decision.provisional and decision.due_on == D("2027-02-08")  # raw Sat 02-06 → Mon
    assert not settled.provisional

    edit = calendar_edits.enter_year_notice(
        db.session, 2027, NOTICE_2027_REST, NOTICE_2027_MAKEUP,
        "国务院办公厅关于2027年部分节假日安排的通知", admin, FIXED_NOW)
    db.session.commit()

    assert edit.checked == 2  # `settled` ended before the notice's year: not recomputed
    assert {c.deadline_id for c in edit.changes} == {review.id, decision.id}
    assert not review.provisional and review.due_on == D("2027-01-05")
    assert not decision.provisional and decision.due_on == D("2027-02-14")  # 调休 Sunday
    assert decision.derivation["provisional"] is False
    trail = " ".join(s["note"] for s in decision.derivation["trail"])
    assert "春节休假" in trail and "顺延至其后第一个工作日 2027-02-14 星期日" in trail

    year = db.session.get(CalendarYear, 2027)
    assert year.source == "notice" and year.entered_by_id == admin.id
    assert db.session.get(CalendarDay, D("2027-01-09")).is_workday

    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "deadline.recompute",
                                                       AuditEntry.object_id == str(decision.id)))
    assert audit.before["due_on"] == "2027-02-08" and audit.after["due_on"] == "2027-02-14"
    assert audit.before["provisional"] is True and audit.after["provisional"] is False
    notice = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "calendar.enter_notice"))
    assert notice.before["covered"] is False and notice.after["covered"] is True

    events = {e.payload["deadline_id"]: e for e in db.session.scalars(
        select(CaseEvent).where(CaseEvent.kind == "deadline.due_changed"))}
    assert events[decision.id].summary == (
        "期限重新计算：行政复议决定期限（普通程序）由 2027年2月8日 调整为 2027年2月14日（工作日历更新）")
    assert "不再是暂定" in events[review.id].summary
    assert events[review.id].case_id == case.id


def test_set_day_recomputes_with_the_timeline_message_of_the_brief(case, users):
    handler, admin = users["handler"], users["admin"]
    review = open_deadline(case, "acceptance_review", "2026-12-28", handler)
    db.session.commit()
    edit = calendar_edits.set_day(db.session, D("2027-01-04"), False, "元旦", "补休", admin, FIXED_NOW)
    db.session.commit()
    assert review.due_on == D("2027-01-06") and review.provisional  # 2027 is still not covered
    assert edit.checked == 1 and len(edit.changes) == 1
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event.summary == "期限重新计算：受理审查期限由 2027年1月5日 调整为 2027年1月6日（工作日历更新）"
    assert event.kind == "deadline.due_changed" and event.actor_id == admin.id
    row = db.session.get(CalendarDay, D("2027-01-04"))
    assert row.source == "manual" and row.note == "补休" and row.updated_by_id == admin.id
    day_audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "calendar.set_day"))
    assert day_audit.before is None and day_audit.after["is_workday"] is False

    calendar_edits.clear_day(db.session, D("2027-01-04"), admin, FIXED_NOW)
    db.session.commit()
    assert review.due_on == D("2027-01-05")
    assert db.session.get(CalendarDay, D("2027-01-04")) is None
    with pytest.raises(DomainError) as exc:
        calendar_edits.clear_day(db.session, D("2027-01-04"), admin, FIXED_NOW)
    assert "没有特别设置" in exc.value.message


def test_recompute_leaves_met_and_overdue_deadlines_alone(case, users):
    handler, admin = users["handler"], users["admin"]
    d = open_deadline(case, "acceptance_review", "2026-12-28", handler)
    lifecycle.meet(db.session, d, D("2026-12-30"), handler)
    db.session.commit()
    assert lifecycle.recompute_open_deadlines(db.session, admin, FIXED_NOW) == []
    calendar_edits.set_day(db.session, D("2027-01-04"), False, "元旦", None, admin, FIXED_NOW)
    assert d.due_on == D("2027-01-05")


def test_notice_validation_messages(app, users):
    admin = users["admin"]
    bad = [
        ([], [], "至少填写一段放假期间"),
        ([(D("2027-01-03"), D("2027-01-01"), "元旦")], [], "结束日期早于开始日期"),
        ([(D("2028-01-01"), D("2028-01-01"), "元旦")], [], "不在 2027 年内"),
        ([(D("2027-01-01"), D("2027-01-01"), "")], [], "缺少节日名称"),
        ([(D("2027-01-01"), D("2027-03-01"), "元旦")], [], "超过 31 天"),
        ([(D("2027-01-01"), D("2027-01-03"), "元旦")], [(D("2027-01-05"), "元旦")],
         "调休上班日应为星期六或星期日"),
        ([(D("2027-01-01"), D("2027-01-03"), "元旦")], [(D("2027-01-02"), "元旦")], "不能重复"),
        ([(D("2027-01-01"), D("2027-01-03"), "元旦"), (D("2027-01-03"), D("2027-01-04"), "x")], [],
         "重复出现"),
    ]
    for rest, makeup, message in bad:
        with pytest.raises(DomainError) as exc:
            calendar_edits.enter_year_notice(db.session, 2027, rest, makeup, None, admin, FIXED_NOW)
        assert message in exc.value.message, (message, exc.value.message)
    with pytest.raises(DomainError) as exc:
        calendar_edits.enter_year_notice(db.session, 3000, [], [], None, admin, FIXED_NOW)
    assert exc.value.field == "year"


def test_notice_replaces_the_whole_year(app, users):
    admin = users["admin"]
    calendar_edits.enter_year_notice(db.session, 2026, [(D("2026-01-01"), D("2026-01-01"), "元旦")], [],
                               None, admin, FIXED_NOW)
    db.session.commit()
    rows = db.session.scalars(select(CalendarDay).where(
        CalendarDay.day.between(D("2026-01-01"), D("2026-12-31")))).all()
    assert [(r.day, r.source) for r in rows] == [(D("2026-01-01"), "notice")]
    # 2026 stays covered and only what was entered counts: 1 October 2026 (a Thursday) is now a
    # working day; the fixed-date fallback holidays apply to uncovered years only.
    assert calendar_store.load_calendar(db.session).is_workday(D("2026-10-01")) is True


def test_year_notice_lines_round_trip(app):
    rest, makeup = calendar_edits.year_notice_lines(db.session, 2026)
    assert rest.splitlines()[0] == "2026-01-01 2026-01-03 元旦"
    assert "2026-10-01 2026-10-07 国庆节" in rest  # 2026: 国庆 and 中秋 are separate blocks
    assert makeup.splitlines()[0] == "2026-01-04 元旦"


def test_every_package_year_survives_a_round_trip_through_the_notice_form(app, users):
    """Entering each year's stored schedule as a notice (the admin form's prefill, parsed like
    the form does) rebuilds exactly the same calendar: periods, 调休 days, names, December
    days of the next year's 元旦."""
    from recon.deadlines.forms import parse_makeup_lines, parse_rest_lines

    before = calendar_store.load_calendar(db.session).fingerprint
    for year in range(2026, 2003, -1):
        rest_text, makeup_text = calendar_edits.year_notice_lines(db.session, year)
        rest, errors = parse_rest_lines(rest_text)
        makeup, more = parse_makeup_lines(makeup_text)
        assert not errors and not more, (year, errors, more)
        calendar_edits.enter_year_notice(db.session, year, rest, makeup, None, users["admin"], FIXED_NOW)
    db.session.commit()
    after = calendar_store.load_calendar(db.session)
    assert after.fingerprint == before
    assert set(db.session.scalars(select(CalendarYear.source))) == {"notice"}


def test_next_years_new_year_days_in_december_are_kept(app, users):
    admin = users["admin"]
    # 2019's notice put 2018-12-29 (Sat, worked) and 12-30/31 (rest) in December 2018.
    calendar_edits.enter_year_notice(db.session, 2018, [(D("2018-01-01"), D("2018-01-01"), "元旦")], [],
                               None, admin, FIXED_NOW)
    db.session.commit()
    assert db.session.get(CalendarDay, D("2018-12-31")).name == "元旦"
    assert db.session.get(CalendarDay, D("2018-12-29")).is_workday
    assert db.session.get(CalendarDay, D("2018-10-01")) is None  # the rest of 2018 was replaced


# ---- warnings and badges ------------------------------------------------------------------------


def test_calendar_warnings(case, handler):
    warnings = display.calendar_warnings(db.session, TODAY)
    assert len(warnings) == 1 and "只录入到 2026 年" in warnings[0] and "34 天" in warnings[0]
    assert "2027" in warnings[0]
    assert display.calendar_warnings(db.session, D("2026-06-01")) == []
    open_deadline(case, "decision", "2026-12-08", handler)
    warnings = display.calendar_warnings(db.session, TODAY)
    assert warnings[0].startswith("有 1 个在办期限为暂定")
    assert "2027 年的放假安排尚未录入" in display.calendar_warnings(db.session, D("2027-01-04"))[-1]


def _deadline(rule: str, due: date | None, state: str = "open", **extra) -> Deadline:
    return Deadline(rule=rule, start_on=date(2026, 1, 1), due_on=due, state=state,
                    provisional=extra.pop("provisional", False),
                    derivation=extra.pop("derivation", {}), **extra)


@pytest.fixture(scope="module")
def cal():
    return Calendar.from_chinese_calendar()


@pytest.mark.parametrize(
    "rule,due,today,text,tone",
    [
        ("acceptance_review", "2026-11-20", "2026-11-24", "逾期 2 个工作日", "overdue"),
        ("acceptance_review", "2026-11-20", "2026-11-21", "已逾期", "overdue"),  # Sat after Fri
        ("acceptance_review", "2026-11-24", "2026-11-24", "今日届满", "today"),
        ("acceptance_review", "2026-11-27", "2026-11-24", "剩 3 个工作日", "soon"),
        ("correction_reply", "2026-12-04", "2026-11-24", "剩 8 个工作日", "normal"),
        ("decision", "2026-12-09", "2026-11-27", "剩 12 天", "normal"),
        ("decision", "2026-11-30", "2026-11-27", "剩 3 天", "soon"),
        ("decision", "2026-11-20", "2026-11-27", "逾期 7 天", "overdue"),
        # 2026-10-09 (Fri) → 10-10 (Sat, 调休上班) is one working day: the unit is working days
        ("acceptance_review", "2026-10-12", "2026-10-09", "剩 2 个工作日", "soon"),
    ],
)
def test_badge_texts(cal, rule, due, today, text, tone):
    b = display.badge(_deadline(rule, D(due)), cal, D(today))
    assert (b["text"], b["tone"]) == (text, tone)
    assert b["title"].startswith(f"{int(due[:4])}年") and b["provisional"] is False


def test_badge_paused_provisional_and_closed(cal):
    paused = _deadline("decision", None, "paused", derivation={"remaining_days": 40})
    b = display.badge(paused, cal, TODAY)
    assert (b["text"], b["tone"]) == ("期限中止", "paused") and "40" in b["title"]
    b = display.badge(_deadline("decision", D("2027-02-08"), provisional=True), cal, TODAY)
    assert b["provisional"] is True and b["text"] == "剩 73 天"
    met = _deadline("decision", D("2026-11-30"), "met", met_on=D("2026-11-25"))
    assert display.badge(met, cal, TODAY)["text"] == "已完成"
