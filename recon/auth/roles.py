"""The five roles and who may do what at the coarse (page) level."""

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    CLERK = "clerk"
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.APPLICANT: "申请人",
    Role.CLERK: "窗口登记员",
    Role.HANDLER: "案件承办人",
    Role.SUPERVISOR: "复议机构负责人",
    Role.ADMIN: "系统管理员",
}

STAFF_ROLES = frozenset({Role.CLERK, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN})
