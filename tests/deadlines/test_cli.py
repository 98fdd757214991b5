"""`flask recon clock` (api.md "Command line": the JSON contract) and `flask recon calendar import`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from recon.audit.models import AuditEntry
from recon.deadlines import calendar_edits
from recon.deadlines.models import CalendarDay
from recon.extensions import db
from tests.deadlines.helpers import FIXED_NOW, NOTICE_2027_MAKEUP, NOTICE_2027_REST

CONTRACT_KEYS = {"rule", "start", "due", "unit", "days", "article", "provisional", "trail"}


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def clock_json(runner, *args):
    result = runner.invoke(args=["recon", "clock", *args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= CONTRACT_KEYS
    return data


@pytest.mark.parametrize(
    "args,due,unit,days",
    [
        # domain.md §12 X1: received Fri 2024-09-27, 5 working days, 调休 Sunday 09-29 counts
        (["acceptance_review", "2024-09-27"], "2024-10-10", "working", 5),
        # X2: 补正 notice received Mon 2025-01-20 → Sat 2025-02-08 (调休 workday)
        (["correction_reply", "2025-01-20"], "2025-02-08", "working", 10),
        # X3: accepted Fri 2024-08-02, 60 days → raw 10-01 (holiday) → Tue 2024-10-08
        (["decision", "2024-08-02"], "2024-10-08", "natural", 60),
        # X4: suspended 03-21, resumed 05-06 → Mon 2024-06-17
        (["decision", "2024-03-01", "--suspend", "2024-03-21:2024-05-06"], "2024-06-17", "natural",
         60),
    ],
)
def test_clock_json_worked_examples(runner, args, due, unit, days):
    data = clock_json(runner, *args)
    assert (data["due"], data["unit"], data["days"], data["provisional"]) == (due, unit, days, False)
    assert data["rule"] == args[0] and data["start"] == args[1]
    assert "《行政复议法》" in data["article"]
    assert data["trail"][0]["kind"] == "start" and data["trail"][-1]["kind"] == "due"
    assert data["trail"][-1]["on"] == due


def test_clock_x1_trail_names_the_skipped_days(runner):
    trail = clock_json(runner, "acceptance_review", "2024-09-27")["trail"]
    counted = [step["on"] for step in trail if step["kind"] == "count"]
    assert counted == ["2024-09-29", "2024-09-30", "2024-10-08", "2024-10-09", "2024-10-10"]
    assert any(step["kind"] == "skip" and "国庆节" in step["note"] for step in trail)


def test_clock_x6_a_year_without_data_is_provisional_not_an_error(runner):
    """X6: chinesecalendar raises NotImplementedError for 2027; recon falls back and says so."""
    data = clock_json(runner, "acceptance_review", "2027-03-01")
    assert data["provisional"] is True and data["due"] == "2027-03-08"
    assert any(step["kind"] == "provisional" for step in data["trail"])
    # New Year's Day 2027 (a Friday) is a fallback holiday: Thu 12-31 + 5 WD skips 01-01
    data = clock_json(runner, "acceptance_review", "2026-12-31")
    assert data["due"] == "2027-01-08" and data["provisional"] is True


def test_clock_uses_the_database_calendar(runner, users):
    calendar_edits.enter_year_notice(db.session, 2027, NOTICE_2027_REST, NOTICE_2027_MAKEUP, None,
                               users["admin"], FIXED_NOW)
    db.session.commit()
    data = clock_json(runner, "acceptance_review", "2026-12-31")
    # 2027 is now covered: 01-01..01-03 rest, Sat 01-09 worked
    assert data["provisional"] is False and data["due"] == "2027-01-08"
    data = clock_json(runner, "acceptance_review", "2027-01-04")
    assert data["due"] == "2027-01-09"  # the 调休 Saturday is the 5th working day


def test_clock_extension_and_open_suspension(runner):
    data = clock_json(runner, "decision", "2024-08-02", "--extend-days", "30")
    assert data["due"] == "2024-10-31" and data["extension_days"] == 30
    data = clock_json(runner, "decision", "2024-03-01", "--suspend", "2024-03-21:")
    assert data["due"] is None and data["paused"] is True and data["remaining_days"] == 40


def test_clock_plain_output_is_the_chinese_derivation(runner):
    result = runner.invoke(args=["recon", "clock", "acceptance_review", "2024-09-27"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "受理审查期限：5个工作日（《行政复议法》第三十条）"
    assert "届满日：2024-10-10 星期四（第5个工作日）" in lines
    assert lines[-1].startswith("期限届满的后果：")


@pytest.mark.parametrize(
    "args,message",
    [
        (["no_such_rule", "2024-09-27"], "未知的期限规则"),
        (["acceptance_review", "2024-13-01"], "月份必须在 1 到 12 之间"),
        (["acceptance_review", "明天"], "起算日"),
        (["decision", "2024-03-01", "--suspend", "2024-03-21"], "中止期间"),
        (["decision", "2024-03-01", "--suspend", "2024-05-06:2024-03-21"], "早于中止日期"),
        (["acceptance_review", "2024-09-27", "--extend-days", "10"], "依法不能延长"),
        (["decision", "2024-09-27", "--extend-days", "abc"], "延长天数"),
        (["decision", "2024-09-27", "--extend-days", "31"], "最多延长30日"),
    ],
)
def test_clock_errors_are_chinese_and_non_zero(runner, args, message):
    result = runner.invoke(args=["recon", "clock", *args, "--json"])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_clock_without_calendar_tables_falls_back_to_the_package(tmp_path):
    from recon import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    result = app.test_cli_runner().invoke(
        args=["recon", "clock", "acceptance_review", "2024-09-27", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["due"] == "2024-10-10"
    with app.app_context():
        db.engine.dispose()


def test_calendar_import_is_idempotent(runner):
    result = runner.invoke(args=["recon", "calendar", "import"])
    assert result.exit_code == 0 and "已是最新" in result.output
    count = db.session.scalar(select(func.count()).select_from(CalendarDay))
    db.session.delete(db.session.get(CalendarDay, date(2024, 10, 1)))
    db.session.commit()
    result = runner.invoke(args=["recon", "calendar", "import"])
    assert result.exit_code == 0 and "新增 1 天" in result.output, result.output
    assert db.session.scalar(select(func.count()).select_from(CalendarDay)) == count
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.action == "calendar.import")) == "calendar.import"
