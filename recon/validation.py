"""Checks on application data: ID numbers, phones, postcodes (pure). Messages come in the reader's
locale (recon.i18n), Chinese outside a request."""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric, uscc

from recon.formatting import normalize_digits
from recon.i18n import N_, gettext

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}$")
POSTCODE_RE = re.compile(r"^\d{6}$")

RIC_FORMAT = N_("请输入 18 位公民身份号码，最后一位可以是数字或 X")
USCC_FORMAT = N_("请输入 18 位统一社会信用代码（营业执照上的代码，数字或大写字母）")


class InvalidValue(ValueError):
    """A value that fails a check; `args[0]` is the message for the page."""


def compact(value: str | None) -> str:
    """Full-width to ASCII, spaces and dashes removed, upper case (for ID numbers and phones)."""
    text = normalize_digits(value or "")
    text = text.translate({ord(c): None for c in " \t-－—_"})
    return text.upper().replace("Ｘ", "X")


def check_resident_id(value: str) -> tuple[str, list[str]]:
    """A 居民身份证号: returns (normalised number, warnings). Raises InvalidValue."""
    number = compact(value)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise InvalidValue(gettext(RIC_FORMAT))
    try:
        ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise InvalidValue(gettext("身份证号码中的出生日期（第 7 至 14 位）不是有效日期，请核对")) from None
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidValue(gettext("身份证号码的校验位（最后一位）不正确，请逐位核对"))
    warnings = []
    if not region_ever_existed(number[:6]):
        warnings.append(gettext(
            "身份证号码前 6 位地区代码 %(code)s 不是任何时期的行政区划代码，请与身份证原件核对；"
            "核对无误的，可以继续", code=number[:6]))
    return number, warnings


@lru_cache(maxsize=4096)
def region_ever_existed(code: str) -> bool:
    """Whether ``code`` (the first 6 digits of a 居民身份证号) has been an area code at ANY time.

    A number is issued after birth, often long after, and keeps the code of the place that issued
    it even when that county is later merged or renumbered; so python-stdnum's check, which wants
    the county to exist in the birth year (``ric.get_birth_place``), refuses valid numbers such as
    510106 (金牛区, from 1990) for someone born in 1950. Its table (stdnum/cn/loc.dat) lists every
    code with the years it was in use: any entry will do. Cached: the table is read per lookup."""
    info = {key: value for _part, props in numdb.get("cn/loc").info(code) for key, value in props.items()}
    return bool(info.get("county"))


def check_credit_code(value: str) -> str:
    """A 统一社会信用代码. Raises InvalidValue."""
    code = compact(value)
    if not re.fullmatch(r"[0-9A-Z]{18}", code):
        raise InvalidValue(gettext(USCC_FORMAT))
    try:
        uscc.validate(code)
    except stdnum_errors.InvalidChecksum:
        raise InvalidValue(gettext("统一社会信用代码的校验位（最后一位）不正确，请逐位核对")) from None
    except stdnum_errors.ValidationError:
        raise InvalidValue(gettext(USCC_FORMAT)) from None
    return code


def check_phone(value: str) -> str:
    phone = compact(value).removeprefix("+86")
    if MOBILE_RE.match(phone) or LANDLINE_RE.match(phone):
        return phone
    raise InvalidValue(gettext("请填写 11 位手机号码，或带区号的固定电话（如 010-12345678）"))


def check_postcode(value: str) -> str:
    code = compact(value)
    if not POSTCODE_RE.match(code):
        raise InvalidValue(gettext("邮政编码是 6 位数字"))
    return code
