"""recon.masking (ux.md S13): one helper masks IDs, phones and names everywhere."""

from __future__ import annotations

import re

import pytest

from recon.masking import COMPOUND_SURNAMES, is_organisation, mask, mask_id, mask_name, mask_phone

FULL_ID = re.compile(r"\d{17}[\dXx]")
FULL_MOBILE = re.compile(r"1\d{10}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("500101199001011234", "5001**********1234"),
        ("11010519491231002x", "1101**********002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "1101**********002X"),
        (" 1101 0519 4912 3100-2X ", "1101**********002X"),
        ("110105491231002", "1101*******1002"),  # 15-digit ID of the old format
        ("H12345678", "H1*****78"),  # passports and permits: at least half hidden
        ("E1234567", "E1****67"),
        ("1234567", "1*****7"),
        ("ab", "**"),
        ("", ""),
        (None, ""),
        # An organisation's 统一社会信用代码 is public (S13): unchanged.
        ("91350100M000100Y43", "91350100M000100Y43"),
    ],
)
def test_mask_id(value, expected):
    assert mask_id(value) == expected


def test_mask_id_never_shows_a_full_resident_id():
    for value in ("11010519491231002X", "500101199001011234", "913501000000000000"):
        assert not FULL_ID.search(mask_id(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("８６１３８１２３４５６７８", "138****5678"),
        ("010-12345678", "010****5678"),
        ("87654321", "****4321"),
        ("123", "***"),
        ("", ""),
        (None, ""),
        (13812345678, "138****5678"),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected
    assert not FULL_MOBILE.search(mask_phone(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳修", "欧阳*"),
        ("欧阳娜娜", "欧阳**"),
        ("司马相如", "司马**"),
        ("诸葛亮", "诸葛*"),
        ("欧阳", "欧*"),  # a bare two-character name keeps one character
        ("张", "*"),
        ("  李四 ", "李*"),
        ("王会", "王*"),  # 会 ends organisations' names, but not a two-character personal name
        ("买买提·艾力", "买**·**"),
        ("John Smith", "J*** *****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(value, expected):
    assert mask_name(value) == expected


@pytest.mark.parametrize(
    "name",
    [
        "合肥市人民政府",
        "某某市公安局",
        "某某市公安局某某分局",
        "某某科技有限公司",
        "某某县市场监督管理局",
        "某某街道办事处",
        "某某村村民委员会",
        "某某律师事务所",
        "某某市人民医院",
        "某某区政务服务中心",
        "某某农民专业合作社",
        "某某市消费者协会",
        "某某食品厂",
        "某某市司法厅",
        "某某商贸行",
        "91350100M000100Y43",
    ],
)
def test_organisations_are_not_masked(name):
    assert is_organisation(name)
    assert mask_name(name) == name


def test_resident_id_is_not_taken_for_a_credit_code():
    assert not is_organisation("11010519491231002X")
    assert mask_name("11010519491231002X").startswith("1*")


def test_compound_surnames_include_the_common_ones():
    for surname in (
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
        "夏侯",
        "轩辕",
        "端木",
    ):
        assert surname in COMPOUND_SURNAMES
    assert all(len(surname) == 2 for surname in COMPOUND_SURNAMES)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("id", "500101199001011234", "5001**********1234"),
        ("id_number", "500101199001011234", "5001**********1234"),
        ("phone", "13812345678", "138****5678"),
        ("mobile", "13812345678", "138****5678"),
        ("tel", "13812345678", "138****5678"),
        ("name", "欧阳修", "欧阳*"),
        ("name", None, ""),
        ("id", "", ""),
    ],
)
def test_mask_dispatches_by_kind(kind, value, expected):
    assert mask(value, kind) == expected


def test_mask_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown mask kind"):
        mask("张三", "idcard")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("请打 13812345678 联系我，谢谢。", "请打 138****5678 联系我，谢谢。"),
        ("身份证11010519491231002x，电话１３８１２３４５６７８。", "身份证1101**********002X，电话138****5678。"),
        ("2026年11月27日提交，编号 12345，一直没有消息", "2026年11月27日提交，编号 12345，一直没有消息"),
        (None, ""),
    ],
)
def test_mask_text_hides_id_and_mobile_numbers_in_free_text(value, expected):
    masked = mask(value, "text")
    assert masked == expected
    assert not FULL_ID.search(masked) and not FULL_MOBILE.search(masked)


def test_mask_recorded_masks_the_case_persons_and_numbers():
    """The caller names the persons among the parties; organisations (the respondent) stay."""
    from recon.masking import mask_recorded

    text = "直接送达张三丰（13800138000），代理人张三签收；被申请人合江区市场监督管理局"
    masked = mask_recorded(text, ["张三", "张三丰", None])
    assert masked == "直接送达张**（138****8000），代理人张*签收；被申请人合江区市场监督管理局"


def test_a_person_is_masked_whatever_the_name_looks_like():
    """Issue 12: a person named like an organisation (「…机关」) is still a person."""
    from recon.masking import mask_recorded

    assert mask("张机关", "person") == "张**"
    assert mask("欧阳研究所", "person") == "欧阳***"
    assert mask("合江区市场监督管理局", "name") == "合江区市场监督管理局"  # kind unknown: by wording
    assert mask_recorded("申请人张机关提交材料", ["张机关"]) == "申请人张**提交材料"
