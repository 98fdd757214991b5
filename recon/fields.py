"""WTForms fields, validators and error placement shared by every feature's forms (pages and the
JSON API). A required field uses wtforms' ``DataRequired`` (it treats blank text as empty and stops
the chain); a choice is checked with wtforms' ``AnyOf``."""

from __future__ import annotations

from datetime import date, datetime

from wtforms import Field, ValidationError
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from recon.errors import DomainError
from recon.formatting import DateInputError, format_date_iso_weekday, parse_loose_date


class LooseDateField(Field):
    """A date typed in any common form (ux.md C3) or sent as YYYY-MM-DD or a ``date``.

    ``data`` is the date (None when blank or unreadable), the typed text is kept for the page, and
    an unreadable date stops validation with its Chinese message (``parse_error``), prefixed with
    the label when ``label_in_error`` is set (for pages with several date boxes of one kind).
    ``echo`` is the「2026-03-07（星期六）」 shown beside the box.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, label_in_error: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.label_in_error = label_in_error
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
                self.parse_error = f"{self.label.text}：{exc}" if self.label_in_error else str(exc)

    def process_data(self, value):
        self._parse(value)

    def process_formdata(self, valuelist):
        if valuelist:
            self._parse(valuelist[0])

    def pre_validate(self, form):
        if self.parse_error:
            raise StopValidation(self.parse_error)

    def _value(self):
        return self.raw_text

    @property
    def echo(self) -> str:
        return format_date_iso_weekday(self.data)


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


def attach_error(form, exc: DomainError, default: str | None = None) -> None:
    """Show a service's refusal at the field it names, else at ``default``, else at the top of the
    form (``form_errors``)."""
    target = exc.field if exc.field in form else default
    if target:
        form[target].errors = [*form[target].errors, exc.message]
    else:
        form.form_errors.append(exc.message)
