"""The deadline board: counts first (ux.md V1), filters as GET parameters, keyset paging."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import insert

from recon.auth.services import create_user
from recon.deadlines import display, lifecycle
from recon.deadlines.models import Deadline
from recon.extensions import db
from tests.deadlines.helpers import make_case, open_deadline

TODAY = date(2026, 11, 25)  # Wednesday: 「本周」 runs to Sunday 11-29


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("recon.deadlines.views.today_beijing", lambda: TODAY)


def _text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _kpis(html: str) -> dict[str, str]:
    """「已逾期」→「2」 from the count cards."""
    return {label: number for number, label in re.findall(
        r'<span class="kpi-number[^"]*">([^<]+)</span>([^<]+)</a>', html)}


def _listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/deadlines/(\d+)"', html)]


@pytest.fixture
def board(app, users):
    first = users["handler"]
    second = create_user(db.session, None, "handler2", "handler", "pass-word-2026", display_name="李承办")
    c1, c2, c3 = make_case(), make_case(), make_case()
    c1.handler_id, c2.handler_id = first.id, second.id
    c1.respondent_name = "甲区市场监督管理局"
    c2.respondent_name = c3.respondent_name = "乙区公安分局"
    rows = {
        "a_overdue": open_deadline(c1, "respondent_copy", "2026-11-10"),  # due 11-19
        "a_today": open_deadline(c1, "acceptance_review", "2026-11-18"),  # due 11-25
        "b_week": open_deadline(c2, "acceptance_review", "2026-11-20"),  # due 11-27
        "b_later": open_deadline(c2, "decision", "2026-11-20"),  # due 2027-01-19
        "u_overdue": open_deadline(c3, "respondent_copy", "2026-11-09"),  # due 11-18
        "u_paused": open_deadline(c3, "decision", "2026-10-01"),
    }
    lifecycle.pause(db.session, rows["u_paused"], date(2026, 10, 20), None)
    db.session.commit()
    assert [rows[k].due_on for k in ("a_overdue", "a_today", "b_week", "u_overdue")] == [
        date(2026, 11, 19), date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 18)]
    return {"second": second, "cases": (c1, c2, c3), **rows}


def test_counts_come_first_and_link_to_their_lists(login_as, board):
    html = _text(login_as("supervisor").get("/deadlines/"))
    assert html.index("kpi-card") < html.index("<table")
    assert _kpis(html) == {"已逾期": "2", "今日届满": "1", "本周到期": "2", "中止中": "1"}
    assert "全部在办的期限共 6 个" in html
    assert _listed(html) == [board[k].id for k in
                             ("u_overdue", "a_overdue", "a_today", "b_week", "b_later", "u_paused")]
    overdue = _text(login_as("supervisor").get("/deadlines/?state=overdue&handler=all"))
    assert _listed(overdue) == [board["u_overdue"].id, board["a_overdue"].id]
    assert "已逾期的期限共 2 个" in overdue
    week = _text(login_as("supervisor").get("/deadlines/?state=week&handler=all"))
    assert _listed(week) == [board["a_today"].id, board["b_week"].id]
    today = _text(login_as("supervisor").get("/deadlines/?state=today&handler=all"))
    assert _listed(today) == [board["a_today"].id]


def test_filters_by_handler_and_respondent(login_as, users, board):
    client = login_as("supervisor")
    second = board["second"]
    html = _text(client.get(f"/deadlines/?handler={second.id}"))
    assert _listed(html) == [board["b_week"].id, board["b_later"].id]
    assert _kpis(html) == {"已逾期": "0", "今日届满": "0", "本周到期": "1", "中止中": "0"}
    assert "承办人：李承办" in html and "李承办" in html
    html = _text(client.get("/deadlines/?handler=none"))
    assert _listed(html) == [board["u_overdue"].id, board["u_paused"].id]
    html = _text(client.get("/deadlines/?respondent=乙区公安分局&state=active"))
    assert _listed(html) == [board[k].id for k in ("u_overdue", "b_week", "b_later", "u_paused")]
    assert "被申请人：乙区公安分局" in html
    assert _text(client.get("/deadlines/?handler=x1&state=bogus&cursor=junk"))  # defaults, no 500


def test_a_handler_sees_their_own_cases_first(login_as, users, board):
    client = login_as("handler")
    html = _text(client.get("/deadlines/"))
    assert _listed(html) == [board["a_overdue"].id, board["a_today"].id]
    assert _kpis(html)["已逾期"] == "1"
    assert len(_listed(_text(client.get("/deadlines/?handler=all")))) == 6


def test_breakdowns_by_handler_and_by_respondent(app, users, board):
    flt = display.BoardFilter()
    by_handler = {b.key: (b.overdue, b.today, b.week)
                  for b in display.board_breakdown(db.session, flt, TODAY, "handler")}
    assert by_handler == {users["handler"].id: (1, 1, 1), None: (1, 0, 0),
                          board["second"].id: (0, 0, 1)}
    by_respondent = {b.key: (b.overdue, b.today, b.week)
                     for b in display.board_breakdown(db.session, flt, TODAY, "respondent")}
    assert by_respondent == {"甲区市场监督管理局": (1, 1, 1), "乙区公安分局": (1, 0, 1)}


def test_breakdown_tables_link_to_the_filtered_board(login_as, users, board):
    html = _text(login_as("supervisor").get("/deadlines/"))
    assert 'href="/deadlines/?state=active&amp;respondent=%E4%B9%99' in html
    assert re.search(r'<th scope="row"><a href="/deadlines/\?state=active&amp;handler=none">未指派</a></th>'
                     r'<td>1</td><td>0</td><td>0</td>', html)


def test_keyset_pages_cover_every_row_once_and_counts_are_bounded(login_as, users, board, monkeypatch):
    template = {c.key: getattr(board["b_later"], c.key) for c in Deadline.__table__.columns if c.key != "id"}
    db.session.execute(insert(Deadline), [dict(template) for _ in range(60)])
    db.session.commit()
    client = login_as("supervisor")
    seen: list[int] = []
    url = "/deadlines/?handler=all"
    while url:
        html = _text(client.get(url))
        seen += _listed(html)
        match = re.search(r'href="(/deadlines/\?cursor=[^"]+)">下一页', html)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert len(seen) == len(set(seen)) == 66
    assert seen[-1] == board["u_paused"].id
    monkeypatch.setattr(display, "COUNT_CAP", 10)
    html = _text(client.get("/deadlines/?handler=all"))
    assert "全部在办的期限共 10+ 个" in html and _kpis(html)["已逾期"] == "2"


def test_the_index_predicates_name_the_states_they_stand_for():
    from recon.deadlines.models import (
        ACTIVE_STATES,
        OPEN_PREDICATE,
        PROVISIONAL_PREDICATE,
        RUNNING_PREDICATE,
        RUNNING_STATES,
        DeadlineState,
    )

    def listed(states) -> str:
        return "(" + ", ".join(f"'{s.value}'" for s in states) + ")"

    assert f"state IN {listed(RUNNING_STATES)}" == RUNNING_PREDICATE
    assert f"provisional AND state IN {listed(ACTIVE_STATES)}" == PROVISIONAL_PREDICATE
    assert f"state = '{DeadlineState.OPEN.value}'" == OPEN_PREDICATE


def test_a_cursor_that_is_not_the_boards_shows_the_first_page_with_a_message(login_as, board):
    from recon.paging import encode_cursor

    client = login_as("supervisor")
    first = _listed(_text(client.get("/deadlines/?handler=all")))
    for cursor in ("junk", "2026-11-19_5", encode_cursor(["2026-11-19", 5]), encode_cursor([True, 5]),
                   encode_cursor([date(2026, 11, 19)])):
        html = _text(client.get("/deadlines/", query_string={"handler": "all", "cursor": cursor}))
        assert "翻页位置无效，请从第一页重新开始" in html, cursor
        assert _listed(html) == first and "回到第一页" not in html


def test_a_page_deep_in_the_board_keeps_its_filters(login_as, users, board):
    from recon.paging import encode_cursor

    client = login_as("supervisor")
    # after the handler's overdue deadline: the one due today, then nothing (no paused ones)
    after = encode_cursor([board["a_overdue"].due_on, board["a_overdue"].id])
    html = _text(client.get("/deadlines/", query_string={"handler": users["handler"].id, "cursor": after}))
    assert _listed(html) == [board["a_today"].id] and "回到第一页" in html
    # inside the paused part of 「全部在办」
    after = encode_cursor([None, board["u_paused"].id - 1])
    html = _text(client.get("/deadlines/", query_string={"respondent": "乙区公安分局", "cursor": after}))
    assert _listed(html) == [board["u_paused"].id]


def test_filters_to_enterprise_cases_and_keeps_the_filter_in_its_links(login_as, users, board):
    second_case = board["cases"][1]
    second_case.enterprise = True
    db.session.commit()
    client = login_as("supervisor")
    html = _text(client.get("/deadlines/?handler=all&enterprise=1"))
    assert _listed(html) == [board["b_week"].id, board["b_later"].id]
    assert _kpis(html) == {"已逾期": "0", "今日届满": "0", "本周到期": "1", "中止中": "0"}
    assert "只含涉企案件" in html
    assert re.search(r'<input[^>]*id="filter-enterprise"[^>]*value="1" checked>', html)
    # the windows, the breakdowns' links and the next page keep the filter
    assert 'href="/deadlines/?state=week&amp;handler=all&amp;enterprise=1"' in html
    assert re.search(r'<a href="/deadlines/\?state=active&amp;respondent=%E4%B9%99[^"]*&amp;enterprise=1">', html)
    template = {c.key: getattr(board["b_later"], c.key) for c in Deadline.__table__.columns if c.key != "id"}
    db.session.execute(insert(Deadline), [dict(template) for _ in range(60)])  # 62 rows of the 涉企 case
    db.session.commit()
    first = _text(client.get("/deadlines/?handler=all&enterprise=1"))
    link = re.search(r'href="(/deadlines/\?cursor=[^"]+)">下一页', first).group(1).replace("&amp;", "&")
    assert "enterprise=1" in link
    rest = _listed(_text(client.get(link)))
    assert len(_listed(first)) == 50 and len(rest) == 12 and board["u_overdue"].id not in rest
    # without the parameter every case is back, and the box is not ticked
    html = _text(client.get("/deadlines/?handler=all"))
    assert board["u_overdue"].id in _listed(html) and 'value="1" checked' not in html
