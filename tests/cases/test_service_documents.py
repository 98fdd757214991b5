"""The steps that file, issue and serve (issue 14): the reply's files in the material table, the
程序转换通知书 and 听证通知书 issued by their steps to every party they concern, service by 委托 and
转交 with its 送达回证, the 送达地址确认书, manual issuing kept for the supervisor (audited), and
art. 70's exception when a third party supplied evidence. Dates follow the 2026 State Council
schedule (nothing in July is a holiday)."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from urllib.parse import quote

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import Material
from recon.documents.models import Document, DocumentService
from recon.extensions import db
from recon.storage import Storage
from tests.cases.helpers import act, beijing, document_settings, postal_case
from tests.documents._pdfutil import text_of
from tests.intake.factories import PDF_BYTES, PNG_BYTES, token_for

D = date.fromisoformat
RECEIVED = D("2026-07-06")  # Monday
CLOCK = {"now": beijing(RECEIVED)}


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    """Pages and the API act at 10:00 Beijing on the day the test sets."""
    monkeypatch.setattr("recon.api.actions.now_utc", lambda: CLOCK["now"])
    monkeypatch.setattr("recon.cases.views.now_utc", lambda: CLOCK["now"])
    monkeypatch.setattr("recon.cases.views.today_beijing", _beijing_day)
    monkeypatch.setattr("recon.documents.views.now_utc", lambda: CLOCK["now"])


def _beijing_day() -> date:
    from recon.clock import beijing_date

    return beijing_date(CLOCK["now"])


def _on(day: str) -> None:
    CLOCK["now"] = beijing(D(day))


def _api(client, case, action, body, role="handler", day=None):
    if day:
        _on(day)
    return client.post(f"/api/v1/cases/{quote(case.case_no)}/actions/{action}", json=body,
                       headers=token_for(client, role))


def _pdf(app, document) -> str:
    return text_of(document_settings(app).storage.read(document.sha256)).replace("\n", "")


def _documents(case, kind):
    return db.session.scalars(select(Document).where(Document.case_id == case.id, Document.kind == kind)
                              .order_by(Document.id)).all()


def _accepted(app, users, procedure="ordinary", copy_served="2026-07-09"):
    """Received Mon 07-06, accepted Tue 07-07, the copy served on the respondent ``copy_served``."""
    case = postal_case(app, users, RECEIVED)
    ground = {"simple_ground": "amount_le_3000"} if procedure == "simple" else {}
    act(app, case, "accept", {"procedure": procedure, "on": D("2026-07-07"), **ground}, users["handler"],
        beijing(D("2026-07-07")))
    if copy_served:
        act(app, case, "send_respondent_copy", {"served_on": D(copy_served)}, users["handler"],
            beijing(D(copy_served)))
    return case


def _storage(app) -> Storage:
    return Storage(app.config["STORAGE_DIR"])


def _a_pdf(tag: str) -> bytes:
    """A valid one-page PDF whose bytes (and sha256) differ by ``tag``."""
    return PDF_BYTES + f"% {tag}\n".encode()


# ---- the reply's files (H7) ---------------------------------------------------------------------


def test_the_reply_with_its_files_appears_in_the_material_table(app, users, login_as):
    case = _accepted(app, users)
    client = login_as("handler")
    _on("2026-07-21")
    form = client.get(f"/cases/{case.id}/actions/record_reply").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="basis_files"' in form
    response = client.post(f"/cases/{case.id}/actions/record_reply", data={
        "version": str(case.version_id), "received_on": "2026-07-20", "reply": "请求维持处罚决定", "step": "confirm",
        "reply_files": (io.BytesIO(_a_pdf("reply")), "答复书.pdf"),
        "evidence_files": [(io.BytesIO(PNG_BYTES), "现场照片.png"), (io.BytesIO(_a_pdf("evidence")), "检验报告.pdf")],
        "basis_files": (io.BytesIO(_a_pdf("basis")), "处罚依据.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)

    materials = {m.filename: m for m in db.session.scalars(select(Material).where(
        Material.case_id == case.id, Material.stage == "reply"))}
    assert {name: m.item for name, m in materials.items()} == {
        "答复书.pdf": "reply", "现场照片.png": "evidence", "检验报告.pdf": "evidence", "处罚依据.pdf": "basis"}
    assert {m.received_on for m in materials.values()} == {D("2026-07-20")}
    assert all(_storage(app).exists(m.sha256) for m in materials.values())

    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    table = page[page.index('id="materials"'):page.index('id="deadlines"')]
    for name, label in (("答复书.pdf", "被申请人的书面答复"), ("检验报告.pdf", "证据材料"),
                        ("处罚依据.pdf", "作出行政行为的依据")):
        row = table[table.index(name):].split("</tr>")[0]
        assert label in row and "被申请人答复" in row and "2026年7月20日" in row, row
    timeline = page[page.index('id="timeline"'):]
    assert "被申请人的书面答复 1 份、证据材料 2 份、作出行政行为的依据 1 份" in timeline


@pytest.mark.parametrize("body, status", [
    ({"received_on": "2026-07-22"}, 422),  # a day after today (07-21)
    ({"version": "999"}, 409),  # someone changed the case meanwhile
])
def test_a_refused_reply_keeps_no_file(app, users, login_as, body, status):
    case = _accepted(app, users)
    client = login_as("handler")
    _on("2026-07-21")
    content = _a_pdf(f"refused-{status}")
    data = {"version": str(case.version_id), "step": "confirm", **body,
            "reply_files": (io.BytesIO(content), "答复书.pdf")}
    response = client.post(f"/cases/{case.id}/actions/record_reply", data=data, content_type="multipart/form-data")
    assert response.status_code == status
    assert not _storage(app).exists(hashlib.sha256(content).hexdigest())
    assert db.session.scalar(select(Material.id).where(Material.case_id == case.id, Material.stage == "reply")) is None
    assert db.session.get(type(case), case.id).reply_received_on is None


def test_a_bad_file_among_good_ones_refuses_them_all(app, users, login_as):
    case = _accepted(app, users)
    client = login_as("handler")
    _on("2026-07-21")
    good = _a_pdf("good-then-bad")
    response = client.post(f"/cases/{case.id}/actions/record_reply", data={
        "version": str(case.version_id), "step": "confirm",
        "reply_files": (io.BytesIO(good), "答复书.pdf"),
        "other_files": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "说明.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "不是 PDF、JPG、PNG 格式" in response.get_data(as_text=True)
    assert not _storage(app).exists(hashlib.sha256(good).hexdigest())
    assert db.session.get(type(case), case.id).reply_received_on is None


def test_the_api_files_the_reply_from_uploads(app, users, client):
    case = _accepted(app, users)
    headers = token_for(client, "handler")
    ids = []
    for name, item, content in (("答复书.pdf", "reply", _a_pdf("api-reply")), ("依据.pdf", "basis", _a_pdf("api-basis"))):
        uploaded = client.post("/api/v1/uploads", data={"file": (io.BytesIO(content), name), "item": item},
                               headers=headers, content_type="multipart/form-data")
        assert uploaded.status_code == 201, uploaded.get_json()
        ids.append(uploaded.get_json()["id"])
    response = _api(client, case, "record_reply", {"received_on": "2026-07-20", "attachments": ids}, day="2026-07-21")
    assert response.status_code == 200, response.get_json()
    rows = db.session.scalars(select(Material).where(Material.case_id == case.id, Material.stage == "reply")
                              .order_by(Material.id)).all()
    assert [(m.filename, m.item, m.received_on) for m in rows] == [
        ("答复书.pdf", "reply", D("2026-07-20")), ("依据.pdf", "basis", D("2026-07-20"))]
    # an upload is used once
    again = _api(client, _accepted(app, users), "record_reply", {"attachments": ids[:1]})
    assert again.status_code == 422 and "不存在或已被使用" in again.get_json()["errors"]["attachments"]


# ---- notices issued by their steps ------------------------------------------------------------------


def test_converting_issues_a_conversion_notice_to_each_party(app, users, client):
    case = _accepted(app, users, procedure="simple", copy_served="2026-07-08")
    assert _api(client, case, "convert_to_ordinary", {"on": "2026-07-10"}).status_code == 403
    response = _api(client, case, "convert_to_ordinary", {"on": "2026-07-10", "reason": "案件涉及专业技术问题"},
                    role="supervisor", day="2026-07-10")
    assert response.status_code == 200, response.get_json()
    notices = _documents(case, "conversion_notice")
    assert [n.recipient for n in notices] == ["张三", "合江区市场监督管理局"]
    text = _pdf(app, notices[0])
    assert "简易程序转为普通程序通知书" in text and "张三：" in text
    assert "本机关认为案件涉及专业技术问题，不宜适用简易程序" in text
    assert "本案自2026年7月10日起转为普通程序审理" in text and "第五十五条" in text


def test_scheduling_a_hearing_previews_then_issues_a_notice_with_its_date(app, users, login_as):
    case = _accepted(app, users)
    client = login_as("handler")
    _on("2026-07-13")
    data = {"version": str(case.version_id), "hearing_on": "2026-07-24", "hearing_time": "14:30",
            "place": "区司法局三楼听证室", "issues": "抽样程序是否合法\n罚款数额是否适当"}
    preview = client.post(f"/cases/{case.id}/actions/schedule_hearing", data=data | {"step": "preview"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "听证通知书" in html and "确认签发" in html
    assert _documents(case, "hearing_notice") == []
    draft = client.post(f"/cases/{case.id}/actions/schedule_hearing", data=data | {"step": "pdf"})
    assert "2026年7月24日" in text_of(draft.data) and "草稿" in text_of(draft.data)

    done = client.post(f"/cases/{case.id}/actions/schedule_hearing", data=data | {"step": "confirm"})
    assert done.status_code == 303, done.get_data(as_text=True)
    notices = _documents(case, "hearing_notice")
    assert [n.recipient for n in notices] == ["张三", "合江区市场监督管理局"]
    text = _pdf(app, notices[1])
    assert "合江区市场监督管理局：" in text and "2026年7月24日下午2时30分" in text
    assert "区司法局三楼听证室" in text and "罚款数额是否适当" in text


def test_a_hearing_scheduled_through_the_api_uses_the_defaults(app, users, client):
    case = _accepted(app, users)
    response = _api(client, case, "schedule_hearing", {"hearing_on": "2026-07-24", "notice_served_on": "2026-07-13"},
                    day="2026-07-13")
    assert response.status_code == 200, response.get_json()
    text = _pdf(app, _documents(case, "hearing_notice")[0])
    assert "2026年7月24日上午9时" in text
    assert app.config["RECON_SITE_ADDRESS"].replace(" ", "") in text.replace(" ", "")
    bad = _api(client, case, "schedule_hearing", {"hearing_on": "2026-07-27", "hearing_time": "25:00"})
    assert bad.status_code == 422 and "时:分" in bad.get_json()["errors"]["hearing_time"]


# ---- service: 委托, 转交 and the 送达回证 -----------------------------------------------------------


@pytest.mark.parametrize("method, via, label, words", [
    ("entrusted", "泸州市江阳区人民政府办公室", "委托送达", "受委托送达单位：泸州市江阳区人民政府办公室"),
    ("transfer", "四川省泸州监狱", "转交送达", "代为转交单位：四川省泸州监狱"),
])
def test_service_by_entrustment_or_transfer_prints_its_receipt(app, users, login_as, client, method, via, label,
                                                               words):
    case = _accepted(app, users, copy_served=None)
    notice = _documents(case, "acceptance_notice")[0]
    missing = _api(client, case, "serve", {"document": notice.number, "method": method, "recipient": "张三"},
                   day="2026-07-10")
    assert missing.status_code == 422 and "单位" in missing.get_json()["errors"]["via"]
    response = _api(client, case, "serve", {"document": notice.number, "method": method, "via": via,
                                            "recipient": "张三", "served_on": "2026-07-09"}, day="2026-07-10")
    assert response.status_code == 200, response.get_json()
    service = db.session.scalar(select(DocumentService).where(DocumentService.document_id == notice.id))
    assert (service.method, service.via, service.served_on) == (method, via, D("2026-07-09"))

    receipt = _documents(case, "service_receipt")[0]
    assert receipt.recipient == "张三"
    text = _pdf(app, receipt)
    assert "送达回证" in text and f"《行政复议受理通知书》（{notice.number}）" in text
    assert "张三" in text and label in text and "2026年7月9日" in text and words in text
    assert len(PdfReader(io.BytesIO(document_settings(app).storage.read(receipt.sha256))).pages) == 1

    page = login_as("handler").get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/documents/{receipt.id}.pdf" in page and label in page
    # the receipt is the record of a service, never served itself
    again = _api(client, case, "serve", {"document": receipt.number, "method": "direct", "recipient": "张三",
                                         "served_on": "2026-07-10"})
    assert again.status_code == 422 and "送达回证" in again.get_json()["errors"]["document"]


def test_the_service_address_confirmation_prints_for_a_party_on_one_page(app, users, login_as):
    case = _accepted(app, users, copy_served=None)
    respondent = next(p for p in case.parties if p.role == "respondent")
    client = login_as("handler")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    link = f"/cases/{case.id}/documents/new?kind=service_address&amp;party={respondent.id}"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<option selected value="{respondent.id}">' in form or f'value="{respondent.id}" selected' in form
    preview = client.post(f"/cases/{case.id}/documents/preview", data={
        "kind": "service_address", "recipient_party_id": str(respondent.id), "address": "合江区大桥路 2 号",
        "postcode": "646200", "electronic_consent": "no"})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    token = preview.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    assert client.post(f"/cases/{case.id}/documents/issue", data={"token": token}).status_code == 303
    document = _documents(case, "service_address")[0]
    data = document_settings(app).storage.read(document.sha256)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    text = text_of(data).replace("\n", "")
    assert "送达地址确认书" in text and "合江区市场监督管理局" in text and "合江区大桥路2号" in text
    assert "646200" in text and "□同意" in text and "√不同意" in text


# ---- manual issuing is the supervisor's, audited --------------------------------------------------


def test_a_handler_is_refused_manual_issue_and_a_supervisor_issues_with_a_reason(app, users, login_as):
    case = _accepted(app, users)
    client = login_as("handler")
    listing = client.get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert '<option value="hearing_notice">' not in listing
    refused = client.get(f"/cases/{case.id}/documents/new?kind=hearing_notice")
    assert refused.status_code == 403
    assert "《听证通知书》由「安排听证」办理时签发，不能在文书页手工签发" in refused.get_data(as_text=True)
    posted = client.post(f"/cases/{case.id}/documents/preview", data={
        "kind": "hearing_notice", "hearing_date": "2026-07-24", "hearing_time": "9:30", "place": "听证室",
        "issues": "是否合法"})
    assert posted.status_code == 403 and _documents(case, "hearing_notice") == []

    client.post("/logout")
    client = login_as("supervisor")
    fields = {"kind": "hearing_notice", "hearing_date": "2026-07-24", "hearing_time": "9:30", "place": "听证室",
              "issues": "是否合法"}
    unexplained = client.post(f"/cases/{case.id}/documents/preview", data=fields)
    assert unexplained.status_code == 422 and "请说明为什么不通过办理步骤签发" in unexplained.get_data(as_text=True)
    preview = client.post(f"/cases/{case.id}/documents/preview", data=fields | {"manual_reason": "听证日期变更，重新通知"})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    token = preview.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    assert client.post(f"/cases/{case.id}/documents/issue", data={"token": token}).status_code == 303
    assert client.post(f"/cases/{case.id}/documents/issue", data={"token": token}).status_code == 303
    document = _documents(case, "hearing_notice")[0]
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "document.issue_by_hand")).all()
    assert len(entries) == 1 and entries[0].after["reason"] == "听证日期变更，重新通知"
    assert entries[0].after["number"] == document.number and "安排听证" in entries[0].summary
    assert entries[0].actor_id == users["supervisor"].id


# ---- art. 70: a third party's evidence lifts the limit --------------------------------------------


def test_a_third_partys_evidence_lifts_art_70s_limit(app, users, login_as, client):
    case = _accepted(app, users)  # reply due Thu 07-23 (10 WD from Thu 07-09)
    page = login_as("handler")
    _on("2026-07-27")
    form = page.get(f"/cases/{case.id}/actions/decide").get_data(as_text=True)
    assert 'value="uphold"' not in form and 'value="revoke"' in form
    refused = _api(client, case, "decide", {"type": "uphold", "on": "2026-07-27"}, day="2026-07-27")
    assert refused.status_code == 422 and "第七十条" in refused.get_json()["errors"]["type"]

    blocked = page.get(f"/cases/{case.id}/actions/record_third_party_evidence")
    assert blocked.status_code == 409 and "本案没有第三人" in blocked.get_data(as_text=True)
    assert _api(client, case, "add_third_party", {"name": "李四", "by": "application", "address": "合江区新街 5 号",
                                                  "on": "2026-07-27"}).status_code == 200
    case = db.session.get(type(case), case.id)
    nobody = page.post(f"/cases/{case.id}/actions/record_third_party_evidence", data={
        "version": str(case.version_id), "party": "李四", "step": "confirm"}, content_type="multipart/form-data")
    assert nobody.status_code == 422 and "请上传第三人提供的证据" in nobody.get_data(as_text=True)
    done = page.post(f"/cases/{case.id}/actions/record_third_party_evidence", data={
        "version": str(case.version_id), "party": "李四", "step": "confirm",
        "evidence_files": (io.BytesIO(_a_pdf("third-party")), "供货合同.pdf")}, content_type="multipart/form-data")
    assert done.status_code == 303, done.get_data(as_text=True)
    material = db.session.scalar(select(Material).where(Material.case_id == case.id, Material.filename == "供货合同.pdf"))
    assert (material.stage, material.item, material.received_on) == ("third_party", "evidence", D("2026-07-27"))

    form = page.get(f"/cases/{case.id}/actions/decide").get_data(as_text=True)
    for kind in ("vary", "revoke", "confirm_illegal", "order_performance", "confirm_void", "uphold", "reject_request"):
        assert f'value="{kind}"' in form, kind
    assert 'id="art70-exception"' in form and "第三人李四已于 2026年7月27日（星期一） 提供证据" in form
    shown = page.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "决定类型不受第七十条的限制" in shown and "供货合同.pdf" in shown
    allowed = _api(client, case, "decide", {"type": "uphold", "on": "2026-07-27"})
    assert allowed.status_code == 200, allowed.get_json()
    db.session.expire_all()
    reasoning = db.session.get(type(case), case.id).decision_draft["reasoning"]
    assert "视为该行政行为没有证据" not in reasoning and "应予维持" in reasoning


def test_every_document_a_step_issues_is_kept_from_manual_issue_by_handlers():
    from recon.cases.workflow import TRANSITIONS
    from recon.documents.kinds import KINDS
    from recon.documents.services import kinds_for_role

    issued_by_steps = {t.document for t in TRANSITIONS.values() if t.document} | {"settlement_agreement"}
    assert {"hearing_notice", "conversion_notice", "service_receipt"} <= issued_by_steps
    for kind in issued_by_steps:
        assert KINDS[kind].step, kind
        assert kind not in kinds_for_role("handler") and kind not in kinds_for_role("clerk")
        assert kind in kinds_for_role("supervisor")
