"""The case status machine: every action on a case, who may take it, from which status, what it
does to the statutory clock and which document it issues (design.md §2, issue 13).

ONE entry point for pages, the API and the scheduler alike::

    perform(session, case, action, data, actor, now, version=None, *, documents=None,
            preview=False) -> Outcome

* ``action``: a key of ``TRANSITIONS`` (the api.md action names).
* ``data``: the action's cleaned body (the WTForms form of ``recon/cases/forms.py`` gives it);
  dates are ``datetime.date``. The effective date is ``data[transition.on_field]`` (``"on"`` for
  most actions, ``"received_on"`` for ``record_correction``), today (Beijing) when absent. A past
  date records a step taken on paper earlier; it may not be in the future nor before the step it
  follows (the last status change, or receipt).
* ``actor``: the User acting, or ``None`` for the system (the scheduler; the timeline shows 系统).
* ``version``: the ``case.version_id`` the caller saw; a different one raises ``StaleVersion``
  (409「案件已被他人修改」) and changes nothing.
* ``documents``: ``recon.documents.services.DocumentSettings``; needed by actions that issue a
  document (the caller builds it from the app config; services never read it).
* ``preview``: do everything but issue the document, and build its draft PDF instead
  (``Outcome.draft``); the caller then rolls back. The case page's preview (ux.md H5: a document
  is issued only after its preview, with「确认签发」) shows what the action would do.

An action that the case's status does not allow raises ``ActionNotAllowed`` (a ``Conflict``, 409,
field ``status``, naming the status in Chinese); a role that may not take it ``ActionForbidden``
(403); bad input a ``DomainError`` (422) naming the field. Nothing is half-done: every step runs
in the caller's transaction and the caller rolls back on any error and commits on success.

Every action, in this order: checks (role, status, version, the dates, the row's ``guard``), the
row's ``step`` (its own rules and case fields), the new status and ``updated_at`` (flushed in one
UPDATE, which bumps ``version_id`` once), the deadlines (``meets`` on the effective date,
``cancels`` with ``cancel_reason``, ``extends`` by ``data["days"]``, ``opens`` from a named date;
their due dates are appended to the summary), one timeline entry
(``timeline.add_event``, kind ``workflow.<action>``, payload ``{"action", "from", "to", ...}``), one
audit entry (``case.<action>``) and the document (``documents.issue``), if any. A row's
``document_when`` may decline its document for the step (a refused stay issues none); in preview
mode ``Outcome.draft`` is then None, and the caller may keep the preview's work as the real one.

The scheduler calls two system actions through small wrappers that return ``None`` (and change
nothing) when the law's condition does not hold, so a sweep may call them for any case:

    deem_accepted(session, case, now) -> Outcome | None
        art. 30 ¶3: the case is ``received``, its ``acceptance_review`` is running and its due day
        is before ``now``'s Beijing date, and no correction is pending → ``accepted`` as of that
        due day (``accepted_on`` = due day, ``deemed_accepted`` True, ordinary procedure),
        ``respondent_copy`` and ``decision`` open from that day, ``correction_notice`` ends.
        Timeline dedupe key ``deadline:<acceptance_review id>:deemed_accepted``. A sweep applies it
        before flagging deadlines overdue: the ``correction_notice`` due the same day ends here
        (cancelled), so a case that needed no correction never shows it overdue.
    deem_abandoned(session, case, now) -> Outcome | None
        art. 31 ¶2: the case is ``correction_requested`` and its ``correction_reply`` due day is
        before ``now``'s Beijing date with no supplement recorded → ``abandoned`` (视为放弃,
        ``closed_on`` = that due day), every running deadline cancelled.
        Timeline dedupe key ``deadline:<correction_reply id>:deemed_abandoned``.

A feature above cases may also register an *effect* (``register_effect``): a function of the
``Step`` run in every action after its step and clock, before the timeline entry (performance opens
the obligation of the decision, 调解书 or 和解协议 that has just closed the case).

Adding an action (handling, decision, service, mediation) is adding a row: a ``Transition`` with
its statuses, roles, ``step`` function (in ``recon/cases/services/<stage>.py``) and clock effects;
the engine does not change. ``opens`` names the ordinary-procedure rule; a case on the simple
procedure gets its ``_simple`` variant (``SIMPLE_VARIANTS``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from recon.audit.services import record
from recon.auth.roles import Role
from recon.cases.models import Case, CaseEvent
from recon.cases.services import acceptance, handling, hearing, normative, opinions
from recon.cases.status import OPEN_STATUSES, CaseStatus
from recon.cases.timeline import add_event
from recon.clock import beijing_date
from recon.deadlines import lifecycle as deadlines
from recon.deadlines.display import date_zh
from recon.deadlines.models import ACTIVE_STATES, Deadline, DeadlineState
from recon.documents import services as document_services
from recon.errors import Conflict, DomainError, NotFound, PermissionDenied
from recon.formatting import date_text
from recon.i18n import N_, gettext

SYSTEM = frozenset()  # roles of a system action: only the scheduler (actor None) takes it
ALL_RUNNING = "*"  # ``cancels``: every active deadline of the case
#: Periods of other organs that outlive the case's end (ALL_RUNNING leaves them): a 意见书's report
#: (art. 76) is due whatever becomes of the case.
OUTLIVES_CASE = ("opinion_report",)

#: The simple procedure's variant of an ordinary rule (art. 54, art. 62 ¶2).
SIMPLE_VARIANTS = {
    "respondent_copy": "respondent_copy_simple",
    "respondent_reply": "respondent_reply_simple",
    "decision": "decision_simple",
}


class ActionNotAllowed(Conflict):
    """The case's status (or the state of its clock) does not allow the action (409)."""

    def __init__(self, message: str):
        super().__init__(message, field="status")


class StaleVersion(Conflict):
    """The case changed since the caller loaded it (409)."""

    def __init__(self):
        super().__init__(gettext("案件已被他人修改，请重新载入后再操作"), field="version")


class ActionForbidden(PermissionDenied):
    """The actor's role may not take the action (403)."""


class UnknownAction(NotFound):
    """No such action (404)."""


@dataclass(frozen=True)
class Open:
    """``opens`` entry: start ``rule`` from the step's date named ``start`` (``Step.dates``)."""

    rule: str
    start: str = "on"


@dataclass
class Step:
    """What the engine hands a row's ``step`` and ``guard``: the case and the request, the
    effective date ``on``, and what the step fills in (dates for ``opens``, the timeline summary,
    payload, the document's fields, warnings for the person)."""

    session: Session
    case: Case
    transition: Transition
    data: Mapping[str, Any]
    actor: Any
    now: datetime
    today: date
    on: date
    dates: dict[str, date] = field(default_factory=dict)
    summary: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    document_extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    opened: dict[str, Deadline] = field(default_factory=dict)
    extended: list[Deadline] = field(default_factory=list)
    dedupe_key: str | None = None
    documents: Any = None  # the caller's DocumentSettings (effects may issue a document)
    preview: bool = False


@dataclass(frozen=True)
class Transition:
    """One row of the table: ``action`` from any of ``statuses`` to ``to`` (None: unchanged)."""

    action: str
    label: str  # the action's name (Chinese, N_): 「受理」
    statuses: frozenset[str]
    to: str | None
    roles: frozenset[str]
    consequence: str  # what the form page states before the person submits (ux.md H5)
    step: Callable[[Step], None]
    guard: Callable[[Session, Case, date], str | None] | None = None  # the clock's precondition
    on_field: str = "on"
    opens: tuple[Open, ...] = ()
    meets: tuple[str, ...] = ()
    cancels: tuple[str, ...] = ()
    cancel_reason: str = ""
    extends: tuple[str, ...] = ()
    pauses: tuple[str, ...] = ()  # suspended from the effective date (art. 39)
    resumes: tuple[str, ...] = ()  # run again from the effective date
    document: str | None = None
    #: the document's fields; a list issues one copy per entry (each party the document concerns)
    document_extra: Callable[[Step], dict[str, Any] | list[dict[str, Any]]] | None = None
    document_when: Callable[[Step], bool] | None = None  # issue ``document`` only when it answers True
    public: bool = True  # the applicant sees the timeline entry
    follows_receipt: bool = False  # the date is checked against receipt only, not the last step

    @property
    def system(self) -> bool:
        return not self.roles


@dataclass
class Outcome:
    case: Case
    transition: Transition
    event: CaseEvent | None
    document: Any = None
    documents: list[Any] = field(default_factory=list)  # every copy issued (one per party it concerns)
    warnings: list[str] = field(default_factory=list)
    draft: bytes | None = None  # the document's draft PDF, in preview mode
    opened: list[Deadline] = field(default_factory=list)  # deadlines opened or extended


STAFF_OPEN = frozenset(s.value for s in OPEN_STATUSES)
HANDLER = frozenset({Role.HANDLER.value})
SUPERVISOR = frozenset({Role.SUPERVISOR.value})
HANDLING = frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED, CaseStatus.MEDIATION})
#: A 意见书 may come during the handling or after the decision (art. 76), also on a closed case.
AFTER_ACCEPTANCE = HANDLING | {CaseStatus.DECIDED, CaseStatus.CLOSED}
#: The incidental review runs before the decision (Regs art. 26), suspended or not (art. 39 ¶1(9)).
BEFORE_DECISION = frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED})

TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition(
        action="accept", label=N_("受理"),
        statuses=frozenset({CaseStatus.RECEIVED}), to=CaseStatus.ACCEPTED, roles=HANDLER,
        consequence=N_("提交后案件进入审理，签发《行政复议受理通知书》，并开始计算发送申请书副本期限和"
                       "行政复议决定期限（普通程序 60 日，简易程序 30 日）。"),
        step=acceptance.accept, guard=acceptance.review_running,
        meets=("acceptance_review",), cancels=("correction_notice",),
        cancel_reason=N_("已受理，无需补正"),
        opens=(Open("respondent_copy"), Open("decision")),
        document="acceptance_notice",
    ),
    Transition(
        action="refuse", label=N_("不予受理"),
        statuses=frozenset({CaseStatus.RECEIVED}), to=CaseStatus.REFUSED, roles=HANDLER,
        consequence=N_("提交后签发《不予受理决定书》，案件以不予受理办结，全部期限停止计算。"),
        step=acceptance.refuse, guard=acceptance.review_running,
        cancels=(ALL_RUNNING,), cancel_reason=N_("决定不予受理"),
        document="refusal_decision", document_extra=acceptance.refusal_document,
    ),
    Transition(
        action="request_correction", label=N_("通知补正"),
        statuses=frozenset({CaseStatus.RECEIVED}), to=CaseStatus.CORRECTION_REQUESTED, roles=HANDLER,
        consequence=N_("提交后将生成补正通知书，并自申请人收到通知之日起开始计算 10 个工作日的补正期限；"
                       "受理审查期限自收到补正材料之日起重新计算。申请人可以在网上查看补正事项并提交材料。"),
        step=acceptance.request_correction, guard=acceptance.correction_notice_running,
        meets=("correction_notice",), cancels=("acceptance_review",),
        cancel_reason=N_("已通知补正，收到补正材料后重新审查（第三十一条第三款）"),
        opens=(Open("correction_reply", "notice_served_on"),),
        document="correction_notice", document_extra=acceptance.correction_document,
    ),
    Transition(
        action="record_correction", label=N_("登记补正材料"),
        statuses=frozenset({CaseStatus.CORRECTION_REQUESTED}), to=CaseStatus.RECEIVED,
        roles=frozenset({Role.CLERK.value, Role.HANDLER.value, Role.APPLICANT.value}),
        consequence=N_("提交后补正期限完成，自收到补正材料之日起重新计算 5 个工作日的受理审查期限。"),
        step=acceptance.record_correction, on_field="received_on",
        meets=("correction_reply",), opens=(Open("acceptance_review"),),
    ),
    Transition(
        action="extend_correction", label=N_("延长补正期限"),
        statuses=frozenset({CaseStatus.CORRECTION_REQUESTED}), to=None, roles=HANDLER,
        consequence=N_("提交后申请人的补正期限按所填工作日数延长（第三十一条第二款：有正当理由的，"
                       "可以延长合理期限）。"),
        step=acceptance.extend_correction, guard=acceptance.correction_reply_running,
        extends=("correction_reply",),
    ),
    Transition(
        action="assign", label=N_("指派承办人"),
        statuses=STAFF_OPEN, to=None, roles=SUPERVISOR,
        consequence=N_("提交后本案由所选承办人办理，出现在其「我的案件」中。"),
        step=acceptance.assign, public=False, follows_receipt=True,
    ),
    Transition(
        action="dismiss", label=N_("驳回行政复议申请"),
        statuses=frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}), to=CaseStatus.CLOSED,
        roles=HANDLER,
        consequence=N_("受理后发现不符合受理条件的，驳回申请（第三十三条）。提交后签发《驳回行政复议申请"
                       "决定书》，案件以驳回申请结案，全部期限停止计算。"),
        step=acceptance.dismiss, cancels=(ALL_RUNNING,), cancel_reason=N_("驳回行政复议申请"),
        document="dismissal_decision", document_extra=acceptance.dismissal_document,
    ),
    Transition(
        action="add_third_party", label=N_("追加第三人"),
        statuses=HANDLING, to=None, roles=HANDLER,
        consequence=N_("提交后该公民、法人或者其他组织作为第三人参加行政复议（第十六条），列入当事人，"
                       "以其填写的送达地址送达文书；签发《第三人参加行政复议通知书》。"),
        step=hearing.add_third_party,
        document="third_party_notice", document_extra=hearing.third_party_document,
    ),
    Transition(
        action="hear_opinion", label=N_("听取意见"),
        statuses=frozenset({CaseStatus.ACCEPTED, CaseStatus.MEDIATION}), to=None, roles=HANDLER,
        consequence=N_("普通程序应当当面或者通过互联网、电话等方式听取当事人的意见，并将听取的意见记录在案"
                       "（第四十九条）。提交后制作该当事人的《听取意见笔录》，并记录其是否愿意调解。"),
        step=hearing.hear_opinion, public=False,
        document="opinion_record", document_extra=hearing.opinion_document,
    ),
    Transition(
        action="schedule_hearing", label=N_("安排听证"),
        statuses=frozenset({CaseStatus.ACCEPTED}), to=None, roles=HANDLER,
        consequence=N_("提交后记录听证日期和听证通知送达日期，并向申请人、被申请人和第三人各签发一份《听证通知书》。"
                       "听证通知应当在听证日 5 个工作日前送达当事人（第五十一条第一款）；送达晚于该日的，系统予以提示。"),
        step=hearing.schedule_hearing, guard=hearing.ordinary_only,
        document="hearing_notice", document_extra=hearing.hearing_notice_documents,
    ),
    Transition(
        action="record_hearing", label=N_("记录听证"),
        statuses=frozenset({CaseStatus.ACCEPTED}), to=None, roles=HANDLER,
        consequence=N_("提交后记录听证人员（主持人一名、听证员二名以上、记录员一名）、到场情况和听证情况，"
                       "制作《听证笔录》；行政复议决定应当根据听证笔录作出（第六十一条第二款）。"),
        step=hearing.record_hearing, guard=hearing.hearing_scheduled, public=False,
        document="hearing_record", document_extra=hearing.hearing_document,
    ),
    Transition(
        action="record_committee_opinion", label=N_("登记行政复议委员会咨询意见"),
        statuses=frozenset({CaseStatus.ACCEPTED}), to=None, roles=HANDLER,
        consequence=N_("提交后记录行政复议委员会的咨询意见（第五十二条），作为作出行政复议决定的重要参考依据"
                       "（第六十一条第三款）。"),
        step=hearing.record_committee_opinion, guard=hearing.ordinary_only, public=False,
    ),
    Transition(
        action="record_inspection", label=N_("登记查阅、复制"),
        statuses=HANDLING, to=None, roles=HANDLER,
        consequence=N_("提交后记录申请人、第三人及其委托代理人查阅、复制答复、证据、依据等材料的情况，以及不予"
                       "提供的材料和理由（第四十七条）。"),
        step=hearing.record_inspection, public=False,
    ),
    Transition(
        action="request_stay", label=N_("登记停止执行申请"),
        statuses=HANDLING, to=None, roles=HANDLER,
        consequence=N_("行政复议期间行政行为不停止执行；申请人、第三人申请停止执行的，由本机关审查决定"
                       "（第四十二条）。提交后登记该申请，等待决定。"),
        step=hearing.request_stay,
    ),
    Transition(
        action="decide_stay", label=N_("决定是否停止执行"),
        statuses=HANDLING, to=None, roles=HANDLER,
        consequence=N_("认为申请合理的，决定停止执行，签发《停止执行通知书》送被申请人；否则决定不停止执行"
                       "（第四十二条）。"),
        step=hearing.decide_stay, guard=hearing.stay_requested,
        document="stay_notice", document_extra=hearing.stay_document, document_when=hearing.stay_granted,
    ),
    Transition(
        action="send_respondent_copy", label=N_("发送答复通知书"),
        statuses=frozenset({CaseStatus.ACCEPTED}), to=None, roles=HANDLER,
        consequence=N_("提交后签发《提出答复通知书》，连同申请书副本（或口头申请笔录）送达被申请人；自送达之日起"
                       "计算被申请人的答复期限（普通程序 10 个工作日，简易程序 5 个工作日）。逾期不答复的，视为"
                       "该行政行为没有证据、依据（第七十条）。"),
        step=handling.send_respondent_copy, guard=handling.copy_pending, on_field="served_on",
        meets=("respondent_copy",), opens=(Open("respondent_reply"),),
        document="reply_notice", document_extra=handling.reply_notice_document,
    ),
    Transition(
        action="record_reply", label=N_("登记被申请人答复"),
        statuses=HANDLING, to=None, roles=HANDLER,
        consequence=N_("提交后答复期限完成，答复内容列入案件材料并用于行政复议决定书的「被申请人称」。超过答复"
                       "期限提交的，按第七十条处理：只能决定撤销、确认违法、确认无效或者责令履行。"),
        step=handling.record_reply, guard=handling.reply_expected, on_field="received_on",
        meets=("respondent_reply",),
    ),
    Transition(
        action="record_third_party_evidence", label=N_("登记第三人提供的证据"),
        statuses=HANDLING, to=None, roles=HANDLER,
        consequence=N_("提交后第三人提供的证据列入案件材料。被申请人逾期未答复的，行政行为涉及第三人合法权益且第三人"
                       "提供证据的，决定类型不受第七十条的限制。"),
        step=handling.record_third_party_evidence, guard=handling.has_third_party, on_field="received_on",
    ),
    Transition(
        action="suspend", label=N_("中止审理"),
        statuses=frozenset({CaseStatus.ACCEPTED}), to=CaseStatus.SUSPENDED, roles=HANDLER,
        consequence=N_("提交后签发《行政复议中止通知书》，行政复议决定期限自中止之日起暂停计算。因第三十九条第一款"
                       "第一、二、四项中止满 60 日原因仍未消除的，应当终止（第四十一条第五项）。"),
        step=handling.suspend, pauses=("decision",),
        document="suspension_notice", document_extra=handling.suspension_document,
    ),
    Transition(
        action="resume", label=N_("恢复审理"),
        statuses=frozenset({CaseStatus.SUSPENDED}), to=CaseStatus.ACCEPTED, roles=HANDLER,
        consequence=N_("中止的原因消除后应当及时恢复审理。提交后签发《恢复审理通知书》，行政复议决定期限自恢复之日"
                       "起继续计算，中止期间不计入。"),
        step=handling.resume, resumes=("decision",), cancels=("suspension_limit",),
        cancel_reason=N_("已恢复审理"),
        document="resumption_notice", document_extra=handling.resumption_document,
    ),
    Transition(
        action="extend", label=N_("延长审理期限"),
        statuses=HANDLING, to=None, roles=SUPERVISOR,
        consequence=N_("情况复杂不能在规定期限内作出决定的，经行政复议机构负责人批准可以适当延长，延长期限最多不"
                       "超过 30 日（第六十二条第一款）。提交后签发《延长审理期限通知书》，新的届满日为受理之日起 60 日"
                       "加延长天数（中止期间不计入），届满日为法定休假日的顺延一次。"),
        step=handling.extend, guard=handling.extendable, extends=("decision",),
        document="extension_notice", document_extra=handling.extension_document,
    ),
    Transition(
        action="convert_to_ordinary", label=N_("转为普通程序"),
        statuses=HANDLING, to=None, roles=SUPERVISOR,
        consequence=N_("适用简易程序审理的案件不宜适用简易程序的，经行政复议机构负责人批准，转为普通程序审理（第五十五"
                       "条）。提交后发送申请书副本、答复和行政复议决定期限改按普通程序计算，审理期限自原受理之日起 60 日；"
                       "向申请人、被申请人和第三人各签发一份《程序转换通知书》。"),
        step=handling.convert_to_ordinary, guard=handling.simple_procedure,
        document="conversion_notice", document_extra=handling.conversion_documents,
    ),
    Transition(
        action="terminate", label=N_("终止行政复议"),
        statuses=HANDLING, to=CaseStatus.CLOSED, roles=HANDLER,
        consequence=N_("有第四十一条规定情形的，决定终止行政复议。提交后签发《行政复议终止决定书》，案件以终止结案，"
                       "全部期限停止计算。申请人撤回申请的，请办理「撤回申请」。"),
        step=handling.terminate, cancels=(ALL_RUNNING,), cancel_reason=N_("行政复议终止"),
        document="termination_decision", document_extra=handling.termination_document,
    ),
    Transition(
        action="decide", label=N_("作出决定"),
        statuses=frozenset({CaseStatus.ACCEPTED}), to=None, roles=HANDLER,
        consequence=N_("提交后记录行政复议决定草稿，由系统根据案件记录生成《行政复议决定书》草稿，可在本页修改；"
                       "经负责人批准（第六十一条）后签发。被申请人逾期未答复的，只能决定撤销、确认违法、确认无效"
                       "或者责令履行（第七十条）。"),
        step=handling.decide,
    ),
    Transition(
        action="approve_decision", label=N_("批准行政复议决定"),
        statuses=frozenset({CaseStatus.ACCEPTED}), to=CaseStatus.DECIDED, roles=SUPERVISOR,
        consequence=N_("提交后以本机关名义签发《行政复议决定书》，行政复议决定期限完成，案件进入待送达。决定书"
                       "自送达之日起发生法律效力（第七十五条）；送达申请人和被申请人后结案。"),
        step=handling.approve_decision, guard=handling.draft_recorded,
        meets=("decision",), cancels=(ALL_RUNNING,), cancel_reason=N_("已作出行政复议决定"),
        document="decision", document_extra=handling.decision_document,
    ),
    Transition(
        action="serve", label=N_("登记送达"),
        statuses=frozenset(CaseStatus), to=None, roles=frozenset({Role.CLERK.value, Role.HANDLER.value}),
        consequence=N_("提交后记录该文书向受送达人送达的方式和日期，并制作该次送达的《送达回证》。电子送达须经受送达人"
                       "同意；委托送达写明受委托的单位，转交送达写明代为转交的单位。《行政复议决定书》送达申请人和被申请人后"
                       "本案结案；起诉期限（15 日）自各当事人收到决定书之日起计算。"),
        step=handling.serve, guard=handling.has_documents, on_field="served_on", follows_receipt=True,
        document="service_receipt", document_extra=handling.service_receipt_document,
    ),
    # ---- 意见书 and 建议书 (art. 76), 抄告 and publication (art. 79), during handling or after ----
    Transition(
        action="issue_opinion", label=N_("制发行政复议意见书"),
        statuses=AFTER_ACCEPTANCE, to=None, roles=HANDLER,
        consequence=N_("办理案件中发现被申请人或者其他下级行政机关的有关行政行为违法或者不当的，可以制发行政复议"
                       "意见书（第七十六条）。提交后签发《行政复议意见书》，并自该机关收到之日起计算 60 日的纠正情况"
                       "报送期限（期限看板可见）。"),
        step=opinions.issue_opinion, guard=opinions.has_accepted, public=False, follows_receipt=True,
        document="opinion_letter", document_extra=opinions.opinion_document,
    ),
    Transition(
        action="issue_recommendation", label=N_("制发行政复议建议书"),
        statuses=AFTER_ACCEPTANCE, to=None, roles=HANDLER,
        consequence=N_("发现法律、法规、规章实施中带有普遍性的问题的，可以向有关机关制发行政复议建议书（《行政复议法"
                       "实施条例》第五十七条第二款）。提交后签发《行政复议建议书》；法律未规定答复期限，不计算期限。"),
        step=opinions.issue_recommendation, guard=opinions.has_accepted, public=False, follows_receipt=True,
        document="recommendation_letter", document_extra=opinions.recommendation_document,
    ),
    Transition(
        action="record_opinion_report", label=N_("登记意见书纠正情况报告"),
        statuses=AFTER_ACCEPTANCE, to=None, roles=HANDLER,
        consequence=N_("提交后登记有关机关报送的纠正情况（可附扫描件），该意见书的 60 日报送期限完成。"),
        step=opinions.record_opinion_report, guard=opinions.report_awaited, public=False, follows_receipt=True,
    ),
    Transition(
        action="record_notification", label=N_("登记抄告"),
        statuses=AFTER_ACCEPTANCE, to=None, roles=HANDLER,
        consequence=N_("行政复议决定书、意见书应当同时抄告被申请人的上一级主管部门（第七十九条第二款）。提交后"
                       "登记抄告的文书、机关和日期。"),
        step=opinions.record_notification, guard=opinions.has_notifiable, public=False, follows_receipt=True,
    ),
    Transition(
        action="record_publication", label=N_("登记决定公开"),
        statuses=frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED}), to=None, roles=HANDLER,
        consequence=N_("根据被申请行政复议的行政行为的公开情况，按照国家有关规定将行政复议决定书向社会公开（第七十九条"
                       "第一款）。公开使用隐去身份证号码和电话号码的公开文本。提交后登记公开的日期、平台和网址。"),
        step=opinions.record_publication, guard=opinions.has_decision, follows_receipt=True,
    ),
    # ---- incidental review of normative documents (arts. 13, 56–60) -------------------------------
    Transition(
        action="request_normative_review", label=N_("登记规范性文件附带审查"),
        statuses=BEFORE_DECISION, to=None, roles=HANDLER,
        consequence=N_("申请人在申请时或者在决定前一并提出对规范性文件的附带审查申请，或者本机关审查中认为行政行为的依据"
                       "不合法的（第十三条、第五十六条、第五十七条），提交后自该日起计算：本机关有权处理的 30 日处理期限，"
                       "无权处理的 7 个工作日转送期限。审查期间可以依照第三十九条第一款第九项中止审理。"),
        step=normative.request_normative_review, guard=normative.none_running,
        opens=(Open("normative_review"), Open("normative_transfer")),
    ),
    Transition(
        action="handle_normative_review", label=N_("自行处理附带审查"),
        statuses=BEFORE_DECISION, to=None, roles=HANDLER,
        consequence=N_("本机关有权处理的，自申请之日起 30 日内依法处理（第五十六条、第五十七条），不再转送。因附带审查"
                       "中止审理的，应当自中止之日起 3 个工作日内书面通知制定机关提出书面答复（第五十八条）。"),
        step=normative.handle_normative_review, guard=normative.undecided,
        cancels=("normative_transfer",), cancel_reason=N_("本机关有权处理，无需转送"),
    ),
    Transition(
        action="transfer_normative_review", label=N_("转送附带审查"),
        statuses=BEFORE_DECISION, to=None, roles=HANDLER,
        consequence=N_("本机关无权处理的，自申请之日起 7 个工作日内转送有权处理的机关（第五十六条、第五十七条）。提交后"
                       "签发《规范性文件转送函》；接受转送的机关应当自收到之日起 60 日内回复处理意见（第六十条）。"),
        step=normative.transfer_normative_review, guard=normative.undecided,
        meets=("normative_transfer",), cancels=("normative_review",), cancel_reason=N_("已转送有权处理的机关"),
        opens=(Open("normative_transfer_reply", "received_on"),),
        document="transfer_letter", document_extra=normative.transfer_document,
    ),
    Transition(
        action="notify_drafting_organ", label=N_("书面通知制定机关"),
        statuses=BEFORE_DECISION, to=None, roles=HANDLER,
        consequence=N_("书面通知规范性文件的制定机关就相关条款的合法性提出书面答复（第五十八条）。提交后签发"
                       "《规范性文件提出书面答复通知书》，书面通知期限完成，自制定机关收到通知之日起计算 10 个工作日的"
                       "答复期限。"),
        step=normative.notify_drafting_organ, guard=normative.letter_due,
        meets=("drafting_organ_notice",), opens=(Open("drafting_organ_reply", "served_on"),),
        document="drafting_organ_letter", document_extra=normative.drafting_letter_document,
    ),
    Transition(
        action="record_drafting_organ_reply", label=N_("登记制定机关答复"),
        statuses=BEFORE_DECISION, to=None, roles=HANDLER,
        consequence=N_("提交后登记制定机关的书面答复，答复期限完成。"),
        step=normative.record_drafting_organ_reply, guard=normative.reply_due,
        meets=("drafting_organ_reply",),
    ),
    Transition(
        action="record_normative_outcome", label=N_("登记附带审查结论"),
        statuses=BEFORE_DECISION, to=None, roles=HANDLER,
        consequence=N_("认为相关条款合法的，在行政复议决定书中一并告知；认为超越权限或者违反上位法的，决定停止该条款的"
                       "执行，并责令制定机关予以纠正（第五十九条）。转送的，登记接受转送的机关回复的处理意见（第六十条）。"
                       "提交后处理期限完成，结论写入行政复议决定书草稿的「本机关认为」。"),
        step=normative.record_normative_outcome, guard=normative.outcome_due,
    ),
    Transition(
        action="deem_accept", label=N_("视为受理"),
        statuses=frozenset({CaseStatus.RECEIVED}), to=CaseStatus.ACCEPTED, roles=SYSTEM,
        consequence=N_("受理审查期限届满未作出不予受理决定的，自期限届满之日起视为受理（第三十条第三款）。"),
        step=acceptance.deem_accept, meets=("acceptance_review",), cancels=("correction_notice",),
        cancel_reason=N_("审查期限届满，视为受理"),
        opens=(Open("respondent_copy"), Open("decision")),
    ),
    Transition(
        action="deem_abandon", label=N_("视为放弃申请"),
        statuses=frozenset({CaseStatus.CORRECTION_REQUESTED}), to=CaseStatus.ABANDONED, roles=SYSTEM,
        consequence=N_("申请人无正当理由逾期不补正的，视为放弃行政复议申请，并记录在案（第三十一条第二款）。"),
        step=acceptance.deem_abandon, cancels=(ALL_RUNNING,),
        cancel_reason=N_("申请人逾期未补正，视为放弃行政复议申请"),
    ),
)}


#: What a feature above cases does after any action's step and clock (``register_effect``):
#: ``effect(step)``, e.g. the performance follow-up opened when a decision takes effect.
EFFECTS: list[Callable[[Step], None]] = []


def register_effect(effect: Callable[[Step], None]) -> None:
    """Run ``effect(step)`` in every action, after its step and clock and before its timeline
    entry (the effect may add to ``step.summary``, ``step.opened`` and ``step.payload``)."""
    if effect not in EFFECTS:
        EFFECTS.append(effect)


def register(*rows: Transition) -> None:
    """Add rows a feature above cases owns (mediation: ``recon/mediation/transitions.py``) to the
    table, so that cases never imports it (design.md §3); each module registers once, at import."""
    for row in rows:
        TRANSITIONS.setdefault(row.action, row)


# ---- reading the table -------------------------------------------------------------------------


def transition(action: str) -> Transition:
    found = TRANSITIONS.get(action)
    if found is None:
        raise UnknownAction(gettext("没有名为 %(action)s 的操作", action=action), field="action")
    return found


def status_label(case: Case) -> str:
    return gettext(CaseStatus(case.status).label)


def refusal(case: Case, actor, action: str) -> str | None:
    """Why ``actor`` may not take ``action`` on ``case`` in its status (None: allowed). The role
    and the status only; the clock's guard is checked by ``available`` and ``perform``."""
    t = TRANSITIONS.get(action)
    if t is None:
        return gettext("没有名为 %(action)s 的操作", action=action)
    if actor is None:
        if not t.system:
            return gettext("「%(label)s」须由工作人员办理", label=gettext(t.label))
    elif t.system or actor.role not in t.roles:
        return _role_refusal(t)
    if case.status not in t.statuses:
        return gettext("案件当前状态为“%(status)s”，不能%(label)s", status=status_label(case),
                       label=gettext(t.label))
    return None


def _role_refusal(t: Transition) -> str:
    if t.system:
        return gettext("「%(label)s」由系统依法自动办理，不能手工操作", label=gettext(t.label))
    roles = gettext("、").join(gettext(Role(r).label) for r in sorted(t.roles))
    return gettext("只有%(roles)s可以%(label)s", roles=roles, label=gettext(t.label))


def available(session: Session, case: Case, actor, today: date) -> list[Transition]:
    """The actions ``actor`` may take on ``case`` now (ux.md H5: only these are shown), in table
    order."""
    return [t for t in TRANSITIONS.values()
            if not t.system and refusal(case, actor, t.action) is None
            and (t.guard is None or t.guard(session, case, today) is None)]


# ---- the engine --------------------------------------------------------------------------------


def last_step(case: Case) -> tuple[date, str]:
    """The day and name of the last status change on the case (its receipt when none)."""
    for event in reversed(case.events):
        payload = event.payload or {}
        if event.kind.startswith("workflow.") and payload.get("to") != payload.get("from"):
            return event.on, payload.get("label") or event.kind
    return case.received_on, "收到行政复议申请"


def _check_on(case: Case, t: Transition, on: date, today: date) -> None:
    if on > today:
        raise DomainError(gettext("日期 %(on)s 晚于今天，不能登记将来的日期", on=date_text(on)),
                          field=t.on_field)
    floor, name = (case.received_on, "收到行政复议申请") if t.follows_receipt else last_step(case)
    if on < floor:
        raise DomainError(gettext("日期 %(on)s 早于本案上一步骤（%(step)s，%(day)s），请检查日期",
                                  on=date_text(on), step=gettext(name), day=date_text(floor)),
                          field=t.on_field)


def _active(session: Session, case: Case, rules: tuple[str, ...]) -> list[Deadline]:
    query = select(Deadline).where(Deadline.case_id == case.id, Deadline.state.in_(ACTIVE_STATES))
    if ALL_RUNNING in rules:
        query = query.where(Deadline.rule.not_in(OUTLIVES_CASE))
    else:  # a rule names its simple-procedure variant too
        rules = rules + tuple(SIMPLE_VARIANTS[r] for r in rules if r in SIMPLE_VARIANTS)
        query = query.where(Deadline.rule.in_(rules))
    return list(session.scalars(query.order_by(Deadline.id)))


def _rule_for(case: Case, rule: str) -> str:
    return SIMPLE_VARIANTS.get(rule, rule) if case.procedure == "simple" else rule


def _clock(step: Step) -> None:
    t, session, case, actor = step.transition, step.session, step.case, step.actor
    for deadline in _active(session, case, t.meets) if t.meets else ():
        deadlines.meet(session, deadline, max(step.on, deadline.start_on), actor)
    for deadline in _active(session, case, t.cancels) if t.cancels else ():
        deadlines.cancel(session, deadline, actor, t.cancel_reason)
    for deadline in _active(session, case, t.extends) if t.extends else ():
        step.extended.append(deadlines.extend(session, deadline, step.data["days"], actor, step.now,
                                              on=step.on))
    for deadline in _active(session, case, t.pauses) if t.pauses else ():
        if deadline.state == DeadlineState.OPEN and (deadline.due_on is None or deadline.due_on >= step.on):
            deadlines.pause(session, deadline, step.on, actor)
    for deadline in _active(session, case, t.resumes) if t.resumes else ():
        if deadline.state == DeadlineState.PAUSED:
            step.extended.append(deadlines.resume(session, deadline, step.on, actor))
    for item in t.opens:
        rule = _rule_for(case, item.rule)
        step.opened[item.rule] = deadlines.open_deadline(session, case.id, rule, step.dates[item.start],
                                                         actor, step.now)


def _clock_words(step: Step) -> str:
    """「；行政复议决定期限届满日为 2027年2月1日」 for each deadline opened or extended."""
    words = [f"{d.label}届满日为 {date_zh(d.due_on)}" for d in step.opened.values()]
    words += [f"{d.label}届满日调整为 {date_zh(d.due_on)}" for d in step.extended]
    return "；" + "；".join(words) if words else ""


def _snapshot(case: Case) -> dict[str, Any]:
    return {"status": case.status, "procedure": case.procedure, "handler_id": case.handler_id,
            "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
            "deemed_accepted": case.deemed_accepted, "closure": case.closure,
            "closed_on": case.closed_on.isoformat() if case.closed_on else None,
            "version": case.version_id}


def perform(session: Session, case: Case, action: str, data: Mapping[str, Any] | None, actor,
            now: datetime, version: int | None = None, *, documents=None, preview: bool = False) -> Outcome:
    """Take ``action`` on ``case`` (see the module docstring). Flushes; never commits."""
    t = transition(action)
    reason = refusal(case, actor, action)
    if reason is not None:
        if actor is not None and (t.system or actor.role not in t.roles):
            raise ActionForbidden(reason)
        raise ActionNotAllowed(reason)
    if version is not None and version != case.version_id:
        raise StaleVersion()
    data = dict(data or {})
    today = beijing_date(now)
    on = data.get(t.on_field) or today
    _check_on(case, t, on, today)
    if t.guard is not None and (blocked := t.guard(session, case, on)) is not None:
        raise ActionNotAllowed(blocked)
    step = Step(session=session, case=case, transition=t, data=data, actor=actor, now=now,
                today=today, on=on, dates={"on": on}, documents=documents, preview=preview)
    before = _snapshot(case)
    t.step(step)
    if t.to is not None:
        case.status = t.to
    case.updated_at = now  # every action bumps the version, in one UPDATE with the step's fields
    try:
        session.flush()
    except StaleDataError:
        raise StaleVersion() from None
    _clock(step)
    for effect in EFFECTS:
        effect(step)
    step.summary += _clock_words(step)
    payload = {"action": action, "label": t.label, "from": before["status"], "to": case.status,
               **step.payload}
    if step.warnings:
        payload["warnings"] = list(step.warnings)
    event = add_event(session, case, f"workflow.{action}", step.summary, now=now, actor=actor, on=step.on,
                      public=t.public, payload=payload, dedupe_key=step.dedupe_key)
    after = _snapshot(case) | {"on": step.on.isoformat(), **step.payload}
    record(session, actor, f"case.{action}", case, case_id=case.id, summary=step.summary,
           before=before, after=after, at=now)
    outcome = Outcome(case=case, transition=t, event=event, warnings=step.warnings)
    if t.document is not None and (t.document_when is None or t.document_when(step)):
        if documents is None:
            raise TypeError(f"action {action} issues a document: pass documents=DocumentSettings")
        extra = t.document_extra(step) if t.document_extra else {}
        copies = extra if isinstance(extra, list) else [extra]  # one copy for each party it concerns
        if preview:
            outcome.draft = document_services.preview(session, case, t.document, copies[0], documents, now=now,
                                                      actor=actor)
        else:
            outcome.documents = [document_services.issue(session, case, t.document, one, actor, now, documents)
                                 for one in copies]
            outcome.document = outcome.documents[0]
    outcome.opened = list(step.opened.values()) + step.extended
    return outcome


# ---- the scheduler's system actions ------------------------------------------------------------


def _expired(session: Session, case: Case, rule: str, now: datetime) -> Deadline | None:
    """The case's running ``rule`` deadline whose due day is before ``now``'s Beijing date."""
    today = beijing_date(now)
    for deadline in _active(session, case, (rule,)):
        if deadline.due_on is not None and deadline.due_on < today:
            return deadline
    return None


def deem_accepted(session: Session, case: Case, now: datetime) -> Outcome | None:
    """Art. 30 ¶3 (see the module docstring). None when the condition does not hold."""
    if case.status != CaseStatus.RECEIVED:
        return None
    review = _expired(session, case, "acceptance_review", now)
    if review is None:
        return None
    return perform(session, case, "deem_accept", {"on": review.due_on, "deadline": review}, None, now)


def deem_abandoned(session: Session, case: Case, now: datetime) -> Outcome | None:
    """Art. 31 ¶2 (see the module docstring). None when the condition does not hold."""
    if case.status != CaseStatus.CORRECTION_REQUESTED:
        return None
    reply = _expired(session, case, "correction_reply", now)
    if reply is None:
        return None
    return perform(session, case, "deem_abandon", {"on": reply.due_on, "deadline": reply}, None, now)


__all__ = [
    "TRANSITIONS", "ActionForbidden", "ActionNotAllowed", "Open", "Outcome", "StaleVersion",
    "Step", "Transition", "UnknownAction", "available", "deem_abandoned", "deem_accepted",
    "last_step", "perform", "refusal", "register", "register_effect", "transition",
]
