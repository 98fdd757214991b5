"""The wizard's page forms (ux.md A2–A14).

Each step reuses the lead-owned sub-forms of `recon.intake.forms` (PartyForm, AgentForm,
ThirdPartyForm, RespondentForm, ActForm and ApplicationForm's own fields), so a page checks a step
with exactly the rules that `ApplicationForm` applies again on submission. The subclasses here only
change how a value is *entered* on a page: radio buttons instead of free text for kinds and yes/no
questions, and three 年 / 月 / 日 boxes for a date (A12). The draft stores the API shape
(api.md "Filing"), never page field names: each step form's `values()` is what the page saves
into the draft, and `page_data(draft data)` gives the page's field values back.
"""

from __future__ import annotations

from datetime import date

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    MultipleFileField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from recon.cases.status import MaterialItem
from recon.errors import ValidationFailed
from recon.evaluations.answers import check_answers
from recon.evaluations.models import Level, Reason
from recon.fields import ChoiceRadioField, ChoiceSelectField, ReadableText
from recon.formatting import DateInputError, date_from_parts
from recon.i18n import lazy_gettext
from recon.intake.forms import (
    AGENT_KINDS,
    INFORMED_CHOICES,
    MAX_AGENTS,
    MAX_THIRD_PARTIES,
    PARTY_KINDS,
    ActForm,
    AgentForm,
    ApplicationForm,
    PartyForm,
    RequiredChoiceField,
    RespondentForm,
    ServiceForm,
    ThirdPartyForm,
)


def _choices(pairs) -> list[SelectChoice]:
    """Choices whose labels are already translatable (``lazy_gettext``)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _shown_choices(labels: dict) -> list[SelectChoice]:
    """Choices from another feature's table of Chinese labels (kept Chinese there, as they are
    stored or printed too), translated when the page is rendered."""
    return [SelectChoice(value, lazy_gettext(label)) for value, label in labels.items()]


#: The 材料清单 items an applicant tags uploads with (labels shared with the staff pages).
MATERIAL_ITEMS = {key: MaterialItem(key).label
                  for key in ("identity", "decision", "evidence", "power_of_attorney", "other")}


def _filled(form: Form, names: tuple[str, ...]) -> bool:
    return any((getattr(form, n).data or "").strip() for n in names)


class _YesNoRowsStep(ReadableText, Form):
    """A page whose yes/no question (the field ``question_field``) reveals a list of rows (the
    FieldList ``list_field``): on "yes" the first row is checked, and any later row with one of
    ``row_fields`` filled in; a "no" hides the rows, so nothing in them is checked or kept."""

    question_field: str
    list_field: str
    row_fields: tuple[str, ...]

    def validate(self, extra_validators=None):
        ok = self[self.question_field].validate(self)
        rows = self[self.list_field]
        rows.errors = []
        if self.answered_yes():
            for index, entry in enumerate(rows.entries):
                if index == 0 or _filled(entry.form, self.row_fields):
                    ok = entry.validate(self) and ok
                else:
                    entry.form._errors = None
                    for sub in entry.form:
                        sub.errors = []
                rows.errors.append(entry.errors)
            if not any(rows.errors):
                rows.errors = []
        self._errors = None  # Form.errors is cached; recompute from the fields
        return ok

    def answered_yes(self) -> bool:
        return self[self.question_field].data == "yes"

    def values(self) -> dict:
        filled = []
        if self.answered_yes():
            filled = [_strip(e.form.data) for i, e in enumerate(self[self.list_field].entries)
                      if i == 0 or _filled(e.form, self.row_fields)]
        return {self.question_field: self.answered_yes(), self.list_field: filled}

    @classmethod
    def page_data(cls, data: dict) -> dict:
        return {cls.question_field: "yes" if data.get(cls.question_field) else "no",
                cls.list_field: data.get(cls.list_field) or []}


# ---- 须知 (A2) -----------------------------------------------------------------------------------


class NoticeForm(ReadableText, Form):
    acknowledged = BooleanField(lazy_gettext("我已阅读并知悉以上申请须知和个人信息处理告知"),
                                validators=[DataRequired(lazy_gettext("请勾选“我已阅读并知悉”后继续"))])


# ---- 申请人 ----------------------------------------------------------------------------------------


class ApplicantStepForm(PartyForm):
    kind = RadioField(lazy_gettext("申请人是个人还是单位？"), choices=_shown_choices(PARTY_KINDS), default="person",
                      validate_choice=False)

    def values(self) -> dict:
        values = _strip(self.data)
        if values.get("kind") != "organization":  # the hidden box of a person is not kept
            values["legal_representative"] = ""
        return {"applicant": values}

    @staticmethod
    def page_data(data: dict) -> dict:
        return dict(data.get("applicant") or {})


# ---- 代理人 (art. 17: up to 2) ---------------------------------------------------------------------


class AgentEntryForm(AgentForm):
    kind = RadioField(lazy_gettext("代理人类型"), choices=_shown_choices(AGENT_KINDS), default="other",
                      validate_choice=False)


class AgentsStepForm(_YesNoRowsStep):
    question_field, list_field = "has_agents", "agents"
    row_fields = ("name", "id_number", "phone")

    has_agents = ChoiceRadioField(lazy_gettext("您是否委托代理人？"), choices=_choices([
        ("no", lazy_gettext("不委托，由申请人自己办理")), ("yes", lazy_gettext("委托代理人（最多 2 名）"))]),
        default="no")
    agents = FieldList(FormField(AgentEntryForm), min_entries=MAX_AGENTS, max_entries=MAX_AGENTS)


# ---- 第三人 ----------------------------------------------------------------------------------------

class ThirdPartiesStepForm(_YesNoRowsStep):
    question_field, list_field = "has_third_parties", "third_parties"
    row_fields = ("name", "id_number")

    has_third_parties = ChoiceRadioField(lazy_gettext("是否有第三人？"), choices=_choices([
        ("no", lazy_gettext("没有，或者不清楚")), ("yes", lazy_gettext("有"))]), default="no")
    third_parties = FieldList(FormField(ThirdPartyForm), min_entries=1, max_entries=MAX_THIRD_PARTIES)


# ---- 被申请人 --------------------------------------------------------------------------------------


class RespondentStepForm(RespondentForm):
    def values(self) -> dict:
        return {"respondent": _strip(self.data)}

    @staticmethod
    def page_data(data: dict) -> dict:
        return dict(data.get("respondent") or {})


# ---- 行政行为 (A12 dates) --------------------------------------------------------------------------

DATE_PARTS = ("year", "month", "day")
#: The two dates of the page, with the message when one is later than today.
DATE_NOT_IN_FUTURE = {"made_on": lazy_gettext("行政行为作出日期不能晚于今天"),
                      "known_on": lazy_gettext("知道日期不能晚于今天"),
                      "rights_known_on": lazy_gettext("知道申请权利的日期不能晚于今天")}


class ActStepForm(ActForm):
    """ActForm with each date typed as 年 / 月 / 日. After `validate()` a date's error sits on the
    part it names (the first part for a whole-date error), and `date_errors[name]` holds
    (message, part or None) for the template."""

    made_on_year = StringField(lazy_gettext("年"))
    made_on_month = StringField(lazy_gettext("月"))
    made_on_day = StringField(lazy_gettext("日"))
    known_on_year = StringField(lazy_gettext("年"))
    known_on_month = StringField(lazy_gettext("月"))
    known_on_day = StringField(lazy_gettext("日"))
    rights_known_on_year = StringField(lazy_gettext("年"))
    rights_known_on_month = StringField(lazy_gettext("月"))
    rights_known_on_day = StringField(lazy_gettext("日"))
    informed_of_rights = RequiredChoiceField(
        lazy_gettext("行政机关作出该行为时，是否告知了您可以申请行政复议，以及向哪个机关、在多长期限内申请？"),
        choices=list(INFORMED_CHOICES),
        required_message=lazy_gettext("请选择行政机关是否告知了您申请行政复议的权利和期限"))

    def __init__(self, formdata=None, today: date | None = None, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
        self.today = today
        self._part: dict[str, str | None] = {}
        self.date_errors: dict[str, tuple[str, str | None]] = {}
        for name in DATE_NOT_IN_FUTURE:
            self._combine(name)

    def _combine(self, name: str) -> None:
        field = getattr(self, name)
        texts = [(getattr(self, f"{name}_{p}").data or "").strip() for p in DATE_PARTS]
        field.data, field.raw_text, field.parse_error = None, "", None
        if not any(texts):
            return
        try:
            field.data = date_from_parts(*texts)
            field.raw_text = field.data.isoformat()
        except DateInputError as exc:
            field.parse_error = str(exc)
            self._part[name] = exc.part or "year"

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.today:
            for name, message in DATE_NOT_IN_FUTURE.items():
                field = getattr(self, name)
                if field.data and field.data > self.today and not field.errors:
                    field.errors.append(str(message))
                    ok = False
        for name in DATE_NOT_IN_FUTURE:
            field = getattr(self, name)
            if field.errors:
                part = self._part.get(name)
                getattr(self, f"{name}_{part or 'year'}").errors = [field.errors[0]]
                self.date_errors[name] = (field.errors[0], part)
                field.errors = []
        self._errors = None
        return ok

    def values(self) -> dict:
        return {"act": {
            "title": (self.title.data or "").strip(),
            "doc_no": (self.doc_no.data or "").strip(),
            "made_on": self.made_on.data.isoformat() if self.made_on.data else None,
            "known_on": self.known_on.data.isoformat() if self.known_on.data else None,
            "informed_of_rights": self.informed_of_rights.data != "no",
            "known_on_note": (self.known_on_note.data or "").strip(),
        } | ({"rights_known_on": self.rights_known_on.data.isoformat()} if self.rights_known_on.data else {})}

    @staticmethod
    def page_data(data: dict) -> dict:
        """The draft's act (API shape) as this page's field values."""
        act = data.get("act") or {}
        out = {"title": act.get("title") or "", "doc_no": act.get("doc_no") or "",
               "informed_of_rights": {True: "yes", False: "no"}.get(act.get("informed_of_rights")),
               "known_on_note": act.get("known_on_note") or ""}
        for name in DATE_NOT_IN_FUTURE:
            value = act.get(name)
            day = date.fromisoformat(value) if value else None
            for part in DATE_PARTS:
                out[f"{name}_{part}"] = str(getattr(day, part)) if day else ""
        return out


# ---- 复议请求, 事实和理由 --------------------------------------------------------------------------


class RequestStepForm(ReadableText, Form):
    request = ApplicationForm.request

    def values(self) -> dict:
        return {"request": (self.request.data or "").strip()}

    @staticmethod
    def page_data(data: dict) -> dict:
        return {"request": data.get("request") or ""}


class FactsStepForm(ReadableText, Form):
    facts_and_reasons = ApplicationForm.facts_and_reasons
    litigation_filed = ChoiceRadioField(lazy_gettext("您是否已经就同一行政行为向人民法院提起行政诉讼？"), choices=_choices([
        ("no", lazy_gettext("没有")), ("yes", lazy_gettext("已经起诉"))]), default="no")
    normative_review = ApplicationForm.normative_review

    def values(self) -> dict:
        return {"facts_and_reasons": (self.facts_and_reasons.data or "").strip(),
                "litigation_filed": self.litigation_filed.data == "yes",
                "normative_review": (self.normative_review.data or "").strip() or None}

    @staticmethod
    def page_data(data: dict) -> dict:
        return {"facts_and_reasons": data.get("facts_and_reasons") or "",
                "litigation_filed": "yes" if data.get("litigation_filed") else "no",
                "normative_review": data.get("normative_review") or ""}


# ---- 证据材料 (A11) --------------------------------------------------------------------------------


class EvidenceForm(ReadableText, Form):
    item = ChoiceSelectField(lazy_gettext("这些文件属于哪一类材料？"), choices=_shown_choices(MATERIAL_ITEMS),
                             default="evidence")
    files = MultipleFileField(lazy_gettext("选择文件"))


# ---- 送达方式 (A2, A5; domain.md §7.4) --------------------------------------------------------------


class ServiceStepForm(ServiceForm):
    """The 送达地址确认 page: address and phone are asked here (pre-filled from the applicant step),
    the two opt-ins start unticked."""

    REQUIRED = {"address": lazy_gettext("请填写送达地址，用于邮寄送达文书"),
                "phone": lazy_gettext("请填写联系电话，以便我们联系您")}

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        for name, message in self.REQUIRED.items():  # blank means "the applicant's" only in the API
            if not self[name].data and not self[name].errors:
                self[name].errors = [str(message)]
                ok = False
        self._errors = None
        return ok

    def values(self) -> dict:
        consent = bool(self.e_service.data)
        return {"service": {"address": self.address.data or "", "phone": self.phone.data or "",
                            "e_service": consent, "email": (self.email.data or "") if consent else "",
                            "sms": bool(self.sms.data)}}

    @staticmethod
    def page_data(data: dict) -> dict:
        """The saved answers, or (first visit) the applicant's address, phone and e-mail (A5)."""
        service = data.get("service")
        if service:
            return dict(service)
        applicant = data.get("applicant") or {}
        return {"address": applicant.get("address") or "", "phone": applicant.get("phone") or "",
                "email": applicant.get("email") or "", "e_service": False, "sms": False}


# ---- 办理进度查询 (A10) ----------------------------------------------------------------------------


class LookupForm(ReadableText, Form):
    case_no = StringField(lazy_gettext("申请编号"), validators=[DataRequired(
        lazy_gettext("请填写申请编号，例如 %(example)s", example="合府复〔2026〕17号"))])
    query_code = StringField(lazy_gettext("查询码"),
                             validators=[DataRequired(lazy_gettext("请填写 8 位查询码（在提交回执上）"))])


# ---- 好差评 (A15) ------------------------------------------------------------------------------------


class EvaluationForm(ReadableText, Form):
    """Five levels; the reasons and the comment count for 不满意 / 非常不满意 only. The rules are
    `recon.evaluations.answers.check_answers`, which the service applies again."""

    level = RadioField(lazy_gettext("您对本次行政复议申请服务的评价"), choices=_shown_choices(Level.labels()),
                       validate_choice=False)
    reasons = SelectMultipleField(lazy_gettext("不满意的原因（可多选）"), choices=_shown_choices(Reason.labels()),
                                  validate_choice=False)
    comment = TextAreaField(lazy_gettext("您的意见和建议"))
    contact_ok = BooleanField(lazy_gettext("同意工作人员就这条评价与我联系"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        try:
            check_answers(self.level.data, self.reasons.data, self.comment.data)
        except ValidationFailed as exc:
            for name, message in exc.errors.items():
                self[name].errors = [*self[name].errors, message]
            ok = False
        self._errors = None  # Form.errors is cached; recompute from the fields
        return ok


def _strip(values: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
