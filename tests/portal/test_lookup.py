"""办理进度查询 (ux.md A10): no login, the same message for any wrong pair, rate-limited."""

from __future__ import annotations

from sqlalchemy import select

from recon import create_app
from recon.cases.models import Case
from recon.extensions import db, limiter
from tests.portal.conftest import APPLICANT_ID, fill_all, html


def _case(applicant) -> Case:
    draft_id = fill_all(applicant)
    applicant.post(f"/apply/{draft_id}/submit")
    case = db.session.scalars(select(Case)).one()
    return case


def test_lookup_page_needs_no_login(client):
    page = html(client.get("/lookup"))
    assert "<h1>办理进度查询</h1>" in page and "申请编号" in page and "查询码" in page


def test_right_pair_shows_status_with_masked_names(app, applicant):
    case = _case(applicant)
    anonymous = app.test_client()
    response = anonymous.post("/lookup", data={"case_no": case.case_no, "query_code": case.query_code})
    assert response.status_code == 200
    page = html(response)
    assert "<h1 data-focus>办理进度</h1>" in page
    assert "已收到，待受理审查" in page
    assert "2026年11月27日（星期五）" in page  # received
    assert "受理审查，期限至 2026年12月4日（星期五）" in page
    assert "张*" in page and "张三" not in page and APPLICANT_ID not in page
    assert "合江区市场监督管理局" in page  # respondents are not masked


def test_lookup_shows_a_dated_timeline_without_internal_events(app, applicant):
    """A10: the look-up shows the dated timeline, like the applicant's own case page, and never the
    internal (non-public) events."""
    from recon.cases.models import CaseEvent
    from tests.conftest import FIXED_NOW

    case = _case(applicant)
    db.session.add(CaseEvent(case_id=case.id, at=FIXED_NOW, on=FIXED_NOW.date(), kind="note",
                             summary="内部备注，不对外显示", public=False))
    db.session.commit()
    page = html(app.test_client().post("/lookup", data={"case_no": case.case_no, "query_code": case.query_code}))
    timeline = page[page.index('<h2 id="timeline">办理经过</h2>'):]
    assert "2026年11月27日（星期五）" in timeline
    assert f"收到行政复议申请（网上申请），申请编号 {case.case_no}" in timeline
    assert "内部备注" not in page


def test_lookup_forgives_brackets_spaces_and_case(app, applicant):
    case = _case(applicant)
    typed_no = case.case_no.replace("〔", "[").replace("〕", "] ")
    code = case.query_code.lower()
    response = app.test_client().post("/lookup", data={"case_no": typed_no, "query_code": f" {code[:4]} {code[4:]}"})
    assert response.status_code == 200


def test_wrong_pair_gets_one_generic_message(app, applicant):
    case = _case(applicant)
    anonymous = app.test_client()
    wrong_code = anonymous.post("/lookup", data={"case_no": case.case_no, "query_code": "ABCDEFGH"})
    wrong_no = anonymous.post("/lookup", data={"case_no": "合府复〔2026〕999号", "query_code": case.query_code})
    for response in (wrong_code, wrong_no):
        assert response.status_code == 404
        page = html(response)
        assert "申请编号或查询码不正确" in page and "<title>错误：办理进度查询" in page
        assert "已收到" not in page
    empty = anonymous.post("/lookup", data={})
    assert empty.status_code == 422 and "请填写申请编号" in html(empty) and "请填写 8 位查询码" in html(empty)


def test_lookup_is_rate_limited(app):
    limited = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         STORAGE_DIR=app.config["STORAGE_DIR"], RATELIMIT_ENABLED=True,
                         RATELIMIT_PUBLIC="2 per minute")
    try:
        client = limited.test_client()
        codes = [client.post("/lookup", data={"case_no": "合府复〔2026〕1号", "query_code": "ABCDEFGH"}).status_code
                 for _ in range(3)]
        assert codes == [404, 404, 429]
        assert client.get("/lookup").status_code == 200  # only look-ups count
    finally:
        limiter.reset()
        with limited.app_context():
            db.engine.dispose()
