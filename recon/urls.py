"""Redirect targets taken from the request (``?next=``): same-site paths only."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None. Browsers read ``\\`` as ``/`` and drop
    tabs and line breaks, so ``/\\evil.example`` or ``/<TAB>/evil.example`` would leave the site;
    a control character would also break the Location header."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
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


def page_arg(name: str = "page") -> int:
    """``?page=`` for db.paginate: unreadable means 1, and it is kept to a sane range."""
    from flask import request

    value = request.args.get(name, 1, type=int)
    return max(1, min(MAX_PAGE, value))
