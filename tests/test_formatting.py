"""recon.formatting (ux.md S12, A12, C3): dates in both locales, sizes, forgiving date input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from recon.formatting import (
    DateInputError,
    date_from_parts,
    format_date_en,
    format_date_iso_weekday,
    format_date_zh,
    format_datetime_en,
    format_datetime_zh,
    format_size,
    normalize_digits,
    parse_loose_date,
)

MARCH_7 = date(2026, 3, 7)  # a Saturday


def test_format_date_zh():
    assert format_date_zh(MARCH_7) == "2026年3月7日（星期六）"
    assert format_date_zh(date(2026, 1, 1)) == "2026年1月1日（星期四）"
    assert format_date_zh(date(2026, 3, 8)) == "2026年3月8日（星期日）"
    assert format_date_zh(None) == ""


def test_format_date_en():
    assert format_date_en(MARCH_7) == "7 March 2026 (Saturday)"
    assert format_date_en(date(2026, 12, 31)) == "31 December 2026 (Thursday)"
    assert format_date_en(None) == ""


def test_format_date_takes_the_beijing_day_of_a_datetime():
    late_utc = datetime(2026, 3, 6, 17, 30, tzinfo=UTC)  # 01:30 on 7 March in Beijing
    assert format_date_zh(late_utc) == "2026年3月7日（星期六）"
    assert format_date_en(late_utc) == "7 March 2026 (Saturday)"


def test_format_date_iso_weekday_is_the_c3_echo():
    assert format_date_iso_weekday(MARCH_7) == "2026-03-07（星期六）"
    assert format_date_iso_weekday(MARCH_7, "休息日") == "2026-03-07（星期六，休息日）"
    assert format_date_iso_weekday(None) == ""


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 7, 6, 5, tzinfo=UTC), "2026年3月7日 14:05"),
        (datetime(2026, 3, 6, 23, 59, tzinfo=UTC), "2026年3月7日 07:59"),
        (datetime(2026, 3, 7, 14, 5, tzinfo=timezone(timedelta(hours=8))), "2026年3月7日 14:05"),
        (datetime(2026, 3, 7, 6, 5), "2026年3月7日 14:05"),  # naive means UTC
        (None, ""),
    ],
)
def test_format_datetime_zh_in_asia_shanghai(moment, expected):
    assert format_datetime_zh(moment) == expected


def test_format_datetime_seconds_and_english():
    moment = datetime(2026, 3, 7, 6, 5, 9, tzinfo=UTC)
    assert format_datetime_zh(moment, seconds=True) == "2026年3月7日 14:05:09"
    assert format_datetime_en(moment) == "7 March 2026, 14:05"
    assert format_datetime_en(None) == ""


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1023, "1023 B"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (int(3.2 * 1024 * 1024), "3.2 MB"),
        (20 * 1024 * 1024, "20 MB"),
        (int(7.14 * 1024 * 1024), "7.1 MB"),
        (int(1.25 * 1024**3), "1.2 GB"),
        (None, ""),
    ],
)
def test_format_size(n, expected):
    assert format_size(n) == expected


def test_normalize_digits():
    assert normalize_digits("２０２６年３月７日") == "2026年3月7日"
    assert normalize_digits("abc，１") == "abc，1"  # only digits change
    assert normalize_digits(None) == ""


@pytest.mark.parametrize(
    "text",
    [
        "20260307",
        "2026-3-7",
        "2026-03-07",
        "2026.3.7",
        "2026/3/7",
        "2026年3月7日",
        "2026年3月7号",
        "２０２６年３月７日",
        "２０２６－３－７",
        "２０２６．３．７",
        " 2026 - 3 - 7 ",
        "2026 3 7",
        "2026\u30003\u30007",
        "2026 03 07",
    ],
)
def test_parse_loose_date_accepts_what_people_type(text):
    assert parse_loose_date(text) == MARCH_7


def test_parse_loose_date_leap_day():
    assert parse_loose_date("2024-2-29") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "message", "part"),
    [
        ("2026-13-7", "月份必须在 1 到 12 之间", "month"),
        ("2026-0-7", "月份必须在 1 到 12 之间", "month"),
        ("2026-3-32", "日期必须在 1 到 31 之间", "day"),
        ("2026-3-0", "日期必须在 1 到 31 之间", "day"),
        ("2026-4-31", "该月没有 31 日", "day"),
        ("2026-2-29", "该月没有 29 日", "day"),
        ("26-3-7", "年份必须是 1900 到 2100 之间的 4 位数字", "year"),
        ("1800-3-7", "年份必须是 1900 到 2100 之间的 4 位数字", "year"),
        ("三月七日", "请按 2026-03-07 的格式填写日期", None),
        ("2026-3", "请按 2026-03-07 的格式填写日期", None),
        ("2026-3-7-8", "请按 2026-03-07 的格式填写日期", None),
        ("202637", "请按 2026-03-07 的格式填写日期", None),
        ("", "请填写日期", None),
        (None, "请填写日期", None),
    ],
)
def test_parse_loose_date_errors_name_the_part(text, message, part):
    with pytest.raises(ValueError) as excinfo:
        parse_loose_date(text)
    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, DateInputError)
    assert excinfo.value.part == part


def test_date_from_parts_accepts_full_width_and_no_leading_zero():
    assert date_from_parts("2026", "3", "7") == MARCH_7
    assert date_from_parts("２０２６", " 03 ", "７") == MARCH_7
    assert date_from_parts(2026, 3, 7) == MARCH_7


@pytest.mark.parametrize(
    ("parts", "message", "part"),
    [
        (("", "3", "7"), "日期必须包含年份", "year"),
        (("2026", None, "7"), "日期必须包含月份", "month"),
        (("2026", "3", " "), "日期必须包含“日”", "day"),
        (("2026", "三", "7"), "月份只能填写数字", "month"),
        (("2026", "13", "7"), "月份必须在 1 到 12 之间", "month"),
        (("2026", "2", "30"), "该月没有 30 日", "day"),
    ],
)
def test_date_from_parts_errors_name_the_part(parts, message, part):
    with pytest.raises(DateInputError) as excinfo:
        date_from_parts(*parts)
    assert str(excinfo.value) == message
    assert excinfo.value.part == part
