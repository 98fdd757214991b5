"""The admin's choice of the statistics definitions (口径)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from recon.fields import ChoiceRadioField, OptionalData, stripped
from recon.i18n import lazy_gettext
from recon.stats.definitions import CORRECTION_DENOMINATORS, SUBSTANTIVE_BASES


class DefinitionForm(FlaskForm):
    correction_denominator = ChoiceRadioField(
        lazy_gettext("纠错率的分母"), choices=[(k, lazy_gettext(v)) for k, v in CORRECTION_DENOMINATORS.items()],
        validators=[DataRequired(lazy_gettext("请选择纠错率的分母"))])
    substantive_basis = ChoiceRadioField(
        lazy_gettext("实质化解率的口径"), choices=[(k, lazy_gettext(v)) for k, v in SUBSTANTIVE_BASES.items()],
        validators=[DataRequired(lazy_gettext("请选择实质化解率的口径"))])
    note = StringField(lazy_gettext("依据或说明"), filters=[stripped], validators=[
        OptionalData(), Length(max=500, message=lazy_gettext("不超过 500 个字"))])
