"""The five roles and who may do what at the coarse (page) level."""

from enum import StrEnum

from recon.i18n import N_


class Role(StrEnum):
    APPLICANT = "applicant"
    CLERK = "clerk"
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# Chinese as stored and printed (audit summaries, CLI); pages show gettext(label).
ROLE_LABELS = {
    Role.APPLICANT: N_("申请人"),
    Role.CLERK: N_("窗口登记员"),
    Role.HANDLER: N_("案件承办人"),
    Role.SUPERVISOR: N_("复议机构负责人"),
    Role.ADMIN: N_("系统管理员"),
}

STAFF_ROLES = frozenset({Role.CLERK, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN})

#: Staff who work on cases. The admin runs the system (accounts, calendar, templates) and sees no
#: case data: no case pages, case documents or case API.
CASE_ROLES = (Role.CLERK, Role.HANDLER, Role.SUPERVISOR)
