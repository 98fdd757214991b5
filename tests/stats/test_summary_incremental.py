"""The statistics summary kept by the flush listener (recon/stats/summary.py): after every workflow
action its rows equal a rebuild from the case record, exactly; a filing adds its rows with one
upsert and no query; two writers at once lose nothing."""

from __future__ import annotations

import random
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from recon.cases import workflow
from recon.cases.act_type import set_act_type
from recon.cases.enterprise import set_enterprise
from recon.cases.models import Case, IntakeRecord
from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.extensions import db
from recon.followup.models import LaterProceeding
from recon.followup.services import record_proceeding
from recon.intake.models import IntakePoint
from recon.intake.points import record_handover
from recon.stats.definitions import DEFAULT
from recon.stats.figures import build_report
from recon.stats.models import StatSummary
from recon.stats.periods import Period
from recon.stats.summary import pieces, rebuild, status_counts
from tests.cases.helpers import act, beijing, postal_case
from tests.intake.factories import ORG_CODE, payload

D = date.fromisoformat


def stored() -> list[tuple]:
    """The summary's rows with something counted (a row whose counts fell back to 0 adds nothing;
    a rebuild leaves it out)."""
    return sorted((r.grain, r.day, r.kind, r.dim, r.dim_value, r.channel, r.closure, r.detail, r.enterprise,
                   r.sued, r.petitioned, r.clock, r.accepted, r.n, r.days, r.suspended)
                  for r in db.session.scalars(select(StatSummary)) if (r.n, r.days, r.suspended) != (0, 0, 0))


def agrees(step: str) -> None:
    """The incremental table equals the one rebuilt from the case record."""
    db.session.commit()
    kept = stored()
    rebuild(db.session)
    db.session.commit()
    rebuilt = stored()
    assert kept == rebuilt, (step, sorted(set(kept) ^ set(rebuilt)))


def _accept(app, users, case, on):
    act(app, case, "accept", {"procedure": "ordinary", "on": on}, users["handler"], beijing(on))


def _start_mediation(app, users, case, on, suspend=True):
    act(app, case, "start_mediation", {"on": on, "applicant_consents": True, "respondent_consents": True,
                                       "suspend": suspend, "mediators": ["人民调解员：王五"]},
        users["handler"], beijing(on))


def _serve_decision(app, users, case, on):
    number = db.session.scalar(select(Document.number).where(Document.case_id == case.id,
                                                             Document.kind == "decision"))
    for recipient in ("合江区市场监督管理局", "张三"):
        act(app, case, "serve", {"document": number, "method": "direct", "served_on": on, "recipient": recipient},
            users["handler"], beijing(on))


def _online(app, actor, now, replaces=None):
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    form = ApplicationForm(data=payload("online"), today=now.date())
    assert form.validate(), form.errors
    case = intake.register_application(db.session, form.data, actor, now, storage=Storage(app.config["STORAGE_DIR"]),
                                       settings=intake_settings(app.config), replaces=replaces).case
    db.session.commit()
    return case


def test_every_workflow_action_keeps_the_summary_equal_to_a_rebuild(app, users):
    handler, supervisor = users["handler"], users["supervisor"]
    point = IntakePoint(code="HJ-01", name="合江镇公共法律服务工作站", kind="legal_service", address="合江镇", hours="",
                        active=True)
    db.session.add(point)
    db.session.commit()

    # intake (postal, at a point, an enterprise), acceptance, assignment, a suspension, a decision
    decided = postal_case(app, users, D("2026-06-01"))
    agrees("filed")
    _accept(app, users, decided, D("2026-06-03"))
    agrees("accepted")
    act(app, decided, "assign", {"handler": "handler"}, supervisor, beijing(D("2026-06-04")))
    agrees("assigned")
    act(app, decided, "suspend", {"cause": 6, "on": D("2026-06-10")}, handler, beijing(D("2026-06-10")))
    act(app, decided, "resume", {"on": D("2026-06-20")}, handler, beijing(D("2026-06-20")))
    agrees("suspended and resumed")
    act(app, decided, "decide", {"type": "uphold", "on": D("2026-07-01")}, handler, beijing(D("2026-07-01")))
    act(app, decided, "approve_decision", {"on": D("2026-07-02")}, supervisor, beijing(D("2026-07-02")))
    _serve_decision(app, users, decided, D("2026-07-03"))
    assert (decided.status, decided.closure, decided.closed_on) == ("closed", "uphold", D("2026-07-03"))
    agrees("decided and served")
    today = D("2026-11-27")
    record_proceeding(db.session, decided, "litigation", D("2026-07-20"), handler, beijing(today), today,
                      court="合江县人民法院", number="（2026）川0522行初1号")
    agrees("sued")
    record_proceeding(db.session, decided, "petition", D("2026-07-25"), handler, beijing(today), today)
    agrees("petitioned")

    at_point = postal_case(app, users, D("2026-06-02"), postal__point="HJ-01",
                           applicant={"kind": "organization", "name": "合江县某某食品有限公司", "id_number": ORG_CODE,
                                      "legal_representative": "李四", "phone": "13800138000",
                                      "address": "合江区人民路 8 号", "postcode": "646200", "email": ""})
    assert at_point.enterprise and at_point.intake.point_id == point.id
    agrees("filed at a point by an enterprise")
    record_handover(db.session, at_point, D("2026-06-03"), "李登记", users["clerk"], beijing(today), today)
    set_enterprise(db.session, at_point, False, handler, beijing(D("2026-06-03")))
    agrees("handed over, no longer an enterprise")
    set_act_type(db.session, at_point, "licensing", handler, beijing(D("2026-06-03")))
    agrees("its act type corrected")
    # mediation to an effective 调解书: the decision clock is cancelled
    _accept(app, users, at_point, D("2026-06-04"))
    _start_mediation(app, users, at_point, D("2026-06-10"))
    act(app, at_point, "log_mediation_session", {"on": D("2026-06-19"), "mode": "video",
                                                 "participants": ["申请人 张三"], "outcome": "agreement"},
        handler, beijing(D("2026-06-19")))
    act(app, at_point, "record_agreement", {"on": D("2026-06-19"), "terms": "罚款数额变更为人民币五千元"}, handler,
        beijing(D("2026-06-19")))
    for party in ("applicant", "respondent"):
        act(app, at_point, "sign_agreement", {"party": party, "on": D("2026-06-22")}, handler,
            beijing(D("2026-06-22")))
    act(app, at_point, "seal_agreement", {"on": D("2026-06-23")}, supervisor, beijing(D("2026-06-23")))
    assert (at_point.closure, at_point.closed_on) == ("mediation", D("2026-06-23"))
    agrees("mediated")

    settled = postal_case(app, users, D("2026-06-03"))
    _accept(app, users, settled, D("2026-06-04"))
    _start_mediation(app, users, settled, D("2026-06-10"))
    act(app, settled, "withdraw", {"on": D("2026-06-18"), "reason": "双方已和解", "after_settlement": True,
                                   "settlement_terms": "被申请人退还罚款一千元"}, handler, beijing(D("2026-06-18")))
    assert settled.closure_detail == "after_settlement"
    agrees("settled and withdrawn")

    corrected = postal_case(app, users, D("2026-06-03"))
    _accept(app, users, corrected, D("2026-06-05"))
    act(app, corrected, "withdraw", {"on": D("2026-06-15"), "reason": "被申请人已撤销原处罚决定", "self_correction": True,
                                     "new_act_no": "某市监撤字〔2026〕3号", "new_act_on": D("2026-06-12")},
        handler, beijing(D("2026-06-15")))
    agrees("self-corrected and withdrawn")

    early = postal_case(app, users, D("2026-06-01"))
    _start_mediation(app, users, early, D("2026-06-02"), suspend=False)
    act(app, early, "log_mediation_session", {"on": D("2026-06-03"), "mode": "phone", "participants": ["申请人 张三"],
                                              "outcome": "agreement"}, handler, beijing(D("2026-06-03")))
    act(app, early, "withdraw", {"on": D("2026-06-04"), "reason": "申请人接受解释"}, handler, beijing(D("2026-06-04")))
    assert early.closure == "resolved_before_acceptance"
    agrees("resolved before acceptance")

    refused = postal_case(app, users, D("2026-11-02"))
    act(app, refused, "refuse", {"condition": 6, "reason": "不属于本机关管辖", "competent_organ": "合江市人民政府"},
        handler, beijing(D("2026-11-03")))
    dismissed = postal_case(app, users, D("2026-11-02"))
    _accept(app, users, dismissed, D("2026-11-03"))
    act(app, dismissed, "dismiss", {"reason": "超过申请期限", "on": D("2026-11-05")}, handler, beijing(D("2026-11-05")))
    deemed = postal_case(app, users, D("2024-09-27"))
    workflow.deem_accepted(db.session, deemed, beijing(D("2024-10-11"), 0))
    agrees("refused, dismissed, deemed accepted")

    # the applicant's retraction within the correction window is never counted, and its
    # resubmission takes its number
    submitted = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    first = _online(app, users["applicant"], submitted)
    agrees("filed online")
    from recon.intake.services import retract_for_correction

    retract_for_correction(db.session, first, users["applicant"], submitted + timedelta(minutes=4),
                           timedelta(minutes=10))
    agrees("retracted within the window")
    again = _online(app, users["applicant"], submitted + timedelta(minutes=6), replaces=first)
    assert again.case_no.endswith(first.case_no.split("（")[0][-3:])
    agrees("resubmitted")

    # corrections straight through the ORM: the closure day, the respondent, the decision clock
    decided.closed_on = D("2026-09-30")  # after the decision deadline: now late
    decided.respondent_name = "合江区人民政府"
    agrees("closure day and respondent corrected")
    clock = db.session.scalar(select(Deadline).where(Deadline.case_id == decided.id, Deadline.rule == "decision"))
    clock.due_on = D("2026-10-30")
    agrees("decision clock moved")
    db.session.expire_all()  # values the session no longer holds are read back by id
    db.session.get(Case, decided.id).closure = "revoke"
    agrees("closure changed on an expired object")
    # a closed case with its intake record, decision clock and later suit, added and then deleted
    gone = Case(case_no="合府复〔2026〕900号", year=2026, serial=900, query_code="Q0000900", channel="onsite",
                status="closed", filed_on=D("2026-05-04"), received_on=D("2026-05-04"), accepted_on=D("2026-05-06"),
                closed_on=D("2026-07-06"), closure="revoke", respondent_name="合江区公安分局",
                act_title="行政处罚决定书", request="请求撤销", facts_and_reasons="事实不清。")
    gone.intake = IntakeRecord(channel="onsite", point_id=point.id, submitted_at=beijing(D("2026-05-04")),
                               snapshot={})
    db.session.add(gone)
    db.session.flush()
    db.session.add(Deadline(case_id=gone.id, rule="decision", start_on=D("2026-05-06"), due_on=D("2026-07-06"),
                            state="met", derivation={}, pauses=[["2026-05-20", "2026-05-25"]]))
    db.session.add(LaterProceeding(case_id=gone.id, kind="petition", on=D("2026-07-10"), note=""))
    agrees("a closed case added with its records")
    gone.intake.point_id = None
    agrees("intake point removed")
    gone.intake.point_id = point.id
    agrees("intake point set")
    db.session.delete(gone)  # with its loaded intake record (the deadline and the suit by the database)
    agrees("case deleted")

    counts = status_counts(db.session)
    assert counts == {"closed": 7, "refused": 1, "accepted": 1, "received": 1}
    report = build_report(db.session, Period(D("2026-06-01"), D("2026-06-30"), "month"), DEFAULT, today)
    # closed in June: mediated 06-23, settled 06-18, self-corrected 06-15, resolved 06-04
    assert (report.figures["closed"].value, report.figures["mediated_or_settled"].value) == (4, 2)


def test_a_filing_adds_its_rows_with_one_upsert_and_no_query(app):
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.split()[0].upper() + " " + statement)

    case = Case(case_no="合府复〔2026〕1号", year=2026, serial=1, query_code="Q0000001", channel="onsite",
                filed_on=D("2026-11-27"), received_on=D("2026-11-27"), respondent_name="合江区公安分局",
                act_title="行政处罚决定书", request="请求撤销", facts_and_reasons="事实不清。")
    db.session.add(case)
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        db.session.flush()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    summary = [s for s in statements if "stat_summary" in s]
    assert len(summary) == 1 and "ON CONFLICT" in summary[0]
    assert not [s for s in statements if s.startswith("SELECT")]
    db.session.commit()
    assert status_counts(db.session) == {"received": 1}
    # day, month and year rows of the received case, main and by respondent, handler and point
    received = {(r.grain, r.day, r.dim, r.dim_value, r.n) for r in db.session.scalars(
        select(StatSummary).where(StatSummary.kind == "received"))}
    assert received == {(grain, day, dim, value, 1)
                        for grain, day in (("day", D("2026-11-27")), ("month", D("2026-11-01")),
                                           ("year", D("2026-01-01")))
                        for dim, value in (("", ""), ("respondent", "合江区公安分局"), ("handler", ""),
                                           ("act_type", ""), ("point", ""))}  # the title names no known type


def test_a_period_is_read_as_whole_years_whole_months_and_edge_days():
    assert pieces(D("2025-01-01"), D("2025-12-31")) == [("year", D("2025-01-01"), D("2025-01-01"))]
    assert pieces(D("2022-02-17"), D("2025-11-03")) == [
        ("year", D("2023-01-01"), D("2024-01-01")),
        ("month", D("2022-03-01"), D("2022-12-01")), ("day", D("2022-02-17"), D("2022-02-28")),
        ("month", D("2025-01-01"), D("2025-10-01")), ("day", D("2025-11-01"), D("2025-11-03"))]
    assert pieces(D("2026-03-15"), D("2026-04-10")) == [("day", D("2026-03-15"), D("2026-04-10"))]
    assert pieces(D("2025-01-01"), D("2025-12-31"), years=False) == [("month", D("2025-01-01"), D("2025-12-01"))]


def test_any_period_counts_each_day_once(app):
    """Cases received on scattered days over three years: every period, however its edges fall,
    counts exactly the cases received in it, and its months by channel add up to the same."""
    rng = random.Random(17)
    days = [D("2024-01-01") + timedelta(days=rng.randrange(3 * 365)) for _ in range(120)]
    for serial, day in enumerate(days, 1):
        db.session.add(Case(case_no=f"合府复〔{day.year}〕{serial}号", year=day.year, serial=serial,
                            query_code=f"Q{serial:07d}", channel=rng.choice(("online", "postal", "onsite")),
                            filed_on=day, received_on=day, respondent_name="合江区公安分局", act_title="行政处罚决定书",
                            request="请求撤销", facts_and_reasons="事实不清。"))
    db.session.commit()
    periods = [(D("2024-01-01"), D("2026-12-31")), (D("2024-03-15"), D("2026-05-31")), (D("2025-02-28"), D("2025-03-01")),
               (D("2024-12-31"), D("2025-01-01"))]
    for _ in range(12):
        start = D("2024-01-01") + timedelta(days=rng.randrange(3 * 365))
        periods.append((start, start + timedelta(days=rng.randrange(800))))
    for start, end in periods:
        report = build_report(db.session, Period(start, end, "custom"), DEFAULT, D("2026-11-27"))
        expected = sum(start <= day <= end for day in days)
        assert report.figures["received"].value == expected, (start, end)
        assert sum(month["total"] for month in report.monthly) == expected, (start, end)


@pytest.mark.parametrize("workers", [2])
def test_two_writers_at_once_lose_no_update(app, workers):
    """Writers commit new cases on the same day, channel and respondent (the same summary rows) at
    the same moments; every one is counted."""
    per_writer = 15
    barrier = threading.Barrier(workers)
    errors = []

    def write(writer: int) -> None:
        try:
            with app.app_context():
                for i in range(per_writer):
                    serial = writer * 1000 + i + 1
                    db.session.add(Case(case_no=f"合府复〔2026〕{serial}号", year=2026, serial=serial,
                                        query_code=f"Q{serial:07d}", channel="online", filed_on=D("2026-11-27"),
                                        received_on=D("2026-11-27"), respondent_name="合江区公安分局",
                                        act_title="行政处罚决定书", request="请求撤销", facts_and_reasons="事实不清。"))
                    barrier.wait(timeout=30)
                    db.session.commit()
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    total = workers * per_writer
    assert status_counts(db.session) == {"received": total}
    report = build_report(db.session, Period(D("2026-11-27"), D("2026-11-27"), "custom"), DEFAULT, D("2026-11-27"))
    assert report.figures["received"].value == total
    agrees("after the concurrent writers")


def test_the_staff_home_counts_cases_by_status_from_the_summary(app, users, login_as):
    for serial, status in enumerate(("received", "received", "accepted", "mediation", "closed", "refused"), 1):
        db.session.add(Case(case_no=f"合府复〔2026〕{serial}号", year=2026, serial=serial, query_code=f"Q{serial:07d}",
                            channel="onsite", status=status, filed_on=D("2026-11-02"), received_on=D("2026-11-02"),
                            respondent_name="合江区公安分局", act_title="行政处罚决定书", request="请求撤销",
                            facts_and_reasons="事实不清。"))
    db.session.commit()
    page = login_as("clerk").get("/staff").get_data(as_text=True)
    assert "在办案件 <strong>4</strong> 件，累计收案 <strong>6</strong> 件。" in page
    assert "<td>调解中</td><td>1</td>" in page and "<td>已收到，待受理审查</td><td>2</td>" in page
    db.session.execute(StatSummary.__table__.delete())  # the page reads the summary, not the cases
    db.session.commit()
    assert "累计收案 <strong>0</strong> 件" in login_as("clerk").get("/staff").get_data(as_text=True)


@pytest.mark.parametrize("command", [["recon", "stats", "rebuild-summary"], ["recon", "stats-rebuild"]])
def test_the_rebuild_command_counts_cases_written_around_the_orm(app, command):
    db.session.execute(Case.__table__.insert().values(
        case_no="合府复〔2026〕1号", year=2026, serial=1, query_code="Q0000001", channel="postal", status="accepted",
        filed_on=D("2026-03-02"), received_on=D("2026-03-02"), accepted_on=D("2026-03-04"), respondent_name="合江区公安分局",
        act_title="行政处罚决定书", request="请求撤销", facts_and_reasons="事实不清。", version_id=1))
    db.session.commit()
    assert status_counts(db.session) == {}  # bulk SQL bypasses the listener
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0 and "statistics summary rebuilt: 1 months" in result.output
    db.session.expire_all()
    assert status_counts(db.session) == {"accepted": 1}
    report = build_report(db.session, Period(D("2026-03-04"), D("2026-03-04"), "custom"), DEFAULT, D("2026-11-27"))
    assert (report.figures["received"].value, report.figures["accepted"].value) == (0, 1)
