"""Every figure on the 62 seeded cases (tests/stats/seed.py) against numbers counted by hand."""

from datetime import date

import pytest
from sqlalchemy import select

from recon.extensions import db
from recon.stats.definitions import DEFAULT, Definition
from recon.stats.figures import build_report, cases_in
from recon.stats.periods import Period
from recon.stats.tables import figure_text
from tests.stats.seed import TODAY, seed

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31), "year")


@pytest.fixture
def seeded(app, users):
    return seed(handler=users["handler"])


def value(report, name):
    figure = report.figures[name]
    return figure.value, figure.numerator, figure.denominator


def test_counts_of_the_year(seeded):
    report = build_report(db.session, YEAR, DEFAULT, TODAY)
    counts = {name: report.figures[name].value for name in (
        "received", "accepted", "refused", "closed", "mediated", "settled", "mediated_or_settled",
        "self_corrected", "resolved_before_acceptance", "corrected", "sued", "petitioned",
        "open_now", "due_this_week", "overdue_now", "enterprise_received", "previous_received")}
    # received: R1 8 + R2 4 + M1 6 + S1 3 + SC 2 + WO 1 + RB 2 + RV 5 + VA 2 + UP 10 + TM 2 + DC 7 = 52
    # (RET's two 10-minute retractions never count; RJ and P25 came in 2025: 3 + 5 = 8 last year)
    # accepted: R1 8 + M1 6 + S1 3 + SC 2 + WO 1 + RV 5 + VA 2 + UP 10 + TM 2 = 39
    # closed: M1 6 + S1 3 + SC 2 + WO 1 + RB 2 + RV 5 + VA 2 + UP 10 + TM 2 + RJ 3 (carried over) = 36
    assert counts == {"received": 52, "accepted": 39, "refused": 4, "closed": 36, "mediated": 6, "settled": 3,
                      "mediated_or_settled": 9, "self_corrected": 2, "resolved_before_acceptance": 2,
                      "corrected": 7, "sued": 3, "petitioned": 1, "open_now": 15, "due_this_week": 3,
                      "overdue_now": 2, "enterprise_received": 2, "previous_received": 8}


def test_rates_of_the_year(seeded):
    report = build_report(db.session, YEAR, DEFAULT, TODAY)
    # default 纠错率 denominator: closed 36 − mediation 6 − settlement 3 = 27
    assert value(report, "correction_rate") == (7 / 27, 7, 27)
    assert value(report, "comprehensive_correction_rate") == (9 / 36, 9, 36)  # 7 + SC 2
    assert value(report, "mediation_withdrawal_rate") == (9 / 36, 9, 36)
    assert value(report, "substantive_resolution_rate") == (32 / 36, 32, 36)  # 36 − 3 sued − 1 petitioned
    assert value(report, "sued_after_rate") == (3 / 36, 3, 36)
    # on time: RV 5 (due 07-05, closed 06-20) and UP 10 (due 08-02, closed 07-03); VA 2 late (due 07-06, 07-20)
    assert value(report, "on_time_rate") == (15 / 17, 15, 17)
    assert value(report, "yoy_received") == ((52 - 8) / 8, 44, 8)
    # days: M1 6×30 + S1 3×30 + SC 2×30 + WO 30 + RV 5×45 + VA 2×74 + UP 10×30 + RJ 3×36 + TM 2×30 = 1201,
    # less VA's 2×20 suspended days = 1161, over the 34 cases closed after acceptance
    assert value(report, "average_days") == (34.1, 1161, 34)
    assert report.figures["suspended_days"].value == 40


def test_tables_of_the_year(seeded):
    report = build_report(db.session, YEAR, DEFAULT, TODAY)
    months = {(r["year"], r["month"]): r for r in report.monthly}
    assert len(report.monthly) == 12
    assert (months[(2026, 3)]["onsite"], months[(2026, 3)]["online"], months[(2026, 3)]["total"]) == (6, 6, 12)
    assert months[(2026, 6)]["total"] == 10 and months[(2026, 6)]["previous_total"] == 5
    assert months[(2026, 6)]["yoy"] == 1.0
    assert months[(2026, 1)]["previous_total"] == 0 and months[(2026, 1)]["yoy"] is None
    assert sum(r["total"] for r in report.monthly) == 52
    types = {key: n for key, _label, n in report.closure_types}
    assert types == {"vary": 2, "revoke": 5, "confirm_illegal": 0, "order_performance": 0, "confirm_void": 0,
                     "uphold": 10, "reject_request": 3, "dismissed": 0, "mediation": 6,
                     "withdrawn:after_settlement": 3, "withdrawn:self_correction": 2, "withdrawn": 1,
                     "terminated": 2, "resolved_before_acceptance": 2}
    points = {r["label"]: (r["received"], r["closed"]) for r in report.groups["point"]}
    assert points["合江镇公共法律服务工作站"] == (6, 6)
    assert points["不经接收点"] == (46, 30)
    respondents = {r["label"]: (r["received"], r["closed"], r["corrected"]) for r in report.groups["respondent"]}
    assert respondents["合江区市场监督管理局"] == (7, 7, 7)
    handlers = {r["label"]: r["closed"] for r in report.groups["handler"]}
    assert handlers["测试handler"] == 10
    enterprise = [(r["label"], r["received"]) for r in report.groups["enterprise"]]
    assert enterprise == [("涉企案件", 2), ("非涉企案件", 50)]


def test_each_definition_changes_its_figure(seeded):
    by_closed = Definition(1, "closed", "not_sued_or_petitioned")
    by_received = Definition(2, "received", "resolution_outcomes")
    assert value(build_report(db.session, YEAR, by_closed, TODAY), "correction_rate") == (7 / 36, 7, 36)
    report = build_report(db.session, YEAR, by_received, TODAY)
    assert value(report, "correction_rate") == (7 / 52, 7, 52)
    # mediation 6 + withdrawals 6 + before acceptance 2, plus decisions not sued or petitioned:
    # RV 3 + VA 1 + UP 9 + RJ 3 = 16 → 30 (the 2 terminated cases are not resolutions here)
    assert value(report, "substantive_resolution_rate") == (30 / 36, 30, 36)


def test_custom_period_and_an_empty_previous_year(seeded):
    spring = Period(date(2026, 3, 1), date(2026, 4, 30), "custom")
    report = build_report(db.session, spring, DEFAULT, TODAY)
    # M1 6 + S1 3 + SC 2 + WO 1 + RB 2
    assert (report.figures["received"].value, report.figures["closed"].value,
            report.figures["accepted"].value) == (14, 14, 12)
    assert value(report, "yoy_received") == (None, 14, 0)  # nothing in spring 2025: no division
    assert value(report, "on_time_rate") == (None, 0, 0)
    assert [(r["month"], r["total"]) for r in report.monthly] == [(3, 12), (4, 2)]
    last_year = build_report(db.session, Period(date(2025, 1, 1), date(2025, 12, 31), "year"), DEFAULT, TODAY)
    assert value(last_year, "yoy_received") == (None, 8, 0)


def test_drill_down_lists_the_counted_cases(seeded):
    for name in ("received", "settled", "corrected", "sued", "on_time", "correction_denominator", "overdue_now"):
        listed = db.session.scalars(cases_in(db.session, name, YEAR, DEFAULT, TODAY)).all()
        figure = next((f for f in build_report(db.session, YEAR, DEFAULT, TODAY).figures.values()
                       if f.cases == name), None)
        expected = figure.value if figure and figure.kind == "count" else figure.numerator if figure else None
        if figure is None:
            figure = next(f for f in build_report(db.session, YEAR, DEFAULT, TODAY).figures.values()
                          if f.denominator_cases == name)
            expected = figure.denominator
        assert len(listed) == expected, name
    assert {c.case_no for c in db.session.scalars(cases_in(db.session, "settled", YEAR, DEFAULT, TODAY))} == \
        {c.case_no for c in seeded["S1"]}


def test_partial_months_at_the_edges_of_a_custom_period(seeded):
    # received 2 March – 5 April: S1 3 + SC 2 + WO 1 + RB 2 (M1 came on 1 March);
    # closed in it: M1 on 4 April, S1 on 5 April, RB on 10 April is outside
    report = build_report(db.session, Period(date(2026, 3, 2), date(2026, 4, 5), "custom"), DEFAULT, TODAY)
    assert (report.figures["received"].value, report.figures["closed"].value) == (8, 9)
    assert [(r["month"], r["total"]) for r in report.monthly] == [(3, 6), (4, 2)]
    report = build_report(db.session, Period(date(2026, 5, 2), date(2026, 7, 2), "custom"), DEFAULT, TODAY)
    # VA 2 (2 May) + UP 10 (June) + TM 2 (1 July); RV came on 1 May
    assert report.figures["received"].value == 14 and report.figures["closed"].value == 5  # RV on 20 June


def test_the_summary_follows_each_change_and_a_rebuild_agrees(seeded):
    from recon.cases.models import Case
    from recon.stats.models import StatSummary
    from recon.stats.summary import rebuild

    case = seeded["R1"][0]  # open, accepted in January
    case.status, case.closure, case.closed_on = "closed", "mediation", date(2026, 11, 20)
    db.session.commit()
    report = build_report(db.session, YEAR, DEFAULT, TODAY)
    assert (report.figures["closed"].value, report.figures["mediated"].value) == (37, 7)
    db.session.delete(db.session.get(Case, seeded["DC"][0].id))
    db.session.commit()
    assert build_report(db.session, YEAR, DEFAULT, TODAY).figures["received"].value == 51

    def stored():  # rows whose counts fell back to 0 add nothing (a rebuild leaves them out)
        return sorted((r.grain, r.day, r.kind, r.dim, r.dim_value, r.channel, r.closure, r.detail, r.enterprise,
                       r.sued, r.petitioned, r.clock, r.accepted, r.n, r.days, r.suspended)
                      for r in db.session.scalars(select(StatSummary)) if (r.n, r.days, r.suspended) != (0, 0, 0))

    kept = stored()
    rebuild(db.session)
    db.session.commit()
    assert stored() == kept


def test_respondents_heads_attending_hearings_and_mediation_sessions(seeded):
    report = build_report(db.session, YEAR, DEFAULT, TODAY)
    # held in 2026: hearings of RV 0, RV 1, VA 0 (twice), sessions of M1 0, M1 1, M1 2 (twice), RV 0 → 6 cases;
    # the 负责人 attended at least one: RV 0 (hearing and session), VA 0 (its second hearing), M1 0, M1 2 → 4
    assert value(report, "respondent_head_attendance_rate") == (4 / 6, 4, 6)
    attended = {c.id for c in db.session.scalars(cases_in(db.session, "head_attended", YEAR, DEFAULT, TODAY))}
    assert attended == {seeded["RV"][0].id, seeded["VA"][0].id, seeded["M1"][0].id, seeded["M1"][2].id}
    assert len(db.session.scalars(cases_in(db.session, "head_occasions", YEAR, DEFAULT, TODAY)).all()) == 6
    spring = build_report(db.session, Period(date(2026, 3, 1), date(2026, 4, 30), "custom"), DEFAULT, TODAY)
    assert value(spring, "respondent_head_attendance_rate") == (2 / 3, 2, 3)  # M1 0 and M1 2 of M1 0–2
    # 21–22 March: M1 1 and M1 2, neither with its 负责人 (M1 2's came on the 25th): 0 %, not「no data」
    two_days = build_report(db.session, Period(date(2026, 3, 21), date(2026, 3, 22), "custom"), DEFAULT, TODAY)
    assert value(two_days, "respondent_head_attendance_rate") == (0.0, 0, 2)
    assert figure_text(two_days.figures["respondent_head_attendance_rate"]) == "0.00%"
    last_year = build_report(db.session, Period(date(2025, 1, 1), date(2025, 12, 31), "year"), DEFAULT, TODAY)
    assert value(last_year, "respondent_head_attendance_rate") == (1.0, 1, 1)  # P25 0's hearing
    autumn = build_report(db.session, Period(date(2026, 10, 1), date(2026, 12, 31), "quarter"), DEFAULT, TODAY)
    assert value(autumn, "respondent_head_attendance_rate") == (None, 0, 0)
    assert figure_text(autumn.figures["respondent_head_attendance_rate"]) == "本期无听证或调解会"


def test_opinion_and_recommendation_letters_issued(seeded):
    report = build_report(db.session, YEAR, DEFAULT, TODAY)
    # RV 0's two 意见书 (1 July; 23:30 on 31 December, Beijing); VA 0's at 00:10 on 1 January 2027 is next year's
    assert (report.figures["opinion_letters"].value, report.figures["recommendation_letters"].value) == (2, 1)
    listed = db.session.scalars(cases_in(db.session, "opinion_letters", YEAR, DEFAULT, TODAY)).all()
    assert [c.id for c in listed] == [seeded["RV"][0].id]  # one case, two letters
    next_year = build_report(db.session, Period(date(2027, 1, 1), date(2027, 12, 31), "year"), DEFAULT, TODAY)
    assert (next_year.figures["opinion_letters"].value, next_year.figures["recommendation_letters"].value) == (1, 0)
    july = build_report(db.session, Period(date(2026, 7, 1), date(2026, 7, 31), "month"), DEFAULT, TODAY)
    assert (july.figures["opinion_letters"].value, july.figures["recommendation_letters"].value) == (1, 0)


def test_by_act_type(seeded):
    report = build_report(db.session, YEAR, DEFAULT, TODAY)
    rows = [(r["label"], r["received"], r["closed"], r["corrected"], r["mediated_or_settled"])
            for r in report.groups["act_type"]]
    # 行政处罚: RV 5 + VA 2, all corrected (RET's retractions never count, P25 is 2025's);
    # 行政许可: UP 10 upheld; 未分类: the other 52 − 17 = 35 received, 36 − 17 = 19 closed, M1 6 + S1 3 调解和解
    assert rows == [("未分类", 35, 19, 0, 9), ("行政许可", 10, 10, 0, 0), ("行政处罚", 7, 7, 7, 0)]
    spring = build_report(db.session, Period(date(2026, 5, 1), date(2026, 6, 30), "custom"), DEFAULT, TODAY)
    # received: RV 5, VA 2 (May), UP 10 (June); closed: RV 5 on 20 June
    assert [(r["label"], r["received"], r["closed"]) for r in spring.groups["act_type"]] == [
        ("行政许可", 10, 0), ("行政处罚", 7, 5)]
