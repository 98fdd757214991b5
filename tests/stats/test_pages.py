"""The dashboard, its drill-downs and exports, the definitions page, the API and the annual report
on the 62 seeded cases (tests/stats/seed.py)."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.documents.pdf.fonts import missing_glyphs
from recon.extensions import db
from recon.stats.models import StatDefinition
from tests.documents._pdfutil import text_of
from tests.intake.factories import token_for
from tests.stats.seed import APPLICANT_ID, APPLICANT_PHONE, seed

YEAR = "/stats/?period=year&year=2026"
ID_OR_MOBILE = re.compile(r"\d{17}[\dXx]|1\d{10}")  # ux.md T5


@pytest.fixture
def seeded(app, users):
    return seed(handler=users["handler"])


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_dashboard_shows_every_figure_with_formula_and_basis(seeded, login_as):
    page = login_as("supervisor").get(YEAR)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1 data-focus>统计分析</h1>" in html and "统计口径：系统默认口径" in html
    kpi = html[html.index('id="kpi-h"'):html.index('id="figures-h"')]
    for label in ("在办", "本周到期", "已逾期", "收案", "受理", "结案", "调解和解结案", "实质化解率"):
        assert f'<p class="kpi-label mb-1">{label}</p>' in kpi
    assert ">52<" in kpi and "88.89%" in kpi  # received; 32 ÷ 36
    row = re.search(r'<tr id="figure-correction_rate">(.*?)</tr>', html, re.S).group(1)
    assert "25.93%" in row and ">7<" in row and ">27<" in row and "直接纠错案件数 ÷ 纠错率的分母" in row
    assert "结案口径" in row and "set=corrected" in row and "set=correction_denominator" in row
    assert "550.00%" in re.search(r'<tr id="figure-yoy_received">(.*?)</tr>', html, re.S).group(1)
    for heading in ("收案：按月份和渠道，与上年同期比较", "结案方式", "按接收点", "按被申请人", "按行政行为类别：收案和审结"):
        assert heading in html
    assert html.count('role="img"') == 5 and html.count("<summary>数据表</summary>") == 5
    row = re.search(r'<tr id="figure-respondent_head_attendance_rate">(.*?)</tr>', html, re.S).group(1)
    assert "66.67%" in row and ">4<" in row and ">6<" in row and "举行口径" in row  # 4 ÷ 6
    assert "本期举行过听证或调解会的案件数" in row and "set=head_attended" in row and "set=head_occasions" in row
    row = re.search(r'<tr id="figure-opinion_letters">(.*?)</tr>', html, re.S).group(1)
    assert "行政复议意见书" in row and "<td>2</td>" in row and "按签发日期" in row and "set=opinion_letters" in row
    assert "<td>1</td>" in re.search(r'<tr id="figure-recommendation_letters">(.*?)</tr>', html, re.S).group(1)
    act_types = html[html.index('id="act_type-caption"'):]
    assert re.search(r"<th scope=\"row\">行政处罚</th><td>7</td><td>7</td><td>7</td><td>0</td>", act_types)
    assert "echarts-6.1.0/echarts.common.min.js" in html
    assert "2026年行政复议工作情况（PDF）" in html
    assert not ID_OR_MOBILE.search(visible(html))


def test_custom_period_with_no_previous_year(seeded, login_as):
    html = login_as("supervisor").get("/stats/?period=custom&from=2026-03-01&to=2026-04-30").get_data(as_text=True)
    assert "2026-03-01至2026-04-30" in html
    assert "无上年数据" in re.search(r'<tr id="figure-yoy_received">(.*?)</tr>', html, re.S).group(1)
    client = login_as("supervisor")
    html = client.get("/stats/?period=quarter&year=2026&quarter=4").get_data(as_text=True)
    row = re.search(r'<tr id="figure-respondent_head_attendance_rate">(.*?)</tr>', html, re.S).group(1)
    assert "本期无听证或调解会" in row and "<td>0</td>" in row
    html = client.get("/stats/cases?set=head_occasions&period=quarter&year=2026&quarter=4").get_data(as_text=True)
    assert "共 0 件" in html


def test_the_head_attendance_drill_down_lists_its_cases(seeded, login_as):
    html = login_as("supervisor").get("/stats/cases?set=head_attended&period=year&year=2026").get_data(as_text=True)
    assert "被申请人负责人出席听证或调解会的案件" in html and "共 4 件" in html
    assert all(seeded[key][i].case_no in html for key, i in (("RV", 0), ("VA", 0), ("M1", 0), ("M1", 2)))
    assert seeded["RV"][1].case_no not in html


def test_a_bad_period_is_explained(seeded, login_as):
    response = login_as("supervisor").get("/stats/?period=custom&from=2026-05-01&to=2026-04-01")
    assert response.status_code == 422 and "结束日期不能早于开始日期" in response.get_data(as_text=True)
    assert "<title>错误：统计分析" in response.get_data(as_text=True)
    assert login_as("supervisor").get("/stats/?period=quarter&year=2026&quarter=5").status_code == 422


def test_drill_down_and_exports_mask_personal_data(seeded, login_as):
    client = login_as("supervisor")
    html = client.get("/stats/cases?set=settled&period=year&year=2026").get_data(as_text=True)
    assert "共 3 件" in html and all(c.case_no in html for c in seeded["S1"])
    assert "王*" in html and "王S10" not in html and not ID_OR_MOBILE.search(visible(html))
    for key in ("figures", "monthly", "closures", "rates", "respondent", "handler", "point", "enterprise", "act_type"):
        csv_text = client.get(f"/stats/export/{key}.csv?period=year&year=2026").get_data().decode("utf-8-sig")
        assert csv_text.count("\n") >= 2 and not ID_OR_MOBILE.search(csv_text), key
    csv_text = client.get("/stats/export/cases.csv?set=received&period=year&year=2026").get_data().decode("utf-8-sig")
    assert csv_text.count("\n") == 54  # title, header, 52 cases
    assert APPLICANT_ID not in csv_text and APPLICANT_PHONE not in csv_text and not ID_OR_MOBILE.search(csv_text)
    response = client.get("/stats/export/cases.xlsx?set=received&period=year&year=2026")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert sheet.max_row == 54 and "王*" in cells and not ID_OR_MOBILE.search(cells)
    monthly = load_workbook(io.BytesIO(client.get("/stats/export/monthly.xlsx?period=year&year=2026").get_data())).active
    assert [c.value for c in monthly[2]] == ["月份", "现场申请", "网上申请", "邮寄申请", "合计", "上年同期", "同比"]
    assert [c.value for c in monthly[5]][:5] == ["2026年3月", 6, 6, 0, 12]
    act_types = load_workbook(io.BytesIO(client.get("/stats/export/act_type.xlsx?period=year&year=2026").get_data())).active
    assert act_types["A1"].value == "按行政行为类别（2026年）"
    assert [[c.value for c in row] for row in act_types.iter_rows(min_row=2)] == [
        ["分组", "收案", "审结", "直接纠错", "调解和解结案"], ["未分类", 35, 19, 0, 9], ["行政许可", 10, 10, 0, 0],
        ["行政处罚", 7, 7, 7, 0]]
    figures = client.get("/stats/export/figures.csv?period=year&year=2026").get_data().decode("utf-8-sig")
    assert "被申请人负责人出席率,66.67%,4,6," in figures and "行政复议意见书,2,,," in figures
    assert "行政复议建议书,1,,," in figures


def test_only_supervisors_see_statistics(seeded, login_as):
    assert login_as("handler").get(YEAR).status_code == 403


def test_the_admin_changes_a_definition_and_the_figure_follows(seeded, client, login_as):
    admin = login_as("admin")
    assert "现行口径：系统默认口径" in admin.get("/stats/definitions").get_data(as_text=True)
    response = admin.post("/stats/definitions", data={"correction_denominator": "received",
                                                       "substantive_basis": "resolution_outcomes",
                                                       "note": "市局通知"})
    assert response.status_code == 302
    assert db.session.scalar(select(StatDefinition.version)) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "stat_definition.create")) is not None
    same = admin.post("/stats/definitions", data={"correction_denominator": "received",
                                                   "substantive_basis": "resolution_outcomes"})
    assert same.status_code == 422 and "与现行口径相同" in same.get_data(as_text=True)
    client.post("/logout")
    html = login_as("supervisor").get(YEAR).get_data(as_text=True)
    assert "统计口径：第 1 版" in html and "本期收案数（部分区县口径）" in html
    row = re.search(r'<tr id="figure-correction_rate">(.*?)</tr>', html, re.S).group(1)
    assert "13.46%" in row and ">52<" in row  # 7 ÷ 52
    row = re.search(r'<tr id="figure-substantive_resolution_rate">(.*?)</tr>', html, re.S).group(1)
    assert "83.33%" in row  # 30 ÷ 36


def test_api_stats(seeded, client):
    headers = token_for(client, "supervisor")
    body = client.get("/api/v1/stats?from=2026-01-01&to=2026-12-31", headers=headers).get_json()
    figures = body["figures"]
    assert (body["from"], body["to"]) == ("2026-01-01", "2026-12-31")
    assert set(figures) == {"received", "accepted", "closed", "mediated", "settled", "self_corrected",
                            "resolved_before_acceptance", "correction_rate", "mediation_withdrawal_rate",
                            "substantive_resolution_rate", "sued_after_rate", "on_time_rate", "yoy_received",
                            "respondent_head_attendance_rate", "opinion_letters", "recommendation_letters"}
    head = figures["respondent_head_attendance_rate"]
    assert (head["value"], head["numerator"], head["denominator"]) == (4 / 6, 4, 6) and "听证或调解会" in head["formula"]
    assert figures["opinion_letters"]["value"] == 2 and figures["recommendation_letters"]["value"] == 1
    assert figures["received"]["value"] == 52 and figures["settled"]["value"] == 3
    assert figures["correction_rate"] == {"value": 7 / 27, "numerator": 7, "denominator": 27,
                                          "formula": figures["correction_rate"]["formula"]}
    assert figures["on_time_rate"]["value"] == 15 / 17 and figures["yoy_received"]["denominator"] == 8
    spring = client.get("/api/v1/stats?from=2026-03-01&to=2026-04-30", headers=headers).get_json()["figures"]
    assert spring["yoy_received"]["value"] is None and spring["yoy_received"]["denominator"] == 0
    autumn = client.get("/api/v1/stats?from=2026-10-01&to=2026-12-31", headers=headers).get_json()["figures"]
    assert autumn["respondent_head_attendance_rate"] == {**autumn["respondent_head_attendance_rate"],
                                                        "value": None, "numerator": 0, "denominator": 0}
    assert client.get("/api/v1/stats?from=2026-01-01", headers=headers).status_code == 422
    assert client.get("/api/v1/stats?from=2026-13-01&to=2026-12-31", headers=headers).status_code == 422
    assert client.get("/api/v1/stats?from=2026-01-01&to=2026-12-31",
                      headers=token_for(client, "handler")).status_code == 403
    schema = client.get("/api/v1/openapi.json").get_json()
    assert "/stats" in schema["paths"]
    documented = schema["paths"]["/stats"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(documented["properties"]["figures"]["properties"]) == set(figures)


def test_annual_report_pdf_and_text(seeded, login_as):
    client = login_as("supervisor")
    response = client.get("/stats/report/2026.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = text_of(response.get_data())
    assert "2026年行政复议工作情况" in text
    assert "共收到行政复议申请52件" in text and "同比增长550.00%（上年8件）" in text
    assert "审结行政复议案件36件" in text and "调撤率25.00%" in text and "纠错率25.93%" in text
    assert "实质化解率88.89%" in text and "按期结案率88.24%" in text and "负责人出席率66.67%" in text
    plain = client.get("/stats/report/2026.txt").get_data(as_text=True)
    assert "接收点递交6件" in plain and "涉企案件2件" in plain and "受理前协商化解2件" in plain
    assert "举行听证或调解会的案件6件，其中被申请人负责人出席的4件，负责人出席率66.67%" in plain
    assert "制发行政复议意见书2份、行政复议建议书1份" in plain
    assert "被申请人负责人出席率：66.67%" in plain and "行政复议意见书：2" in plain
    assert "/stats/?period=year&year=2026" in plain and not ID_OR_MOBILE.search(plain)
    assert not missing_glyphs(plain)  # every character of the report is in the embedded fonts
    empty = client.get("/stats/report/2024.txt").get_data(as_text=True)
    assert "共收到行政复议申请0件" in empty and "上年无收案数据" in empty
    assert "全年未举行听证或调解会；制发行政复议意见书0份" in empty and "被申请人负责人出席率：本期无听证或调解会" in empty


def test_the_drill_down_pages_by_cursor(seeded, login_as):
    """52 cases received in 2026: 50 on the first page, the other 2 behind 「下一页」, none twice."""
    client = login_as("supervisor")
    html = client.get("/stats/cases?set=received&period=year&year=2026").get_data(as_text=True)
    numbers = set(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html))
    assert "共 52 件" in html and len(numbers) == 50 and "回到第一页" not in html
    next_url = re.search(r'<a href="([^"]+)" rel="next">下一页</a>', html).group(1).replace("&amp;", "&")
    html = client.get(next_url).get_data(as_text=True)
    rest = set(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html))
    assert len(rest) == 2 and not rest & numbers and "回到第一页" in html and "下一页" not in html
    response = client.get("/stats/cases?set=received&period=year&year=2026&cursor=nonsense")
    assert response.status_code == 303 and "cursor" not in response.headers["Location"]
