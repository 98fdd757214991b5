"""`flask recon clock ...` and `flask recon calendar import` (api.md "Command line").

Registered on the ``recon`` group by ``recon/cli.py``.
"""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup, with_appcontext


def _parse_date(text: str, what: str):
    from recon.formatting import DateInputError, parse_loose_date

    try:
        return parse_loose_date(text)
    except DateInputError as exc:
        raise click.ClickException(f"{what}“{text}”无法识别：{exc}") from None


def _parse_suspend(value: str):
    """``FROM:TO`` (``FROM:`` while the suspension lasts)."""
    start_text, sep, end_text = value.partition(":")
    if not sep or not start_text.strip():
        raise click.ClickException(
            f"中止期间“{value}”格式不对：应为 中止日期:恢复日期，例如 2024-03-21:2024-05-06；"
            "尚未恢复的写成 2024-03-21:"
        )
    start = _parse_date(start_text.strip(), "中止日期")
    end = _parse_date(end_text.strip(), "恢复日期") if end_text.strip() else None
    return start, end


def _parse_days(text: str) -> int:
    from recon.formatting import normalize_digits

    cleaned = normalize_digits(text).strip()
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise click.ClickException(f"延长天数“{text}”必须是整数，例如 --extend-days 30")
    return int(cleaned)


def clock_calendar():
    """The database calendar when the app has one with rows, else the installed package data."""
    from sqlalchemy.exc import SQLAlchemyError

    from recon.deadlines.calendar import Calendar
    from recon.deadlines.models import CalendarDay
    from recon.extensions import db

    try:
        if db.session.query(CalendarDay.day).limit(1).first() is not None:
            from recon.deadlines.calendar_store import load_calendar

            return load_calendar(db.session)
    except SQLAlchemyError:
        db.session.rollback()
    return Calendar.from_chinese_calendar()


@click.command("clock")
@click.argument("rule")
@click.argument("start")
@click.option("--suspend", "suspends", multiple=True, metavar="FROM:TO",
              help="中止期间（可重复），如 2024-03-21:2024-05-06；尚未恢复写 2024-03-21:")
@click.option("--extend-days", default="0", show_default=True, metavar="N",
              help="经批准延长的天数（仅行政复议决定期限，最多 30 日）")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象")
@with_appcontext
def clock_cmd(rule, start, suspends, extend_days, as_json):
    """期限计算器：RULE 为规则编号（如 acceptance_review），START 为起算日。"""
    from recon.deadlines.engine import ClockError, compute, explain_zh
    from recon.deadlines.rules import UnknownRule

    start_on = _parse_date(start, "起算日")
    extension = _parse_days(extend_days)
    pauses = [_parse_suspend(v) for v in suspends]
    calendar = clock_calendar()
    try:
        result = compute(rule, start_on, calendar, pauses=pauses, extension_days=extension)
    except (UnknownRule, ClockError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    for line in explain_zh(result):
        click.echo(line)


calendar_cli = AppGroup("calendar", help="工作日历")


@calendar_cli.command("import")
def calendar_import_cmd():
    """从 chinesecalendar 导入工作日历（可重复执行；不覆盖人工录入的年份和日期）。"""
    from recon.clock import now_utc
    from recon.deadlines.calendar_edits import seed_calendar
    from recon.extensions import db

    result = seed_calendar(db.session, None, now_utc())
    db.session.commit()
    click.echo(result.summary_zh() if result.changed else "工作日历已是最新，没有需要导入的数据。")
