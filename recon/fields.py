"""WTForms fields and validators shared by every feature's forms (pages and the JSON API)."""

from __future__ import annotations

from datetime import date, datetime

from wtforms import Field, ValidationError
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from recon.formatting import DateInputError, parse_loose_date


class LooseDateField(Field):
    """A date typed in any common form (ux.md C3) or sent as YYYY-MM-DD; keeps the raw text."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.raw_text = ""
        self.parse_error: str | None = None

    def _parse(self, text) -> None:
        self.parse_error = None
        if isinstance(text, datetime):
            text = text.date()
        if isinstance(text, date):
            self.data, self.raw_text = text, text.isoformat()
            return
        self.raw_text = "" if text is None else str(text).strip()
        self.data = None
        if self.raw_text:
            try:
                self.data = parse_loose_date(self.raw_text)
            except DateInputError as exc:
                self.parse_error = str(exc)

    def process_data(self, value):
        self._parse(value)

    def process_formdata(self, valuelist):
        if valuelist:
            self._parse(valuelist[0])

    def pre_validate(self, form):
        if self.parse_error:
            raise ValidationError(self.parse_error)

    def _value(self):
        return self.raw_text


def pick(value, choices: dict[str, str], message: str):
    """Validator helper: value must be one of `choices` (keys)."""
    if value not in choices:
        raise ValidationError(message)


class OptionalData:
    """Like wtforms' Optional, but looks at `data` too, so it works for JSON (`data=`) input."""

    field_flags = {"optional": True}

    def __call__(self, form, field):
        value = field.data
        if value is None or (isinstance(value, str) and not value.strip()):
            field.errors[:] = []
            raise StopValidation()
