"""The workflow actions' forms, for the case pages and the JSON API alike (api.md "Acting": the
field names are the API's body keys). They check the shape of the input (dates readable, numbers
whole, choices known); the rules of each action (what is required when, dates against the case's
history) are the status machine's (``recon/cases/workflow.py``), whose refusals the page shows at
the field they name (``recon.fields.attach_error``)."""

from __future__ import annotations

from wtforms import Form, StringField, TextAreaField
from wtforms.validators import NumberRange

from recon.cases.grounds import MAX_CORRECTION_EXTENSION, REFUSAL_CONDITIONS, SimpleGround
from recon.cases.status import Procedure
from recon.fields import (
    ChoiceRadioField,
    LinesField,
    LooseDateField,
    OptionalData,
    ReadableText,
    WholeNumberField,
    stripped,
)
from recon.i18n import is_lazy, lazy_gettext


class ActionForm(ReadableText, Form):
    """Every action's form carries the case ``version`` the person saw (optimistic locking)."""

    version = WholeNumberField(lazy_gettext("版本"), validators=[OptionalData()])

    def action_data(self) -> dict:
        """The cleaned body for ``workflow.perform`` (without ``version``)."""
        return {name: field.data for name, field in self._fields.items() if name != "version"}

    def flat_errors(self) -> dict[str, str]:
        """{"field": "message"} (api.md's error shape), the first message of each field."""
        out = {name: str(errors[0]) for name, errors in self.errors.items()
               if errors and (isinstance(errors[0], str) or is_lazy(errors[0]))}
        return out


def _on(label):
    return LooseDateField(label, validators=[OptionalData()])


class AcceptForm(ActionForm):
    procedure = ChoiceRadioField(
        lazy_gettext("审理程序"), default=Procedure.ORDINARY.value,
        choices=[(p.value, lazy_gettext(p.label)) for p in (Procedure.ORDINARY, Procedure.SIMPLE)])
    simple_ground = ChoiceRadioField(
        lazy_gettext("适用简易程序的情形（第五十三条）"), validators=[OptionalData()], validate_choice=True,
        choices=[(g.value, lazy_gettext(g.label)) for g in SimpleGround])
    on = _on(lazy_gettext("受理日期"))


class RefuseForm(ActionForm):
    condition = WholeNumberField(lazy_gettext("不符合的受理条件（第三十条第一款）"), validators=[
        OptionalData(), NumberRange(1, len(REFUSAL_CONDITIONS), lazy_gettext("请从第一项至第七项中选择不符合的受理条件"))])
    reason = TextAreaField(lazy_gettext("不予受理的理由"), filters=[stripped])
    competent_organ = StringField(lazy_gettext("有管辖权的行政复议机关（因管辖不予受理时必填）"), filters=[stripped])
    on = _on(lazy_gettext("决定日期"))


class RequestCorrectionForm(ActionForm):
    items = LinesField(lazy_gettext("需要补正的材料或事项（每行一项，一次性列明全部事项）"))
    on = _on(lazy_gettext("通知日期"))
    notice_served_on = _on(lazy_gettext("补正通知送达申请人的日期"))


class RecordCorrectionForm(ActionForm):
    received_on = _on(lazy_gettext("收到补正材料的日期"))
    note = TextAreaField(lazy_gettext("说明（选填）"), filters=[stripped])


class ExtendCorrectionForm(ActionForm):
    days = WholeNumberField(lazy_gettext("延长的工作日数"), validators=[
        OptionalData(), NumberRange(1, MAX_CORRECTION_EXTENSION,
                                lazy_gettext("延长的工作日数应为 1 至 %(n)d 的整数", n=MAX_CORRECTION_EXTENSION))])
    reason = TextAreaField(lazy_gettext("延长的正当理由"), filters=[stripped])
    on = _on(lazy_gettext("批准延长的日期"))


class AssignForm(ActionForm):
    handler = StringField(lazy_gettext("承办人"), filters=[stripped])
    on = _on(lazy_gettext("指派日期"))


class DismissForm(ActionForm):
    reason = TextAreaField(lazy_gettext("驳回申请的理由"), filters=[stripped])
    on = _on(lazy_gettext("决定日期"))


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "accept": AcceptForm,
    "refuse": RefuseForm,
    "request_correction": RequestCorrectionForm,
    "record_correction": RecordCorrectionForm,
    "extend_correction": ExtendCorrectionForm,
    "assign": AssignForm,
    "dismiss": DismissForm,
}


def _register_mediation() -> None:
    from recon.mediation.forms import MEDIATION_FORMS

    ACTION_FORMS.update(MEDIATION_FORMS)


_register_mediation()

