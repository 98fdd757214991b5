"""The rule for an applicant's 好差评 answers, shared by the portal's form and the evaluation
service (which applies it again): plain values in, plain values out, no database."""

from __future__ import annotations

from collections.abc import Iterable

from recon.errors import ValidationFailed
from recon.evaluations.models import (
    COMMENT_MAX,
    COMMENT_TOO_LONG,
    LEVEL_REQUIRED,
    NEGATIVE_LEVELS,
    REASON_REQUIRED,
    REASON_UNKNOWN,
    Level,
    Reason,
)
from recon.i18n import gettext


def check_answers(level: str | None, reasons: Iterable[str] | None,
                  comment: str | None) -> tuple[str, list[str], str | None]:
    """The answers as stored: (level, reasons, comment). Reasons and comment belong to a 差评 only
    (they are dropped for the other levels); a 差评 needs at least one reason or a comment.
    Raises ValidationFailed with every problem ({"level" | "reasons" | "comment": message})."""
    errors: dict[str, str] = {}
    if level not in Level.labels():
        errors["level"] = gettext(LEVEL_REQUIRED)
    chosen = list(dict.fromkeys(r for r in (reasons or ()) if r))
    text = (comment or "").replace("\r\n", "\n").strip()
    if level not in NEGATIVE_LEVELS:
        chosen, text = [], ""
    else:
        if any(r not in Reason.labels() for r in chosen):
            errors["reasons"] = gettext(REASON_UNKNOWN)
        if len(text) > COMMENT_MAX:
            errors["comment"] = gettext(COMMENT_TOO_LONG, n=COMMENT_MAX)
        if not chosen and not text:
            errors["reasons"] = gettext(REASON_REQUIRED)
    if errors:
        raise ValidationFailed(errors)
    return str(level), chosen, text or None
