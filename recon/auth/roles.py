"""The five roles and who may do what at the coarse (page) level."""

from recon.i18n import N_, LabelledEnum


class Role(LabelledEnum):
    """Labels in Chinese as stored and printed (audit summaries, CLI); pages show gettext(label)."""

    APPLICANT = "applicant", N_("申请人")
    CLERK = "clerk", N_("窗口登记员")
    HANDLER = "handler", N_("案件承办人")
    SUPERVISOR = "supervisor", N_("复议机构负责人")
    ADMIN = "admin", N_("系统管理员")


STAFF_ROLES = frozenset({Role.CLERK, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN})

#: Staff who work on cases. The admin runs the system (accounts, calendar, templates) and sees no
#: case data: no case pages, case documents or case API.
CASE_ROLES = (Role.CLERK, Role.HANDLER, Role.SUPERVISOR)
