"""The receipt (接收行政复议申请材料回执): who receives and issues it, and one A4 page (ux.md T4).

Decision: an online filing is received, and its receipt issued, by the organ's online application
system. The applicant who filed is never the receipt's 接收人 nor its issuer: the receipt prints
「网上申请系统（自动接收）」, the document records no issuing user (pages show 「系统」), and the
timeline and the audit log name the system. A clerk's receipt names the clerk.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.documents import services
from recon.documents.contexts import ONLINE_RECEIVER
from recon.documents.kinds import KINDS
from recon.documents.pdf import MaterialItem
from recon.extensions import db
from tests.intake.factories import file_online

from . import samples
from ._pdfutil import pages, text_of
from .helpers import settings


def _receipt(case):
    return next(d for d in services.case_documents(db.session, case.id) if d.kind == "receipt")


def test_online_receipt_is_received_and_issued_by_the_system(app, users):
    applicant = users["applicant"]
    case = file_online(app, applicant)
    receipt = _receipt(case)
    text = text_of(services.document_bytes(receipt, settings(app).storage))
    assert f"接收人{ONLINE_RECEIVER}" in text
    assert applicant.display_name not in text
    assert receipt.issued_by_id is None
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                       CaseEvent.kind == "document.issued"))
    assert event.actor_id is None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "document.issue",
                                                       AuditEntry.case_id == case.id))
    assert entry.actor_id is None


def test_documents_page_shows_the_system_as_issuer_of_an_online_receipt(app, users, login_as):
    case = file_online(app, users["applicant"])
    html = login_as("clerk").get(f"/cases/{case.id}/documents").get_data(as_text=True)
    row = html[html.index(KINDS["receipt"].title):]
    row = row[: row.index("</tr>")]
    assert "系统" in row and users["applicant"].display_name not in row


def test_a_clerks_receipt_names_the_clerk(app, users):
    from .helpers import NOW, make_case

    case = make_case()
    db.session.commit()
    document = services.issue(db.session, case, "receipt", {}, users["clerk"], NOW, settings(app))
    text = text_of(services.document_bytes(document, settings(app).storage))
    assert f"接收人{users['clerk'].display_name}" in text
    assert document.issued_by_id == users["clerk"].id


# ---- one A4 page ----------------------------------------------------------------------------------

LONG_NAME = "新疆维吾尔自治区乌鲁木齐市某某某某某某某某某某某餐饮管理服务有限责任公司"


def _long_receipt(channel: str, materials: int, provisional: bool = True):
    applicants = tuple(dataclasses.replace(samples.APPLICANT, name=f"{LONG_NAME}{i}")
                       for i in range(3))
    case = samples.case(
        channel=channel, applicants=applicants,
        act_title="关于对申请人经营场所存在的食品安全、消防安全及环境卫生等多项问题" * 3
                  + "所作出的行政处罚决定书",
        act_doc_no="××市市场监督管理局××区分局罚字〔2026〕第00000000000088号",
        respondent=dataclasses.replace(samples.RESPONDENT_PARTY, name="××市市场监督管理局××区分局" * 3),
        request="请求撤销行政处罚决定，" * 40,
    )
    ctx = dataclasses.replace(
        samples.contexts()["receipt"], case=case, acceptance_due_provisional=provisional,
        acceptance_due_on=date(2027, 1, 4), tracking_no="EMS 1190 2233 4455 6677 8899 0011",
        receiver=ONLINE_RECEIVER if channel == "online" else "陈八",
        materials=tuple(MaterialItem(f"证据{i}：申请人于2026年8月20日至9月8日期间拍摄的经营场所现场照片及视频截图"
                                     f"（共计十二张，含说明）.pdf", "1份", "复印件（与原件核对无误）")
                        for i in range(materials)),
    )
    return samples.with_header(ctx, address="合肥市××区政务大道1号××区司法局行政复议科（政务服务中心三楼东侧窗口）")


@pytest.mark.parametrize("channel", ["online", "onsite", "postal"])
@pytest.mark.parametrize("materials", [0, 5, 12, 40])
def test_every_receipt_fits_one_a4_page(channel, materials):
    data = KINDS["receipt"].build(_long_receipt(channel, materials))
    assert pages(data) == 1
    text = text_of(data)
    assert "受理审查期限至2027年1月4日（暂定）" in text
    assert "验证码：K7QM-3XPR" in text, "the verification footer is on the one page"


def test_a_long_list_of_materials_is_counted_not_dropped():
    text = text_of(KINDS["receipt"].build(_long_receipt("online", 40)))
    rest = re.search(r"(?:其余|共)(\d+)份材料（名称见本机关登记的申请材料清单）", text)
    assert rest is not None
    assert text.count("现场照片") + int(rest.group(1)) == 40


def test_issued_online_receipt_with_many_attachments_is_one_page(app, users):
    from tests.intake.factories import token_for, upload

    client = app.test_client()
    headers = token_for(client, "applicant")
    ids = []
    for i in range(15):
        response = upload(client, headers, name=f"证据材料第{i}份：现场照片及视频截图（含文字说明）.pdf")
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    case = file_online(app, users["applicant"], applicant__name="欧阳" + "娜" * 18,
                       act__title="行政处罚决定书" * 8, attachments=ids,
                       request="请求撤销行政处罚决定。" * 30)
    receipt = _receipt(case)
    assert pages(services.document_bytes(receipt, settings(app).storage)) == 1
