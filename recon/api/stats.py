"""GET /api/v1/stats (api.md "Additions (v1.1)"): the dashboard's figures for the provincial platform."""

from __future__ import annotations

from flask import jsonify, request

from recon.api.openapi import STAT_FIGURES, STAT_FIGURES_MORE
from recon.api.views import bp
from recon.auth.decorators import api_role_required
from recon.auth.roles import Role
from recon.clock import today_beijing
from recon.extensions import db
from recon.i18n import gettext
from recon.stats.definitions import current_definition
from recon.stats.figures import build_report
from recon.stats.periods import parse_period


@bp.get("/stats")
@api_role_required(Role.SUPERVISOR)
def stats():
    missing = {name: gettext("请提供 %(name)s（YYYY-MM-DD）", name=name) for name in ("from", "to")
               if not request.args.get(name)}
    if missing:
        return jsonify({"errors": missing}), 422
    today = today_beijing()
    period = parse_period({"period": "custom", "from": request.args["from"], "to": request.args["to"]}, today)
    definition = current_definition(db.session)
    report = build_report(db.session, period, definition, today)
    return jsonify({
        "from": period.start.isoformat(), "to": period.end.isoformat(),
        "definition_version": definition.version,
        "figures": {name: report.figures[name].as_api() for name in (*STAT_FIGURES, *STAT_FIGURES_MORE)},
    })
