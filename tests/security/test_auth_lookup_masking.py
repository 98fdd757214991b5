"""Issue 12: /lookup showed an applicant whose name reads like an organisation (「…机关」)
unmasked. A person's name is masked whatever its wording; an organisation's is not."""

from __future__ import annotations

from tests.intake.factories import file_online


def _lookup(client, case):
    return client.post("/lookup", data={"case_no": case.case_no, "query_code": case.query_code})


def test_a_person_named_like_an_organ_is_masked_on_lookup(app, users, client):
    case = file_online(app, users["applicant"], applicant__name="张机关")
    page = _lookup(client, case).get_data(as_text=True)
    assert "张机关" not in page and "张**" in page


def test_a_person_named_like_an_organ_is_masked_in_the_lookup_timeline(app, users, client):
    from recon.cases.models import CaseEvent
    from recon.extensions import db
    from tests.conftest import FIXED_NOW

    case = file_online(app, users["applicant"], applicant__name="李研究所")
    db.session.add(CaseEvent(case_id=case.id, at=FIXED_NOW, on=FIXED_NOW.date(), kind="test.note",
                             summary="向李研究所送达受理通知书", public=True))
    db.session.commit()
    page = _lookup(client, case).get_data(as_text=True)
    assert "李研究所" not in page and "向李***送达受理通知书" in page
    assert case.respondent_name in page  # the organ stays named
