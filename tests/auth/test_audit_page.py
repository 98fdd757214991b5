"""Issue 11: the audit page shows Chinese action names (not codes) and case numbers (not object
ids), and filters by case, actor, action and date range (GET parameters)."""

from __future__ import annotations

import ast
import pathlib
import re
from datetime import timedelta

from recon.audit.actions import AuditAction
from recon.audit.services import record
from recon.extensions import db
from tests.conftest import FIXED_NOW, PASSWORD
from tests.intake.factories import VALID_ID, file_online

ROOT = pathlib.Path(__file__).resolve().parents[2] / "recon"


def _rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"<[^>]+>", "|", row) for row in body.split("<tr>")[1:]]


def test_actions_read_in_chinese_and_cases_by_number(app, users, login_as):
    case = file_online(app, users["applicant"])
    page = login_as("supervisor").get("/audit/").get_data(as_text=True)
    table = page.split("<table", 1)[1]
    assert "登记申请" in table and "登录" in table
    assert "case.register" not in table and "user.login" not in table and "<code>" not in table
    registered = [row for row in _rows(page) if "登记申请" in row]
    assert registered and case.case_no in registered[0]
    assert f"case {case.id}" not in page and f"user {users['supervisor'].id}" not in page


def test_filter_by_case_actor_action_and_dates(app, users, login_as):
    first = file_online(app, users["applicant"])
    second = file_online(app, users["applicant"], act__doc_no="另一文号")
    record(db.session, users["clerk"], "case.supplement", first, case_id=first.id, summary="补充材料一份",
           at=FIXED_NOW - timedelta(days=3))
    db.session.commit()
    client = login_as("supervisor")

    page = client.get("/audit/", query_string={"case": first.case_no}).get_data(as_text=True)
    rows = _rows(page)
    assert rows and all(first.case_no in row for row in rows)
    assert second.case_no not in page.split("<tbody>", 1)[1]

    rows = _rows(client.get("/audit/", query_string={"actor": "clerk"}).get_data(as_text=True))
    assert any("补充材料一份" in row for row in rows) and all("|clerk|" in row for row in rows)
    assert not any("登记申请" in row for row in rows)  # the applicant's filings

    rows = _rows(client.get("/audit/", query_string={"action": "case.register"}).get_data(as_text=True))
    assert len(rows) == 2 and all("登记申请" in row for row in rows)

    day = (FIXED_NOW - timedelta(days=3)).date().isoformat()
    rows = _rows(client.get("/audit/", query_string={"date_from": day, "date_to": day}).get_data(as_text=True))
    assert len(rows) == 1 and "补充材料一份" in rows[0]
    rows = _rows(client.get("/audit/", query_string={"date_to": "2020-01-01"}).get_data(as_text=True))
    assert len(rows) == 1 and "没有符合条件的记录。" in rows[0]


def test_bad_filters_are_explained(users, login_as):
    client = login_as("supervisor")
    response = client.get("/audit/", query_string={"date_from": "2026-13-01"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<title>错误：操作记录" in page and "月份" in page
    response = client.get("/audit/", query_string={"date_from": "2026-11-27", "date_to": "2026-11-01"})
    assert response.status_code == 422 and "截止日期不能早于起始日期" in response.get_data(as_text=True)
    response = client.get("/audit/", query_string={"action": "drop.table"})
    assert response.status_code == 422 and "请从列出的选项中选择一项" in response.get_data(as_text=True)


def test_the_filters_survive_paging(app, users, login_as):
    for _ in range(51):
        record(db.session, users["clerk"], "user.login", users["clerk"], summary="登录")
    db.session.commit()
    page = login_as("supervisor").get("/audit/", query_string={"actor": "clerk"}).get_data(as_text=True)
    assert "actor=clerk" in page and "cursor=" in page  # 「下一页」 keeps the filter (keyset paging)


def test_phone_and_id_user_names_are_masked(app, users, login_as):
    """ux.md S13: an applicant's user name is their mobile (or ID) number; the log shows it masked,
    as the actor and inside a summary (「创建账号 …」), to the supervisor and to the admin."""
    from recon.auth.services import create_user, set_active

    phone = create_user(db.session, None, "13712345678", "applicant", PASSWORD)
    create_user(db.session, None, VALID_ID, "applicant", PASSWORD)
    db.session.flush()
    set_active(db.session, users["admin"], phone, False, FIXED_NOW)
    db.session.commit()
    for role in ("supervisor", "admin"):
        page = login_as(role).get("/audit/").get_data(as_text=True)
        rows = _rows(page)
        assert "13712345678" not in page and VALID_ID not in page
        assert any("|137****5678|" in row and "创建账号 137****5678" in row for row in rows)
        assert any("|1101**********002X|" in row and "创建账号 1101**********002X" in row for row in rows)
        assert any("停用账号 137****5678" in row for row in rows)


def _recorded_actions() -> set[str]:
    """Every action code written in recon/ (the literal third argument of record(), or the
    `action` passed on by a helper such as deadlines' _audit)."""
    codes = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "record", "_audit"):
                for arg in node.args[2:3]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        codes.add(arg.value)
    return codes


def test_every_recorded_action_has_a_chinese_name():
    codes = _recorded_actions()
    assert {"case.register", "user.login", "deadline.open", "calendar.set_day"} <= codes
    missing = codes - {a.value for a in AuditAction}
    assert not missing, f"add these to recon/audit/actions.py: {sorted(missing)}"
