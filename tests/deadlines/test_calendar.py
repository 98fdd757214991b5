"""The working-day calendar: data mapping, fallback years, the index."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from recon.deadlines.calendar import (
    FALLBACK_HOLIDAYS,
    Calendar,
    CalendarError,
    chinese_calendar_rows,
    chinese_calendar_years,
    holiday_name_zh,
    iter_days,
)

D = date
ONE = timedelta(days=1)


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.from_chinese_calendar()


def _span(first: str, last: str | None = None) -> list[date]:
    a = date.fromisoformat(first)
    b = date.fromisoformat(last) if last else a
    return list(iter_days(a, b))


# domain.md §10.1, typed in by hand: rest periods and make-up working days.
SCHEDULES = {
    2024: (
        [
            *_span("2024-01-01"),
            *_span("2024-02-10", "2024-02-17"),
            *_span("2024-04-04", "2024-04-06"),
            *_span("2024-05-01", "2024-05-05"),
            *_span("2024-06-10"),
            *_span("2024-09-15", "2024-09-17"),
            *_span("2024-10-01", "2024-10-07"),
        ],
        [
            "2024-02-04",
            "2024-02-18",
            "2024-04-07",
            "2024-04-28",
            "2024-05-11",
            "2024-09-14",
            "2024-09-29",
            "2024-10-12",
        ],
    ),
    2025: (
        [
            *_span("2025-01-01"),
            *_span("2025-01-28", "2025-02-04"),
            *_span("2025-04-04", "2025-04-06"),
            *_span("2025-05-01", "2025-05-05"),
            *_span("2025-05-31", "2025-06-02"),
            *_span("2025-10-01", "2025-10-08"),
        ],
        ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    ),
    2026: (
        [
            *_span("2026-01-01", "2026-01-03"),
            *_span("2026-02-15", "2026-02-23"),
            *_span("2026-04-04", "2026-04-06"),
            *_span("2026-05-01", "2026-05-05"),
            *_span("2026-06-19", "2026-06-21"),
            *_span("2026-09-25", "2026-09-27"),
            *_span("2026-10-01", "2026-10-07"),
        ],
        ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    ),
}


@pytest.mark.parametrize("year", sorted(SCHEDULES))
def test_every_day_of_2024_to_2026_matches_the_state_council_schedule(cal, year):
    rest, makeup = SCHEDULES[year]
    rest_set = set(rest)
    makeup_set = {date.fromisoformat(d) for d in makeup}
    for d in iter_days(D(year, 1, 1), D(year, 12, 31)):
        expected = d in makeup_set or (d.weekday() < 5 and d not in rest_set)
        assert cal.is_workday(d) is expected, d
        info = cal.day_info(d)
        assert info.is_workday is expected and info.provisional is False
        if d in makeup_set:
            assert info.kind == "makeup_workday" and info.name, d
        elif d in rest_set:
            assert info.kind == "holiday" and info.name, d


def test_agrees_with_chinese_calendar_on_every_covered_day(cal):
    for d in iter_days(D(2004, 1, 1), D(2026, 12, 31)):
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d


@pytest.mark.parametrize(
    ("day", "is_workday", "kind", "name", "text"),
    [
        ("2024-09-29", True, "makeup_workday", "国庆节", "2024-09-29 星期日 调休上班（国庆节）"),
        ("2024-10-01", False, "holiday", "国庆节", "2024-10-01 星期二 国庆节休假"),
        ("2024-10-05", False, "holiday", "国庆节", "2024-10-05 星期六 国庆节休假"),
        ("2024-09-28", False, "weekend", None, "2024-09-28 星期六 周末休息"),
        ("2024-09-30", True, "workday", None, "2024-09-30 星期一 工作日"),
        ("2025-01-26", True, "makeup_workday", "春节", "2025-01-26 星期日 调休上班（春节）"),
        ("2024-04-04", False, "holiday", "清明节", "2024-04-04 星期四 清明节休假"),
        ("2024-06-10", False, "holiday", "端午节", "2024-06-10 星期一 端午节休假"),
        ("2024-09-16", False, "holiday", "中秋节", "2024-09-16 星期一 中秋节休假"),
        ("2024-05-02", False, "holiday", "劳动节", "2024-05-02 星期四 劳动节休假"),
        ("2024-01-01", False, "holiday", "元旦", "2024-01-01 星期一 元旦休假"),
        ("2015-09-03", False, "holiday", "抗战胜利纪念日", "2015-09-03 星期四 抗战胜利纪念日休假"),
    ],
)
def test_day_info_names_each_kind_of_day(cal, day, is_workday, kind, name, text):
    info = cal.day_info(date.fromisoformat(day))
    assert (info.is_workday, info.kind, info.name, info.provisional) == (
        is_workday,
        kind,
        name,
        False,
    )
    assert info.describe_zh() == text


@pytest.mark.parametrize(
    ("day", "is_workday", "kind", "name"),
    [
        ("2027-01-01", False, "holiday", "元旦"),
        ("2027-05-01", False, "holiday", "劳动节"),
        ("2027-05-03", True, "workday", None),
        ("2027-10-01", False, "holiday", "国庆节"),
        ("2027-10-03", False, "holiday", "国庆节"),
        ("2027-10-04", True, "workday", None),
        ("2027-02-06", False, "weekend", None),  # Spring Festival 2027 is unknown: just a Saturday
        ("2027-02-08", True, "workday", None),
        ("2003-10-02", False, "holiday", "国庆节"),
    ],
)
def test_uncovered_years_fall_back_to_weekends_and_fixed_holidays(cal, day, is_workday, kind, name):
    info = cal.day_info(date.fromisoformat(day))
    assert (info.is_workday, info.kind, info.name, info.provisional) == (
        is_workday,
        kind,
        name,
        True,
    )
    assert "（暂定）" in info.describe_zh()
    assert cal.is_workday(info.date) is is_workday


def test_fallback_holidays_are_the_fixed_date_statutory_ones():
    assert dict(FALLBACK_HOLIDAYS) == {
        (1, 1): "元旦",
        (5, 1): "劳动节",
        (5, 2): "劳动节",
        (10, 1): "国庆节",
        (10, 2): "国庆节",
        (10, 3): "国庆节",
    }


def test_covered_years_and_uncovered_years(cal):
    assert cal.covered_years == frozenset(range(2004, 2027))
    assert chinese_calendar_years() == set(range(2004, 2027))
    assert cal.uncovered_years(D(2026, 12, 1), D(2027, 3, 1)) == [2027]
    assert cal.uncovered_years(D(2028, 1, 1), D(2026, 1, 1)) == [2027, 2028]
    assert cal.uncovered_years(D(2024, 1, 1), D(2026, 12, 31)) == []
    assert cal.is_covered(D(2026, 12, 31)) and not cal.is_covered(D(2027, 1, 1))


def test_chinese_calendar_rows_are_complete_sorted_and_named_in_chinese():
    rows = list(chinese_calendar_rows())
    assert len(rows) == len(chinese_calendar.holidays) + len(chinese_calendar.workdays)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    names = {r[2] for r in rows}
    assert names == {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
        "抗战胜利纪念日",
    }
    assert (D(2024, 9, 29), True, "国庆节") in rows
    assert (D(2024, 10, 1), False, "国庆节") in rows


def test_holiday_name_zh_accepts_enum_value_and_unknowns():
    assert holiday_name_zh(chinese_calendar.Holiday.national_day) == "国庆节"
    assert holiday_name_zh("Spring Festival") == "春节"
    assert holiday_name_zh("Some New Day") == "Some New Day"


def test_from_rows_round_trips_the_chinese_calendar_data(cal):
    again = Calendar.from_rows(chinese_calendar_rows(), chinese_calendar_years())
    assert again.fingerprint == cal.fingerprint
    assert again.holidays == cal.holidays and again.workdays == cal.workdays


def test_a_year_entered_by_an_admin_replaces_the_fallback():
    # An admin enters a (made-up) 2027 schedule: Spring Festival 2027-02-06..2027-02-13,
    # make-up Sunday 2027-02-14; the year becomes covered and nothing is provisional.
    holidays = {d: "春节" for d in iter_days(D(2027, 2, 6), D(2027, 2, 13))}
    holidays[D(2027, 1, 1)] = "元旦"
    workdays = {D(2027, 2, 14): "春节"}
    custom = Calendar(holidays, workdays, {2027})
    assert not custom.is_workday(D(2027, 2, 8))
    assert custom.day_info(D(2027, 2, 14)).kind == "makeup_workday"
    assert custom.day_info(D(2027, 5, 1)).kind == "weekend"  # no fallback in a covered year
    assert custom.day_info(D(2027, 5, 3)).is_workday
    assert not custom.day_info(D(2027, 2, 8)).provisional


def test_bad_calendar_data_is_rejected():
    with pytest.raises(CalendarError, match="既是休假日又是调休上班日"):
        Calendar({D(2024, 1, 1): "元旦"}, {D(2024, 1, 1): "元旦"}, {2024})
    with pytest.raises(CalendarError, match="日期"):
        Calendar({datetime(2024, 1, 1): "元旦"}, {}, {2024})


def test_makeup_days_can_be_configured_as_rest_days(cal):
    assert cal.is_workday(D(2024, 9, 29))
    assert not cal.is_workday(D(2024, 9, 29), makeup_counts=False)
    assert cal.is_workday(D(2024, 9, 30), makeup_counts=False)
    assert cal.add_working_days(D(2024, 9, 27), 5, makeup_counts=False) == D(2024, 10, 11)


def _naive_add(cal, d, n, makeup=True):
    while n:
        d += ONE
        if cal.is_workday(d, makeup_counts=makeup):
            n -= 1
    return d


def _naive_sub(cal, d, n):
    while n:
        d -= ONE
        if cal.is_workday(d):
            n -= 1
    return d


def _naive_roll(cal, d):
    while not cal.is_workday(d):
        d += ONE
    return d


@pytest.mark.parametrize(
    "start",
    [
        D(2004, 1, 1),
        D(2024, 9, 27),
        D(2024, 9, 28),
        D(2026, 12, 25),
        D(2030, 12, 20),
        D(2031, 6, 1),
        D(2050, 10, 1),
        D(2002, 12, 31),
        D(1990, 1, 1),
    ],
)
def test_index_matches_a_day_by_day_walk_including_outside_its_initial_span(start):
    cal = Calendar.from_chinese_calendar()  # fresh: the index grows on demand
    for n in (1, 3, 5, 7, 10, 30, 400):
        assert cal.add_working_days(start, n) == _naive_add(cal, start, n), (start, n)
        assert cal.subtract_working_days(start, n) == _naive_sub(cal, start, n), (start, n)
    for offset in (0, 1, 15, 60, 365):
        d = start + timedelta(days=offset)
        assert cal.next_working_day(d) == _naive_roll(cal, d)


def test_count_working_days_is_signed_and_half_open(cal):
    assert cal.count_working_days(D(2024, 9, 27), D(2024, 10, 10)) == 5
    assert cal.count_working_days(D(2024, 10, 10), D(2024, 9, 27)) == -5
    assert cal.count_working_days(D(2024, 10, 1), D(2024, 10, 7)) == 0
    assert cal.count_working_days(D(2024, 9, 30), D(2024, 9, 30)) == 0


def test_counting_rejects_non_positive_counts(cal):
    with pytest.raises(CalendarError):
        cal.add_working_days(D(2024, 1, 1), 0)
    with pytest.raises(CalendarError):
        cal.subtract_working_days(D(2024, 1, 1), -1)


def test_date_at_the_end_of_time_is_a_calendar_error():
    cal = Calendar.from_chinese_calendar()
    with pytest.raises(CalendarError, match="超出"):
        cal.add_working_days(date.max - timedelta(days=2), 5)


@pytest.mark.parametrize("days_from_edge", [0, 3, 10, 25, 40])
def test_counting_near_the_ends_of_time_answers_while_the_answer_exists(days_from_edge):
    """Only a count that runs past 9999-12-31 (or before 0001-01-01) is out of range."""
    cal = Calendar.from_chinese_calendar()
    late = date.max - timedelta(days=days_from_edge)
    early = date.min + timedelta(days=days_from_edge)
    after_late = cal.count_working_days(late, date.max)
    before_early = sum(cal.is_workday(d) for d in iter_days(date.min, early) if d < early)
    for n in (1, 3, 5, 10):
        if after_late >= n:
            assert cal.add_working_days(late, n) == _naive_add(cal, late, n), (late, n)
        else:
            with pytest.raises(CalendarError, match="超出"):
                cal.add_working_days(late, n)
        if before_early >= n:
            assert cal.subtract_working_days(early, n) == _naive_sub(cal, early, n), (early, n)
        else:
            with pytest.raises(CalendarError, match="超出"):
                cal.subtract_working_days(early, n)
    if cal.count_working_days(late - ONE, date.max):
        assert cal.next_working_day(late) == _naive_roll(cal, late)
    else:
        with pytest.raises(CalendarError, match="超出"):
            cal.next_working_day(late)


def test_find_workday_is_never_used():
    """chinese_calendar.find_workday is one working day late on rest-day starts (X5)."""
    assert chinese_calendar.find_workday(5, D(2024, 9, 28)) == D(2024, 10, 11)  # the library
    root = Path(__file__).resolve().parents[2] / "recon" / "deadlines"
    for path in root.glob("*.py"):
        assert not re.search(r"find_workday\s*\(", path.read_text(encoding="utf-8")), path
