"""The applicant's correction supplement on the portal (ux.md A9): the notice's items and period on
the case page, the upload that records the supplement and restarts the review."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from recon.cases.models import Case, Material
from recon.extensions import db
from tests.cases.helpers import act, deadlines_of
from tests.conftest import FIXED_NOW
from tests.intake.factories import PDF_BYTES, file_online
from tests.portal.conftest import TODAY, html


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("recon.portal.correction.now_utc", lambda: FIXED_NOW)


@pytest.fixture
def pending(app, users):
    """The applicant's online case (received 2026-11-27) with a correction notice served that day."""
    case = file_online(app, users["applicant"])
    act(app, case, "request_correction", {"items": ["身份证复印件", "行政处罚决定书复印件"], "on": TODAY},
        users["handler"], FIXED_NOW)
    return case


def _upload(client, case, files=((PDF_BYTES, "身份证.pdf"),)):
    return client.post(f"/my/cases/{case.case_no}/correction", content_type="multipart/form-data",
                       data={"files": [(io.BytesIO(content), name) for content, name in files]})


def test_the_case_page_lists_the_items_and_the_period(pending, applicant):
    page = html(applicant.get(f"/my/cases/{pending.case_no}"))
    assert "需要补正的材料" in page and "身份证复印件" in page and "行政处罚决定书复印件" in page
    # 10 WD after Fri 2026-11-27: 11-30, 12-01…12-04, 12-07…12-11
    assert "请在 2026年12月11日（星期五） 前提交" in page
    assert 'name="files"' in page


def test_uploading_the_supplement_records_it_and_restarts_the_review(pending, applicant):
    response = _upload(applicant, pending, [(PDF_BYTES, "身份证.pdf"), (PDF_BYTES + b" ", "决定书.pdf")])
    assert response.status_code == 303
    page = html(applicant.get(response.headers["Location"]))
    assert "补正材料已提交（2 份）" in page and "需要补正的材料" not in page
    db.session.expire_all()
    case = db.session.get(Case, pending.id)
    assert case.status == "received"
    clocks = deadlines_of(case)
    assert clocks["correction_reply"][0][0] == "met"
    assert clocks["acceptance_review"][-1] == ("open", TODAY, TODAY.replace(day=4, month=12))  # 11-30…12-04
    stages = db.session.scalars(select(Material.stage).where(Material.case_id == case.id,
                                                             Material.stage == "correction")).all()
    assert len(stages) == 2
    assert "收到申请人的补正材料" in page


def test_nothing_chosen_or_nothing_pending_is_refused_with_nothing_stored(app, users, pending, applicant):
    response = _upload(applicant, pending, files=())
    assert "请选择要提交的补正材料" in html(applicant.get(response.headers["Location"]))
    _upload(applicant, pending)
    count = db.session.scalar(select(func.count()).select_from(Material).where(Material.case_id == pending.id))
    response = _upload(applicant, pending)  # no correction pending any more
    assert "案件当前状态为" in html(applicant.get(response.headers["Location"]))
    assert db.session.scalar(select(func.count()).select_from(Material)
                             .where(Material.case_id == pending.id)) == count


def test_another_applicant_gets_404(pending, other_applicant):
    assert _upload(other_applicant, pending).status_code == 404
