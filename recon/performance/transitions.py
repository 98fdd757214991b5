"""The performance rows of the status machine (arts. 77, 78, 83; issues 14 and 15) and the
effect that opens the obligation when a decision, 调解书 or 和解协议 takes effect; registered into
``recon.cases.workflow`` when the app starts, like mediation's rows. They act on a closed case."""

from __future__ import annotations

from recon.cases.status import CaseStatus
from recon.cases.workflow import HANDLER, SUPERVISOR, Transition, register, register_effect
from recon.i18n import N_
from recon.performance import steps

CLOSED = frozenset({CaseStatus.CLOSED})

register(
    Transition(
        action="record_performance", label=N_("登记履行情况"),
        statuses=CLOSED, to=None, roles=HANDLER | SUPERVISOR,
        consequence=N_("提交后登记义务人履行行政复议决定书、调解书或者和解协议的日期和情况（可附证明材料扫描件），"
                       "履行期限完成。"),
        step=steps.record_performance, guard=steps.performance_waiting, follows_receipt=True,
    ),
    Transition(
        action="order_performance", label=N_("责令限期履行"),
        statuses=CLOSED, to=None, roles=SUPERVISOR,
        consequence=N_("被申请人不履行或者无正当理由拖延履行行政复议决定书、调解书的，本机关责令其限期履行"
                       "（第七十七条第一款）；仍不履行的，对负有责任的领导人员和直接责任人员依法给予处分（第八十三条）。"
                       "提交后签发《责令履行通知书》，履行期限自责令之日起按所填天数重新计算。"),
        step=steps.order_performance, guard=steps.order_possible, follows_receipt=True,
        document="performance_order", document_extra=steps.order_document,
    ),
    Transition(
        action="record_enforcement", label=N_("登记强制执行"),
        statuses=CLOSED, to=None, roles=HANDLER,
        consequence=N_("申请人、第三人逾期不起诉又不履行维持行政行为的决定书的，由作出行政行为的行政机关依法强制执行或者"
                       "申请人民法院强制执行；不履行变更行政行为的决定书或者调解书的，由本机关依法强制执行或者申请人民法院"
                       "强制执行（第七十八条）。提交后登记强制执行的方式、日期、法院案号和结果。"),
        step=steps.record_enforcement, guard=steps.enforcement_possible, follows_receipt=True,
    ),
)
register_effect(steps.on_action)
