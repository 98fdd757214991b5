"""The application's WTForms classes: one validation path for the pages and /api/v1.

They are plain `wtforms.Form` classes: pages pass `formdata=request.form` (CSRFProtect guards every
page POST), the API passes `data=<json>`. Warnings (never blocking) collect in `form.warnings`.
"""

from __future__ import annotations

import re
from datetime import date

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, StopValidation

from recon import validation as v
from recon.cases.status import Channel, PartyKind
from recon.fields import (
    ChoiceRadioField,
    LooseDateField,
    MomentOrDateField,
    OptionalData,
    ReadableText,
    pick,
    stripped,
)
from recon.i18n import N_, gettext, is_lazy, lazy_gettext
from recon.intake.models import PointKind

# Labels stay Chinese here (extraction only); pages translate them where they show them.
PARTY_KINDS = PartyKind.labels()
AGENT_KINDS = {"lawyer": N_("律师"), "other": N_("其他代理人")}
MAX_AGENTS = 2  # art. 17
MAX_THIRD_PARTIES = 20
LAW_IN_FORCE = date(2024, 1, 1)  # the revised 行政复议法 whose periods recon computes


class _Warnings:
    """Mixin: forms and sub-forms share one warnings list with the field path."""

    def add_warning(self, field, message: str) -> None:
        root = self
        while getattr(root, "_parent_form", None) is not None:
            root = root._parent_form
        key = field.id or field.name
        root.__dict__.setdefault("warnings", {})[key] = message
        root.__dict__.setdefault("warned", {})[key] = warning_token(key, field.data)


def warning_token(key: str, value) -> str:
    """What a page sends back (hidden ``warned`` inputs) to say that the warning on field ``key``
    was shown for this ``value``: the person has seen it, and a changed value is warned again."""
    return f"{key}={value}"


def unseen_warnings(forms, seen) -> dict[str, str]:
    """{field id: message} of the warnings in ``forms`` (a form and its sub-forms) not yet shown
    for the current value (``seen``: the page's ``warned`` inputs). A page shows these beside their
    fields and asks the person to check them before it goes on (never a block)."""
    found = {}
    for form in forms:
        warned = form.__dict__.get("warned") or {}
        for key, message in (form.__dict__.get("warnings") or {}).items():
            if warned.get(key) not in seen:
                found[key] = message
    return found


class RequiredChoiceField(ChoiceRadioField):
    """Radios with nothing ticked beforehand: a question whose answer decides something (e.g. the
    application period) is never pre-answered. Nothing chosen gives ``required_message``."""

    def __init__(self, label=None, validators=None, *, required_message, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def pre_validate(self, form):
        if self.data in (None, "", "None"):
            raise StopValidation(str(self.required_message))
        super().pre_validate(form)


INFORMED_CHOICES = (SelectChoice("yes", lazy_gettext("告知了")),
                    SelectChoice("no", lazy_gettext("没有告知，或者记不清")))
INFORMED_REQUIRED = lazy_gettext("请选择行政机关是否告知了申请行政复议的权利和期限")


#: An e-mail address: syntax only (email-validator), no DNS lookup while someone files.
EMAIL_CHECKS = (Length(max=120, message=lazy_gettext("不超过 120 个字")),
                Email(lazy_gettext("电子邮箱格式不正确，例如 name@example.com"), check_deliverability=False))


class PartyForm(ReadableText, Form, _Warnings):
    kind = StringField(lazy_gettext("申请人类型"), default="person")
    name = StringField(lazy_gettext("姓名或名称"), validators=[
        DataRequired(lazy_gettext("请填写申请人姓名或单位名称")),
        Length(max=200, message=lazy_gettext("不超过 200 个字"))])
    id_number = StringField(lazy_gettext("身份证号码或统一社会信用代码"), validators=[
        DataRequired(lazy_gettext("请填写身份证号码或统一社会信用代码"))])
    phone = StringField(lazy_gettext("联系电话"), validators=[
        DataRequired(lazy_gettext("请填写联系电话，以便我们联系您"))])
    address = StringField(lazy_gettext("住址或住所"), validators=[
        DataRequired(lazy_gettext("请填写住址或单位住所，用于送达文书")),
        Length(max=300, message=lazy_gettext("不超过 300 个字"))])
    postcode = StringField(lazy_gettext("邮政编码"), validators=[OptionalData()])
    email = StringField(lazy_gettext("电子邮箱"), filters=[stripped], validators=[OptionalData(), *EMAIL_CHECKS])
    legal_representative = StringField(lazy_gettext("法定代表人或主要负责人"),
                                       validators=[Length(max=80, message=lazy_gettext("不超过 80 个字"))])

    def validate_kind(self, field):
        pick(field.data or "person", PARTY_KINDS, gettext("申请人类型只能是自然人或法人或其他组织"))

    def validate_id_number(self, field):
        try:
            if (self.kind.data or "person") == "organization":
                field.data = v.check_credit_code(field.data)
            else:
                field.data, warnings = v.check_resident_id(field.data)
                for warning in warnings:
                    self.add_warning(field, warning)
        except v.InvalidValue as exc:
            raise ValidationError(str(exc)) from None

    def validate_phone(self, field):
        try:
            field.data = v.check_phone(field.data)
        except v.InvalidValue as exc:
            raise ValidationError(str(exc)) from None

    def validate_postcode(self, field):
        if field.data:
            try:
                field.data = v.check_postcode(field.data)
            except v.InvalidValue as exc:
                raise ValidationError(str(exc)) from None

    def validate_legal_representative(self, field):
        if self.kind.data == "organization" and not (field.data or "").strip():
            raise ValidationError(gettext("单位申请的，请填写法定代表人或主要负责人姓名"))


class AgentForm(ReadableText, Form, _Warnings):
    name = StringField(lazy_gettext("代理人姓名"), validators=[
        DataRequired(lazy_gettext("请填写代理人姓名")), Length(max=80, message=lazy_gettext("不超过 80 个字"))])
    id_number = StringField(lazy_gettext("代理人身份证号码"), validators=[
        DataRequired(lazy_gettext("请填写代理人身份证号码"))])
    phone = StringField(lazy_gettext("代理人联系电话"), validators=[
        DataRequired(lazy_gettext("请填写代理人联系电话"))])
    kind = StringField(lazy_gettext("代理人类型"), default="other")

    def validate_kind(self, field):
        pick(field.data or "other", AGENT_KINDS, gettext("代理人类型只能是律师或其他代理人"))

    validate_id_number = PartyForm.validate_id_number
    validate_phone = PartyForm.validate_phone


class ThirdPartyForm(ReadableText, Form, _Warnings):
    name = StringField(lazy_gettext("第三人姓名或名称"), validators=[
        DataRequired(lazy_gettext("请填写第三人姓名或名称")),
        Length(max=200, message=lazy_gettext("不超过 200 个字"))])
    id_number = StringField(lazy_gettext("第三人证件号码"), validators=[OptionalData()])

    def validate_id_number(self, field):
        if not field.data:
            return
        try:
            compact = v.compact(field.data)
            if re.fullmatch(r"\d{17}[\dX]", compact):
                field.data, _warnings = v.check_resident_id(compact)
            else:
                field.data = v.check_credit_code(compact)
        except v.InvalidValue as exc:
            raise ValidationError(str(exc)) from None


class RespondentForm(ReadableText, Form):
    name = StringField(lazy_gettext("被申请人"), validators=[
        DataRequired(lazy_gettext("请填写被申请人（作出行政行为的机关）名称")),
        Length(max=200, message=lazy_gettext("不超过 200 个字"))])


class ActForm(ReadableText, Form):
    title = StringField(lazy_gettext("行政行为名称"), validators=[
        DataRequired(lazy_gettext("请填写您不服的行政行为，例如“行政处罚决定书”")),
        Length(max=300, message=lazy_gettext("不超过 300 个字"))])
    doc_no = StringField(lazy_gettext("文书编号（文号）"), validators=[
        OptionalData(), Length(max=120, message=lazy_gettext("不超过 120 个字"))])
    made_on = LooseDateField(lazy_gettext("作出日期"))
    known_on = LooseDateField(lazy_gettext("知道该行为的日期"), validators=[
        DataRequired(lazy_gettext("请填写您知道该行政行为的日期；记不清具体哪一天的，填写大致日期，并说明大致在什么时候、怎样知道的"))])
    #: ux.md A12「记不清具体哪一天」: the date stays required (an approximate one); this says why.
    known_on_note = TextAreaField(lazy_gettext("请说明您大致在什么时候、通过什么方式知道该行政行为"),
                                  filters=[stripped], validators=[
                                      OptionalData(), Length(max=500, message=lazy_gettext("不超过 500 个字"))])
    informed_of_rights = BooleanField(lazy_gettext("行政机关是否告知了申请行政复议的权利和期限"),
                                      default=True)
    #: art. 20 ¶3: when the applicant learned of the right to apply, the organ and the period
    #: (decides timeliness after 60 days when the organ did not tell).
    rights_known_on = LooseDateField(lazy_gettext("知道申请行政复议的权利和期限的日期"))

    def validate_known_on(self, field):
        if self.made_on.data and field.data < self.made_on.data:
            raise ValidationError(gettext("知道日期不能早于行政行为的作出日期"))

    def validate_rights_known_on(self, field):
        if field.data and self.known_on.data and field.data < self.known_on.data:
            raise ValidationError(gettext("知道申请权利的日期不能早于知道该行政行为的日期"))


def _with_consent_only(form, field) -> None:
    """Validator: the e-mail for electronic service counts only with the consent (without it, it is
    neither checked nor kept), and the consent needs one."""
    if not form.e_service.data:
        raise StopValidation()  # no message: no error, the rest of the chain is skipped
    if not field.data:
        raise StopValidation(gettext("同意电子送达的，请填写接收文书的电子邮箱，例如 name@example.com"))


class ServiceForm(ReadableText, Form):
    """送达方式 (domain.md §7.4, ux.md A2): the confirmed 送达地址 and contact phone, and two separate
    opt-ins: electronic service (needs the e-mail to serve to) and SMS notices (to the phone).
    Blank address or phone mean the applicant's own (registration fills them in); the API may
    leave the whole object out."""

    address = StringField(lazy_gettext("送达地址"), filters=[stripped], validators=[
        OptionalData(), Length(max=300, message=lazy_gettext("不超过 300 个字"))])
    phone = StringField(lazy_gettext("联系电话"), filters=[stripped], validators=[OptionalData()])
    e_service = BooleanField(lazy_gettext("同意电子送达"), default=False)
    email = StringField(lazy_gettext("接收电子送达的电子邮箱"), filters=[stripped],
                        validators=[_with_consent_only, *EMAIL_CHECKS])
    sms = BooleanField(lazy_gettext("接收短信通知"), default=False)

    validate_phone = PartyForm.validate_phone


class _PointFields:
    """The intake point (接收点) where the application was handed in, by its code from the admin's
    list (the service checks the code), the point's receipt day and the hand-over to the bureau."""

    point = StringField(lazy_gettext("接收点"), filters=[stripped], validators=[
        OptionalData(), Length(max=20, message=lazy_gettext("不超过 20 个字"))])
    point_received_on = LooseDateField(lazy_gettext("接收点收件日期"))
    handed_over_on = LooseDateField(lazy_gettext("移交本机关日期"))
    handed_over_to = StringField(lazy_gettext("本机关接收人"), filters=[stripped], validators=[
        OptionalData(), Length(max=80, message=lazy_gettext("不超过 80 个字"))])


class PostalForm(ReadableText, _PointFields, Form):
    postmark_on = LooseDateField(lazy_gettext("邮戳日期（交邮日期）"))
    received_on = LooseDateField(lazy_gettext("收件日期"))
    tracking_no = StringField(lazy_gettext("邮件单号"), validators=[
        OptionalData(), Length(max=40, message=lazy_gettext("不超过 40 个字"))])
    sender_address = StringField(lazy_gettext("寄件人地址"), validators=[
        OptionalData(), Length(max=300, message=lazy_gettext("不超过 300 个字"))])


class OnsiteForm(ReadableText, _PointFields, Form):
    received_at = MomentOrDateField(lazy_gettext("接收日期"))
    oral = BooleanField(lazy_gettext("口头申请"), default=False)
    oral_statement = TextAreaField(lazy_gettext("口头申请内容记录"), validators=[
        OptionalData(), Length(max=20000, message=lazy_gettext("不超过 20000 个字"))])

    @property
    def data(self) -> dict:
        """The fields' values and ``received_moment``: the UTC moment of receipt when
        ``received_at`` gave a time (api.md v1.1), else None."""
        return {**super().data, "received_moment": self.received_at.moment}


class PointForm(ReadableText, Form):
    """The admin's intake point (接收点) record."""

    code = StringField(lazy_gettext("编码"), filters=[stripped], validators=[
        DataRequired(lazy_gettext("请填写接收点编码，例如 HJ-01")),
        Length(max=20, message=lazy_gettext("不超过 20 个字"))])
    name = StringField(lazy_gettext("名称"), filters=[stripped], validators=[
        DataRequired(lazy_gettext("请填写接收点名称")), Length(max=200, message=lazy_gettext("不超过 200 个字"))])
    kind = StringField(lazy_gettext("类型"), default="legal_service")
    address = StringField(lazy_gettext("地址"), filters=[stripped], validators=[
        DataRequired(lazy_gettext("请填写接收点地址")), Length(max=300, message=lazy_gettext("不超过 300 个字"))])
    hours = StringField(lazy_gettext("办公时间"), filters=[stripped], validators=[
        OptionalData(), Length(max=200, message=lazy_gettext("不超过 200 个字"))])
    active = BooleanField(lazy_gettext("启用（在办事指南中公布，登记时可选）"), default=True)

    def validate_code(self, field):
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", field.data or ""):
            raise ValidationError(gettext("编码只能由字母、数字、连字符和下划线组成，例如 HJ-01"))

    def validate_kind(self, field):
        pick(field.data, PointKind.labels(),
             gettext("类型只能是公共法律服务站点、川渝通办点或惠企联系点"))


class ApplicationForm(ReadableText, Form, _Warnings):
    """The whole application (api.md "Filing"). Pages fill the same sub-forms step by step."""

    channel = StringField(lazy_gettext("申请渠道"), default="online")
    submission_token = StringField(lazy_gettext("提交标识"), validators=[
        OptionalData(), Length(max=80, message=lazy_gettext("不超过 80 个字"))])
    applicant = FormField(PartyForm)
    agents = FieldList(FormField(AgentForm), max_entries=MAX_AGENTS)
    third_parties = FieldList(FormField(ThirdPartyForm), max_entries=MAX_THIRD_PARTIES)
    respondent = FormField(RespondentForm)
    act = FormField(ActForm)
    request = TextAreaField(lazy_gettext("复议请求"), validators=[
        DataRequired(lazy_gettext("请填写复议请求，例如“请求撤销××行政处罚决定”")),
        Length(max=5000, message=lazy_gettext("不超过 5000 个字"))])
    facts_and_reasons = TextAreaField(lazy_gettext("事实和理由"), validators=[
        DataRequired(lazy_gettext("请填写事实和理由")),
        Length(max=20000, message=lazy_gettext("不超过 20000 个字"))])
    litigation_filed = BooleanField(lazy_gettext("是否已就同一行为向人民法院提起行政诉讼"),
                                    default=False)
    normative_review = TextAreaField(lazy_gettext("一并审查规范性文件的请求"), validators=[
        OptionalData(), Length(max=5000, message=lazy_gettext("不超过 5000 个字"))])
    attachments = FieldList(StringField(lazy_gettext("附件")), max_entries=30)
    service = FormField(ServiceForm)
    postal = FormField(PostalForm)
    onsite = FormField(OnsiteForm)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.warnings: dict[str, str] = {}
        for sub in (self.applicant, self.respondent, self.act, self.service, self.postal, self.onsite):
            sub.form._parent_form = self
        for entry in list(self.agents) + list(self.third_parties):
            entry.form._parent_form = self

    def validate_channel(self, field):
        pick(field.data, Channel.labels(),
             gettext("申请渠道只能是 online（网上）、onsite（现场）或 postal（邮寄）"))

    def validate_litigation_filed(self, field):
        if field.data:
            self.add_warning(field, gettext(
                "已就同一行政行为向人民法院提起诉讼且法院已经受理的，不能再申请行政复议"
                "（行政复议法第二十九条），复议机构审查时会核实"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return self._cross_checks() and ok

    def _cross_checks(self) -> bool:
        ok = True
        today = self.today

        def fail(field, message):
            nonlocal ok
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
            ok = False

        if today:
            for field, message in ((self.act.form.made_on, N_("行政行为作出日期不能晚于今天")),
                                   (self.act.form.known_on, N_("知道日期不能晚于今天")),
                                   (self.act.form.rights_known_on, N_("知道申请权利的日期不能晚于今天"))):
                if field.data and field.data > today:
                    fail(field, gettext(message))
        known_on = self.act.form.known_on.data
        if self.channel.data == "postal":
            postal = self.postal.form
            if today and postal.postmark_on.data and postal.postmark_on.data > today:
                fail(postal.postmark_on, gettext("邮戳日期不能晚于今天，请核对信封上的邮戳"))
            if known_on and postal.postmark_on.data and postal.postmark_on.data < known_on:
                fail(postal.postmark_on, gettext("邮戳日期不能早于知道该行政行为的日期"))
            if not postal.postmark_on.data and not postal.postmark_on.parse_error:
                fail(postal.postmark_on,
                     gettext("邮寄申请请填写信封上的邮戳日期（交邮日期），它决定申请是否超期"))
            if not postal.received_on.data and not postal.received_on.parse_error:
                fail(postal.received_on,
                     gettext("请填写本机关收到邮件的日期，它是受理审查期限的起算日"))
            if postal.postmark_on.data and postal.received_on.data \
                    and postal.received_on.data < postal.postmark_on.data:
                fail(postal.received_on, gettext("收件日期不能早于邮戳日期"))
            if today and postal.received_on.data and postal.received_on.data > today:
                fail(postal.received_on, gettext("收件日期不能晚于今天"))
            self._not_before_the_law(postal.received_on, fail)
            self._point_checks(postal, postal.received_on.data, fail)
        if self.channel.data == "onsite":
            onsite = self.onsite.form
            if onsite.oral.data and not (onsite.oral_statement.data or "").strip():
                fail(onsite.oral_statement,
                     gettext("口头申请的，请当场记录申请人的请求、主要事实、理由和时间"))
            if not onsite.oral.data and (onsite.oral_statement.data or "").strip():
                fail(onsite.oral,
                     gettext("已记录口头申请内容的，请勾选「口头申请」；书面申请的，请清空口头申请内容记录"))
            if today and onsite.received_at.data and onsite.received_at.data > today:
                fail(onsite.received_at, gettext("接收日期不能晚于今天"))
            if known_on and onsite.received_at.data and onsite.received_at.data < known_on:
                fail(onsite.received_at, gettext("接收日期不能早于知道该行政行为的日期"))
            self._not_before_the_law(onsite.received_at, fail)
            self._point_checks(onsite, onsite.received_at.data or today, fail)
        return ok

    def _point_checks(self, sub, received_on, fail) -> None:
        """The point's dates go with a point, in order: handed in at the point (not after the
        registered receipt), then handed over to the bureau; none after today."""
        given = [f for f in (sub.point_received_on, sub.handed_over_on, sub.handed_over_to) if f.data]
        if given and not sub.point.data:
            fail(given[0], gettext("填写接收点收件或移交情况的，请先选择接收点"))
            return
        for field in (sub.point_received_on, sub.handed_over_on):
            if field.data and self.today and field.data > self.today:
                fail(field, gettext("%(label)s不能晚于今天", label=field.label.text))
        if sub.point_received_on.data and sub.handed_over_on.data \
                and sub.handed_over_on.data < sub.point_received_on.data:
            fail(sub.handed_over_on, gettext("移交本机关日期不能早于接收点收件日期"))
        if sub.point_received_on.data and received_on and sub.point_received_on.data > received_on:
            fail(sub.point_received_on, gettext("接收点收件日期不能晚于本机关收到申请的日期"))

    @staticmethod
    def _not_before_the_law(field, fail) -> None:
        """The organ's receipt starts the clocks of the law this system computes; an earlier one is a
        typing error (and a year the case numbering cannot take)."""
        if field.data and field.data < LAW_IN_FORCE:
            fail(field, gettext("%(label)s不能早于 %(date)s（现行《行政复议法》施行之日）",
                                label=field.label.text, date=LAW_IN_FORCE.isoformat()))

    def flat_errors(self) -> dict[str, str]:
        """{"applicant.id_number": "…"} — the api.md error shape, first message per field (as text
        in the reader's locale)."""
        out: dict[str, str] = {}

        def walk(prefix, errors):
            if isinstance(errors, dict):
                for key, value in errors.items():
                    walk(f"{prefix}.{key}" if prefix else str(key), value)
            elif isinstance(errors, list) and errors:
                if all(isinstance(e, str) or is_lazy(e) for e in errors):
                    out[prefix] = str(errors[0])
                else:
                    for index, item in enumerate(errors):
                        if item:
                            walk(f"{prefix}.{index}", item)

        walk("", self.errors)
        return out


class ClerkActForm(ActForm):
    """The act on the clerk's entry page: 「是否告知」is an explicit, required yes / no (ux.md C1)."""

    informed_of_rights = RequiredChoiceField(
        lazy_gettext("行政机关是否告知了申请行政复议的权利和期限"),
        choices=list(INFORMED_CHOICES), required_message=INFORMED_REQUIRED)


class ClerkEntryForm(ApplicationForm):
    """The clerk's entry page (ux.md C1–C3): the whole application, with the act's「是否告知」asked
    as radios. ``application_data()`` gives the data in the API's shape (a bool there)."""

    act = FormField(ClerkActForm)

    def application_data(self) -> dict:
        data = self.data
        data["act"] = dict(data["act"], informed_of_rights=data["act"]["informed_of_rights"] == "yes")
        return data


class HandoverForm(ReadableText, Form):
    """The hand-over of an application from its intake point to the bureau (recorded later)."""

    handed_over_on = LooseDateField(lazy_gettext("移交本机关日期"), validators=[
        DataRequired(lazy_gettext("请填写接收点将材料移交本机关的日期"))])
    handed_over_to = StringField(lazy_gettext("本机关接收人"), filters=[stripped], validators=[
        DataRequired(lazy_gettext("请填写本机关接收人姓名")), Length(max=80, message=lazy_gettext("不超过 80 个字"))])
