"""Document numbers (发文字号): GB/T 9704 format, repeats, parsing and refusals."""

from __future__ import annotations

import pytest

from recon.documents.numbering import (
    ParsedNumber,
    chinese_numeral,
    format_case_no,
    format_number,
    parse_number,
    validate_code,
    validate_prefix,
)


def test_format_number_uses_hexagonal_brackets_without_padding():
    assert format_number("合府复", "受", 2026, 17) == "合府复受〔2026〕17号"
    assert format_number("合府复", "不受", 2026, 1) == "合府复不受〔2026〕1号"
    number = format_number("合府复", "决", 2026, 170)
    assert "\u3014" in number and "\u3015" in number
    assert "第" not in number and "017" not in number


def test_repeat_uses_chinese_numeral_suffix():
    assert format_number("合府复", "补", 2026, 17, repeat=1) == "合府复补〔2026〕17号"
    assert format_number("合府复", "补", 2026, 17, repeat=2) == "合府复补〔2026〕17号之二"
    assert format_number("合府复", "补", 2026, 17, repeat=10) == "合府复补〔2026〕17号之十"
    assert format_number("合府复", "补", 2026, 17, repeat=12) == "合府复补〔2026〕17号之十二"


def test_format_case_no():
    assert format_case_no("合府复", 2026, 17) == "合府复〔2026〕17号"
    assert format_case_no("合府复", "2026", "9") == "合府复〔2026〕9号"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (31, "三十一"),
        (62, "六十二"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (2026, "二千零二十六"),
    ],
)
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


def test_default_category_codes():
    from recon.documents.kinds import default_codes

    codes = default_codes()
    assert codes["acceptance_notice"] == "受"
    assert codes["refusal_decision"] == "不受"
    assert codes["service_receipt"] == "送"


def test_parse_number_round_trip():
    from recon.documents.kinds import default_codes

    codes = default_codes()
    known = codes.values()
    assert parse_number("合府复受〔2026〕17号", codes=known) == ParsedNumber("合府复", "受", 2026, 17, 1)
    assert parse_number("合府复不受〔2026〕17号", codes=known) == ParsedNumber(
        "合府复", "不受", 2026, 17, 1)
    assert parse_number("合府复补〔2026〕17号之二", codes=known) == ParsedNumber(
        "合府复", "补", 2026, 17, 2)
    assert parse_number("合府复〔2026〕17号", codes=known) == ParsedNumber("合府复", "", 2026, 17, 1)
    assert parse_number("平府复决字〔2023〕30号", prefix="平府复") == ParsedNumber(
        "平府复", "决字", 2023, 30, 1
    )
    for kind, code in codes.items():
        text = format_number("合府复", code, 2026, 5, repeat=3)
        assert parse_number(text, codes=known) == ParsedNumber("合府复", code, 2026, 5, 3), kind


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("合府复受【2026】17号", "六角括号"),
        ("合府复受[2026]17号", "六角括号"),
        ("合府复受﹝2026﹞17号", "六角括号"),
        ("郑政行复办（复受通）字﹝2018﹞006号", "六角括号"),
        ("合府复受〔2026〕017号", "补零"),
        ("合府复受〔2026〕第17号", "第"),
        ("合府复受〔2026〕17", "号"),
        ("合府复受2026年17号", "六角括号"),
        ("", "不能为空"),
    ],
)
def test_parse_number_rejects_common_mistakes(text, needle):
    with pytest.raises(ValueError) as err:
        parse_number(text)
    assert needle in str(err.value)


@pytest.mark.parametrize(
    ("prefix", "needle"),
    [
        ("合府复【", "括号"),
        ("合府[复]", "括号"),
        ("合府复﹝", "括号"),
        ("合府复〔", "六角括号"),
        ("合府复第", "第"),
        ("合府复01", "数字"),
        ("", "不能为空"),
        ("合府 复", "空格"),
    ],
)
def test_validate_prefix_refuses(prefix, needle):
    with pytest.raises(ValueError) as err:
        validate_prefix(prefix)
    assert needle in str(err.value)


def test_validate_code_and_good_values():
    assert validate_prefix(" 合府复 ") == "合府复"
    assert validate_code("不受") == "不受"
    with pytest.raises(ValueError, match="括号"):
        validate_code("【受】")
    with pytest.raises(ValueError, match="第"):
        validate_code("第")


def test_format_number_refuses_padding_and_bad_values():
    with pytest.raises(ValueError, match="补零"):
        format_number("合府复", "受", 2026, "017")
    with pytest.raises(ValueError, match="序号"):
        format_number("合府复", "受", 2026, 0)
    with pytest.raises(ValueError, match="年份"):
        format_number("合府复", "受", 26, 1)
    with pytest.raises(ValueError, match="括号"):
        format_number("合府复", "【受】", 2026, 1)
