"""The mediation rows of the status machine (issue 15; api.md's mediation actions and
``withdraw``), registered into ``recon.cases.workflow`` when the app starts: mediation acts on a
case only through the workflow, and the workflow knows nothing of mediation (design.md §3)."""

from __future__ import annotations

from recon.cases.status import CaseStatus
from recon.cases.workflow import ALL_RUNNING, HANDLER, STAFF_OPEN, SUPERVISOR, Transition, register
from recon.i18n import N_
from recon.mediation import steps as mediation

#: Mediation may start at any stage before a decision (arts. 5, 73), also before acceptance.
BEFORE_DECISION = frozenset({CaseStatus.RECEIVED, CaseStatus.ACCEPTED})
#: A mediation's own steps: the guards check the mediation's state. A mediation started before
#: acceptance goes on when the case is accepted meanwhile (also when deemed accepted): ``accepted``.
IN_MEDIATION = frozenset({CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.MEDIATION})

register(
    Transition(
        action="start_mediation", label=N_("开始调解"),
        statuses=BEFORE_DECISION, to=None, roles=HANDLER,
        consequence=N_("提交后登记双方对调解的意愿并开始调解，案件进入“调解中”。双方均同意并选择中止审理的，"
                       "行政复议决定期限自开始调解之日起中止计算（第三十九条第一款第六项），并签发《行政复议中止通知书》。尚未受理的案件按受理前"
                       "协商化解登记，受理审查期限继续计算，届满未决定不予受理的视为受理。"),
        step=mediation.start_mediation, guard=mediation.no_running_mediation,
        document="suspension_notice", document_extra=mediation.suspension_document, document_when=mediation.suspends,
    ),
    Transition(
        action="log_mediation_session", label=N_("登记调解记录"),
        statuses=IN_MEDIATION, to=None, roles=HANDLER,
        consequence=N_("提交后本次调解（时间、方式、参加人员、各方意见、调解方案和结果）记入调解台账。"),
        step=mediation.log_mediation_session, guard=mediation.mediation_open, public=False,
    ),
    Transition(
        action="record_agreement", label=N_("登记调解协议"),
        statuses=IN_MEDIATION, to=None, roles=HANDLER,
        consequence=N_("提交后登记达成的调解协议，并据此起草行政复议调解书；各方签字或者盖章、本机关加盖印章后"
                       "调解书生效（第七十三条第一款）。"),
        step=mediation.record_agreement, guard=mediation.agreement_possible,
    ),
    Transition(
        action="sign_agreement", label=N_("登记当事人签字"),
        statuses=IN_MEDIATION, to=None, roles=HANDLER,
        consequence=N_("提交后登记一方当事人在调解书上签字或者盖章的日期（可附签字扫描件）。"),
        step=mediation.sign_agreement, guard=mediation.agreement_pending,
    ),
    Transition(
        action="seal_agreement", label=N_("加盖印章，调解书生效"),
        statuses=IN_MEDIATION, to=CaseStatus.CLOSED,
        roles=SUPERVISOR,
        consequence=N_("提交后签发《行政复议调解书》，调解书自加盖本机关印章之日起生效，案件以调解结案，"
                       "全部期限停止计算。"),
        step=mediation.seal_agreement, guard=mediation.agreement_pending,
        cancels=(ALL_RUNNING,), cancel_reason=N_("调解书生效，调解结案"),
        document="mediation_document", document_extra=mediation.mediation_document,
    ),
    Transition(
        action="back_out", label=N_("登记一方反悔"),
        statuses=IN_MEDIATION, to=None, roles=HANDLER,
        consequence=N_("调解书生效前一方反悔的，应当依法审查或者及时作出行政复议决定（第七十三条第二款）。"
                       "提交后调解终结，案件恢复审理，中止的行政复议决定期限自该日起恢复计算；案件曾中止审理的，签发"
                       "《恢复审理通知书》。"),
        step=mediation.back_out, guard=mediation.mediation_running,
        document="resumption_notice", document_extra=mediation.resumption_document, document_when=mediation.resumes,
    ),
    Transition(
        action="end_mediation", label=N_("调解未成，恢复审理"),
        statuses=IN_MEDIATION, to=None, roles=HANDLER,
        consequence=N_("提交后调解终结，案件恢复审理，中止的行政复议决定期限自该日起恢复计算（第七十三条第二款）；"
                       "案件曾中止审理的，签发《恢复审理通知书》。"),
        step=mediation.end_mediation, guard=mediation.mediation_open,
        document="resumption_notice", document_extra=mediation.resumption_document, document_when=mediation.resumes,
    ),
    Transition(
        action="withdraw", label=N_("准予撤回申请"),
        statuses=STAFF_OPEN, to=CaseStatus.CLOSED, roles=HANDLER,
        consequence=N_("申请人撤回申请，经审查准予撤回的，行政复议终止（第四十一条第一项）。提交后签发《行政复议"
                       "终止决定书》（尚未受理的案件直接办结），全部期限停止计算。和解后撤回的，不得再以同一事实和"
                       "理由提出行政复议申请（第七十四条第二款）。"),
        step=mediation.withdraw, cancels=(ALL_RUNNING,), cancel_reason=N_("申请人撤回申请，准予撤回"),
        document="termination_decision", document_extra=mediation.termination_document,
        document_when=mediation.withdrawal_issues_document,
    ),
)
