"""Documents against domain.md: a due date printed for a year whose State Council schedule is not
out yet says it is provisional (domain.md §10.2, §12 X6)."""

from __future__ import annotations

from datetime import date

from recon.deadlines import lifecycle
from recon.documents import services
from recon.extensions import db

from ._pdfutil import text_of
from .helpers import NOW, make_case, settings


def test_acceptance_notice_marks_a_decision_due_date_in_2027_as_provisional(app, users):
    """Accepted Tue 2026-12-08: 60 days to Sat 2027-02-06, rolled (fallback) to Mon 02-08. Spring
    Festival 2027 is not in the calendar yet, so the date may still move."""
    case = make_case()
    db.session.flush()
    row = lifecycle.open_deadline(db.session, case.id, "decision", date(2026, 12, 8),
                                  users["handler"], NOW)
    assert (row.due_on, row.provisional) == (date(2027, 2, 8), True)
    db.session.commit()
    document = services.issue(db.session, case, "acceptance_notice", {}, users["handler"], NOW,
                              settings(app))
    assert document.context["data"]["decision_due_provisional"] is True
    text = text_of(services.document_bytes(document, settings(app).storage))
    assert "本案审理期限至2027年2月8日届满（暂定" in text
    assert "国务院公布2027年放假安排后" in text


def test_acceptance_notice_due_date_in_a_covered_year_is_not_marked(app, users):
    case = make_case()
    db.session.flush()
    lifecycle.open_deadline(db.session, case.id, "decision", date(2026, 10, 14), users["handler"], NOW)
    db.session.commit()
    document = services.issue(db.session, case, "acceptance_notice", {}, users["handler"], NOW,
                              settings(app))
    text = text_of(services.document_bytes(document, settings(app).storage))
    # 10-14 + 60 = Sun 12-13, rolled to Mon 12-14
    assert "本案审理期限至2026年12月14日届满，依法中止、延长的除外" in text and "暂定" not in text
