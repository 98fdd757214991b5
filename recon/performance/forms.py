"""The performance actions' forms (api.md's style: the field names are the API's body keys).
Shape only: the rules are the status machine's (``recon/performance/steps.py``)."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import NumberRange

from recon.cases.forms import ActionForm, date_field, enum_choices
from recon.fields import ChoiceRadioField, OptionalData, WholeNumberField, stripped
from recon.i18n import lazy_gettext
from recon.performance.models import EnforcedBy, ObligedParty


def obliged_field():
    """Who must perform an agreement (the 调解书's or the 和解协议's terms)."""
    return ChoiceRadioField(lazy_gettext("履行义务人"), default=ObligedParty.RESPONDENT.value,
                            choices=enum_choices(ObligedParty))


def perform_by_field():
    return date_field(lazy_gettext("约定的履行日期（选填）"))


def obligation_field():
    return TextAreaField(lazy_gettext("应当履行的内容（选填，默认为协议的全部条款）"), filters=[stripped])


class RecordPerformanceForm(ActionForm):
    evidence = TextAreaField(lazy_gettext("履行情况和证明材料（选填）"), filters=[stripped])
    scan = StringField(lazy_gettext("证明材料扫描件（上传文件编号）"), filters=[stripped])
    on = date_field(lazy_gettext("履行日期"))


class OrderPerformanceForm(ActionForm):
    days = WholeNumberField(lazy_gettext("限期履行的天数（自责令之日起）"), validators=[
        OptionalData(), NumberRange(1, 365, lazy_gettext("限期履行的天数应为 1 至 365 的整数"))])
    duty = TextAreaField(lazy_gettext("应当履行的内容（选填，默认为原确定的义务）"), filters=[stripped])
    on = date_field(lazy_gettext("责令日期"))


class RecordEnforcementForm(ActionForm):
    by = ChoiceRadioField(lazy_gettext("强制执行的方式"), validators=[OptionalData()],
                          choices=enum_choices(EnforcedBy))
    court = StringField(lazy_gettext("人民法院（申请法院强制执行时填写）"), filters=[stripped])
    court_case_no = StringField(lazy_gettext("法院案号（申请法院强制执行时填写）"), filters=[stripped])
    outcome = TextAreaField(lazy_gettext("强制执行的情况和结果"), filters=[stripped])
    on = date_field(lazy_gettext("强制执行的日期"))


PERFORMANCE_FORMS: dict[str, type[ActionForm]] = {
    "record_performance": RecordPerformanceForm,
    "order_performance": OrderPerformanceForm,
    "record_enforcement": RecordEnforcementForm,
}
