"""Deadline pages: the calculator, the board, a deadline's derivation, the calendar admin page."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from recon.auth.decorators import role_required
from recon.auth.models import User
from recon.auth.roles import STAFF_ROLES, Role
from recon.clock import now_utc, today_beijing
from recon.deadlines import calendar as deadline_calendar
from recon.deadlines import calendar_edits, calendar_store, display, lifecycle
from recon.deadlines.engine import ClockError, compute_localized, explain, localized
from recon.deadlines.forms import CalculatorForm, NoticeForm, SetDayForm
from recon.deadlines.models import CalendarYear, Deadline
from recon.deadlines.rules import RULES, UnknownRule
from recon.deadlines.signals import case_labels
from recon.errors import DomainError
from recon.extensions import db
from recon.fields import attach_error
from recon.formatting import MAX_YEAR, MIN_YEAR, iso_weekday, month_text, weekday_headings
from recon.i18n import N_, gettext

bp = Blueprint("deadlines", __name__)

BOARD_ROLES = (Role.HANDLER, Role.SUPERVISOR)
BOARD_CACHE_SIZE = 256  # filters whose board numbers are kept (then all are dropped)
CASE_PAGE = "cases.show"  # url_for(CASE_PAGE, case_id=...)
UNIT_WORDS = {"working": N_("工作日"), "natural": N_("自然日"), "year": N_("年（对应日）")}
"""How each unit counts, shown with ``gettext``."""


# ---- calculator ---------------------------------------------------------------------------------

_CALC_FIELDS = {"start": "start", "pauses": "pause_from_1", "extension_days": "extension_days",
                "rule": "rule", "policy": "rule"}


@bp.route("/deadlines/calculator", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def calculator():
    form = CalculatorForm()
    result = None
    calendar = calendar_store.load_calendar(db.session)
    if form.validate_on_submit():
        try:
            result = compute_localized(form.rule.data, form.start.data, calendar,
                                       pauses=form.pause_values,
                                       extension_days=form.extension_value)
        except (UnknownRule, ClockError) as exc:
            target = _CALC_FIELDS.get(getattr(exc, "field", None) or "start", "start")
            form[target].errors.append(str(exc))
    # C3: every date box echoes its date with the weekday and whether it is a rest day.
    echoes = {f.name: iso_weekday(f.data, calendar.day_info(f.data).reason())
              for f in (form.start, *(f for pair in form.pause_fields() for f in pair)) if f.data is not None}
    status = 422 if form.errors else 200
    return render_template(
        "deadlines/calculator.html", form=form, result=result,
        lines=explain(result) if result else [], echoes=echoes,
        unit_words=UNIT_WORDS, rules=RULES,
    ), status


# ---- board and detail ---------------------------------------------------------------------------


def _board_filter() -> display.BoardFilter:
    """The board's GET parameters: ``state`` (window), ``handler`` (an id, ``none`` for the
    unassigned cases, ``all``; a handler sees their own cases unless they ask for all),
    ``respondent`` and ``enterprise=1`` (only 涉企 cases, as on the worklist). Anything unreadable
    falls back to the default."""
    state = request.args.get("state", "active")
    if state not in display.BOARD_FILTERS:
        state = "active"
    handler = request.args.get("handler", "")
    if not handler and current_user.role == Role.HANDLER:
        handler = str(current_user.id)
    respondent = (request.args.get("respondent") or "").strip()[:200] or None
    enterprise = request.args.get("enterprise") == "1"
    if handler == "none":
        return display.BoardFilter(state, unassigned=True, respondent=respondent, enterprise=enterprise)
    handler_id = int(handler) if handler.isascii() and handler.isdigit() and len(handler) < 10 else None
    return display.BoardFilter(state, handler_id=handler_id, respondent=respondent, enterprise=enterprise)


def _board_summary(flt: display.BoardFilter, today: date) -> dict:
    """The count cards and the breakdowns of the filter, kept for ``BOARD_CACHE_S`` seconds per
    process: at a province's size they aggregate tens of thousands of rows joined with their
    cases (~0.1 s), while the list itself reads only the rows it shows. The list is always
    current; the numbers are at most that old."""
    key = (flt.handler_id, flt.unassigned, flt.respondent, flt.enterprise, today)
    cache = current_app.extensions.setdefault("recon_board_summary", {})
    moment = time.monotonic()
    hit = cache.get(key)
    if hit is not None and hit[0] > moment:
        return hit[1]
    summary = {
        "counts": display.board_counts(db.session, flt, today),
        "by_handler": display.board_breakdown(db.session, flt, today, "handler"),
        "by_respondent": display.board_breakdown(db.session, flt, today, "respondent"),
    }
    if len(cache) >= BOARD_CACHE_SIZE:
        cache.clear()
    cache[key] = (moment + current_app.config["RECON_BOARD_CACHE_S"], summary)
    return summary


def _count_text(n: int) -> str:
    return f"{display.COUNT_CAP:,}+" if n > display.COUNT_CAP else f"{n:,}"


@bp.get("/deadlines/")
@role_required(*BOARD_ROLES)
def board():
    flt = _board_filter()
    today = today_beijing()
    cursor = request.args.get("cursor") or None
    try:
        page = display.board_page(db.session, flt, today, cursor)
    except DomainError as exc:  # a cursor edited by hand or from an older version: the first page
        flash(exc.message, "error")
        cursor, page = None, display.board_page(db.session, flt, today)
    summary = _board_summary(flt, today)
    calendar = calendar_store.load_calendar(db.session)
    handlers = dict(db.session.execute(
        select(User.id, User.display_name).where(User.role == Role.HANDLER)
        .order_by(User.display_name, User.id)).all())
    rows = [
        {"deadline": r.deadline, "badge": display.badge(r.deadline, calendar, today),
         "case_label": r.case_no, "handler": handlers.get(r.handler_id), "respondent": r.respondent}
        for r in page.rows
    ]
    args = {"state": flt.state, "respondent": flt.respondent,
            "handler": "none" if flt.unassigned else (flt.handler_id or "all"),
            "enterprise": "1" if flt.enterprise else None}
    return render_template(
        "deadlines/board.html", page=page, rows=rows, state=flt.state, flt=flt, args=args,
        counts={k: _count_text(v) for k, v in summary["counts"].items()},
        by_handler=summary["by_handler"], by_respondent=summary["by_respondent"],
        handlers=handlers, filters=display.BOARD_FILTERS,
        warnings=display.calendar_warnings(db.session, today), today=today,
        week_end=display.week_end(today), case_page=_case_page(), first_page=bool(cursor),
    )


def _case_page() -> str | None:
    """The case page's endpoint when the cases feature has one (deadlines never import cases)."""
    return CASE_PAGE if CASE_PAGE in current_app.view_functions else None


@bp.get("/deadlines/<int:deadline_id>")
@role_required(*BOARD_ROLES)
def detail(deadline_id: int):
    deadline = db.get_or_404(Deadline, deadline_id)
    calendar = calendar_store.load_calendar(db.session)
    result = localized(lifecycle.deadline_result(deadline), calendar)
    label = case_labels(db.session, [deadline.case_id]).get(deadline.case_id)
    return render_template(
        "deadlines/detail.html", deadline=deadline, result=result, lines=explain(result),
        badge=display.badge(deadline, calendar, today_beijing()),
        case_label=label or gettext("案件 %(id)s", id=deadline.case_id), unit_words=UNIT_WORDS,
        case_page=_case_page(),
    )


# ---- the calendar (admin) -----------------------------------------------------------------------

STALE_MESSAGE = N_("保存时有期限正被他人修改，本次修改没有保存，请再提交一次")


def _year_from(text: str | None) -> tuple[int, str | None]:
    today = today_beijing()
    if text is None or not text.strip():
        return today.year, None
    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) == 4 \
            and MIN_YEAR <= int(cleaned) <= MAX_YEAR:
        return int(cleaned), None
    return today.year, gettext("年份“%(text)s”无法识别，请填写 %(min)d 到 %(max)d 之间的 4 位数字；"
                               "下面显示的是今年的日历", text=cleaned[:20], min=MIN_YEAR, max=MAX_YEAR)


def _prefill_notice(form: NoticeForm, year: int) -> None:
    rest, makeup = calendar_edits.year_notice_lines(db.session, year)
    form.year.data = str(year)
    form.rest_periods.data = rest
    form.makeup_days.data = makeup
    row = db.session.get(CalendarYear, year)
    form.notice_title.data = row.notice_title if row and row.notice_title else (
        f"国务院办公厅关于{year}年部分节假日安排的通知")


def _render_calendar(year: int, day_form: SetDayForm, notice_form: NoticeForm,
                     page_errors: list[tuple[str | None, str]] | None = None, status: int = 200,
                     preview=None):
    calendar = calendar_store.load_calendar(db.session)
    months = [(month_text(year, m), display.month_grid(db.session, calendar, year, m))
              for m in range(1, 13)]
    errors = list(page_errors or [])
    for form in (day_form, notice_form):
        for fld in form:
            if fld.errors:
                errors.append((fld.id, fld.errors[0]))
    return render_template(
        "deadlines/calendar_admin.html", year=year, months=months,
        year_row=db.session.get(CalendarYear, year), covered=year in calendar.covered_years,
        day_form=day_form, notice_form=notice_form, errors=errors, page_error=bool(errors),
        warnings=display.calendar_warnings(db.session, today_beijing()),
        fallback_rule=gettext(deadline_calendar.FALLBACK_RULE_ZH), weekdays=weekday_headings(),
        preview=preview,
    ), (422 if errors and status == 200 else status)


def _commit_calendar_change(form, change: Callable[[], lifecycle.CalendarEdit], refused_at: str,
                            stale_at: str) -> lifecycle.CalendarEdit | None:
    """Run ``change`` (one calendar service call) and commit it. When the service refuses, or a
    deadline it recomputes was changed by someone else meanwhile, roll back, drop the cached
    calendar and show why on ``form`` (at the refusal's own field, else ``refused_at``; a
    concurrent change at ``stale_at``); None then."""
    try:
        edit = change()
    except DomainError as exc:
        refusal = exc
    except StaleDataError:
        refusal = DomainError(gettext(STALE_MESSAGE), field=stale_at)
    else:
        db.session.commit()
        return edit
    db.session.rollback()
    calendar_store.invalidate_calendar_cache()
    attach_error(form, refusal, default=refused_at)
    return None


@bp.get("/admin/calendar")
@role_required(Role.ADMIN)
def calendar_admin():
    year, problem = _year_from(request.args.get("year"))
    day_form = SetDayForm(prefix="day", formdata=None)
    notice_form = NoticeForm(prefix="notice", formdata=None)
    _prefill_notice(notice_form, year)
    return _render_calendar(year, day_form, notice_form,
                            [(None, problem)] if problem else None)


def _day_set_message(day: str, is_workday: bool, name: str) -> str:
    """「已将 2027-01-04（星期一） 设为休息日（元旦）」 in the reader's language."""
    if is_workday:
        if name:
            return gettext("已将 %(day)s 设为工作日（%(name)s）", day=day, name=name)
        return gettext("已将 %(day)s 设为工作日", day=day)
    if name:
        return gettext("已将 %(day)s 设为休息日（%(name)s）", day=day, name=name)
    return gettext("已将 %(day)s 设为休息日", day=day)


@bp.post("/admin/calendar/day")
@role_required(Role.ADMIN)
def calendar_set_day():
    day_form = SetDayForm(prefix="day")
    year, _problem = _year_from(request.args.get("year"))
    if day_form.validate_on_submit():
        day: date = day_form.day.data
        if day_form.kind.data == "clear":
            change = partial(calendar_edits.clear_day, db.session, day, current_user, now_utc())
            done = gettext("已恢复 %(day)s 的默认设置", day=iso_weekday(day))
        else:
            is_workday = day_form.kind.data == "work"
            change = partial(calendar_edits.set_day, db.session, day, is_workday, day_form.name.data,
                             day_form.note.data, current_user, now_utc())
            name = (day_form.name.data or "").strip()
            done = _day_set_message(iso_weekday(day), is_workday, name)
        edit = _commit_calendar_change(day_form, change, refused_at="day", stale_at="day")
        if edit is not None:
            flash(gettext("%(done)s。%(summary)s。", done=done, summary=edit.summary()), "success")
            return redirect(url_for(".calendar_admin", year=day.year))
        year = day.year
    elif day_form.day.data is not None:
        year = day_form.day.data.year
    notice_form = NoticeForm(prefix="notice", formdata=None)
    _prefill_notice(notice_form, year)
    return _render_calendar(year, day_form, notice_form, status=422)


@bp.post("/admin/calendar/notice")
@role_required(Role.ADMIN)
def calendar_notice():
    notice_form = NoticeForm(prefix="notice")
    year, _problem = _year_from(request.args.get("year"))
    valid = notice_form.validate_on_submit()
    if valid and not notice_form.confirmed(request.form.get("confirm")):
        # Show the days read from the text; saving needs 「确认保存」 under this very text.
        notice_form.previewed.data = notice_form.fingerprint()
        day_form = SetDayForm(prefix="day", formdata=None)
        return _render_calendar(notice_form.year_value, day_form, notice_form,
                                preview=notice_form.days)
    if valid:
        year = notice_form.year_value
        change = partial(calendar_edits.enter_year_notice, db.session, year, notice_form.periods,
                         notice_form.makeup, notice_form.notice_title.data, current_user,
                         now_utc())
        edit = _commit_calendar_change(notice_form, change, refused_at="rest_periods",
                                       stale_at="year")
        if edit is not None:
            flash(gettext("已录入 %(year)d 年放假安排，%(year)d 年的期限不再是暂定。%(summary)s。",
                          year=year, summary=edit.summary()), "success")
            return redirect(url_for(".calendar_admin", year=year))
    elif notice_form.year_value is not None and MIN_YEAR <= notice_form.year_value \
            <= MAX_YEAR:
        year = notice_form.year_value
    day_form = SetDayForm(prefix="day", formdata=None)
    return _render_calendar(year, day_form, notice_form, status=422)
