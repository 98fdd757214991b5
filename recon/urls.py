"""What recon takes from URLs: redirect targets (``?next=``, same-site paths only), path parts
(converters that answer 404 for a value no row can have), query parameters (no control
characters) and page numbers."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, ValidationError


def has_control_character(text: str) -> bool:
    """NUL (which PostgreSQL refuses in a query parameter), a line break or another control character:
    never part of a page address recon gives out."""
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None. Browsers read ``\\`` as ``/`` and drop
    tabs and line breaks, so ``/\\evil.example`` or ``/<TAB>/evil.example`` would leave the site;
    a control character would also break the Location header."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or has_control_character(target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


# ---- numbers in URLs ------------------------------------------------------------------------------

#: The largest id the databases hold (SQLite INTEGER, PostgreSQL bigint); a larger number in a URL
#: made the driver raise OverflowError (a 500) instead of "not found".
MAX_ID = 2**63 - 1
MAX_PAGE = 100_000


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` that answers 404 for a number no row can have."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class _NoControlCharacters:
    """A text path part with a NUL or another control character matches no route (404): PostgreSQL
    refuses NUL in a query parameter, so ``/my/cases/%00`` was a 500 there."""

    def to_python(self, value: str):
        if has_control_character(value):
            raise ValidationError()
        return super().to_python(value)


class TextConverter(_NoControlCharacters, UnicodeConverter):
    """``<name>`` and ``<string:name>``."""


class TextPathConverter(_NoControlCharacters, PathConverter):
    """``<path:name>``."""


def refuse_control_characters_in_query() -> None:
    """before_request: a query parameter with a control character is a bad request (400), before
    a filter (``?action=``, ``?handler=``) hands it to the database. ``?next=`` is left to
    ``safe_next``, which drops such a target: a poisoned link must not stop a login."""
    from flask import abort, request

    if any(has_control_character(key + value) for key, value in request.args.items(multi=True)
           if key != "next"):
        abort(400)


def page_arg(name: str = "page") -> int:
    """``?page=`` for db.paginate: unreadable means 1, and it is kept to a sane range."""
    from flask import request

    value = request.args.get(name, 1, type=int)
    return max(1, min(MAX_PAGE, value))
