"""Forms of the documents pages: one form per document kind (built from a field list), the
service record, the template editor and the public verification page.

Each kind's fields are data (``Kind.fields`` in the registry); :func:`document_form` builds the WTForms class
for one case (its parties and issued documents fill the choice lists), ``form.extra()`` turns the
validated input into the JSON ``extra`` that ``contexts.build_context`` reads, and
:func:`initial_data` turns an ``extra`` back into form data for「返回修改」.
"""

from __future__ import annotations

import re
from datetime import time

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from recon.documents.kinds import KINDS, Spec
from recon.documents.models import SERVICE_METHOD_LABELS
from recon.fields import LooseDateField, OptionalData, ReadableText
from recon.formatting import normalize_digits
from recon.i18n import gettext, lazy_gettext

# ---- small fields -----------------------------------------------------------------------------


class IntRange:
    def __init__(self, label: str, low: int | None, high: int | None):
        self.label, self.low, self.high = label, low, high

    def __call__(self, form, field):
        text = normalize_digits(field.data or "").strip()
        if not text.isdigit():
            raise ValidationError(gettext("%(label)s请填写阿拉伯数字，例如 10", label=self.label))
        value = int(text)
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise ValidationError(gettext("%(label)s应在 %(low)s 到 %(high)s 之间", label=self.label,
                                          low=self.low, high=self.high))


_TIME = re.compile(r"^\s*(\d{1,2})\s*[:：时点.]\s*(\d{1,2})?\s*分?\s*$")


def parse_time(text: str) -> time:
    cleaned = normalize_digits(text or "").strip()
    match = _TIME.match(cleaned) or re.match(r"^\s*(\d{1,2})()\s*$", cleaned)
    if not match:
        raise ValueError(gettext("请按 9:30 的格式填写时间"))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(gettext("时间不正确：小时在 0 到 23 之间，分钟在 0 到 59 之间"))
    return time(hour, minute)


class TimeText:
    def __call__(self, form, field):
        try:
            parse_time(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


# ---- the kinds' forms (fields listed in the registry, documents/kinds.py) -----------------------

INT_SELECTS = frozenset({"condition", "cause"})


def specs_for(kind: str) -> tuple[Spec, ...]:
    return KINDS[kind].form_fields


class DocumentForm(ReadableText, FlaskForm):
    """Base of the generated per-kind forms."""

    kind = HiddenField()
    specs: tuple[Spec, ...] = ()

    def extra(self) -> dict:
        """The validated input as JSON values (see ``contexts.build_context``)."""
        out: dict = {}
        for spec in self.specs:
            f = self[spec.name]
            if spec.type == "bool":
                out[spec.name] = bool(f.data)
                continue
            if spec.type == "date":
                if f.data:
                    out[spec.name] = f.data.isoformat()
                continue
            raw = (f.data or "").strip() if isinstance(f.data, str) else f.data
            if raw in (None, ""):
                continue
            if spec.type == "lines":
                items = [line.strip() for line in raw.splitlines() if line.strip()]
                if items:
                    out[spec.name] = items
            elif spec.type in ("int", "party", "document") or spec.name in INT_SELECTS:
                out[spec.name] = int(normalize_digits(raw))
            elif spec.type == "time":
                out[spec.name] = parse_time(raw).strftime("%H:%M")
            else:
                out[spec.name] = raw
        if "hearing_date" in out:  # the hearing notice takes one date-time
            out["hearing_at"] = f"{out.pop('hearing_date')}T{out.pop('hearing_time', '09:00')}"
        return out


def _field(spec: Spec, parties, documents):
    if not spec.required:
        check = OptionalData()
    elif spec.type in ("select", "party", "document"):
        check = DataRequired(gettext("请选择%(label)s", label=spec.label))
    else:
        check = DataRequired(gettext("请填写%(label)s", label=spec.label))
    if spec.type == "bool":
        return BooleanField(spec.label)
    if spec.type == "date":
        return LooseDateField(spec.label, validators=[check])
    if spec.type in ("textarea", "lines"):
        too_long = gettext("%(label)s不能超过 %(n)s 个字", label=spec.label, n=spec.max_length)
        return TextAreaField(spec.label, validators=[check, Length(max=spec.max_length,
                                                                   message=too_long)])
    if spec.type == "int":
        return StringField(spec.label, validators=[check, IntRange(spec.label, spec.low,
                                                                   spec.high)])
    if spec.type == "time":
        return StringField(spec.label, validators=[check, TimeText()])
    if spec.type in ("select", "party", "document"):
        if spec.type == "party":
            choices = [(str(pid), gettext("%(role)s：%(name)s", role=gettext(role), name=name))
                       for pid, role, name in parties]
        elif spec.type == "document":
            choices = [(str(doc.id), gettext("《%(title)s》%(number)s", title=gettext(doc.title),
                                             number=doc.number)) for doc in documents]
        else:
            choices = list(spec.choices)
        if not spec.required and not any(v == "" for v, _ in choices):
            choices = [("", gettext("（不指定）"))] + choices
        elif spec.required:
            choices = [("", gettext("请选择"))] + choices
        return SelectField(
            spec.label, choices=[SelectChoice(v, label) for v, label in choices],
            validate_choice=False,
            validators=[check, AnyOf([v for v, _ in choices],
                                     message=gettext("请从列表中选择%(label)s", label=spec.label))])
    return StringField(spec.label, validators=[check, Length(
        max=500, message=gettext("%(label)s不能超过 %(n)s 个字", label=spec.label, n=500))])


def document_form(kind: str, parties=(), documents=()) -> type[DocumentForm]:
    """The form class of ``kind`` for one case: ``parties`` are ``(id, role label, name)``,
    ``documents`` the case's issued documents (for the 送达回证)."""
    specs = specs_for(kind)
    attrs = {"specs": specs}
    for spec in specs:
        attrs[spec.name] = _field(spec, parties, documents)
    if KINDS[kind].step:  # issued by hand instead of by its step: the supervisor says why (audited)
        attrs["manual_reason"] = TextAreaField(lazy_gettext("手工签发的理由"), validators=[
            DataRequired(lazy_gettext("请说明为什么不通过办理步骤签发，而是手工签发")),
            Length(max=500, message=lazy_gettext("不超过 500 个字"))])
    return type(f"DocumentForm_{kind}", (DocumentForm,), attrs)


def initial_data(kind: str, extra: dict) -> dict:
    """``extra`` back as form data (for「返回修改」)."""
    data: dict = {"kind": kind}
    extra = dict(extra or {})
    if "hearing_at" in extra:
        day, _, clock = str(extra.pop("hearing_at")).partition("T")
        extra["hearing_date"], extra["hearing_time"] = day, clock[:5]
    for spec in specs_for(kind):
        if spec.name not in extra:
            continue
        value = extra[spec.name]
        if spec.type == "lines" and isinstance(value, list):
            value = "\n".join(value)
        elif spec.type == "bool":
            value = bool(value)
        elif value is not None and spec.type != "date":
            value = str(value)
        data[spec.name] = value
    return data


# ---- service records --------------------------------------------------------------------------


class ServiceForm(ReadableText, FlaskForm):
    recipient = StringField(lazy_gettext("受送达人"), validators=[
        DataRequired(lazy_gettext("请填写受送达人")),
        Length(max=200, message=lazy_gettext("不超过 200 个字"))])
    method = RadioField(lazy_gettext("送达方式"),
                        choices=[SelectChoice(k, lazy_gettext(v))
                                 for k, v in SERVICE_METHOD_LABELS.items()],
                        validate_choice=False,
                        validators=[DataRequired(lazy_gettext("请选择送达方式")),
                                    AnyOf(SERVICE_METHOD_LABELS,
                                          message=lazy_gettext("请选择送达方式"))])
    electronic_consent = BooleanField(lazy_gettext("受送达人已同意采用电子方式送达"))
    address = StringField(lazy_gettext("送达地址或电子送达地址"), validators=[
        Length(max=300, message=lazy_gettext("不超过 300 个字"))])
    sent_on = LooseDateField(lazy_gettext("送出日期（寄出、发送或公告发布日期）"),
                             validators=[OptionalData()])
    served_on = LooseDateField(lazy_gettext("送达日期"), validators=[OptionalData()])
    via = StringField(lazy_gettext("受委托或者代为转交的机关、单位（委托送达、转交送达时填写）"), validators=[
        Length(max=200, message=lazy_gettext("不超过 200 个字"))])
    note = TextAreaField(lazy_gettext("备注"), validators=[
        Length(max=2000, message=lazy_gettext("不超过 2000 个字"))])


SERVICE_OPTION_HINTS = {
    "direct": lazy_gettext("送达日期为受送达人在送达回证上签收的日期"),
    "refusal": lazy_gettext(
        "受送达人拒收时留置，送达日期为留置之日；请在备注中记明见证人或拍照录像情况"),
    "postal": lazy_gettext(
        "送达日期为回执上注明的收件日期；回执未返回时可先不填，收到后再登记"),
    "electronic": lazy_gettext(
        "须经受送达人同意；送达日期为到达受送达人特定系统的日期，留空则为发送当日"),
    "entrusted": lazy_gettext(
        "直接送达有困难的，委托其他行政复议机关或者有关单位代为送达；送达日期为受送达人签收的日期"),
    "transfer": lazy_gettext(
        "受送达人是军人、被监禁或者被采取强制性教育措施的，通过其所在部队、监所等单位转交；送达日期为签收日期"),
    "announcement": lazy_gettext(
        "自公告发布之日起经过三十日视为送达，系统自动计算；须在备注中写明公告原因"),
}


class ServedOnForm(ReadableText, FlaskForm):
    served_on = LooseDateField(lazy_gettext("回执上的送达日期"),
                               validators=[DataRequired(lazy_gettext("请填写送达日期"))])


# ---- templates --------------------------------------------------------------------------------


class TemplateForm(ReadableText, FlaskForm):
    body = TextAreaField(lazy_gettext("模板内容"),
                         validators=[DataRequired(lazy_gettext("请填写模板内容"))])
    note = StringField(lazy_gettext("修改说明"), validators=[
        Length(max=500, message=lazy_gettext("不超过 500 个字"))])


# ---- verification -----------------------------------------------------------------------------


class VerifyCodeForm(ReadableText, FlaskForm):
    class Meta:
        csrf = False  # a GET look-up form

    code = StringField(lazy_gettext("验证码"),
                       validators=[DataRequired(lazy_gettext("请填写文书上印制的验证码"))])


class VerifyFileForm(FlaskForm):
    file = FileField(lazy_gettext("选择要核对的 PDF 文件"))
