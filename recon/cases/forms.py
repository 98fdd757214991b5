"""The workflow actions' forms, for the case pages and the JSON API alike (api.md "Acting": the
field names are the API's body keys). They check the shape of the input (dates readable, numbers
whole, choices known); the rules of each action (what is required when, dates against the case's
history) are the status machine's (``recon/cases/workflow.py``), whose refusals the page shows at
the field they name (``recon.fields.attach_error``)."""

from __future__ import annotations

from wtforms import BooleanField, Form, StringField, TextAreaField
from wtforms.validators import NumberRange

from recon.cases.grounds import MAX_CORRECTION_EXTENSION, REFUSAL_CONDITIONS, SimpleGround
from recon.cases.status import JoinedBy, PartyKind, Procedure
from recon.documents.models import SERVICE_METHOD_LABELS
from recon.documents.pdf import DECISION_TYPES, OPINION_MODES, SUSPENSION_CAUSES, TERMINATION_CAUSES
from recon.fields import (
    AnswerField,
    ChoiceRadioField,
    LinesField,
    LooseDateField,
    OptionalData,
    ReadableText,
    WholeNumberField,
    stripped,
)
from recon.i18n import is_lazy, lazy_gettext


class ActionForm(ReadableText, Form):
    """Every action's form carries the case ``version`` the person saw (optimistic locking)."""

    version = WholeNumberField(lazy_gettext("版本"), validators=[OptionalData()])

    def action_data(self) -> dict:
        """The cleaned body for ``workflow.perform`` (without ``version``)."""
        return {name: field.data for name, field in self._fields.items() if name != "version"}

    def flat_errors(self) -> dict[str, str]:
        """{"field": "message"} (api.md's error shape), the first message of each field."""
        out = {name: str(errors[0]) for name, errors in self.errors.items()
               if errors and (isinstance(errors[0], str) or is_lazy(errors[0]))}
        return out


def date_field(label):
    """An optional day (the action's rules say when it is required)."""
    return LooseDateField(label, validators=[OptionalData()])


def enum_choices(members):
    """Radio choices of ``LabelledEnum`` members: (value, translated label)."""
    return [(m.value, lazy_gettext(m.label)) for m in members]


class AcceptForm(ActionForm):
    procedure = ChoiceRadioField(
        lazy_gettext("审理程序"), default=Procedure.ORDINARY.value,
        choices=enum_choices((Procedure.ORDINARY, Procedure.SIMPLE)))
    simple_ground = ChoiceRadioField(
        lazy_gettext("适用简易程序的情形（第五十三条）"), validators=[OptionalData()], validate_choice=True,
        choices=enum_choices(SimpleGround))
    on = date_field(lazy_gettext("受理日期"))


class RefuseForm(ActionForm):
    condition = WholeNumberField(lazy_gettext("不符合的受理条件（第三十条第一款）"), validators=[
        OptionalData(), NumberRange(1, len(REFUSAL_CONDITIONS), lazy_gettext("请从第一项至第七项中选择不符合的受理条件"))])
    reason = TextAreaField(lazy_gettext("不予受理的理由"), filters=[stripped])
    competent_organ = StringField(lazy_gettext("有管辖权的行政复议机关（因管辖不予受理时必填）"), filters=[stripped])
    on = date_field(lazy_gettext("决定日期"))


class RequestCorrectionForm(ActionForm):
    items = LinesField(lazy_gettext("需要补正的材料或事项（每行一项，一次性列明全部事项）"))
    on = date_field(lazy_gettext("通知日期"))
    notice_served_on = date_field(lazy_gettext("补正通知送达申请人的日期"))


class RecordCorrectionForm(ActionForm):
    received_on = date_field(lazy_gettext("收到补正材料的日期"))
    note = TextAreaField(lazy_gettext("说明（选填）"), filters=[stripped])


class ExtendCorrectionForm(ActionForm):
    days = WholeNumberField(lazy_gettext("延长的工作日数"), validators=[
        OptionalData(), NumberRange(1, MAX_CORRECTION_EXTENSION,
                                lazy_gettext("延长的工作日数应为 1 至 %(n)d 的整数", n=MAX_CORRECTION_EXTENSION))])
    reason = TextAreaField(lazy_gettext("延长的正当理由"), filters=[stripped])
    on = date_field(lazy_gettext("批准延长的日期"))


class AssignForm(ActionForm):
    handler = StringField(lazy_gettext("承办人"), filters=[stripped])
    on = date_field(lazy_gettext("指派日期"))


class DismissForm(ActionForm):
    reason = TextAreaField(lazy_gettext("驳回申请的理由"), filters=[stripped])
    on = date_field(lazy_gettext("决定日期"))


def _text(label):
    return StringField(label, filters=[stripped])


def _area(label):
    return TextAreaField(label, filters=[stripped])


class AddThirdPartyForm(ActionForm):
    name = _text(lazy_gettext("第三人姓名或名称"))
    kind = ChoiceRadioField(lazy_gettext("第三人类型"), default=PartyKind.PERSON.value, validate_choice=True,
                            choices=enum_choices(PartyKind))
    id_number = _text(lazy_gettext("身份证号码或统一社会信用代码"))
    address = _text(lazy_gettext("送达地址"))
    phone = _text(lazy_gettext("联系电话"))
    by = ChoiceRadioField(lazy_gettext("参加方式"), validators=[OptionalData()], validate_choice=True,
                          choices=enum_choices(JoinedBy))
    on = date_field(lazy_gettext("同意申请或者通知的日期"))


class HearOpinionForm(ActionForm):
    party = _text(lazy_gettext("被听取意见的当事人"))
    mode = ChoiceRadioField(lazy_gettext("听取意见的方式"), validators=[OptionalData()], validate_choice=True,
                            choices=[(k, lazy_gettext(v)) for k, v in OPINION_MODES.items()])
    summary = _area(lazy_gettext("当事人的意见"))
    willing_to_mediate = AnswerField(lazy_gettext("是否愿意调解"))
    on = date_field(lazy_gettext("听取意见的日期"))


class ScheduleHearingForm(ActionForm):
    hearing_on = date_field(lazy_gettext("听证日期"))
    hearing_time = _text(lazy_gettext("听证开始时间（选填，默认 9:00）"))
    place = _text(lazy_gettext("听证地点（选填，默认为本机关地址）"))
    issues = LinesField(lazy_gettext("拟听证事项（选填，每行一项）"))
    notice_served_on = date_field(lazy_gettext("听证通知送达日期"))
    on = date_field(lazy_gettext("办理日期"))


class RecordHearingForm(ActionForm):
    presiding = _text(lazy_gettext("主持人"))
    officers = LinesField(lazy_gettext("听证员（二人以上，每行一人）"))
    recorder = _text(lazy_gettext("记录员"))
    respondent_head_attended = AnswerField(lazy_gettext("被申请人的负责人是否参加听证"))
    absence_reason = _area(lazy_gettext("负责人未参加听证的理由"))
    applicant_absent_without_reason = BooleanField(lazy_gettext("申请人无正当理由拒不参加听证（视为放弃听证权利）"))
    summary = _area(lazy_gettext("听证情况"))
    on = date_field(lazy_gettext("听证日期"))


class RecordCommitteeOpinionForm(ActionForm):
    opinion = _area(lazy_gettext("行政复议委员会的咨询意见"))
    on = date_field(lazy_gettext("收到咨询意见的日期"))


class RecordInspectionForm(ActionForm):
    by = _text(lazy_gettext("查阅人"))
    shown = LinesField(lazy_gettext("提供查阅的材料（每行一项）"))
    copied = LinesField(lazy_gettext("提供复制的材料（每行一项）"))
    withheld = LinesField(lazy_gettext("不予提供的材料（每行一项）"))
    withheld_reason = _area(lazy_gettext("不予提供的理由"))
    on = date_field(lazy_gettext("查阅日期"))


class RequestStayForm(ActionForm):
    by = _text(lazy_gettext("申请人或者第三人"))
    reason = _area(lazy_gettext("申请停止执行的理由"))
    on = date_field(lazy_gettext("收到申请的日期"))


class DecideStayForm(ActionForm):
    granted = AnswerField(lazy_gettext("是否停止执行"))
    reason = _area(lazy_gettext("决定的理由"))
    on = date_field(lazy_gettext("决定日期"))


class SendRespondentCopyForm(ActionForm):
    served_on = date_field(lazy_gettext("申请书副本和答复通知书送达被申请人的日期"))


class RecordReplyForm(ActionForm):
    received_on = date_field(lazy_gettext("收到被申请人书面答复的日期"))
    reply = TextAreaField(lazy_gettext("答复的主要内容（选填，用于决定书「被申请人称」）"), filters=[stripped])
    attachments = LinesField(lazy_gettext("已上传的附件编号"))  # API: POST /api/v1/uploads ids


class RecordThirdPartyEvidenceForm(ActionForm):
    party = _text(lazy_gettext("提供证据的第三人"))
    note = TextAreaField(lazy_gettext("证据的名称和内容（选填）"), filters=[stripped])
    attachments = LinesField(lazy_gettext("已上传的附件编号"))
    received_on = date_field(lazy_gettext("收到证据的日期"))


class SuspendForm(ActionForm):
    cause = WholeNumberField(lazy_gettext("中止的原因（第三十九条第一款）"), validators=[
        OptionalData(), NumberRange(1, len(SUSPENSION_CAUSES), lazy_gettext("请从第一项至第十项中选择中止的原因"))])
    reason = TextAreaField(lazy_gettext("中止的具体情况（选填）"), filters=[stripped])
    on = date_field(lazy_gettext("中止日期"))


class ResumeForm(ActionForm):
    reason = TextAreaField(lazy_gettext("中止原因消除的情况（选填）"), filters=[stripped])
    on = date_field(lazy_gettext("恢复审理日期"))


class ExtendForm(ActionForm):
    days = WholeNumberField(lazy_gettext("延长的天数"), validators=[
        OptionalData(), NumberRange(1, 30, lazy_gettext("延长的天数应为 1 至 30 的整数（第六十二条第一款）"))])
    reason = TextAreaField(lazy_gettext("延长的理由（选填，默认为“案情复杂”）"), filters=[stripped])
    on = date_field(lazy_gettext("批准延长的日期"))


class ConvertForm(ActionForm):
    reason = TextAreaField(lazy_gettext("不宜适用简易程序的理由（选填，默认为“案情复杂”）"), filters=[stripped])
    on = date_field(lazy_gettext("批准转换的日期"))


class TerminateForm(ActionForm):
    cause = WholeNumberField(lazy_gettext("终止的原因（第四十一条）"), validators=[
        OptionalData(), NumberRange(1, len(TERMINATION_CAUSES), lazy_gettext("请从第一项至第五项中选择终止的原因"))])
    reason = TextAreaField(lazy_gettext("终止的事实（选填）"), filters=[stripped])
    on = date_field(lazy_gettext("决定日期"))


class DecideForm(ActionForm):
    type = ChoiceRadioField(
        lazy_gettext("决定类型"), validators=[OptionalData()], validate_choice=True,
        choices=[(k, lazy_gettext("%(label)s（第%(article)s条）", label=lazy_gettext(label), article=article))
                 for k, (label, article) in DECISION_TYPES.items()])
    performance_days = WholeNumberField(lazy_gettext("履行或者重新作出行政行为的期限（日）"), validators=[
        OptionalData(), NumberRange(1, 365, lazy_gettext("期限应为 1 至 365 日"))])
    respondent_reply = TextAreaField(lazy_gettext("被申请人称"), filters=[stripped])
    findings = TextAreaField(lazy_gettext("经审理查明"), filters=[stripped])
    reasoning = TextAreaField(lazy_gettext("本机关认为"), filters=[stripped])
    disposition = TextAreaField(lazy_gettext("决定内容（变更决定写变更后的内容；部分撤销写撤销的部分）"),
                                filters=[stripped])
    on = date_field(lazy_gettext("决定日期"))


class ApproveDecisionForm(ActionForm):
    on = date_field(lazy_gettext("批准日期"))


class ServeForm(ActionForm):
    document = StringField(lazy_gettext("送达的文书（文号）"), filters=[stripped])
    recipient = StringField(lazy_gettext("受送达人"), filters=[stripped])
    method = ChoiceRadioField(
        lazy_gettext("送达方式"), validators=[OptionalData()], validate_choice=True,
        choices=[(k, lazy_gettext(v)) for k, v in SERVICE_METHOD_LABELS.items()])
    served_on = date_field(lazy_gettext("送达日期（公告送达填公告发布日期）"))
    sent_on = date_field(lazy_gettext("寄出或者发送日期（选填，默认为送达日期）"))
    via = _text(lazy_gettext("受委托送达或者代为转交的机关、单位（委托送达、转交送达时填写）"))
    note = TextAreaField(lazy_gettext("备注（公告送达须写明原因）"), filters=[stripped])


class IssueOpinionForm(ActionForm):
    addressee = _text(lazy_gettext("主送机关（不填为被申请人）"))
    problems = _area(lazy_gettext("发现的违法或者不当的行政行为"))
    opinions = LinesField(lazy_gettext("纠正意见（每行一项）"))
    on = date_field(lazy_gettext("制发日期"))
    received_on = date_field(lazy_gettext("该机关收到意见书的日期（不填为制发日期）"))


class IssueRecommendationForm(ActionForm):
    addressee = _text(lazy_gettext("主送机关"))
    problems = _area(lazy_gettext("发现的问题"))
    recommendations = LinesField(lazy_gettext("建议（每行一项）"))
    on = date_field(lazy_gettext("制发日期"))


class RecordOpinionReportForm(ActionForm):
    document = _text(lazy_gettext("行政复议意见书（文号）"))
    content = _area(lazy_gettext("报送的纠正情况"))
    scan = StringField(lazy_gettext("报告扫描件（选填）"), filters=[stripped])
    on = date_field(lazy_gettext("收到报告的日期"))


class RecordNotificationForm(ActionForm):
    document = _text(lazy_gettext("抄告的文书（文号，不填为最近的决定书或者意见书）"))
    to = _text(lazy_gettext("抄告机关（如被申请人的上一级主管部门）"))
    note = _area(lazy_gettext("备注（选填）"))
    on = date_field(lazy_gettext("抄告日期"))


class RecordPublicationForm(ActionForm):
    document = _text(lazy_gettext("公开的决定书（文号，不填为本案的决定书）"))
    where = _text(lazy_gettext("公开的平台或者场所"))
    url = _text(lazy_gettext("网址（选填）"))
    on = date_field(lazy_gettext("公开日期"))


class RequestNormativeReviewForm(ActionForm):
    source = ChoiceRadioField(lazy_gettext("审查的来源"), default="applicant", validate_choice=True, choices=[
        ("applicant", lazy_gettext("申请人申请（第十三条、第五十六条）")),
        ("organ", lazy_gettext("本机关审查中发现（第五十七条）"))])
    name = _text(lazy_gettext("规范性文件名称（不填为申请书中写明的）"))
    doc_no = _text(lazy_gettext("文号（选填）"))
    drafting_organ = _text(lazy_gettext("制定机关"))
    provisions = _text(lazy_gettext("申请审查的条款（选填）"))
    on = date_field(lazy_gettext("提出申请或者发现的日期"))


class HandleNormativeReviewForm(ActionForm):
    on = date_field(lazy_gettext("决定自行处理的日期"))


class TransferNormativeReviewForm(ActionForm):
    addressee = _text(lazy_gettext("有权处理的机关"))
    on = date_field(lazy_gettext("转送日期"))
    received_on = date_field(lazy_gettext("该机关收到转送函的日期（不填为转送日期）"))


class NotifyDraftingOrganForm(ActionForm):
    on = date_field(lazy_gettext("书面通知的日期"))
    served_on = date_field(lazy_gettext("制定机关收到通知的日期（不填为通知日期）"))


class RecordDraftingOrganReplyForm(ActionForm):
    content = _area(lazy_gettext("书面答复的主要内容"))
    on = date_field(lazy_gettext("收到答复的日期"))


class RecordNormativeOutcomeForm(ActionForm):
    outcome = ChoiceRadioField(lazy_gettext("审查结论"), validators=[OptionalData()], validate_choice=True, choices=[
        ("lawful", lazy_gettext("相关条款合法（在决定书中一并告知）")),
        ("unlawful", lazy_gettext("相关条款超越权限或者违反上位法（决定停止执行，责令制定机关纠正）"))])
    reason = _area(lazy_gettext("理由"))
    on = date_field(lazy_gettext("作出结论或者收到回复的日期"))


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "accept": AcceptForm,
    "refuse": RefuseForm,
    "request_correction": RequestCorrectionForm,
    "record_correction": RecordCorrectionForm,
    "extend_correction": ExtendCorrectionForm,
    "assign": AssignForm,
    "dismiss": DismissForm,
    "add_third_party": AddThirdPartyForm,
    "hear_opinion": HearOpinionForm,
    "schedule_hearing": ScheduleHearingForm,
    "record_hearing": RecordHearingForm,
    "record_committee_opinion": RecordCommitteeOpinionForm,
    "record_inspection": RecordInspectionForm,
    "request_stay": RequestStayForm,
    "decide_stay": DecideStayForm,
    "send_respondent_copy": SendRespondentCopyForm,
    "record_reply": RecordReplyForm,
    "record_third_party_evidence": RecordThirdPartyEvidenceForm,
    "suspend": SuspendForm,
    "resume": ResumeForm,
    "extend": ExtendForm,
    "convert_to_ordinary": ConvertForm,
    "terminate": TerminateForm,
    "decide": DecideForm,
    "approve_decision": ApproveDecisionForm,
    "serve": ServeForm,
    "issue_opinion": IssueOpinionForm,
    "issue_recommendation": IssueRecommendationForm,
    "record_opinion_report": RecordOpinionReportForm,
    "record_notification": RecordNotificationForm,
    "record_publication": RecordPublicationForm,
    "request_normative_review": RequestNormativeReviewForm,
    "handle_normative_review": HandleNormativeReviewForm,
    "transfer_normative_review": TransferNormativeReviewForm,
    "notify_drafting_organ": NotifyDraftingOrganForm,
    "record_drafting_organ_reply": RecordDraftingOrganReplyForm,
    "record_normative_outcome": RecordNormativeOutcomeForm,
}


def _register_mediation() -> None:
    from recon.mediation.forms import MEDIATION_FORMS
    from recon.performance.forms import PERFORMANCE_FORMS

    ACTION_FORMS.update(MEDIATION_FORMS)
    ACTION_FORMS.update(PERFORMANCE_FORMS)


_register_mediation()



#: Actions whose page takes files: (input name, 材料清单 item, label). Each file becomes a material
#: of the case tagged with the item of the input it was chosen in (ux.md H7); the API names
#: uploads instead (``attachments``: ids from ``POST /api/v1/uploads`` with their ``item``).
FILE_INPUTS: dict[str, tuple[tuple[str, str, object], ...]] = {
    "record_reply": (
        ("reply_files", "reply", lazy_gettext("书面答复")),
        ("evidence_files", "evidence", lazy_gettext("作出行政行为的证据")),
        ("basis_files", "basis", lazy_gettext("作出行政行为的依据")),
        ("other_files", "other", lazy_gettext("其他有关材料")),
    ),
    "record_third_party_evidence": (
        ("evidence_files", "evidence", lazy_gettext("第三人提供的证据")),
        ("other_files", "other", lazy_gettext("其他有关材料")),
    ),
}
