"""Issue 12 (and issue 11's lockout answer): the login, the token endpoint and registration do
not tell whether an account exists. Failures count per submitted name whether or not an account
has it; every attempt costs one password check; the words are the same."""

from __future__ import annotations

import pytest
import werkzeug.security

import recon.auth.services as services
from tests.conftest import PASSWORD

UNKNOWN = "13900000000"


def _words(response, name: str) -> str:
    return response.get_data(as_text=True).replace(f'value="{name}"', "")


def _attempt(client, name: str, password: str = "wrong-pass-1"):
    return client.post("/login", data={"username": name, "password": password})


@pytest.fixture
def checks(monkeypatch):
    """Count the password hash checks and hash computations the login does."""
    counted = {"check": 0, "generate": 0}
    check, generate = werkzeug.security.check_password_hash, werkzeug.security.generate_password_hash

    def counting_check(pwhash, password):
        counted["check"] += 1
        return check(pwhash, password)

    def counting_generate(password, *args, **kwargs):
        counted["generate"] += 1
        return generate(password, *args, **kwargs)

    monkeypatch.setattr(services, "check_password_hash", counting_check)
    monkeypatch.setattr(services, "generate_password_hash", counting_generate)
    return counted


def test_an_unknown_name_locks_like_a_real_one_with_the_same_words(client, users):
    real = [_words(_attempt(client, "clerk"), "clerk") for _ in range(7)]
    unknown = [_words(_attempt(client, UNKNOWN), UNKNOWN) for _ in range(7)]
    assert real == unknown
    assert "密码连续输错 5 次，账号已锁定 15 分钟" in real[4]
    assert "账号已暂时锁定" in real[5] and "账号已暂时锁定" in unknown[6]
    # a locked name stays locked with the right password too, and answers as before
    assert _words(_attempt(client, "clerk", PASSWORD), "clerk") == real[6]


def test_the_token_endpoint_answers_alike_for_real_unknown_and_locked_names(client, users):
    def token(name, password="wrong-pass-1"):
        response = client.post("/api/v1/auth/token", json={"username": name, "password": password})
        return response.status_code, response.get_json()

    real = [token("handler") for _ in range(6)]
    unknown = [token(UNKNOWN) for _ in range(6)]
    assert real == unknown
    assert real[5][0] == 401 and "锁定" in real[5][1]["errors"]["password"]


def test_every_attempt_costs_one_password_check(client, users, checks):
    _attempt(client, "13700000000")  # the first unknown name of the process may prepare the dummy hash
    for name, password in (("clerk", "wrong-pass-1"), (UNKNOWN, "wrong-pass-1"), ("clerk", PASSWORD)):
        before = dict(checks)
        _attempt(client, name, password)
        assert checks["check"] - before["check"] == 1, name
        assert checks["generate"] == before["generate"], name  # no extra hashing for unknown names
    client.post("/logout")
    for _ in range(5):
        _attempt(client, "supervisor")
    before = checks["check"]
    response = _attempt(client, "supervisor", PASSWORD)  # locked: a dummy check, same cost
    assert "账号已暂时锁定" in response.get_data(as_text=True)
    assert checks["check"] - before == 1


def test_registration_does_not_say_a_name_is_taken(client, checks):
    def register(contact):
        before = checks["generate"]
        response = client.post("/register", data={"display_name": "王五", "contact": contact,
                                                  "password": "abc12345", "confirm": "abc12345"})
        return response, checks["generate"] - before

    response, work_new = register("13800138000")
    assert response.status_code == 302  # a new account, logged in
    client.post("/logout")
    response, work_taken = register("138 0013 8000")  # the same number again
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert work_new == work_taken == 1  # one password hash either way
    assert "已被使用" not in page and "已注册" not in page and "已存在" not in page
    assert "无法用这个手机号码或电子邮箱完成注册" in page
