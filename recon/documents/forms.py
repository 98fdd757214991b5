"""Forms of the documents pages: one form per document kind (built from a field list), the
service record, the template editor and the public verification page.

Each kind's fields are data (:data:`KIND_FIELDS`); :func:`document_form` builds the WTForms class
for one case (its parties and issued documents fill the choice lists), ``form.extra()`` turns the
validated input into the JSON ``extra`` that ``contexts.build_context`` reads, and
:func:`initial_data` turns an ``extra`` back into form data for「返回修改」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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

from recon.documents.models import SERVICE_METHOD_LABELS
from recon.documents.pdf import (
    ACCEPTANCE_CONDITIONS,
    DECISION_TYPES,
    SERVICE_METHODS,
    SUSPENSION_CAUSES,
    TERMINATION_CAUSES,
)
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


# ---- the kinds' fields ------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One field of a kind's form. ``label``, ``hint`` and the choices' labels are lazy messages
    (``lazy_gettext``): they are shown in the reader's language."""

    name: str
    label: str
    type: str = "text"  # text textarea lines names date time int bool select party document
    required: bool = False
    hint: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    rows: int = 4
    low: int | None = None
    high: int | None = None
    max_length: int = 20_000


def _numbered(table: dict[int, str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), lazy_gettext("第%(n)s项：%(text)s", n=k, text=lazy_gettext(v)))
                 for k, v in table.items())


LINES_HINT = lazy_gettext("每行一项")
NAMES_HINT = lazy_gettext("多人用顿号分隔")
ACTOR_HINT = lazy_gettext("留空则为当前登录人")
CONDITION_LABEL = lazy_gettext("不符合的受理条件（第三十条第一款）")
RECIPIENT = Spec("recipient_party_id", lazy_gettext("受送达人"), "party", hint=lazy_gettext(
    "留空则按文书默认：通知申请人（答复通知书为被申请人，第三人通知书为第三人）"))

KIND_FIELDS: dict[str, tuple[Spec, ...]] = {
    "receipt": (
        Spec("acceptance_due_on", lazy_gettext("受理审查期限届满日"), "date",
             hint=lazy_gettext("留空则使用期限看板上的受理审查期限")),
        Spec("receiver", lazy_gettext("接收人"), hint=ACTOR_HINT),
    ),
    "oral_record": (
        Spec("place", lazy_gettext("记录地点"), hint=lazy_gettext("留空则为行政复议窗口地址")),
        Spec("recorder", lazy_gettext("记录人"), hint=ACTOR_HINT),
        Spec("staff", lazy_gettext("接待人"), "names", hint=NAMES_HINT),
        Spec("statement", lazy_gettext("其他需要说明的事项"), "textarea",
             hint=lazy_gettext("留空则使用登记时记录的口头申请内容")),
    ),
    "correction_notice": (
        RECIPIENT,
        Spec("items", lazy_gettext("需要补正的事项"), "lines", required=True, rows=6,
             hint=lazy_gettext("每行一项。依照第三十一条，须一次性载明全部需要补正的事项")),
        Spec("reply_due_on", lazy_gettext("补正期限届满日（按成文当日收到估算）"), "date",
             hint=lazy_gettext("选填；申请人实际收到通知书之日起十个工作日")),
    ),
    "acceptance_notice": (
        RECIPIENT,
        Spec("decision_due_on", lazy_gettext("审理期限届满日"), "date",
             hint=lazy_gettext("留空则使用期限看板上的审理期限")),
        Spec("notes", lazy_gettext("其他告知事项"), "lines", hint=LINES_HINT),
    ),
    "refusal_decision": (
        Spec("condition", CONDITION_LABEL, "select", required=True,
             choices=_numbered(ACCEPTANCE_CONDITIONS)),
        Spec("reason", lazy_gettext("审查认定的事实和理由"), "textarea", required=True, rows=5),
        Spec("competent_organ", lazy_gettext("有管辖权的行政复议机关"),
             hint=lazy_gettext("不属于本机关管辖（第六项）时必填")),
        Spec("reconsideration_first", lazy_gettext("属于复议前置的情形（第三十四条）"), "bool"),
    ),
    "reply_notice": (
        RECIPIENT,
        Spec("reply_days", lazy_gettext("答复期限（工作日）"), "int", low=1, high=30,
             hint=lazy_gettext("留空：普通程序十个工作日，简易程序五个工作日")),
        Spec("reply_due_on", lazy_gettext("答复期限届满日（估算）"), "date"),
        Spec("enclosures", lazy_gettext("随附材料"), "lines",
             hint=lazy_gettext("每行一项；留空则为行政复议申请书副本")),
    ),
    "third_party_notice": (
        RECIPIENT,
        Spec("interest", lazy_gettext("与本案的利害关系"),
             hint=lazy_gettext("例如：%(example)s", example="系涉案食品的供货方")),
        Spec("opinion_days", lazy_gettext("提交书面意见期限（工作日）"), "int", low=1, high=30,
             hint=lazy_gettext("留空为十个工作日")),
    ),
    "hearing_notice": (
        RECIPIENT,
        Spec("hearing_date", lazy_gettext("听证日期"), "date", required=True),
        Spec("hearing_time", lazy_gettext("听证开始时间"), "time", required=True,
             hint=lazy_gettext("例如 9:30 或 14:00")),
        Spec("place", lazy_gettext("听证地点"), required=True),
        Spec("issues", lazy_gettext("拟听证事项"), "lines", required=True, hint=LINES_HINT),
        Spec("presiding", lazy_gettext("主持人")),
        Spec("hearing_officers", lazy_gettext("听证员"), "names", hint=NAMES_HINT),
        Spec("recorder", lazy_gettext("记录员")),
    ),
    "suspension_notice": (
        RECIPIENT,
        Spec("cause", lazy_gettext("中止原因（第三十九条第一款）"), "select", required=True,
             choices=_numbered(SUSPENSION_CAUSES)),
        Spec("reason", lazy_gettext("中止的具体情况"), "textarea", required=True),
        Spec("suspended_on", lazy_gettext("中止日期"), "date", required=True),
    ),
    "resumption_notice": (
        RECIPIENT,
        Spec("resumed_on", lazy_gettext("恢复审理日期"), "date", required=True),
        Spec("suspended_on", lazy_gettext("中止日期"), "date"),
        Spec("suspension_number", lazy_gettext("中止通知书文号"),
             hint=lazy_gettext("例如 %(example)s", example="合府复中〔2026〕17号")),
        Spec("reason", lazy_gettext("中止原因消除的情况")),
    ),
    "extension_notice": (
        RECIPIENT,
        Spec("days", lazy_gettext("延长天数"), "int", required=True, low=1, high=30,
             hint=lazy_gettext("最多三十日（第六十二条第一款）；简易程序案件不能延长")),
        Spec("original_due", lazy_gettext("原审理期限届满日"), "date", required=True),
        Spec("new_due", lazy_gettext("延长后的届满日"), "date",
             hint=lazy_gettext("建议按期限看板的计算结果填写；留空则为原届满日加延长天数")),
        Spec("reason", lazy_gettext("延长理由"),
             hint=lazy_gettext("留空为“%(default)s”", default="案情复杂")),
    ),
    "termination_decision": (
        Spec("cause", lazy_gettext("终止原因（第四十一条）"), "select", required=True,
             choices=_numbered(TERMINATION_CAUSES)),
        Spec("reason", lazy_gettext("终止的事实"), "textarea", required=True),
        Spec("withdrawn_on", lazy_gettext("申请撤回日期"), "date",
             hint=lazy_gettext("因撤回申请终止（第一项）时填写")),
        Spec("after_settlement", lazy_gettext("撤回系因双方和解（第七十四条第二款）"), "bool"),
    ),
    "dismissal_decision": (
        Spec("condition", CONDITION_LABEL, "select",
             choices=(("", lazy_gettext("不指明具体项")),)
             + _numbered(ACCEPTANCE_CONDITIONS)),
        Spec("reason", lazy_gettext("审查认定的事实和理由"), "textarea", required=True, rows=5),
        Spec("reconsideration_first", lazy_gettext("属于复议前置的情形（第三十四条）"), "bool"),
    ),
    "decision": (
        Spec("decision_type", lazy_gettext("决定类型"), "select", required=True,
             choices=tuple((k, lazy_gettext("%(label)s（第%(article)s条）",
                                            label=lazy_gettext(label),
                                            article=article))
                           for k, (label, article) in DECISION_TYPES.items())),
        Spec("respondent_reply", lazy_gettext("被申请人称（答复意见）"), "textarea",
             required=True, rows=4),
        Spec("third_party_statement", lazy_gettext("第三人称"), "textarea", rows=3),
        Spec("findings", lazy_gettext("经审理查明"), "textarea", required=True, rows=8),
        Spec("evidence", lazy_gettext("证据"), "lines", rows=5, hint=LINES_HINT),
        Spec("reasoning", lazy_gettext("本机关认为"), "textarea", required=True, rows=8),
        Spec("basis", lazy_gettext("条款细目"),
             hint=lazy_gettext("例如：%(example)s；与决定类型的条文连用", example="第一款第一项")),
        Spec("disposition", lazy_gettext("决定内容"), "textarea", rows=3, hint=lazy_gettext(
            "变更决定写变更后的内容；部分撤销写撤销的部分；责令履行写应履行的职责")),
        Spec("partial", lazy_gettext("部分撤销"), "bool"),
        Spec("performance_days", lazy_gettext("履行或重新作出行政行为的期限（日）"), "int",
             low=1, high=365, hint=lazy_gettext("责令履行时必填")),
        Spec("compensation", lazy_gettext("赔偿或返还"),
             hint=lazy_gettext("一并决定赔偿的（第七十二条）填写")),
        Spec("hearing_on", lazy_gettext("听证日期"), "date"),
        Spec("extended_days", lazy_gettext("已延长审理期限（日）"), "int", low=1, high=30),
        Spec("copy_to", lazy_gettext("抄告"), "lines", hint=lazy_gettext("每行一个机关")),
        Spec("reconsideration_first", lazy_gettext("属于复议前置的情形"), "bool"),
        Spec("final", lazy_gettext("法律规定为最终裁决（不告知起诉权利）"), "bool"),
    ),
    "mediation_document": (
        Spec("terms", lazy_gettext("调解协议内容"), "lines", required=True, rows=6,
             hint=lazy_gettext("每行一条")),
        Spec("facts", lazy_gettext("经审理查明"), "textarea"),
        Spec("respondent_reply", lazy_gettext("被申请人称"), "textarea"),
        Spec("mediation_summary", lazy_gettext("调解经过"), "textarea",
             hint=lazy_gettext("留空则使用标准表述")),
    ),
    "service_receipt": (
        Spec("document_id", lazy_gettext("送达的文书"), "document", required=True),
        Spec("recipient_party_id", lazy_gettext("受送达人"), "party", required=True),
        Spec("method", lazy_gettext("送达方式"), "select", required=True,
             choices=tuple((k, lazy_gettext(v)) for k, v in SERVICE_METHODS.items())),
        Spec("address", lazy_gettext("送达地址"), hint=lazy_gettext("留空则为受送达人登记的地址")),
        Spec("server", lazy_gettext("送达人")),
        Spec("remarks", lazy_gettext("备注")),
    ),
}

COMMON_FIELDS: tuple[Spec, ...] = (
    Spec("contact", lazy_gettext("联系人"), hint=lazy_gettext("印在文书末尾；默认为当前登录人")),
    Spec("phone", lazy_gettext("联系电话")),
)
NO_CONTACT_KINDS = frozenset({"oral_record", "service_receipt"})
INT_SELECTS = frozenset({"condition", "cause"})


def specs_for(kind: str) -> tuple[Spec, ...]:
    extra = () if kind in NO_CONTACT_KINDS else COMMON_FIELDS
    return KIND_FIELDS[kind] + extra


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
