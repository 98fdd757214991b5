"""Staff case pages: the worklist (overdue and nearest due first) and the case page."""

from datetime import UTC, datetime

from recon.extensions import db
from tests.conftest import FIXED_NOW
from tests.intake.factories import payload


def _file(app, users, data, now=FIXED_NOW):
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    form = ApplicationForm(data=data, today=now.date())
    assert form.validate(), form.errors
    actor = users["applicant" if data["channel"] == "online" else "clerk"]
    result = intake.register_application(db.session, form.data, actor, now,
                                         storage=Storage(app.config["STORAGE_DIR"]),
                                         settings=intake_settings(app.config))
    db.session.commit()
    return result.case


def test_worklist_puts_overdue_first(app, users, login_as):
    recent = _file(app, users, payload())
    old = payload("postal", act__doc_no="另一文号", act__made_on="2026-10-01", act__known_on="2026-10-02")
    old["postal"].update(postmark_on="2026-10-09", received_on="2026-10-12")
    overdue = _file(app, users, old, now=datetime(2026, 10, 12, 2, tzinfo=UTC))
    from recon.deadlines.sweep import sweep_due_deadlines

    sweep_due_deadlines(db.session, FIXED_NOW)
    db.session.commit()
    html = login_as("handler").get("/cases/").get_data(as_text=True)
    assert html.index(overdue.case_no) < html.index(recent.case_no)
    assert "逾期" in html and "张*" in html and "11010519491231002X" not in html


def test_case_page_masks_and_shows_the_derivation(app, users, login_as):
    case = _file(app, users, payload())
    html = login_as("clerk").get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"<h1 data-focus>{case.case_no}</h1>" in html
    assert "1101**********002X" in html and "138****8000" in html
    assert "如何计算" in html and "受理审查期限" in html
    assert "收到行政复议申请（网上申请）" in html


def test_supervisor_home_warns_about_next_years_calendar(login_as):
    html = login_as("supervisor").get("/staff").get_data(as_text=True)
    assert "工作日历提醒" in html and "2027" in html


def test_worklist_names_the_handler_and_tables_scroll_in_their_own_region(app, users, login_as):
    """H1: the 经办人 column; S3 / WCAG 1.4.10: wide staff tables scroll inside a keyboard-reachable
    region, not the page."""
    assigned = _file(app, users, payload())
    unassigned = _file(app, users, payload("postal", act__doc_no="另一文号"))
    assigned.handler_id = users["handler"].id
    db.session.commit()
    client = login_as("supervisor")
    html = client.get("/cases/").get_data(as_text=True)
    assert '<th scope="col">经办人</th>' in html
    row = html[html.index(assigned.case_no):]
    assert f"<td>{users['handler'].display_name}</td>" in row[:row.index("</tr>")]
    row = html[html.index(unassigned.case_no):]
    assert "<td>未分配</td>" in row[:row.index("</tr>")]
    assert ('<div class="table-responsive" role="region" aria-labelledby="worklist-caption" tabindex="0">\n'
            '<table class="table worklist">\n  <caption id="worklist-caption">') in html
    page = client.get(f"/cases/{assigned.id}").get_data(as_text=True)
    for caption in ("parties-caption", "materials-caption", "deadlines-caption"):
        assert f'role="region" aria-labelledby="{caption}" tabindex="0">' in page
        assert f'<caption id="{caption}">' in page
    assert 'aria-labelledby="audit-caption"' in client.get("/audit/").get_data(as_text=True)


def test_case_page_timeline_names_who_acted_and_links_the_document(app, users, login_as):
    """H3: the timeline, newest first, says who acted (staff by name and role, the applicant as 申请人,
    the scheduler as 系统) and links the document an entry issued; the in-page nav reaches 文书."""
    from recon.cases.models import CaseEvent
    from recon.documents.models import Document

    online = _file(app, users, payload())
    postal = _file(app, users, payload("postal", act__doc_no="另一文号"))
    db.session.add(CaseEvent(case_id=online.id, at=FIXED_NOW, on=FIXED_NOW.date(), kind="deadline.overdue",
                             summary="期限届满：测试", public=False))
    db.session.commit()
    html = login_as("clerk").get(f"/cases/{online.id}").get_data(as_text=True)
    timeline = html[html.index('id="timeline-h"'):html.index('id="parties"')]
    assert "申请人</span>" in timeline and "系统</span>" in timeline
    assert timeline.index("期限届满：测试") < timeline.index("收到行政复议申请")  # newest first
    receipt = db.session.scalar(db.select(Document).where(Document.case_id == online.id))
    assert f'href="/documents/{receipt.id}.pdf">查看文书' in timeline
    assert f'href="/documents/{online.id}"' not in html and f'href="/cases/{online.id}/documents">文书</a>' in html
    html = login_as("clerk").get(f"/cases/{postal.id}").get_data(as_text=True)
    clerk = users["clerk"]
    assert f"{clerk.display_name}（窗口登记员）</span>" in html
