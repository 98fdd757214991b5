"""Flask extensions, created unbound and initialised in create_app()."""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from recon.db import metadata
from recon.i18n import N_


class Base(DeclarativeBase):
    metadata = metadata


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("请先登录后再继续办理。")  # translated where it is flashed
login_manager.login_message_category = "info"
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def login_limit() -> str:
    """Rate limit for password checks (login, registration, API tokens)."""
    return current_app.config["RATELIMIT_LOGIN"]


def public_limit() -> str:
    """Rate limit for the other public endpoints (filing, uploads, lookup, verify)."""
    return current_app.config["RATELIMIT_PUBLIC"]


babel = Babel()
