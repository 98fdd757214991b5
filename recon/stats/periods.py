"""Reporting periods: a year, a quarter, a month or custom dates, read from GET parameters
(``period=year&year=2026``, ``period=quarter&year=2026&quarter=3``, ``period=month&year=2026&month=11``,
``period=custom&from=2026-01-01&to=2026-06-30``; the API's ``from``/``to`` alone is custom)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from recon.errors import DomainError
from recon.formatting import DateInputError, parse_loose_date
from recon.i18n import gettext

KINDS = ("year", "quarter", "month", "custom")
MIN_YEAR, MAX_YEAR = 2000, 2100


def _one_year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = "custom"

    def previous_year(self) -> Period:
        """The same dates one year earlier (同比)."""
        return Period(_one_year_back(self.start), _one_year_back(self.end), self.kind)

    @property
    def label(self) -> str:
        if self.kind == "year":
            return gettext("%(year)d年", year=self.start.year)
        if self.kind == "quarter":
            return gettext("%(year)d年第%(q)d季度", year=self.start.year, q=(self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            return gettext("%(year)d年%(month)d月", year=self.start.year, month=self.start.month)
        return gettext("%(start)s至%(end)s", start=self.start.isoformat(), end=self.end.isoformat())

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def args(self) -> dict[str, str]:
        """The GET parameters that give this period back (links, exports, drill-downs)."""
        if self.kind == "year":
            return {"period": "year", "year": str(self.start.year)}
        if self.kind == "quarter":
            return {"period": "quarter", "year": str(self.start.year),
                    "quarter": str((self.start.month - 1) // 3 + 1)}
        if self.kind == "month":
            return {"period": "month", "year": str(self.start.year), "month": str(self.start.month)}
        return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}


def _month_end(year: int, month: int) -> date:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)


def _int(args, name: str, low: int, high: int, default: int | None, message: str) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        if default is None:
            raise DomainError(message, field=name)
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise DomainError(message, field=name)
    return int(raw)


def _date(args, name: str, label: str) -> date:
    raw = (args.get(name) or "").strip()
    if not raw:
        raise DomainError(gettext("请填写%(label)s", label=label), field=name)
    try:
        return parse_loose_date(raw)
    except DateInputError as exc:
        raise DomainError(gettext("%(label)s：%(error)s", label=label, error=exc), field=name) from None


def parse_period(args, today: date) -> Period:
    """The period the GET parameters name; the current year when they name none."""
    kind = args.get("period") or ("custom" if args.get("from") or args.get("to") else "year")
    if kind not in KINDS:
        raise DomainError(gettext("统计期间只能是年度、季度、月度或自定义"), field="period")
    if kind == "custom":
        start, end = _date(args, "from", gettext("开始日期")), _date(args, "to", gettext("结束日期"))
        if end < start:
            raise DomainError(gettext("结束日期不能早于开始日期"), field="to")
        if not (start.year >= MIN_YEAR and end.year <= MAX_YEAR):
            raise DomainError(gettext("统计期间须在 %(low)d 年至 %(high)d 年之间", low=MIN_YEAR, high=MAX_YEAR),
                              field="from")
        return Period(start, end, "custom")
    year = _int(args, "year", MIN_YEAR, MAX_YEAR, today.year,
                gettext("年度须是 %(low)d 至 %(high)d 之间的整数", low=MIN_YEAR, high=MAX_YEAR))
    if kind == "year":
        return Period(date(year, 1, 1), date(year, 12, 31), "year")
    if kind == "quarter":
        quarter = _int(args, "quarter", 1, 4, (today.month - 1) // 3 + 1, gettext("季度须是 1 至 4"))
        first = 3 * (quarter - 1) + 1
        return Period(date(year, first, 1), _month_end(year, first + 2), "quarter")
    month = _int(args, "month", 1, 12, today.month, gettext("月份须是 1 至 12"))
    return Period(date(year, month, 1), _month_end(year, month), "month")
