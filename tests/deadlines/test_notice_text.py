"""Reading the State Council's holiday notice (pure): the real 2024–2026 notices give exactly the
days of the chinesecalendar package; every other form reads exactly or is refused by line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from recon.deadlines.notice_text import parse_notice_text

D = date.fromisoformat
NOTICES = Path(__file__).parent / "notices"


def span(first: str, last: str) -> list[date]:
    a, b = D(first), D(last)
    return [a + timedelta(days=n) for n in range((b - a).days + 1)]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_published_notice_gives_the_packages_days(year):
    parsed = parse_notice_text((NOTICES / f"{year}.txt").read_text(encoding="utf-8"), year)
    assert parsed.errors == []
    rest = sorted(d.day for d in parsed.days if not d.is_workday)
    work = sorted(d.day for d in parsed.days if d.is_workday)
    assert rest == sorted(d for d in chinese_calendar.holidays if d.year == year)
    assert work == sorted(d for d in chinese_calendar.workdays if d.year == year)


def test_the_2026_notice_in_detail():
    parsed = parse_notice_text((NOTICES / "2026.txt").read_text(encoding="utf-8"), 2026)
    assert parsed.rest_periods == [
        (D("2026-01-01"), D("2026-01-03"), "元旦"), (D("2026-02-15"), D("2026-02-23"), "春节"),
        (D("2026-04-04"), D("2026-04-06"), "清明节"), (D("2026-05-01"), D("2026-05-05"), "劳动节"),
        (D("2026-06-19"), D("2026-06-21"), "端午节"), (D("2026-09-25"), D("2026-09-27"), "中秋节"),
        (D("2026-10-01"), D("2026-10-07"), "国庆节"),
    ]
    assert parsed.makeup_days == [
        (D("2026-01-04"), "元旦"), (D("2026-02-14"), "春节"), (D("2026-02-28"), "春节"),
        (D("2026-05-09"), "劳动节"), (D("2026-09-20"), "国庆节"), (D("2026-10-10"), "国庆节"),
    ]
    # the line each day came from (the items are lines 5 to 11)
    assert {d.line for d in parsed.days if d.name == "春节"} == {6}


def test_2024_advice_to_rest_on_new_years_eve_is_not_a_holiday():
    parsed = parse_notice_text((NOTICES / "2024.txt").read_text(encoding="utf-8"), 2024)
    assert D("2024-02-09") not in {d.day for d in parsed.days}


def test_2025_cross_month_periods_and_a_joint_holiday():
    parsed = parse_notice_text((NOTICES / "2025.txt").read_text(encoding="utf-8"), 2025)
    periods = parsed.rest_periods
    assert (D("2025-01-28"), D("2025-02-04"), "春节") in periods
    assert (D("2025-05-31"), D("2025-06-02"), "端午节") in periods
    assert (D("2025-10-01"), D("2025-10-08"), "国庆节、中秋节") in periods


@pytest.mark.parametrize("line", [
    "2027年2月6日至2月14日 春节",
    "2027年2月6日至2027年2月14日 春节",
    "2027年2月6日到14日 春节",
    "春节 2月6日-14日",
    "春节：2月6日—2月14日",
    "2027-02-06～2027-02-14 春节",
    "2027/2/6 - 2027/2/14 春节",
    "20270206至20270214 春节",
    "2027-02-06 2027-02-14 春节",
    "春节 2月6号至2月14号",
    "二、春节：2月6日（星期六）至14日（星期日）放假调休，共9天。",
])
def test_every_form_of_a_range(line):
    parsed = parse_notice_text(line, 2027)
    assert parsed.errors == []
    assert [(d.day, d.is_workday, d.name) for d in parsed.days] == [
        (d, False, "春节") for d in span("2027-02-06", "2027-02-14")]


def test_a_range_across_the_year_for_new_years_day():
    for line in ("元旦：12月31日至1月2日放假调休，共3天", "2026年12月31日至2027年1月2日 元旦",
                 "2026年12月31日至1月2日 元旦"):
        parsed = parse_notice_text(line, 2027)
        assert parsed.errors == [] and parsed.rest_periods == [
            (D("2026-12-31"), D("2027-01-02"), "元旦")], line


def test_makeup_lines():
    parsed = parse_notice_text("2026年2月15日至23日 春节\n2月14日（星期六）、2月28日（星期六）上班", 2026)
    assert parsed.errors == []
    assert parsed.makeup_days == [(D("2026-02-14"), "春节"), (D("2026-02-28"), "春节")]
    parsed = parse_notice_text("2027-02-20 春节\n2027年2月21日 春节", 2027, default_work=True)
    assert parsed.makeup_days == [(D("2027-02-20"), "春节"), (D("2027-02-21"), "春节")]
    parsed = parse_notice_text("国庆节：9月20日（周日）、10月10日（周六）补班", 2026)
    assert parsed.makeup_days == [(D("2026-09-20"), "国庆节"), (D("2026-10-10"), "国庆节")]


@pytest.mark.parametrize("text,message", [
    ("2027年2月6日至 春节", "第 1 行：“2027年2月6日至 春节”的日期范围不完整"),
    ("2027年2月6日至2月14日至2月20日 春节", "连写了多个“至”"),
    ("春节 2027.2.6~2.14", "第 1 行：“春节 2027.2.6~2.14”的日期范围不完整"),
    ("春节 2027年2月6日 2.14", "第 1 行：无法识别“春节 2.14”"),
    ("春节 14日", "第 1 行：“14日”缺少月份"),
    ("2027年2月30日 春节", "第 1 行：日期“2027年2月30日”不存在"),
    ("2027年2月6日至2月14日", "第 1 行：缺少节日名称"),
    ("春节", "第 1 行：没有找到日期"),
    ("2月15日（星期日）、2月28日（星期六）上班", "2027-02-15 是星期一，原文却写星期日"),
    ("春节：2月6日至14日放假，共8天", "原文写“共8天”，但列出的放假日期是 9 天"),
    ("春节：2月6日至14日放假\n元旦：2月14日放假", "第 2 行：2027-02-14（星期日） 已在第 1 行出现过"),
    ("春节：2月6日至14日放假。2月17日上班", "2027-02-17（星期三） 本来就是工作日"),
    ("元旦：2028年1月1日放假", "2028-01-01（星期六） 不在 2027 年的放假安排内"),
    ("春节：1月1日至3月1日放假", "超过 31 天"),
    ("春节：2月6日至14日放假，2月20日上班休息", "放假和上班混在一起"),
])
def test_refusals_name_the_line_and_the_problem(text, message):
    parsed = parse_notice_text(text, 2027)
    assert any(message in error for error in parsed.errors), parsed.errors


def test_a_stray_line_in_a_pasted_notice_is_refused_not_skipped():
    notice = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    parsed = parse_notice_text(notice + "\n2026年12月31日 元旦\n", 2026)
    assert parsed.errors == ["第 16 行：这一行不是通知的条目，看不出是放假还是上班；请写成“……放假”或“……上班”"]
