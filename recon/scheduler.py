"""APScheduler 3.11 wiring (tech-notes §1). Jobs are data; each job is an idempotent DB sweep."""

from __future__ import annotations

import atexit
import logging
from datetime import datetime

from recon.clock import BEIJING, now_utc

log = logging.getLogger("recon.scheduler")

# id -> (dotted path of a function taking (session, now) and returning a count, interval config key)
JOBS = {
    "deadline-sweep": ("recon.scheduler:deadline_sweep", "SWEEP_INTERVAL_S"),
    "outbox": ("recon.scheduler:outbox_delivery", "OUTBOX_INTERVAL_S"),
    "file-sweep": ("recon.intake.cleanup:sweep_unused_files", "FILE_SWEEP_INTERVAL_S"),
    "login-sweep": ("recon.auth.services:forget_old_failures", "FILE_SWEEP_INTERVAL_S"),
}


def sweep_options(config):
    """The sweep's reminder channels from the settings (services never read the config)."""
    from recon.deadlines.sweep import SweepOptions

    return SweepOptions(
        email=bool(config.get("MAIL_SERVER")),
        sms=bool(config.get("RECON_REMINDER_SMS")),
        inbox_url=config["RECON_PUBLIC_URL"].rstrip("/") + "/inbox",
    )


def deadline_sweep(session, now: datetime) -> int:
    """The deadline sweep with the app's reminder settings (recon/deadlines/sweep.py)."""
    from flask import current_app

    from recon.deadlines.sweep import sweep_due_deadlines

    return sweep_due_deadlines(session, now, options=sweep_options(current_app.config))


def outbox_delivery(session, now: datetime) -> int:
    """Send the queued e-mails and SMS that are due, retrying failures (it commits each)."""
    from flask import current_app

    from recon.notifications.delivery import drain
    from recon.notifications.senders import senders_from_config

    return drain(session, now, senders_from_config(current_app.config))


def _resolve(path: str):
    from importlib import import_module

    module, _, name = path.partition(":")
    return getattr(import_module(module), name)


def run_job(app, job_id: str, now: datetime | None = None) -> int:
    """One pass of a job inside an app context; commits. Used by the scheduler and the CLI."""
    from recon.extensions import db

    func = _resolve(JOBS[job_id][0])
    with app.app_context():
        try:
            count = func(db.session, now or now_utc())
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", job_id)
            raise
    if count:
        log.info("job %s handled %d item(s)", job_id, count)
    return count


def build_scheduler(app, blocking: bool = False):
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(
        timezone=BEIJING,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    for job_id, (_path, interval_key) in JOBS.items():
        scheduler.add_job(
            run_job, "interval", seconds=app.config[interval_key], jitter=5, id=job_id,
            args=[app, job_id], next_run_time=now_utc(), replace_existing=True,
        )
    return scheduler


def init_scheduler(app) -> None:
    """Start the embedded scheduler unless disabled (tests, web workers with a dedicated process)."""
    import os

    if not app.config.get("SCHEDULER_ENABLED") or app.testing:
        return
    if os.environ.get("RECON_EMBED_SCHEDULER") != "1":
        return  # only `make run` / gunicorn's post_fork opt in; CLI commands never start it
    scheduler = build_scheduler(app)
    scheduler.start()
    atexit.register(lambda: scheduler.shutdown(wait=False))
    app.extensions["recon_scheduler"] = scheduler
