"""More dated examples from domain.md's rules (§7, §8, §10.1), worked out by hand, for situations
the main table (test_engine.py) does not hold: a Friday before 春节 for a 10-working-day period,
periods over 中秋 + 国庆 2026 with both 调休 days, natural-day month ends and leap years."""

from __future__ import annotations

from datetime import date

import pytest

from recon.deadlines.calendar import Calendar
from recon.deadlines.engine import compute, due_date

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.from_chinese_calendar()


EXAMPLES = [
    # (rule, start, extension, expected, trail)
    ("correction_reply", "2026-02-13", 0, "2026-03-05",
     "Fri before 春节: 02-14 (调休 Sat), 02-24..02-27, 02-28 (调休 Sat), 03-02..03-05"),
    ("respondent_copy", "2026-09-18", 0, "2026-09-29",
     "09-20 (调休 Sun), 09-21..09-24, 中秋 09-25..09-27 skipped, 09-28, 09-29"),
    ("respondent_reply", "2026-09-28", 0, "2026-10-16",
     "09-29, 09-30, 国庆 10-01..10-07 skipped, 10-08, 10-09, 10-10 (调休 Sat), 10-12..10-16"),
    ("respondent_reply_simple", "2026-09-30", 0, "2026-10-13",
     "10-08, 10-09, 10-10 (调休 Sat), 10-12, 10-13"),
    ("respondent_copy_simple", "2026-09-30", 0, "2026-10-10", "the third working day is 调休 Sat"),
    ("decision_simple", "2026-09-10", 0, "2026-10-10", "raw Sat 10-10 is a 调休 workday: no roll"),
    ("decision", "2024-12-31", 0, "2025-03-03", "raw Sat 2025-03-01 rolls to Monday"),
    ("decision", "2023-12-31", 0, "2024-02-29", "leap year: raw 29 Feb, a Thursday"),
    ("decision", "2024-08-02", 30, "2024-10-31", "X3 extended: 08-02 + 90 days"),
    ("application", "2026-08-11", 0, "2026-10-10", "raw 调休 Sat 10-10: no roll"),
    ("litigation", "2026-09-22", 0, "2026-10-08", "raw 10-07 inside 国庆 2026"),
]


@pytest.mark.parametrize(("rule_id", "start", "ext", "expected", "trail"), EXAMPLES,
                         ids=[f"{e[0]}-{e[1]}" for e in EXAMPLES])
def test_domain_examples(cal, rule_id, start, ext, expected, trail):
    result = compute(rule_id, D(start), cal, extension_days=ext)
    assert result.due == D(expected), trail
    assert due_date(rule_id, D(start), cal, extension_days=ext) == D(expected)
    assert result.provisional is False
