"""Document numbers (发文字号) and case numbers. Pure: standard library and ``recon.i18n`` only.

Pattern (domain.md §9.5): ``{prefix}{category code}〔{year}〕{serial}号``, e.g. ``合府复受〔2026〕17号``.
GB/T 9704 rules: the full year inside 六角括号 〔〕 (U+3014 / U+3015, never 【】 [] ﹝﹞), no "第",
no zero padding. One serial per case per year ("一案一号"): every document of a case carries the
case serial and the category code tells the kinds apart. A second document of the same kind in
the same case (e.g. a second 补正通知书) gets the suffix ``之二``, a third ``之三``, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from recon.i18n import N_, gettext

__all__ = [
    "ParsedNumber",
    "chinese_numeral",
    "format_case_no",
    "format_number",
    "parse_number",
    "validate_code",
    "validate_prefix",
]

LBRACKET = "\u3014"  # 〔
RBRACKET = "\u3015"  # 〕


# Bracket look-alikes that GB/T 9704 forbids in a 发文字号, with the name used in messages.
_WRONG_BRACKETS = {
    "【": "【】",
    "】": "【】",
    "[": "[]",
    "]": "[]",
    "［": "［］",
    "］": "［］",
    "﹝": "﹝﹞",
    "﹞": "﹝﹞",
    "(": "()",
    ")": "()",
    "（": "（）",
    "）": "（）",
    "〈": "〈〉",
    "〉": "〈〉",
    "<": "<>",
    ">": "<>",
    "{": "{}",
    "}": "{}",
}

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (0 ≤ n ≤ 9999)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 9999:
        raise ValueError(gettext("只能转换 0 到 9999 之间的整数：%(value)s", value=repr(n)))
    if n < 10:
        return _DIGITS[n]
    if 10 <= n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out: list[str] = []
    rest = n
    pending_zero = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_DIGITS[digit] + unit)
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def _chinese_to_int(text: str) -> int:
    """Inverse of :func:`chinese_numeral` for the 之N suffix (1–9999)."""
    for n in range(1, 10000):
        if chinese_numeral(n) == text:
            return n
    raise ValueError(text)


def _check_part(value: str, label: str, max_len: int) -> str:
    """``label`` is a fixed text marked with ``N_`` (shown translated in the messages)."""
    label = gettext(label)
    if not isinstance(value, str):
        raise ValueError(gettext("%(label)s必须是文字", label=label))
    value = value.strip()
    if not value:
        raise ValueError(gettext("%(label)s不能为空", label=label))
    for ch in value:
        if ch in _WRONG_BRACKETS:
            raise ValueError(gettext(
                "%(label)s不能含有括号“%(brackets)s”；年份由系统自动加六角括号〔〕",
                label=label, brackets=_WRONG_BRACKETS[ch],
            ))
        if ch in (LBRACKET, RBRACKET):
            raise ValueError(gettext("%(label)s不能含有六角括号〔〕，年份和序号由系统自动编排",
                                     label=label))
        if ch.isdigit():
            raise ValueError(gettext("%(label)s不能含有数字；年份和序号由系统自动编排", label=label))
        if ch.isspace():
            raise ValueError(gettext("%(label)s不能含有空格", label=label))
    if "第" in value:
        raise ValueError(gettext("%(label)s不能含有“%(char)s”字：发文字号的序号前不加“%(char)s”",
                                 label=label, char="第"))
    if "号" in value:
        raise ValueError(gettext("%(label)s不能含有“%(char)s”字：系统会在序号后自动加“%(char)s”",
                                 label=label, char="号"))
    if len(value) > max_len:
        raise ValueError(gettext("%(label)s最多 %(n)s 个字", label=label, n=max_len))
    return value


def validate_prefix(prefix: str) -> str:
    """Check an organ prefix such as ``合府复``; return it stripped or raise ValueError (中文)."""
    return _check_part(prefix, N_("发文机关代字"), 20)


def validate_code(code: str) -> str:
    """Check a category code such as ``受`` or ``不受``; return it stripped or raise ValueError."""
    return _check_part(code, N_("文书类别代字"), 6)


def _check_int(value: object, label: str, low: int, high: int) -> int:
    """``label`` is a fixed text marked with ``N_`` (shown translated in the messages)."""
    label = gettext(label)
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise ValueError(gettext("%(label)s必须是阿拉伯数字：%(value)s", label=label,
                                     value=repr(value)))
        if len(text) > 1 and text.startswith("0"):
            raise ValueError(gettext("%(label)s不能在前面补零（应写作 %(right)s，不写作 %(wrong)s）",
                                     label=label, right=int(text), wrong=text))
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(gettext("%(label)s必须是整数：%(value)s", label=label, value=repr(value)))
    if not low <= value <= high:
        raise ValueError(gettext("%(label)s必须在 %(low)s 到 %(high)s 之间：%(value)s",
                                 label=label, low=low, high=high, value=value))
    return value


def format_number(
    prefix: str, code: str, year: int | str, serial: int | str, repeat: int = 1
) -> str:
    """``format_number("合府复", "受", 2026, 17)`` → ``合府复受〔2026〕17号``.

    ``repeat`` ≥ 2 numbers the second, third … document of the same kind in the same case:
    ``format_number("合府复", "补", 2026, 17, repeat=2)`` → ``合府复补〔2026〕17号之二``.
    """
    prefix = validate_prefix(prefix)
    code = validate_code(code)
    year = _check_int(year, N_("年份"), 1949, 2999)
    serial = _check_int(serial, N_("序号"), 1, 999_999)
    repeat = _check_int(repeat, N_("同类文书次序"), 1, 99)
    suffix = "" if repeat == 1 else "之" + chinese_numeral(repeat)
    return f"{prefix}{code}{LBRACKET}{year}{RBRACKET}{serial}号{suffix}"


def format_case_no(prefix: str, year: int | str, serial: int | str) -> str:
    """``format_case_no("合府复", 2026, 17)`` → ``合府复〔2026〕17号``."""
    prefix = validate_prefix(prefix)
    year = _check_int(year, N_("年份"), 1949, 2999)
    serial = _check_int(serial, N_("序号"), 1, 999_999)
    return f"{prefix}{LBRACKET}{year}{RBRACKET}{serial}号"


class ParsedNumber(NamedTuple):
    """A parsed number. ``code`` is "" for a case number or when no known code matched."""

    prefix: str
    code: str
    year: int
    serial: int
    repeat: int


_NUMBER_RE = re.compile(
    r"^(?P<head>[^\u3014\u3015\s]+)\u3014(?P<year>\d{4})\u3015(?P<serial>\d+)号"
    r"(?:之(?P<repeat>[一二三四五六七八九十百]+))?$"
)


def parse_number(
    text: str, prefix: str | None = None, codes: Iterable[str] = ()
) -> ParsedNumber:
    """Parse ``合府复受〔2026〕17号之二`` (or a case number ``合府复〔2026〕17号``).

    If ``prefix`` is given the rest of the head is the category code. Otherwise the longest of
    ``codes`` (the category codes in use, e.g. ``kinds.default_codes().values()``) at the end of
    the head is taken as the code. Raises ValueError with a message for people for the usual mistakes:
    wrong brackets, zero padding, "第", a missing "号".
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(gettext("文号不能为空"))
    text = text.strip()
    for ch in text:
        if ch in _WRONG_BRACKETS and ch not in "（）()":
            raise ValueError(gettext(
                "文号中的年份应使用六角括号〔〕，不能使用“%(brackets)s”：%(number)s",
                brackets=_WRONG_BRACKETS[ch], number=text,
            ))
    if LBRACKET not in text or RBRACKET not in text:
        raise ValueError(gettext("文号中的年份应使用六角括号〔〕括起：%(number)s", number=text))
    if "第" in text:
        raise ValueError(gettext("文号的序号前不加“%(char)s”：%(number)s", char="第", number=text))
    if not text.endswith("号") and "号之" not in text:
        raise ValueError(gettext("文号应以“%(char)s”结尾：%(number)s", char="号", number=text))
    match = _NUMBER_RE.match(text)
    if not match:
        raise ValueError(gettext("文号格式不正确，应类似“%(example)s”：%(number)s",
                                 example="合府复受〔2026〕17号", number=text))
    serial_text = match["serial"]
    if serial_text.startswith("0"):
        raise ValueError(gettext("文号的序号不能在前面补零（应写作 %(right)s）：%(number)s",
                                 right=int(serial_text), number=text))
    head = match["head"]
    repeat = _chinese_to_int(match["repeat"]) if match["repeat"] else 1
    if repeat == 1 and match["repeat"]:
        raise ValueError(gettext("同一文书第一次制发不加“%(suffix)s”：%(number)s", suffix="之一",
                                 number=text))
    code = ""
    if prefix is not None:
        if not head.startswith(prefix):
            raise ValueError(gettext("文号“%(number)s”不是以机关代字“%(prefix)s”开头",
                                     number=text, prefix=prefix))
        code = head[len(prefix) :]
        found_prefix = prefix
    else:
        known = sorted(set(codes), key=len, reverse=True)
        found_prefix = head
        for candidate in known:
            if head.endswith(candidate) and len(head) > len(candidate):
                code = candidate
                found_prefix = head[: -len(candidate)]
                break
    return ParsedNumber(found_prefix, code, int(match["year"]), int(serial_text), repeat)
