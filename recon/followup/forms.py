from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from recon.fields import ChoiceRadioField, LooseDateField, OptionalData, stripped
from recon.followup.models import ProceedingKind
from recon.i18n import lazy_gettext


class ProceedingForm(FlaskForm):
    """A closed case taken to court or petitioned (entered by a handler or clerk)."""

    kind = ChoiceRadioField(lazy_gettext("类型"), choices=[(k, lazy_gettext(v)) for k, v in ProceedingKind.labels().items()],
                            validators=[DataRequired(lazy_gettext("请选择行政诉讼或信访"))])
    on = LooseDateField(lazy_gettext("起诉或信访日期"), validators=[DataRequired(lazy_gettext("请填写起诉或信访的日期"))])
    court = StringField(lazy_gettext("受理法院或信访部门"), filters=[stripped], validators=[
        OptionalData(), Length(max=200, message=lazy_gettext("不超过 200 个字"))])
    number = StringField(lazy_gettext("法院案号或信访编号"), filters=[stripped], validators=[
        OptionalData(), Length(max=80, message=lazy_gettext("不超过 80 个字"))])
    note = StringField(lazy_gettext("备注"), filters=[stripped], validators=[
        OptionalData(), Length(max=500, message=lazy_gettext("不超过 500 个字"))])
