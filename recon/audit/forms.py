"""The audit page's filters (GET parameters; no CSRF: they change nothing)."""

from wtforms import Form, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from recon.audit.actions import AuditAction
from recon.fields import ChoiceSelectField, LooseDateField, ReadableText
from recon.i18n import gettext, lazy_gettext


class AuditFilterForm(ReadableText, Form):
    case = StringField(lazy_gettext("案件编号"), validators=[Length(max=60, message=lazy_gettext("不超过 60 个字"))])
    actor = StringField(lazy_gettext("操作人用户名"), validators=[Length(max=80, message=lazy_gettext("不超过 80 个字"))])
    action = ChoiceSelectField(lazy_gettext("操作"), choices=[
        SelectChoice("", lazy_gettext("全部操作")),
        *(SelectChoice(a.value, lazy_gettext(a.label)) for a in AuditAction)], default="")
    date_from = LooseDateField(lazy_gettext("起始日期"))
    date_to = LooseDateField(lazy_gettext("截止日期"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(gettext("截止日期不能早于起始日期"))
