"""The supervisor's follow-up (回访) form: one per open 差评 on the list, told apart by a prefix."""

from __future__ import annotations

from wtforms import Form, TextAreaField
from wtforms.validators import DataRequired, Length

from recon.evaluations.models import NOTE_MAX, NOTE_REQUIRED, NOTE_TOO_LONG
from recon.fields import ReadableText
from recon.i18n import lazy_gettext


class FollowUpForm(ReadableText, Form):
    note = TextAreaField(lazy_gettext("回访情况"), validators=[
        DataRequired(lazy_gettext(NOTE_REQUIRED)),
        Length(max=NOTE_MAX, message=lazy_gettext(NOTE_TOO_LONG, n=NOTE_MAX)),
    ])


def follow_up_form(evaluation_id: int, formdata=None) -> FollowUpForm:
    """The form of one evaluation's row (field names and ids ``ev<id>-note``)."""
    return FollowUpForm(formdata, prefix=f"ev{evaluation_id}")
