"""Masking of personal data on screen (ux.md S13). Pure: standard library only.

One helper for every page, list, export and log line:

* ID numbers keep the first 4 and last 4 characters: ``5001**********1234``.
* Phone numbers keep the first 3 and last 4 digits: ``138****5678``.
* Personal names keep the surname: ``张*``, ``欧阳**``; a party known to be a person is masked
  whatever the wording of the name (kind ``person``).
* Free text (an applicant's comment) keeps its words; ID and mobile numbers in it are masked.
* Organisations (names with 公司, 局, 政府, ..., or an 18-character 统一社会信用代码) are never
  masked.

None of these functions raises on ``None`` or an empty value: they return ``""``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "COMPOUND_SURNAMES",
    "KINDS",
    "is_organisation",
    "mask",
    "mask_id",
    "mask_name",
    "mask_person_name",
    "mask_phone",
    "mask_text",
]

STAR = "*"

# Two-character surnames (复姓), so that 欧阳修 becomes 欧阳* and not 欧**.
_COMPOUND_SURNAMES_TEXT = """
    欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 独孤 南宫 西门
    百里 呼延 万俟 闻人 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 钟离 赫连 司空 鲜于 闾丘 亓官
    司寇 子车 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 拓跋 夹谷 段干 东郭 梁丘 左丘 东门 第五 羊舌 微生
    公西 公羊 公户 公玉 公仪 巫马 北宫 叱干 即墨 褚师 哥舒 贺兰 完颜 耶律 呼衍 长鱼
"""
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES_TEXT.split())

# Words that only organisations carry (respondents, companies, villages' committees, ...).
_ORG_WORDS_TEXT = """
    公司 政府 委员会 中心 合作社 协会 学会 商会 基金会 联合会 事务所 研究所 研究院 设计院 医院 学院
    学校 大学 中学 小学 幼儿园 法院 检察院 派出所 办事处 办公室 管理处 管理站 大队 支队 中队 总队
    银行 集团 企业 工作室 个体工商户 街道 居委会 村委会 社区 部门 机关 单位 有限 股份 分行 支行 分局
    总局 机构
"""
_ORG_WORDS = tuple(_ORG_WORDS_TEXT.split())
# Single characters that end an organisation's name; short names (a person's 王会) stay personal.
_ORG_SUFFIX_ALWAYS = ("局", "院", "所", "厂", "厅")
_ORG_SUFFIX_LONG = (
    "会",
    "社",
    "行",
    "店",
    "部",
    "处",
    "署",
    "站",
    "队",
    "委",
    "办",
    "馆",
    "校",
    "场",
)
# 统一社会信用代码 (GB 32100-2015): 18 characters from digits and capitals without I, O, S, V,
# Z, the last a mod-31 check character. A personal ID number can look the same, so both
# checksums are used.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_RESIDENT_ID = re.compile(r"\d{17}[\dX]")
_RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_NAME_SEPARATORS = "·•‧・. -"


def _text(value: object) -> str:
    """`value` as stripped, NFKC-normalised text (full-width digits and letters become ASCII)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _is_uscc(code: str) -> bool:
    """True if `code` is a 统一社会信用代码 with a valid check character (and no resident ID)."""
    if not _USCC.fullmatch(code) or _is_resident_id(code):
        return False
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(code, _USCC_WEIGHTS, strict=False))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def _is_resident_id(code: str) -> bool:
    """True if `code` is an 18-digit 公民身份号码 with a valid ISO 7064 MOD 11-2 check character."""
    if not _RESIDENT_ID.fullmatch(code):
        return False
    total = sum(int(ch) * w for ch, w in zip(code, _RESIDENT_ID_WEIGHTS, strict=False))
    return "10X98765432"[total % 11] == code[17]


def is_organisation(name: object) -> bool:
    """True for names that belong to an organisation, or that hold a 统一社会信用代码."""
    text = _text(name)
    if not text:
        return False
    if any(_is_uscc(m.group()) for m in _USCC.finditer(text.upper())):
        return True
    if any(word in text for word in _ORG_WORDS):
        return True
    if text.endswith(_ORG_SUFFIX_ALWAYS) and len(text) >= 3:
        return True
    return text.endswith(_ORG_SUFFIX_LONG) and len(text) >= 5


def mask_id(value: object) -> str:
    """ID number: first 4 and last 4 characters kept (``5001**********1234``).

    Spaces and dashes are dropped, full-width characters and a lowercase ``x`` normalised. Shorter
    numbers (passports, permits) keep less, so that at least half is always hidden: 2 and 2 from 8
    characters, 1 and 1 below that. An organisation's 统一社会信用代码 is public and comes back
    unchanged.
    """
    text = re.sub(r"[\s\-]", "", _text(value)).upper()
    n = len(text)
    if n == 0:
        return ""
    if _is_uscc(text):
        return text
    keep = 4 if n >= 15 else 2 if n >= 8 else 1 if n >= 3 else 0
    return text[:keep] + STAR * (n - 2 * keep) + (text[-keep:] if keep else "")


def mask_phone(value: object) -> str:
    """Phone number: first 3 and last 4 digits of a mobile kept (``138****5678``).

    Everything but digits is dropped; a leading 86 / +86 country code is removed. Numbers
    shorter than 11 digits (local landlines) keep only their last 4 digits.
    """
    digits = re.sub(r"\D", "", _text(value))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    n = len(digits)
    if n == 0:
        return ""
    if n >= 11:
        return digits[:3] + STAR * (n - 7) + digits[-4:]
    if n > 4:
        return STAR * (n - 4) + digits[-4:]
    return STAR * n


def mask_name(value: object) -> str:
    """A name of unknown kind: organisations (by their wording) unchanged, else as
    `mask_person_name`. Where the party's kind is known, use `mask_person_name` for a person:
    a person's name is masked whatever it looks like (「张机关」 too)."""
    text = _text(value)
    if is_organisation(text):
        return text
    return mask_person_name(text)


def mask_person_name(value: object) -> str:
    """Personal name: surname kept (``张*``, ``欧阳**``), whatever the name's wording.

    Names with a separator (``买买提·艾力``, ``John Smith``) keep their first character and the
    separators. A one-character name becomes ``*``.
    """
    text = _text(value)
    if not text:
        return ""
    if any(sep in text for sep in _NAME_SEPARATORS):
        return text[0] + "".join(ch if ch in _NAME_SEPARATORS else STAR for ch in text[1:])
    if len(text) == 1:
        return STAR
    keep = 2 if len(text) > 2 and text[:2] in COMPOUND_SURNAMES else 1
    return text[:keep] + STAR * (len(text) - keep)


# An ID or mobile number inside free text: digit runs of 18 (last may be X), 15 or 11 (mobile).
# (`\d` matches full-width digits too; the text itself is not normalised, so its punctuation stays.)
_NUMBER_IN_TEXT = re.compile(r"(?<!\d)(?:\d{17}[\dXxＸｘ]|\d{15}|[1１]\d{10})(?![\dA-Za-z])")


def mask_text(value: object) -> str:
    """Free text (a comment typed by an applicant): ID and mobile numbers in it are masked as by
    `mask_id` and `mask_phone`; everything else is kept (full-width digits count as digits)."""
    text = "" if value is None else str(value).strip()

    def _one(match: re.Match) -> str:
        number = match.group()
        return mask_phone(number) if len(number) == 11 else mask_id(number)

    return _NUMBER_IN_TEXT.sub(_one, text)


def mask_recorded(value: object, names: Iterable[str]) -> str:
    """A recorded text (a timeline summary) for a reader who may see masked data only: each of
    ``names`` (the case's persons: applicants, agents, third parties who are people) masked as by
    `mask_person_name`, then ID and mobile numbers as by `mask_text`. Longer names first, so
    张三丰 is not masked as 张*丰."""
    text = "" if value is None else str(value)
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, mask_person_name(name))
    return mask_text(text)


KINDS = {
    "id": mask_id,
    "id_number": mask_id,
    "phone": mask_phone,
    "mobile": mask_phone,
    "tel": mask_phone,
    "name": mask_name,
    "person": mask_person_name,
    "text": mask_text,
}


def mask(value: object, kind: str) -> str:
    """Mask `value` as `kind` (id, phone, name, person, text; aliases id_number, mobile, tel).

    Registered as the Jinja filter ``mask``: ``{{ applicant.id_number|mask('id') }}``. An
    unknown kind is a programming error and raises ``ValueError``; the value itself never makes
    it raise.
    """
    try:
        masker = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown mask kind {kind!r}; use one of {sorted(KINDS)}") from None
    return masker(value)
