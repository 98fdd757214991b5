"""The reader's locale (design.md §8): Chinese unless the person chose English in the header.

Only an explicit choice (the ``lang`` cookie set by ``/preferences?lang=en``) switches; the
browser's Accept-Language does not, since the bureau's public is Chinese-speaking and a browser set
to English should not turn a clerk's pages into English.
"""

from __future__ import annotations

from flask import request
from flask_babel import get_locale

from recon import formatting

HTML_LANG = {"zh_CN": "zh-CN", "en": "en"}
DEFAULT = "zh_CN"


def select_locale() -> str:
    value = request.cookies.get("lang") if request else None
    return value if value in HTML_LANG else DEFAULT


def current() -> str:
    """``"zh_CN"`` or ``"en"`` for the request being served."""
    return str(get_locale() or DEFAULT)


def html_lang() -> str:
    return HTML_LANG.get(current(), "zh-CN")


def format_date(value) -> str:
    """The S12 date of the reader's locale: ``2026年3月7日（星期六）`` or ``7 March 2026 (Saturday)``."""
    return (formatting.format_date_en if current() == "en" else formatting.format_date_zh)(value)


def format_datetime(value, seconds: bool = False) -> str:
    fmt = formatting.format_datetime_en if current() == "en" else formatting.format_datetime_zh
    return fmt(value, seconds=seconds)

