"""Domain errors carry a Chinese message; views and the API turn them into pages and JSON."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is shown to people (Chinese)."""

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
        super().__init__("；".join(errors.values()))
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


ERROR_TEXT = {
    400: ("请求有误", "提交的内容无法处理，请返回上一页检查后重新提交。"),
    401: ("需要登录", "请先登录后再继续。"),
    403: ("无权访问", "您的账号没有办理此事项的权限。如有疑问，请联系系统管理员。"),
    404: ("页面不存在", "您要找的页面不存在或已被移除，请检查网址或返回首页。"),
    405: ("操作方式不正确", "该页面不支持这种操作方式，请返回上一页重试。"),
    409: ("内容已被他人修改", "您查看之后该记录已被他人修改，请重新载入后再操作。"),
    413: ("文件过大", "上传的内容超过了大小限制：每个文件不超过 20 MB，每件申请合计不超过 100 MB。"),
    422: ("无法处理", "提交的内容未通过检查，请按提示修改。"),
    429: ("操作过于频繁", "您的操作过于频繁，请稍等一分钟后再试。"),
    500: ("系统出现问题", "系统暂时无法完成您的请求，您填写的内容没有丢失，请稍后再试；如仍有问题，请拨打咨询电话。"),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, errors: dict[str, str] | None = None):
    title, text = ERROR_TEXT.get(status, ERROR_TEXT[500])
    if wants_json():
        return jsonify({"errors": errors or {"_": text}}), status
    return render_template("errors/error.html", status=status, title=title, text=text), status


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body nested too deeply for the parser (RecursionError) is a
    ValueError like any other malformed JSON, so ``get_json(silent=True)`` gives None (a 400)."""

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
        return error_response(status if status in ERROR_TEXT else 400)

    @app.errorhandler(DomainError)
    def handle_domain(exc: DomainError):
        return error_response(exc.status, exc.as_errors())

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        from recon.extensions import db

        db.session.rollback()
        return error_response(500)
