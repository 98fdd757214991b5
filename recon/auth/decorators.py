"""Access checks for pages (session login) and for the JSON API (bearer tokens)."""

from __future__ import annotations

from functools import wraps

from flask import abort, g, request
from flask_login import current_user

from recon.clock import now_utc
from recon.extensions import db, login_manager


def role_required(*roles: str):
    """Page guard: anonymous users go to /login, other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def api_token_row():
    """The live API token the request carries (Authorization: Bearer ...), or None."""
    if "api_token_row" not in g:
        from recon.auth.services import token_row

        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        row = token_row(db.session, token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        g.api_token_row = row if row is not None and row.live(now_utc()) and row.user.active else None
    return g.api_token_row


def api_user():
    """The user behind the request's bearer token, or None."""
    row = api_token_row()
    return row.user if row is not None else None


def api_role_required(*roles: str):
    """API guard: 401 without a valid token, 403 for a role that may not act."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = api_user()
            if user is None:
                abort(401)
            if roles and user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
