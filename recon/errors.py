"""Domain errors carry a message for people; views and the API turn them into pages and JSON."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from recon.i18n import N_, gettext, is_lazy


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is shown to people, in the reader's
    language (raise it with ``gettext(...)``)."""

    status = 422

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_errors(self) -> dict[str, str]:
        return {self.field or "_": self.message}


class ValidationFailed(DomainError):
    """Several field errors at once (from a WTForms form)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(gettext("；").join(errors.values()))
        self.errors = errors

    def as_errors(self) -> dict[str, str]:
        return dict(self.errors)


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """A stale version or a transition the current status does not allow."""

    status = 409


# The title and text of each error page (and the text of an API error), translated when shown.
ERROR_TEXT = {
    400: (N_("请求有误"), N_("提交的内容无法处理，请返回上一页检查后重新提交。")),
    401: (N_("需要登录"), N_("请先登录后再继续。")),
    403: (N_("无权访问"), N_("您的账号没有办理此事项的权限。如有疑问，请联系系统管理员。")),
    404: (N_("页面不存在"), N_("您要找的页面不存在或已被移除，请检查网址或返回首页。")),
    405: (N_("操作方式不正确"), N_("该页面不支持这种操作方式，请返回上一页重试。")),
    409: (N_("内容已被他人修改"), N_("您查看之后该记录已被他人修改，请重新载入后再操作。")),
    413: (N_("文件过大"), N_("上传的内容超过了大小限制：每个文件不超过 20 MB，每件申请合计不超过 100 MB。")),
    422: (N_("无法处理"), N_("提交的内容未通过检查，请按提示修改。")),
    429: (N_("操作过于频繁"), N_("您的操作过于频繁，请稍等一分钟后再试。")),
    503: (N_("系统正忙"), N_("数据库暂时无法连接，您这次提交的内容没有保存，也不会重复保存。请稍等片刻后重新提交。")),
    500: (N_("系统出现问题"), N_("系统暂时无法完成您的请求，您填写的内容没有丢失，请稍后再试；如仍有问题，请拨打咨询电话。")),
}


#: A page form or JSON body over RECON_MAX_FORM_BYTES (uploads keep the 413 wording above)
BODY_TOO_LARGE = (N_("提交的内容过大"), N_("提交的内容超过了 %(size)s 的限制，没有保存。请缩短文字后重新提交；文件请在上传文件的页面上传。"))
#: Seconds a client is asked to wait after a 503 (the database restarting)
RETRY_AFTER_S = 5


def wants_json() -> bool:
    return request.path.startswith("/api/")


#: A page form sent without a valid CSRF token: in practice a page left open too long or a login
#: that ended in another window, which the person can put right.
EXPIRED_PAGE = (N_("页面已过期"), N_("这个页面打开的时间太长，或者您已在其他窗口退出登录，为保护您的信息，本次提交没有保存。"
                                    "请返回上一页，刷新页面后重新填写并提交。"))


def error_response(status: int, errors: dict[str, str] | None = None,
                   wording: tuple[str, str] | None = None, **values):
    title, text = (gettext(message, **values) for message in wording or ERROR_TEXT.get(status, ERROR_TEXT[500]))
    if wants_json():
        return jsonify({"errors": errors or {"_": text}}), status
    return render_template("errors/error.html", status=status, title=title, text=text), status


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body nested too deeply for the parser (RecursionError) is a
    ValueError like any other malformed JSON, so ``get_json(silent=True)`` gives None (a 400),
    and lazily translated messages (form errors, labels) are written as text."""

    @staticmethod
    def default(o):
        if is_lazy(o):
            return str(o)
        return DefaultJSONProvider.default(o)

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def register_error_handlers(app: Flask) -> None:
    app.json = JSONProvider(app)

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        status = exc.code or 500
        if status == 413:
            from recon.formatting import format_size
            from recon.hardening import body_limit, takes_files

            if not takes_files():
                return error_response(413, wording=BODY_TOO_LARGE, size=format_size(body_limit()))
        return error_response(status if status in ERROR_TEXT else 400)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError):
        return error_response(400, wording=EXPIRED_PAGE)

    @app.errorhandler(DomainError)
    def handle_domain(exc: DomainError):
        return error_response(exc.status, exc.as_errors())

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        from recon.extensions import db

        if database_unavailable(exc):
            app.logger.warning("database unavailable on %s %s: %s", request.method, request.path,
                               type(exc).__name__)
            return unavailable_response(db)
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return error_response(500)


def database_unavailable(exc: BaseException) -> bool:
    """A lost or refused database connection (a restart, a failover, a deadlock victim, SQLite's
    "database is locked"): the transaction did not commit, so the request can simply be repeated."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | DisconnectionError)


def unavailable_response(db):
    """503 with Retry-After, rendered without touching the database again."""
    from flask import g

    from recon.extensions import login_manager

    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool replaces it
        db.session.invalidate()
    if "_login_user" not in g:  # the page's header must not load the user from the lost database
        login_manager._update_request_context_with_user()
    try:
        response, status = error_response(503)
    except Exception:  # a page that still needs the database: plain text
        response, status = gettext(ERROR_TEXT[503][1]), 503
    response = make_response(response, status)
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    response.headers["Cache-Control"] = "no-store"
    return response
