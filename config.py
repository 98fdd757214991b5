"""Configuration classes. Environment variables override the defaults (see README)."""

import os
from pathlib import Path

from recon.i18n import N_

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    """An integer setting from the environment; unset or empty gives the default, anything that
    is not a whole number stops the start with a message naming the variable."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise RuntimeError(f"设置 {name}={value!r} 无效：应为整数 ({name} must be a whole number)") from None


def _env_map(name: str) -> dict[str, str]:
    """``"a=x,b=y"`` → ``{"a": "x", "b": "y"}`` (empty when unset)."""
    pairs = (item.partition("=") for item in os.environ.get(name, "").split(","))
    return {key.strip(): value.strip() for key, _, value in pairs if key.strip() and value.strip()}


# Every spelling of a PostgreSQL URL a host prints or a guide gives; recon talks to it with psycopg 3
# (SQLAlchemy's default PostgreSQL driver from 2.1 on).
_POSTGRESQL_SCHEMES = frozenset({"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"})
POSTGRESQL_DRIVER = "postgresql+psycopg"


def database_url(url: str | None) -> str | None:
    """``url`` with a PostgreSQL scheme made ``postgresql+psycopg``: ``postgresql://…``,
    ``postgres://…`` and ``postgresql+psycopg2://…`` work alike. Other URLs come back unchanged."""
    if not isinstance(url, str):
        return url
    scheme, separator, rest = url.strip().partition("://")
    if separator and scheme.lower() in _POSTGRESQL_SCHEMES:
        return f"{POSTGRESQL_DRIVER}://{rest}"
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'recon.sqlite3'}"
    ))
    # hide_parameters: a database error's message (logged with the traceback) must not carry the
    # statement's values, which include ID numbers (ux.md S13: logs never hold a full ID number)
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    STORAGE_DIR = os.environ.get("RECON_STORAGE_DIR", str(BASE_DIR / "instance" / "files"))
    # The largest request body (a multipart upload: one file of RECON_UPLOAD_MAX_FILE_MB plus the
    # form); every other request is held to RECON_MAX_FORM_BYTES (recon/limits.py), both refused
    # with 413 before the body is read
    MAX_CONTENT_LENGTH = _env_int("RECON_MAX_REQUEST_BYTES", 110 * 1024 * 1024)
    RECON_MAX_FORM_BYTES = _env_int("RECON_MAX_FORM_BYTES", 1024 * 1024)

    # Sessions and security
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Idle limit of a login (ux.md S8): it ends this many minutes after the last request; pages warn
    # 2 minutes before. The one setting: recon/auth/idle.py derives PERMANENT_SESSION_LIFETIME and
    # SESSION_REFRESH_EACH_REQUEST from it (also for overrides).
    RECON_SESSION_IDLE_MINUTES = _env_int("RECON_SESSION_IDLE_MINUTES", 30)
    LOGIN_MAX_FAILURES = _env_int("RECON_LOGIN_MAX_FAILURES", 5)
    LOGIN_LOCKOUT_MINUTES = _env_int("RECON_LOGIN_LOCKOUT_MINUTES", 15)
    API_TOKEN_HOURS = _env_int("RECON_API_TOKEN_HOURS", 12)
    # live API tokens per account; issuing one more revokes the oldest
    API_TOKEN_MAX_LIVE = _env_int("RECON_API_TOKEN_MAX_LIVE", 5)
    RATELIMIT_ENABLED = _env_bool("RECON_RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RECON_RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RECON_RATELIMIT_LOGIN", "20 per minute")
    RATELIMIT_PUBLIC = os.environ.get("RECON_RATELIMIT_PUBLIC", "30 per minute")

    # Language
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "recon" / "translations")

    # Online applications: drafts kept this many days after the last save; 「撤回并修改」 this many
    # minutes after submission (ux.md A8; 0 turns it off)
    RECON_DRAFT_DAYS = _env_int("RECON_DRAFT_DAYS", 30)
    RECON_CORRECTION_WINDOW_MIN = _env_int("RECON_CORRECTION_WINDOW_MIN", 10)

    # The organ and its documents (domain.md §0, §9.5)
    RECON_ORGAN_NAME = os.environ.get("RECON_ORGAN_NAME", "合江区人民政府")
    RECON_BODY_NAME = os.environ.get("RECON_BODY_NAME", "合江区司法局")
    RECON_CASE_PREFIX = os.environ.get("RECON_CASE_PREFIX", "合府复")
    RECON_SITE_NAME = N_("行政复议网上服务")  # shown translated (the organ's names are proper names)
    RECON_SITE_ADDRESS = os.environ.get("RECON_SITE_ADDRESS", "合江区人民路 1 号区司法局一楼行政复议窗口")
    RECON_SITE_PHONE = os.environ.get("RECON_SITE_PHONE", "0000-12345678")
    RECON_SITE_HOURS = os.environ.get("RECON_SITE_HOURS", "工作日 9:00–12:00，13:30–17:30")
    RECON_SITE_ICP = os.environ.get("RECON_SITE_ICP", "ICP备00000000号")
    RECON_SITE_CODE = os.environ.get("RECON_SITE_CODE", "0000000000")
    RECON_SITE_PSB = os.environ.get("RECON_SITE_PSB", "公网安备00000000000000号")
    RECON_PUBLIC_URL = os.environ.get("RECON_PUBLIC_URL", "http://127.0.0.1:5000")
    RECON_PDF_FONT_SERIF = os.environ.get(
        "RECON_PDF_FONT_SERIF", "/usr/share/fonts/truetype/arphic/uming.ttc"
    )
    RECON_PDF_FONT_SANS = os.environ.get(
        "RECON_PDF_FONT_SANS", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    )
    # 文书类别代字 that differ from the registry's (recon.documents.kinds, Kind.code),
    # e.g. RECON_CATEGORY_CODES="decision=决字,acceptance_notice=受字"
    RECON_CATEGORY_CODES = _env_map("RECON_CATEGORY_CODES")

    # Scheduler (tech-notes §1): embedded in every process unless disabled
    SCHEDULER_ENABLED = _env_bool("RECON_SCHEDULER_ENABLED", True)
    SWEEP_INTERVAL_S = _env_int("RECON_SWEEP_INTERVAL_S", 60)
    FILE_SWEEP_INTERVAL_S = _env_int("RECON_FILE_SWEEP_INTERVAL_S", 3600)
    OUTBOX_INTERVAL_S = _env_int("RECON_OUTBOX_INTERVAL_S", 60)
    # The deadline board's count cards and breakdowns are kept this long per process
    RECON_BOARD_CACHE_S = _env_int("RECON_BOARD_CACHE_S", 60)

    # Reminders (recon/deadlines/sweep.py) go to the in-app inbox; also by e-mail when MAIL_SERVER
    # is set (sent after commit through the outbox, standard library smtplib), and by SMS when
    # RECON_REMINDER_SMS=1. SMS_SENDER names a gateway class "module:Class" (default: the log).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "recon@localhost")
    SMS_SENDER = os.environ.get("SMS_SENDER", "")
    RECON_REMINDER_SMS = _env_bool("RECON_REMINDER_SMS", False)
    # The file sweep (recon/intake/cleanup.py): uploads not used in an application within the TTL
    # are deleted; stored files no row names are deleted once older than the grace period
    RECON_UPLOAD_TTL_HOURS = _env_int("RECON_UPLOAD_TTL_HOURS", 72)
    RECON_FILE_GRACE_MINUTES = _env_int("RECON_FILE_GRACE_MINUTES", 60)
    # Uploads (ux.md A11): per file, per application, and per applicant account and Beijing day
    RECON_UPLOAD_MAX_FILE_MB = _env_int("RECON_UPLOAD_MAX_FILE_MB", 20)
    RECON_UPLOAD_MAX_TOTAL_MB = _env_int("RECON_UPLOAD_MAX_TOTAL_MB", 100)
    RECON_UPLOAD_MAX_FILES = _env_int("RECON_UPLOAD_MAX_FILES", 30)
    RECON_UPLOAD_DAILY_MB = _env_int("RECON_UPLOAD_DAILY_MB", 200)
    RECON_UPLOAD_DAILY_FILES = _env_int("RECON_UPLOAD_DAILY_FILES", 100)

    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    SCHEDULER_ENABLED = False
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _env_bool("RECON_SECURE_COOKIES", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


#: Every numeric setting and its least valid value (a 0 or a negative number is refused at start
#: instead of being read as "use the default").
MINIMUMS = {
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "RECON_MAX_FORM_BYTES": 64 * 1024,
    "RECON_SESSION_IDLE_MINUTES": 3,  # pages warn 2 minutes before the end
    "LOGIN_MAX_FAILURES": 1,
    "LOGIN_LOCKOUT_MINUTES": 1,
    "API_TOKEN_HOURS": 1,
    "RECON_DRAFT_DAYS": 1,
    "RECON_CORRECTION_WINDOW_MIN": 0,  # 0: no 「撤回并修改」
    "SWEEP_INTERVAL_S": 1,
    "FILE_SWEEP_INTERVAL_S": 1,
    "RECON_UPLOAD_TTL_HOURS": 1,
    "RECON_FILE_GRACE_MINUTES": 1,
    "RECON_UPLOAD_MAX_FILE_MB": 1,
    "RECON_UPLOAD_MAX_TOTAL_MB": 1,
    "RECON_UPLOAD_MAX_FILES": 1,
    "RECON_UPLOAD_DAILY_MB": 1,
    "RECON_UPLOAD_DAILY_FILES": 1,
}
#: The environment variable behind a setting whose name differs from it
ENV_NAMES = {
    "MAX_CONTENT_LENGTH": "RECON_MAX_REQUEST_BYTES",
    "LOGIN_MAX_FAILURES": "RECON_LOGIN_MAX_FAILURES",
    "LOGIN_LOCKOUT_MINUTES": "RECON_LOGIN_LOCKOUT_MINUTES",
    "API_TOKEN_HOURS": "RECON_API_TOKEN_HOURS",
    "SWEEP_INTERVAL_S": "RECON_SWEEP_INTERVAL_S",
    "FILE_SWEEP_INTERVAL_S": "RECON_FILE_SWEEP_INTERVAL_S",
    "RATELIMIT_LOGIN": "RECON_RATELIMIT_LOGIN",
    "RATELIMIT_PUBLIC": "RECON_RATELIMIT_PUBLIC",
}


def check_settings(config) -> None:
    """Refuse to start with a setting that cannot work, naming each one (create_app calls it after
    the environment and the overrides are applied)."""
    problems = []
    for key, least in MINIMUMS.items():
        value = config.get(key)
        name = ENV_NAMES.get(key, key)
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{name}={value!r}: 应为整数 (must be a whole number)")
        elif value < least:
            problems.append(f"{name}={value}: 不能小于 {least} (must be at least {least})")
    if not problems:
        mb = 1024 * 1024
        if config["RECON_UPLOAD_MAX_TOTAL_MB"] < config["RECON_UPLOAD_MAX_FILE_MB"]:
            problems.append("RECON_UPLOAD_MAX_TOTAL_MB: 不能小于 RECON_UPLOAD_MAX_FILE_MB "
                            "(an application must hold at least one file)")
        if config["MAX_CONTENT_LENGTH"] < config["RECON_UPLOAD_MAX_FILE_MB"] * mb + mb:
            problems.append("RECON_MAX_REQUEST_BYTES: 应至少比 RECON_UPLOAD_MAX_FILE_MB 多 1 MB "
                            "(an upload request carries one whole file and its form)")
    from limits import parse_many

    for key in ("RATELIMIT_LOGIN", "RATELIMIT_PUBLIC"):
        try:
            parse_many(config.get(key) or "")
        except ValueError:
            problems.append(f"{ENV_NAMES[key]}={config.get(key)!r}: 不是有效的频率限制，例如 “20 per minute” "
                            "(not a rate limit such as '20 per minute')")
    if problems:
        raise RuntimeError("设置无效，系统未启动 (invalid settings, refusing to start):\n  "
                           + "\n  ".join(problems))


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[Config]:
    """The config class for RECON_ENV (development by default)."""
    key = (name or os.environ.get("RECON_ENV") or "development").lower()
    try:
        return CONFIGS[key]
    except KeyError as exc:
        raise RuntimeError(f"unknown RECON_ENV {key!r}; use one of {sorted(CONFIGS)}") from exc
