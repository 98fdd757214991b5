"""Login, logout, applicant registration, one's own password, staff account administration, API
tokens."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from recon.auth import services
from recon.auth.decorators import api_role_required, api_token_row, role_required
from recon.auth.forms import (
    ChangePasswordForm,
    CreateUserForm,
    FormerUnitForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    RoleForm,
)
from recon.auth.models import ApiToken, User
from recon.auth.roles import STAFF_ROLES, Role
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


def _start_session(user: User) -> None:
    """A new login starts from an empty session: nothing of an earlier login on this browser (a
    「显示完整号码」 grant, say) carries over."""
    session.clear()
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:  # e.g. 「重新登录」 from a tab that wrongly thought it expired
        return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        db.session.commit()  # the attempt's count is the transaction's first write (see services)
        try:
            user = services.authenticate(db.session, form.username.data, form.password.data,
                                         now_utc(), _policy())
        except DomainError as exc:
            db.session.commit()  # keep the failure count and any lockout
            attach_error(form, exc, default="password")
        else:
            db.session.commit()
            _start_session(user)
            flash(gettext("%(name)s，您好，已登录。", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    status = 200 if not form.errors else 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """「退出登录」 ends every login of the account on the server (copies of the cookie included)
    and revokes its API tokens."""
    if current_user.is_authenticated:
        services.logout(db.session, current_user._get_current_object(), now_utc())
        db.session.commit()
    logout_user()
    session.clear()
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
            _start_session(user)
            flash(gettext("注册成功，已为您登录。"), "success")
            return redirect(url_for("home.index"))
    status = 200 if not form.errors else 422
    return render_template("auth/register.html", form=form), status


@bp.route("/account/password", methods=["GET", "POST"])
@role_required()
@limiter.limit(login_limit, methods=["POST"])
def change_password():
    """Everyone changes their own password here. Every other login and every API token of the
    account ends; this browser stays logged in."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_own_password(db.session, user, form.current_password.data,
                                         form.new_password.data, now_utc())
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc, default="new_password")
        else:
            db.session.commit()
            _start_session(user)
            flash(gettext("密码已修改。其他设备上的登录和接口令牌已失效。"), "success")
            return redirect(url_for("home.index"))
    status = 200 if not form.errors else 422
    return render_template("auth/password.html", form=form), status


# ---- the admin's account pages --------------------------------------------------------------------


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
    query = (request.args.get("q") or "").strip()
    found = services.find_user(db.session, query) if query else None
    rows = db.session.scalars(select(User).where(User.role != Role.APPLICANT).order_by(User.id)).all()
    now = now_utc()
    locks = {u.id: services.locked_until(db.session, u, now) for u in rows}
    status = 200 if not form.errors else 422
    return render_template("auth/users.html", form=form, users=rows, locks=locks, query=query,
                           found=found), status


def _account_page(user: User, role_form=None, password_form=None, unit_form=None, status: int = 200):
    now = now_utc()
    role_form = role_form or RoleForm(formdata=None)
    password_form = password_form or ResetPasswordForm(formdata=None)
    unit_form = unit_form or FormerUnitForm(formdata=None, former_unit=user.former_unit)
    errors = {**role_form.errors, **password_form.errors, **unit_form.errors}
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return render_template(
        "auth/account.html", account=user, role_form=role_form, password_form=password_form, unit_form=unit_form,
        tokens=tokens, now=now, locked_until=services.locked_until(db.session, user, now),
        staff=user.role in STAFF_ROLES, is_self=user.id == current_user.id, page_error=bool(errors),
    ), status


@bp.get("/admin/users/<int:user_id>")
@role_required(Role.ADMIN)
def account(user_id: int):
    return _account_page(db.get_or_404(User, user_id))


def _act(user: User, change, done: str, form=None, form_name: str | None = None, field: str | None = None):
    """Run one account change (a service call), commit, and come back to the account page."""
    try:
        change()
    except DomainError as exc:
        db.session.rollback()
        if form is None:
            flash(exc.message, "error")
            return redirect(url_for("auth.account", user_id=user.id), 303)
        attach_error(form, exc, default=field)
        return _account_page(user, status=422, **{form_name: form})
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("auth.account", user_id=user.id), 303)


def _form_act(user_id: int, form_class, form_name: str, field: str, change, done: str):
    """An account change made with one of the page's forms: ``change(user, form)`` once the form
    is valid, else the page again with the form's errors."""
    user = db.get_or_404(User, user_id)
    form = form_class()
    if not form.validate_on_submit():
        return _account_page(user, status=422, **{form_name: form})
    return _act(user, lambda: change(user, form), done, form, form_name, field)


@bp.post("/admin/users/<int:user_id>/role")
@role_required(Role.ADMIN)
def account_role(user_id: int):
    return _form_act(user_id, RoleForm, "role_form", "role",
                     lambda user, form: services.change_role(db.session, current_user, user, form.role.data,
                                                             now_utc()),
                     gettext("角色已修改，该账号需要重新登录。"))


@bp.post("/admin/users/<int:user_id>/password")
@role_required(Role.ADMIN)
def account_password(user_id: int):
    return _form_act(user_id, ResetPasswordForm, "password_form", "password",
                     lambda user, form: services.reset_password(db.session, current_user, user,
                                                                form.password.data, now_utc()),
                     gettext("密码已重置，请当面告知本人并提醒尽快修改。"))


@bp.post("/admin/users/<int:user_id>/former-unit")
@role_required(Role.ADMIN)
def account_former_unit(user_id: int):
    return _form_act(user_id, FormerUnitForm, "unit_form", "former_unit",
                     lambda user, form: services.set_former_unit(db.session, current_user, user,
                                                                 form.former_unit.data, now_utc()),
                     gettext("原工作单位已保存。"))


@bp.post("/admin/users/<int:user_id>/disable")
@role_required(Role.ADMIN)
def account_disable(user_id: int):
    user = db.get_or_404(User, user_id)
    return _act(user, lambda: services.set_active(db.session, current_user, user, False, now_utc()),
                gettext("账号已停用，其登录和接口令牌已失效。"))


@bp.post("/admin/users/<int:user_id>/enable")
@role_required(Role.ADMIN)
def account_enable(user_id: int):
    user = db.get_or_404(User, user_id)
    return _act(user, lambda: services.set_active(db.session, current_user, user, True, now_utc()),
                gettext("账号已启用。"))


@bp.post("/admin/users/<int:user_id>/unlock")
@role_required(Role.ADMIN)
def account_unlock(user_id: int):
    user = db.get_or_404(User, user_id)
    return _act(user, lambda: services.unlock(db.session, current_user, user, now_utc()),
                gettext("已解除登录锁定。"))


@bp.post("/admin/users/<int:user_id>/tokens/<int:token_id>/revoke")
@role_required(Role.ADMIN)
def account_token_revoke(user_id: int, token_id: int):
    user = db.get_or_404(User, user_id)
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        abort(404)
    return _act(user, lambda: services.revoke_token(db.session, current_user, row, now_utc()),
                gettext("接口令牌已撤销。"))


# ---- API tokens (api.md "Conventions") ------------------------------------------------------------


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
    db.session.commit()  # the attempt's count is the transaction's first write (see services)
    try:
        user = services.authenticate(db.session, str(body["username"]), str(body["password"]),
                                     now_utc(), _policy())
    except DomainError as exc:
        db.session.commit()
        return jsonify({"errors": {exc.field or "password": exc.message}}), 401
    token, row = services.issue_token(db.session, user, now_utc(), current_app.config["API_TOKEN_HOURS"],
                                      current_app.config["API_TOKEN_MAX_LIVE"])
    db.session.commit()
    return jsonify({"token": token, "id": row.id, "expires_at": row.expires_at.isoformat(), "role": user.role})


def _token_body(row: ApiToken, current: ApiToken) -> dict:
    return {"id": row.id, "created_at": row.created_at.isoformat(), "expires_at": row.expires_at.isoformat(),
            "current": row.id == current.id}


@bp.get("/api/v1/auth/tokens")
@csrf.exempt
@api_role_required()
def api_tokens():
    """The caller's live tokens (never their secrets), oldest first."""
    current = api_token_row()
    rows = services.live_tokens(db.session, current.user, now_utc())
    return jsonify({"tokens": [_token_body(row, current) for row in rows],
                    "max_live": current_app.config["API_TOKEN_MAX_LIVE"]})


@bp.delete("/api/v1/auth/token")
@csrf.exempt
@api_role_required()
def api_token_revoke():
    """Log out of the API: the token of this request stops working."""
    row = api_token_row()
    services.revoke_token(db.session, row.user, row, now_utc())
    db.session.commit()
    return "", 204


@bp.delete("/api/v1/auth/tokens/<int:token_id>")
@csrf.exempt
@api_role_required()
def api_token_revoke_one(token_id: int):
    """Revoke another live token of the caller's own account (a lost device, say)."""
    current = api_token_row()
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current.user_id or not row.live(now_utc()):
        return jsonify({"errors": {"_": gettext("未找到该令牌")}}), 404
    services.revoke_token(db.session, current.user, row, now_utc())
    db.session.commit()
    return "", 204
