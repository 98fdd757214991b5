"""Forms of the deadline pages: the calculator and the two calendar forms (messages in the
reader's language)."""

from __future__ import annotations

import hashlib
from datetime import date

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from recon.deadlines.notice_text import NoticeDay, parse_notice_text
from recon.deadlines.rules import RULES
from recon.fields import LooseDateField, OptionalData, ReadableText
from recon.formatting import normalize_digits
from recon.i18n import gettext, lazy_gettext, ngettext

PAUSE_SLOTS = 3


def rule_choices() -> list[SelectChoice]:
    """The rules as options, in the reader's language: 「受理审查期限（5个工作日，《行政复议法》第三十条）」."""
    return [SelectChoice(r.id, gettext("%(label)s（%(period)s，%(article)s）", label=gettext(r.label),
                                       period=r.period_text, article=gettext(r.article)))
            for r in RULES.values()]


def _digits(text: str | None) -> str:
    return normalize_digits(text).strip()


def _pause_from(number: int) -> LooseDateField:
    return LooseDateField(lazy_gettext("第 %(n)d 次中止的中止日期", n=number), label_in_error=True)


def _pause_to(number: int) -> LooseDateField:
    return LooseDateField(lazy_gettext("第 %(n)d 次中止的恢复日期", n=number), label_in_error=True)


class CalculatorForm(ReadableText, FlaskForm):
    rule = SelectField(lazy_gettext("期限规则"), default="acceptance_review", validate_choice=False,
                       validators=[AnyOf(RULES, message=lazy_gettext("请从列表中选择期限规则"))])
    start = LooseDateField(lazy_gettext("起算日"), label_in_error=True,
                           validators=[DataRequired(lazy_gettext("请填写起算日，例如 2024-09-27"))])
    pause_from_1 = _pause_from(1)
    pause_to_1 = _pause_to(1)
    pause_from_2 = _pause_from(2)
    pause_to_2 = _pause_to(2)
    pause_from_3 = _pause_from(3)
    pause_to_3 = _pause_to(3)
    extension_days = StringField(lazy_gettext("经批准延长的天数"))

    extension_value: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule.choices = rule_choices()

    def validate_extension_days(self, field):
        text = _digits(field.data)
        if not text:
            self.extension_value = 0
            return
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(gettext("延长天数只能填写整数，例如 30；不延长请留空"))
        self.extension_value = int(text)

    def pause_fields(self):
        """``[(from_field, to_field), ...]`` for the template."""
        return [(self[f"pause_from_{i}"], self[f"pause_to_{i}"]) for i in range(1, PAUSE_SLOTS + 1)]

    def validate(self, extra_validators=None) -> bool:
        """Also collects ``pause_values``: ``(suspended_on, resumed_on or None)`` per filled slot."""
        ok = super().validate(extra_validators)
        self.pause_values: list[tuple[date, date | None]] = []
        for number, (suspended, resumed) in enumerate(self.pause_fields(), 1):
            if suspended.data is None and not suspended.parse_error and resumed.raw_text:
                suspended.errors.append(gettext("请填写第 %(n)d 次中止的中止日期", n=number))
                ok = False
            elif suspended.data is not None and not resumed.parse_error:
                self.pause_values.append((suspended.data, resumed.data))
        return ok


# ---- the calendar page ---------------------------------------------------------------------------

MAX_LINE_ERRORS = 5


def _joined(errors: list[str]) -> str:
    shown = errors[:MAX_LINE_ERRORS]
    more = len(errors) - len(shown)
    text = gettext("；").join(shown)
    if more:
        text += ngettext("；另有 %(num)d 行有误", "；另有 %(num)d 行有误", more)
    return text


DAY_KINDS = [
    SelectChoice("rest", lazy_gettext("休息日（放假）")),
    SelectChoice("work", lazy_gettext("工作日（上班，如调休上班的周末）")),
    SelectChoice("clear", lazy_gettext("恢复默认（删除这一天的特别设置，按星期几确定）")),
]


DAY_KIND_MESSAGE = lazy_gettext("请选择这一天是休息日、工作日，还是恢复默认")
REST_PERIODS_MESSAGE = lazy_gettext("请填写放假期间，每行一段，例如“2027-01-01 2027-01-03 元旦”")


class SetDayForm(ReadableText, FlaskForm):
    day = LooseDateField(lazy_gettext("日期"), label_in_error=True,
                         validators=[DataRequired(lazy_gettext("请填写要修改的日期，例如 2027-02-07"))])
    kind = RadioField(lazy_gettext("这一天是"), choices=DAY_KINDS, validate_choice=False,
                      validators=[DataRequired(DAY_KIND_MESSAGE),
                                  AnyOf([choice.value for choice in DAY_KINDS],
                                        message=DAY_KIND_MESSAGE)])
    name = StringField(lazy_gettext("节日名称"), validators=[
        OptionalData(), Length(max=40, message=lazy_gettext("节日名称不超过 %(limit)d 个字", limit=40))])
    note = StringField(lazy_gettext("备注"), validators=[
        OptionalData(), Length(max=200, message=lazy_gettext("备注不超过 %(limit)d 个字", limit=200))])


class NoticeForm(ReadableText, FlaskForm):
    """The year's notice, read into days (``notice_text``) and shown for confirmation: the page
    saves only when 「确认保存」 comes with the fingerprint of the text that was previewed."""

    year = StringField(lazy_gettext("年份"),
                       validators=[DataRequired(lazy_gettext("请填写通知所属的年份，例如 2027"))])
    notice_title = StringField(lazy_gettext("通知标题"), validators=[
        OptionalData(), Length(max=200, message=lazy_gettext("通知标题不超过 %(limit)d 个字", limit=200))])
    rest_periods = TextAreaField(lazy_gettext("放假安排（每行一段，或粘贴通知全文）"),
                                 validators=[DataRequired(REST_PERIODS_MESSAGE)])
    makeup_days = TextAreaField(lazy_gettext("调休上班日（每行一天）"))
    previewed = HiddenField()

    year_value: int | None = None
    periods: list[tuple[date, date, str]]
    makeup: list[tuple[date, str]]
    days: list[NoticeDay]

    def validate_year(self, field):
        text = _digits(field.data)
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            raise ValidationError(gettext("年份请填写 4 位数字，例如 2027"))
        self.year_value = int(text)

    def validate(self, extra_validators=None) -> bool:
        self.periods, self.makeup, self.days = [], [], []
        ok = super().validate(extra_validators)
        if self.year_value is None or self.rest_periods.errors:
            return False
        rest = parse_notice_text(self.rest_periods.data, self.year_value)
        makeup = parse_notice_text(self.makeup_days.data, self.year_value, default_work=True)
        for fld, parsed in ((self.rest_periods, rest), (self.makeup_days, makeup)):
            if parsed.errors:
                fld.errors.append(_joined(parsed.errors))
                ok = False
        if ok and not rest.rest_periods:
            self.rest_periods.errors.append(str(REST_PERIODS_MESSAGE))
            ok = False
        if ok:
            self.periods = rest.rest_periods
            self.makeup = rest.makeup_days + makeup.makeup_days
            self.days = sorted(rest.days + makeup.days, key=lambda d: d.day)
        return ok

    def fingerprint(self) -> str:
        """What the preview showed: the year, the title and both text boxes."""
        parts = (self.year.data, self.notice_title.data, self.rest_periods.data,
                 self.makeup_days.data)
        text = "\x1f".join((p or "").replace("\r\n", "\n").strip() for p in parts)
        return hashlib.sha256(text.encode()).hexdigest()

    def confirmed(self, button: str | None) -> bool:
        """The admin pressed 「确认保存」 (``button``) under a preview of exactly this text."""
        return button == "1" and self.previewed.data == self.fingerprint()
