"""The document kinds: ONE registry record per kind (design.md §2, §7).

Each :class:`Kind` holds everything about one kind of document: its default category code (文书类别
代字, domain.md §9.5), its title, the builder's context dataclass, the mapper that makes that
context from a case (``contexts.<kind>_context``), the default wording (a template of
``pdf/templates.py``), the builder (``pdf/builders.py``), the fields of its form, a sample
``extra`` to try edited wording with, the facts of the case record it cannot be made without,
and who may have it. Services, forms, views and tests read kinds from here and nowhere else.

Adding a kind: write its context dataclass, wording, mapper (and a builder if none of the shared
ones fits), then add one record below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from recon.documents import contexts
from recon.documents.pdf import (
    ACCEPTANCE_CONDITIONS,
    DECISION_TYPES,
    OPINION_MODES,
    SERVICE_METHODS,
    SUSPENSION_CAUSES,
    TERMINATION_CAUSES,
    AbandonmentRecordContext,
    AcceptanceNoticeContext,
    ConversionNoticeContext,
    CorrectionNoticeContext,
    DecisionContext,
    DismissalDecisionContext,
    DraftingOrganLetterContext,
    ExtensionNoticeContext,
    Header,
    HearingNoticeContext,
    HearingRecordContext,
    MediationDocumentContext,
    OpinionLetterContext,
    OpinionRecordContext,
    OralRecordContext,
    PerformanceOrderContext,
    ReceiptContext,
    RecommendationLetterContext,
    RefusalDecisionContext,
    ReplyNoticeContext,
    ResumptionNoticeContext,
    ServiceAddressContext,
    ServiceReceiptContext,
    SettlementAgreementContext,
    StayNoticeContext,
    SuspensionNoticeContext,
    TerminationDecisionContext,
    ThirdPartyNoticeContext,
    TransferLetterContext,
    build_decision,
    build_hearing_record,
    build_mediation_document,
    build_notice,
    build_opinion_record,
    build_oral_record,
    build_plain,
    build_receipt,
    build_service_address,
    build_service_receipt,
    templates,
)
from recon.i18n import N_, lazy_gettext

__all__ = ["COMMON_FIELDS", "FACTS", "KINDS", "Kind", "Spec", "default_codes"]


# ---- the fields of a kind's form ----------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One field of a kind's form. ``label``, ``hint`` and the choices' labels are lazy messages
    (``lazy_gettext``): they are shown in the reader's language."""

    name: str
    label: str
    type: str = "text"  # text textarea lines names date time int bool select party document
    required: bool = False
    hint: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    rows: int = 4
    low: int | None = None
    high: int | None = None
    max_length: int = 20_000


def _numbered(table: dict[int, str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), lazy_gettext("第%(n)s项：%(text)s", n=k, text=lazy_gettext(v)))
                 for k, v in table.items())


LINES_HINT = lazy_gettext("每行一项")
NAMES_HINT = lazy_gettext("多人用顿号分隔")
ACTOR_HINT = lazy_gettext("留空则为当前登录人")
CONDITION_LABEL = lazy_gettext("不符合的受理条件（第三十条第一款）")
RECIPIENT = Spec("recipient_party_id", lazy_gettext("受送达人"), "party", hint=lazy_gettext(
    "留空则按文书默认：通知申请人（答复通知书为被申请人，第三人通知书为第三人）"))

#: Asked on every form whose kind prints a contact line (``Kind.contact``).
COMMON_FIELDS: tuple[Spec, ...] = (
    Spec("contact", lazy_gettext("联系人"), hint=lazy_gettext("印在文书末尾；默认为当前登录人")),
    Spec("phone", lazy_gettext("联系电话")),
)


# ---- facts of the case record -----------------------------------------------------------------

#: The facts a kind may need from the case record (``pdf.CaseData`` fields) and their names.
FACTS: dict[str, str] = {
    "filed_on": N_("申请日期"),
    "received_on": N_("收到申请的日期"),
    "accepted_on": N_("受理日期"),
}


# ---- the record -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of document. ``title`` and the field labels are Chinese, marked for translation
    (pages show them translated; the PDF prints them as they are)."""

    name: str
    code: str  # default 文书类别代字 (RECON_CATEGORY_CODES may override it)
    title: str
    context: type  # the builder's dataclass (pdf/data.py)
    mapper: Callable[..., Any]  # contexts.<kind>_context: case + extra -> context
    wording: str  # the default template text
    builder: Callable[..., bytes]  # builder(ctx, title, wording, published=False)
    fields: tuple[Spec, ...] = ()
    sample: Mapping[str, Any] = field(default_factory=dict)  # extra for trying edited wording
    needs: tuple[str, ...] = ()  # FACTS the case record must hold
    clerk: bool = False  # a clerk issues it at the counter (handlers and supervisors: every kind)
    applicant_copy: bool = False  # the applicant may always download it (else once served)
    contact: bool = True  # the form asks for the contact line printed at the end
    #: the workflow step that issues it (its label, N_): issued by hand only by a supervisor, with
    #: a reason (ux.md H5: a document follows from the step that needs it)
    step: str = ""

    @property
    def form_fields(self) -> tuple[Spec, ...]:
        return self.fields + (COMMON_FIELDS if self.contact else ())

    def build(self, ctx, template: str | None = None, *, published: bool = False) -> bytes:
        """The PDF of ``ctx`` with ``template`` (None: the default wording). ``published``
        renders the published copy (ID and phone numbers masked)."""
        if not isinstance(ctx, self.context):
            raise TypeError(f"{self.name} builds a {self.context.__name__}, not {type(ctx).__name__}")
        wording = self.wording if template is None else template
        return self.builder(ctx, self.title, wording, published=published)

    def check_facts(self, case) -> None:
        """Refuse (``ValueError``, a Chinese message naming the fact) a case lacking a fact."""
        for name in self.needs:
            if getattr(case, name) is None:
                raise ValueError(lazy_gettext(
                    "本案尚未记录%(fact)s，不能制作《%(title)s》：请先在案件中登记%(fact)s",
                    fact=lazy_gettext(FACTS[name]), title=lazy_gettext(self.title)))

    def make_context(self, session, case, extra: Mapping[str, Any], header: Header, *,
                     actor_name: str = "", place: str = ""):
        """The builder's context for ``case`` (``ValueError`` with a Chinese message if the case
        or ``extra`` cannot make this kind)."""
        return contexts.build_context(session, case, self.mapper, extra, header,
                                      actor_name=actor_name, place=place, check=self.check_facts)

    def sample_context(self, header: Header, *, simple: bool = False, postal: bool = False):
        """A realistic context using no database (to try an edited template)."""
        return contexts.sample_context(self.mapper, self.sample, header, simple=simple,
                                       postal=postal)


_RECORDS = (
    Kind(
        name="receipt", code="收", title=N_("接收行政复议申请材料回执"), context=ReceiptContext,
        mapper=contexts.receipt_context, wording=templates.RECEIPT, builder=build_receipt,
        needs=("received_on",),
        clerk=True,
        applicant_copy=True,
        fields=(
            Spec("acceptance_due_on", lazy_gettext("受理审查期限届满日"), "date",
                 hint=lazy_gettext("留空则使用期限看板上的受理审查期限")),
            Spec("receiver", lazy_gettext("接收人"), hint=ACTOR_HINT),
        ),
        sample={"acceptance_due_on": "2026-10-16", "receiver": "陈八"},
    ),
    Kind(
        name="oral_record", code="录", title=N_("行政复议口头申请笔录"), context=OralRecordContext,
        mapper=contexts.oral_record_context, wording=templates.ORAL_RECORD, builder=build_oral_record,
        clerk=True,
        applicant_copy=True,
        contact=False,
        fields=(
            Spec("place", lazy_gettext("记录地点"), hint=lazy_gettext("留空则为行政复议窗口地址")),
            Spec("recorder", lazy_gettext("记录人"), hint=ACTOR_HINT),
            Spec("staff", lazy_gettext("接待人"), "names", hint=NAMES_HINT),
            Spec("statement", lazy_gettext("其他需要说明的事项"), "textarea",
                 hint=lazy_gettext("留空则使用登记时记录的口头申请内容")),
        ),
        sample={"recorded_at": "2026-10-09T09:00", "place": "行政复议接待室", "recorder": "陈八",
                "known_on": "2026-09-08", "statement": "书写困难"},
    ),
    Kind(
        name="correction_notice", code="补", title=N_("行政复议申请补正通知书"), context=CorrectionNoticeContext,
        mapper=contexts.correction_notice_context, wording=templates.CORRECTION, builder=build_notice,
        needs=("received_on",),
        step=N_("通知补正"),
        fields=(
            RECIPIENT,
            Spec("items", lazy_gettext("需要补正的事项"), "lines", required=True, rows=6,
                 hint=lazy_gettext("每行一项。依照第三十一条，须一次性载明全部需要补正的事项")),
            Spec("reply_due_on", lazy_gettext("补正期限届满日（按成文当日收到估算）"), "date",
                 hint=lazy_gettext("选填；申请人实际收到通知书之日起十个工作日")),
        ),
        sample={"items": ["提供行政处罚决定书复印件", "明确具体的行政复议请求"],
                "reply_due_on": "2026-10-23"},
    ),
    Kind(
        name="acceptance_notice", code="受", title=N_("行政复议受理通知书"), context=AcceptanceNoticeContext,
        mapper=contexts.acceptance_notice_context, wording=templates.ACCEPTANCE, builder=build_notice,
        needs=("filed_on",),
        step=N_("受理"),
        fields=(
            RECIPIENT,
            Spec("decision_due_on", lazy_gettext("审理期限届满日"), "date",
                 hint=lazy_gettext("留空则使用期限看板上的审理期限")),
            Spec("notes", lazy_gettext("其他告知事项"), "lines", hint=LINES_HINT),
        ),
        sample={"decision_due_on": "2026-12-14", "notes": ["请保持通讯畅通"]},
    ),
    Kind(
        name="refusal_decision", code="不受", title=N_("不予受理行政复议申请决定书"), context=RefusalDecisionContext,
        mapper=contexts.refusal_decision_context, wording=templates.REFUSAL, builder=build_plain,
        needs=("filed_on",),
        step=N_("不予受理"),
        fields=(
            Spec("condition", CONDITION_LABEL, "select", required=True,
                 choices=_numbered(ACCEPTANCE_CONDITIONS)),
            Spec("reason", lazy_gettext("审查认定的事实和理由"), "textarea", required=True, rows=5),
            Spec("competent_organ", lazy_gettext("有管辖权的行政复议机关"),
                 hint=lazy_gettext("不属于本机关管辖（第六项）时必填")),
            Spec("reconsideration_first", lazy_gettext("属于复议前置的情形（第三十四条）"), "bool"),
        ),
        sample={"condition": 6, "reason": "该行政行为不属于本机关管辖",
                "competent_organ": "××市人民政府"},
    ),
    Kind(
        name="reply_notice", code="答", title=N_("提出答复通知书"), context=ReplyNoticeContext,
        mapper=contexts.reply_notice_context, wording=templates.REPLY, builder=build_notice,
        needs=("accepted_on",),
        step=N_("发送答复通知书"),
        fields=(
            RECIPIENT,
            Spec("reply_days", lazy_gettext("答复期限（工作日）"), "int", low=1, high=30,
                 hint=lazy_gettext("留空：普通程序十个工作日，简易程序五个工作日")),
            Spec("reply_due_on", lazy_gettext("答复期限届满日（估算）"), "date"),
            Spec("enclosures", lazy_gettext("随附材料"), "lines",
                 hint=lazy_gettext("每行一项；留空则为行政复议申请书副本")),
        ),
        sample={"reply_due_on": "2026-10-30"},
    ),
    Kind(
        name="third_party_notice", code="参", title=N_("第三人参加行政复议通知书"), context=ThirdPartyNoticeContext,
        mapper=contexts.third_party_notice_context, wording=templates.THIRD_PARTY, builder=build_notice,
        needs=("accepted_on",),
        step=N_("追加第三人"),
        fields=(
            RECIPIENT,
            Spec("interest", lazy_gettext("与本案的利害关系"),
                 hint=lazy_gettext("例如：%(example)s", example="系涉案食品的供货方")),
            Spec("opinion_days", lazy_gettext("提交书面意见期限（工作日）"), "int", low=1, high=30,
                 hint=lazy_gettext("留空为十个工作日")),
        ),
        sample={"interest": "系涉案食品的供货方"},
    ),
    Kind(
        name="hearing_notice", code="听", title=N_("听证通知书"), context=HearingNoticeContext,
        mapper=contexts.hearing_notice_context, wording=templates.HEARING, builder=build_notice,
        needs=("accepted_on",),
        step=N_("安排听证"),
        fields=(
            RECIPIENT,
            Spec("hearing_date", lazy_gettext("听证日期"), "date", required=True),
            Spec("hearing_time", lazy_gettext("听证开始时间"), "time", required=True,
                 hint=lazy_gettext("例如 9:30 或 14:00")),
            Spec("place", lazy_gettext("听证地点"), required=True),
            Spec("issues", lazy_gettext("拟听证事项"), "lines", required=True, hint=LINES_HINT),
            Spec("presiding", lazy_gettext("主持人")),
            Spec("hearing_officers", lazy_gettext("听证员"), "names", hint=NAMES_HINT),
            Spec("recorder", lazy_gettext("记录员")),
        ),
        sample={"hearing_at": "2026-12-03T09:30", "place": "行政复议听证室",
                "issues": ["抽样程序是否合法"], "presiding": "周九", "hearing_officers": ["陈八"],
                "recorder": "郑一"},
    ),
    Kind(
        name="opinion_record", code="询", title=N_("听取意见笔录"), context=OpinionRecordContext,
        mapper=contexts.opinion_record_context, wording=templates.OPINION_RECORD,
        builder=build_opinion_record,
        needs=("accepted_on",),
        contact=False,
        step=N_("听取意见"),
        fields=(
            Spec("party_id", lazy_gettext("被听取意见的当事人"), "party", required=True),
            Spec("heard_on", lazy_gettext("听取意见日期"), "date", required=True),
            Spec("mode", lazy_gettext("听取意见的方式"), "select", required=True,
                 choices=tuple((k, lazy_gettext(v)) for k, v in OPINION_MODES.items())),
            Spec("summary", lazy_gettext("当事人的意见"), "textarea", required=True, rows=6),
            Spec("willing_to_mediate", lazy_gettext("是否愿意调解"), "select",
                 choices=(("", lazy_gettext("未作答复")), ("yes", lazy_gettext("愿意调解")),
                          ("no", lazy_gettext("不愿意调解")))),
            Spec("hearers", lazy_gettext("听取意见人"), "names", hint=NAMES_HINT),
            Spec("recorder", lazy_gettext("记录人"), hint=ACTOR_HINT),
        ),
        sample={"party_name": "张三", "heard_on": "2026-11-02", "mode": "phone",
                "summary": "坚持撤销处罚决定的请求", "willing_to_mediate": "yes", "hearers": ["陈八"],
                "recorder": "陈八"},
    ),
    Kind(
        name="hearing_record", code="听录", title=N_("听证笔录"), context=HearingRecordContext,
        mapper=contexts.hearing_record_context, wording=templates.HEARING_RECORD,
        builder=build_hearing_record,
        needs=("accepted_on",),
        contact=False,
        step=N_("记录听证"),
        fields=(
            Spec("held_on", lazy_gettext("听证日期"), "date", required=True),
            Spec("place", lazy_gettext("听证地点")),
            Spec("presiding", lazy_gettext("主持人"), required=True),
            Spec("officers", lazy_gettext("听证员（二人以上）"), "names", required=True, hint=NAMES_HINT),
            Spec("recorder", lazy_gettext("记录员"), required=True),
            Spec("respondent_head_attended", lazy_gettext("被申请人负责人参加听证"), "bool"),
            Spec("absence_reason", lazy_gettext("负责人未参加的理由"),
                 hint=lazy_gettext("负责人未参加听证时必填")),
            Spec("applicant_absent_without_reason", lazy_gettext("申请人无正当理由拒不参加听证"), "bool"),
            Spec("summary", lazy_gettext("听证情况"), "textarea", required=True, rows=8),
        ),
        sample={"held_on": "2026-12-03", "place": "行政复议听证室", "presiding": "周九",
                "officers": ["陈八", "郑一"], "recorder": "吴二", "respondent_head_attended": True,
                "summary": "双方围绕抽样程序是否合法进行了质证和辩论"},
    ),
    Kind(
        name="stay_notice", code="停", title=N_("停止执行通知书"), context=StayNoticeContext,
        mapper=contexts.stay_notice_context, wording=templates.STAY_NOTICE, builder=build_notice,
        needs=("accepted_on",),
        step=N_("决定是否停止执行"),
        fields=(
            RECIPIENT,
            Spec("stay_from", lazy_gettext("停止执行日期"), "date", required=True),
            Spec("reason", lazy_gettext("停止执行的理由"), "textarea", required=True),
            Spec("requested_by", lazy_gettext("申请停止执行的人"),
                 hint=lazy_gettext("本机关认为需要停止执行的，留空")),
            Spec("requested_on", lazy_gettext("申请停止执行日期"), "date"),
        ),
        sample={"stay_from": "2026-11-05", "reason": "申请人申请停止执行，理由合理",
                "requested_by": "申请人张三", "requested_on": "2026-11-03"},
    ),
    Kind(
        name="suspension_notice", code="中", title=N_("行政复议中止通知书"), context=SuspensionNoticeContext,
        mapper=contexts.suspension_notice_context, wording=templates.SUSPENSION, builder=build_notice,
        needs=("accepted_on",),
        step=N_("中止审理"),
        fields=(
            RECIPIENT,
            Spec("cause", lazy_gettext("中止原因（第三十九条第一款）"), "select", required=True,
                 choices=_numbered(SUSPENSION_CAUSES)),
            Spec("reason", lazy_gettext("中止的具体情况"), "textarea", required=True),
            Spec("suspended_on", lazy_gettext("中止日期"), "date", required=True),
        ),
        sample={"cause": 6, "reason": "双方同意调解并申请中止", "suspended_on": "2026-11-02"},
    ),
    Kind(
        name="resumption_notice", code="恢", title=N_("恢复审理通知书"), context=ResumptionNoticeContext,
        mapper=contexts.resumption_notice_context, wording=templates.RESUMPTION, builder=build_notice,
        needs=("accepted_on",),
        step=N_("恢复审理"),
        fields=(
            RECIPIENT,
            Spec("resumed_on", lazy_gettext("恢复审理日期"), "date", required=True),
            Spec("suspended_on", lazy_gettext("中止日期"), "date"),
            Spec("suspension_number", lazy_gettext("中止通知书文号"),
                 hint=lazy_gettext("例如 %(example)s", example="合府复中〔2026〕17号")),
            Spec("reason", lazy_gettext("中止原因消除的情况")),
        ),
        sample={"resumed_on": "2026-11-20", "suspended_on": "2026-11-02",
                "reason": "调解未达成协议"},
    ),
    Kind(
        name="extension_notice", code="延", title=N_("延长审理期限通知书"), context=ExtensionNoticeContext,
        mapper=contexts.extension_notice_context, wording=templates.EXTENSION, builder=build_notice,
        needs=("accepted_on",),
        step=N_("延长审理期限"),
        fields=(
            RECIPIENT,
            Spec("days", lazy_gettext("延长天数"), "int", required=True, low=1, high=30,
                 hint=lazy_gettext("最多三十日（第六十二条第一款）；简易程序案件不能延长")),
            Spec("original_due", lazy_gettext("原审理期限届满日"), "date", required=True),
            Spec("new_due", lazy_gettext("延长后的届满日"), "date",
                 hint=lazy_gettext("建议按期限看板的计算结果填写；留空则为原届满日加延长天数")),
            Spec("reason", lazy_gettext("延长理由"),
                 hint=lazy_gettext("留空为“%(default)s”", default="案情复杂")),
        ),
        sample={"days": 30, "original_due": "2026-12-14", "new_due": "2027-01-13",
                "reason": "案情复杂"},
    ),
    Kind(
        name="termination_decision", code="终", title=N_("行政复议终止决定书"), context=TerminationDecisionContext,
        mapper=contexts.termination_decision_context, wording=templates.TERMINATION, builder=build_plain,
        needs=("filed_on", "accepted_on"),
        step=N_("终止行政复议"),
        fields=(
            Spec("cause", lazy_gettext("终止原因（第四十一条）"), "select", required=True,
                 choices=_numbered(TERMINATION_CAUSES)),
            Spec("reason", lazy_gettext("终止的事实"), "textarea", required=True),
            Spec("withdrawn_on", lazy_gettext("申请撤回日期"), "date",
                 hint=lazy_gettext("因撤回申请终止（第一项）时填写")),
            Spec("after_settlement", lazy_gettext("撤回系因双方和解（第七十四条第二款）"), "bool"),
        ),
        sample={"cause": 1, "reason": "申请人与被申请人达成和解", "withdrawn_on": "2026-11-18",
                "after_settlement": True},
    ),
    Kind(
        name="dismissal_decision", code="驳", title=N_("驳回行政复议申请决定书"), context=DismissalDecisionContext,
        mapper=contexts.dismissal_decision_context, wording=templates.DISMISSAL, builder=build_plain,
        needs=("filed_on", "accepted_on"),
        step=N_("驳回行政复议申请"),
        fields=(
            Spec("condition", CONDITION_LABEL, "select",
                 choices=(("", lazy_gettext("不指明具体项")),)
                 + _numbered(ACCEPTANCE_CONDITIONS)),
            Spec("reason", lazy_gettext("审查认定的事实和理由"), "textarea", required=True, rows=5),
            Spec("reconsideration_first", lazy_gettext("属于复议前置的情形（第三十四条）"), "bool"),
        ),
        sample={"condition": 4, "reason": "申请已超过法定申请期限"},
    ),
    Kind(
        name="decision", code="决", title=N_("行政复议决定书"), context=DecisionContext,
        mapper=contexts.decision_context, wording=templates.DECISION, builder=build_decision,
        needs=("filed_on", "accepted_on"),
        step=N_("批准行政复议决定"),
        fields=(
            Spec("decision_type", lazy_gettext("决定类型"), "select", required=True,
                 choices=tuple((k, lazy_gettext("%(label)s（第%(article)s条）",
                                                label=lazy_gettext(label),
                                                article=article))
                               for k, (label, article) in DECISION_TYPES.items())),
            Spec("respondent_reply", lazy_gettext("被申请人称（答复意见）"), "textarea",
                 required=True, rows=4),
            Spec("third_party_statement", lazy_gettext("第三人称"), "textarea", rows=3),
            Spec("findings", lazy_gettext("经审理查明"), "textarea", required=True, rows=8),
            Spec("evidence", lazy_gettext("证据"), "lines", rows=5, hint=LINES_HINT),
            Spec("reasoning", lazy_gettext("本机关认为"), "textarea", required=True, rows=8),
            Spec("basis", lazy_gettext("条款细目"),
                 hint=lazy_gettext("例如：%(example)s；与决定类型的条文连用", example="第一款第一项")),
            Spec("disposition", lazy_gettext("决定内容"), "textarea", rows=3, hint=lazy_gettext(
                "变更决定写变更后的内容；部分撤销写撤销的部分；责令履行写应履行的职责")),
            Spec("partial", lazy_gettext("部分撤销"), "bool"),
            Spec("performance_days", lazy_gettext("履行或重新作出行政行为的期限（日）"), "int",
                 low=1, high=365, hint=lazy_gettext("责令履行时必填")),
            Spec("compensation", lazy_gettext("赔偿或返还"),
                 hint=lazy_gettext("一并决定赔偿的（第七十二条）填写")),
            Spec("hearing_on", lazy_gettext("听证日期"), "date"),
            Spec("extended_days", lazy_gettext("已延长审理期限（日）"), "int", low=1, high=30),
            Spec("copy_to", lazy_gettext("抄告"), "lines", hint=lazy_gettext("每行一个机关")),
            Spec("reconsideration_first", lazy_gettext("属于复议前置的情形"), "bool"),
            Spec("final", lazy_gettext("法律规定为最终裁决（不告知起诉权利）"), "bool"),
        ),
        sample={"decision_type": "uphold", "respondent_reply": "请求维持",
                "findings": "被申请人依法作出处罚", "evidence": ["现场检查笔录"],
                "reasoning": "被申请人认定事实清楚，适用依据正确", "hearing_on": "2026-11-10",
                "copy_to": ["××市市场监督管理局"]},
    ),
    Kind(
        name="mediation_document", code="调", title=N_("行政复议调解书"), context=MediationDocumentContext,
        mapper=contexts.mediation_document_context, wording=templates.MEDIATION, builder=build_mediation_document,
        needs=("filed_on", "accepted_on"),
        applicant_copy=True,  # issued only when effective: every party has signed it (issue 15)
        step=N_("加盖印章，调解书生效"),
        fields=(
            Spec("terms", lazy_gettext("调解协议内容"), "lines", required=True, rows=6,
                 hint=lazy_gettext("每行一条")),
            Spec("facts", lazy_gettext("经审理查明"), "textarea"),
            Spec("respondent_reply", lazy_gettext("被申请人称"), "textarea"),
            Spec("mediation_summary", lazy_gettext("调解经过"), "textarea",
                 hint=lazy_gettext("留空则使用标准表述")),
        ),
        sample={"terms": ["罚款数额变更为人民币一万元"], "facts": "经检验不合格"},
    ),
    Kind(
        name="settlement_agreement", code="和", title=N_("和解协议"), context=SettlementAgreementContext,
        mapper=contexts.settlement_agreement_context, wording=templates.SETTLEMENT, builder=build_mediation_document,
        needs=("filed_on",),
        applicant_copy=True,  # issued when the settlement ends the case (issue 15)
        contact=False,
        step=N_("准予撤回申请"),
        fields=(
            Spec("terms", lazy_gettext("和解协议内容"), "lines", required=True, rows=6, hint=lazy_gettext("每行一条")),
            Spec("signed_on", lazy_gettext("签订日期"), "date"),
        ),
        sample={"terms": ["被申请人退还罚款人民币一千元", "申请人撤回行政复议申请"], "signed_on": "2026-11-20"},
    ),
    Kind(
        name="abandonment_record", code="弃", title=N_("视为放弃行政复议申请记录"),
        context=AbandonmentRecordContext, mapper=contexts.abandonment_record_context,
        wording=templates.ABANDONMENT_RECORD, builder=build_plain,
        needs=("filed_on", "received_on"),
        contact=False,
        fields=(
            Spec("notice_served_on", lazy_gettext("补正通知送达日期"), "date",
                 hint=lazy_gettext("留空则使用期限看板上的补正期限")),
            Spec("reply_due_on", lazy_gettext("补正期限届满日"), "date",
                 hint=lazy_gettext("留空则使用期限看板上的补正期限")),
            Spec("recorded_on", lazy_gettext("记录日期"), "date", hint=lazy_gettext("留空则为结案日期")),
        ),
        sample={"notice_served_on": "2026-10-12", "reply_due_on": "2026-10-26", "recorded_on": "2026-10-27"},
    ),
    Kind(
        name="conversion_notice", code="转", title=N_("简易程序转为普通程序通知书"),
        context=ConversionNoticeContext, mapper=contexts.conversion_notice_context,
        wording=templates.CONVERSION_NOTICE, builder=build_notice,
        needs=("accepted_on",),
        step=N_("转为普通程序"),
        fields=(
            RECIPIENT,
            Spec("converted_on", lazy_gettext("转为普通程序的日期"), "date", required=True),
            Spec("reason", lazy_gettext("不宜适用简易程序的理由"), "textarea", required=True),
        ),
        sample={"converted_on": "2026-10-20", "reason": "案件涉及第三人，争议较大"},
    ),
    Kind(
        name="transfer_letter", code="转送", title=N_("规范性文件转送函"),
        context=TransferLetterContext, mapper=contexts.transfer_letter_context,
        wording=templates.TRANSFER_LETTER, builder=build_plain,
        needs=("accepted_on",),
        step=N_("转送附带审查"),
        fields=(
            Spec("addressee", lazy_gettext("有权处理的机关"), required=True),
            Spec("document_name", lazy_gettext("规范性文件名称"),
                 hint=lazy_gettext("留空则为申请中写明的规范性文件")),
            Spec("provisions", lazy_gettext("申请审查的条款"), hint=lazy_gettext("例如：%(example)s", example="第五条")),
            Spec("requested_on", lazy_gettext("申请人提出审查申请的日期"), "date",
                 hint=lazy_gettext("本机关在审理中自行发现的，留空")),
        ),
        sample={"addressee": "××市人民政府", "document_name": "××市食品经营许可管理办法",
                "provisions": "第五条", "requested_on": "2026-10-08"},
    ),
    Kind(
        name="drafting_organ_letter", code="规答", title=N_("规范性文件提出书面答复通知书"),
        context=DraftingOrganLetterContext, mapper=contexts.drafting_organ_letter_context,
        wording=templates.DRAFTING_ORGAN_LETTER, builder=build_plain,
        needs=("accepted_on",),
        step=N_("书面通知制定机关"),
        fields=(
            Spec("addressee", lazy_gettext("制定机关"), required=True),
            Spec("document_name", lazy_gettext("规范性文件名称"),
                 hint=lazy_gettext("留空则为申请中写明的规范性文件")),
            Spec("provisions", lazy_gettext("审查的条款"), hint=lazy_gettext("例如：%(example)s", example="第五条")),
            Spec("suspended_on", lazy_gettext("中止日期"), "date"),
        ),
        sample={"addressee": "××市人民政府", "document_name": "××市食品经营许可管理办法",
                "provisions": "第五条", "suspended_on": "2026-10-09"},
    ),
    Kind(
        name="opinion_letter", code="意", title=N_("行政复议意见书"),
        context=OpinionLetterContext, mapper=contexts.opinion_letter_context,
        wording=templates.OPINION_LETTER, builder=build_plain,
        needs=("accepted_on",),
        step=N_("制发行政复议意见书"),
        fields=(
            Spec("addressee", lazy_gettext("主送机关"), hint=lazy_gettext("留空则为被申请人")),
            Spec("problems", lazy_gettext("发现的问题"), "textarea", required=True),
            Spec("opinions", lazy_gettext("意见"), "lines", required=True, hint=LINES_HINT),
            Spec("report_days", lazy_gettext("报送纠正情况的期限（日）"), "int", low=1, high=60,
                 hint=lazy_gettext("留空为六十日（第七十六条）")),
        ),
        sample={"problems": "抽样程序不规范", "opinions": ["规范抽样程序", "加强执法人员培训"]},
    ),
    Kind(
        name="recommendation_letter", code="建", title=N_("行政复议建议书"),
        context=RecommendationLetterContext, mapper=contexts.recommendation_letter_context,
        wording=templates.RECOMMENDATION_LETTER, builder=build_plain,
        needs=("accepted_on",),
        step=N_("制发行政复议建议书"),
        fields=(
            Spec("addressee", lazy_gettext("主送机关"), required=True),
            Spec("problems", lazy_gettext("发现的问题"), "textarea", required=True),
            Spec("recommendations", lazy_gettext("建议"), "lines", required=True, hint=LINES_HINT),
        ),
        sample={"addressee": "××区人民政府办公室", "problems": "多个部门的抽样检验程序不统一",
                "recommendations": ["统一抽样检验程序"]},
    ),
    Kind(
        name="performance_order", code="责", title=N_("责令履行通知书"),
        context=PerformanceOrderContext, mapper=contexts.performance_order_context,
        wording=templates.PERFORMANCE_ORDER, builder=build_notice,
        needs=("accepted_on",),
        step=N_("责令限期履行"),
        fields=(
            RECIPIENT,
            Spec("decision_number", lazy_gettext("行政复议决定书文号"), required=True),
            Spec("decided_on", lazy_gettext("行政复议决定日期"), "date", required=True),
            Spec("duty", lazy_gettext("决定被申请人履行的内容"), "textarea", required=True),
            Spec("perform_by", lazy_gettext("限期履行的日期"), "date", hint=lazy_gettext("留空则为立即履行")),
            Spec("document_title", lazy_gettext("未履行的文书"), "select",
                 choices=(("行政复议决定书", lazy_gettext("行政复议决定书")),
                          ("行政复议调解书", lazy_gettext("行政复议调解书")))),
        ),
        sample={"decision_number": "×府复决〔2026〕17号", "decided_on": "2026-12-01",
                "duty": "在三十日内重新作出行政行为", "perform_by": "2027-01-15"},
    ),
    Kind(
        name="service_receipt", code="送", title=N_("送达回证"), context=ServiceReceiptContext,
        mapper=contexts.service_receipt_context, wording=templates.SERVICE_RECEIPT, builder=build_service_receipt,
        clerk=True,
        contact=False,
        step=N_("登记送达"),
        fields=(
            Spec("document_id", lazy_gettext("送达的文书"), "document", required=True),
            Spec("recipient_party_id", lazy_gettext("受送达人"), "party", required=True),
            Spec("method", lazy_gettext("送达方式"), "select", required=True,
                 choices=tuple((k, lazy_gettext(v)) for k, v in SERVICE_METHODS.items())),
            Spec("address", lazy_gettext("送达地址"), hint=lazy_gettext("留空则为受送达人登记的地址")),
            Spec("server", lazy_gettext("送达人")),
            Spec("remarks", lazy_gettext("备注")),
        ),
        sample={"document_title": "行政复议决定书", "document_number": "×府复决〔2026〕17号",
                "method": "direct", "server": "陈八"},
    ),
)

_RECORDS += (
    Kind(
        name="service_address", code="址", title=N_("送达地址确认书"), context=ServiceAddressContext,
        mapper=contexts.service_address_context, wording=templates.SERVICE_ADDRESS,
        builder=build_service_address,
        clerk=True,
        contact=False,
        fields=(
            Spec("recipient_party_id", lazy_gettext("确认送达地址的当事人"), "party", required=True),
            Spec("address", lazy_gettext("送达地址"), hint=lazy_gettext("留空则为案件登记的送达地址")),
            Spec("postcode", lazy_gettext("邮政编码")),
            Spec("phone_number", lazy_gettext("联系电话"), hint=lazy_gettext("留空则为案件登记的电话")),
            Spec("email", lazy_gettext("电子送达地址（电子邮箱等）")),
            Spec("electronic_consent", lazy_gettext("是否同意电子送达"), "select",
                 choices=(("", lazy_gettext("由当事人勾选")), ("yes", lazy_gettext("同意")),
                          ("no", lazy_gettext("不同意")))),
            Spec("collector", lazy_gettext("代收人及其联系方式")),
        ),
        sample={"address": "合江区人民路 8 号", "postcode": "646000", "electronic_consent": "yes",
                "email": "zhangsan@example.cn"},
    ),
)

#: Every kind by name, in catalogue order (domain.md §9.2).
KINDS: dict[str, Kind] = {kind.name: kind for kind in _RECORDS}


def default_codes() -> dict[str, str]:
    """kind → default category code (文书类别代字)."""
    return {kind.name: kind.code for kind in _RECORDS}
