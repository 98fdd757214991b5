"""Acting on a case: ``POST /api/v1/cases/{case_no}/actions/{action}`` (api.md "Acting").

The same forms and the same status machine as the case pages: the body is checked by the
action's form, then ``workflow.perform`` decides. Answers the case body (plus ``warnings``), or
``{"errors": {...}}``: 404 for a case the caller may not see or an unknown action, 403 for a role
that may not act, 409 for a transition the status does not allow (``errors.status`` names it) or
a stale ``version`` (``errors.version``), 422 for bad input.
"""

from __future__ import annotations

from flask import current_app, jsonify, request
from sqlalchemy import select

from recon.api.views import bp
from recon.auth.decorators import api_role_required, api_user
from recon.auth.roles import CASE_ROLES, Role
from recon.cases import workflow
from recon.cases.forms import ACTION_FORMS
from recon.cases.models import Case
from recon.cases.permissions import hidden_from
from recon.cases.serializers import case_body
from recon.clock import now_utc
from recon.documents.services import settings_from_config
from recon.errors import DomainError
from recon.extensions import db
from recon.fields import json_shape
from recon.i18n import gettext


@bp.post("/cases/<case_no>/actions/<action>")
@api_role_required(Role.APPLICANT, *CASE_ROLES)
def case_action(case_no: str, action: str):
    user = api_user()
    case = db.session.scalar(select(Case).where(Case.case_no == case_no))
    if hidden_from(case, user):
        return jsonify({"errors": {"_": gettext("未找到该案件")}}), 404
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        return jsonify({"errors": {"action": gettext("没有名为 %(action)s 的操作", action=action)}}), 404
    payload = request.get_json(silent=True) if request.get_data() else {}
    if not isinstance(payload, dict):
        return jsonify({"errors": {"_": gettext("请求体必须是 JSON 对象（application/json）")}}), 400
    payload, shape_errors = json_shape(form_class, payload)
    if shape_errors:
        return jsonify({"errors": shape_errors}), 422
    form = form_class(data=payload)
    if not form.validate():
        return jsonify({"errors": form.flat_errors()}), 422
    try:
        outcome = workflow.perform(db.session, case, action, form.action_data(), user, now_utc(),
                                   version=form.version.data,
                                   documents=settings_from_config(current_app.config))
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return jsonify({"errors": exc.as_errors()}), exc.status
    body = case_body(case, for_applicant=user.role == Role.APPLICANT)
    body["warnings"] = outcome.warnings
    return jsonify(body)
