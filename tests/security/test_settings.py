"""An invalid setting stops the start with a message naming it (issue 12: RECON_FILE_GRACE_MINUTES=0
silently became 60)."""

from __future__ import annotations

import importlib.util

import pytest

import config
from recon import create_app

ENV_SETTINGS = [
    "RECON_FILE_GRACE_MINUTES", "RECON_UPLOAD_TTL_HOURS", "RECON_DRAFT_DAYS", "RECON_SWEEP_INTERVAL_S",
    "RECON_FILE_SWEEP_INTERVAL_S", "RECON_LOGIN_MAX_FAILURES", "RECON_LOGIN_LOCKOUT_MINUTES",
    "RECON_API_TOKEN_HOURS", "RECON_SESSION_IDLE_MINUTES", "RECON_MAX_REQUEST_BYTES", "RECON_MAX_FORM_BYTES",
    "RECON_UPLOAD_MAX_FILE_MB", "RECON_UPLOAD_MAX_TOTAL_MB", "RECON_UPLOAD_MAX_FILES",
    "RECON_UPLOAD_DAILY_MB", "RECON_UPLOAD_DAILY_FILES",
]


@pytest.fixture
def environment(monkeypatch):
    """Set environment variables, then read config.py afresh as a start would (a copy of the
    module, so the one other tests use keeps its classes)."""

    def start(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("config_under_test", config.__file__)
        fresh = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(fresh)
        return create_app(fresh.TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://")

    return start


def test_grace_minutes_zero_is_refused_at_start(environment):
    with pytest.raises(RuntimeError, match=r"RECON_FILE_GRACE_MINUTES=0: 不能小于 1"):
        environment(RECON_FILE_GRACE_MINUTES="0")


@pytest.mark.parametrize("name", ENV_SETTINGS)
def test_every_numeric_setting_refuses_zero_negative_and_words(environment, name):
    with pytest.raises(RuntimeError, match=name):
        environment(**{name: "0"})
    with pytest.raises(RuntimeError, match=name):
        environment(**{name: "-5"})
    with pytest.raises(RuntimeError, match=f"{name}='sixty'.*应为整数"):
        environment(**{name: "sixty"})


def test_correction_window_zero_is_allowed_and_negative_is_not(environment):
    assert environment(RECON_CORRECTION_WINDOW_MIN="0").config["RECON_CORRECTION_WINDOW_MIN"] == 0
    with pytest.raises(RuntimeError, match="RECON_CORRECTION_WINDOW_MIN"):
        environment(RECON_CORRECTION_WINDOW_MIN="-1")


def test_upload_settings_are_read_from_the_environment_and_checked_together(environment):
    app = environment(RECON_UPLOAD_MAX_FILE_MB="5", RECON_UPLOAD_DAILY_FILES="7")
    assert app.config["RECON_UPLOAD_MAX_FILE_MB"] == 5 and app.config["RECON_UPLOAD_DAILY_FILES"] == 7
    with pytest.raises(RuntimeError, match="RECON_UPLOAD_MAX_TOTAL_MB"):
        environment(RECON_UPLOAD_MAX_FILE_MB="50", RECON_UPLOAD_MAX_TOTAL_MB="20")
    with pytest.raises(RuntimeError, match="RECON_MAX_REQUEST_BYTES"):
        environment(RECON_UPLOAD_MAX_FILE_MB="200", RECON_UPLOAD_MAX_TOTAL_MB="300")


def test_a_rate_limit_that_does_not_parse_is_refused(environment):
    with pytest.raises(RuntimeError, match="RECON_RATELIMIT_LOGIN"):
        environment(RECON_RATELIMIT_LOGIN="twenty a minute")


def test_overrides_are_checked_too():
    with pytest.raises(RuntimeError, match="RECON_FILE_GRACE_MINUTES"):
        create_app("testing", RECON_FILE_GRACE_MINUTES=0)
    with pytest.raises(RuntimeError, match="RECON_UPLOAD_MAX_FILES"):
        create_app("testing", RECON_UPLOAD_MAX_FILES="30")
