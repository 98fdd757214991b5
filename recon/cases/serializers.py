"""Case bodies for the JSON API (api.md names)."""

from __future__ import annotations

from datetime import date


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def case_summary(case) -> dict:
    return {
        "case_no": case.case_no,
        "status": case.status,
        "procedure": case.procedure,
        "channel": case.channel,
        "version": case.version_id,
        "filed_on": _d(case.filed_on),
        "received_on": _d(case.received_on),
        "accepted_on": _d(case.accepted_on),
        "deemed_accepted": case.deemed_accepted,
        "closed_on": _d(case.closed_on),
        "closure": case.closure,
        "respondent": case.respondent_name,
    }
