"""recon: administrative reconsideration (行政复议) intake, clock, documents and mediation."""

from __future__ import annotations

from typing import Any


def create_app(config: str | type | None = None, **overrides: Any):
    """Build the Flask application. `config` is a name ("testing") or a config class."""
    from flask import Flask

    from config import DEFAULT_SECRET_KEY, check_settings, config_for, database_url

    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="static",
        instance_relative_config=False,
    )
    config_class = config if isinstance(config, type) else config_for(config)
    app.config.from_object(config_class)
    app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if config_class.__name__ == "ProductionConfig" and app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        raise RuntimeError("生产环境必须设置 SECRET_KEY 环境变量 (refusing the default SECRET_KEY)")
    check_settings(app.config)

    register_extensions(app)
    from recon import hardening

    hardening.init_app(app)  # after the extensions: its body limit runs before any of their hooks
    register_blueprints(app)
    register_template_helpers(app)
    from recon.errors import register_error_handlers

    register_error_handlers(app)
    from recon.cli import register_cli

    register_cli(app)
    from recon.scheduler import init_scheduler

    init_scheduler(app)
    return app


def register_extensions(app) -> None:
    from recon.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_root() / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    from recon import i18n, locale

    babel.init_app(app, locale_selector=locale.select_locale)
    from flask_babel import get_translations

    i18n.install(get_translations)
    app.jinja_env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True,
                                                 pgettext=i18n.pgettext)
    from recon.auth import idle
    from recon.auth import models as _auth_models  # noqa: F401  (user loader registration)

    idle.init_app(app)  # the idle limit of a login (ux.md S8)
    from recon.stats.summary import track

    track()  # the statistics' summary follows every flush that changes a case
    from recon.notifications import delivery as _delivery  # noqa: F401  (after-commit delivery)


def register_blueprints(app) -> None:
    from recon.urls import (
        BoundedIntConverter,
        TextConverter,
        TextPathConverter,
        refuse_control_characters_in_query,
    )

    app.before_request(refuse_control_characters_in_query)

    # before any route is added
    app.url_map.converters.update(int=BoundedIntConverter, default=TextConverter, string=TextConverter,
                                  path=TextPathConverter)
    from recon.api import actions as _actions  # noqa: F401  (routes on api_bp)
    from recon.api import applications as _applications  # noqa: F401  (routes on api_bp)
    from recon.api import stats as _stats  # noqa: F401  (routes on api_bp)
    from recon.api.views import bp as api_bp
    from recon.audit.views import bp as audit_bp
    from recon.auth.views import bp as auth_bp
    from recon.cases import next_due as _next_due  # noqa: F401  (keeps case.next_due_on)
    from recon.cases import scheduled as _scheduled  # noqa: F401  (the sweep's consequences)
    from recon.cases import timeline as _timeline  # noqa: F401  (deadline signal receivers)
    from recon.cases.views import bp as cases_bp
    from recon.deadlines.views import bp as deadlines_bp
    from recon.documents.views import bp as documents_bp
    from recon.evaluations.views import bp as evaluations_bp
    from recon.followup.views import bp as followup_bp
    from recon.home.views import bp as home_bp
    from recon.intake.views import bp as intake_bp
    from recon.mediation import transitions as _mediation  # noqa: F401  (its workflow rows)
    from recon.mediation.views import bp as mediation_bp
    from recon.notifications.views import bp as notifications_bp
    from recon.performance import transitions as _performance  # noqa: F401  (its workflow rows)
    from recon.portal.views import bp as portal_bp
    from recon.stats.views import bp as stats_bp

    for bp in (home_bp, auth_bp, audit_bp, api_bp, deadlines_bp, documents_bp, portal_bp,
               intake_bp, cases_bp, evaluations_bp, stats_bp, followup_bp, notifications_bp, mediation_bp):
        app.register_blueprint(bp)


def register_template_helpers(app) -> None:
    from recon import formatting, locale, masking
    from recon.auth.roles import Role
    from recon.home.nav import nav_for
    from recon.i18n import gettext

    app.jinja_env.filters["mask"] = masking.mask
    app.jinja_env.filters["date"] = locale.format_date
    app.jinja_env.filters["datetime"] = locale.format_datetime
    app.jinja_env.filters["filesize"] = formatting.format_size

    @app.context_processor
    def inject_site():
        from flask import request

        return {
            "site": {
                "name": gettext(app.config["RECON_SITE_NAME"]),
                "organ": app.config["RECON_ORGAN_NAME"],
                "body": app.config["RECON_BODY_NAME"],
                "address": app.config["RECON_SITE_ADDRESS"],
                "phone": app.config["RECON_SITE_PHONE"],
                "hours": app.config["RECON_SITE_HOURS"],
                "icp": app.config["RECON_SITE_ICP"],
                "code": app.config["RECON_SITE_CODE"],
                "psb": app.config["RECON_SITE_PSB"],
            },
            "role_labels": Role.labels(),
            "nav_for": nav_for,
            "fontscale": request.cookies.get("fontscale", "standard"),
            "contrast": request.cookies.get("contrast", "normal"),
            "locale": locale.current(),
            "html_lang": locale.html_lang(),
        }


def _root():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent
