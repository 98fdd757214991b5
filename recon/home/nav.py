"""Staff navigation by role. An entry appears only once its feature's view exists."""

from __future__ import annotations

from flask import current_app

from recon.auth.roles import Role
from recon.i18n import N_, gettext

C, H, S, A = Role.CLERK, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN

NAV = (
    (N_("工作台"), "home.staff", {C, H, S, A}),
    (N_("现场申请登记"), "intake.new_onsite", {C}),
    (N_("邮寄申请登记"), "intake.new_postal", {C}),
    (N_("案件"), "cases.index", {C, H, S}),
    (N_("期限看板"), "deadlines.board", {H, S}),
    (N_("期限计算器"), "deadlines.calculator", {C, H, S, A}),
    (N_("工作日历"), "deadlines.calendar_admin", {A}),
    (N_("文书模板"), "documents.templates_admin", {A}),
    (N_("账号管理"), "auth.users", {A}),
    (N_("接收点"), "intake.points_admin", {A}),
    (N_("好差评"), "evaluations.index", {S}),
    (N_("统计分析"), "stats.dashboard", {S}),
    (N_("统计口径"), "stats.definitions", {A}),
    (N_("后续诉讼和信访"), "followup.index", {C, H, S}),
    (N_("操作记录"), "audit.index", {S, A}),
)


def nav_for(role: str) -> list[tuple[str, str]]:
    """(label in the reader's language, endpoint) of the entries `role` sees."""
    views = current_app.view_functions
    return [(gettext(label), endpoint) for label, endpoint, roles in NAV
            if role in roles and endpoint in views]
