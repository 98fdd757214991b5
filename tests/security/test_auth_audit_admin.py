"""Issue 12: the admin's audit page showed case numbers and applicants' file names; the admin sees
no case data (README). Entries about a case read 「案件」 only; system entries stay in full."""

from __future__ import annotations

import io

from recon.extensions import db
from recon.intake import services as intake
from recon.intake.settings import intake_settings
from recon.storage import Storage
from tests.conftest import login
from tests.intake.factories import PDF_BYTES, file_online


def test_the_admin_sees_case_entries_as_case_only(app, users, login_as):
    from recon.clock import now_utc

    upload = intake.store_upload(db.session, users["applicant"], "王五的离婚协议.pdf", io.BytesIO(PDF_BYTES),
                                 "evidence", Storage(app.config["STORAGE_DIR"]),
                                 intake_settings(app.config).limits, now_utc())
    db.session.commit()
    case = file_online(app, users["applicant"], applicant__name="王五", attachments=[upload.id])
    admin = login_as("admin")
    page = admin.get("/audit/").get_data(as_text=True)
    assert case.case_no not in page and "王五" not in page and "离婚协议" not in page
    assert "登记申请" in page and "上传文件" in page and ">案件<" in page
    assert "登录" in page  # the admin's own system entries stay
    # the case filter is not offered, and a hand-made one changes nothing
    assert 'name="case"' not in page
    filtered = admin.get("/audit/", query_string={"case": case.case_no}).get_data(as_text=True)
    assert case.case_no not in filtered and "登记申请" in filtered

    supervisor = app.test_client()
    login(supervisor, "supervisor")
    page = supervisor.get("/audit/").get_data(as_text=True)
    assert case.case_no in page and "王五的离婚协议.pdf" in page
