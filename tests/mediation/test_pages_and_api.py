"""Mediation through the case pages and the JSON API, the applicant's view on the portal, and the
resolution 台账 with its masked exports (issue 15)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from recon.cases.models import Case
from recon.documents.models import Document
from recon.extensions import db
from tests.cases.helpers import act, beijing, postal_case
from tests.conftest import FIXED_NOW, login
from tests.intake.factories import token_for

D = date.fromisoformat
ID_OR_MOBILE = re.compile(r"\d{17}[\dXx]|1\d{10}")


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch):
    """Pages and the API act at FIXED_NOW (Fri 2026-11-27, 10:00 Beijing)."""
    for target in ("recon.cases.views.now_utc", "recon.api.actions.now_utc"):
        monkeypatch.setattr(target, lambda: FIXED_NOW)
    monkeypatch.setattr("recon.cases.views.today_beijing", lambda: FIXED_NOW.date())


def _client(app, role: str):
    client = app.test_client()
    assert login(client, role).status_code == 302
    return client


NOV_16, NOV_17 = D("2026-11-16"), D("2026-11-17")


def _accepted(app, users, received=NOV_16, accepted=NOV_17) -> Case:
    case = postal_case(app, users, received)
    act(app, case, "accept", {"procedure": "ordinary", "on": accepted}, users["handler"], beijing(accepted))
    return case


def _post(client, case, action, data):
    db.session.expire_all()
    version = db.session.get(Case, case.id).version_id
    return client.post(f"/cases/{case.id}/actions/{action}",
                       data=data | {"version": str(version), "step": "confirm"})


def test_a_handler_runs_a_mediation_on_the_pages_and_the_applicant_downloads_the_mediation_document(app, users):
    case = _accepted(app, users)
    handler = _client(app, "handler")
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="mediation"' in page and "本案未进行调解" in page
    assert f"/cases/{case.id}/actions/start_mediation" in page

    form = handler.get(f"/cases/{case.id}/actions/start_mediation").get_data(as_text=True)
    assert "第三十九条第一款第六项" in form
    assert _post(handler, case, "start_mediation", {"on": "2026-11-20", "applicant_consents": "y",
                                                    "respondent_consents": "y", "suspend": "y",
                                                    "mediators": "律师：孙七"}).status_code == 303
    response = _post(handler, case, "log_mediation_session", {
        "on": "2026-11-23", "time": "9点半", "mode": "in_person", "participants": "申请人 张三", "outcome": "continued"})
    assert response.status_code == 422 and "时:分" in response.get_data(as_text=True)
    from tests.intake.factories import PDF_BYTES

    assert _post(handler, case, "log_mediation_session", {
        "on": "2026-11-23", "time": "09:30", "mode": "in_person", "place": "第一调解室",
        "participants": "申请人 张三\n被申请人局长 李四", "head_attended": "y",
        "applicant_position": "要求撤销处罚", "proposals": "罚款减半", "outcome": "agreement",
        "scan_file": (io.BytesIO(PDF_BYTES), "签到表.pdf")}).status_code == 303
    assert _post(handler, case, "record_agreement", {"on": "2026-11-24",
                                                     "terms": "罚款变更为五千元\n申请人放弃其他请求"}).status_code == 303
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "被申请人负责人出席" in page and "第一调解室" in page and "孙七（律师）" in page
    sheet = re.search(r'href="(/cases/\d+/materials/\d+)">签到表扫描件', page).group(1)
    assert handler.get(sheet).data == PDF_BYTES
    assert "调解协议" in page and f"/mediation/cases/{case.id}/draft.pdf" in page
    draft = handler.get(f"/mediation/cases/{case.id}/draft.pdf")
    assert draft.status_code == 200 and draft.data.startswith(b"%PDF")
    refused = _post(handler, case, "sign_agreement", {"party": "applicant", "on": "2026-11-25",
                                                      "scan_file": (io.BytesIO(b"not a scan"), "scan.exe")})
    assert refused.status_code == 422 and 'id="scan_file-error"' in refused.get_data(as_text=True)
    for party in ("applicant", "respondent"):
        assert _post(handler, case, "sign_agreement", {"party": party, "on": "2026-11-25"}).status_code == 303
    page = handler.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "申请人 2026年11月25日" in page

    supervisor = _client(app, "supervisor")
    preview = supervisor.post(f"/cases/{case.id}/actions/seal_agreement",
                              data={"on": "2026-11-26", "version": str(db.session.get(Case, case.id).version_id),
                                    "step": "preview"})
    assert preview.status_code == 200 and "确认签发" in preview.get_data(as_text=True)
    assert _post(supervisor, case, "seal_agreement", {"on": "2026-11-26"}).status_code == 303
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert (case.status, case.closure) == ("closed", "mediation")
    document = db.session.scalar(select(Document).where(Document.case_id == case.id,
                                                        Document.kind == "mediation_document"))

    case.owner_id = users["applicant"].id
    db.session.commit()
    applicant = _client(app, "applicant")
    portal = applicant.get(f"/my/cases/{quote(case.case_no)}").get_data(as_text=True)
    assert "调解与和解" in portal and "当面调解：达成协议" in portal
    link = re.search(rf'href="([^"]*/documents/{document.id}[^"]*)"', portal).group(1)
    download = applicant.get(link)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_the_api_fills_the_case_body_mediation_object(app, users, client):
    case = _accepted(app, users)
    headers = token_for(client, "handler")
    url = f"/api/v1/cases/{quote(case.case_no)}/actions/"
    body = client.post(url + "start_mediation", headers=headers,
                       json={"on": "2026-11-20", "suspend": True, "applicant_consents": True,
                             "respondent_consents": True}).get_json()
    assert body["status"] == "mediation" and body["mediation"] == {"state": "open", "sessions": [], "agreement": None}
    assert {d["rule"]: d["state"] for d in body["deadlines"]}["decision"] == "paused"
    client.post(url + "log_mediation_session", headers=headers,
                json={"on": "2026-11-23", "mode": "video", "participants": ["申请人 张三"], "outcome": "agreement"})
    client.post(url + "record_agreement", headers=headers, json={"terms": "撤销罚款", "on": "2026-11-24"})
    body = client.post(url + "sign_agreement", headers=headers,
                       json={"party": "applicant", "on": "2026-11-25"}).get_json()
    assert body["mediation"] == {"state": "agreement",
                                 "sessions": [{"on": "2026-11-23", "mode": "video", "outcome": "agreement"}],
                                 "agreement": {"terms": "撤销罚款", "signed": {"applicant": "2026-11-25"},
                                               "sealed_on": None, "document": None}}
    refused = client.post(url + "seal_agreement", headers=headers, json={})
    assert refused.status_code == 403
    bad = client.post(url + "sign_agreement", headers=headers, json={"party": "neighbour"})
    assert bad.status_code == 422 and "party" in bad.get_json()["errors"]
    body = client.post(url + "back_out", headers=headers, json={"party": "respondent"}).get_json()
    assert body["status"] == "accepted" and body["mediation"]["state"] == "backed_out"
    assert {d["rule"]: d["state"] for d in body["deadlines"]}["decision"] == "open"
    conflict = client.post(url + "record_agreement", headers=headers, json={"terms": "x"})
    assert conflict.status_code == 409


def test_a_bad_mediation_body_is_refused_on_its_field_in_chinese(app, users, client):
    case = _accepted(app, users)
    headers = token_for(client, "handler")
    url = f"/api/v1/cases/{quote(case.case_no)}/actions/"
    assert client.post(url + "start_mediation", headers=headers, json={"on": "2026-11-20"}).status_code == 200
    session = {"on": "2026-11-23", "mode": "video", "participants": ["申请人 张三"], "outcome": "continued"}
    for change, field, words in (
            ({"participants": ["申请人 " + "张" * 200]}, "participants", "每行不超过 200 个字"),
            ({"participants": []}, "participants", "请填写参加人员"),
            ({"time": "24:00"}, "time", "时间请按“时:分”填写，例如 09:30"),
            ({"notes": "记" * 2001}, "notes", "不超过 2000 个字，现有 2001 个字")):
        response = client.post(url + "log_mediation_session", headers=headers, json=session | change)
        assert response.status_code == 422, change
        assert words in str(response.get_json()["errors"][field]), change
    body = client.post(url + "log_mediation_session", headers=headers, json=session | {"time": "09:30"}).get_json()
    assert body["mediation"]["sessions"] == [{"on": "2026-11-23", "mode": "video", "outcome": "continued"}]
    settled = {"reason": "已和解", "after_settlement": True, "settlement_terms": "撤销罚款", "on": "2026-11-26"}
    for change, field, words in (
            ({"settlement_signed_on": "2026-11-15"}, "settlement_signed_on",
             "日期 2026年11月15日 早于收到申请的日期（2026年11月16日），请检查日期"),
            ({"settlement_signed_on": "2026-11-28"}, "settlement_signed_on", "晚于今天，不能登记将来的日期"),
            ({"reason": ""}, "reason", "请填写申请人撤回申请的理由")):
        response = client.post(url + "withdraw", headers=headers, json=settled | change)
        assert response.status_code == 422, change
        assert words in str(response.get_json()["errors"][field]), change


def _resolved_cases(app, users):
    """One case of each path, handled on days before FIXED_NOW."""
    mediated = _accepted(app, users, D("2026-11-02"), D("2026-11-03"))
    act(app, mediated, "start_mediation", {"on": D("2026-11-05"), "applicant_consents": True,
                                           "respondent_consents": True, "suspend": True}, users["handler"],
        beijing(D("2026-11-05")))
    act(app, mediated, "log_mediation_session", {"on": D("2026-11-06"), "mode": "phone",
                                                 "participants": ["申请人 张三 13800138000"], "outcome": "agreement"},
        users["handler"], beijing(D("2026-11-06")))
    act(app, mediated, "record_agreement", {"on": D("2026-11-06"), "terms": "撤销罚款"}, users["handler"],
        beijing(D("2026-11-06")))
    for party in ("applicant", "respondent"):
        act(app, mediated, "sign_agreement", {"party": party, "on": D("2026-11-09")}, users["handler"],
            beijing(D("2026-11-09")))
    act(app, mediated, "seal_agreement", {"on": D("2026-11-10")}, users["supervisor"], beijing(D("2026-11-10")))
    settled = _accepted(app, users, D("2026-11-02"), D("2026-11-03"))
    act(app, settled, "withdraw", {"on": D("2026-11-12"), "reason": "和解", "after_settlement": True,
                                   "settlement_terms": "退还罚款"}, users["handler"], beijing(D("2026-11-12")))
    corrected = _accepted(app, users, D("2026-11-02"), D("2026-11-03"))
    act(app, corrected, "withdraw", {"on": D("2026-11-13"), "reason": "已纠正", "self_correction": True,
                                     "new_act_no": "撤字〔2026〕1号", "new_act_on": D("2026-11-11")},
        users["handler"], beijing(D("2026-11-13")))
    early = postal_case(app, users, D("2026-11-16"))
    act(app, early, "start_mediation", {"on": D("2026-11-17")}, users["handler"], beijing(D("2026-11-17")))
    act(app, early, "withdraw", {"on": D("2026-11-18"), "reason": "已解释清楚"}, users["handler"],
        beijing(D("2026-11-18")))
    return {"mediation": mediated, "settlement": settled, "self_correction": corrected, "before_acceptance": early}


def test_the_ledger_lists_filters_and_exports_every_path_masked(app, users):
    cases = _resolved_cases(app, users)
    supervisor = _client(app, "supervisor")
    page = supervisor.get("/mediation/ledger").get_data(as_text=True)
    assert "共 4 件" in page
    for case in cases.values():
        assert case.case_no in page
    assert "张三" not in page and "张*" in page
    only = supervisor.get("/mediation/ledger", query_string={"path": "settlement"}).get_data(as_text=True)
    assert "共 1 件" in only and cases["settlement"].case_no in only
    effective = supervisor.get("/mediation/ledger", query_string={"outcome": "effective"}).get_data(as_text=True)
    assert "共 1 件" in effective and cases["mediation"].case_no in effective
    period = supervisor.get("/mediation/ledger", query_string={"from": "2026-11-13", "to": "2026-11-30"})
    assert "共 2 件" in period.get_data(as_text=True)
    assert "共 0 件" in supervisor.get("/mediation/ledger",
                                       query_string={"respondent": "不存在的机关"}).get_data(as_text=True)

    xlsx = supervisor.get("/mediation/ledger.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == ["案号", "申请人", "被申请人", "承办人", "化解方式"]
    by_case = {r[0]: r for r in rows[1:]}
    assert len(by_case) == 4
    mediated = by_case[cases["mediation"].case_no]
    assert mediated[1] == "张*" and mediated[4] == "调解" and mediated[7] == 1 and mediated[10] == "调解书已生效"
    assert by_case[cases["settlement"].case_no][11] == "撤回申请（和解后撤回）"
    assert by_case[cases["self_correction"].case_no][4] == "被申请人自行纠正"
    assert by_case[cases["before_acceptance"].case_no][10] == "受理前协商化解"
    for row in rows:
        for value in row:
            assert not ID_OR_MOBILE.search(str(value or ""))
    text = supervisor.get("/mediation/ledger.csv").data.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 5 and not ID_OR_MOBILE.search(text)
    assert _client(app, "clerk").get("/mediation/ledger").status_code == 403


def test_the_signed_settlement_scan_is_the_applicants_and_the_draft_is_staff_only(app, users):
    from recon.auth.services import create_user
    from recon.intake import services as intake
    from recon.intake.settings import intake_settings
    from recon.storage import Storage
    from tests.conftest import PASSWORD
    from tests.intake.factories import PDF_BYTES

    case = _accepted(app, users)
    upload = intake.store_upload(db.session, users["handler"], "和解协议.pdf", io.BytesIO(PDF_BYTES), "other",
                                 Storage(app.config["STORAGE_DIR"]), intake_settings(app.config).limits, FIXED_NOW)
    db.session.commit()
    act(app, case, "withdraw", {"on": D("2026-11-20"), "reason": "和解", "after_settlement": True,
                                "settlement_terms": "退还罚款", "scan": upload.id}, users["handler"],
        beijing(D("2026-11-20")))
    case.owner_id = users["applicant"].id
    create_user(db.session, None, "applicant2", "applicant", PASSWORD, display_name="李四")
    db.session.commit()
    portal = _client(app, "applicant").get(f"/my/cases/{quote(case.case_no)}").get_data(as_text=True)
    assert "退还罚款" in portal and "下载签名的和解协议" in portal
    link = re.search(r'href="(/mediation/cases/[^"]+)"', portal).group(1)
    assert _client(app, "applicant").get(link).data == PDF_BYTES
    assert _client(app, "applicant2").get(link).status_code == 404
    assert _client(app, "clerk").get(link).status_code == 200
    assert _client(app, "applicant").get(f"/mediation/cases/{case.id}/draft.pdf").status_code == 403
    assert _client(app, "handler").get(f"/mediation/cases/{case.id}/draft.pdf").status_code == 404  # no agreement
