"""好差评 (ux.md A15, and the optional link of A8): the applicant evaluates the service once after
submission and once after closure; a 差评 needs a reason or a comment and opens a follow-up."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import Case, CaseEvent
from recon.cases.status import CaseStatus, Closure
from recon.errors import Conflict, DomainError, NotFound
from recon.evaluations import services as evaluations
from recon.evaluations.models import REASON_REQUIRED, Evaluation
from recon.extensions import db
from tests.conftest import FIXED_NOW, login
from tests.portal.conftest import case_url, html, submit_application

LINK = "评价本次服务（好差评，选填）"
QUESTION = "您对本次行政复议申请服务的评价"



def _evaluate(client, case: Case, stage: str = "submission", expect: int = 303, **data):
    response = client.post(case_url(case, f"/evaluate?stage={stage}"), data=data)
    assert response.status_code == expect, html(response)
    return response


def _rows(case: Case) -> list[Evaluation]:
    return list(db.session.scalars(select(Evaluation).where(Evaluation.case_id == case.id)))


def _close(case: Case) -> None:
    db.session.refresh(case)
    case.status, case.closure, case.closed_on = CaseStatus.CLOSED, Closure.REVOKE, date(2027, 1, 20)
    db.session.commit()


def test_confirmation_page_links_to_the_evaluation(applicant):
    case = submit_application(applicant)
    page = html(applicant.get(case_url(case, "/submitted")))
    assert LINK in page
    assert f'href="{case_url(case, "/evaluate?stage=submission")}"' in page
    assert LINK in html(applicant.get(case_url(case)))  # also for applications filed through the API


def test_evaluation_page_asks_one_question_with_five_labelled_levels(applicant):
    case = submit_application(applicant)
    response = applicant.get(case_url(case, "/evaluate?stage=submission"))
    page = html(response)
    assert response.status_code == 200
    assert f"<title>{QUESTION} – " in page
    assert re.search(r"<legend[^>]*><h1[^>]*>" + QUESTION + "</h1></legend>", page)
    for n, label in enumerate(("非常满意", "满意", "基本满意", "不满意", "非常不满意")):
        option = "level" if n == 0 else f"level-{n + 1}"
        assert f'<label class="form-check-label" for="{option}">{label}</label>' in page
    assert "checked" not in page  # no level is chosen for the applicant
    assert "选择「不满意」或「非常不满意」时请填写" in page
    assert "办理时间太长" in page and 'name="comment"' in page


def test_a_satisfied_evaluation_is_stored_with_the_case_and_stage_and_audited(applicant, users):
    case = submit_application(applicant)
    response = _evaluate(applicant, case, level="satisfied")
    assert response.headers["Location"].endswith(case_url(case))
    assert "感谢您的评价" in html(applicant.get(response.headers["Location"]))

    (row,) = _rows(case)
    assert (row.stage, row.level, row.reasons, row.comment, row.follow_up_state) == (
        "submission", "satisfied", [], None, None)
    assert row.by_id == users["applicant"].id and row.at == FIXED_NOW
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "evaluation.create")).one()
    assert entry.case_id == case.id and entry.object_id == str(row.id) and entry.actor_id == users["applicant"].id
    assert entry.after["level"] == "satisfied" and entry.after["stage"] == "submission"
    assert not db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "evaluation.negative")).all()

    confirmation = html(applicant.get(case_url(case, "/submitted")))
    assert "您已评价：满意" in confirmation and LINK not in confirmation
    assert "您已评价：满意" in html(applicant.get(case_url(case)))


def test_a_positive_level_keeps_no_reasons_or_comment(applicant):
    case = submit_application(applicant)
    _evaluate(applicant, case, level="very_satisfied", reasons=["too_slow"], comment="很好", contact_ok="y")
    (row,) = _rows(case)
    assert (row.level, row.reasons, row.comment, row.contact_ok) == ("very_satisfied", [], None, False)


def test_very_dissatisfied_without_a_reason_or_comment_is_refused_with_the_input_kept(applicant):
    case = submit_application(applicant)
    response = _evaluate(applicant, case, expect=422, level="very_dissatisfied", comment="  ")
    page = html(response)
    assert "<title>错误：" + QUESTION in page
    assert "请修改以下问题" in page and f'<a class="alert-link" href="#reasons">{REASON_REQUIRED}</a>' in page
    assert re.search(r'id="level-5" value="very_dissatisfied"\s+checked', page)
    assert not _rows(case)

    too_long = "等" * 501
    page = html(_evaluate(applicant, case, expect=422, level="dissatisfied", reasons=["staff_attitude"],
                          comment=too_long))
    assert "意见不能超过 500 字" in page and too_long in page
    assert re.search(r'value="staff_attitude"\s+checked', page)
    assert re.search(r'id="level-4" value="dissatisfied"\s+checked', page)
    assert not _rows(case)

    page = html(_evaluate(applicant, case, expect=422))
    assert "请选择您对本次服务的评价" in page and 'href="#level"' in page


def test_a_dissatisfied_evaluation_opens_a_follow_up_and_a_staff_only_timeline_event(app, applicant):
    case = submit_application(applicant)
    response = _evaluate(applicant, case, level="dissatisfied", reasons=["too_slow", "no_progress_info"],
                         comment="提交后一直不知道进度。", contact_ok="y")
    assert "感谢您的评价" in html(applicant.get(response.headers["Location"]))

    (row,) = _rows(case)
    assert row.reasons == ["too_slow", "no_progress_info"] and row.comment == "提交后一直不知道进度。"
    assert row.follow_up_state == "open" and row.contact_ok is True
    assert row.reason_labels == ["办理时间太长", "没有告知办理进度"]
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "evaluation.negative")).one()
    assert (event.case_id, event.public, event.summary) == (case.id, False, "申请人评价为不满意，待回访")
    assert "待回访" not in html(applicant.get(case_url(case)))  # the applicant's timeline shows public events only

    staff = app.test_client()
    assert login(staff, "handler").status_code == 302
    assert "申请人评价为不满意，待回访" in html(staff.get(f"/cases/{case.id}"))


def test_a_stage_is_evaluated_only_once(applicant):
    case = submit_application(applicant)
    _evaluate(applicant, case, level="satisfied")

    again = applicant.get(case_url(case, "/evaluate?stage=submission"))
    assert again.status_code == 303 and again.headers["Location"].endswith(case_url(case))
    assert "您已评价：满意" in html(applicant.get(again.headers["Location"]))
    _evaluate(applicant, case, level="very_dissatisfied", comment="改主意了")
    (row,) = _rows(case)
    assert row.level == "satisfied"

    with pytest.raises(Conflict, match="您已评价：满意"):
        evaluations.evaluate(db.session, case, case_owner(case), "submission", "basically_satisfied", [], "",
                             FIXED_NOW)


def test_a_double_submission_that_races_the_check_meets_the_unique_constraint(applicant, monkeypatch):
    case = submit_application(applicant)
    _evaluate(applicant, case, level="satisfied")
    monkeypatch.setattr(evaluations, "evaluation_of", lambda *_args: None)  # both requests passed it
    with pytest.raises(Conflict, match="只评价一次"):
        evaluations.evaluate(db.session, case, case_owner(case), "submission", "satisfied", [], "", FIXED_NOW)
    db.session.rollback()
    assert len(_rows(case)) == 1


def test_the_closure_stage_waits_for_the_case_to_close(applicant):
    case = submit_application(applicant)
    response = applicant.get(case_url(case, "/evaluate?stage=closure"))
    assert response.status_code == 303
    assert "案件办结后，才能评价办结环节的服务" in html(applicant.get(response.headers["Location"]))
    _evaluate(applicant, case, stage="closure", level="satisfied")
    assert not _rows(case)
    with pytest.raises(DomainError, match="案件办结后"):
        evaluations.evaluate(db.session, case, case_owner(case), "closure", "satisfied", [], "", FIXED_NOW)
    db.session.rollback()

    _close(case)
    page = html(applicant.get(case_url(case)))
    assert LINK in page and f'href="{case_url(case, "/evaluate?stage=closure")}"' in page
    assert "stage=submission" not in page  # once closed, only the closure is offered
    assert applicant.get(case_url(case, "/evaluate?stage=closure")).status_code == 200
    _evaluate(applicant, case, stage="closure", level="basically_satisfied")
    (row,) = _rows(case)
    assert (row.stage, row.level) == ("closure", "basically_satisfied")
    page = html(applicant.get(case_url(case)))
    assert "案件办结后，您已评价：基本满意" in page and LINK not in page


def test_another_applicant_gets_404(applicant, other_applicant):
    case = submit_application(applicant)
    assert other_applicant.get(case_url(case, "/evaluate?stage=submission")).status_code == 404
    assert other_applicant.post(case_url(case, "/evaluate?stage=submission"),
                                data={"level": "very_dissatisfied", "comment": "x"}).status_code == 404
    assert not _rows(case)
    other = db.session.scalars(select(Case.owner_id)).all()  # the service refuses too
    with pytest.raises(NotFound):
        evaluations.evaluate(db.session, case, type("U", (), {"id": max(other) + 99})(), "submission",
                             "satisfied", [], "", FIXED_NOW)


def test_an_unknown_stage_is_not_found(applicant):
    case = submit_application(applicant)
    assert applicant.get(case_url(case, "/evaluate?stage=later")).status_code == 404


def test_staff_cannot_use_the_applicant_page(applicant, app):
    case = submit_application(applicant)
    staff = app.test_client()
    assert login(staff, "supervisor").status_code == 302
    assert staff.get(case_url(case, "/evaluate?stage=submission")).status_code == 403


def test_a_submission_retracted_for_correction_is_not_evaluated(applicant):
    case = submit_application(applicant)
    assert applicant.post(case_url(case, "/retract")).status_code == 303
    assert LINK not in html(applicant.get(case_url(case, "/submitted")))
    response = applicant.get(case_url(case, "/evaluate?stage=submission"))
    assert response.status_code == 303 and "已撤回修改" in html(applicant.get(response.headers["Location"]))


def case_owner(case: Case):
    from recon.auth.models import User

    return db.session.get(User, case.owner_id)


def test_the_submission_stage_is_not_offered_once_the_case_is_closed(applicant):
    case = submit_application(applicant)
    _close(case)
    response = applicant.get(case_url(case, "/evaluate?stage=submission"))
    assert response.status_code == 303
    assert "案件已经办结，请评价办结环节的服务" in html(applicant.get(response.headers["Location"]))
