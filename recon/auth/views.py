"""Login, logout, applicant registration, staff account administration, API tokens."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from recon.auth import services
from recon.auth.decorators import role_required
from recon.auth.forms import CreateUserForm, LoginForm, RegisterForm
from recon.auth.models import User
from recon.auth.roles import Role
from recon.clock import now_utc
from recon.errors import DomainError
from recon.extensions import csrf, db, limiter, login_limit
from recon.fields import attach_error, json_shape
from recon.i18n import gettext
from recon.urls import safe_next

bp = Blueprint("auth", __name__)


def _policy() -> services.LoginPolicy:
    return services.LoginPolicy(current_app.config["LOGIN_MAX_FAILURES"],
                                current_app.config["LOGIN_LOCKOUT_MINUTES"])



@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:  # e.g. 「重新登录」 from a tab that wrongly thought it expired
        return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(db.session, form.username.data, form.password.data,
                                         now_utc(), _policy())
        except DomainError as exc:
            db.session.commit()  # keep the failure count and any lockout
            attach_error(form, exc, default="password")
        else:
            db.session.commit()
            login_user(user)
            flash(gettext("%(name)s，您好，已登录。", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    status = 200 if not form.errors else 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        from recon.audit.services import record

        record(db.session, current_user, "user.logout", current_user, summary="退出登录")
        db.session.commit()
    logout_user()
    flash(gettext("您已安全退出。"), "success")
    return redirect(url_for("auth.login"))


@bp.post("/session/keepalive")
def keepalive():
    """「继续办理」 on the idle warning (ux.md S8): any request of a logged-in page moves the idle
    limit forward (recon/auth/idle.py), so this one only answers. CSRF-protected like every POST;
    without a login it is 401 (answered by idle.check_idle before the CSRF check)."""
    if not current_user.is_authenticated:
        return "", 401
    return "", 204


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_applicant(db.session, form.contact.data, form.password.data,
                                               form.display_name.data)
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc, default="contact")
        else:
            db.session.commit()
            login_user(user)
            flash(gettext("注册成功，已为您登录。"), "success")
            return redirect(url_for("home.index"))
    status = 200 if not form.errors else 422
    return render_template("auth/register.html", form=form), status


@bp.route("/admin/users", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def users():
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(db.session, current_user, form.username.data, form.role.data,
                                        form.password.data, form.display_name.data)
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc, default="username")
        else:
            db.session.commit()
            flash(gettext("已创建账号 %(username)s（%(role)s）。", username=user.username,
                          role=gettext(user.role_label)), "success")
            return redirect(url_for("auth.users"))
    rows = db.session.scalars(select(User).where(User.role != Role.APPLICANT).order_by(User.id)).all()
    status = 200 if not form.errors else 422
    return render_template("auth/users.html", form=form, users=rows), status


@bp.post("/api/v1/auth/token")
@csrf.exempt
@limiter.limit(login_limit)
def api_token():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify({"errors": {"_": gettext("请求体必须是 JSON 对象，包含 username 和 password")}}), 400
    body, shape_errors = json_shape(LoginForm, body)  # text only: no lists, NUL or lone surrogates
    if shape_errors:
        return jsonify({"errors": shape_errors}), 422
    errors = {k: gettext("请填写 %(name)s", name=k) for k in ("username", "password")
              if not str(body.get(k) or "").strip()}
    if errors:
        return jsonify({"errors": errors}), 422
    try:
        user = services.authenticate(db.session, str(body["username"]), str(body["password"]),
                                     now_utc(), _policy())
    except DomainError as exc:
        db.session.commit()
        return jsonify({"errors": {exc.field or "password": exc.message}}), 401
    token, row = services.issue_token(db.session, user, now_utc(), current_app.config["API_TOKEN_HOURS"])
    db.session.commit()
    return jsonify({"token": token, "expires_at": row.expires_at.isoformat(), "role": user.role})
