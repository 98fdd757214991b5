"""Issue 11, the clerk's entry page: attached files survive a re-render, registering needs an explicit
confirmation (ux.md C2), 「是否告知」 is not pre-answered, the oral statement's label matches its rule,
a future postmark is refused, and the area-code warning stands beside the ID field."""

import re

import pytest
from sqlalchemy import func, select
from stdnum.cn import ric

from recon.audit.models import AuditEntry
from recon.cases.models import Case, Material
from recon.extensions import db
from recon.intake.models import Upload
from tests.intake.factories import PDF_BYTES
from tests.intake.test_clerk import CONFIRM_BUTTON, cases, confirm, form_data, hidden_inputs, send
from tests.intake.test_clerk_sections import side_list


def _id_number(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def _held(page: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="held" value="([0-9a-f]+)">', page)


def test_every_attached_file_is_kept_after_a_validation_error(login_as):
    client = login_as("clerk")
    scans = [("file_envelope", PDF_BYTES + b"envelope", "信封.pdf"),
             ("file_application", PDF_BYTES + b"letter", "申请书.pdf")]
    refused = send(client, "/intake/postal", form_data("postal", **{"respondent-name": ""}), files=scans)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "请填写被申请人" in page
    assert "信封.pdf" in page and "申请书.pdf" in page
    assert 'name="remove_upload"' in page  # each held file can be removed
    assert side_list(page)["files"] == "已填"  # C1: the held files fill the 材料 section
    held = _held(page)
    assert len(held) == 2
    data = form_data("postal", submission_token=re.search(r'name="submission_token"[^>]*value="([^"]+)"', page)[1])
    checked = send(client, "/intake/postal", list(data.items()) + [("held", h) for h in held])
    assert checked.status_code == 200 and CONFIRM_BUTTON in checked.get_data(as_text=True)
    done = confirm(client, "/intake/postal", checked.get_data(as_text=True))
    assert done.status_code == 302
    case = db.session.scalar(select(Case))
    assert sorted(m.filename for m in case.materials) == ["信封.pdf", "申请书.pdf"]
    assert sorted(m.item for m in case.materials) == ["application", "envelope"]


def test_a_held_file_can_be_removed_before_registering(login_as):
    client = login_as("clerk")
    first = send(client, "/intake/onsite", form_data(**{"request": ""}),
                 files=[("file_evidence", PDF_BYTES + b"a", "证据一.pdf"),
                        ("file_evidence", PDF_BYTES + b"b", "证据二.pdf")])
    page = first.get_data(as_text=True)
    held = _held(page)
    assert first.status_code == 422 and len(held) == 2
    upload = db.session.get(Upload, held[0])
    assert upload.filename == "证据一.pdf"
    again = send(client, "/intake/onsite", list(form_data().items()) + [("held", h) for h in held]
                 + [("remove_upload", held[0])])
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "证据一.pdf" not in page and "证据二.pdf" in page
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "upload.delete"))
    assert confirm(client, "/intake/onsite", page).status_code == 302
    assert [m.filename for m in db.session.scalar(select(Case)).materials] == ["证据二.pdf"]


def test_enter_in_a_text_field_only_checks_and_registration_needs_the_confirmation(login_as):
    """A form submitted by Enter sends no button: that is a check, never a registration (C2)."""
    client = login_as("clerk")
    form_page = client.get("/intake/onsite").get_data(as_text=True)
    buttons = re.findall(r'<button type="submit"[^>]*>', form_page[form_page.index('class="col-lg-9 intake-form"'):])
    assert buttons and 'value="check"' in buttons[0]
    assert "保存并生成收件回执" not in form_page
    checked = send(client, "/intake/onsite", form_data())
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200 and cases() == 0
    assert "<h1 data-focus>核对现场申请登记内容</h1>" in page
    assert "王芳" in page and "请求撤销行政拘留决定" in page and CONFIRM_BUTTON in page
    # the safe button comes first: 「返回修改」 keeps every answer and registers nothing
    assert page.index('value="edit"') < page.index('value="register"')
    back = confirm(client, "/intake/onsite", page, action="edit")
    assert back.status_code == 200 and 'value="王芳"' in back.get_data(as_text=True) and cases() == 0
    done = confirm(client, "/intake/onsite", page)
    assert done.status_code == 302 and cases() == 1


def test_the_confirmation_keeps_line_breaks_escaped(login_as):
    client = login_as("clerk")
    page = send(client, "/intake/onsite", form_data(facts_and_reasons="第一行<b>\n第二行")).get_data(as_text=True)
    assert "第一行&lt;b&gt;<br>\n第二行" in page
    confirm(client, "/intake/onsite", page)
    assert db.session.scalar(select(Case.facts_and_reasons)) == "第一行<b>\n第二行"


def test_informed_of_rights_is_an_explicit_required_choice(login_as):
    client = login_as("clerk")
    page = client.get("/intake/onsite").get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="act-informed_of_rights"[^>]*>', page)
    assert len(radios) == 2 and not any("checked" in r for r in radios)
    assert 'type="checkbox"' not in "".join(radios)
    data = form_data()
    del data["act-informed_of_rights"]
    refused = send(client, "/intake/onsite", data)
    assert refused.status_code == 422
    assert "请选择行政机关是否告知了申请行政复议的权利和期限" in refused.get_data(as_text=True)
    checked = send(client, "/intake/onsite", form_data(**{"act-informed_of_rights": "no"}))
    assert confirm(client, "/intake/onsite", checked.get_data(as_text=True)).status_code == 302
    assert db.session.scalar(select(Case.informed_of_rights)) is False


def test_oral_statement_label_matches_its_rule_and_no_label_says_optional_twice(login_as):
    client = login_as("clerk")
    page = client.get("/intake/onsite").get_data(as_text=True)
    label = re.search(r'<label class="form-label" for="onsite-oral_statement">(.*?)</label>', page)[1]
    assert "选填" not in label
    assert "口头申请的必须填写" in page
    for path in ("/intake/onsite", "/intake/postal"):
        assert "（选填）</span><span class=\"optional-mark\">（选填）" not in client.get(path).get_data(as_text=True)
        assert "（选填）（选填）" not in re.sub(r"<[^>]+>", "", client.get(path).get_data(as_text=True))
    refused = send(client, "/intake/onsite", form_data(**{"onsite-oral_statement": "申请人称……"}))
    assert refused.status_code == 422 and "请勾选「口头申请」" in refused.get_data(as_text=True)
    assert cases() == 0


def test_a_future_postmark_is_refused(login_as):
    response = send(login_as("clerk"), "/intake/postal",
                    form_data("postal", **{"postal-postmark_on": "2099-01-05", "postal-received_on": "2099-01-06"}))
    assert response.status_code == 422
    assert "邮戳日期不能晚于今天" in response.get_data(as_text=True)
    assert cases() == 0


@pytest.mark.parametrize("first17", ["51010619500101123", "44030419700101123"])
def test_an_area_code_that_existed_at_any_time_is_not_warned(login_as, first17):
    """510106 (金牛区) and 440304 (福田区) date from 1990: a number issued to someone born earlier is valid."""
    page = send(login_as("clerk"), "/intake/onsite",
                form_data(**{"applicant-id_number": _id_number(first17)})).get_data(as_text=True)
    assert CONFIRM_BUTTON in page
    assert "地区代码" not in page


def test_an_area_code_that_never_existed_is_warned_beside_the_id_field(login_as):
    client = login_as("clerk")
    number = _id_number("99999919900101123")
    warned = send(client, "/intake/onsite", form_data(**{"applicant-id_number": number}))
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200 and CONFIRM_BUTTON not in page and cases() == 0
    field = page[page.index('id="applicant-id_number"') - 400:page.index('id="applicant-id_number-warning"') + 300]
    assert "地区代码 999999 不是任何时期的行政区划代码" in field
    assert '<a href="#applicant-id_number">身份证号码前 6 位地区代码 999999' in page  # the summary to check
    assert re.search(r'aria-describedby="[^"]*applicant-id_number-warning', page)
    again = send(client, "/intake/onsite", hidden_inputs_of_entry(page))  # checked: the clerk goes on
    assert again.status_code == 200 and CONFIRM_BUTTON in again.get_data(as_text=True)
    assert confirm(client, "/intake/onsite", again.get_data(as_text=True)).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Material)) == 0


def hidden_inputs_of_entry(page: str) -> list[tuple[str, str]]:
    """The warned page posted again unchanged: the typed answers plus its hidden inputs."""
    data = form_data(**{"applicant-id_number": _id_number("99999919900101123")},
                     submission_token=re.search(r'name="submission_token"[^>]*value="([^"]+)"', page)[1])
    warned = re.findall(r'<input type="hidden" name="warned" value="([^"]+)">', page)
    assert warned
    return list(data.items()) + [("warned", w) for w in warned]


def test_confirmation_hidden_inputs_carry_every_answer(login_as):
    client = login_as("clerk")
    page = send(client, "/intake/postal", form_data("postal")).get_data(as_text=True)
    names = {name for name, _value in hidden_inputs(page)}
    assert {"applicant-name", "act-informed_of_rights", "postal-postmark_on", "request",
            "facts_and_reasons", "submission_token"} <= names
