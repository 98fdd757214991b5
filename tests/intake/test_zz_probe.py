import copy, json
import pytest
from tests.intake.test_api import token_for
from tests.intake.factories import payload

CASES = {
 "channel_list": {"channel": ["online"]},
 "channel_dict": {"channel": {"a": 1}},
 "channel_int": {"channel": 5},
 "applicant_str": {"applicant": "x"},
 "applicant_list": {"applicant": ["x"]},
 "applicant_prefix": {"applicant__prefix": "x"},
 "applicant_formdata": {"applicant__formdata": "x"},
 "applicant_data": {"applicant__data": 5},
 "applicant_meta": {"applicant__meta": 5},
 "applicant_obj": {"applicant__obj": 5},
 "kind_list": {"applicant__kind": ["person"]},
 "name_list": {"applicant__name": ["张三"]},
 "name_int": {"applicant__name": 5},
 "id_list": {"applicant__id_number": ["x"]},
 "id_int": {"applicant__id_number": 110105194912310020},
 "phone_int": {"applicant__phone": 13800138000},
 "postcode_int": {"applicant__postcode": 646200},
 "email_list": {"applicant__email": ["a"]},
 "legal_list": {"applicant__legal_representative": ["a"]},
 "addr_dict": {"applicant__address": {"a": "b"}},
 "agents_str": {"agents": "abc"},
 "agents_int": {"agents": 5},
 "agents_dict": {"agents": {"a": 1}},
 "agents_3": {"agents": [{}, {}, {}]},
 "agents_list_of_str": {"agents": ["x"]},
 "third_21": {"third_parties": [{}] * 21},
 "attach_31": {"attachments": ["x"] * 31},
 "attach_int": {"attachments": 5},
 "attach_list_int": {"attachments": [5]},
 "attach_list_list": {"attachments": [["x"]]},
 "attach_list_dict": {"attachments": [{"a": 1}]},
 "attach_str": {"attachments": "abc"},
 "respondent_str": {"respondent": "x"},
 "respondent_name_list": {"respondent__name": ["x"]},
 "respondent_name_int": {"respondent__name": 5},
 "act_title_list": {"act__title": ["x"]},
 "act_docno_list": {"act__doc_no": ["x"]},
 "act_docno_int": {"act__doc_no": 5},
 "act_made_list": {"act__made_on": ["2026-01-01"]},
 "act_made_int": {"act__made_on": 20260101},
 "act_made_huge": {"act__made_on": "99999-01-01"},
 "act_made_neg": {"act__made_on": -1},
 "act_known_dict": {"act__known_on": {"a": 1}},
 "informed_str": {"act__informed_of_rights": "false"},
 "request_list": {"request": ["x"]},
 "request_int": {"request": 5},
 "facts_dict": {"facts_and_reasons": {"a": "b"}},
 "lit_str": {"litigation_filed": "yes"},
 "norm_list": {"normative_review": ["x"]},
 "norm_int": {"normative_review": 5},
 "token_list": {"submission_token": ["x"]},
 "token_int": {"submission_token": 12345},
 "token_dict": {"submission_token": {"a": 1}},
 "token_huge": {"submission_token": 10**30},
 "nul_name": {"applicant__name": "张\u0000三"},
 "surrogate": {"applicant__name": "\ud800"},
}
POSTAL = {
 "postal_str": {"postal": "x"},
 "postal_mark_list": {"postal__postmark_on": ["x"]},
 "postal_track_list": {"postal__tracking_no": ["x"]},
 "postal_track_int": {"postal__tracking_no": 5},
 "postal_sender_list": {"postal__sender_address": ["x"]},
 "postal_none": {"postal": None},
}
ONSITE = {
 "onsite_str": {"onsite": "x"},
 "onsite_oral_stmt_list": {"onsite__oral": True, "onsite__oral_statement": ["x"]},
 "onsite_oral_stmt_int": {"onsite__oral": True, "onsite__oral_statement": 5},
 "onsite_received_list": {"onsite__received_at": ["x"]},
}

def run(client, headers, channel, changes):
    data = payload(channel, **changes)
    r = client.post("/api/v1/applications", headers=headers, json=data)
    return r.status_code, r.get_data(as_text=True)[:300]

@pytest.mark.parametrize("name", list(CASES))
def test_online(client, users, name):
    h = token_for(client, "clerk")
    code, body = run(client, h, "online", CASES[name])
    print(name, code, body)
    assert code != 500, body

@pytest.mark.parametrize("name", list(POSTAL))
def test_postal(client, users, name):
    h = token_for(client, "clerk")
    code, body = run(client, h, "postal", POSTAL[name])
    print(name, code, body)
    assert code != 500, body

@pytest.mark.parametrize("name", list(ONSITE))
def test_onsite(client, users, name):
    h = token_for(client, "clerk")
    code, body = run(client, h, "onsite", ONSITE[name])
    print(name, code, body)
    assert code != 500, body

def test_non_utf8(client, users):
    h = token_for(client, "clerk")
    r = client.post("/api/v1/applications", headers={**h, "Content-Type": "application/json"}, data=b'{"a": "\xff\xfe"}')
    print(r.status_code, r.get_data(as_text=True))
    assert r.status_code == 400
    r = client.post("/api/v1/applications", headers={**h, "Content-Type": "application/json"}, data=b'[1,2]')
    assert r.status_code == 400
    r = client.post("/api/v1/applications", headers={**h, "Content-Type": "application/json"}, data=b'{"a": NaN}')
    print(r.status_code, r.get_data(as_text=True))
