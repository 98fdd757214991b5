"""ux.md C1: the clerk entry page's side list of sections shows「已填 / 未填 / 有错误」, computed by the
server from the submitted values (recon/intake/sections.py), on the on-site and postal pages."""

import json
import re
from html import unescape

import pytest

from tests.intake.test_clerk import form_data, post

SECTIONS = ["channel", "applicant", "agents", "respondent", "act", "request", "files"]


def side_list(html: str) -> dict[str, str]:
    """{"applicant": "未填", ...} from the side list, in page order."""
    nav = re.search(r'<nav class="[^"]*section-nav[^"]*" aria-label="表单各部分".*?</nav>', html, re.S)
    assert nav, "no side list"
    links = re.findall(r'<a href="#section-(\w+)" data-groups="([^"]*)">(.*?)</a>', nav.group(0), re.S)
    for _anchor, groups, _text in links:
        assert isinstance(json.loads(unescape(groups)), list)
    return {anchor: re.search(r'class="status-tag[^"]*section-status" data-status="\w+">([^<]+)<', text).group(1)
            for anchor, _groups, text in links}


@pytest.mark.parametrize("channel", ["onsite", "postal"])
def test_blank_page_lists_every_section_as_not_filled(login_as, channel):
    html = login_as("clerk").get(f"/intake/{channel}").get_data(as_text=True)
    statuses = side_list(html)
    assert list(statuses) == SECTIONS
    assert set(statuses.values()) == {"未填"}
    for anchor in SECTIONS:  # every link points at a section of the form
        assert f'<fieldset id="section-{anchor}"' in html
    assert "js/sections.js" in html
    assert 'aria-live' not in re.search(r"<nav [^>]*section-nav.*?</nav>", html, re.S).group(0)


@pytest.mark.parametrize("channel", ["onsite", "postal"])
def test_after_a_failed_save_the_list_shows_filled_empty_and_errors(login_as, channel):
    data = form_data(channel, **{
        "applicant-phone": "12345",  # a wrong phone: the applicant section has an error
        "respondent-name": "",  # left blank: an error too (required)
        "request": "", "facts_and_reasons": "",
    })
    if channel == "postal":
        data["postal-received_on"] = ""  # the postal channel needs both dates
    response = post(login_as("clerk"), f"/intake/{channel}", data)
    assert response.status_code == 422
    statuses = side_list(response.get_data(as_text=True))
    assert statuses["applicant"] == "有错误"
    assert statuses["respondent"] == "有错误"
    assert statuses["request"] == "有错误"
    assert statuses["act"] == "已填"
    assert statuses["agents"] == "未填"  # optional, nothing entered
    assert statuses["files"] == "未填"  # a file input is never filled again by the server
    assert statuses["channel"] == ("有错误" if channel == "postal" else "未填")


def test_optional_and_conditional_sections(login_as):
    client = login_as("clerk")
    data = form_data("onsite", **{
        "onsite-received_at": "20261104", "agents-0-name": "李律师",  # an agent row half filled
        "applicant-kind": "organization", "applicant-id_number": "", "act-title": ""})
    statuses = side_list(post(client, "/intake/onsite", data).get_data(as_text=True))
    assert statuses["channel"] == "已填"  # nothing required; a date was entered
    assert statuses["agents"] == "有错误"  # the agent needs an ID number and phone
    assert statuses["act"] == "有错误"
    # Filled sections stay「已填」on the page the server sends back.
    data = form_data("onsite", **{"act-title": "", "onsite-oral": "y",
                                  "onsite-oral_statement": "申请人称：认为事实不清。"})
    statuses = side_list(post(client, "/intake/onsite", data).get_data(as_text=True))
    assert statuses == {"channel": "已填", "applicant": "已填", "agents": "未填", "respondent": "已填",
                        "act": "有错误", "request": "已填", "files": "未填"}


def test_sections_rule():
    from recon.intake.sections import _filled

    groups = [{"required": ["a", "b"]}, {"if_value": ["kind", "org"], "required": ["rep"]}]
    assert not _filled(groups, {"a": "x"})
    assert _filled(groups, {"a": "x", "b": "y", "kind": "person"})
    assert not _filled(groups, {"a": "x", "b": "y", "kind": "org"})
    assert _filled(groups, {"a": "x", "b": "y", "kind": "org", "rep": "z"})
    optional = [{"if_any": ["n", "p"], "required": ["n"]}]
    assert not _filled(optional, {})  # nothing entered
    assert not _filled(optional, {"p": "1"})  # a row started
    assert _filled(optional, {"n": "张三"})
