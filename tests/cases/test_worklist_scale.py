"""The staff worklist at scale (issue 17): ``case.next_due_on`` kept by every deadline change, the
order (overdue first, nearest due, then received), the cursor walk and the bounded count."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from recon.extensions import db
from tests.cases.helpers import beijing, postal_case
from tests.conftest import FIXED_NOW
from tests.intake.factories import payload


def _running_min(case_id):
    from recon.deadlines.models import RUNNING_STATES, Deadline

    dues = db.session.scalars(select(Deadline.due_on).where(
        Deadline.case_id == case_id, Deadline.state.in_(RUNNING_STATES))).all()
    return min(dues, default=None)


def _next_due(case_id):
    from recon.cases.models import Case

    return db.session.scalar(select(Case.next_due_on).where(Case.id == case_id))


def test_next_due_on_follows_open_meet_pause_resume_extend(app, users):
    from recon.deadlines import lifecycle

    case = postal_case(app, users, date(2026, 11, 2), act__doc_no="文号一")
    first = _running_min(case.id)
    assert first is not None and case.next_due_on == first  # set at intake, on the loaded case too

    now = beijing(date(2026, 11, 3))
    short = lifecycle.open_deadline(db.session, case.id, "correction_reply", date(2026, 11, 3), users["clerk"], now)
    db.session.commit()
    assert short.due_on != first
    assert _next_due(case.id) == min(first, short.due_on) == case.next_due_on

    lifecycle.pause(db.session, short, date(2026, 11, 4), users["clerk"])
    db.session.commit()
    assert _next_due(case.id) == first  # a paused deadline has no running due date

    lifecycle.resume(db.session, short, date(2026, 11, 6), users["clerk"])
    db.session.commit()
    assert short.due_on is not None and _next_due(case.id) == min(first, short.due_on)

    before = short.due_on
    lifecycle.extend(db.session, short, 3, users["clerk"], beijing(date(2026, 11, 6)))
    db.session.commit()
    assert short.due_on > before and _next_due(case.id) == min(first, short.due_on) == _running_min(case.id)

    for deadline in db.session.scalars(select(type(short)).where(type(short).case_id == case.id)).all():
        if deadline.state in ("open", "overdue"):
            lifecycle.meet(db.session, deadline, date(2026, 11, 10), users["clerk"])
    db.session.commit()
    assert _next_due(case.id) is None and case.next_due_on is None


def _worklist_walk(client, path):
    """Case numbers of every page, following 「下一页」; the pages' own captions."""
    seen, captions = [], []
    while path:
        response = client.get(path)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        captions.append(re.search(r'<caption id="worklist-caption">([^<]*)<', html).group(1))
        seen += re.findall(r'<th scope="row"><a href="/cases/\d+">([^<]+)</a>', html)
        link = re.search(r'<a href="([^"]+)" rel="next">', html)
        path = unescape(link.group(1)) if link else None
    return seen, captions


def test_worklist_order_and_cursor_walk(app, users, login_as, monkeypatch):
    from recon.cases import views
    from recon.deadlines import lifecycle
    from recon.deadlines.models import Deadline
    from recon.deadlines.sweep import sweep_due_deadlines

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    old = postal_case(app, users, date(2026, 10, 12), act__doc_no="文号旧")   # overdue by today
    mid = postal_case(app, users, date(2026, 11, 20), act__doc_no="文号中")
    new = postal_case(app, users, date(2026, 11, 25), act__doc_no="文号新")
    done_early = postal_case(app, users, date(2026, 11, 2), act__doc_no="文号甲")
    done_late = postal_case(app, users, date(2026, 11, 3), act__doc_no="文号乙")
    for case in (done_early, done_late):  # no running deadline: after every case that has one
        for d in db.session.scalars(select(Deadline).where(Deadline.case_id == case.id)).all():
            lifecycle.meet(db.session, d, date(2026, 11, 10), users["clerk"])
    db.session.commit()
    sweep_due_deadlines(db.session, FIXED_NOW)
    db.session.commit()
    assert _next_due(old.id) < FIXED_NOW.date() <= _next_due(mid.id) <= _next_due(new.id)

    client = login_as("handler")
    seen, captions = _worklist_walk(client, "/cases/")
    assert seen == [c.case_no for c in (old, mid, new, done_early, done_late)]
    assert len(captions) == 3 and all("共 5 件" in c for c in captions)
    # the old page-number links keep working
    html = client.get("/cases/?page=2").get_data(as_text=True)
    assert html.index(new.case_no) < html.index(done_early.case_no) and mid.case_no not in html


@pytest.mark.parametrize("path", ["/cases/?status=open&cursor=not-a-cursor", "/audit/?actor=clerk&cursor=e30"])
def test_bad_cursor_starts_again_with_a_message(login_as, path):
    response = login_as("supervisor").get(path, follow_redirects=True)
    assert response.status_code == 200 and "cursor" not in response.request.full_path
    assert "翻页位置无效，请从第一页重新开始" in response.get_data(as_text=True)


def test_forged_cursor_of_the_right_shape_is_refused_not_sent_to_the_database(login_as):
    """A cursor with a string where a date or an id belongs starts again with the message on
    every keyset list (PostgreSQL would otherwise fail on the comparison)."""
    from recon.cases.queries import WORKLIST_KEYS
    from recon.paging import encode_cursor

    client = login_as("supervisor")
    for path, size in (("/cases/?cursor=", len(WORKLIST_KEYS)), ("/audit/?cursor=", 1)):
        response = client.get(path + encode_cursor(["x' OR 1=1"] * size), follow_redirects=True)
        assert response.status_code in (200, 422), path
        assert "翻页位置无效，请从第一页重新开始" in response.get_data(as_text=True), path
    from tests.intake.factories import token_for

    bad = client.get("/api/v1/cases?cursor=" + encode_cursor(["2026-11-05", "1"]),
                     headers=token_for(client, "supervisor"))
    assert bad.status_code == 422 and "翻页位置无效" in bad.get_json()["errors"]["cursor"]


def test_worklist_count_is_bounded(app, users, login_as, monkeypatch):
    from recon import paging

    postal_case(app, users, date(2026, 11, 20), act__doc_no="文号一")
    postal_case(app, users, date(2026, 11, 23), act__doc_no="文号二")
    monkeypatch.setattr(paging, "COUNT_CAP", 1)
    monkeypatch.setattr(paging.bounded_count, "__defaults__", (1,))
    html = login_as("handler").get("/cases/").get_data(as_text=True)
    assert "共 1+ 件" in html


def test_held_count_reads_only_the_window(app, users):
    from recon.cases import queries
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    form = ApplicationForm(data=payload(), today=FIXED_NOW.date())
    assert form.validate(), form.errors
    intake.register_application(db.session, form.data, users["applicant"], FIXED_NOW,
                                storage=Storage(app.config["STORAGE_DIR"]), settings=intake_settings(app.config))
    db.session.commit()
    window = timedelta(minutes=30)
    assert queries.held_count(db.session, FIXED_NOW + timedelta(minutes=5), window) == 1
    assert queries.held_count(db.session, FIXED_NOW + timedelta(minutes=31), window) == 0


@pytest.mark.parametrize("filters", [{}, {"actor": "clerk"}])
def test_audit_log_cursor_walk_keeps_filters(app, users, login_as, monkeypatch, filters):
    from recon.audit import views
    from recon.audit.models import AuditEntry

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    postal_case(app, users, date(2026, 11, 20), act__doc_no="文号一")
    client = login_as("supervisor")
    query = select(AuditEntry.id).order_by(AuditEntry.id.desc())
    if filters:
        query = query.where(AuditEntry.actor_name == filters["actor"])
    expected = db.session.scalars(query).all()
    assert len(expected) >= 3
    path = "/audit/?" + "&".join(f"{k}={v}" for k, v in filters.items())
    pages, rows = 0, 0
    while path:
        html = client.get(path).get_data(as_text=True)
        pages += 1
        body = html[html.index("<tbody>"):html.index("</tbody>")]
        rows += body.count("<tr>")
        if filters:
            assert all(f"<td class=\"text-nowrap\">{filters['actor']}</td>" in tr
                       for tr in body.split("<tr>")[1:])
        link = re.search(r'<a href="([^"]+)" rel="next">', html)
        path = unescape(link.group(1)) if link else None
        if path:
            assert all(f"{k}={v}" in path for k, v in filters.items())
    assert rows == len(expected) and pages == (len(expected) + 1) // 2


def test_next_due_on_follows_a_set_based_change_announced_by_signal(app, users):
    """A statement that ends deadlines without the ORM (the sweep's set-based claims) sends
    ``deadlines_changed``; the case's next due date follows."""
    from sqlalchemy import update

    from recon.deadlines import signals
    from recon.deadlines.models import Deadline

    case = postal_case(app, users, date(2026, 11, 2), act__doc_no="文号一")
    assert _next_due(case.id) is not None
    db.session.execute(update(Deadline).where(Deadline.case_id == case.id).values(state="cancelled")
                       .execution_options(synchronize_session=False))
    assert _next_due(case.id) is not None  # nothing saw the statement yet
    signals.deadlines_changed.send(db.session, case_ids=[case.id])
    db.session.commit()
    assert _next_due(case.id) is None and case.next_due_on is None


def test_one_status_and_all_walk_by_cursor_and_by_page_number(app, users, login_as, monkeypatch):
    """「全部」 and one status (keyed on the status too, issue 17) page in the worklist's order by
    「下一页」 and by the old page numbers alike; a 「全部」 cursor is refused on a one-status list."""
    from recon.cases import views
    from recon.cases.models import Case

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    cases = [postal_case(app, users, date(2026, 11, day), act__doc_no=f"文号{day}") for day in (2, 3, 4, 5, 6)]
    for case in cases[:3]:  # three received cases become accepted, the rest stay received
        db.session.get(Case, case.id).status = "accepted"
    db.session.commit()
    by_no = {c.case_no: c for c in cases}
    client = login_as("supervisor")
    accepted, captions = _worklist_walk(client, "/cases/?status=accepted")
    assert accepted == [c.case_no for c in cases[:3]] and all("共 3 件" in c for c in captions)
    everything, _ = _worklist_walk(client, "/cases/?status=all")
    assert sorted(everything) == sorted(by_no) and len(everything) == 5
    second = client.get("/cases/?status=accepted&page=2").get_data(as_text=True)
    assert re.findall(r'<th scope="row"><a href="/cases/\d+">([^<]+)</a>', second) == [cases[2].case_no]
    html = client.get("/cases/?status=all").get_data(as_text=True)
    cursor = re.search(r'cursor=([^"&]+)', unescape(re.search(r'<a href="([^"]+)" rel="next">', html).group(1)))
    refused = client.get(f"/cases/?status=accepted&cursor={cursor.group(1)}", follow_redirects=True)
    assert "翻页位置无效，请从第一页重新开始" in refused.get_data(as_text=True)
