"""The working-day calendar of the statutory clock.

A ``Calendar`` knows, for every date, whether government offices work that day:

* ``holidays``: statutory rest days with the festival's Chinese name (国庆节, 春节, ...);
* ``workdays``: 调休 make-up working days (a Saturday or Sunday worked), with the festival name;
* ``covered_years``: the years whose State Council schedule is known.

``is_workday(d)`` is ``d in workdays or (Monday-Friday and d not in holidays)``, the same rule as
``chinese_calendar.is_workday``. For a year that is not covered, the fallback of domain.md §10.2
applies: weekends plus the fixed-date holidays (1 January, 1-2 May, 1-3 October) are rest days,
and every answer that depends on such a day is *provisional*. Nothing here raises for an unknown
year.

Counting is backed by a precomputed working-day index (rank of every day, list of working days,
roll-forward target of every day) so that "the Nth working day after T" and "the first working
day on or after D" are O(1). The index covers 2003-2030 and grows on demand.

``chinese_calendar`` is used only as a data source; ``chinese_calendar.find_workday`` is never
used (it counts a rest-day start as day 0, domain.md §12 X5).

Festival names, weekdays and the fallback rule stay Chinese in the data (they are recorded in
derivations); the ``describe``/``reason`` texts and the date helpers at the end write them in the
reader's language (``recon.i18n``), and are Chinese without a reader.

Pure module: standard library, ``chinese_calendar`` and ``recon.i18n`` only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from types import MappingProxyType

from recon.formatting import WEEKDAYS_ZH
from recon.i18n import N_, gettext, lazy_gettext, source_language

KIND_WORKDAY = "workday"
KIND_WEEKEND = "weekend"
KIND_HOLIDAY = "holiday"
KIND_MAKEUP = "makeup_workday"
KINDS = (KIND_WORKDAY, KIND_WEEKEND, KIND_HOLIDAY, KIND_MAKEUP)

FALLBACK_HOLIDAYS: Mapping[tuple[int, int], str] = MappingProxyType(
    {
        (1, 1): N_("元旦"),
        (5, 1): N_("劳动节"),
        (5, 2): N_("劳动节"),
        (10, 1): N_("国庆节"),
        (10, 2): N_("国庆节"),
        (10, 3): N_("国庆节"),
    }
)
"""Rest days assumed in a year without a known schedule: the fixed-date statutory holidays."""

FALLBACK_RULE_ZH = N_("周末及元旦（1月1日）、劳动节（5月1日至2日）、国庆节（10月1日至3日）")

# chinese_calendar stores the English value of its Holiday enum; these are the Chinese names
# recon shows. Keys: enum member name and English value (both are accepted).
_HOLIDAY_NAMES_ZH = {
    "new_years_day": N_("元旦"),
    "spring_festival": N_("春节"),
    "tomb_sweeping_day": N_("清明节"),
    "labour_day": N_("劳动节"),
    "dragon_boat_festival": N_("端午节"),
    "national_day": N_("国庆节"),
    "mid_autumn_festival": N_("中秋节"),
    "anti_fascist_70th_day": N_("抗战胜利纪念日"),
    "New Year's Day": N_("元旦"),
    "Spring Festival": N_("春节"),
    "Tomb-sweeping Day": N_("清明节"),
    "Labour Day": N_("劳动节"),
    "Dragon Boat Festival": N_("端午节"),
    "National Day": N_("国庆节"),
    "Mid-autumn Festival": N_("中秋节"),
    "Anti-Fascist 70th Day": N_("抗战胜利纪念日"),
}

# Default span of the working-day index; it grows on demand outside it.
INDEX_FIRST = date(2003, 1, 1)
INDEX_LAST = date(2030, 12, 31)
_INDEX_MARGIN = 400  # days added around a requested ordinal when the index has to grow
_MAX_CACHED_SPAN = 36_600  # about a century: the most the cached index may span
_MIN_ORDINAL = date.min.toordinal()
_MAX_ORDINAL = date.max.toordinal()


class CalendarError(ValueError):
    """Bad calendar data or a date the calendar cannot reach. ``str()`` is in the reader's
    language (the message is translated lazily)."""


def _out_of_range() -> CalendarError:
    return CalendarError(lazy_gettext("日期超出可计算范围"))


def fmt_day(d: date) -> str:
    """``2024-09-29 星期日`` (``2024-09-29 Sunday``)."""
    return f"{d.isoformat()} {gettext(WEEKDAYS_ZH[d.weekday()])}"


def holiday_name_zh(value: object) -> str:
    """The Chinese festival name for a ``chinese_calendar`` value (English value or enum)."""
    for key in (getattr(value, "name", None), getattr(value, "value", None), value):
        if isinstance(key, str) and key in _HOLIDAY_NAMES_ZH:
            return _HOLIDAY_NAMES_ZH[key]
    chinese = getattr(value, "chinese", None)
    if isinstance(chinese, str) and chinese:
        return chinese
    return str(getattr(value, "value", value))


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What kind of day ``date`` is, and why.

    ``kind``: "workday", "weekend", "holiday" or "makeup_workday" (调休上班). ``name``: the
    festival a holiday or make-up day belongs to. ``provisional``: the year has no known schedule,
    so the answer follows the fallback rule.
    """

    date: date
    is_workday: bool
    kind: str
    name: str | None
    provisional: bool

    def describe(self) -> str:
        """``2024-09-29 星期日 调休上班（国庆节）``, ``2024-10-01 星期二 国庆节休假``, in the
        reader's language."""
        return f"{fmt_day(self.date)} {self.reason()}"

    def reason(self) -> str:
        """Why the day is (not) a working day, without the date, in the reader's language."""
        if self.kind == KIND_MAKEUP:
            text = (gettext("调休上班（%(name)s）", name=festival(self.name)) if self.name
                    else gettext("调休上班"))
        elif self.kind == KIND_HOLIDAY:
            text = (gettext("%(name)s休假", name=festival(self.name)) if self.name
                    else gettext("法定节假日休假"))
        elif self.kind == KIND_WEEKEND:
            text = gettext("周末休息")
        else:
            text = gettext("工作日")
        return text + (gettext("（暂定）") if self.provisional else "")

    def describe_zh(self) -> str:
        """``describe()`` in Chinese, whatever the reader's language."""
        with source_language():
            return self.describe()


class _Index:
    """Working-day index over the ordinals ``first .. first + size - 1``.

    ``cum[i]``: number of working days in ``[first, first + i]``; ``wd_dates[k]``: the (k+1)-th
    working day of the span; ``roll_dates[i]``: the first working day on or after
    ``first + i`` (None after the last working day of the span).
    """

    __slots__ = ("first", "size", "cum", "wd_dates", "nwd", "roll_dates")

    def __init__(self, calendar: Calendar, first: int, last: int, makeup_counts: bool):
        size = last - first + 1
        cum = [0] * size
        wd_dates: list[date] = []
        running = 0
        is_workday = calendar.is_workday
        for i in range(size):
            d = date.fromordinal(first + i)
            if is_workday(d, makeup_counts=makeup_counts):
                running += 1
                wd_dates.append(d)
            cum[i] = running
        roll_dates: list[date | None] = [None] * size
        following: date | None = None
        for i in range(size - 1, -1, -1):
            if cum[i] != (cum[i - 1] if i else 0):
                following = wd_dates[cum[i] - 1]
            roll_dates[i] = following
        self.first = first
        self.size = size
        self.cum = cum
        self.wd_dates = wd_dates
        self.nwd = len(wd_dates)
        self.roll_dates = roll_dates

    @property
    def last(self) -> int:
        return self.first + self.size - 1


class Calendar:
    """Rest days, make-up working days and covered years; see the module docstring.

    The data is copied at construction and never changes; build a new ``Calendar`` when the
    ``calendar_day`` table changes. The working-day index is a lazily built cache (a race
    between threads only builds it twice), so one instance can be shared by all requests.
    """

    def __init__(
        self,
        holidays: Mapping[date, str],
        workdays: Mapping[date, str],
        covered_years: Iterable[int],
    ):
        self._holidays: dict[date, str] = {}
        self._workdays: dict[date, str] = {}
        for target, source in ((self._holidays, holidays), (self._workdays, workdays)):
            for d, name in source.items():
                if type(d) is not date:
                    raise CalendarError(
                        lazy_gettext("日历日期必须是日期（不含时间）：%(value)s", value=repr(d)))
                target[d] = "" if name is None else str(name)
        both = sorted(set(self._holidays) & set(self._workdays))
        if both:
            listed = "、".join(d.isoformat() for d in both[:5])
            raise CalendarError(
                lazy_gettext("同一日期不能既是休假日又是调休上班日：%(days)s", days=listed))
        self.covered_years: frozenset[int] = frozenset(int(y) for y in covered_years)
        self._indexes: dict[bool, _Index] = {}

    # --- construction -------------------------------------------------------------------

    @classmethod
    def from_chinese_calendar(cls) -> Calendar:
        """The calendar of the installed ``chinese_calendar`` (2004-2026 for 1.11.0)."""
        holidays: dict[date, str] = {}
        workdays: dict[date, str] = {}
        for d, is_workday, name in chinese_calendar_rows():
            (workdays if is_workday else holidays)[d] = name
        return cls(holidays, workdays, chinese_calendar_years())

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[date, bool, str | None]], covered_years: Iterable[int]
    ) -> Calendar:
        """Build from ``(date, is_workday, name)`` rows, e.g. the ``calendar_day`` table."""
        holidays: dict[date, str] = {}
        workdays: dict[date, str] = {}
        for d, is_workday, name in rows:
            (workdays if is_workday else holidays)[d] = name or ""
        return cls(holidays, workdays, covered_years)

    @property
    def holidays(self) -> Mapping[date, str]:
        return MappingProxyType(self._holidays)

    @property
    def workdays(self) -> Mapping[date, str]:
        return MappingProxyType(self._workdays)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the data, to record which calendar a stored derivation used."""
        h = hashlib.sha256()
        for d in sorted(self._holidays):
            h.update(f"H{d.isoformat()}{self._holidays[d]}\n".encode())
        for d in sorted(self._workdays):
            h.update(f"W{d.isoformat()}{self._workdays[d]}\n".encode())
        for y in sorted(self.covered_years):
            h.update(f"Y{y}\n".encode())
        return h.hexdigest()[:16]

    def __repr__(self) -> str:
        years = sorted(self.covered_years)
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return (
            f"<Calendar covered={span} holidays={len(self._holidays)} "
            f"workdays={len(self._workdays)}>"
        )

    # --- single days ----------------------------------------------------------------------

    def is_covered(self, d: date) -> bool:
        return d.year in self.covered_years

    def uncovered_years(self, first: date, last: date) -> list[int]:
        """Years between ``first`` and ``last`` (inclusive, either order) with no schedule."""
        lo, hi = sorted((first.year, last.year))
        return [y for y in range(lo, hi + 1) if y not in self.covered_years]

    def day_info(self, d: date) -> DayInfo:
        provisional = d.year not in self.covered_years
        weekend = d.weekday() >= 5
        if d in self._workdays:
            kind = KIND_MAKEUP if weekend else KIND_WORKDAY
            return DayInfo(d, True, kind, self._workdays[d] or None, provisional)
        if d in self._holidays:
            return DayInfo(d, False, KIND_HOLIDAY, self._holidays[d] or None, provisional)
        if provisional:
            fallback = FALLBACK_HOLIDAYS.get((d.month, d.day))
            if fallback is not None:
                return DayInfo(d, False, KIND_HOLIDAY, fallback, True)
        if weekend:
            return DayInfo(d, False, KIND_WEEKEND, None, provisional)
        return DayInfo(d, True, KIND_WORKDAY, None, provisional)

    def is_workday(self, d: date, *, makeup_counts: bool = True) -> bool:
        """Whether offices work on ``d``. ``makeup_counts=False``: 调休 weekend days are rest."""
        if d in self._workdays:
            return makeup_counts or d.weekday() < 5
        if d in self._holidays:
            return False
        if d.weekday() >= 5:
            return False
        return d.year in self.covered_years or (d.month, d.day) not in FALLBACK_HOLIDAYS

    # --- the index ------------------------------------------------------------------------

    def _window(self, makeup_counts: bool, lo: int, hi: int) -> _Index:
        """A working-day index spanning ordinals ``lo .. hi``.

        The cached index (2003-2030 at first) grows to take in nearby dates; a date far from it
        (more than about a century away) gets a one-off index that is not kept. The span is cut
        to the dates that exist; a count that still runs off the end raises ``_out_of_range()``.
        """
        lo, hi = max(lo, _MIN_ORDINAL), min(hi, _MAX_ORDINAL)
        idx = self._indexes.get(makeup_counts)
        if idx is not None and lo >= idx.first and hi <= idx.last:
            return idx
        lo_m = max(lo - _INDEX_MARGIN, _MIN_ORDINAL)
        hi_m = min(hi + _INDEX_MARGIN, _MAX_ORDINAL)
        first = min(lo_m, INDEX_FIRST.toordinal() if idx is None else idx.first)
        last = max(hi_m, INDEX_LAST.toordinal() if idx is None else idx.last)
        if last - first > _MAX_CACHED_SPAN:
            return _Index(self, lo_m, hi_m, makeup_counts)
        idx = _Index(self, first, last, makeup_counts)
        self._indexes[makeup_counts] = idx
        return idx

    # --- counting -------------------------------------------------------------------------

    def add_working_days(self, d: date, n: int, *, makeup_counts: bool = True) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself is never counted; n >= 1)."""
        if n < 1:
            raise CalendarError(lazy_gettext("工作日数必须为正整数"))
        o = d.toordinal()
        reach = 2 * n + 14
        while True:
            idx = self._window(makeup_counts, o, o + reach)
            k = idx.cum[o - idx.first] + n - 1
            if k < idx.nwd:
                return idx.wd_dates[k]
            if idx.last >= _MAX_ORDINAL:
                raise _out_of_range()
            reach = 2 * (idx.last - o) + 366

    def subtract_working_days(self, d: date, n: int, *, makeup_counts: bool = True) -> date:
        """The ``n``-th working day before ``d``, counting back (``d`` excluded; n >= 1)."""
        if n < 1:
            raise CalendarError(lazy_gettext("工作日数必须为正整数"))
        o = d.toordinal()
        reach = 2 * n + 14
        while True:
            idx = self._window(makeup_counts, o - reach, o)
            before = idx.cum[o - 1 - idx.first] if o > idx.first else 0  # working days < d
            k = before - n
            if k >= 0:
                return idx.wd_dates[k]
            if idx.first <= _MIN_ORDINAL:
                raise _out_of_range()
            reach = 2 * (o - idx.first) + 366

    def next_working_day(self, d: date, *, makeup_counts: bool = True) -> date:
        """The first working day on or after ``d`` (``d`` itself when it is one)."""
        o = d.toordinal()
        reach = 30
        while True:
            idx = self._window(makeup_counts, o, o + reach)
            found = idx.roll_dates[o - idx.first]
            if found is not None:
                return found
            if idx.last >= _MAX_ORDINAL:
                raise _out_of_range()
            reach = 2 * (idx.last - o) + 366

    def count_working_days(self, after: date, through: date, *, makeup_counts: bool = True) -> int:
        """Working days in ``(after, through]``; negative (minus those in ``(through, after]``)
        when ``through`` is earlier. Gives "剩 3 个工作日" / "逾期 2 个工作日"."""
        a, b = after.toordinal(), through.toordinal()
        idx = self._window(makeup_counts, min(a, b), max(a, b))
        return idx.cum[b - idx.first] - idx.cum[a - idx.first]


def chinese_calendar_rows() -> Iterator[tuple[date, bool, str]]:
    """Every special day of the installed ``chinese_calendar``, sorted by date.

    Yields ``(date, is_workday, name)``: rest days (``is_workday`` False, including rest days that
    fall on a weekend) and make-up working days (True), with the Chinese festival name. The DB
    layer seeds its ``calendar_day`` table from these rows.
    """
    import chinese_calendar

    rows = [(d, False, holiday_name_zh(v)) for d, v in chinese_calendar.holidays.items()]
    rows += [(d, True, holiday_name_zh(v)) for d, v in chinese_calendar.workdays.items()]
    rows.sort(key=lambda row: row[0])
    yield from rows


def chinese_calendar_years() -> set[int]:
    """The years the installed ``chinese_calendar`` knows (2004-2026 for 1.11.0)."""
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    if not years:
        return set()
    return set(range(min(years), max(years) + 1))


# ---- in the reader's language -------------------------------------------------------------------


def festival(name: str) -> str:
    """A festival name in the reader's language: the known ones (元旦, 春节, ...) are translated,
    a name an admin typed otherwise is shown as typed."""
    return gettext(name) if name else name


def iter_days(first: date, last: date) -> Iterator[date]:
    """Every date from ``first`` to ``last`` inclusive."""
    d = first
    one = timedelta(days=1)
    while d <= last:
        yield d
        d += one
