"""Check answers (A7), submission (A8, idempotent) and the confirmation page."""

from __future__ import annotations

from sqlalchemy import func, select

from recon.cases.models import Case, IntakeRecord, Material, Party
from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.errors import DomainError
from recon.extensions import db
from recon.intake.models import ApplicationDraft, Upload
from tests.portal.conftest import (
    APPLICANT,
    APPLICANT_ID,
    expected_review_due,
    fill_all,
    html,
    post_step,
    start_draft,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_check_page_summarises_every_answer_with_change_links(applicant):
    draft_id = fill_all(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/check"))
    assert "<title>提交前请核对您的申请 – " in page
    assert "第 10 步，共 10 步：检查并提交" in page
    for text in ("张三", APPLICANT_ID, "13800138000", "合江区市场监督管理局", "行政处罚决定书",
                 "合市监罚〔2026〕15号", "2026年11月2日（星期一）", "2026年11月5日（星期四）", "不委托代理人",
                 "请求撤销合市监罚〔2026〕15号行政处罚决定", "处罚决定书.pdf", "本人保证以上内容真实",
                 "提交行政复议申请", "申请期限可能于 2027年1月4日（星期一） 届满"):
        assert text in page, text
    assert f'href="/apply/{draft_id}/applicant?return=check">修改<span class="visually-hidden">姓名或名称</span>' in page
    assert page.count("未填写") >= 1  # the empty e-mail


def test_check_page_tells_of_the_retraction_window(applicant, app):
    """A8 and the confirmation page agree: the check page must not say that a submission can never
    be changed online, since it can be retracted and corrected within the window."""
    draft_id = fill_all(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/check"))
    assert "提交后 10 分钟内，您还可以“撤回并修改”（在提交成功的页面或“我的申请”中）" in page
    assert "提交后，申请不能再在网上修改" not in page


def test_missing_materials_read_as_correction_later(applicant):
    draft_id = fill_all(applicant, with_file=False)
    page = html(applicant.get(f"/apply/{draft_id}/check"))
    assert "未上传（可在补正时提供）" in page


def test_change_link_comes_back_to_the_check_page(applicant):
    draft_id = fill_all(applicant)
    page = html(applicant.get(f"/apply/{draft_id}/respondent?return=check"))
    assert "保存并返回检查页" in page and f'href="/apply/{draft_id}/check"' in page  # 返回 goes there too
    response = post_step(applicant, draft_id, "respondent", {"name": "合江区公安分局", "return": "check"})
    assert response.headers["Location"].endswith(f"/apply/{draft_id}/check")
    assert "合江区公安分局" in html(applicant.get(f"/apply/{draft_id}/check"))


def test_submitting_an_incomplete_draft_lists_what_is_missing(applicant):
    draft_id = start_draft(applicant)
    post_step(applicant, draft_id, "applicant", APPLICANT)
    response = applicant.post(f"/apply/{draft_id}/submit")
    assert response.status_code == 422
    page = html(response)
    assert "<title>错误：提交前请核对您的申请" in page
    assert "请修改以下问题后再提交" in page
    assert 'href="#section-respondent"' in page and "请填写被申请人" in page
    assert 'href="#section-request"' in page and "请填写复议请求" in page
    assert _count(Case) == 0


def test_submission_creates_exactly_one_case_with_everything(applicant):
    draft_id = fill_all(applicant)
    response = applicant.post(f"/apply/{draft_id}/submit")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "/my/cases/" in location and location.endswith("/submitted")

    case = db.session.scalars(select(Case)).one()
    assert case.channel == "online" and case.status == "received"
    assert case.owner_id is not None and case.submission_token.startswith("web-")
    assert case.respondent_name == "合江区市场监督管理局"
    assert str(case.act_known_on) == "2026-11-05" and case.timely is True
    applicant_party = db.session.scalars(select(Party).where(Party.case_id == case.id, Party.role == "applicant")).one()
    assert applicant_party.name == "张三" and applicant_party.id_number == APPLICANT_ID

    record = db.session.scalars(select(IntakeRecord)).one()
    assert record.snapshot["applicant"]["name"] == "张三"
    assert record.snapshot["channel"] == "online"
    assert [f["filename"] for f in record.snapshot["files"]] == ["处罚决定书.pdf"]
    material = db.session.scalars(select(Material)).one()
    assert (material.filename, material.item, material.content_type) == ("处罚决定书.pdf", "decision",
                                                                          "application/pdf")
    assert db.session.scalars(select(Upload)).one().case_id == case.id

    review = db.session.scalars(select(Deadline).where(Deadline.rule == "acceptance_review")).one()
    assert review.start_on.isoformat() == "2026-11-27" and review.due_on == expected_review_due()
    receipt = db.session.scalars(select(Document).where(Document.kind == "receipt")).one()
    assert receipt.case_id == case.id

    draft = db.session.get(ApplicationDraft, draft_id)
    assert draft.case_id == case.id and draft.step == "submitted"


def test_double_submit_and_back_resubmit_give_the_same_case(applicant):
    draft_id = fill_all(applicant)
    first = applicant.post(f"/apply/{draft_id}/submit")
    second = applicant.post(f"/apply/{draft_id}/submit")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    # Back to a step of the submitted draft: locked, and it leads to the same case
    back = applicant.post(f"/apply/{draft_id}/applicant", data=APPLICANT)
    assert back.headers["Location"] == first.headers["Location"]
    assert applicant.get(f"/apply/{draft_id}/check").headers["Location"] == first.headers["Location"]
    assert _count(Case) == 1 and _count(Document) == 1


def test_a_lost_race_finds_the_case_by_token(applicant):
    """The draft did not record its case (another request filed it): the token finds it."""
    draft_id = fill_all(applicant)
    first = applicant.post(f"/apply/{draft_id}/submit")
    draft = db.session.get(ApplicationDraft, draft_id)
    draft.case_id, draft.step = None, "check"
    db.session.commit()
    again = applicant.post(f"/apply/{draft_id}/submit")
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert _count(Case) == 1


def test_already_registered_from_the_service_redirects_to_the_case(applicant, monkeypatch):
    import recon.portal.wizard as views
    from recon.intake import services as intake

    draft_id = fill_all(applicant)
    first = applicant.post(f"/apply/{draft_id}/submit")
    case_id = db.session.scalar(select(Case.id))
    draft = db.session.get(ApplicationDraft, draft_id)
    draft.case_id, draft.step = None, "check"
    db.session.commit()
    monkeypatch.setattr(views.intake, "existing_for_token", lambda session, token: None)

    def already(*args, **kwargs):
        raise intake.AlreadyRegistered(case_id)

    monkeypatch.setattr(views.drafts, "submit", already)
    again = applicant.post(f"/apply/{draft_id}/submit")
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]


def test_a_domain_error_re_renders_the_check_page(applicant, monkeypatch):
    import recon.intake.drafts as drafts

    draft_id = fill_all(applicant)

    def refuse(*args, **kwargs):
        raise DomainError("附件 x 不存在，请重新上传", field="attachments")

    monkeypatch.setattr(drafts.intake, "register_application", refuse)
    response = applicant.post(f"/apply/{draft_id}/submit")
    assert response.status_code == 422
    page = html(response)
    assert "附件 x 不存在，请重新上传" in page and 'href="#section-evidence"' in page
    assert _count(Case) == 0
    assert db.session.get(ApplicationDraft, draft_id).case_id is None


def test_confirmation_page(applicant):
    draft_id = fill_all(applicant)
    response = applicant.post(f"/apply/{draft_id}/submit")
    page = html(applicant.get(response.headers["Location"]))
    case = db.session.scalars(select(Case)).one()
    receipt = db.session.scalars(select(Document)).one()
    assert "<title>申请已提交 – " in page and ">申请已提交</h1>" in page
    assert case.case_no in page and case.query_code in page
    assert 'id="case-no"' in page and 'id="query-code"' in page
    assert "提交时间：2026年11月27日 10:00:00（北京时间）" in page
    assert "处罚决定书.pdf" in page
    assert "接下来会怎样" in page
    assert "复议机构将在 2026年12月4日（星期五） 前（收到申请后 5 个工作日内）进行受理审查" in page
    assert f'href="/documents/{receipt.id}.pdf"' in page and "下载提交回执（PDF）" in page
    assert "打印本页" in page

    pdf = applicant.get(f"/documents/{receipt.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_confirmation_of_another_applicants_case_is_not_found(applicant, other_applicant):
    draft_id = fill_all(applicant)
    location = applicant.post(f"/apply/{draft_id}/submit").headers["Location"]
    assert other_applicant.get(location).status_code == 404
    assert other_applicant.post(f"/apply/{draft_id}/submit").status_code == 404
