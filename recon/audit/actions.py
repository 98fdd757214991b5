"""The audit log's action codes and their Chinese names (shown translated on the audit page).

A code is what ``record()`` stores; a code written by no member here (a new feature's) reads
「其他操作」 until it is added, and ``tests/test_audit_page.py`` lists the codes in ``recon/`` that
have no name yet."""

from __future__ import annotations

from recon.i18n import N_, LabelledEnum

OTHER = N_("其他操作")


class AuditAction(LabelledEnum):
    USER_CREATE = "user.create", N_("创建账号")
    USER_LOGIN = "user.login", N_("登录")
    USER_LOGIN_FAILED = "user.login_failed", N_("登录失败")
    USER_LOCKOUT = "user.lockout", N_("登录锁定")
    USER_LOGOUT = "user.logout", N_("退出登录")
    USER_LOGOUT_IDLE = "user.logout_idle", N_("长时间未操作自动退出")
    USER_PASSWORD_CHANGE = "user.password_change", N_("修改本人密码")
    USER_PASSWORD_RESET = "user.password_reset", N_("重置密码")
    USER_DISABLE = "user.disable", N_("停用账号")
    USER_ENABLE = "user.enable", N_("启用账号")
    USER_UNLOCK = "user.unlock", N_("解除登录锁定")
    USER_ROLE_CHANGE = "user.role_change", N_("调整角色")
    USER_FORMER_UNIT_CHANGE = "user.former_unit_change", N_("修改原工作单位")
    LOGIN_SWEEP = "login.sweep", N_("清除过期的登录失败计数")
    TOKEN_ISSUE = "token.issue", N_("签发接口令牌")
    TOKEN_REVOKE = "token.revoke", N_("撤销接口令牌")
    CASE_REGISTER = "case.register", N_("登记申请")
    CASE_RETRACT = "case.retract", N_("撤回并修改")
    CASE_NUMBER_PASSED = "case.number_passed", N_("修改后的申请沿用申请编号")
    CASE_SUPPLEMENT = "case.supplement", N_("补充材料")
    CASE_ENTERPRISE = "case.enterprise", N_("标记涉企案件")
    CASE_ACT_TYPE = "case.act_type", N_("设置行政行为类别")
    CASE_HANDOVER = "case.handover", N_("登记接收点移交")
    LATER_PROCEEDING_CREATE = "later_proceeding.create", N_("登记复议后诉讼或信访")
    LATER_PROCEEDING_IMPORT = "later_proceeding.import", N_("批量导入复议后诉讼或信访")
    STAT_DEFINITION_CREATE = "stat_definition.create", N_("修改统计口径")
    CASE_ORAL_SIGNED = "case.oral_signed", N_("口头申请笔录签名")
    CASE_REVEAL_NUMBERS = "case.reveal_numbers", N_("查看完整号码")
    CASE_ADD_THIRD_PARTY = "case.add_third_party", N_("追加第三人")
    CASE_HEAR_OPINION = "case.hear_opinion", N_("听取意见")
    CASE_SCHEDULE_HEARING = "case.schedule_hearing", N_("安排听证")
    CASE_RECORD_HEARING = "case.record_hearing", N_("记录听证")
    CASE_RECORD_COMMITTEE_OPINION = "case.record_committee_opinion", N_("登记行政复议委员会咨询意见")
    CASE_RECORD_INSPECTION = "case.record_inspection", N_("登记查阅、复制")
    CASE_REQUEST_STAY = "case.request_stay", N_("登记停止执行申请")
    CASE_DECIDE_STAY = "case.decide_stay", N_("决定是否停止执行")
    CASE_SEND_RESPONDENT_COPY = "case.send_respondent_copy", N_("发送答复通知书")
    CASE_RECORD_REPLY = "case.record_reply", N_("登记被申请人答复")
    CASE_RECORD_THIRD_PARTY_EVIDENCE = "case.record_third_party_evidence", N_("登记第三人提供的证据")
    CASE_SUSPEND = "case.suspend", N_("中止审理")
    CASE_RESUME = "case.resume", N_("恢复审理")
    CASE_EXTEND = "case.extend", N_("延长审理期限")
    CASE_CONVERT = "case.convert_to_ordinary", N_("转为普通程序")
    CASE_TERMINATE = "case.terminate", N_("终止行政复议")
    CASE_DECIDE = "case.decide", N_("作出决定")
    CASE_APPROVE_DECISION = "case.approve_decision", N_("批准行政复议决定")
    CASE_SERVE = "case.serve", N_("登记送达")
    CASE_ISSUE_OPINION = "case.issue_opinion", N_("制发行政复议意见书")
    CASE_ISSUE_RECOMMENDATION = "case.issue_recommendation", N_("制发行政复议建议书")
    CASE_RECORD_OPINION_REPORT = "case.record_opinion_report", N_("登记意见书纠正情况报告")
    CASE_RECORD_NOTIFICATION = "case.record_notification", N_("登记抄告")
    CASE_RECORD_PUBLICATION = "case.record_publication", N_("登记决定公开")
    CASE_REQUEST_NORMATIVE_REVIEW = "case.request_normative_review", N_("登记规范性文件附带审查")
    CASE_HANDLE_NORMATIVE_REVIEW = "case.handle_normative_review", N_("自行处理附带审查")
    CASE_TRANSFER_NORMATIVE_REVIEW = "case.transfer_normative_review", N_("转送附带审查")
    CASE_NOTIFY_DRAFTING_ORGAN = "case.notify_drafting_organ", N_("书面通知制定机关")
    CASE_RECORD_DRAFTING_ORGAN_REPLY = "case.record_drafting_organ_reply", N_("登记制定机关答复")
    CASE_RECORD_NORMATIVE_OUTCOME = "case.record_normative_outcome", N_("登记附带审查结论")
    CASE_START_MEDIATION = "case.start_mediation", N_("开始调解")
    CASE_LOG_MEDIATION_SESSION = "case.log_mediation_session", N_("登记调解记录")
    CASE_RECORD_AGREEMENT = "case.record_agreement", N_("登记调解协议")
    CASE_SIGN_AGREEMENT = "case.sign_agreement", N_("登记当事人签字")
    CASE_SEAL_AGREEMENT = "case.seal_agreement", N_("加盖印章，调解书生效")
    CASE_BACK_OUT = "case.back_out", N_("登记一方反悔")
    CASE_END_MEDIATION = "case.end_mediation", N_("调解未成，恢复审理")
    CASE_WITHDRAW = "case.withdraw", N_("准予撤回申请")
    CASE_RECORD_PERFORMANCE = "case.record_performance", N_("登记履行情况")
    CASE_ORDER_PERFORMANCE = "case.order_performance", N_("责令限期履行")
    CASE_RECORD_ENFORCEMENT = "case.record_enforcement", N_("登记强制执行")
    CASE_LINK_CREATE = "case_link.create", N_("关联案件")
    CASE_LINK_DECIDE = "case_link.decide", N_("确认关联案件")
    DRAFT_CREATE = "draft.create", N_("开始网上申请")
    DRAFT_SAVE = "draft.save", N_("保存申请草稿")
    DRAFT_SUBMIT = "draft.submit", N_("提交网上申请")
    DRAFT_DELETE = "draft.delete", N_("删除申请草稿")
    DRAFT_EXPIRE = "draft.expire", N_("申请草稿过期删除")
    UPLOAD_STORE = "upload.store", N_("上传文件")
    UPLOAD_DELETE = "upload.delete", N_("删除上传文件")
    UPLOAD_EXPIRE = "upload.expire", N_("上传文件过期删除")
    FILE_SWEEP = "file.sweep", N_("清理存储文件")
    DOCUMENT_ISSUE = "document.issue", N_("制发文书")
    DOCUMENT_ISSUE_BY_HAND = "document.issue_by_hand", N_("手工签发流程文书")
    DOCUMENT_SERVICE = "document.service", N_("登记送达")
    DOCUMENT_SERVED = "document.service.served", N_("确认送达")
    DOCUMENT_TEMPLATE_SAVE = "document_template.save", N_("修改文书模板")
    DEADLINE_OPEN = "deadline.open", N_("期限开始")
    DEADLINE_MEET = "deadline.meet", N_("期限完成")
    DEADLINE_PAUSE = "deadline.pause", N_("期限中止")
    DEADLINE_RESUME = "deadline.resume", N_("期限恢复")
    DEADLINE_EXTEND = "deadline.extend", N_("期限延长")
    DEADLINE_CANCEL = "deadline.cancel", N_("期限取消")
    DEADLINE_RECOMPUTE = "deadline.recompute", N_("期限重新计算")
    DEADLINE_OVERDUE = "deadline.overdue", N_("期限届满")
    DEADLINE_ENDED_WITH_REVIEW = "deadline.ended_with_review", N_("通知补正期限随受理审查结束")
    NOTIFICATION_READ = "notification.read", N_("消息标为已读")
    NOTIFICATION_READ_ALL = "notification.read_all", N_("全部消息标为已读")
    CALENDAR_IMPORT = "calendar.import", N_("导入工作日历")
    CALENDAR_SET_DAY = "calendar.set_day", N_("修改工作日历")
    CALENDAR_CLEAR_DAY = "calendar.clear_day", N_("恢复工作日历默认")
    CALENDAR_ENTER_NOTICE = "calendar.enter_notice", N_("录入放假安排")
    EVALUATION_CREATE = "evaluation.create", N_("评价")
    EVALUATION_FOLLOW_UP = "evaluation.follow_up", N_("差评回访")


def action_label(code: str) -> str:
    """The Chinese name of an action code (untranslated: the page translates it)."""
    try:
        return AuditAction(code).label
    except ValueError:
        return OTHER


#: Objects that are not case data: the admin sees these entries in full. Every other entry (one
#: with a case, or about an upload, a draft, a document or an evaluation) is case data, which the
#: admin sees only as 「案件」, without its number, names or file names (README, issue 12).
SYSTEM_OBJECTS = frozenset({"user", "login_name", "api_token", "calendar_day", "calendar_year",
                            "document_template", "storage"})

OBJECT_LABELS = {
    "user": N_("账号"),
    "login_name": N_("登录用户名"),
    "api_token": N_("接口令牌"),
    "calendar_day": N_("工作日历"),
    "calendar_year": N_("工作日历"),
    "document_template": N_("文书模板"),
    "storage": N_("文件存储"),
    "upload": N_("上传文件"),
    "application_draft": N_("申请草稿"),
}
CASE_OBJECT = N_("案件")
