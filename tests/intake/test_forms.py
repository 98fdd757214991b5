"""Every validation rule of the application form, with its Chinese message."""

from datetime import date

import pytest

from recon.intake.forms import ApplicationForm
from tests.intake.factories import ORG_CODE, UNKNOWN_REGION_ID, payload

TODAY = date(2026, 11, 27)


def errors_for(data):
    form = ApplicationForm(data=data, today=TODAY)
    form.validate()
    return form.flat_errors(), form


def test_valid_payload_passes():
    errors, form = errors_for(payload())
    assert errors == {}
    assert form.data["act"]["known_on"] == date(2026, 10, 22)


@pytest.mark.parametrize("changes,field,message", [
    ({"applicant__id_number": "110105194912310021"}, "applicant.id_number", "校验位"),
    ({"applicant__id_number": "12345"}, "applicant.id_number", "请输入 18 位公民身份号码，最后一位可以是数字或 X"),
    ({"applicant__id_number": "110105194913310025"}, "applicant.id_number", "出生日期"),
    ({"applicant__id_number": ""}, "applicant.id_number", "请填写身份证号码"),
    ({"applicant__name": ""}, "applicant.name", "请填写申请人姓名"),
    ({"applicant__phone": "12345"}, "applicant.phone", "11 位手机号码"),
    ({"applicant__postcode": "12"}, "applicant.postcode", "邮政编码是 6 位数字"),
    ({"applicant__kind": "alien"}, "applicant.kind", "申请人类型"),
    ({"applicant__kind": "organization", "applicant__id_number": ORG_CODE[:-1] + "A",
      "applicant__legal_representative": "李四"}, "applicant.id_number", "统一社会信用代码的校验位"),
    ({"applicant__kind": "organization", "applicant__id_number": ORG_CODE},
     "applicant.legal_representative", "法定代表人"),
    ({"respondent__name": ""}, "respondent.name", "被申请人"),
    ({"act__title": ""}, "act.title", "请填写您不服的行政行为"),
    ({"act__known_on": "2026-10-01"}, "act.known_on", "知道日期不能早于行政行为的作出日期"),
    ({"act__known_on": "2026-13-01"}, "act.known_on", "月份必须在 1 到 12 之间"),
    ({"act__known_on": None}, "act.known_on", "请填写您知道该行政行为的日期"),
    ({"act__made_on": "2026-12-01", "act__known_on": "2026-12-02"}, "act.made_on", "不能晚于今天"),
    ({"request": ""}, "request", "请填写复议请求"),
    ({"facts_and_reasons": ""}, "facts_and_reasons", "请填写事实和理由"),
    ({"channel": "fax"}, "channel", "申请渠道只能是"),
])
def test_each_rule_has_a_chinese_message(changes, field, message):
    errors, _form = errors_for(payload(**changes))
    assert field in errors, errors
    assert message in errors[field]


@pytest.mark.parametrize("email", ["abc", "a@", "张三@", "name@example", "a b@example.com"])
def test_malformed_email_is_refused_in_chinese(email):
    errors, form = errors_for(payload(applicant__email=email))
    assert errors["applicant.email"] == "电子邮箱格式不正确，例如 name@example.com"
    assert form.applicant.form.email.data == email  # kept as typed


@pytest.mark.parametrize("email", ["zhang.san@163.com", "张三@例子.中国", "", None])
def test_well_formed_or_blank_email_is_accepted(email):
    errors, _form = errors_for(payload(applicant__email=email))
    assert errors == {}


def test_email_is_kept_without_surrounding_spaces():
    errors, form = errors_for(payload(applicant__email=" zhang.san@163.com\u3000"))
    assert errors == {}
    assert form.data["applicant"]["email"] == "zhang.san@163.com"


def test_id_number_is_normalised():
    errors, form = errors_for(payload(applicant__id_number="１１０１０５ 1949 1231 002x"))
    assert errors == {}
    assert form.data["applicant"]["id_number"] == "11010519491231002X"


def test_unknown_region_is_a_warning_not_an_error():
    errors, form = errors_for(payload(applicant__id_number=UNKNOWN_REGION_ID))
    assert errors == {}
    assert "地区代码" in form.warnings["applicant-id_number"]


def test_organisation_with_credit_code():
    errors, _ = errors_for(payload(applicant__kind="organization", applicant__id_number=ORG_CODE,
                                   applicant__legal_representative="王五", applicant__name="某某有限公司"))
    assert errors == {}


def test_agents_are_validated_and_limited():
    agent = {"name": "李律师", "id_number": "110101198001010053", "phone": "13900139000", "kind": "lawyer"}
    errors, _ = errors_for(payload(agents=[agent]))
    assert errors == {}
    errors, _ = errors_for(payload(agents=[dict(agent, id_number="1")]))
    assert "agents.0.id_number" in errors
    with pytest.raises(AssertionError):  # FieldList refuses more than two agents (art. 17)
        ApplicationForm(data=payload(agents=[agent] * 3), today=TODAY)


def test_postal_needs_postmark_and_received_dates():
    data = payload("postal")
    data["postal"]["postmark_on"] = ""
    errors, _ = errors_for(data)
    assert "邮戳日期" in errors["postal.postmark_on"]
    data = payload("postal")
    data["postal"]["received_on"] = "2026-11-18"
    errors, _ = errors_for(data)
    assert errors["postal.received_on"] == "收件日期不能早于邮戳日期"
    data = payload("postal")
    data["postal"]["received_on"] = "2026-11-30"
    errors, _ = errors_for(data)
    assert errors["postal.received_on"] == "收件日期不能晚于今天"


def test_oral_application_needs_the_statement():
    data = payload("onsite")
    data["onsite"]["oral"] = True
    errors, _ = errors_for(data)
    assert "口头申请的，请当场记录" in errors["onsite.oral_statement"]


def test_litigation_filed_is_a_warning():
    errors, form = errors_for(payload(litigation_filed=True))
    assert errors == {}
    assert "第二十九条" in form.warnings["litigation_filed"]
