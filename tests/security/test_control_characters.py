"""Control and bidi characters (issue 12): refused in names and identifiers with a Chinese message,
on the pages and the API alike; stripped from free text; names refuse line breaks."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from recon.cases.models import Case, Party
from recon.extensions import db
from tests.intake.factories import PDF_BYTES, payload, token_for
from tests.intake.test_clerk import form_data, post

HOSTILE = {
    "esc": "\x1b[31m", "c1-csi": "\x9b", "nel": "\x85", "del": "\x7f", "rlo": "\u202e", "lri": "\u2066",
    "zero-width-space": "\u200b", "zero-width-joiner": "\u200d", "bom": "\ufeff", "u-ffff": "\uffff",
    "u-fdd0": "\ufdd0", "plane-16-noncharacter": "\U0010ffff", "line-feed": "\n", "carriage-return": "\r",
    "line-separator": "\u2028", "tab": "\t",
}
MESSAGE = "不能含有换行、制表符或看不见的控制字符"


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


@pytest.mark.parametrize("bad", HOSTILE.values(), ids=HOSTILE.keys())
def test_api_refuses_them_in_the_applicant_name(client, users, bad):
    headers = token_for(client, "applicant")
    response = client.post("/api/v1/applications", headers=headers,
                           json=payload(applicant__name=f"张{bad}三"))
    assert response.status_code == 422
    assert MESSAGE in response.get_json()["errors"]["applicant.name"]
    assert _cases() == 0


@pytest.mark.parametrize("path,value", [("applicant__id_number", "11010519491231002X\u200b"),
                                        ("applicant__phone", "1380013\u202e8000"),
                                        ("act__doc_no", "合市监罚〔2026〕88号\x1b"),
                                        ("respondent__name", "合江区\n市场监督管理局")])
def test_api_refuses_them_in_identifiers(client, users, path, value):
    headers = token_for(client, "applicant")
    response = client.post("/api/v1/applications", headers=headers, json=payload(**{path: value}))
    assert response.status_code == 422
    assert MESSAGE in response.get_json()["errors"][path.replace("__", ".")]


def test_api_strips_them_from_free_text(client, users):
    headers = token_for(client, "applicant")
    facts = "被申请人\u202e认定事实不清\x1b[0m，\u200b证据不足。\n第二段\ufeff。👨\u200d👩\u200d👧"
    response = client.post("/api/v1/applications", headers=headers,
                           json=payload(facts_and_reasons=facts, request="请求撤销\u2066处罚\u2069决定"))
    assert response.status_code == 201, response.get_json()
    case = db.session.scalar(select(Case))
    assert case.facts_and_reasons == "被申请人认定事实不清[0m，证据不足。\n第二段。👨\u200d👩\u200d👧"
    assert case.request == "请求撤销处罚决定"


def test_the_clerks_page_refuses_them_in_a_name_and_keeps_the_input(app, login_as):
    client = login_as("clerk")
    response = post(client, "/intake/onsite", form_data(**{"applicant-name": "王\u202e芳"}),
                    files=[("file_application", PDF_BYTES, "申请书.pdf")])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "姓名或名称不能含有换行、制表符或看不见的控制字符（如零宽字符、文字方向控制符），请删除后重新输入" in page
    assert "合江区东风路 3 号" in page
    assert db.session.scalar(select(func.count()).select_from(Party)) == 0


def test_the_clerks_page_strips_them_from_the_oral_statement(app, login_as):
    client = login_as("clerk")
    data = form_data(**{"facts_and_reasons": "事实\u200b不清\x07。\r\n第二行"})
    response = post(client, "/intake/onsite", data, files=[("file_application", PDF_BYTES, "申请书.pdf")])
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert db.session.scalar(select(Case)).facts_and_reasons in ("事实不清。\r\n第二行", "事实不清。\n第二行")


def test_registration_refuses_them_in_the_display_name(client):
    response = client.post("/register", data={"display_name": "张\u202e三", "contact": "13800138123",
                                              "password": "pass-2026-word", "confirm": "pass-2026-word"})
    assert response.status_code in (200, 422)
    assert MESSAGE in response.get_data(as_text=True)
