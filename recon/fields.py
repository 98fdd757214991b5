"""WTForms fields, validators and error placement shared by every feature's forms (pages and the
JSON API). A required field uses wtforms' ``DataRequired`` (it treats blank text as empty and stops
the chain); a choice that may be left blank for its default (``field.data or "person"``) is checked
with ``pick`` in the form's ``validate_<field>``, which wtforms' ``AnyOf`` cannot do."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

from wtforms import (
    BooleanField,
    Field,
    FieldList,
    FormField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import StopValidation
from wtforms.widgets import TextArea, TextInput

from recon.errors import DomainError
from recon.formatting import BEIJING, DateInputError, iso_weekday, parse_loose_date
from recon.i18n import N_, gettext, is_lazy

#: A value that is none of the offered choices (only a hand-made request sends one).
NOT_A_CHOICE = N_("请从列出的选项中选择一项")


class LooseDateField(Field):
    """A date typed in any common form (ux.md C3) or sent as YYYY-MM-DD or a ``date``.

    ``data`` is the date (None when blank or unreadable), the typed text is kept for the page, and
    an unreadable date stops validation with its message (``parse_error``), prefixed with
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
                self.parse_error = (gettext("%(label)s：%(error)s", label=self.label.text, error=exc)
                                    if self.label_in_error else str(exc))

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
        return iso_weekday(self.data) if self.data else ""


class MomentOrDateField(LooseDateField):
    """A moment, sent as an ISO 8601 datetime with offset (``2026-11-27T10:30:00+08:00``,
    ``…Z``), or leniently only its day (any form ``LooseDateField`` reads). ``data`` is the day
    (Beijing) either way, so date checks work alike; ``moment`` is the UTC datetime when one
    was given, else None. A datetime without offset is refused: its time zone is unknown."""

    moment: datetime | None = None

    def _parse(self, text) -> None:
        self.moment = None
        if isinstance(text, datetime) or (isinstance(text, str) and (
                "T" in text.upper() or ":" in text)):
            moment = text if isinstance(text, datetime) else _iso_moment(str(text).strip())
            if moment is None:
                self.data, self.raw_text = None, str(text).strip()
                self.parse_error = gettext(
                    "%(label)s：时间格式应为带时区的 ISO 8601，例如 2026-11-27T10:30:00+08:00，"
                    "或只填日期 2026-11-27", label=self.label.text)
                return
            self.moment = moment.astimezone(UTC)
            self.parse_error = None
            self.data = moment.astimezone(BEIJING).date()
            self.raw_text = moment.isoformat() if isinstance(text, datetime) else str(text).strip()
            return
        super()._parse(text)


def _iso_moment(text: str) -> datetime | None:
    """An aware datetime from ISO 8601 text, None when unreadable or without offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class WholeNumberField(IntegerField):
    """An integer typed on a page or sent as a JSON number; an unreadable one stops validation
    with a message in the reader's language (wtforms says "Not a valid integer value.")."""

    parse_error: str | None = None

    def _read(self, value) -> None:
        self.parse_error, self.data = None, None
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        try:
            if isinstance(value, bool):
                raise ValueError(value)
            self.data = int(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            self.parse_error = gettext("%(field)s应为整数", field=self.label.text)

    def process_formdata(self, valuelist):
        if valuelist:
            self._read(valuelist[0])

    def process_data(self, value):
        self._read(value)

    def pre_validate(self, form):
        if self.parse_error:
            raise StopValidation(self.parse_error)


class LinesField(Field):
    """A list of short texts: one per line in a page's textarea, or a JSON array of strings.
    ``data`` is the non-blank lines, stripped (ux.md A9: every item at once)."""

    widget = TextArea()
    json_list = True  # json_shape: an array of strings is this field's JSON form

    def _set(self, value) -> None:
        if isinstance(value, str):
            value = value.splitlines()
        self.data = [str(item).strip() for item in value or () if str(item or "").strip()]

    def process_data(self, value):
        self._set(value)

    def process_formdata(self, valuelist):
        if valuelist:
            self._set(valuelist[0] if len(valuelist) == 1 else valuelist)

    def _value(self):
        return "\n".join(self.data or ())


class AnswerField(BooleanField):
    """Yes, no or not answered: JSON ``true`` / ``false`` / ``null``; on a page, radios with the
    values ``yes``, ``no`` and ``""``. ``data`` is True, False or None."""

    YES = ("yes", "true", "1")
    NO = ("no", "false", "0")

    def process_data(self, value):
        self.data = None if value is None else bool(value)

    def process_formdata(self, valuelist):
        word = (valuelist[0] if valuelist else "").strip().lower()
        self.data = True if word in self.YES else False if word in self.NO else None
        if self.data is None and word:
            self.process_errors.append(gettext(NOT_A_CHOICE))

    def _value(self):
        return {True: "yes", False: "no"}.get(self.data, "")


class _ChoiceInChinese:
    """A value outside ``choices`` is refused in the reader's language (wtforms says "Not a valid
    choice."), never read as the default or as yes / no."""

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(gettext(NOT_A_CHOICE)) from None


class ChoiceRadioField(_ChoiceInChinese, RadioField):
    """RadioField that refuses an unknown value in Chinese (keep ``validate_choice`` on)."""


class ChoiceSelectField(_ChoiceInChinese, SelectField):
    """SelectField that refuses an unknown value in Chinese (keep ``validate_choice`` on)."""


# ---- invisible and control characters (issue 12) -------------------------------------------------

#: Kept in free text: tab and line breaks
FREE_TEXT_CONTROLS = frozenset("\t\n\r")
ZERO_WIDTH_JOINER = "\u200d"


def invisible(ch: str) -> bool:
    """A character that shows nothing or changes how the text around it shows: C0 and C1 controls
    and DEL (ESC…), format characters (right-to-left override and the other bidi controls, zero-width
    space and joiners, byte-order mark, soft hyphen), line and paragraph separators, noncharacters
    (U+FFFF, U+FDD0…)."""
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
        return True
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def strip_invisible(value):
    """Filter for free text: drop invisible characters but keep tabs and line breaks, NUL (refused
    by ``readable_text``) and the zero-width joiner inside an emoji sequence (👨‍👩‍👧)."""
    if not isinstance(value, str):
        return value
    return "".join(ch for index, ch in enumerate(value)
                   if ch in FREE_TEXT_CONTROLS or ch == "\x00" or not invisible(ch) or _joins_emoji(value, index))


def _joins_emoji(value: str, index: int) -> bool:
    return (value[index] == ZERO_WIDTH_JOINER and 0 < index < len(value) - 1
            and _emoji(value[index - 1]) and _emoji(value[index + 1]))


def _emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or ch == "\ufe0f"


def single_line(field) -> bool:
    """A one-line box (names, identifiers, numbers, addresses): it refuses what free text strips."""
    return isinstance(field, StringField) and not isinstance(field, TextAreaField | PasswordField)


def readable_text(form, field):
    """Validator: refuse text with NUL (PostgreSQL refuses it) or a lone surrogate, as ``json_shape``
    does for JSON bodies, with the field's own message instead of a 500; in a one-line box also a
    line break or an invisible character (``invisible``): a name must read the same on every page
    and document. (Blank text is left to the field's "required" message.)"""
    values = [value for value in (field.raw_data if field.raw_data else [field.data]) if isinstance(value, str)]
    if any(_bad_text(value) for value in values):
        raise StopValidation(gettext("%(field)s含有无法识别的字符，请删除后重新提交", field=field.label.text))
    if single_line(field) and any(invisible(ch) for value in values if value.strip() for ch in value):
        raise StopValidation(gettext(INVISIBLE_MESSAGE, field=field.label.text))


#: A one-line box with a line break or an invisible character
INVISIBLE_MESSAGE = N_("%(field)s不能含有换行、制表符或看不见的控制字符（如零宽字符、文字方向控制符），请删除后重新输入")


class ReadableText:
    """Form mixin: every field of the form is checked with ``readable_text`` first, and free text
    (a TextAreaField) loses its invisible characters (``strip_invisible``). Put it before ``Form`` /
    ``FlaskForm`` in the bases; sub-forms (``FormField``) need it too."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            field.validators = [readable_text, *field.validators]
            if isinstance(field, TextAreaField):
                field.filters = (*field.filters, strip_invisible)
            return field


def stripped(value):
    """Filter: text without the spaces around it (a pasted or auto-completed address often ends in
    one), so a check of its format does not refuse what the person cannot see."""
    return value.strip() if isinstance(value, str) else value


def leaf_fields(form):
    """The input fields of ``form`` (or of a FieldList), inside its FormField / FieldList parts too."""
    for field in form:
        if field.type == "FormField":
            yield from leaf_fields(field.form)
        elif field.type == "FieldList":
            for entry in field:
                yield from (leaf_fields(entry.form) if entry.type == "FormField" else [entry])
        else:
            yield field


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


# ---- JSON bodies (the API passes ``data=<json>``) -----------------------------------------------


def _label(unbound, path: str) -> str:
    label = unbound.kwargs.get("label")
    if label is None and unbound.args and (isinstance(unbound.args[0], str) or is_lazy(unbound.args[0])):
        label = unbound.args[0]
    return gettext("%(path)s（%(label)s）", path=path, label=label) if label else path


def _bad_text(value: str) -> bool:
    """NUL (PostgreSQL refuses it) or a lone surrogate (not encodable as UTF-8)."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def json_shape(form_class, payload: dict, prefix: str = "") -> tuple[dict, dict[str, str]]:
    """Check a JSON body against ``form_class`` before WTForms sees it: sub-forms must be objects,
    lists arrays (no longer than ``max_entries``), text strings, checkboxes true/false; ``null`` is
    "not given" (the key is left out, so the field's default applies), except as a list entry.
    Returns (the body with only the form's own keys, {"field.path": message}).

    WTForms' ``data=`` takes whatever it is given, so without this a list where text belongs, an
    object with a ``prefix`` key or a fourth agent ends in a TypeError or an assertion (a 500)."""
    clean: dict = {}
    errors: dict[str, str] = {}

    def check(unbound, value, path: str, nullable: bool = True):
        field_class = unbound.field_class
        if value is None and nullable:
            return None
        if issubclass(field_class, FormField):
            if not isinstance(value, dict):
                errors[path] = gettext("%(field)s应为 JSON 对象（{…}）", field=_label(unbound, path))
                return None
            sub_form = unbound.kwargs.get("form_class") or unbound.args[0]
            sub, sub_errors = json_shape(sub_form, value, f"{path}.")
            errors.update(sub_errors)
            return sub
        if issubclass(field_class, FieldList):
            inner = unbound.kwargs.get("unbound_field") or unbound.args[0]
            limit = unbound.kwargs.get("max_entries")
            if not isinstance(value, list):
                errors[path] = gettext("%(field)s应为 JSON 数组（[…]）", field=_label(unbound, path))
                return None
            if limit is not None and len(value) > limit:
                errors[path] = gettext("%(field)s最多 %(limit)d 项，收到 %(count)d 项",
                                       field=_label(unbound, path), limit=limit, count=len(value))
                return None
            return [check(inner, item, f"{path}.{index}", nullable=False) for index, item in enumerate(value)]
        if getattr(field_class, "json_list", False) and isinstance(value, list):
            if not all(isinstance(item, str) and not _bad_text(item) for item in value):
                errors[path] = gettext("%(field)s应为文字数组（[\"…\"]）", field=_label(unbound, path))
                return None
            return value
        if issubclass(field_class, IntegerField) and isinstance(value, int) and not isinstance(value, bool):
            return value
        if issubclass(field_class, BooleanField):
            if not isinstance(value, bool):
                errors[path] = gettext("%(field)s应为 true 或 false", field=_label(unbound, path))
                return None
            return value
        if not isinstance(value, str):
            errors[path] = gettext("%(field)s应为文字（JSON 字符串）", field=_label(unbound, path))
            return None
        if _bad_text(value):
            errors[path] = gettext("%(field)s含有无法识别的字符，请删除后重新提交", field=_label(unbound, path))
            return None
        return value

    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if isinstance(unbound, UnboundField) and payload.get(name) is not None:
            clean[name] = check(unbound, payload[name], prefix + name)
    return clean, errors
