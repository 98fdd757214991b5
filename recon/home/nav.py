"""Staff navigation by role. An entry appears only once its feature's view exists."""

from __future__ import annotations

from flask import current_app

from recon.auth.roles import Role

C, H, S, A = Role.CLERK, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN

NAV = (
    ("工作台", "home.staff", {C, H, S, A}),
    ("登记申请", "intake.new_onsite", {C}),
    ("邮寄登记", "intake.new_postal", {C}),
    ("案件", "cases.index", {C, H, S}),
    ("期限看板", "deadlines.board", {H, S}),
    ("期限计算器", "deadlines.calculator", {C, H, S, A}),
    ("工作日历", "deadlines.calendar_admin", {A}),
    ("文书模板", "documents.templates_admin", {A}),
    ("账号管理", "auth.users", {A}),
    ("好差评", "evaluations.index", {S, A}),
    ("操作记录", "audit.index", {S, A}),
)


def nav_for(role: str) -> list[tuple[str, str]]:
    views = current_app.view_functions
    return [(label, endpoint) for label, endpoint, roles in NAV if role in roles and endpoint in views]
