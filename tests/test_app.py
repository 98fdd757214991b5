import os

import pytest

from config import DEFAULT_SECRET_KEY, ProductionConfig, TestingConfig, config_for
from recon import create_app


def test_factory_uses_named_config(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == TestingConfig.SECRET_KEY


def test_overrides_win(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RECON_CASE_PREFIX="某府复")
    assert application.config["RECON_CASE_PREFIX"] == "某府复"
    assert application.config["SQLALCHEMY_DATABASE_URI"] == url


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="DATABASE_URL overrides the default")
def test_default_database_is_sqlite_in_instance():
    from config import Config

    assert Config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert Config.SQLALCHEMY_DATABASE_URI.endswith("instance/recon.sqlite3")


def test_production_refuses_default_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_real_secret(monkeypatch, tmp_path):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "a-real-secret-from-the-environment")
    application = create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db")
    assert not application.debug
    assert application.config["SESSION_COOKIE_SECURE"]


def test_unknown_env_is_an_error():
    with pytest.raises(RuntimeError, match="unknown RECON_ENV"):
        config_for("staging")


def test_guide_page_is_chinese_and_public(client):
    response = client.get("/", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="zh-CN"' in html
    assert "<h1 data-focus>行政复议办事指南</h1>" in html
    assert "跳到主要内容" in html


@pytest.mark.parametrize("path,status,title", [
    ("/no-such-page", 404, "页面不存在"),
    ("/staff", 302, None),
])
def test_error_pages_are_chinese(client, path, status, title):
    response = client.get(path)
    assert response.status_code == status
    if title:
        html = response.get_data(as_text=True)
        assert f"<title>错误：{title}" in html
        assert f"<h1>{title}</h1>" in html


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.is_json
    assert "errors" in response.get_json()


def test_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 10
    response = client.post("/login", data={"username": "x" * 100, "password": "y"})
    assert response.status_code == 413
    assert "提交的内容过大" in response.get_data(as_text=True)  # a page form, not a file (issue 12)


def test_500_page_is_chinese_and_rolls_back(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "系统出现问题" in response.get_data(as_text=True)


def test_preferences_cookie_sets_font_scale(client):
    response = client.get("/preferences?fontscale=xlarge&next=/guide")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/guide")
    html = client.get("/guide").get_data(as_text=True)
    assert 'data-fontscale="xlarge"' in html


def test_preferences_refuses_offsite_redirect(client):
    response = client.get("/preferences?contrast=high&next=//evil.example")
    assert response.headers["Location"] == "/"
