"""Properties of the clock that must hold for every date, checked with hypothesis.

The oracles here walk the calendar one day at a time with ``Calendar.is_workday``; the engine's
fast path uses the precomputed index, and ``compute()`` walks with ``day_info``.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.deadlines.calendar import Calendar
from recon.deadlines.engine import ClockPolicy, compute, due_date
from recon.deadlines.rules import RULES

CAL = Calendar.from_chinese_calendar()
ONE = timedelta(days=1)

FORWARD_WORKING = sorted(r.id for r in RULES.values() if r.unit == "working" and not r.backward)
NATURAL = sorted(r.id for r in RULES.values() if r.unit == "natural")
ALL_RULES = sorted(RULES)

starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31))
policies = st.sampled_from(
    [
        ClockPolicy(),
        ClockPolicy(makeup_days_are_workdays=False),
        ClockPolicy(extension_base="rolled_deadline"),
    ]
)

SETTINGS = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def first_workday_on_or_after(d: date, makeup: bool = True) -> date:
    while not CAL.is_workday(d, makeup_counts=makeup):
        d += ONE
    return d


def workdays_between(after: date, through: date, makeup: bool = True) -> int:
    """Working days in (after, through], by walking."""
    count, d = 0, after + ONE
    while d <= through:
        count += CAL.is_workday(d, makeup_counts=makeup)
        d += ONE
    return count


@SETTINGS
@given(rule_id=st.sampled_from(FORWARD_WORKING), start=starts, policy=policies)
def test_working_day_due_date_is_the_nth_working_day(rule_id, start, policy):
    makeup = policy.makeup_days_are_workdays
    due = due_date(rule_id, start, CAL, policy=policy)
    n = RULES[rule_id].period
    assert CAL.is_workday(due, makeup_counts=makeup)
    assert workdays_between(start, due, makeup) == n
    assert workdays_between(start, due - ONE, makeup) == n - 1


@SETTINGS
@given(start=starts)
def test_hearing_notice_is_five_working_days_before_the_hearing(start):
    due = due_date("hearing_notice", start, CAL)
    assert due < start and CAL.is_workday(due)
    assert workdays_between(due - ONE, start - ONE) == 5
    assert workdays_between(due, start - ONE) == 4


@SETTINGS
@given(rule_id=st.sampled_from(NATURAL), start=starts)
def test_natural_due_date_is_first_working_day_on_or_after_start_plus_n(rule_id, start):
    raw = start + timedelta(days=RULES[rule_id].period)
    assert due_date(rule_id, start, CAL) == first_workday_on_or_after(raw)


@SETTINGS
@given(start=starts)
def test_year_rule_is_the_corresponding_day_rolled(start):
    try:
        raw = start.replace(year=start.year + 1)
    except ValueError:
        raw = date(start.year + 1, 2, 28)
    assert due_date("application_uninformed", start, CAL) == first_workday_on_or_after(raw)


@SETTINGS
@given(
    rule_id=st.sampled_from(ALL_RULES),
    a=starts,
    gap=st.integers(min_value=0, max_value=40),
    policy=policies,
)
def test_a_later_start_never_gives_an_earlier_due_date(rule_id, a, gap, policy):
    b = a + timedelta(days=gap)
    assert due_date(rule_id, a, CAL, policy=policy) <= due_date(rule_id, b, CAL, policy=policy)


@st.composite
def pause_lists(draw, start: date):
    """Valid, non-overlapping pauses after ``start``; the last may still be open."""
    pauses = []
    cursor = start
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        s = cursor + timedelta(days=draw(st.integers(min_value=0, max_value=40)))
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            pauses.append((s, None))
            break
        r = s + timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        pauses.append((s, r))
        cursor = r
    return pauses


@st.composite
def scenarios(draw):
    rule_id = draw(st.sampled_from(ALL_RULES))
    start = draw(starts)
    rule = RULES[rule_id]
    pauses = [] if rule.backward else draw(pause_lists(start))
    ext = draw(st.integers(min_value=0, max_value=rule.max_extension))
    return rule_id, start, pauses, ext, draw(policies)


@SETTINGS
@given(scenario=scenarios())
def test_fast_path_agrees_with_compute(scenario):
    rule_id, start, pauses, ext, policy = scenario
    result = compute(rule_id, start, CAL, pauses=pauses, extension_days=ext, policy=policy)
    fast = due_date(rule_id, start, CAL, pauses=pauses, extension_days=ext, policy=policy)
    assert fast == result.due
    assert result.paused == (fast is None)
    trail = result.trail
    assert trail[0].kind == "start" and trail[0].on == start
    if result.due is not None:
        assert trail[-1].kind == "due" and trail[-1].on == result.due
        assert first_workday_on_or_after(result.due, policy.makeup_days_are_workdays) == (
            result.due
        )
    if RULES[rule_id].unit == "working" and not result.paused:
        counted = [s.on for s in trail if s.kind == "count"]
        assert len(counted) == RULES[rule_id].period + ext
        assert len(set(counted)) == len(counted)


@SETTINGS
@given(data=st.data(), rule_id=st.sampled_from(FORWARD_WORKING), start=starts)
def test_working_days_inside_a_pause_are_not_counted(data, rule_id, start):
    pauses = [p for p in data.draw(pause_lists(start)) if p[1] is not None]
    due = due_date(rule_id, start, CAL, pauses=pauses)

    def paused(d: date) -> bool:
        return any(s <= d < r for s, r in pauses)

    counted = 0
    d = start + ONE
    while d <= due:
        counted += CAL.is_workday(d) and not paused(d)
        d += ONE
    assert counted == RULES[rule_id].period
    assert CAL.is_workday(due) and not paused(due)


@SETTINGS
@given(data=st.data(), rule_id=st.sampled_from(NATURAL), start=starts)
def test_pauses_never_shorten_a_natural_period(data, rule_id, start):
    pauses = [p for p in data.draw(pause_lists(start)) if p[1] is not None]
    plain = due_date(rule_id, start, CAL)
    paused = due_date(rule_id, start, CAL, pauses=pauses)
    assert paused >= plain
    if pauses and pauses[0][0] <= plain:
        assert paused >= pauses[0][1]
