"""The statutory clock, table-driven.

Every expected date below was worked out by hand from the State Council schedules in
domain.md §10.1 (2024-2026) and the fallback rule for uncovered years, not from the engine.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from recon.deadlines.calendar import Calendar
from recon.deadlines.engine import (
    DEFAULT_POLICY,
    STEP_KINDS,
    ClockError,
    ClockPolicy,
    DeadlineResult,
    Pause,
    compute,
    due_date,
    explain_zh,
)
from recon.deadlines.rules import RULES, Rule, UnknownRule, get_rule


def D(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.from_chinese_calendar()


NO_MAKEUP = ClockPolicy(makeup_days_are_workdays=False)
ROLLED = ClockPolicy(extension_base="rolled_deadline")

# --------------------------------------------------------------------------------------------
# the rules as data

EXPECTED_RULES = {
    "application": (60, "natural", "第二十条"),
    "application_uninformed": (1, "year", "第二十条第三款"),
    "acceptance_review": (5, "working", "第三十条"),
    "correction_notice": (5, "working", "第三十一条"),
    "correction_reply": (10, "working", "第三十一条"),
    "respondent_copy": (7, "working", "第四十八条"),
    "respondent_reply": (10, "working", "第四十八条"),
    "respondent_copy_simple": (3, "working", "第五十四条"),
    "respondent_reply_simple": (5, "working", "第五十四条"),
    "hearing_notice": (5, "working", "第五十一条"),
    "decision": (60, "natural", "第六十二条"),
    "decision_simple": (30, "natural", "第六十二条"),
    "suspension_limit": (60, "natural", "第四十一条"),
    "normative_review": (30, "natural", "第五十六条、第五十七条"),
    "normative_transfer": (7, "working", "第五十六条、第五十七条"),
    "drafting_organ_notice": (3, "working", "第五十八条"),
    "drafting_organ_reply": (10, "working", "第五十八条"),
    "normative_transfer_reply": (60, "natural", "第六十条"),
    "opinion_report": (60, "natural", "第七十六条"),
    "litigation": (15, "natural", "《行政诉讼法》第四十五条"),
    "performance": (60, "natural", "第七十七条"),
}


def test_rule_ids_are_exactly_the_api_contract():
    assert list(RULES) == list(EXPECTED_RULES)


@pytest.mark.parametrize("rule_id", list(EXPECTED_RULES))
def test_each_rule_has_its_period_unit_article_and_chinese_texts(rule_id):
    rule = get_rule(rule_id)
    period, unit, article = EXPECTED_RULES[rule_id]
    assert isinstance(rule, Rule) and rule.id == rule_id
    assert (rule.period, rule.unit) == (period, unit)
    assert article in rule.article
    assert rule.label and rule.trigger and rule.consequence
    assert rule.backward is (rule_id == "hearing_notice")
    assert rule.max_extension == (30 if rule_id in ("decision", "correction_reply") else 0)


def test_unknown_rule_is_a_value_error_listing_the_valid_ids(cal):
    with pytest.raises(UnknownRule) as info:
        get_rule("decisoin")
    assert isinstance(info.value, ValueError)
    assert "未知的期限规则" in str(info.value) and "acceptance_review" in str(info.value)
    with pytest.raises(UnknownRule):
        compute("nope", D("2024-01-02"), cal)
    with pytest.raises(UnknownRule):
        due_date("nope", D("2024-01-02"), cal)
    with pytest.raises(UnknownRule):
        due_date(None, D("2024-01-02"), cal)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# due dates (rule, start, expected due, why)

CASES = [
    # domain.md §12 worked examples
    (
        "acceptance_review",
        "2024-09-27",
        "2024-10-10",
        "X1 Sun 9-29 调休 counts, National Day skipped",
    ),
    ("correction_reply", "2025-01-20", "2025-02-08", "X2 ends on a 调休 Saturday"),
    ("decision", "2024-08-02", "2024-10-08", "X3 raw 10-01 rolls past National Day"),
    ("acceptance_review", "2024-09-28", "2024-10-10", "X5 rest-day start still excluded"),
    # 2024
    ("acceptance_review", "2024-02-08", "2024-02-21", "Spring Festival 2024, 2-18 调休"),
    (
        "respondent_copy",
        "2024-02-02",
        "2024-02-18",
        "ends on the 调休 Sunday after Spring Festival",
    ),
    ("respondent_copy_simple", "2024-04-03", "2024-04-09", "Qingming 2024, 4-7 调休"),
    ("respondent_reply", "2024-04-26", "2024-05-13", "Labour Day 2024, 4-28 and 5-11 调休"),
    ("respondent_copy_simple", "2024-06-07", "2024-06-13", "weekend + Dragon Boat 6-10"),
    ("respondent_reply_simple", "2024-09-12", "2024-09-20", "Mid-autumn 2024, 9-14 调休"),
    ("normative_transfer", "2024-10-10", "2024-10-18", "10-12 调休 Saturday"),
    ("drafting_organ_notice", "2024-10-08", "2024-10-11", "first days after National Day"),
    ("acceptance_review", "2024-10-01", "2024-10-12", "start on a holiday, ends on 调休 Sat"),
    ("acceptance_review", "2024-09-29", "2024-10-11", "start on a 调休 day"),
    ("acceptance_review", "2024-11-01", "2024-11-08", "ordinary weekend"),
    ("decision_simple", "2024-01-11", "2024-02-18", "raw 2-10 Spring Festival rolls to 调休 Sun"),
    ("decision_simple", "2024-08-30", "2024-09-29", "raw on a 调休 Sunday does not roll"),
    ("litigation", "2024-11-01", "2024-11-18", "raw Saturday rolls to Monday"),
    ("application_uninformed", "2024-02-29", "2025-02-28", "no 29 Feb: month end"),
    ("application_uninformed", "2023-02-28", "2024-02-28", "corresponding day"),
    ("application_uninformed", "2024-10-01", "2025-10-09", "1 year lands on National Day 2025"),
    ("hearing_notice", "2024-10-08", "2024-09-25", "backwards over National Day and 9-29 调休"),
    ("hearing_notice", "2024-10-05", "2024-09-25", "hearing on a holiday"),
    ("hearing_notice", "2024-11-15", "2024-11-08", "backwards over a weekend"),
    # 2025
    ("acceptance_review", "2025-01-24", "2025-02-07", "Spring Festival 2025, 1-26 调休"),
    ("correction_notice", "2025-01-27", "2025-02-10", "Spring Festival 2025, 2-8 调休"),
    ("acceptance_review", "2025-04-25", "2025-05-06", "Labour Day 2025, 4-27 调休"),
    ("respondent_copy_simple", "2025-05-29", "2025-06-04", "Dragon Boat 2025 5-31..6-2"),
    ("drafting_organ_reply", "2025-09-26", "2025-10-16", "National Day 2025, 9-28 and 10-11 调休"),
    ("drafting_organ_notice", "2025-09-30", "2025-10-11", "ends on 10-11 调休 Saturday"),
    ("acceptance_review", "2025-10-05", "2025-10-14", "start inside National Day 2025"),
    ("litigation", "2025-01-17", "2025-02-05", "raw 2-1 inside Spring Festival 2025"),
    ("normative_review", "2025-09-01", "2025-10-09", "raw 10-01, 8-day National Day 2025"),
    ("suspension_limit", "2025-08-01", "2025-09-30", "raw is a working day"),
    ("application", "2025-03-05", "2025-05-06", "raw 5-4 inside Labour Day 2025"),
    ("application_uninformed", "2025-02-28", "2026-02-28", "1 year lands on 调休 Sat 2026-02-28"),
    ("hearing_notice", "2025-02-10", "2025-01-27", "backwards over Spring Festival 2025"),
    # 2026
    ("acceptance_review", "2025-12-31", "2026-01-08", "New Year 2026 1-1..1-3, 1-4 调休"),
    ("respondent_copy", "2026-02-12", "2026-02-28", "Spring Festival 2026, 2-14 and 2-28 调休"),
    ("acceptance_review", "2026-02-13", "2026-02-27", "9-day Spring Festival 2026"),
    ("correction_reply", "2026-02-16", "2026-03-06", "start inside Spring Festival 2026"),
    ("respondent_reply_simple", "2026-04-30", "2026-05-11", "Labour Day 2026, 5-9 调休"),
    ("drafting_organ_notice", "2026-06-18", "2026-06-24", "Dragon Boat 2026 6-19..6-21"),
    ("acceptance_review", "2026-09-18", "2026-09-24", "9-20 调休 before Mid-autumn 2026"),
    ("respondent_reply", "2026-09-22", "2026-10-13", "Mid-autumn + National Day 2026"),
    ("application", "2025-12-17", "2026-02-24", "raw 2-15 inside Spring Festival 2026"),
    ("decision", "2026-08-02", "2026-10-08", "raw 10-01 2026"),
    ("decision_simple", "2026-08-26", "2026-09-28", "raw 9-25 Mid-autumn 2026"),
    ("hearing_notice", "2026-02-25", "2026-02-11", "backwards over Spring Festival 2026"),
    ("acceptance_review", "2026-12-18", "2026-12-25", "end of 2026, still covered"),
    ("normative_transfer_reply", "2026-08-07", "2026-10-08", "raw 10-06 inside National Day 2026"),
    ("opinion_report", "2026-07-31", "2026-09-29", "raw 09-29 is a working day: no roll"),
    ("opinion_report", "2026-08-05", "2026-10-08", "raw 10-04 inside National Day 2026"),
    ("performance", "2026-08-02", "2026-10-08", "default 60 days: raw 10-01 2026 rolls to 10-08"),
]


@pytest.mark.parametrize(
    ("rule_id", "start", "expected", "why"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_due_dates(cal, rule_id, start, expected, why):
    result = compute(rule_id, D(start), cal)
    assert result.due == D(expected), why
    assert due_date(rule_id, D(start), cal) == D(expected)
    assert result.provisional is False and result.provisional_reason is None
    assert result.paused is False


def test_every_rule_is_in_the_table():
    assert {c[0] for c in CASES} == set(RULES)


def test_a_variable_rule_takes_the_period_its_act_sets(cal):
    """``performance``: a decision's 30 days from Mon 2026-09-07 end on raw 10-07 (National Day
    2026, 10-01..10-07) and roll to Thu 10-08; 15 days from Tue 2026-09-01 end on Wed 09-16."""
    result = compute("performance", D("2026-09-07"), cal, period=30)
    assert (result.due, result.days, result.period_text) == (D("2026-10-08"), 30, "30日")
    assert compute("performance", D("2026-09-01"), cal, period=15).due == D("2026-09-16")
    with pytest.raises(ClockError, match="由法律规定"):
        compute("decision", D("2026-09-01"), cal, period=15)
    with pytest.raises(ClockError, match="1 至 3660"):
        compute("performance", D("2026-09-01"), cal, period=0)


# --------------------------------------------------------------------------------------------
# years without a schedule: fallback and provisional, never an exception (X6)

PROVISIONAL = [
    ("acceptance_review", "2026-12-25", "2027-01-04", "runs over 2027-01-01 (fallback 元旦)"),
    ("decision", "2026-12-20", "2027-02-18", "60 days into Feb 2027"),
    ("litigation", "2026-12-20", "2027-01-04", "raw 2027-01-04 Monday"),
    ("acceptance_review", "2027-04-29", "2027-05-06", "fallback 5-1, 5-2 on a weekend"),
    ("drafting_organ_notice", "2027-09-30", "2027-10-06", "fallback National Day 10-1..10-3"),
    ("application_uninformed", "2026-05-01", "2027-05-03", "1 year to fallback Labour Day"),
    ("application_uninformed", "2026-01-01", "2027-01-04", "1 year to fallback New Year"),
    ("hearing_notice", "2027-01-06", "2026-12-29", "backwards over fallback 元旦"),
    ("decision_simple", "2003-06-02", "2003-07-02", "2003 is not covered either"),
]


@pytest.mark.parametrize(
    ("rule_id", "start", "expected", "why"),
    PROVISIONAL,
    ids=[f"{c[0]}-{c[1]}" for c in PROVISIONAL],
)
def test_uncovered_years_are_provisional(cal, rule_id, start, expected, why):
    result = compute(rule_id, D(start), cal)
    assert result.due == D(expected), why
    assert due_date(rule_id, D(start), cal) == D(expected)
    assert result.provisional is True
    year = D(expected).year if D(expected).year != 2026 else 2027
    assert f"{year}年" in result.provisional_reason
    assert "暂定" in result.provisional_reason
    kinds = [s.kind for s in result.trail]
    assert "provisional" in kinds and kinds[-1] == "due"
    assert explain_zh(result)[1].startswith("【暂定】")


def test_provisional_trail_names_the_fallback_holiday(cal):
    result = compute("acceptance_review", D("2026-12-25"), cal)
    notes = [s.note for s in result.trail if s.kind == "skip"]
    assert "2027-01-01 至 2027-01-03 周末及元旦休假（暂定），不计" in notes


# --------------------------------------------------------------------------------------------
# trails


def _counted(result: DeadlineResult) -> list[date]:
    return [s.on for s in result.trail if s.kind == "count"]


def test_x1_trail_counts_each_working_day_and_names_what_is_skipped(cal):
    result = compute("acceptance_review", D("2024-09-27"), cal)
    assert _counted(result) == [
        D("2024-09-29"),
        D("2024-09-30"),
        D("2024-10-08"),
        D("2024-10-09"),
        D("2024-10-10"),
    ]
    notes = [s.note for s in result.trail]
    assert result.trail[0].kind == "start" and result.trail[0].on == D("2024-09-27")
    assert "不计入" in notes[0]
    assert "2024-09-28 星期六 周末休息，不计" in notes
    assert "第1个工作日：2024-09-29 星期日 调休上班（国庆节），计入" in notes
    assert "2024-10-01 至 2024-10-07 国庆节休假，不计" in notes
    assert result.trail[-1].kind == "due" and result.trail[-1].on == D("2024-10-10")
    assert {s.kind for s in result.trail} <= set(STEP_KINDS)


def test_x2_trail_matches_domain_example(cal):
    result = compute("correction_reply", D("2025-01-20"), cal)
    expected = [D(f"2025-01-{d}") for d in (21, 22, 23, 24, 26, 27)] + [
        D(f"2025-02-0{d}") for d in (5, 6, 7, 8)
    ]
    assert _counted(result) == expected
    assert "2025-01-28 至 2025-02-04 春节休假，不计" in [s.note for s in result.trail]


def test_weekend_joined_to_a_holiday_is_one_step(cal):
    result = compute("respondent_copy_simple", D("2024-06-07"), cal)
    assert "2024-06-08 至 2024-06-10 周末及端午节休假，不计" in [s.note for s in result.trail]


def test_x3_trail_shows_raw_and_roll(cal):
    result = compute("decision", D("2024-08-02"), cal)
    by_kind = {s.kind: s for s in result.trail}
    assert by_kind["raw"].on == D("2024-10-01")
    assert "2024-08-02 + 60日 = 2024-10-01 星期二" in by_kind["raw"].note
    assert by_kind["roll"].on == D("2024-10-08")
    assert "国庆节" in by_kind["roll"].note and "顺延" in by_kind["roll"].note
    assert [s.kind for s in result.trail] == ["start", "raw", "roll", "due"]


def test_natural_raw_on_a_working_day_does_not_roll(cal):
    result = compute("decision_simple", D("2024-08-30"), cal)
    assert [s.kind for s in result.trail] == ["start", "raw", "due"]
    assert "为工作日" in result.trail[1].note


def test_weekend_roll_names_the_weekend(cal):
    result = compute("litigation", D("2024-11-01"), cal)
    roll = next(s for s in result.trail if s.kind == "roll")
    assert "周末" in roll.note and "2024-11-18 星期一" in roll.note


def test_year_rule_month_end_is_explained(cal):
    result = compute("application_uninformed", D("2024-02-29"), cal)
    raw = next(s for s in result.trail if s.kind == "raw")
    assert "2025年2月无29日，取该月末日" in raw.note and raw.on == D("2025-02-28")


def test_hearing_notice_counts_backwards_with_trail(cal):
    result = compute("hearing_notice", D("2024-10-08"), cal)
    assert result.due == D("2024-09-25")
    assert _counted(result) == [
        D("2024-09-30"),
        D("2024-09-29"),
        D("2024-09-27"),
        D("2024-09-26"),
        D("2024-09-25"),
    ]
    notes = [s.note for s in result.trail]
    assert "2024-10-01 至 2024-10-07 国庆节休假，不计" in notes
    assert "倒数第2个工作日：2024-09-29 星期日 调休上班（国庆节），计入" in notes
    assert "最迟送达听证通知之日" in notes[-1]


# --------------------------------------------------------------------------------------------
# pauses (中止)


def test_x4_pause_adds_the_suspended_days(cal):
    pauses = [(D("2024-03-21"), D("2024-05-06"))]
    result = compute("decision", D("2024-03-01"), cal, pauses=pauses)
    assert result.due == D("2024-06-17")
    assert due_date("decision", D("2024-03-01"), cal, pauses=pauses) == D("2024-06-17")
    pause = next(s for s in result.trail if s.kind == "pause")
    assert pause.on == D("2024-03-21")
    assert "46日不计入" in pause.note and "已经过20日" in pause.note and "尚余40日" in pause.note
    raw = next(s for s in result.trail if s.kind == "raw")
    assert raw.on == D("2024-06-15") and "中止期间46日" in raw.note
    assert result.pauses == (Pause(D("2024-03-21"), D("2024-05-06")),)


def test_open_pause_means_paused_without_a_due_date(cal):
    result = compute("decision", D("2024-03-01"), cal, pauses=[(D("2024-03-21"), None)])
    assert result.paused is True and result.due is None and result.remaining_days == 40
    assert "期限中止中" in result.trail[-1].note
    assert due_date("decision", D("2024-03-01"), cal, pauses=[(D("2024-03-21"), None)]) is None
    data = result.to_dict()
    assert data["due"] is None and data["paused"] is True
    assert data["pauses"] == [{"suspended_on": "2024-03-21", "resumed_on": None}]


@pytest.mark.parametrize(
    ("rule_id", "start", "pauses", "expected"),
    [
        # two pauses of 4 and 10 days: 04-30 + 14 = 05-14; given in any order
        (
            "decision",
            "2024-03-01",
            [("2024-04-01", "2024-04-11"), ("2024-03-11", "2024-03-15")],
            "2024-05-14",
        ),
        # suspended after the period already ran out: no effect
        ("decision", "2024-03-01", [("2024-05-10", "2024-05-20")], "2024-04-30"),
        ("decision", "2024-03-01", [("2024-05-10", None)], "2024-04-30"),
        # suspended on the rolled last day (raw 12-01 Sun -> 12-02): ends no earlier than resumption
        ("decision_simple", "2024-11-01", [("2024-12-02", "2024-12-05")], "2024-12-05"),
        # working days in [suspend, resume) are not counted; the resumption day counts
        ("acceptance_review", "2024-03-01", [("2024-03-05", "2024-03-12")], "2024-03-15"),
        ("acceptance_review", "2024-03-01", [("2024-03-01", "2024-03-06")], "2024-03-12"),
        ("acceptance_review", "2024-11-01", [("2024-11-08", "2024-11-11")], "2024-11-11"),
        ("acceptance_review", "2024-11-01", [("2024-11-11", "2024-11-20")], "2024-11-08"),
        # same-day resumption changes nothing
        ("acceptance_review", "2024-11-01", [("2024-11-05", "2024-11-05")], "2024-11-08"),
        # pause with an extension: 03-01 + 60 + 30 + 46 = 07-15
        ("decision", "2024-03-01", [("2024-03-21", "2024-05-06")], "2024-07-15"),
    ],
)
def test_pauses(cal, rule_id, start, pauses, expected):
    plist = [(D(s), D(r) if r else None) for s, r in pauses]
    ext = 30 if expected == "2024-07-15" else 0
    result = compute(rule_id, D(start), cal, pauses=plist, extension_days=ext)
    assert result.due == D(expected)
    assert due_date(rule_id, D(start), cal, pauses=plist, extension_days=ext) == D(expected)
    assert not result.paused


def test_pause_on_the_rolled_last_day_explains_the_extra_day(cal):
    pauses = [(D("2024-12-02"), D("2024-12-05"))]
    result = compute("decision_simple", D("2024-11-01"), cal, pauses=pauses)
    pause = next(s for s in result.trail if s.kind == "pause")
    assert "中止期间3日不计入" in pause.note and "本次共顺延4日" in pause.note
    raw = next(s for s in result.trail if s.kind == "raw")
    assert "中止期间4日" in raw.note and raw.on == D("2024-12-05")


def test_pause_after_the_due_date_is_noted_as_without_effect(cal):
    result = compute("decision", D("2024-03-01"), cal, pauses=[(D("2024-05-10"), None)])
    assert any("不影响本期限" in s.note for s in result.trail if s.kind == "pause")


def test_working_day_pause_trail(cal):
    result = compute(
        "acceptance_review", D("2024-03-01"), cal, pauses=[(D("2024-03-05"), D("2024-03-12"))]
    )
    pause = next(s for s in result.trail if s.kind == "pause")
    assert "5个工作日不计入" in pause.note and "已计1个工作日" in pause.note
    assert _counted(result) == [D("2024-03-04")] + [D(f"2024-03-{d}") for d in (12, 13, 14, 15)]


def test_open_pause_on_a_working_day_rule(cal):
    result = compute("correction_reply", D("2025-01-20"), cal, pauses=[(D("2025-01-23"), None)])
    assert result.paused and result.due is None and result.remaining_days == 8


@pytest.mark.parametrize(
    ("rule_id", "pauses", "message"),
    [
        ("decision", [("2024-03-21", "2024-03-20")], "早于中止日期"),
        ("decision", [("2024-02-20", "2024-03-20")], "早于起算日"),
        ("decision", [("2024-03-10", "2024-03-20"), ("2024-03-15", "2024-03-25")], "重叠"),
        ("decision", [("2024-03-10", None), ("2024-03-15", "2024-03-25")], "尚未恢复"),
        ("hearing_notice", [("2024-03-10", "2024-03-20")], "不适用中止"),
        ("decision", [("2024-03-10",)], "格式错误"),
        ("decision", [("2024-03-10", "2024-03-20", "x")], "格式错误"),
        ("decision", [("2024-03-10", "soon")], "日期"),
    ],
)
def test_bad_pauses_are_rejected_in_chinese(cal, rule_id, pauses, message):
    plist = [tuple(D(v) if isinstance(v, str) and v[:2] == "20" else v for v in p) for p in pauses]
    for fn in (compute, due_date):
        with pytest.raises(ClockError, match=message) as info:
            fn(rule_id, D("2024-03-01"), cal, pauses=plist)
        assert info.value.field == "pauses"


# --------------------------------------------------------------------------------------------
# extensions


@pytest.mark.parametrize(
    ("ext", "policy", "expected"),
    [
        (30, DEFAULT_POLICY, "2024-10-31"),  # 08-02 + 90, a Thursday
        (30, ROLLED, "2024-11-07"),  # rolled 10-08 + 30
        (1, DEFAULT_POLICY, "2024-10-08"),  # 08-02 + 61 = 10-02, rolled once
        (1, ROLLED, "2024-10-09"),  # 10-08 + 1
        (0, DEFAULT_POLICY, "2024-10-08"),
    ],
)
def test_extension(cal, ext, policy, expected):
    result = compute("decision", D("2024-08-02"), cal, extension_days=ext, policy=policy)
    assert result.due == D(expected)
    assert result.extension_days == ext
    assert due_date("decision", D("2024-08-02"), cal, extension_days=ext, policy=policy) == D(
        expected
    )
    if ext:
        assert any(s.kind == "extend" and f"延长{ext}日" in s.note for s in result.trail)


def test_rolled_extension_trail_rolls_twice(cal):
    result = compute("decision", D("2024-08-02"), cal, extension_days=30, policy=ROLLED)
    assert [s.kind for s in result.trail] == ["start", "raw", "roll", "extend", "raw", "due"]


@pytest.mark.parametrize(
    ("rule_id", "ext", "message"),
    [
        ("decision", 31, "最多延长30日"),
        ("decision", -1, "最多延长30日"),
        ("decision", "30", "整数"),
        ("decision", 2.5, "整数"),
        ("decision_simple", 10, "不能延长"),
        ("acceptance_review", 1, "不能延长"),
    ],
)
def test_bad_extensions_are_rejected(cal, rule_id, ext, message):
    for fn in (compute, due_date):
        with pytest.raises(ClockError, match=message) as info:
            fn(rule_id, D("2024-08-02"), cal, extension_days=ext)
        assert info.value.field == "extension_days"


# --------------------------------------------------------------------------------------------
# policy: make-up days as rest days


@pytest.mark.parametrize(
    ("rule_id", "start", "expected"),
    [
        ("acceptance_review", "2024-09-27", "2024-10-11"),
        ("decision_simple", "2024-08-30", "2024-09-30"),
        ("decision_simple", "2024-01-11", "2024-02-19"),
        ("hearing_notice", "2024-10-08", "2024-09-24"),
    ],
)
def test_makeup_days_not_counted_policy(cal, rule_id, start, expected):
    result = compute(rule_id, D(start), cal, policy=NO_MAKEUP)
    assert result.due == D(expected)
    assert due_date(rule_id, D(start), cal, policy=NO_MAKEUP) == D(expected)


def test_makeup_policy_trail_says_why_the_day_is_skipped(cal):
    result = compute("acceptance_review", D("2024-09-27"), cal, policy=NO_MAKEUP)
    notes = " ".join(s.note for s in result.trail if s.kind == "skip")
    assert "调休上班日（国庆节）按本机关设置不计为工作日" in notes


def test_bad_policy_is_rejected():
    with pytest.raises(ClockError, match="延长期限的计算方式"):
        ClockPolicy(extension_base="whenever")


# --------------------------------------------------------------------------------------------
# inputs and output shape


@pytest.mark.parametrize("start", [datetime(2024, 9, 27, 10), "2024-09-27", None])
def test_start_must_be_a_date(cal, start):
    for fn in (compute, due_date):
        with pytest.raises(ClockError, match="起算日必须是日期") as info:
            fn("acceptance_review", start, cal)
        assert info.value.field == "start"


def test_dates_beyond_the_calendar_range_are_a_clock_error(cal):
    with pytest.raises(ClockError, match="超出"):
        compute("decision", date(9999, 12, 1), cal)
    with pytest.raises(ClockError, match="超出"):
        due_date("application_uninformed", date(9999, 3, 1), cal)


def test_to_dict_matches_the_cli_json_shape(cal):
    result = compute("acceptance_review", D("2024-09-27"), cal)
    data = result.to_dict()
    for key in ("rule", "start", "due", "unit", "days", "article", "provisional", "trail"):
        assert key in data
    for key in ("label", "paused", "extension_days", "pauses"):
        assert key in data
    assert data["rule"] == "acceptance_review"
    assert (data["start"], data["due"]) == ("2024-09-27", "2024-10-10")
    assert (data["unit"], data["days"]) == ("working", 5)
    assert data["article"] == "《行政复议法》第三十条"
    assert data["provisional"] is False
    assert data["trail"][0] == {
        "on": "2024-09-27",
        "kind": "start",
        "note": result.trail[0].note,
    }
    text = json.dumps(data, ensure_ascii=False)
    assert DeadlineResult.from_dict(json.loads(text)) == result


def test_from_dict_round_trips_pauses_extension_and_policy(cal):
    result = compute(
        "decision",
        D("2024-03-01"),
        cal,
        pauses=[(D("2024-03-21"), D("2024-05-06"))],
        extension_days=10,
        policy=ROLLED,
    )
    assert DeadlineResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_explain_zh_reads_as_a_derivation(cal):
    result = compute("decision", D("2024-08-02"), cal, extension_days=30)
    lines = explain_zh(result)
    assert (
        lines[0]
        == "行政复议决定期限（普通程序）：60日（《行政复议法》第六十二条第一款），经批准延长30日"
    )
    assert any("延长30日" in line for line in lines[1:])
    assert lines[-1].startswith("期限届满的后果：")
    assert all(isinstance(line, str) and line for line in lines)


def test_results_are_immutable(cal):
    result = compute("decision", D("2024-08-02"), cal)
    with pytest.raises(AttributeError):
        result.due = D("2024-10-09")  # type: ignore[misc]


def test_an_extended_working_day_period_counts_the_extra_working_days(cal):
    """Art. 31 ¶2: the correction period X2 (notice received Mon 2025-01-20, due Sat 2025-02-08,
    a 调休 workday) extended by 3 working days ends on Wed 2025-02-12 (02-10, 02-11, 02-12)."""
    result = compute("correction_reply", date(2025, 1, 20), cal, extension_days=3)
    assert result.due == date(2025, 2, 12)
    assert "含经批准延长的3个工作日" in result.trail[-1].note
    assert explain_zh(result)[0].endswith("经批准延长3个工作日")
    assert due_date("correction_reply", date(2025, 1, 20), cal, extension_days=3) == date(2025, 2, 12)
