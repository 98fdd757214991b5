import pytest

from tests.conftest import PASSWORD


@pytest.mark.parametrize("path", ["/staff", "/audit/", "/admin/users", "/my"])
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role,path,status", [
    ("applicant", "/staff", 403),
    ("applicant", "/audit/", 403),
    ("clerk", "/audit/", 403),
    ("handler", "/admin/users", 403),
    ("clerk", "/my", 403),
    ("supervisor", "/audit/", 200),
    ("admin", "/admin/users", 200),
    ("clerk", "/staff", 200),
])
def test_role_checks(login_as, role, path, status):
    client = login_as(role)
    response = client.get(path)
    assert response.status_code == status
    if status == 403:
        assert "无权访问" in response.get_data(as_text=True)


def test_staff_navigation_by_role(login_as):
    html = login_as("admin").get("/staff").get_data(as_text=True)
    assert "账号管理" in html and "操作记录" in html


def test_csrf_rejects_a_form_without_token(app, users):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/login", data={"username": "clerk", "password": PASSWORD})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)


def test_csrf_accepts_the_form_token(app, users):
    import re

    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/login", data={"username": "clerk", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_login_is_rate_limited(app, users):
    from recon import create_app
    from recon.extensions import limiter

    limited = create_app("testing", RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="5 per minute",
                         SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        client = limited.test_client()
        statuses = [client.post("/login", data={"username": "x", "password": "y"}).status_code
                    for _ in range(6)]
        assert statuses[:5] == [422] * 5 and statuses[5] == 429
        page = client.post("/login", data={"username": "x", "password": "y"})
        assert "操作过于频繁" in page.get_data(as_text=True)
        assert client.get("/login").status_code == 200  # only POSTs count
    finally:
        limiter.reset()
