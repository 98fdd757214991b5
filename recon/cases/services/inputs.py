"""Reading an action's body (design.md §1: rules in plain functions): a required or optional
text with its length limit, a whole number in a range, and a day that may not be in the future, an uploaded scan.
Shared by the steps of every stage; each raises DomainError on the field it names."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from recon.cases.grounds import MAX_REASON_CHARS
from recon.cases.models import Material
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import gettext
from recon.intake.models import Upload

if TYPE_CHECKING:
    from recon.cases.workflow import Step


def text_value(data, name: str, message: str, limit: int = MAX_REASON_CHARS, required: bool = True) -> str:
    value = str(data.get(name) or "").replace("\r\n", "\n").strip()
    if required and not value:
        raise DomainError(message, field=name)
    if len(value) > limit:
        raise DomainError(gettext("不超过 %(n)d 个字，现有 %(count)d 个字", n=limit, count=len(value)),
                          field=name)
    return value


def int_value(data, name: str, low: int, high: int, message: str) -> int:
    value = data.get(name)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is not int or not low <= value <= high:
        raise DomainError(message, field=name)
    return value


def scan_material(step: Step, name: str, stage: str) -> Material | None:
    """An uploaded scan (``POST /api/v1/uploads`` id, or the page's upload) as a material of the
    case at ``stage`` (a ``MaterialStage``)."""
    upload_id = str(step.data.get(name) or "").strip()
    if not upload_id:
        return None
    upload = step.session.get(Upload, upload_id)
    if upload is None or step.actor is None or upload.owner_id != step.actor.id or upload.case_id is not None:
        raise DomainError(gettext("扫描件 %(id)s 不存在或已被使用，请重新上传", id=upload_id[:40]), field=name)
    upload.case_id = step.case.id
    material = Material(case=step.case, sha256=upload.sha256, size=upload.size,
                        content_type=upload.content_type, filename=upload.filename, item="other",
                        stage=stage, uploaded_by_id=step.actor.id, uploaded_at=step.now)
    step.session.add(material)
    step.session.flush()
    return material


def past_day(step: Step, name: str, default: date) -> date:
    value = step.data.get(name) or default
    if value > step.today:
        raise DomainError(gettext("日期 %(on)s 晚于今天，不能登记将来的日期", on=date_text(value)), field=name)
    return value
