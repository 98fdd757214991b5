"""好差评 in English (``lang=en``): the supervisor's list, the follow-up form's messages and the
service's messages; the timeline and audit text of a follow-up stays Chinese."""

from __future__ import annotations

import pytest
from flask_babel import refresh
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.errors import ValidationFailed
from recon.evaluations import answers
from recon.evaluations import services as evaluations
from recon.evaluations.models import REASON_REQUIRED
from recon.extensions import db
from tests.conftest import FIXED_NOW, login
from tests.intake.factories import file_online


@pytest.fixture
def complaint(app, users):
    """A 差评 awaiting follow-up."""
    case = file_online(app, users["applicant"])
    bad = evaluations.evaluate(db.session, case, users["applicant"], "submission", "very_dissatisfied",
                               ["unclear_requirements"], "", FIXED_NOW)
    db.session.commit()
    return bad


def _supervisor(app, lang: str | None = "en"):
    client = app.test_client()
    assert login(client, "supervisor").status_code == 302
    if lang:
        client.set_cookie("lang", lang)
    return client


def test_the_supervisor_list_reads_in_english(app, complaint):
    page = _supervisor(app).get("/evaluations/").get_data(as_text=True)
    assert "<h1 data-focus>Service ratings</h1>" in page
    assert "Poor ratings awaiting follow-up (1)" in page and "All ratings (1)" in page
    assert "Very dissatisfied" in page and "After submission" in page
    assert "The requirements for materials were unclear" in page
    assert "非常不满意" not in page and "材料要求不清楚" not in page


def test_the_follow_up_messages_are_english_and_the_record_stays_chinese(app, complaint):
    supervisor = _supervisor(app)
    field = f"ev{complaint.id}-note"
    refused = supervisor.post(f"/evaluations/{complaint.id}/follow-up", data={field: " "})
    assert refused.status_code == 422
    assert "Enter the follow-up notes, for example how the applicant was contacted" in refused.get_data(as_text=True)

    done = supervisor.post(f"/evaluations/{complaint.id}/follow-up", data={field: "已电话回访"})
    page = supervisor.get(done.headers["Location"]).get_data(as_text=True)
    assert f"The follow-up of the poor rating of {complaint.case.case_no} has been recorded." in page
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "evaluation.followed_up")).one()
    assert event.summary == "申请人的差评（非常不满意）已回访"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "evaluation.follow_up")).one()
    assert entry.summary == "登记差评回访（提交申请后：非常不满意）"


def test_service_messages_follow_the_reader_and_stay_chinese_without_a_request(app, complaint):
    with pytest.raises(ValidationFailed) as chinese:
        answers.check_answers("dissatisfied", [], "")
    assert chinese.value.errors == {"reasons": REASON_REQUIRED}
    assert evaluations.unavailable(complaint.case, "closure") == "案件办结后，才能评价办结环节的服务。"
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        refresh()  # the fixture's app context cached the Chinese of the call above
        with pytest.raises(ValidationFailed) as english:
            answers.check_answers("dissatisfied", [], "x" * 501)
        assert english.value.errors == {
            "comment": "Your comment cannot be longer than 500 characters. Please shorten it and submit again"}
        assert evaluations.already_evaluated(complaint).startswith(
            "You have already rated this service: Very dissatisfied.")
        assert evaluations.unavailable(complaint.case, "closure") == (
            "The service at closure can be rated only after the case is closed.")


def test_the_list_stays_chinese_without_the_cookie(app, complaint):
    page = _supervisor(app, lang=None).get("/evaluations/").get_data(as_text=True)
    assert "差评待回访（1）" in page and "非常不满意" in page and "提交申请后" in page
    assert "全部评价共 1 条，待回访的差评排在前面" in page

