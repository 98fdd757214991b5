"""Issue 11: the admin disables, enables, unlocks, resets the password of and changes the role of
an account; everyone changes their own password; every change is audited; the new-account form
starts with no role chosen."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.auth.models import User
from recon.extensions import db
from tests.conftest import PASSWORD, login


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _account(client, user) -> str:
    return client.get(f"/admin/users/{user.id}").get_data(as_text=True)


def test_the_new_account_form_starts_with_no_role(login_as):
    admin = login_as("admin")
    page = admin.get("/admin/users").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="role".*?</select>', page, re.S).group()
    assert '<option value="">请选择角色</option>' in select_html.split("</option>")[0] + "</option>"
    assert "selected" not in select_html  # the browser shows the first option: no role
    users_before = db.session.scalar(select(func.count()).select_from(User))
    response = admin.post("/admin/users", data={"username": "clerk3", "display_name": "周三",
                                                "password": "start2026x"})
    assert response.status_code == 422 and "请选择角色" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before


def test_disable_and_enable_are_audited(login_as, users, app):
    admin = login_as("admin")
    assert admin.post(f"/admin/users/{users['clerk'].id}/disable").status_code == 303
    assert "已停用" in _account(admin, users["clerk"])
    assert "该账号已停用" in login(app.test_client(), "clerk").get_data(as_text=True)
    assert admin.post(f"/admin/users/{users['clerk'].id}/enable").status_code == 303
    assert login(app.test_client(), "clerk").status_code == 302
    disabled, enabled = _entries("user.disable")[0], _entries("user.enable")[0]
    assert disabled.actor_name == enabled.actor_name == "admin"
    assert disabled.object_id == str(users["clerk"].id) and disabled.after["active"] is False


def test_a_locked_account_is_shown_and_unlocked(login_as, users, app):
    for _ in range(5):
        login(app.test_client(), "handler", "wrong-pass-1")
    admin = login_as("admin")
    assert "已锁定（至" in admin.get("/admin/users").get_data(as_text=True)
    assert "解除锁定" in _account(admin, users["handler"])
    assert login(app.test_client(), "handler").status_code == 422
    assert admin.post(f"/admin/users/{users['handler'].id}/unlock").status_code == 303
    assert login(app.test_client(), "handler").status_code == 302
    assert len(_entries("user.unlock")) == 1


def test_reset_password(login_as, users, app):
    admin = login_as("admin")
    response = admin.post(f"/admin/users/{users['clerk'].id}/password", data={"password": "Reset-2026-x"})
    assert response.status_code == 303
    assert login(app.test_client(), "clerk").status_code == 422
    assert login(app.test_client(), "clerk", "Reset-2026-x").status_code == 302
    entry = _entries("user.password_reset")[0]
    assert "Reset-2026-x" not in str(entry.after) + entry.summary
    weak = admin.post(f"/admin/users/{users['clerk'].id}/password", data={"password": "12345678"})
    assert weak.status_code == 422 and "密码需要同时包含字母和数字" in weak.get_data(as_text=True)


def test_change_role_between_staff_roles_only(login_as, users):
    admin = login_as("admin")
    assert admin.post(f"/admin/users/{users['handler'].id}/role", data={"role": "supervisor"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(User, users["handler"].id).role == "supervisor"
    entry = _entries("user.role_change")[0]
    assert entry.before == {"role": "handler"} and entry.after["role"] == "supervisor"
    assert "案件承办人改为复议机构负责人" in entry.summary
    refused = admin.post(f"/admin/users/{users['applicant'].id}/role", data={"role": "clerk"})
    assert refused.status_code == 422 and "只能在工作人员角色之间调整" in refused.get_data(as_text=True)
    no_choice = admin.post(f"/admin/users/{users['clerk'].id}/role", data={"role": ""})
    assert no_choice.status_code == 422 and "请选择角色" in no_choice.get_data(as_text=True)
    # the role select of the account page offers staff roles only
    page = _account(admin, users["clerk"])
    assert 'value="applicant"' not in page


def test_the_admin_cannot_disable_or_demote_themself(login_as, users):
    admin = login_as("admin")
    response = admin.post(f"/admin/users/{users['admin'].id}/disable", follow_redirects=True)
    assert "不能停用自己的账号" in response.get_data(as_text=True)
    response = admin.post(f"/admin/users/{users['admin'].id}/role", data={"role": "clerk"})
    assert response.status_code == 422 and "不能修改自己的角色" in response.get_data(as_text=True)
    db.session.expire_all()
    admin_row = db.session.get(User, users["admin"].id)
    assert admin_row.active and admin_row.role == "admin"
    assert not _entries("user.disable") and not _entries("user.role_change")


def test_the_admin_finds_an_applicant_account_by_name(login_as, users):
    admin = login_as("admin")
    page = admin.get("/admin/users?q=applicant").get_data(as_text=True)
    assert f"/admin/users/{users['applicant'].id}" in page
    page = admin.get("/admin/users?q=nobody").get_data(as_text=True)
    assert "没有用户名为「nobody」的账号" in page


def test_everyone_changes_their_own_password(login_as, users, app):
    applicant = login_as("applicant")
    page = applicant.get("/account/password").get_data(as_text=True)
    assert "<h1>修改密码</h1>" in page
    wrong = applicant.post("/account/password", data={"current_password": "nope-2026",
                                                       "new_password": "Neu-pass-2026", "confirm": "Neu-pass-2026"})
    assert wrong.status_code == 422 and "当前密码不正确" in wrong.get_data(as_text=True)
    mismatch = applicant.post("/account/password", data={"current_password": PASSWORD,
                                                          "new_password": "Neu-pass-2026", "confirm": "Neu-pass-2027"})
    assert mismatch.status_code == 422 and "两次输入的新密码不一致" in mismatch.get_data(as_text=True)
    same = applicant.post("/account/password", data={"current_password": PASSWORD,
                                                      "new_password": PASSWORD, "confirm": PASSWORD})
    assert same.status_code == 422 and "新密码不能与当前密码相同" in same.get_data(as_text=True)
    done = applicant.post("/account/password", data={"current_password": PASSWORD,
                                                      "new_password": "Neu-pass-2026", "confirm": "Neu-pass-2026"})
    assert done.status_code == 302
    assert "密码已修改" in applicant.get("/", follow_redirects=True).get_data(as_text=True)
    assert login(app.test_client(), "applicant", "Neu-pass-2026").status_code == 302
    entry = _entries("user.password_change")[0]
    assert entry.actor_name == "applicant" and "Neu-pass-2026" not in str(entry.after)


def test_the_password_page_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_admin_edits_a_staff_members_former_unit(login_as, users):
    admin = login_as("admin")
    handler = users["handler"]
    page = _account(admin, handler)
    assert '<label class="form-label" for="former_unit">原工作单位' in page and "未登记" in page
    response = admin.post(f"/admin/users/{handler.id}/former-unit", data={"former_unit": " 合江区市场监督管理局 "})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, handler.id).former_unit == "合江区市场监督管理局"
    assert 'value="合江区市场监督管理局"' in _account(admin, handler)
    entry = _entries("user.former_unit_change")[0]
    assert entry.actor_name == "admin" and entry.object_id == str(handler.id)
    assert entry.before == {"former_unit": None} and entry.after == {"former_unit": "合江区市场监督管理局"}
    assert "修改原工作单位" in admin.get("/audit/?action=user.former_unit_change").get_data(as_text=True)
    # the same unit again changes nothing and writes nothing
    assert admin.post(f"/admin/users/{handler.id}/former-unit",
                      data={"former_unit": "合江区市场监督管理局"}).status_code == 303
    assert len(_entries("user.former_unit_change")) == 1
    too_long = admin.post(f"/admin/users/{handler.id}/former-unit", data={"former_unit": "局" * 201})
    assert too_long.status_code == 422 and "不超过 200 个字" in too_long.get_data(as_text=True)
    assert admin.post(f"/admin/users/{handler.id}/former-unit", data={"former_unit": ""}).status_code == 303
    db.session.expire_all()
    assert db.session.get(User, handler.id).former_unit is None
    assert _entries("user.former_unit_change")[-1].after == {"former_unit": None}


def test_an_applicants_account_has_no_former_unit(login_as, users):
    admin = login_as("admin")
    applicant = users["applicant"]
    assert "原工作单位" not in _account(admin, applicant)
    refused = admin.post(f"/admin/users/{applicant.id}/former-unit", data={"former_unit": "某局"})
    assert refused.status_code == 422 and "只有工作人员账号登记原工作单位" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, applicant.id).former_unit is None and not _entries("user.former_unit_change")
