from datetime import timedelta

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.auth.models import LoginThrottle, User
from recon.auth.services import authenticate, locked_until, name_key
from recon.clock import now_utc
from recon.errors import DomainError
from recon.extensions import db
from tests.conftest import FIXED_NOW, PASSWORD, login


def test_login_page_is_chinese(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<title>登录 – 行政复议网上服务" in html
    assert 'autocomplete="current-password"' in html
    assert 'autocomplete="username"' in html


def test_login_success_redirects_to_role_home_and_audits(client, users):
    response = login(client, "clerk")
    assert response.status_code == 302
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "工作台" in page and "窗口登记员" in page
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "user.login" in actions


def test_applicant_lands_on_my_cases(client, users):
    login(client, "applicant")
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "<h1 data-focus>我的申请</h1>" in page


def test_wrong_password_keeps_username_and_says_why(client, users):
    response = client.post("/login", data={"username": "clerk", "password": "wrong-pass-1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>错误：登录" in html
    assert "用户名或密码不正确。连续输错 5 次密码，账号将暂时锁定 15 分钟" in html
    assert 'value="clerk"' in html


def test_an_unknown_user_name_reads_like_a_wrong_password(client, users):
    """The page does not tell whether an account (a phone number, an e-mail address) exists."""
    known = client.post("/login", data={"username": "clerk", "password": "wrong-pass-1"})
    unknown = client.post("/login", data={"username": "13900000000", "password": "wrong-pass-1"})
    assert known.status_code == unknown.status_code == 422
    assert (known.get_data(as_text=True).replace('value="clerk"', "")
            == unknown.get_data(as_text=True).replace('value="13900000000"', ""))


def test_lockout_after_five_failures(client, users):
    for _ in range(5):
        client.post("/login", data={"username": "clerk", "password": "wrong-pass-1"})
    user = db.session.scalar(select(User).where(User.username == "clerk"))
    assert locked_until(db.session, user, now_utc()) is not None
    response = login(client, "clerk")  # right password, still locked
    assert response.status_code == 422
    assert "账号已暂时锁定" in response.get_data(as_text=True)
    assert "user.lockout" in db.session.scalars(select(AuditEntry.action)).all()


def test_lock_expires(app, users):
    for _ in range(5):
        with pytest.raises(DomainError):
            authenticate(db.session, "handler", "nope-nope-1", FIXED_NOW)
    with pytest.raises(DomainError, match="锁定"):
        authenticate(db.session, "handler", PASSWORD, FIXED_NOW + timedelta(minutes=5))
    user = authenticate(db.session, "handler", PASSWORD, FIXED_NOW + timedelta(minutes=16))
    assert user.username == "handler"
    assert db.session.get(LoginThrottle, name_key("handler")) is None  # the count starts again


def test_logout_requires_post_and_ends_session(client, users):
    login(client, "handler")
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/staff").status_code == 302  # back to login


def test_open_redirect_is_refused(client, users):
    response = client.post("/login?next=https://evil.example/",
                           data={"username": "clerk", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_next_parameter_is_followed(client, users):
    response = client.post("/login?next=/audit/", data={"username": "clerk", "password": PASSWORD})
    assert response.headers["Location"] == "/audit/"


def test_inactive_user_cannot_log_in(client, users):
    users["clerk"].active = False
    db.session.commit()
    response = login(client, "clerk")
    assert response.status_code == 422
    assert "该账号已停用" in response.get_data(as_text=True)
