"""Reading the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as an
admin pastes or types it. Pure: stdlib and recon's Flask-free helpers only.

Every line becomes exact days, or the line is refused with the problem named (in the reader's
language): a wrong calendar silently moves every deadline. Accepted forms:

* the notice itself, pasted whole: items such as 「二、春节：2月15日（农历腊月二十八、周日）至23日
  （农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。」; the title, the
  addressees, the introduction, the closing paragraph, the issuing office and its date are
  recognised as such and skipped; advice such as 「鼓励……安排职工在除夕（2月9日）休息」 is not a
  rest day and is skipped too;
* one period or day a line: 「2027年2月6日至2月14日 春节」, 「春节 2月6日-14日」,
  「2027-01-01 2027-01-03 元旦」, 「2027-04-05 清明节」; ranges within a month or across months, joined
  by 至, 到, -, —, ～;
* 调休 lines: 「2月15日（星期日）、2月28日（星期六）上班」 (the holiday is the line's own name, else
  the one named on the line before).

Checks: the weekday written in brackets, the 「共N天」/「放假N天」 count, that the days lie in the
notice's year (December of the year before may belong to 元旦), that a make-up working day is a
Saturday or Sunday, that no day appears twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from recon.formatting import MAX_YEAR, MIN_YEAR, WEEKDAYS_ZH, normalize_digits
from recon.i18n import gettext

MAX_PERIOD_DAYS = 31
MAX_FRAGMENT = 30

_PUNCTUATION = str.maketrans({
    "（": "(", "）": ")", "：": ":", "；": ";", "，": ",", "－": "-", "～": "~", "．": ".",
    "／": "/", "\u3000": " ", "〜": "~", "﹣": "-",
})
_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*、|\(\s*[一二三四五六七八九十]+\s*\))\s*")
_NAMED = re.compile(r"^\s*([^\d:()]{1,40}?)\s*:\s*")
_TOKEN = re.compile(
    r"(?P<paren>\([^()]*\))"
    r"|(?<!\d)(?P<iy>\d{4})\s*[-/.]\s*(?P<im>\d{1,2})\s*[-/.]\s*(?P<id>\d{1,2})(?!\d)\s*[日号]?"
    r"|(?<!\d)(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})(?!\d)"
    r"|(?<!\d)(?:(?P<ny>\d{4})\s*年\s*)?(?P<nm>\d{1,2})\s*月\s*(?P<nd>\d{1,2})(?!\d)\s*[日号]?"
    r"|(?<!\d)(?P<dd>\d{1,2})\s*日"
)
_RANGE = re.compile(r"^(?:至|到|-+|—+|–|~)$")
_DANGLING = re.compile(r"至|到|~|—|–|^-|-$")
_LIST = re.compile(r"^(?:[、,和及与]|以及)?$")
_WORK = re.compile(r"上班|补班")
_REST = re.compile(r"放假|休息|休假")
_ADVICE = "鼓励"
_COUNT = re.compile(r"(?:共|放假)\s*(\d+)\s*天")
_FILLER = re.compile(r"放假调休|放假|调休|上班|补班|休息|休假|与周末连休|连休|不调休|共?\s*\d+\s*天|"
                     r"[,、:;]")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_LONE_DATE = re.compile(r"^\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})"
                        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_SENTENCES = re.compile(r"[。;]")


@dataclass(frozen=True)
class NoticeDay:
    day: date
    is_workday: bool
    name: str
    line: int


@dataclass
class ParsedNotice:
    """The days read from one text box, sorted, and the refusals (one per wrong line)."""

    days: list[NoticeDay] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rest_periods(self) -> list[tuple[date, date, str]]:
        """Rest days as ``(first, last, name)``: runs of consecutive days of one holiday."""
        periods: list[list] = []
        for d in self.days:
            if d.is_workday:
                continue
            last = periods[-1] if periods else None
            if last and last[1] + timedelta(days=1) == d.day and last[2] == d.name:
                last[1] = d.day
            else:
                periods.append([d.day, d.day, d.name])
        return [(a, b, name) for a, b, name in periods]

    @property
    def makeup_days(self) -> list[tuple[date, str]]:
        return [(d.day, d.name) for d in self.days if d.is_workday]


class _LineError(ValueError):
    """One refusal, already in the reader's language."""


@dataclass
class _DatePart:
    year: int | None
    month: int | None
    day: int
    text: str
    weekday_note: str | None = None


def _fragment(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_FRAGMENT else text[:MAX_FRAGMENT] + "…"


def _normalized(raw: str) -> str:
    return normalize_digits(raw).translate(_PUNCTUATION).strip()


def _is_item(line: str) -> bool:
    match = _ITEM.match(line)
    return bool(match and _NAMED.match(line[match.end():]))


def _weekday_written(note: str) -> int | None:
    match = _WEEKDAY.search(note)
    return _WEEKDAY_NUMBER[match.group(1)] if match else None


class _Reader:
    def __init__(self, year: int, default_work: bool):
        self.year = year
        self.default_work = default_work
        self.seen: dict[date, int] = {}
        self.result = ParsedNotice()
        self.last_name: str | None = None

    # ---- one line ------------------------------------------------------------------------------

    def line(self, number: int, text: str, notice_mode: bool) -> None:
        item = _ITEM.match(text)
        name = None
        body = text
        if item:
            body = text[item.end():]
        named = _NAMED.match(body)
        if named:
            name = named.group(1).strip()
            body = body[named.end():]
        elif item:
            raise _LineError(gettext("这一条缺少节日名称，应写成“二、春节：……”"))
        if notice_mode and not item:
            if _LONE_DATE.match(body):
                return  # the notice's own date (成文日期, 发布日期)
            if not (_WORK.search(body) or _REST.search(body)) or self._advice_only(body):
                if any(m.group("paren") is None for m in _TOKEN.finditer(body)):
                    raise _LineError(gettext("这一行不是通知的条目，看不出是放假还是上班；"
                                             "请写成“……放假”或“……上班”"))
                return  # title, addressees, introduction, closing paragraph, the issuing office
            name = name or self.last_name
        days: list[tuple[date, bool, str]] = []
        found_date = False
        for sentence in _SENTENCES.split(body):
            sentence = sentence.strip()
            if not sentence or _ADVICE in sentence:
                continue
            got = self._sentence(sentence, name)
            found_date = found_date or bool(got)
            days.extend(got)
        if not found_date:
            if notice_mode and not item:
                return
            raise _LineError(gettext("没有找到日期，应写成“2027年2月6日至2月14日 春节”或"
                                     "“2027-02-20 春节 上班”"))
        in_line: dict[date, int] = {}
        for day, is_workday, _name in days:
            self._check_day(day, is_workday, in_line)
            in_line[day] = number
        for day, is_workday, day_name in days:
            self.seen[day] = number
            self.result.days.append(NoticeDay(day, is_workday, day_name, number))
            if not is_workday:
                self.last_name = day_name
        if name:
            self.last_name = name

    def _advice_only(self, body: str) -> bool:
        sentences = [s for s in _SENTENCES.split(body) if s.strip()]
        return all(_ADVICE in s for s in sentences)

    def _check_day(self, day: date, is_workday: bool, in_line: dict[date, int]) -> None:
        if not (day.year == self.year or (day.year == self.year - 1 and day.month == 12)):
            raise _LineError(gettext("%(day)s 不在 %(year)d 年的放假安排内，请检查年份",
                                     day=_with_weekday(day), year=self.year))
        if day in self.seen or day in in_line:
            raise _LineError(gettext("%(day)s 已在第 %(line)d 行出现过，同一天只能填写一次",
                                     day=_with_weekday(day),
                                     line=self.seen.get(day) or in_line[day]))
        if is_workday and day.weekday() < 5:
            raise _LineError(gettext("%(day)s 本来就是工作日；调休上班日应为星期六或星期日",
                                     day=_with_weekday(day)))

    # ---- one sentence --------------------------------------------------------------------------

    def _sentence(self, sentence: str, item_name: str | None) -> list[tuple[date, bool, str]]:
        work, rest = bool(_WORK.search(sentence)), bool(_REST.search(sentence))
        clauses = [sentence]
        if work and rest:
            clauses = [c for c in sentence.split(",") if c.strip()]
        days: list[tuple[date, bool, str]] = []
        rest_days: list[date] = []
        for clause in clauses:
            clause_work = bool(_WORK.search(clause))
            if clause_work and _REST.search(clause):
                raise _LineError(gettext("“%(text)s”中放假和上班混在一起，请分成两句",
                                         text=_fragment(clause)))
            if not clause_work and not _REST.search(clause):
                clause_work = self.default_work
            dates, leftover = self._dates(
                clause, legacy_range=not (work or rest or self.default_work))
            if not dates:
                continue
            name = item_name or leftover or (self.last_name if clause_work else None)
            if not name:
                raise _LineError(gettext("缺少节日名称，例如“春节”"))
            for d in dates:
                days.append((d, clause_work, name))
                if not clause_work:
                    rest_days.append(d)
            if not clause_work:
                self.last_name = name
        count = _COUNT.search(sentence)
        if count and days:
            written = int(count.group(1))
            if written != len(rest_days):
                listed = (gettext("%(first)s 至 %(last)s", first=_with_weekday(min(rest_days)),
                                  last=_with_weekday(max(rest_days))) if rest_days else "")
                raise _LineError(gettext("原文写“%(count)s”，但列出的放假日期是 %(days)d 天%(listed)s，"
                                         "请核对", count=count.group(0), days=len(rest_days),
                                         listed=f"（{listed}）" if listed else ""))
        return days

    def _dates(self, clause: str, legacy_range: bool) -> tuple[list[date], str]:
        """The clause's days (ranges expanded) and its leftover words (the holiday's name)."""
        parts: list[_DatePart] = []
        gaps: list[str] = []  # gaps[i]: the text before parts[i]; gaps[-1]: after the last one
        leftover: list[str] = []
        position = 0
        pending = ""
        for match in _TOKEN.finditer(clause):
            between = clause[position:match.start()]
            position = match.end()
            if match.group("paren") is not None:
                if parts and not (pending + between).strip() and parts[-1].weekday_note is None:
                    parts[-1].weekday_note = match.group("paren")
                    continue
                pending += between + match.group("paren")
                continue
            gaps.append(pending + between)
            pending = ""
            parts.append(_part(match))
        tail = pending + clause[position:]
        if not parts:
            return [], ""
        leftover.append(gaps[0])
        leftover.append(tail)
        days: list[date] = []
        index = 0
        resolved = self._resolve(parts)
        while index < len(parts):
            first = resolved[index]
            following = gaps[index + 1].strip() if index + 1 < len(parts) else None
            is_range = following is not None and (
                _RANGE.match(following) or (not following and legacy_range and len(parts) == 2))
            if is_range:
                last = resolved[index + 1]
                if last < first and parts[index + 1].year is None:  # 12月31日至1月2日
                    if parts[index].year is None:
                        first = _shift_year(first, -1)
                    else:
                        last = _shift_year(last, 1)
                if index + 2 < len(parts) and _RANGE.match(gaps[index + 2].strip()):
                    raise _LineError(gettext("“%(text)s”连写了多个“至”，每段放假请只写开始和结束日期",
                                             text=_fragment(clause)))
                if last < first:
                    raise _LineError(gettext("“%(text)s”的结束日期早于开始日期",
                                             text=_fragment(clause)))
                if (last - first).days + 1 > MAX_PERIOD_DAYS:
                    raise _LineError(gettext("“%(text)s”超过 %(max)d 天，请检查日期",
                                             text=_fragment(clause), max=MAX_PERIOD_DAYS))
                d = first
                while d <= last:
                    days.append(d)
                    d += timedelta(days=1)
                index += 2
            else:
                days.append(first)
                index += 1
            if index < len(parts) and not _LIST.match(gaps[index].strip()) \
                    and not (legacy_range and not gaps[index].strip()):
                leftover.append(gaps[index])
        name = re.sub(r"\s+", " ", _FILLER.sub(" ", "".join(leftover))).strip(" ()")
        if _DANGLING.search(name):
            raise _LineError(gettext("“%(text)s”的日期范围不完整，应写成“2月6日至2月14日”",
                                     text=_fragment(clause)))
        if re.search(r"\d", name):
            raise _LineError(gettext("无法识别“%(text)s”，日期请写成“2月6日”或“2027-02-06”",
                                     text=_fragment(name)))
        return days, name

    def _resolve(self, parts: list[_DatePart]) -> list[date]:
        year, month = self.year, None
        out = []
        for part in parts:
            if part.year is not None:
                year = part.year
            if part.month is not None:
                month = part.month
            if month is None:
                raise _LineError(gettext("“%(text)s”缺少月份，请写成“2月14日”", text=part.text))
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise _LineError(gettext("“%(text)s”的年份不对", text=part.text))
            try:
                d = date(year, month, part.day)
            except ValueError:
                raise _LineError(gettext("日期“%(text)s”不存在，请检查月份和日", text=part.text)) from None
            if part.weekday_note:
                written = _weekday_written(part.weekday_note)
                if written is not None and written != d.weekday():
                    raise _LineError(gettext(
                        "%(day)s 是%(actual)s，原文却写%(written)s，请核对日期",
                        day=d.isoformat(), actual=gettext(WEEKDAYS_ZH[d.weekday()]),
                        written=gettext(WEEKDAYS_ZH[written])))
            out.append(d)
        return out


def _part(match: re.Match) -> _DatePart:
    g = match.groupdict()
    if g["iy"]:
        y, m, d = g["iy"], g["im"], g["id"]
    elif g["cy"]:
        y, m, d = g["cy"], g["cm"], g["cd"]
    elif g["nm"]:
        y, m, d = g["ny"], g["nm"], g["nd"]
    else:
        y, m, d = None, None, g["dd"]
    return _DatePart(int(y) if y else None, int(m) if m else None, int(d), match.group(0).strip())


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        raise _LineError(gettext("日期“%(day)s”不存在，请检查年份", day=d.isoformat())) from None


def _with_weekday(d: date) -> str:
    return gettext("%(date)s（%(weekday)s）", date=d.isoformat(),
                   weekday=gettext(WEEKDAYS_ZH[d.weekday()]))


def parse_notice_text(text: str | None, year: int, *, default_work: bool = False) -> ParsedNotice:
    """Read ``text`` (one text box of the notice form) for the notice of ``year``.

    A line without 放假 or 上班 is a rest period, or with ``default_work`` a make-up working day.
    Each refused line gives one message 「第 N 行：……」; the days of the other lines are kept
    so all the problems show at once.
    """
    lines = [(number, _normalized(raw)) for number, raw in enumerate((text or "").splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    notice_mode = any(_is_item(line) for _n, line in lines)
    reader = _Reader(year, default_work)
    for number, line in lines:
        try:
            reader.line(number, line, notice_mode)
        except _LineError as exc:
            reader.result.errors.append(gettext("第 %(line)d 行：%(problem)s", line=number,
                                                problem=str(exc)))
    reader.result.days.sort(key=lambda d: d.day)
    return reader.result

