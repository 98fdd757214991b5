"""documents.services against the database (SQLite by default, PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.documents import contexts, services
from recon.documents.kinds import KINDS, default_codes
from recon.documents.models import (
    CODE_ALPHABET,
    Document,
    DocumentService,
    DocumentTemplate,
)
from recon.documents.numbering import format_number
from recon.errors import DomainError
from recon.extensions import db

from ._pdfutil import text_of
from .helpers import NOW, extras, make_case, settings


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _stored_files(app) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def case(app):
    case = make_case()
    db.session.commit()
    return case


@pytest.fixture
def handler(users):
    return users["handler"]


# ---- issuing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", services.KINDS)
def test_issue_every_kind(app, case, handler, kind):
    extra = extras(case)[kind]
    if kind == "service_receipt":
        first = services.issue(db.session, case, "acceptance_notice", {}, handler, NOW,
                               settings(app))
        extra = dict(extra, document_id=first.id)
    document = services.issue(db.session, case, kind, extra, handler, NOW, settings(app))
    db.session.commit()

    number = format_number("合府复", default_codes()[kind], 2026, 17)
    assert document.number == number
    assert (document.year, document.serial, document.repeat) == (2026, 17, 1)
    assert document.kind == kind and document.case_id == case.id
    assert document.template_version == 0
    assert document.issued_by_id == handler.id and document.issued_at == NOW
    assert document.issued_on == date(2026, 11, 27)
    assert len(document.verification_code) == 8
    assert set(document.verification_code) <= set(CODE_ALPHABET)
    assert document.context["extra"] == contexts.jsonable(extra)
    assert document.context["data"]["header"]["number"] == number

    data = services.document_bytes(document, settings(app).storage)
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert len(data) == document.size
    text = text_of(data)
    assert number in text and "草稿" not in text

    summary = f"签发《{KINDS[kind].title}》{number}"
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.kind == "document.issued",
                                                     CaseEvent.summary == summary))
    assert event is not None and event.case_id == case.id
    assert event.payload["document_id"] == document.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "document.issue",
                                                       AuditEntry.object_id == str(document.id)))
    assert entry is not None and entry.case_id == case.id and entry.summary == summary
    assert entry.actor_id == handler.id and entry.after["sha256"] == document.sha256


def test_acceptance_notice_number_and_timeline_wording(app, case, handler):
    document = services.issue(db.session, case, "acceptance_notice", {}, handler, NOW,
                              settings(app))
    db.session.commit()
    assert document.number == "合府复受〔2026〕17号"
    summaries = db.session.scalars(select(CaseEvent.summary).where(CaseEvent.case_id == case.id))
    assert "签发《行政复议受理通知书》合府复受〔2026〕17号" in list(summaries)


def test_repeats_of_a_kind_are_numbered_zhi_er_zhi_san(app, case, handler):
    numbers = []
    for _ in range(3):
        document = services.issue(db.session, case, "correction_notice",
                                  extras(case)["correction_notice"], handler, NOW, settings(app))
        numbers.append((document.number, document.repeat))
    db.session.commit()
    assert numbers == [("合府复补〔2026〕17号", 1), ("合府复补〔2026〕17号之二", 2),
                       ("合府复补〔2026〕17号之三", 3)]
    # another kind in the same case starts at 1 again and shares the case serial (一案一号)
    other = services.issue(db.session, case, "acceptance_notice", {}, handler, NOW, settings(app))
    assert other.number == "合府复受〔2026〕17号" and other.repeat == 1


def test_second_case_gets_its_own_serial(app, case, handler):
    second = make_case(serial=18)
    db.session.commit()
    a = services.issue(db.session, case, "acceptance_notice", {}, handler, NOW, settings(app))
    b = services.issue(db.session, second, "acceptance_notice", {}, handler, NOW, settings(app))
    assert (a.number, b.number) == ("合府复受〔2026〕17号", "合府复受〔2026〕18号")


def test_category_codes_come_from_config(app, case, handler):
    app.config["RECON_CATEGORY_CODES"] = {"decision": "决字"}
    document = services.issue(db.session, case, "decision", extras(case)["decision"], handler,
                              NOW, settings(app))
    assert document.number == "合府复决字〔2026〕17号"
    app.config["RECON_CATEGORY_CODES"] = {"decision": "决2"}
    with pytest.raises(ValueError, match="不能含有数字"):
        settings(app)


def test_same_token_issues_once(app, case, handler):
    extra = extras(case)["correction_notice"]
    first = services.issue(db.session, case, "correction_notice", extra, handler, NOW,
                           settings(app), token="t" * 32)
    db.session.commit()
    again = services.issue(db.session, case, "correction_notice", extra, handler, NOW,
                           settings(app), token="t" * 32)
    db.session.commit()
    assert again.id == first.id and _count(Document) == 1


def test_issued_bytes_are_read_back_identical_and_checked(app, case, handler):
    document = services.issue(db.session, case, "acceptance_notice", {}, handler, NOW,
                              settings(app))
    db.session.commit()
    store = settings(app).storage
    first = services.document_bytes(document, store)
    second = services.document_bytes(document, store)
    assert first == second and hashlib.sha256(first).hexdigest() == document.sha256
    path = store.path_for(document.sha256)
    path.write_bytes(first.replace(b"%PDF", b"%PDX", 1))
    with pytest.raises(services.StoredFileError, match="校验不符"):
        services.document_bytes(document, store)
    path.unlink()
    with pytest.raises(services.StoredFileError, match="缺失"):
        services.document_bytes(document, store)


def test_invalid_extra_is_refused_in_chinese(app, case, handler):
    with pytest.raises(DomainError, match="一次性载明需要补正的事项"):
        services.issue(db.session, case, "correction_notice", {}, handler, NOW, settings(app))
    db.session.rollback()
    with pytest.raises(DomainError, match="有管辖权的行政复议机关"):
        services.issue(db.session, case, "refusal_decision", {"condition": 6, "reason": "不属于"},
                       handler, NOW, settings(app))
    db.session.rollback()
    with pytest.raises(DomainError, match="未知的文书种类"):
        services.issue(db.session, case, "no_such_kind", {}, handler, NOW, settings(app))
    db.session.rollback()
    assert _count(Document) == 0 and _stored_files(app) == []


# ---- preview and rollback -----------------------------------------------------------------------


def test_preview_is_a_draft_and_stores_nothing(app, case, handler):
    before = (_count(Document), _count(CaseEvent), _count(AuditEntry))
    data = services.preview(db.session, case, "decision", extras(case)["decision"],
                            settings(app), now=NOW, actor=handler)
    db.session.commit()
    assert data.startswith(b"%PDF")
    text = text_of(data)
    assert "草稿" in text and "合府复决〔2026〕17号" not in text
    assert (_count(Document), _count(CaseEvent), _count(AuditEntry)) == before
    assert _stored_files(app) == []


def test_rollback_removes_the_stored_file(app, case, handler, monkeypatch):
    seen = []

    def boom(*args, **kwargs):
        seen.extend(_stored_files(app))
        raise RuntimeError("failure after the file was stored")

    monkeypatch.setattr(contexts, "add_timeline_event", boom)
    with pytest.raises(RuntimeError):
        services.issue(db.session, case, "acceptance_notice", {}, handler, NOW, settings(app))
    assert len(seen) == 1 and seen[0].exists()
    db.session.rollback()
    assert not seen[0].exists() and _stored_files(app) == []
    assert _count(Document) == 0


def test_commit_keeps_the_stored_file(app, case, handler):
    document = services.issue(db.session, case, "acceptance_notice", {}, handler, NOW,
                              settings(app))
    db.session.commit()
    assert settings(app).storage.exists(document.sha256)


# ---- templates ----------------------------------------------------------------------------------


CUSTOM = KINDS["acceptance_notice"].wording.replace("现将有关事项告知如下：",
                                                        "现将有关事项一并告知如下：")


def test_template_versions_and_the_document_records_its_version(app, case, users):
    admin = users["admin"]
    assert services.active_template(db.session, "acceptance_notice") == (None, 0)
    row = services.save_template(db.session, "acceptance_notice", CUSTOM, "按区政府意见修改",
                                 admin, NOW, settings(app))
    db.session.commit()
    assert (row.version, row.created_by_id, row.note) == (1, admin.id, "按区政府意见修改")
    assert services.active_template(db.session, "acceptance_notice") == (CUSTOM, 1)

    document = services.issue(db.session, case, "acceptance_notice", {}, users["handler"], NOW,
                              settings(app))
    db.session.commit()
    assert document.template_version == 1
    assert "现将有关事项一并告知如下" in text_of(services.document_bytes(document,
                                                                         settings(app).storage))

    second = services.save_template(db.session, "acceptance_notice", CUSTOM + "\n特此说明。\n",
                                    "", admin, NOW, settings(app))
    db.session.commit()
    assert second.version == 2
    assert [r.version for r in services.template_history(db.session, "acceptance_notice")] == [2, 1]
    overview = {r.kind: r.version for r in services.templates_overview(db.session)}
    assert overview["acceptance_notice"] == 2 and overview["decision"] == 0
    # the earlier document keeps its version and its bytes
    assert db.session.get(Document, document.id).template_version == 1
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "document_template.save", AuditEntry.object_id == str(second.id)))
    assert entry.summary == "保存《行政复议受理通知书》模板第 2 版"


@pytest.mark.parametrize("body, message", [
    ("{% if %}坏模板", "语法错误"),
    ("{{ no_such_variable }}", "不存在的字段或变量"),
    ("{{ case.received_on|cdate(", "语法错误"),
    ("   \n", "模板内容不能为空"),
])
def test_broken_template_is_rejected_in_chinese(app, users, body, message):
    with pytest.raises(DomainError, match=message) as info:
        services.save_template(db.session, "acceptance_notice", body, "", users["admin"], NOW,
                               settings(app))
    assert info.value.field == "body"
    db.session.rollback()
    assert _count(DocumentTemplate) == 0


@pytest.mark.parametrize("kind", services.KINDS)
def test_every_default_template_passes_the_check(app, kind):
    services.check_template(kind, KINDS[kind].wording, settings(app))


def test_unchanged_template_is_not_a_new_version(app, users):
    with pytest.raises(DomainError, match="相同"):
        services.save_template(db.session, "decision", KINDS["decision"].wording, "",
                               users["admin"], NOW, settings(app))


def test_template_used_only_in_a_variant_is_checked(app, users):
    """A mistake inside {% if simple %} is caught by the simple-procedure sample."""
    body = KINDS["acceptance_notice"].wording + "{% if simple %}{{ nope }}{% endif %}\n"
    with pytest.raises(DomainError, match="不存在的字段或变量"):
        services.save_template(db.session, "acceptance_notice", body, "", users["admin"], NOW,
                               settings(app))


def test_font_status_reports_embedding_or_the_fallback(app):
    status = services.font_status(settings(app))
    assert status.embedded is True and status.warning is None
    from recon.documents.pdf import FontConfig

    broken = services.DocumentSettings(organ_name="x", body_name="", case_prefix="合府复",
                                       fonts=FontConfig("/nonexistent/a.ttf", 0,
                                                        "/nonexistent/b.ttf", 0))
    fallback = services.font_status(broken)
    assert fallback.embedded is False and "STSong-Light" in fallback.warning


# ---- service ------------------------------------------------------------------------------------


@pytest.fixture
def decision(app, case, handler):
    document = services.issue(db.session, case, "decision", extras(case)["decision"], handler,
                              NOW, settings(app))
    db.session.commit()
    return document


def test_direct_service_is_recorded_with_timeline_and_audit(decision, handler):
    row = services.record_service(db.session, decision, recipient="张三", method="direct",
                                  served_on=date(2026, 11, 27), actor=handler, now=NOW)
    db.session.commit()
    assert row.served_on == date(2026, 11, 27) and row.recorded_by_id == handler.id
    assert services.served_on_for(decision, "张三") == date(2026, 11, 27)
    assert services.served_on_for(decision, "李四") is None
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.kind == "document.service"))
    assert "直接送达" in event.summary and "2026年11月27日" in event.summary
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "document.service"))


def test_announcement_is_served_thirty_days_after_publication(decision, handler):
    row = services.record_service(db.session, decision, recipient="张三", method="announcement",
                                  sent_on=date(2026, 11, 27), note="受送达人下落不明",
                                  actor=handler, now=NOW)
    assert row.served_on == date(2026, 12, 27)
    assert services.served_on_for(decision, "张三") == date(2026, 11, 27) + timedelta(days=30)


def test_electronic_service_needs_consent(decision, handler):
    with pytest.raises(DomainError, match="须经受送达人同意") as info:
        services.record_service(db.session, decision, recipient="张三", method="electronic",
                                sent_on=date(2026, 11, 27), actor=handler, now=NOW)
    assert info.value.field == "electronic_consent"
    row = services.record_service(db.session, decision, recipient="张三", method="electronic",
                                  electronic_consent=True, sent_on=date(2026, 11, 27),
                                  address="zhangsan@example.cn", actor=handler, now=NOW)
    assert row.served_on == date(2026, 11, 27)


def test_postal_service_waits_for_the_return_slip(decision, handler):
    row = services.record_service(db.session, decision, recipient="张三", method="postal",
                                  sent_on=date(2026, 11, 27), actor=handler, now=NOW)
    db.session.commit()
    assert row.served_on is None and services.served_on_for(decision, "张三") is None
    later = NOW + timedelta(days=3)
    services.set_served_on(db.session, row, date(2026, 11, 29), handler, later)
    db.session.commit()
    assert services.served_on_for(decision, "张三") == date(2026, 11, 29)
    with pytest.raises(DomainError, match="不能修改"):
        services.set_served_on(db.session, row, date(2026, 11, 30), handler, later)


def test_earliest_service_counts(decision, handler):
    services.record_service(db.session, decision, recipient="张三", method="announcement",
                            sent_on=date(2026, 11, 27), note="邮寄退回", actor=handler, now=NOW)
    later = NOW + timedelta(days=5)
    services.record_service(db.session, decision, recipient="张三", method="direct",
                            served_on=date(2026, 12, 1), actor=handler, now=later)
    db.session.refresh(decision)
    assert services.served_on_for(decision, "张三") == date(2026, 12, 1)


@pytest.mark.parametrize("kwargs, message, field", [
    ({"method": "direct"}, "请填写签收日期", "served_on"),
    ({"method": "fax", "served_on": date(2026, 11, 27)}, "请选择送达方式", "method"),
    ({"method": "postal"}, "请填写寄出日期", "sent_on"),
    ({"method": "direct", "served_on": date(2026, 11, 26)}, "不能早于文书签发日期", "served_on"),
    ({"method": "direct", "served_on": date(2026, 11, 28)}, "不能晚于今天", "served_on"),
    ({"method": "announcement", "sent_on": date(2026, 11, 27)}, "公告送达的原因", "note"),
    ({"method": "direct", "served_on": date(2026, 11, 27), "recipient": " "}, "请填写受送达人",
     "recipient"),
])
def test_service_refusals_are_in_chinese(decision, handler, kwargs, message, field):
    kwargs = {"recipient": "张三", **kwargs}
    with pytest.raises(DomainError, match=message) as info:
        services.record_service(db.session, decision, actor=handler, now=NOW, **kwargs)
    assert info.value.field == field
    assert _count(DocumentService) == 0


# ---- contexts -----------------------------------------------------------------------------------


def test_context_carries_the_full_id_number_and_reads_it(app, case):
    data = contexts.case_data(case)
    applicant = data.applicants[0]
    assert applicant.id_number == "11010519491231002X"
    assert applicant.phone == "13800138000"
    assert (applicant.sex, applicant.birth_date) == ("女", date(1949, 12, 31))
    assert data.respondent.kind == "organization" and data.respondent.id_number == ""
    assert data.agents[0].kind == "person"  # agent kind "lawyer" is a person
    assert data.third_parties[0].name == "合江××餐饮有限公司"


def test_receipt_reads_intake_and_materials(app, handler):
    postal = make_case(serial=30, channel="postal")
    db.session.commit()
    document = services.issue(db.session, postal, "receipt", {}, handler, NOW, settings(app))
    data = document.context["data"]
    assert data["postmark_date"] == "2026-10-08" and data["tracking_no"] == "EMS1234567890"
    assert data["received_at"] == "2026-10-09T10:30:00"  # Beijing time, as printed
    assert data["materials"][0][0] == "行政复议申请书.pdf"
    assert data["receiver"] == handler.display_name
    text = text_of(services.document_bytes(document, settings(app).storage))
    assert "EMS1234567890" in text


def test_oral_record_defaults_from_the_intake_record(app, handler):
    oral = make_case(serial=31, oral=True)
    db.session.commit()
    document = services.issue(db.session, oral, "oral_record", {}, handler, NOW, settings(app))
    data = document.context["data"]
    assert data["statement"] == "申请人书写困难，口头提出申请"
    assert data["recorder"] == handler.display_name
    assert data["place"] == app.config["RECON_SITE_ADDRESS"]
