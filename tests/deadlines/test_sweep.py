"""The deadline sweep: overdue flags, reminders, the correction notice, catch-up, exactly once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from recon.audit import chain
from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.deadlines import lifecycle
from recon.deadlines.models import Deadline
from recon.deadlines.sweep import sweep_due_deadlines
from recon.extensions import db
from recon.notifications.models import Notification
from recon.scheduler import run_job
from tests.deadlines.helpers import FIXED_NOW, make_case, open_deadline

D = date.fromisoformat


def _at(day: str) -> datetime:
    """10:00 Beijing on ``day``."""
    return datetime.fromisoformat(f"{day}T02:00:00+00:00")


def _sweep(now: datetime = FIXED_NOW) -> int:
    count = sweep_due_deadlines(db.session, now)
    db.session.commit()
    return count


def _notes(user=None) -> list[tuple[str, str, int]]:
    """(kind, summary, deadline_id) of the inbox, oldest first."""
    query = select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return [(n.kind, n.summary, n.deadline_id) for n in db.session.scalars(query)]


def test_sweep_flags_overdue_once_and_reminds_the_handler(app, users):
    handler = users["handler"]
    case = make_case()
    case.handler_id = handler.id
    late = open_deadline(case, "respondent_copy", "2026-11-10")  # 7 working days: due Thu 11-19
    due_today = open_deadline(case, "acceptance_review", "2026-11-20")  # due Fri 2026-11-27
    later = open_deadline(case, "decision", "2026-11-20")
    paused = open_deadline(case, "decision", "2026-09-01")
    lifecycle.pause(db.session, paused, D("2026-09-10"), None)
    met = open_deadline(case, "respondent_copy", "2026-11-02")
    lifecycle.meet(db.session, met, D("2026-11-05"), None)
    db.session.commit()
    assert late.due_on == D("2026-11-19") and due_today.due_on == D("2026-11-27")

    assert _sweep() == 2  # late flagged overdue; due_today reminded
    assert _sweep() == 0

    db.session.expire_all()
    assert late.state == "overdue" and late.version_id == 2
    assert [due_today.state, later.state, paused.state, met.state] == ["open", "open", "paused", "met"]
    assert due_today.version_id == 1 and due_today.reminded_due_on == D("2026-11-27")
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "deadline.overdue")).all()
    assert len(events) == 1
    event = events[0]
    assert event.dedupe_key == f"deadline:{late.id}:overdue" and event.case_id == case.id
    assert event.on == D("2026-11-27") and not event.public
    assert event.summary == "期限届满：发送申请书副本期限（普通程序）已于 2026年11月19日 届满，标记为逾期"
    assert event.payload == {"deadline_id": late.id, "rule": "respondent_copy", "due_on": "2026-11-19"}
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "deadline.overdue")).all()
    assert len(audit) == 1 and audit[0].actor_id is None and audit[0].actor_name == "系统"
    assert audit[0].object_id == str(late.id) and audit[0].case_id == case.id
    assert audit[0].before == {"state": "open"}
    assert audit[0].after == {"state": "overdue", "due_on": "2026-11-19"}
    assert audit[0].summary == "发送申请书副本期限（普通程序）已于 2026年11月19日 届满，标记为逾期"
    assert chain.verify(db.session).first_break is None  # the sweep's entries are chained
    assert _notes(handler) == [
        ("overdue", "发送申请书副本期限（普通程序）已于 2026年11月19日 届满，已逾期", late.id),
        ("due_soon", "受理审查期限将于 2026年11月27日 届满，请及时办理", due_today.id),
    ]
    assert _notes(users["supervisor"]) == []


def test_unassigned_cases_remind_every_active_supervisor(app, users):
    from recon.auth.services import create_user

    second = create_user(db.session, None, "supervisor2", "supervisor", "pass-word-2026",
                         display_name="第二负责人")
    retired = create_user(db.session, None, "supervisor3", "supervisor", "pass-word-2026",
                          display_name="已停用")
    retired.active = False
    case = make_case()
    d = open_deadline(case, "respondent_copy", "2026-11-10")
    db.session.commit()
    assert _sweep() == 1
    got = db.session.execute(select(Notification.user_id, Notification.kind, Notification.case_label)
                             .order_by(Notification.user_id)).all()
    assert got == [(users["supervisor"].id, "overdue", case.case_no),
                   (second.id, "overdue", case.case_no)]
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.deadline_id == d.id)) == 2


def test_due_soon_is_three_working_days_across_a_weekend(app, users):
    case = make_case()
    case.handler_id = users["handler"].id
    # Friday 2026-11-27: Mon 11-30, Tue 12-01 and Wed 12-02 are 1-3 working days away.
    in_three = open_deadline(case, "acceptance_review", "2026-11-25")  # due Wed 12-02
    in_four = open_deadline(case, "acceptance_review", "2026-11-26")  # due Thu 12-03
    db.session.commit()
    assert in_three.due_on == D("2026-12-02") and in_four.due_on == D("2026-12-03")
    assert _sweep() == 1
    assert [n[2] for n in _notes()] == [in_three.id]
    assert _sweep(_at("2026-11-30")) == 1  # Monday: Thursday is 3 working days away
    assert [n[2] for n in _notes()] == [in_three.id, in_four.id]


def test_a_moved_due_date_is_reminded_again(app, users):
    case = make_case()
    case.handler_id = users["handler"].id
    d = open_deadline(case, "decision", "2026-09-28")  # 60 days: due 11-27
    db.session.commit()
    assert _sweep() == 1
    lifecycle.extend(db.session, d, 3, None, FIXED_NOW)
    db.session.commit()
    assert d.due_on == D("2026-11-30")
    assert _sweep() == 1
    assert _sweep() == 0
    assert [n[1] for n in _notes()] == [
        "行政复议决定期限（普通程序）将于 2026年11月27日 届满，请及时办理",
        "行政复议决定期限（普通程序）将于 2026年11月30日 届满，请及时办理",
    ]


def test_sweep_uses_the_beijing_date(app):
    case = make_case()
    d = open_deadline(case, "respondent_copy", "2026-11-18")  # due 2026-11-27
    db.session.commit()
    d.reminded_due_on = d.due_on
    db.session.commit()
    # 16:00 UTC on 2026-11-27 is already midnight of 2026-11-28 in Beijing: the deadline has passed.
    assert _sweep(datetime(2026, 11, 27, 15, 59, tzinfo=UTC)) == 0
    assert _sweep(datetime(2026, 11, 27, 16, 0, tzinfo=UTC)) == 1
    assert d.state == "overdue"


def test_sweep_runs_in_batches(app, users):
    case = make_case()
    case.handler_id = users["handler"].id
    for _ in range(5):
        open_deadline(case, "respondent_copy", "2026-11-10")
    db.session.commit()
    assert sweep_due_deadlines(db.session, FIXED_NOW, batch=2) == 5
    db.session.commit()
    keys = db.session.scalars(select(CaseEvent.dedupe_key)).all()
    assert len(keys) == len(set(keys)) == 5
    assert len(_notes()) == 5


def test_scheduler_job_runs_the_sweep(app):
    case = make_case()
    open_deadline(case, "respondent_copy", "2026-11-10")
    db.session.commit()
    assert run_job(app, "deadline-sweep", FIXED_NOW) == 1
    assert run_job(app, "deadline-sweep", FIXED_NOW) == 0


def test_overdue_deadline_can_still_be_met(app):
    case = make_case()
    d = open_deadline(case, "respondent_copy", "2026-11-10")
    db.session.commit()
    _sweep()
    lifecycle.meet(db.session, d, D("2026-11-27"), None)
    db.session.commit()
    assert d.state == "met"
    assert _sweep() == 0


def test_the_correction_notice_ends_with_the_review_and_is_never_overdue(app, users):
    case = make_case(received_on=D("2026-11-13"))
    case.handler_id = users["handler"].id
    review = open_deadline(case, "acceptance_review", "2026-11-13")  # due 11-20
    notice = open_deadline(case, "correction_notice", "2026-11-13")  # due 11-20
    lifecycle.meet(db.session, review, D("2026-11-18"), None)  # accepted in time
    db.session.commit()
    assert notice.due_on == D("2026-11-20")

    assert _sweep() == 1
    db.session.expire_all()
    assert notice.state == "cancelled"
    assert db.session.scalar(select(func.count()).select_from(CaseEvent)
                             .where(CaseEvent.kind == "deadline.overdue")) == 0
    assert _notes() == []
    entry = db.session.scalars(select(AuditEntry)
                               .where(AuditEntry.action == "deadline.ended_with_review")).one()
    assert entry.object_id == str(notice.id) and entry.after["state"] == "cancelled"
    assert "受理审查已结束" in entry.summary and "不计逾期" in entry.summary
    assert _sweep() == 0


def test_the_correction_notice_waits_while_the_review_runs(app):
    """A supplement restarted the review (record_correction): the old notice period has passed,
    but it ends only with the new review."""
    case = make_case(received_on=D("2026-11-13"))
    notice = open_deadline(case, "correction_notice", "2026-11-13")  # due 11-20
    open_deadline(case, "acceptance_review", "2026-11-25")  # due 12-02
    db.session.commit()
    for day in ("2026-11-27", "2026-11-30", "2026-12-01"):
        _sweep(_at(day))
        assert notice.state == "open"
    _sweep(_at("2026-12-03"))  # the review ran out (flagged: no case-side consequence connected)
    db.session.expire_all()
    assert notice.state == "cancelled"


def test_catch_up_after_three_days_of_downtime_without_duplicates(app, users):
    handler = users["handler"]
    case = make_case()
    case.handler_id = handler.id
    starts = ["2026-11-16", "2026-11-18", "2026-11-20", "2026-11-23", "2026-11-25", "2026-11-27"]
    deadlines = [open_deadline(case, "respondent_copy", s) for s in starts]
    db.session.commit()
    _sweep(_at("2026-11-23"))  # Monday; then the scheduler is down Tue-Thu
    before = _notes()
    _sweep(_at("2026-11-27"))  # Friday: catch up
    after = _notes()
    assert after[:len(before)] == before
    for day in ("2026-11-27", "2026-11-30", "2026-12-01"):
        _sweep(_at(day))
    notes = _notes()
    keys = [(kind, deadline_id) for kind, _s, deadline_id in notes]
    assert len(keys) == len(set(keys)), "a reminder was sent twice"
    by_deadline = {d.id: {k for k, i in keys if i == d.id} for d in deadlines}
    db.session.expire_all()
    for d in deadlines:
        if d.due_on < D("2026-12-01"):
            assert d.state == "overdue" and by_deadline[d.id] == {"due_soon", "overdue"} or (
                d.due_on < D("2026-11-23") and by_deadline[d.id] == {"overdue"})
    events = db.session.scalars(select(CaseEvent.dedupe_key).where(CaseEvent.kind == "deadline.overdue")).all()
    assert len(events) == len(set(events)) == sum(d.state == "overdue" for d in deadlines)


def test_a_rolled_back_sweep_leaves_nothing(app, users):
    case = make_case()
    case.handler_id = users["handler"].id
    d = open_deadline(case, "respondent_copy", "2026-11-10")
    db.session.commit()
    assert sweep_due_deadlines(db.session, FIXED_NOW) == 1
    db.session.rollback()
    assert d.state == "open"
    assert _notes() == [] and db.session.scalar(select(func.count()).select_from(CaseEvent)) == 0
    assert _sweep() == 1 and len(_notes()) == 1


def test_sweep_days_are_in_due_order(app):
    """Catch-up claims the oldest first (the batch order), so a long outage drains in due order."""
    case = make_case()
    ids = [open_deadline(case, "respondent_copy", (D("2026-11-01") + timedelta(days=i)).isoformat()).id
           for i in range(4)]
    db.session.commit()
    sweep_due_deadlines(db.session, FIXED_NOW, batch=1)
    db.session.commit()
    flagged = db.session.scalars(select(AuditEntry.object_id).where(AuditEntry.action == "deadline.overdue")
                                 .order_by(AuditEntry.id)).all()
    due = {d.id: d.due_on for d in db.session.scalars(select(Deadline))}
    assert [due[int(i)] for i in flagged] == sorted(due[i] for i in ids if due[i] < D("2026-11-27"))
