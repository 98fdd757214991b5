"""Editable wording: the markup, custom templates and Chinese template errors."""

from __future__ import annotations

import pytest

from recon.documents.kinds import KINDS
from recon.documents.pdf import (
    TemplateError,
    compile_template,
    parse_markup,
    render_body,
)
from recon.documents.pdf.cjk import split_cjk
from recon.documents.pdf.fonts import register_fonts

from . import samples
from ._pdfutil import text_of


def test_markup_paragraphs_headings_and_items():
    blocks = parse_markup(
        "第一段第一行\n第一段第二行\n\n# 标题甲\n正文\n\n## 小标题\n- 事项一\n- 事项二\n续行\n\n"
        "# 二、已编号\n- 1．已编号事项\n\n> 顶格\n\n\\# 不是标题\n\nab\ncd"
    )
    summary = [(b.kind, b.prefix, b.text) for b in blocks]
    assert summary == [
        ("p", "", "第一段第一行第一段第二行"),
        ("h1", "一、", "标题甲"),
        ("p", "", "正文"),
        ("h2", "（一）", "小标题"),
        ("li", "1．", "事项一"),
        ("li", "2．", "事项二续行"),
        ("h1", "", "二、已编号"),
        ("li", "", "1．已编号事项"),
        ("plain", "", "顶格"),
        ("p", "", "# 不是标题"),
        ("p", "", "ab cd"),
    ]


def test_empty_heading_is_a_template_error():
    with pytest.raises(TemplateError, match="标题"):
        parse_markup("# \n正文")


def test_custom_template_is_used():
    ctx = samples.contexts()["acceptance_notice"]
    template = "# 受理决定\n{{ you }}的申请已受理，案号{{ case.case_no }}。\n\n特此通知。"
    text = text_of(KINDS["acceptance_notice"].build(ctx, template))
    assert "一、受理决定" in text
    assert "你的申请已受理，案号合府复〔2026〕17号。" in text
    assert "第四十二条" not in text


@pytest.mark.parametrize(
    ("template", "needle"),
    [
        ("{% if %}", "语法错误"),
        ("{{ case.no_such_field }}", "不存在的字段"),
        ("{{ nope }}", "不存在的字段"),
        ("{{ case.__class__.__mro__ }}", "不允许"),
        ("{{ case.applicants|cdate }}", "渲染失败"),
    ],
)
def test_template_errors_are_chinese(template, needle):
    ctx = samples.contexts()["acceptance_notice"]
    with pytest.raises(TemplateError) as err:
        KINDS["acceptance_notice"].build(ctx, template)
    assert isinstance(err.value, ValueError)
    assert needle in str(err.value)
    assert "文书模板" in str(err.value)


def test_syntax_error_reports_the_line():
    with pytest.raises(TemplateError, match="第3行"):
        compile_template("一\n二\n{% for x in %}\n")


def test_render_body_marks_values_literal():
    ctx = samples.contexts()["correction_notice"]
    body = render_body(KINDS["correction_notice"].wording, ctx)
    blocks = parse_markup(body)
    assert ("li", "3．", "提供申请人身份证明文件复印件。") in [(b.kind, b.prefix, b.text)
                                                              for b in blocks]
    with pytest.raises(TemplateError, match="文本"):
        render_body(None, ctx)


def test_every_default_template_compiles():
    for name, kind in KINDS.items():
        assert compile_template(kind.wording) is not None, name


def test_cjk_line_breaking_rules():
    fonts = register_fonts()
    font, size = fonts.serif_name, 15.75
    width = 10 * size  # ten characters a line
    lines = [
        t
        for _w, t in split_cjk("一二三四五六七八九十，一二三四五六七八九十。", font, size, [width])
    ]
    assert lines[0].endswith("，"), "closing mark hangs instead of starting a line"
    assert not any(line.startswith(("，", "。")) for line in lines)
    lines = [t for _w, t in split_cjk("一二三四五六七八九《十一二》三", font, size, [width])]
    assert not lines[0].endswith("《"), "opening mark moves down"
    lines = [t for _w, t in split_cjk("一二三四五六七八九2026年", font, size, [width])]
    assert lines[0] == "一二三四五六七八九" and lines[1] == "2026年", "a number is not cut"
