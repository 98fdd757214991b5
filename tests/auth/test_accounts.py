from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.auth.models import User
from recon.extensions import db


def test_applicant_registers_with_phone_and_is_logged_in(client):
    response = client.post("/register", data={
        "display_name": "张三", "contact": "138 0013 8001", "password": "secret123",
        "confirm": "secret123"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "13800138001"))
    assert user.role == "applicant" and user.phone == "13800138001"
    assert user.password_hash != "secret123"
    assert client.get("/my").status_code == 200


def test_register_rejects_bad_contact_and_weak_password(client):
    response = client.post("/register", data={
        "display_name": "张三", "contact": "12345", "password": "secret123", "confirm": "secret123"})
    assert response.status_code == 422
    assert "请填写 11 位手机号码或电子邮箱地址" in response.get_data(as_text=True)
    response = client.post("/register", data={
        "display_name": "张三", "contact": "a@b.cn", "password": "12345678", "confirm": "12345678"})
    assert "密码需要同时包含字母和数字" in response.get_data(as_text=True)
    response = client.post("/register", data={
        "display_name": "张三", "contact": "a@b.cn", "password": "abc12345", "confirm": "abc12346"})
    assert "两次输入的密码不一致" in response.get_data(as_text=True)


def test_admin_creates_staff_account(login_as):
    client = login_as("admin")
    response = client.post("/admin/users", data={
        "username": "clerk2", "display_name": "孙登记", "role": "clerk", "password": "start2026x"})
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "孙登记" in page
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create",
                                                      AuditEntry.object_id != None)  # noqa: E711
                              .order_by(AuditEntry.id.desc()))
    assert entry.after == {"username": "clerk2", "role": "clerk"}
    assert entry.actor_name == "admin"


def test_duplicate_username_is_refused(login_as):
    client = login_as("admin")
    response = client.post("/admin/users", data={
        "username": "clerk", "display_name": "重复", "role": "clerk", "password": "start2026x"})
    assert response.status_code == 422
    assert "该用户名已被使用" in response.get_data(as_text=True)


def test_cli_create_user_and_token(app, runner_users=None):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["recon", "create-user", "h2", "--role", "handler",
                                 "--password", "pass2026word"])
    assert result.exit_code == 0, result.output
    assert "案件承办人" in result.output
    result = runner.invoke(args=["recon", "token", "h2"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert len(token) > 30 and "\n" not in token
    client = app.test_client()
    response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_cli_create_user_bad_role(app):
    result = app.test_cli_runner().invoke(args=["recon", "create-user", "x", "--role", "boss",
                                                "--password", "pass2026word"])
    assert result.exit_code != 0


def test_cli_former_unit_is_checked_and_audited_like_the_account_page(app):
    from sqlalchemy import select

    from recon.audit.models import AuditEntry
    from recon.auth.models import User
    from recon.extensions import db

    runner = app.test_cli_runner()
    base = ["recon", "create-user", "h3", "--role", "handler", "--password", "pass2026word"]
    too_long = runner.invoke(args=[*base, "--former-unit", "局" * 201])
    assert too_long.exit_code != 0 and "不超过 200 个字" in too_long.output
    assert db.session.scalar(select(User).where(User.username == "h3")) is None  # nothing half-made
    result = runner.invoke(args=[*base, "--former-unit", " 合江区市场监督管理局 "])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.former_unit).where(User.username == "h3")) == "合江区市场监督管理局"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "user.former_unit_change"))


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["recon", "seed-demo"])
    second = runner.invoke(args=["recon", "seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "demo-pass-2026" in first.output
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 5
    from recon.cases.models import Case

    channels = sorted(db.session.scalars(select(Case.channel)).all())
    # one demo case per channel, and three for the acceptance stage (README "Case workflow"), made once
    assert channels == ["online", "online", "onsite"] + ["postal"] * 8
    # and one case per resolution path (issue 15)
    closures = sorted(c or "" for c in db.session.scalars(select(Case.closure)).all() if c)
    assert closures == ["mediation", "resolved_before_acceptance", "withdrawn", "withdrawn"]
