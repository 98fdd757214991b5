"""Intake settings from the app config (a plain mapping, so services stay Flask-free)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from recon.intake.services import IntakeSettings
from recon.intake.uploads import MB, UploadLimits


def intake_settings(config: Mapping) -> IntakeSettings:
    from recon.documents.services import settings_from_config

    return IntakeSettings(
        case_prefix=config["RECON_CASE_PREFIX"],
        limits=UploadLimits(
            max_file_bytes=config.get("RECON_UPLOAD_MAX_FILE_MB", 20) * MB,
            max_total_bytes=config.get("RECON_UPLOAD_MAX_TOTAL_MB", 100) * MB,
            max_files=config.get("RECON_UPLOAD_MAX_FILES", 30),
            daily_bytes=config.get("RECON_UPLOAD_DAILY_MB", 200) * MB,
            daily_files=config.get("RECON_UPLOAD_DAILY_FILES", 100),
        ),
        documents=settings_from_config(config),
        correction_window=timedelta(minutes=config.get("RECON_CORRECTION_WINDOW_MIN", 10)),
    )
