"""Request and response hooks every page and API call passes through (issue 12): the body limit of
each endpoint, refused before anything reads the body, and the security headers of every response.

Bodies: ``MAX_CONTENT_LENGTH`` is the largest upload request; a view that takes files says so with
``@accepts_uploads``. Every other request (page forms, JSON) is held to ``RECON_MAX_FORM_BYTES``
(1 MB). A declared ``Content-Length`` over the limit is answered 413 at once, before CSRF or JSON
parsing; a body without one (chunked) is cut off by Werkzeug at the same limit while it streams
(a form or JSON one is read here, so it gets the same 413; an upload streams into its temporary file).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, current_app, request

F = TypeVar("F", bound=Callable)

_UPLOADS = "recon_accepts_uploads"
_FRAMEABLE = "recon_frameable_by_self"

#: No inline script or style, nothing from another origin, never inside another site's frame.
#: ``img-src data:``: Bootstrap's CSS draws its form icons as data: SVGs.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                           "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                           "object-src 'none'; base-uri 'none'; form-action 'self'; "
                           "frame-src 'self'; frame-ancestors {ancestors}")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def accepts_uploads(view: F) -> F:
    """Mark a view that receives files: its body may reach MAX_CONTENT_LENGTH."""
    setattr(view, _UPLOADS, True)
    return view


def accepts_file_up_to(max_bytes: int) -> Callable[[F], F]:
    """Mark a view that receives one file of at most `max_bytes` (plus 1 MB for the form)."""

    def mark(view: F) -> F:
        setattr(view, _UPLOADS, max_bytes + 1024 * 1024)
        return view

    return mark


def frameable_by_self(view: F) -> F:
    """Mark a view whose response recon's own pages show in a frame (the draft PDF preview)."""
    setattr(view, _FRAMEABLE, True)
    return view


def _view_flag(flag: str):
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, flag, False)


def takes_files() -> bool:
    """Whether this request's view receives files."""
    return bool(_view_flag(_UPLOADS))


def body_limit() -> int:
    """The most bytes this request's body may have."""
    largest = current_app.config["MAX_CONTENT_LENGTH"]
    uploads = _view_flag(_UPLOADS)
    if uploads is True:
        return largest
    if uploads:
        return min(largest, max(uploads, current_app.config["RECON_MAX_FORM_BYTES"]))
    return min(largest, current_app.config["RECON_MAX_FORM_BYTES"])


def limit_body() -> None:
    """First before-request hook: refuse an over-long body unread (413), and make Werkzeug stop
    reading a streamed one at the same limit."""
    limit = body_limit()
    if request.content_length is not None:
        if request.content_length > limit:
            abort(413)
    elif limit < current_app.config["MAX_CONTENT_LENGTH"] and request.environ.get("wsgi.input_terminated"):
        # a streamed form or JSON body: read one byte past the limit now (Werkzeug's cap stops
        # quietly at the limit), and refuse it if that byte came
        request.max_content_length = limit + 1
        if len(request.get_data(cache=True)) > limit:
            abort(413)
    request.max_content_length = limit


def add_security_headers(response):
    ancestors = "'self'" if _view_flag(_FRAMEABLE) is True else "'none'"
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(ancestors=ancestors))
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN" if ancestors == "'self'" else "DENY")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    # ahead of every other hook (the idle check, CSRFProtect), so nothing reads the body first
    app.before_request_funcs.setdefault(None, []).insert(0, limit_body)
    app.after_request(add_security_headers)
