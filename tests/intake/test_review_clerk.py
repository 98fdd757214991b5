"""Review: the clerk's「已有案件的补充材料」choice is checked even when the form's data finds no
related case, so a stale or edited choice cannot 500 or attach files to an unrelated case."""

import pytest
from sqlalchemy import select

from recon.cases.models import Case, Material
from recon.extensions import db
from tests.intake.factories import PDF_BYTES
from tests.intake.test_clerk import cases, form_data, post


@pytest.mark.parametrize("choice", ["supplement-abc", "supplement-999999", "supplement-"])
def test_bogus_supplement_choice_without_related_cases(login_as, choice):
    client = login_as("clerk")
    response = post(client, "/intake/onsite", form_data(duplicate_choice=choice),
                    files=[("file_evidence", PDF_BYTES, "证据.pdf")])
    assert response.status_code in (409, 422), response.status_code
    assert "王芳" in response.get_data(as_text=True)  # the input is kept
    assert cases() == 0
    assert db.session.scalars(select(Material)).all() == []


def test_supplement_choice_for_an_unrelated_case_is_not_followed(login_as):
    client = login_as("clerk")
    other = post(client, "/intake/onsite", form_data(**{"applicant-name": "赵六",
                                                         "applicant-id_number": "110101198001010053",
                                                         "respondent-name": "合江区教育局"}))
    assert other.status_code == 302
    unrelated = db.session.scalar(select(Case))
    response = post(client, "/intake/onsite", form_data(duplicate_choice=f"supplement-{unrelated.id}"),
                    files=[("file_evidence", PDF_BYTES, "证据.pdf")])
    assert response.status_code in (409, 422), response.status_code
    assert cases() == 1
    assert db.session.scalars(select(Material).where(Material.case_id == unrelated.id)).all() == []


def test_double_submit_of_a_supplement_registers_it_once(login_as):
    """The same page posted twice (double click, Back + resubmit) must not add the materials twice."""
    from recon.audit.models import AuditEntry
    from recon.cases.models import CaseEvent

    client = login_as("clerk")
    assert post(client, "/intake/postal", form_data("postal")).status_code == 302
    original = db.session.scalar(select(Case))
    data = form_data(duplicate_choice=f"supplement-{original.id}")
    files = [("file_evidence", PDF_BYTES + b"more", "补充.pdf")]
    first = post(client, "/intake/onsite", data, files=files)
    second = post(client, "/intake/onsite", data, files=files)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    db.session.expire_all()
    assert [m.stage for m in original.materials] == ["supplement"]
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "intake.supplement")).all()
    assert len(events) == 1
    audits = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.supplement")).all()
    assert len(audits) == 1
