"""The idle limit of a login (ux.md S8, WCAG 2.2.1): a session ends RECON_SESSION_IDLE_MINUTES
after its last request, and pages warn two minutes before (static/js/session.js).

How it is enforced:

* Every non-empty session is permanent, with PERMANENT_SESSION_LIFETIME equal to the limit and
  SESSION_REFRESH_EACH_REQUEST on, so each request moves the cookie's expiry forward and the
  browser drops the cookie after that much inactivity. Flask also refuses a cookie signed longer
  ago than the lifetime (itsdangerous ``max_age``), so a copied cookie cannot be replayed later.
  Anonymous sessions (a CSRF token, flashed messages) are permanent too: a non-permanent cookie is
  not re-signed on each request, so Flask would refuse it after the limit although its owner kept
  working, and the CSRF token of a long registration form would be gone.
* The session also records the time of its last request (``_seen``, from recon.clock). A login
  whose ``_seen`` is older than the limit is logged out here whatever the cookie says: the check
  does not depend on the browser honouring the cookie's expiry, and tests drive it through
  ``recon.clock.now_utc``.
* A browser drops an expired cookie, so after expiry the server usually sees no session at all.
  A second cookie, ``recon_signed_in`` (value "1", no personal data, deleted when the browser
  closes and at logout), says that this browser had a login that did not end with 「退出登录」.
  A request that carries it without a login is therefore an idle expiry.
* After an idle expiry the person reads IDLE_MESSAGE once: on the login page when the page needs
  a login (Flask-Login's ``next`` brings them back), on the page itself when it is public. A form
  sent after expiry is not processed (its CSRF token went with the session): the answer is a 303
  to the form's own page, which in turn asks for a login (or, for a POST-only URL, to the login
  page with the referring page as `next`); what earlier steps saved stays saved (drafts are saved
  at every step, A5).
* No remember-me: nothing calls ``login_user(..., remember=True)`` and the login form offers no
  「记住我」, because a persistent login would outlive the idle limit on a shared or counter PC.
  A ``remember_token`` cookie (left over, or issued by future code) is cleared and never used, so
  it cannot silently revive a login that the idle limit ended.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE_DEFAULT
from flask_login.utils import login_url

from recon import clock
from recon.audit.services import record
from recon.extensions import db, login_manager
from recon.i18n import N_, gettext
from recon.urls import safe_next

IDLE_MESSAGE = N_("您长时间没有操作，为保护您的信息已自动退出，请重新登录。草稿已保存。")
#: the banner shows this long before the limit (ux.md S8: two minutes)
WARNING_SECONDS = 120

USER_KEY = "_user_id"  # Flask-Login's session key
SEEN_KEY = "_seen"  # epoch seconds of the session's last request
MARKER_COOKIE = "recon_signed_in"
KEEPALIVE_ENDPOINT = "auth.keepalive"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _quiet() -> bool:
    """Requests that carry on after an expiry without the message: logging out, and a login or
    registration being sent (its page, when shown, does say it)."""
    return request.endpoint == "auth.logout" or (
        request.endpoint in ("auth.login", "auth.register") and request.method not in SAFE_METHODS)


def init_app(app: Flask) -> None:
    minutes = app.config["RECON_SESSION_IDLE_MINUTES"]
    if not isinstance(minutes, int | float) or minutes <= 0:
        raise RuntimeError(f"RECON_SESSION_IDLE_MINUTES must be a positive number, not {minutes!r}")
    # The idle limit is the one setting: an override of it (create_app(..., RECON_SESSION_IDLE_MINUTES=5))
    # moves the cookie lifetime too.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=minutes)
    app.config["SESSION_REFRESH_EACH_REQUEST"] = True
    # First of all before-request hooks, ahead of CSRFProtect's: a form sent after expiry is
    # answered with the way back to the login, not with a CSRF error page.
    app.before_request_funcs.setdefault(None, []).insert(0, check_idle)
    app.after_request(stamp_session)
    app.context_processor(template_values)
    login_manager.unauthorized_handler(to_login)


def idle_seconds() -> float:
    """The limit in force: PERMANENT_SESSION_LIFETIME, which init_app derived from the config."""
    return current_app.permanent_session_lifetime.total_seconds()


def _exempt() -> bool:
    """Static files and the bearer-token API have nothing to do with the login session."""
    return request.endpoint == "static" or request.path.startswith("/api/")


def _audit_idle_logout() -> None:
    """The server ends the login: on the audit log like「退出登录」(a login whose cookie the browser
    already dropped cannot be named, and only shows as the message)."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        record(db.session, user, "user.logout_idle", user,
               summary=f"超过 {int(idle_seconds() // 60)} 分钟未操作，自动退出登录")
        db.session.commit()


def check_idle():
    """Before each request: end a login that has been idle too long, and tell the person once."""
    if _exempt():
        return None
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE_DEFAULT)
    expired = False
    if USER_KEY in session:
        seen = session.get(SEEN_KEY)
        # A login without `_seen` predates this check: it gets its first stamp after this request.
        if isinstance(seen, int | float) and clock.now_utc().timestamp() - seen > idle_seconds():
            _audit_idle_logout()
            logout_user()  # also clears a remember-me cookie (Flask-Login's `_remember = "clear"`)
            session.pop(SEEN_KEY, None)
            expired = True
    else:
        if remember_cookie in request.cookies:
            session["_remember"] = "clear"  # Flask-Login then ignores the cookie and deletes it
        expired = MARKER_COOKIE in request.cookies
    if request.endpoint == KEEPALIVE_ENDPOINT and USER_KEY not in session:
        # the page's script then says the session has ended; the marker stays for the page that
        # the person opens next (stamp_session), which gives the message
        return Response(status=401)
    if not expired or _quiet():
        return None
    flash(gettext(IDLE_MESSAGE), "info")
    if request.method in SAFE_METHODS:
        return None  # public pages show the message; the others send the person to log in
    return redirect(_page_of_form(), code=303)


def _page_of_form() -> str:
    """Where a form sent after expiry leads: its own page when that answers GET (which then asks
    for a login if it needs one), else the login page with the page the form was on as `next`."""
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        own = safe_next(request.full_path.rstrip("?"))
        if own:
            return own
    referrer = urlsplit(request.referrer or "")
    back = None
    if referrer.netloc == request.host:
        back = safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
    return url_for("auth.login", next=back) if back else url_for("auth.login")


def stamp_session(response):
    """After each request: note the time on a login, keep the marker cookie in step with it, and
    make the session permanent so that its cookie is refreshed (see the module docstring)."""
    if _exempt():
        return response
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE"))
    if USER_KEY in session:
        session[SEEN_KEY] = round(clock.now_utc().timestamp(), 1)
        if MARKER_COOKIE not in request.cookies:
            response.set_cookie(MARKER_COOKIE, "1", path="/", httponly=True, samesite="Lax",
                                secure=secure)
    elif MARKER_COOKIE in request.cookies and request.endpoint != KEEPALIVE_ENDPOINT:
        response.delete_cookie(MARKER_COOKIE, path="/", httponly=True, samesite="Lax", secure=secure)
    if session and not session.permanent:
        session.permanent = True
    return response


def to_login():
    """Flask-Login's unauthorized handler: its default (flash the login message, redirect to the
    login view with `next`), except that an idle expiry already said why in its own words."""
    pending = [message for _, message in session.get("_flashes", [])]
    if gettext(IDLE_MESSAGE) not in pending and login_manager.login_message:
        # str(): the setting may be a text or a lazy text
        flash(gettext(str(login_manager.login_message)), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def template_values() -> dict:
    """`session_timeout` for base.html: set on pages of a logged-in user, None elsewhere."""
    if not current_user.is_authenticated:
        return {"session_timeout": None}
    minutes = round(idle_seconds() / 60, 3)  # the lifetime init_app set from the config
    return {
        "session_timeout": {
            "minutes": f"{minutes:g}",
            "warning_seconds": WARNING_SECONDS,
            "warning_minutes": WARNING_SECONDS // 60,
        }
    }
