"""行政行为类别: guessed at intake from the act's title, set by a handler or supervisor (audited),
counted by the statistics (tests/stats/test_figures.py)."""

import pytest
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases.act_type import guess_act_type
from recon.cases.models import Case, CaseEvent
from recon.extensions import db
from tests.intake.factories import payload, token_for


@pytest.mark.parametrize(("title", "expected"), [
    ("行政处罚决定书", "penalty"),
    ("关于对申请人罚款 2000 元的决定", "penalty"),
    ("强制执行决定书", "enforcement"),  # not a 处罚 although an enforcement may follow one
    ("查封、扣押决定书", "coercive_measure"),
    ("不予行政许可决定书", "licensing"),
    ("政府信息公开申请答复书", "information"),
    ("未履行法定职责（申请人的举报未获处理）", "inaction"),
    ("国有土地上房屋征收决定", "expropriation"),
    ("工伤认定决定书", "confirmation"),
    ("答复函", None),
    ("", None),
])
def test_the_title_suggests_the_type(title, expected):
    assert guess_act_type(title) == expected


def test_intake_guesses_and_the_handler_sets_it(client, login_as):
    headers = token_for(client, "clerk")
    assert client.post("/api/v1/applications", json=payload("onsite", act__title="合江区市场监督管理局行政处罚决定书"),
                       headers=headers).status_code == 201
    assert client.post("/api/v1/applications", json=payload("onsite", act__title="答复函"),
                       headers=headers).status_code == 201
    penalty, other = db.session.scalars(select(Case).order_by(Case.id)).all()
    assert (penalty.act_type, other.act_type) == ("penalty", None)

    handler = login_as("handler")
    page = handler.get(f"/cases/{other.id}").get_data(as_text=True)
    assert '<option value="" selected>未分类</option>' in page
    response = handler.post(f"/cases/{other.id}/act_type", data={"act_type": "information"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Case, other.id).act_type == "information"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.act_type"))
    assert entry.before == {"act_type": None} and entry.after == {"act_type": "information"}
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.kind == "case.act_type"))
    assert event.summary == "行政行为类别：未分类 → 政府信息公开" and event.public is False
    page = handler.get(f"/cases/{other.id}").get_data(as_text=True)
    assert '<option value="information" selected>政府信息公开</option>' in page and "已保存行政行为类别：政府信息公开" in page

    bad = handler.post(f"/cases/{other.id}/act_type", data={"act_type": "bogus"}, follow_redirects=True)
    assert bad.status_code == 200 and "请选择行政行为类别" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, other.id).act_type == "information"
    assert handler.post(f"/cases/{other.id}/act_type", data={"act_type": ""}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Case, other.id).act_type is None


def test_a_clerk_cannot_set_it(client, login_as):
    client.post("/api/v1/applications", json=payload("onsite"), headers=token_for(client, "clerk"))
    case = db.session.scalar(select(Case))
    assert login_as("clerk").post(f"/cases/{case.id}/act_type", data={"act_type": "penalty"}).status_code == 403
