"""The idle limit of a login (ux.md S8, recon/auth/idle.py): the session ends after
RECON_SESSION_IDLE_MINUTES without a request, the person is told why on the login page and comes
back with `next`, 「继续办理」 posts to the keep-alive, and no remember-me cookie revives a login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select

from recon import clock, create_app
from recon.audit.models import AuditEntry
from recon.auth import idle
from recon.extensions import db
from tests.conftest import login

IDLE = idle.IDLE_MESSAGE
PLEASE_LOG_IN = "请先登录后再继续办理。"


@pytest.fixture
def wall(monkeypatch):
    """recon.clock.now_utc under the test's control (the idle check reads it; Flask's own cookie
    signature check keeps real time, which hardly moves during a test)."""
    state = {"now": datetime.now(UTC)}
    monkeypatch.setattr(clock, "now_utc", lambda: state["now"])

    def advance(minutes: float) -> None:
        state["now"] += timedelta(minutes=minutes)

    return advance


def _page(response) -> str:
    return response.get_data(as_text=True)


def _session_cookie_expiry(client) -> datetime:
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None, "the session cookie must be permanent"
    return cookie.expires


# ---- configuration -------------------------------------------------------------------------------


def test_the_idle_limit_is_the_session_lifetime_and_sessions_refresh(app):
    assert app.config["RECON_SESSION_IDLE_MINUTES"] == 30
    assert app.permanent_session_lifetime == timedelta(minutes=30)
    assert app.config["SESSION_REFRESH_EACH_REQUEST"] is True


def test_an_override_of_the_idle_limit_moves_the_cookie_lifetime():
    small = create_app("testing", RECON_SESSION_IDLE_MINUTES=5)
    assert small.permanent_session_lifetime == timedelta(minutes=5)
    with pytest.raises(RuntimeError, match="RECON_SESSION_IDLE_MINUTES"):
        create_app("testing", RECON_SESSION_IDLE_MINUTES=0)


def test_login_cookie_lasts_the_idle_limit_and_each_request_moves_it(client, users):
    login(client, "clerk")
    first = _session_cookie_expiry(client)
    expected = datetime.now(UTC) + timedelta(minutes=30)
    assert abs((first - expected).total_seconds()) < 60
    response = client.get("/staff")
    assert response.status_code == 200
    assert "session=" in response.headers.get("Set-Cookie", "")  # refreshed on every request
    assert _session_cookie_expiry(client) >= first


def test_login_sets_no_remember_me_cookie(client, users):
    response = login(client, "applicant")
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert client.get_cookie("remember_token") is None


def test_anonymous_sessions_are_permanent_too(app, client):
    # the login form's CSRF token lives in the session: it must be refreshed like a login
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/login")
    _session_cookie_expiry(client)


# ---- expiry --------------------------------------------------------------------------------------


def test_session_expires_after_the_idle_limit_and_login_brings_the_page_back(client, users, wall):
    login(client, "applicant")
    wall(29)
    assert client.get("/my").status_code == 200
    wall(29)  # 58 minutes after login, but only 29 after the last request
    assert client.get("/my").status_code == 200
    wall(30.5)
    response = client.get("/my")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fmy"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.logout_idle")).one()
    assert entry.actor_name == "applicant" and "30 分钟未操作" in entry.summary
    page = _page(client.get(response.headers["Location"]))
    assert IDLE in page and PLEASE_LOG_IN not in page
    assert page.count(IDLE) == 1
    # the message is said once
    assert IDLE not in _page(client.get("/login"))
    # logging in again returns to the page
    response = client.post("/login?next=%2Fmy", data={"username": "applicant", "password": "test-pass-2026"})
    assert response.status_code == 302 and response.headers["Location"] == "/my"
    assert client.get("/my").status_code == 200


def test_browser_dropped_cookie_is_recognised_as_idle_expiry(client, users):
    """A browser forgets the session cookie at its expiry: the marker cookie tells why."""
    login(client, "handler")
    assert client.get_cookie(idle.MARKER_COOKIE) is not None
    client.delete_cookie("session")
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fcases%2F"
    assert client.get_cookie(idle.MARKER_COOKIE) is None  # said once
    page = _page(client.get(response.headers["Location"]))
    assert IDLE in page and PLEASE_LOG_IN not in page


def test_login_page_opened_after_expiry_says_why(client, users):
    """「重新登录」 on the ended banner goes straight to /login?next=…"""
    login(client, "applicant")
    client.delete_cookie("session")
    page = _page(client.get("/login?next=%2Fmy"))
    assert IDLE in page and PLEASE_LOG_IN not in page


def test_keepalive_refused_after_expiry_leaves_the_message_for_the_next_page(client, users, wall):
    login(client, "applicant")
    wall(31)
    assert client.post("/session/keepalive").status_code == 401
    assert client.get_cookie(idle.MARKER_COOKIE) is not None
    assert IDLE in _page(client.get("/login?next=%2Fmy"))


def test_public_page_after_expiry_says_so_and_stays(client, users, wall):
    login(client, "applicant")
    wall(31)
    response = client.get("/guide")
    assert response.status_code == 200
    page = _page(response)
    assert IDLE in page
    assert 'data-session-idle-minutes' not in page  # no longer a logged-in page


def test_logout_is_not_an_idle_expiry(client, users):
    login(client, "clerk")
    client.post("/logout")
    assert client.get_cookie(idle.MARKER_COOKIE) is None
    page = _page(client.get("/staff", follow_redirects=True))
    assert PLEASE_LOG_IN in page and IDLE not in page


def test_never_logged_in_gets_the_usual_message(client):
    page = _page(client.get("/my", follow_redirects=True))
    assert PLEASE_LOG_IN in page and IDLE not in page


def test_form_sent_after_expiry_goes_to_its_page_not_to_a_csrf_error(app, client, users):
    """CSRF on (as in production): the token went with the session, so without the idle check
    first this POST would be a 400 page."""
    login(client, "applicant")
    app.config["WTF_CSRF_ENABLED"] = True
    client.delete_cookie("session")
    response = client.post("/apply", data={"acknowledged": "y"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/apply"
    response = client.get("/apply")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=%2Fapply"
    page = _page(client.get(response.headers["Location"]))
    assert IDLE in page and PLEASE_LOG_IN not in page


def test_post_only_form_after_expiry_goes_to_login_with_the_page_it_was_on(client, users, wall):
    login(client, "applicant")
    wall(31)
    response = client.post("/apply/7/submit", headers={"Referer": "http://localhost/apply/7/check"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=/apply/7/check"
    # a referrer from elsewhere is not followed
    login(client, "applicant")
    wall(31)
    response = client.post("/apply/7/submit", headers={"Referer": "https://evil.example/x"})
    assert response.headers["Location"] == "/login"


def test_remember_me_cookie_cannot_revive_an_expired_login(app, client, users):
    """Nothing issues one; if one turns up anyway, it is cleared and never used."""
    login(client, "handler")
    client.delete_cookie("session")
    client.set_cookie("remember_token", encode_cookie(str(users["handler"].id)))
    response = client.get("/cases/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get_cookie("remember_token") is None


def test_login_page_when_still_logged_in_follows_next(client, users):
    login(client, "applicant")
    response = client.get("/login?next=%2Fguide")
    assert response.status_code == 302 and response.headers["Location"] == "/guide"


# ---- keep-alive ----------------------------------------------------------------------------------


def test_keepalive_refreshes_the_session(client, users, wall):
    login(client, "applicant")
    wall(29)
    response = client.post("/session/keepalive")
    assert response.status_code == 204
    assert "session=" in response.headers.get("Set-Cookie", "")
    wall(29)  # 58 minutes after the page load, 29 after「继续办理」
    assert client.get("/my").status_code == 200


def test_keepalive_needs_a_login(client, users, wall):
    assert client.post("/session/keepalive").status_code == 401
    login(client, "applicant")
    wall(31)
    assert client.post("/session/keepalive").status_code == 401
    assert client.get("/my").status_code == 302  # and the login is over


def test_keepalive_after_expiry_is_401_even_with_csrf_on(app, client, users):
    login(client, "applicant")
    app.config["WTF_CSRF_ENABLED"] = True
    client.delete_cookie("session")
    assert client.post("/session/keepalive").status_code == 401


def test_keepalive_checks_csrf_while_logged_in(app, client, users):
    login(client, "applicant")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/session/keepalive").status_code == 400
    page = _page(client.get("/my"))
    token = page.split('data-csrf-token="', 1)[1].split('"', 1)[0]
    assert client.post("/session/keepalive", headers={"X-CSRFToken": token}).status_code == 204


def test_keepalive_is_post_only(client, users):
    login(client, "applicant")
    assert client.get("/session/keepalive").status_code == 405


# ---- the page side -------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "url"), [("applicant", "/my"), ("clerk", "/staff")])
def test_logged_in_pages_carry_the_limit_and_the_warning(client, users, role, url):
    login(client, role)
    page = _page(client.get(url))
    assert 'data-session-idle-minutes="30"' in page
    assert 'id="session-timeout"' in page and 'role="alert"' in page
    assert 'data-keepalive-url="/session/keepalive"' in page
    assert "为保护您的信息，页面将在 2 分钟后因长时间未操作而自动退出。" in page
    assert "继续办理" in page and "重新登录" in page
    assert f'href="/login?next={url}"' in page
    assert "js/session.js" in page


def test_public_pages_of_anonymous_visitors_have_no_warning(client):
    page = _page(client.get("/guide"))
    assert "data-session-idle-minutes" not in page
    assert "session-timeout" not in page and "js/session.js" not in page


def test_the_page_shows_a_configured_limit(app, client, users):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=2.5)  # what init_app derives
    login(client, "applicant")
    assert 'data-session-idle-minutes="2.5"' in _page(client.get("/my"))
