"""The applicant's own case page (ux.md A9/A10 from login, S13) and「我的申请」."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from recon.cases.models import CaseEvent
from recon.extensions import db
from tests.portal.conftest import (
    APPLICANT_ID,
    FIXED_NOW,
    case_url,
    html,
    submit_application,
)


def test_case_page_shows_status_deadlines_documents_and_timeline(applicant):
    case = submit_application(applicant)
    db.session.add(CaseEvent(case_id=case.id, at=FIXED_NOW, on=date(2026, 11, 27), kind="note",
                             summary="内部备注：不应向申请人显示", public=False))
    db.session.commit()
    response = applicant.get(case_url(case))
    assert response.status_code == 200
    page = html(response)
    assert f"<title>申请编号 {case.case_no} – " in page
    assert "已收到，待受理审查" in page and "正在进行受理审查" in page
    assert "受理审查期限" in page and "2026年12月4日（星期五）" in page
    assert "剩 5 个工作日" in page and "如何计算" in page
    assert "提交回执" in page or "回执" in page
    assert "/documents/" in page and ".pdf" in page
    assert "收到行政复议申请（网上申请）" in page
    assert "内部备注" not in page
    assert "处罚决定书.pdf" in page


def test_case_page_masks_personal_numbers(applicant):
    case = submit_application(applicant)
    page = html(applicant.get(case_url(case)))
    assert "4403" in page and "2013" in page
    assert APPLICANT_ID not in page
    assert "13800138000" not in page and "138****8000" in page


def test_another_applicants_case_is_not_found(applicant, other_applicant, login_as):
    case = submit_application(applicant)
    assert other_applicant.get(case_url(case)).status_code == 404
    assert applicant.get("/my/cases/" + quote("合府复〔2026〕999号")).status_code == 404


def test_my_applications_link_to_the_case_page(applicant):
    case = submit_application(applicant)
    page = html(applicant.get("/my"))
    assert f'href="{case_url(case)}"' in page
    assert "没有未提交的草稿" in page  # the submitted draft is not listed as a draft
