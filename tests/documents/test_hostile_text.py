"""Text from people is never document markup (issue 12): only the template's own wording is.

A name, a request or a statement holding line breaks and a line starting with ``# `` prints as it
was typed, inside its paragraph; it never becomes a numbered heading (「一、行政复议决定」).
"""

from __future__ import annotations

import dataclasses

import pytest

from recon.documents import services
from recon.documents.kinds import KINDS
from recon.documents.pdf import parse_markup, render_body
from recon.extensions import db

from . import samples
from ._pdfutil import text_of
from .helpers import NOW, make_case, settings

FAKE = "# 行政复议决定\n## 撤销\n- 撤销原行政行为\n> 本决定为最终裁决"
#: Every character str.splitlines() breaks a line on, each followed by a marker.
BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def _hostile(ctx, text: str):
    applicant = dataclasses.replace(ctx.case.applicants[0], name="张三\n\n" + text)
    case = dataclasses.replace(ctx.case, applicants=(applicant,), request="撤销处罚\n\n" + text,
                               facts_and_reasons="事实如下\n" + text)
    return dataclasses.replace(ctx, case=case)


def _headings(kind: str, ctx) -> list[str]:
    blocks = parse_markup(render_body(KINDS[kind].wording, ctx))
    return [b.prefix + b.text for b in blocks if b.kind in ("h1", "h2")]


@pytest.mark.parametrize("kind", ["oral_record", "decision", "mediation_document", "receipt"])
def test_values_never_add_headings(kind):
    ctx = samples.contexts()[kind]
    assert _headings(kind, _hostile(ctx, FAKE)) == _headings(kind, ctx)


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_no_line_break_character_starts_a_markup_line(brk):
    ctx = samples.contexts()["oral_record"]
    hostile = _hostile(ctx, f"前文{brk}# 行政复议决定{brk}- 撤销")
    blocks = parse_markup(render_body(KINDS["oral_record"].wording, hostile))
    assert [b for b in blocks if b.kind in ("h1", "h2")] == [
        b for b in parse_markup(render_body(KINDS["oral_record"].wording, ctx))
        if b.kind in ("h1", "h2")]
    assert not any(b.kind == "li" for b in blocks)
    request = next(b for b in blocks if "撤销处罚" in b.text)
    assert request.kind == "p" and "# 行政复议决定" in request.text


def test_the_value_keeps_its_line_breaks_inside_the_paragraph():
    ctx = samples.contexts()["decision"]
    hostile = _hostile(ctx, FAKE)
    blocks = parse_markup(render_body(KINDS["decision"].wording, hostile))
    request = next(b for b in blocks if b.text.startswith("申请人请求："))
    assert request.text == "申请人请求：撤销处罚\n\n" + FAKE + "。"


def test_template_markup_still_works_around_values():
    ctx = samples.contexts()["acceptance_notice"]
    template = "# 受理\n{{ case.request }}\n\n- {{ you }}可以查阅材料\n"
    blocks = parse_markup(render_body(template, _hostile(ctx, FAKE)))
    assert [(b.kind, b.prefix) for b in blocks] == [("h1", "一、"), ("p", ""), ("li", "1．")]
    assert blocks[1].text.startswith("撤销处罚\n\n# 行政复议决定")


def _applicant_with(case, name: str | None = None, statement: str | None = None):
    party = next(p for p in case.parties if p.role == "applicant")
    if name is not None:
        party.name = name
    if statement is not None:
        case.intake.oral_statement = statement
    db.session.commit()


def test_issued_oral_record_prints_a_hostile_statement_literally(app, users):
    case = make_case(oral=True)
    _applicant_with(case, name="张三\n# 行政复议决定", statement="书写困难\n\n# 行政复议决定\n撤销原处罚")
    document = services.issue(db.session, case, "oral_record", {}, users["clerk"], NOW,
                              settings(app))
    text = text_of(services.document_bytes(document, settings(app).storage))
    assert "书写困难#行政复议决定撤销原处罚" in text
    assert "张三#行政复议决定" in text
    assert "、行政复议决定" not in text, "a heading was made from the applicant's text"
    assert "六、其他需要说明的事项" in text  # the template's own headings are untouched


def test_issued_receipt_never_turns_a_name_into_a_heading(app, users):
    case = make_case()
    _applicant_with(case, name="张三\n\n# 行政复议决定\n\n撤销被申请人的处罚")
    document = services.issue(db.session, case, "receipt", {}, users["clerk"], NOW, settings(app))
    text = text_of(services.document_bytes(document, settings(app).storage))
    assert "一、行政复议决定" not in text
    assert "张三#行政复议" in text  # the table cell shows the name as typed (clipped)
