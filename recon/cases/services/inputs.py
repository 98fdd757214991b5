"""Reading an action's body (design.md §1: rules in plain functions): a required or optional
text with its length limit, a list of lines or of names, a yes/no flag, a whole number in a range,
one of a set of choices, a clock time, a day that may not be in the future (nor before an earlier
day of the case), and an uploaded scan.
Shared by the steps of every stage; each raises DomainError on the field it names."""

from __future__ import annotations

import re
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


def lines_value(data, name: str, limit: int = 200) -> list[str]:
    """One entry a line (a text, or a JSON list), blank ones left out, each at most ``limit`` characters."""
    value = data.get(name) or []
    if isinstance(value, str):
        value = value.splitlines()
    lines = [str(v).strip() for v in value if str(v).strip()]
    for line in lines:
        if len(line) > limit:
            raise DomainError(gettext("每行不超过 %(n)d 个字", n=limit), field=name)
    return lines


def names_value(data, name: str) -> list[str]:
    """Names given as a JSON list, or as one text separated by 、，,；; or line breaks."""
    raw = data.get(name) or []
    if isinstance(raw, str):
        raw = re.split(r"[、，,；;\n]", raw)
    return [str(item).strip() for item in raw if str(item or "").strip()]


def flag_value(data, name: str, message: str) -> bool:
    """A JSON true/false (absent: false); anything else is DomainError ``message``."""
    value = data.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise DomainError(message, field=name)
    return value


def int_value(data, name: str, low: int, high: int, message: str) -> int:
    value = data.get(name)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is not int or not low <= value <= high:
        raise DomainError(message, field=name)
    return value


def choice_value(data, name: str, choices, message: str, default: str | None = None) -> str:
    """One of ``choices`` (e.g. a ``LabelledEnum``'s ``labels()``), else DomainError ``message``."""
    value = data.get(name) or default
    if not isinstance(value, str | int) or value not in choices:  # a JSON list or object is no choice
        raise DomainError(message, field=name)
    return value


def time_value(data, name: str) -> str:
    """An optional clock time 「时:分」 (``09:30``); "" when there is none."""
    value = str(data.get(name) or "").strip()
    if value and (len(value) != 5 or value[2] != ":" or not (value[:2] + value[3:]).isdigit()
                  or int(value[:2]) > 23 or int(value[3:]) > 59):
        raise DomainError(gettext("时间请按“时:分”填写，例如 09:30"), field=name)
    return value


def past_day(step: Step, name: str, default: date, *, floor: date | None = None, floor_name: str = "") -> date:
    """The day ``name`` (``default`` when absent): not after today, and not before ``floor`` (an
    earlier day of the case, named ``floor_name`` in the message) when one is given."""
    value = step.data.get(name) or default
    if value > step.today:
        raise DomainError(gettext("日期 %(on)s 晚于今天，不能登记将来的日期", on=date_text(value)), field=name)
    if floor is not None and value < floor:
        raise DomainError(gettext("日期 %(on)s 早于%(what)s（%(day)s），请检查日期", on=date_text(value),
                                  what=floor_name, day=date_text(floor)), field=name)
    return value


def scan_material(step: Step, name: str, stage: str) -> Material | None:
    """An uploaded scan (``POST /api/v1/uploads`` id, or the page's upload) named by ``name``, as a
    material of the case at ``stage``; None when no scan was sent."""
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
