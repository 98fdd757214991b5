"""Review: malformed JSON on POST /api/v1/applications gets a Chinese 422, never a 500, and files
nothing (api.md "Never a 500 for bad input")."""

import pytest
from sqlalchemy import func, select

from recon.cases.models import Case
from recon.extensions import db
from tests.intake.factories import payload, token_for

# (changes to a valid payload, the error path that must be named)
BAD_SHAPES = {
    "channel is a list": ({"channel": ["online"]}, "channel"),
    "channel is an object": ({"channel": {"a": 1}}, "channel"),
    "applicant is a string": ({"applicant": "张三"}, "applicant"),
    "applicant kind is a list": ({"applicant__kind": ["person"]}, "applicant.kind"),
    "applicant name is a list": ({"applicant__name": ["张三"]}, "applicant.name"),
    "applicant name is a number": ({"applicant__name": 5}, "applicant.name"),
    "applicant address is an object": ({"applicant__address": {"a": "b"}}, "applicant.address"),
    "email is a list": ({"applicant__email": ["a@b.cn"]}, "applicant.email"),
    "agents is a string": ({"agents": "abc"}, "agents"),
    "agents is a number": ({"agents": 5}, "agents"),
    "three agents": ({"agents": [{}, {}, {}]}, "agents"),
    "an agent is a string": ({"agents": ["李四"]}, "agents.0"),
    "21 third parties": ({"third_parties": [{"name": "王五"}] * 21}, "third_parties"),
    "31 attachments": ({"attachments": ["x"] * 31}, "attachments"),
    "attachments is a number": ({"attachments": 5}, "attachments"),
    "an attachment is an object": ({"attachments": [{"id": "x"}]}, "attachments.0"),
    "respondent name is a list": ({"respondent__name": ["合江区公安分局"]}, "respondent.name"),
    "act title is a list": ({"act__title": ["行政处罚决定书"]}, "act.title"),
    "act doc_no is a number": ({"act__doc_no": 88}, "act.doc_no"),
    "informed_of_rights is a string": ({"act__informed_of_rights": "false"}, "act.informed_of_rights"),
    "request is a list": ({"request": ["撤销"]}, "request"),
    "facts is an object": ({"facts_and_reasons": {"a": "b"}}, "facts_and_reasons"),
    "normative_review is a number": ({"normative_review": 5}, "normative_review"),
    "submission_token is a list": ({"submission_token": ["t"]}, "submission_token"),
    "submission_token is a number": ({"submission_token": 12345}, "submission_token"),
    "submission_token is huge": ({"submission_token": 10**30}, "submission_token"),
    "a lone surrogate": ({"applicant__name": "\ud800"}, "applicant.name"),
    "a NUL character": ({"facts_and_reasons": "事实\u0000理由"}, "facts_and_reasons"),
}


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


@pytest.mark.parametrize("name", list(BAD_SHAPES))
def test_malformed_filing_gets_a_chinese_422(client, users, name):
    changes, path = BAD_SHAPES[name]
    headers = token_for(client, "clerk")
    response = client.post("/api/v1/applications", headers=headers, json=payload(**changes))
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    errors = response.get_json()["errors"]
    assert path in errors, errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[path]), errors
    assert _cases() == 0


@pytest.mark.parametrize("section, changes", [
    ("postal", {"postal": "x"}),
    ("postal.tracking_no", {"postal__tracking_no": ["EMS1"]}),
    ("postal.sender_address", {"postal__sender_address": 5}),
])
def test_malformed_postal_filing(client, users, section, changes):
    headers = token_for(client, "clerk")
    response = client.post("/api/v1/applications", headers=headers, json=payload("postal", **changes))
    assert response.status_code == 422, response.get_data(as_text=True)
    assert section in response.get_json()["errors"]
    assert _cases() == 0


@pytest.mark.parametrize("changes", [
    {"onsite__oral": True, "onsite__oral_statement": ["口头"]},
    {"onsite__oral": True, "onsite__oral_statement": 5},
    {"onsite__oral": "yes"},
])
def test_malformed_onsite_filing(client, users, changes):
    headers = token_for(client, "clerk")
    response = client.post("/api/v1/applications", headers=headers, json=payload("onsite", **changes))
    assert response.status_code == 422, response.get_data(as_text=True)
    assert any(key.startswith("onsite.") for key in response.get_json()["errors"])
    assert _cases() == 0


def test_well_formed_filing_still_files(client, users):
    """Nulls for optional parts and unknown extra keys are fine (forward compatible)."""
    headers = token_for(client, "clerk")
    data = payload(normative_review=None, act__made_on=None, extra_field={"x": 1},
                   applicant__nickname="三")
    data["postal"] = None
    response = client.post("/api/v1/applications", headers=headers, json=data)
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize("key, value", [("prefix", "x"), ("formdata", "x"), ("data", 5), ("meta", 5),
                                        ("obj", 5)])
def test_unknown_keys_named_like_wtforms_arguments_are_ignored(client, users, key, value):
    """A sub-object's key such as ``prefix`` used to reach the WTForms constructor (TypeError, 500)."""
    headers = token_for(client, "clerk")
    response = client.post("/api/v1/applications", headers=headers,
                           json=payload(**{f"applicant__{key}": value}))
    assert response.status_code == 201, response.get_data(as_text=True)
