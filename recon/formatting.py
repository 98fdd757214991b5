"""Dates, times, sizes and forgiving date input for display (ux.md S12, A12, C3). Pure: stdlib and
recon.i18n only.

* ``format_date_zh(date(2026, 3, 7))`` → ``2026年3月7日（星期六）``
* ``format_date_en(date(2026, 3, 7))`` → ``7 March 2026 (Saturday)``
* ``format_datetime_zh(aware_utc)`` → ``2026年3月7日 14:05`` (Asia/Shanghai)
* ``format_size(3_355_443)`` → ``3.2 MB``
* ``parse_loose_date("2026.3.7")`` → ``date(2026, 3, 7)``; wrong input raises ``DateInputError``
  (a ``ValueError``) whose message names the wrong part, in the reader's locale (recon.i18n), and
  whose ``part`` says which one.

Display helpers return ``""`` for ``None`` so templates can call them on optional values.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from recon.i18n import N_, gettext, source_language

__all__ = [
    "BEIJING",
    "DateInputError",
    "date_from_parts",
    "date_text",
    "format_date_en",
    "format_date_iso_weekday",
    "format_date_zh",
    "format_datetime_en",
    "format_datetime_zh",
    "format_size",
    "iso_weekday",
    "month_text",
    "normalize_digits",
    "parse_loose_date",
    "weekday_headings",
]

BEIJING = ZoneInfo("Asia/Shanghai")

WEEKDAYS_ZH = (N_("星期一"), N_("星期二"), N_("星期三"), N_("星期四"), N_("星期五"), N_("星期六"),
               N_("星期日"))
MONTHS_ZH = (N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"), N_("7月"), N_("8月"),
             N_("9月"), N_("10月"), N_("11月"), N_("12月"))
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

MIN_YEAR = 1900
MAX_YEAR = 2100

MSG_FORMAT = N_("请按 2026-03-07 的格式填写日期")
MSG_EMPTY = N_("请填写日期")
MSG_YEAR_RANGE = N_("年份必须是 %(min)d 到 %(max)d 之间的 4 位数字")
MSG_MONTH = N_("月份必须在 1 到 12 之间")
MSG_DAY = N_("日期必须在 1 到 31 之间")
#: Per part of a three-box date: (the part is missing, the part is not a number).
_PART_MESSAGES = {
    "year": (N_("日期必须包含年份"), N_("年份只能填写数字")),
    "month": (N_("日期必须包含月份"), N_("月份只能填写数字")),
    "day": (N_("日期必须包含“日”"), N_("“日”只能填写数字")),
}

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Full-width separators people type with a Chinese input method: － ． ／ and the ideographic space.
_FULLWIDTH_SEPARATORS = str.maketrans({"－": "-", "．": ".", "／": "/", "\u3000": " ", "—": "-"})
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SEPARATED = re.compile(r"(\d{1,4})\s*[-./年\s]\s*(\d{1,2})\s*[-./月\s]\s*(\d{1,2})\s*[日号]?")


class DateInputError(ValueError):
    """A date the user typed cannot be read. ``str(err)`` is the message for the page: the msgid
    ``message`` (Chinese) with its ``values``, translated into the reader's locale.

    ``part`` is ``"year"``, ``"month"``, ``"day"`` or ``None`` (whole date), so a three-field date
    input can link the error summary to the first wrong part (ux.md A14).
    """

    def __init__(self, message: str, part: str | None = None, **values: object):
        super().__init__(gettext(message, **values))
        self.part = part


def _out_of_range(part: str) -> DateInputError:
    if part == "year":
        return DateInputError(MSG_YEAR_RANGE, "year", min=MIN_YEAR, max=MAX_YEAR)
    return DateInputError(MSG_MONTH if part == "month" else MSG_DAY, part)


def normalize_digits(text: str | None) -> str:
    """Full-width digits (０-９) to ASCII; everything else unchanged. ``None`` gives ``""``."""
    if text is None:
        return ""
    return str(text).translate(_FULLWIDTH_DIGITS)


def _as_date(value: date | datetime) -> date:
    """A date; an aware datetime is first taken to its Beijing calendar day (naive means UTC)."""
    if isinstance(value, datetime):
        return _as_beijing(value).date()
    return value


def _as_beijing(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # the project stores UTC; a naive value is UTC by convention
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def format_date_zh(value: date | datetime | None) -> str:
    """``2026年3月7日（星期六）``."""
    if value is None:
        return ""
    d = _as_date(value)
    return f"{d.year}年{d.month}月{d.day}日（{WEEKDAYS_ZH[d.weekday()]}）"


def format_date_en(value: date | datetime | None) -> str:
    """``7 March 2026 (Saturday)``."""
    if value is None:
        return ""
    d = _as_date(value)
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year} ({WEEKDAYS_EN[d.weekday()]})"


def format_date_iso_weekday(value: date | None, note: str | None = None) -> str:
    """``2026-03-07（星期六）``, or with a note ``2026-03-07（星期六，休息日）``, always in Chinese: for
    what is recorded (audit and timeline text). Pages use ``iso_weekday``."""
    if value is None:
        return ""
    with source_language():
        return iso_weekday(value, note)


def iso_weekday(value: date, note: str | None = None) -> str:
    """The C3 echo in the reader's language: ``2026-03-07（星期六，休息日）`` or
    ``2026-03-07 (Saturday, rest day)``."""
    weekday = gettext(WEEKDAYS_ZH[value.weekday()])
    if note:
        return gettext("%(date)s（%(weekday)s，%(note)s）", date=value.isoformat(), weekday=weekday,
                       note=note)
    return gettext("%(date)s（%(weekday)s）", date=value.isoformat(), weekday=weekday)


def date_text(value: date) -> str:
    """A date in running text, without the weekday: ``2027年1月5日`` or ``5 January 2027``."""
    return gettext("%(year)d年%(month)s%(day)d日", year=value.year,
                   month=gettext(MONTHS_ZH[value.month - 1]), day=value.day)


def month_text(year: int, month: int) -> str:
    """``2027年1月`` or ``January 2027``."""
    return gettext("%(year)d年%(month)s", year=year, month=gettext(MONTHS_ZH[month - 1]))


def weekday_headings() -> list[tuple[str, str]]:
    """``(short, full)`` column headings of a month table, Monday first: 「一」 and 「星期一」, or the
    first three letters of the translated name ("Mon", "Monday")."""
    headings = []
    for name in WEEKDAYS_ZH:
        full = gettext(name)
        headings.append((name[-1] if full == name else full[:3], full))
    return headings


def format_datetime_zh(value: datetime | None, seconds: bool = False) -> str:
    """``2026年3月7日 14:05`` in Asia/Shanghai (``14:05:09`` with ``seconds=True``)."""
    if value is None:
        return ""
    local = _as_beijing(value)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{local.year}年{local.month}月{local.day}日 {clock}"


def format_datetime_en(value: datetime | None, seconds: bool = False) -> str:
    """``7 March 2026, 14:05`` in Asia/Shanghai."""
    if value is None:
        return ""
    local = _as_beijing(value)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{local.day} {MONTHS_EN[local.month - 1]} {local.year}, {clock}"


def format_size(n: int | float | None) -> str:
    """Bytes as ``512 B``, ``1.5 KB``, ``3.2 MB``, ``20 MB``, ``1.1 GB`` (1 KB = 1024 B)."""
    if n is None:
        return ""
    size = float(n)
    if size < 1024:
        return f"{int(size)} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    text = f"{size:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text} {unit}"


def date_from_parts(year: object, month: object, day: object) -> date:
    """A date from three typed parts (ux.md A12), with a message that names the wrong part.

    Accepts full-width digits, spaces and missing leading zeros. Raises ``DateInputError``.
    """
    parts = {}
    for name, raw in (("year", year), ("month", month), ("day", day)):
        missing, not_digits = _PART_MESSAGES[name]
        text = normalize_digits(None if raw is None else str(raw)).strip()
        if not text:
            raise DateInputError(missing, name)
        if not (text.isascii() and text.isdigit()):
            raise DateInputError(not_digits, name)
        text = text.lstrip("0") or "0"
        if len(text) > 4:  # out of range anyway; int() refuses over 4300 digits with a ValueError
            raise _out_of_range(name)
        parts[name] = int(text)
    return _checked_date(parts["year"], parts["month"], parts["day"])


def _checked_date(year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range("year")
    if not 1 <= month <= 12:
        raise _out_of_range("month")
    if not 1 <= day <= 31:
        raise _out_of_range("day")
    if day > calendar.monthrange(year, month)[1]:
        raise DateInputError(N_("该月没有 %(day)s 日"), "day", day=day)
    return date(year, month, day)


def parse_loose_date(text: str | None) -> date:
    """Read a typed date (ux.md C3): ``20260307``, ``2026-3-7``, ``2026.3.7``, ``2026/3/7``,
    ``2026年3月7日``, ``2026 3 7``, with full-width digits and stray spaces.

    Raises ``DateInputError`` (a ``ValueError``) with a message naming the wrong part.
    """
    cleaned = normalize_digits(text).translate(_FULLWIDTH_SEPARATORS).strip()
    if not cleaned:
        raise DateInputError(MSG_EMPTY)
    match = _COMPACT.fullmatch(cleaned.replace(" ", "")) or _SEPARATED.fullmatch(cleaned)
    if match is None:
        raise DateInputError(MSG_FORMAT)
    year_text, month_text, day_text = match.groups()
    if len(year_text) != 4:
        raise _out_of_range("year")
    return _checked_date(int(year_text), int(month_text), int(day_text))
