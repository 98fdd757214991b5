"""The page shell in English (``lang=en``) and in Chinese without the cookie: titles (ux.md S1),
header, footer, navigation, the guide, login and registration, error pages, the staff home and
the audit log. What is recorded (audit summaries) stays Chinese whatever the reader's language."""

from __future__ import annotations

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.extensions import db
from tests.conftest import login

SITE_EN = "Online administrative reconsideration service"


def _html(client, url: str, **kwargs) -> str:
    return client.get(url, **kwargs).get_data(as_text=True)


def test_the_guide_and_its_shell_read_in_english_and_in_chinese_without_the_cookie(app, client):
    organ = app.config["RECON_ORGAN_NAME"]
    client.set_cookie("lang", "en")
    page = _html(client, "/guide")
    assert '<html lang="en"' in page
    assert f"<title>Guide to administrative reconsideration – {SITE_EN} – {organ}</title>" in page
    assert "<h1 data-focus>Guide to administrative reconsideration</h1>" in page
    assert ">Skip to main content</a>" in page and 'aria-label="Display settings"' in page
    assert ">Text size:</span>" in page and ">Extra large</a>" in page and ">High contrast</a>" in page
    assert 'hreflang="zh-CN">中文</a>' in page  # the switch back names its language in that language
    assert ">Sign in</a>" in page and ">Register</a>" in page and 'aria-label="Main navigation"' in page
    assert f"Enquiries: {app.config['RECON_SITE_PHONE']}" in page
    assert f"{organ} reviews applications for administrative reconsideration" in page
    assert 'data-sentence-end="."' in page and ">Read this page aloud</button>" in page

    client.delete_cookie("lang")
    page = _html(client, "/guide")
    assert '<html lang="zh-CN"' in page
    assert f"<title>行政复议办事指南 – 行政复议网上服务 – {organ}</title>" in page
    assert ">跳到主要内容</a>" in page and 'hreflang="en">English</a>' in page
    assert f"咨询电话：{app.config['RECON_SITE_PHONE']}" in page
    assert 'data-sentence-end="。"' in page and ">朗读本页</button>" in page


def test_login_errors_in_english_and_in_chinese(client, users):
    client.set_cookie("lang", "en")
    response = client.post("/login", data={"username": "", "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"<title>Error: Sign in – {SITE_EN}" in page
    assert ">There is a problem</h2>" in page and "Enter the user name" in page and "Enter your password" in page
    assert ">User name (mobile number or email address)</label>" in page

    page = client.post("/login", data={"username": "clerk", "password": "wrong-pass-1"}).get_data(as_text=True)
    assert "The user name or password is not correct. After 5 wrong passwords in a row the account is locked for 15 minutes" in page

    client.delete_cookie("lang")
    page = client.post("/login", data={"username": "clerk", "password": "wrong-pass-1"}).get_data(as_text=True)
    assert "<title>错误：登录 – 行政复议网上服务" in page and "用户名或密码不正确。连续输错 5 次密码，账号将暂时锁定 15 分钟" in page


def test_registration_messages_in_english(client):
    client.set_cookie("lang", "en")
    data = {"display_name": "Li Lei", "contact": "13812345678", "password": "abc12345", "confirm": "abc12346"}
    page = client.post("/register", data=data).get_data(as_text=True)
    assert "The two passwords do not match" in page
    page = client.post("/register", data=dict(data, contact="x", confirm="abc12345")).get_data(as_text=True)
    assert "Enter an 11-digit mobile number or an email address" in page

    client.delete_cookie("lang")
    page = client.post("/register", data=data).get_data(as_text=True)
    assert "两次输入的密码不一致" in page


def test_error_pages_and_api_errors_in_english(client):
    client.set_cookie("lang", "en")
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f"<title>Error: Page not found – {SITE_EN}" in page and "<h1>Page not found</h1>" in page
    assert "Error code 404" in page and ">Back to the home page</a>" in page
    response = client.post("/api/v1/auth/token", json={"username": "clerk"})
    assert response.status_code == 422 and response.get_json() == {"errors": {"password": "Enter password"}}

    client.delete_cookie("lang")
    page = _html(client, "/no-such-page")
    assert "<title>错误：页面不存在 – 行政复议网上服务" in page and "<h1>页面不存在</h1>" in page


def test_staff_shell_in_english_while_the_audit_log_keeps_its_chinese_entries(client, users, login_as):
    login_as("admin")
    client.set_cookie("lang", "en")
    page = _html(client, "/staff")
    assert "<h1 data-focus>Dashboard</h1>" in page and "测试admin (Administrator)" in page
    assert ">Accounts</a>" in page and ">Audit log</a>" in page and ">Sign out</button>" in page
    assert "Cases received in total" in page and "<caption>Cases by stage</caption>" in page
    assert ">Continue</button>" in page  # the idle warning (ux.md S8)

    page = _html(client, "/admin/users")
    assert "<caption id=\"users-caption\">Staff accounts (4)</caption>" in page and "<td>Case handler</td>" in page
    assert '<option value="clerk">Clerk</option>' in page

    page = _html(client, "/audit/")
    assert "entries, newest first</caption>" in page and "Next page" not in page
    login_entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.login")).first()
    # the recorded summary stays Chinese; the action's name is translated like any label
    assert login_entry.summary == "登录" and '<td class="audit-summary">登录</td>' in page
    assert "user.login" not in page.split("<table", 1)[1]

    client.delete_cookie("lang")
    page = _html(client, "/staff")
    assert "<h1 data-focus>工作台</h1>" in page and "测试admin（系统管理员）" in page and ">账号管理</a>" in page


def test_flash_messages_follow_the_language(client, users):
    client.set_cookie("lang", "en")
    login(client, "applicant")
    assert "Hello 测试applicant, you are signed in." in _html(client, "/my")
    client.post("/logout")
    assert "You have signed out." in _html(client, "/login")
    assert "Please sign in to continue." in _html(client, "/my", follow_redirects=True)
