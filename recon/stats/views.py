"""Statistics pages (ux.md V1–V4): the supervisor's dashboard, the cases behind a figure, the
exports, the annual report section; the admin's statistics definitions."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from recon import exports
from recon.auth.decorators import role_required
from recon.auth.roles import Role
from recon.cases.models import Case
from recon.clock import now_utc, today_beijing
from recon.errors import DomainError
from recon.extensions import db
from recon.fields import attach_error
from recon.i18n import gettext
from recon.paging import keyset_page
from recon.stats import annual
from recon.stats.definitions import current_definition, definition_history, save_definition
from recon.stats.figures import SET_LABELS, build_report, cases_in
from recon.stats.forms import DefinitionForm
from recon.stats.periods import Period, parse_period
from recon.stats.tables import FIGURE_ORDER, RATE_NAMES, all_tables, case_rows, figure_text

bp = Blueprint("stats", __name__, url_prefix="/stats")
STATS_ROLES = (Role.SUPERVISOR,)
PAGE_SIZE = 50
KPI = ("open_now", "due_this_week", "overdue_now", "received", "accepted", "closed", "mediated_or_settled",
       "substantive_resolution_rate")


def _period() -> tuple[Period, str | None]:
    """The period the GET parameters ask for; the current year (and the message) when they are wrong."""
    today = today_beijing()
    try:
        return parse_period(request.args, today), None
    except DomainError as exc:
        return parse_period({}, today), exc.message


def _report(period: Period):
    return build_report(db.session, period, current_definition(db.session), today_beijing())


def _charts(report, tables) -> dict[str, str]:
    """The chart data (ux.md V3), drawn by js/stats-charts.js from a JSON block in the page."""
    monthly = tables["monthly"]
    months = [row[0] for row in monthly.rows[:-1]]
    channel_series = [{"name": monthly.headers[i], "data": [row[i] for row in monthly.rows[:-1]], "stack": "received"}
                      for i in (1, 2, 3)]
    charts = {
        "monthly": {"type": "bar", "categories": months, "series": channel_series + [
            {"name": monthly.headers[5], "data": [row[5] for row in monthly.rows[:-1]], "type": "line"}]},
        "closures": {"type": "bar", "horizontal": True,
                     "categories": [row[0] for row in tables["closures"].rows[:-1]],
                     "series": [{"name": gettext("件数"), "data": [row[1] for row in tables["closures"].rows[:-1]]}]},
        "rates": {"type": "bar", "horizontal": True, "percent": True,
                  "categories": [row[0] for row in tables["rates"].rows],
                  "series": [{"name": gettext("比率"), "data": [
                      round(report.figures[n].value * 100, 2) if report.figures[n].value is not None else None
                      for n in RATE_NAMES]}]},
        **{key: {"type": "bar", "horizontal": True, "categories": [row[0] for row in tables[key].rows],
                 "series": [{"name": tables[key].headers[i], "data": [row[i] for row in tables[key].rows]}
                            for i in ((1,) if key == "point" else (1, 2))]}
           for key in ("point", "act_type")},
    }
    # "</" never appears inside the JSON block (no early end of the script element)
    return {key: Markup(json.dumps(value, ensure_ascii=False).replace("</", "<\\/")) for key, value in charts.items()}


@bp.get("/")
@role_required(*STATS_ROLES)
def dashboard():
    period, error = _period()
    report = _report(period)
    tables = all_tables(report)
    return render_template("stats/dashboard.html", report=report, period=period, period_error=error,
                           page_error=error, tables=tables, kpi=[report.figures[name] for name in KPI],
                           figure_text=figure_text, charts=_charts(report, tables), args=period.args(),
                           figure_order=FIGURE_ORDER), 200 if not error else 422


@bp.get("/cases")
@role_required(*STATS_ROLES)
def cases():
    """The cases behind a figure (its numerator, or with ``part=denominator`` its denominator)."""
    name = request.args.get("set", "")
    if name not in SET_LABELS:
        abort(404)
    period, error = _period()
    if error:
        abort(404)
    query = cases_in(db.session, name, period, current_definition(db.session), today_beijing()).order_by(None)
    cursor = request.args.get("cursor") or None
    # newest first, keyset (issue 17): a five-year set is read a page at a time and counted up to
    # recon.paging.COUNT_CAP, as on the worklist
    try:
        page = keyset_page(db.session, query, [Case.received_on, Case.id], per_page=PAGE_SIZE, cursor=cursor,
                           descending=True)
    except DomainError as exc:  # a cursor edited by hand: start again from the newest cases
        flash(exc.message, "error")
        return redirect(url_for("stats.cases", **{k: v for k, v in request.args.items() if k != "cursor"}), 303)
    headers, rows = case_rows(page.items)
    return render_template("stats/cases.html", page=page, headers=headers, rows=rows, cases=page.items,
                           title=gettext(SET_LABELS[name]), period=period, name=name, args=period.args(),
                           first_page=bool(cursor))


@bp.get("/export/<key>.<any(csv, xlsx):fmt>")
@role_required(*STATS_ROLES)
def export(key: str, fmt: str):
    period, error = _period()
    if error:
        abort(404)
    if key == "cases":
        name = request.args.get("set", "")
        if name not in SET_LABELS:
            abort(404)
        found = db.session.scalars(cases_in(db.session, name, period, current_definition(db.session),
                                            today_beijing())).all()
        headers, rows = case_rows(found)
        title = gettext("%(what)s（%(period)s）", what=gettext(SET_LABELS[name]), period=period.label)
    else:
        table = all_tables(_report(period)).get(key)
        if table is None:
            abort(404)
        title, headers, rows = table.title, table.headers, table.rows
    data = exports.to_csv(title, headers, rows) if fmt == "csv" else exports.to_xlsx(title, headers, rows)
    filename = f"recon-{key}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
    return Response(data, mimetype=exports.CSV_MIME if fmt == "csv" else exports.XLSX_MIME,
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.get("/report/<int:year>.<any(pdf, txt):fmt>")
@role_required(*STATS_ROLES)
def annual_report(year: int, fmt: str):
    """The annual report section 行政复议工作情况 for ``year`` (PDF or plain text)."""
    if not 2000 <= year <= 2100:
        abort(404)
    period = parse_period({"period": "year", "year": str(year)}, today_beijing())
    section = annual.section(_report(period))
    if fmt == "txt":
        return Response(annual.as_text(section), mimetype="text/plain; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename=recon-annual-{year}.txt"})
    return Response(annual.as_pdf(section), mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename=recon-annual-{year}.pdf"})


@bp.route("/definitions", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def definitions():
    current = current_definition(db.session)
    form = DefinitionForm(data={"correction_denominator": current.correction_denominator,
                                "substantive_basis": current.substantive_basis}
                          if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            saved = save_definition(db.session, form.correction_denominator.data, form.substantive_basis.data,
                                    form.note.data or "", current_user, now_utc())
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc, default="correction_denominator")
        else:
            db.session.commit()
            flash(gettext("已保存统计口径第 %(version)d 版，统计页面即日起按新口径计算。", version=saved.version),
                  "success")
            return redirect(url_for("stats.definitions"))
    return render_template("stats/definitions.html", form=form, current=current,
                           history=definition_history(db.session)), 422 if form.errors else 200
