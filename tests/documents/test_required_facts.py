"""What the law needs a document to say: no blanks for facts, the law named, full ID numbers.

* A date the wording needs is printed or the document is refused, with a Chinese message naming
  the missing fact (page and service), never a blank like 「本机关于　　年　　月　　日依法受理」.
* The 调解书 names the law it cites; no wording says 「该法」 before naming the law.
* Served documents carry the parties' full ID numbers; the published copy (公开文本,
  ``Kind.build(ctx, published=True)``) masks them.
"""

from __future__ import annotations

import dataclasses

import pytest

from recon.documents import services
from recon.documents.kinds import FACTS, KINDS
from recon.documents.pdf import MissingFact, parse_markup, render_body
from recon.errors import DomainError
from recon.extensions import db

from . import samples
from ._pdfutil import text_of
from .helpers import NOW, VALID_ID, extras, make_case, settings

LAW = "《中华人民共和国行政复议法》"
BLANK_DATE = "\u3000\u3000年"


def _body(kind: str, ctx) -> str:
    return "".join(b.prefix + b.text for b in parse_markup(render_body(KINDS[kind].wording, ctx)))


# ---- no blanks where the law needs a fact -----------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_default_wording_prints_a_blank_date(kind):
    assert BLANK_DATE not in _body(kind, samples.contexts()[kind])


@pytest.mark.parametrize("kind", [k for k, kind in KINDS.items() if "accepted_on" in kind.needs])
def test_a_kind_needing_the_acceptance_date_is_refused_without_it(app, users, kind):
    case = make_case()
    case.accepted_on = None
    db.session.commit()
    extra = extras(case)[kind]
    with pytest.raises(DomainError) as err:
        services.issue(db.session, case, kind, extra, users["handler"], NOW, settings(app))
    assert "本案尚未记录受理日期" in err.value.message
    assert KINDS[kind].title in err.value.message
    with pytest.raises(DomainError, match="受理日期"):
        services.preview(db.session, case, kind, extra, settings(app), now=NOW,
                         actor=users["handler"])
    db.session.rollback()
    assert services.case_documents(db.session, case.id) == []


def test_the_reply_notice_page_says_which_fact_is_missing(app, users, login_as):
    case = make_case()
    case.accepted_on = None
    db.session.commit()
    response = login_as("supervisor").post(f"/cases/{case.id}/documents/preview",
                                           data={"kind": "reply_notice", "manual_reason": "补录"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "本案尚未记录受理日期，不能制作《提出答复通知书》" in html


def test_every_needed_fact_has_a_name():
    for kind in KINDS.values():
        assert set(kind.needs) <= set(FACTS), kind.name


def test_an_edited_template_cannot_print_a_blank_date():
    ctx = samples.contexts()["hearing_notice"]
    ctx = dataclasses.replace(ctx, case=dataclasses.replace(ctx.case, accepted_on=None))
    with pytest.raises(MissingFact, match="日期尚未记录"):
        KINDS["hearing_notice"].build(ctx, "本机关于{{ case.accepted_on|cdate }}依法受理。\n")


def test_an_edited_template_with_a_missing_date_is_refused_by_the_service(app, users):
    from recon.documents.models import DocumentTemplate

    case = make_case()
    case.accepted_on = None
    db.session.add(DocumentTemplate(kind="oral_record", version=1, body=(
        "本机关于{{ case.accepted_on|cdate }}依法受理。\n"), note="", created_at=NOW))
    db.session.commit()
    with pytest.raises(DomainError) as err:
        services.issue(db.session, case, "oral_record", extras(case)["oral_record"],
                       users["clerk"], NOW, settings(app))
    assert "《行政复议口头申请笔录》" in err.value.message and "日期尚未记录" in err.value.message


# ---- the law named ----------------------------------------------------------------------------


def test_mediation_document_names_the_law_it_cites():
    ctx = dataclasses.replace(samples.contexts()["mediation_document"],
                              mediation_summary="经本机关主持调解，双方自愿达成如下协议")
    text = text_of(KINDS["mediation_document"].build(ctx))
    assert f"根据{LAW}第七十三条第一款的规定" in text


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("summary", ["", "经本机关主持调解，双方自愿达成如下协议"])
def test_no_wording_says_that_law_before_naming_it(kind, summary):
    ctx = samples.contexts()[kind]
    if kind == "mediation_document":
        ctx = dataclasses.replace(ctx, mediation_summary=summary)
    body = _body(kind, ctx)
    if "该法" in body:
        assert LAW in body[: body.index("该法")], kind


# ---- full ID numbers served, masked when published ----------------------------------------------


def test_served_decision_carries_the_full_id_number(app, users):
    case = make_case()
    db.session.commit()
    document = services.issue(db.session, case, "decision", extras(case)["decision"],
                              users["handler"], NOW, settings(app))
    text = text_of(services.document_bytes(document, settings(app).storage))
    assert f"公民身份号码：{VALID_ID}" in text


def test_published_copy_masks_the_id_number_and_phone():
    ctx = samples.contexts()["decision"]
    full_id = samples.APPLICANT.id_number
    served = text_of(KINDS["decision"].build(ctx))
    published = text_of(KINDS["decision"].build(ctx, published=True))
    assert f"公民身份号码：{full_id}" in served
    assert full_id not in published
    assert f"公民身份号码：{full_id[:4]}**********{full_id[-4:]}" in published
    oral = samples.contexts()["oral_record"]
    assert "联系电话：13855665678" in text_of(KINDS["oral_record"].build(oral))
    assert "联系电话：138****5678" in text_of(KINDS["oral_record"].build(oral, published=True))


def test_published_copy_masks_numbers_inside_the_request():
    ctx = samples.contexts()["decision"]
    ctx = dataclasses.replace(ctx, case=dataclasses.replace(
        ctx.case, request=f"撤销对身份证号{VALID_ID}、电话13800138000的申请人所作处罚"))
    assert VALID_ID in text_of(KINDS["decision"].build(ctx))
    published = text_of(KINDS["decision"].build(ctx, published=True))
    assert VALID_ID not in published and "13800138000" not in published


def test_published_copy_page_masks_what_the_served_original_shows(app, users, login_as):
    case = make_case()
    db.session.commit()
    document = services.issue(db.session, case, "decision", extras(case)["decision"],
                              users["handler"], NOW, settings(app))
    db.session.commit()
    client = login_as("handler")
    original = text_of(client.get(f"/documents/{document.id}.pdf").data)
    response = client.get(f"/documents/{document.id}/published.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    published = text_of(response.data)
    assert f"公民身份号码：{VALID_ID}" in original
    assert VALID_ID not in published and "公民身份号码：1101**********002X" in published
    assert document.number in published and "行政复议决定书" in published
    assert "验证码" in original and "验证码" not in published, "only the original is verified"
    html = client.get(f"/cases/{case.id}/documents").get_data(as_text=True)
    assert f"/documents/{document.id}/published.pdf" in html


def test_an_applicant_cannot_fetch_a_published_copy(app, users, login_as):
    case = make_case(owner=users["applicant"])
    db.session.commit()
    document = services.issue(db.session, case, "receipt", {}, users["clerk"], NOW, settings(app))
    db.session.commit()
    assert login_as("applicant").get(f"/documents/{document.id}/published.pdf").status_code in (
        403, 404)
