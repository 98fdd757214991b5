"""Translation of the messages people read on pages (design.md §8). Pure: stdlib and babel only.

Message ids are the Chinese text; English is the second locale (``recon/translations/en``).
The web layer installs the translations of the current request (``install``); without it, and
inside ``source_language()``, every message stays Chinese. That is what the CLI, the scheduler
and anything written into a record need: audit entries, timeline summaries and issued documents
are kept in Chinese whatever the reader's locale.

* ``gettext("该案件不存在")``: the message now, in the reader's locale.
* ``gettext("最多上传 %(n)d 个文件", n=30)``: placeholders are ``%(name)s`` style.
* ``pgettext("heading", "期限")``: the same Chinese, told apart for English ("Deadlines").
* ``lazy_gettext(...)``: translated when it is turned into text; for labels and messages that
  are defined at import time (form fields, validator messages, tables of labels).
* ``N_(...)``: marks a fixed text for extraction only; translate it where it is shown with
  ``gettext(value)`` (``{{ _(value) }}`` in templates), e.g. a stored deadline label.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

from babel.support import LazyProxy

__all__ = ["N_", "LabelledEnum", "gettext", "install", "is_lazy", "lazy_gettext", "ngettext",
           "pgettext", "source_language"]

_SOURCE = _gettext.NullTranslations()
_provider: Callable[[], _gettext.NullTranslations] = lambda: _SOURCE  # noqa: E731
_in_source: ContextVar[bool] = ContextVar("recon_i18n_source", default=False)


def install(provider: Callable[[], _gettext.NullTranslations]) -> None:
    """Use ``provider()`` (e.g. Flask-Babel's ``get_translations``) for every later message."""
    global _provider
    _provider = provider


def _translations() -> _gettext.NullTranslations:
    return _SOURCE if _in_source.get() else _provider()


def gettext(message: str, **values: object) -> str:
    text = _translations().gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    values.setdefault("num", n)
    return _translations().ngettext(singular, plural, n) % values


def pgettext(context: str, message: str, **values: object) -> str:
    """``gettext`` of a message whose English depends on where it stands (``"heading"``, ...)."""
    text = _translations().pgettext(context, message)
    return text % values if values else text


def lazy_gettext(message: str, **values: object) -> LazyProxy:
    return LazyProxy(gettext, message, enable_cache=False, **values)


def N_(message: str) -> str:  # noqa: N802  (the usual name of the extraction marker)
    return message


def is_lazy(value: object) -> bool:
    return isinstance(value, LazyProxy)


@contextmanager
def source_language() -> Iterator[None]:
    """Messages inside stay Chinese (documents, audit and timeline text, whatever the reader's locale)."""
    token = _in_source.set(True)
    try:
        yield
    finally:
        _in_source.reset(token)


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry their label: the Chinese text, marked with ``N_``, stored
    and printed as is and translated where it is shown (``gettext(member.label)``)::

        class Channel(LabelledEnum):
            ONLINE = "online", N_("网上申请")

    ``Channel("online").label`` is 「网上申请」; ``Channel.labels()`` is ``{value: label}`` in
    definition order (for choices, and ``value in Channel.labels()`` checks a value)."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {member.value: member.label for member in cls}
