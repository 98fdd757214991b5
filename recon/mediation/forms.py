"""The mediation and withdrawal actions' forms (api.md names; fields added by issue 15 are extra
keys of the same bodies). Shape only: the rules are the status machine's
(``recon/mediation/steps.py``)."""

from __future__ import annotations

from wtforms import BooleanField, StringField, TextAreaField

from recon.cases.forms import ActionForm
from recon.fields import ChoiceRadioField, LinesField, OptionalData, stripped
from recon.i18n import lazy_gettext
from recon.mediation.models import SessionMode, SessionOutcome, SigningParty
from recon.performance.forms import (
    day_field,
    enum_choices,
    obligation_field,
    obliged_field,
    perform_by_field,
)

SCAN_LABEL = lazy_gettext("扫描件（上传文件编号）")


class StartMediationForm(ActionForm):
    applicant_consents = BooleanField(lazy_gettext("申请人同意调解并同意中止审理"), default=False)
    respondent_consents = BooleanField(lazy_gettext("被申请人同意调解并同意中止审理"), default=False)
    suspend = BooleanField(lazy_gettext("中止审理（第三十九条第一款第六项，须双方同意）"), default=False)
    mediators = LinesField(lazy_gettext("外部调解人（选填，每行一位：“类别：姓名”，类别为人民调解员、律师或被申请人上级机关）"))
    on = day_field(lazy_gettext("开始调解的日期"))


class LogMediationSessionForm(ActionForm):
    on = day_field(lazy_gettext("调解日期"))
    time = StringField(lazy_gettext("开始时间（时:分，选填）"), filters=[stripped])
    mode = ChoiceRadioField(lazy_gettext("调解方式"), default=SessionMode.IN_PERSON.value,
                            choices=enum_choices(SessionMode))
    place = StringField(lazy_gettext("地点（选填）"), filters=[stripped])
    session_mediators = LinesField(lazy_gettext("主持调解的人员（选填，每行一人；不填为登记的外部调解人）"))
    participants = LinesField(lazy_gettext("参加人员（每行一人，写明身份，如“申请人 张三”）"))
    head_attended = BooleanField(lazy_gettext("被申请人负责人出席"), default=False)
    applicant_position = TextAreaField(lazy_gettext("申请人意见（选填）"), filters=[stripped])
    respondent_position = TextAreaField(lazy_gettext("被申请人意见（选填）"), filters=[stripped])
    third_party_position = TextAreaField(lazy_gettext("第三人意见（选填）"), filters=[stripped])
    proposals = LinesField(lazy_gettext("提出的调解方案（选填，每行一条）"))
    notes = TextAreaField(lazy_gettext("调解情况记录（选填）"), filters=[stripped])
    outcome = ChoiceRadioField(lazy_gettext("本次调解结果"), default=SessionOutcome.CONTINUED.value,
                               choices=enum_choices(SessionOutcome))
    scan = StringField(SCAN_LABEL, filters=[stripped])


class RecordAgreementForm(ActionForm):
    terms = TextAreaField(lazy_gettext("调解协议内容（每行一条）"), filters=[stripped])
    on = day_field(lazy_gettext("达成协议的日期"))


class SignAgreementForm(ActionForm):
    party = ChoiceRadioField(lazy_gettext("签字或者盖章的一方"), validators=[OptionalData()],
                             choices=enum_choices(SigningParty))
    on = day_field(lazy_gettext("签字日期"))
    scan = StringField(SCAN_LABEL, filters=[stripped])


class SealAgreementForm(ActionForm):
    obliged = obliged_field()
    obligation = obligation_field()
    perform_by = perform_by_field()
    on = day_field(lazy_gettext("加盖印章的日期"))


class BackOutForm(ActionForm):
    party = ChoiceRadioField(lazy_gettext("反悔的一方"), validators=[OptionalData()], choices=enum_choices(SigningParty))
    on = day_field(lazy_gettext("反悔的日期"))


class EndMediationForm(ActionForm):
    outcome = ChoiceRadioField(lazy_gettext("结果"), default=SessionOutcome.FAILED.value,
                               choices=[(SessionOutcome.FAILED.value, lazy_gettext(SessionOutcome.FAILED.label))])
    on = day_field(lazy_gettext("调解终结的日期"))


class WithdrawForm(ActionForm):
    reason = TextAreaField(lazy_gettext("撤回申请的理由"), filters=[stripped])
    after_settlement = BooleanField(lazy_gettext("和解后撤回（第七十四条）"), default=False)
    settlement_terms = TextAreaField(lazy_gettext("和解协议内容（和解后撤回时填写）"), filters=[stripped])
    settlement_signed_on = day_field(lazy_gettext("和解协议签订日期"))
    self_correction = BooleanField(lazy_gettext("被申请人自行纠正后撤回（协调化解）"), default=False)
    new_act_no = StringField(lazy_gettext("纠正后的新行政行为文号（自行纠正时填写）"), filters=[stripped])
    new_act_on = day_field(lazy_gettext("新行政行为作出日期"))
    scan = StringField(SCAN_LABEL, filters=[stripped])
    obliged = obliged_field()
    obligation = obligation_field()
    perform_by = perform_by_field()
    on = day_field(lazy_gettext("申请撤回的日期"))


MEDIATION_FORMS: dict[str, type[ActionForm]] = {
    "start_mediation": StartMediationForm,
    "log_mediation_session": LogMediationSessionForm,
    "record_agreement": RecordAgreementForm,
    "sign_agreement": SignAgreementForm,
    "seal_agreement": SealAgreementForm,
    "back_out": BackOutForm,
    "end_mediation": EndMediationForm,
    "withdraw": WithdrawForm,
}
