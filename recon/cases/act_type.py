"""行政行为类别 (act type) of a case: guessed at intake from the act's title, set by a handler
(audited). The statistics count cases by it (recon.stats.figures)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.cases.models import Case
from recon.cases.status import ActType, act_type_label
from recon.cases.timeline import add_event
from recon.errors import DomainError
from recon.i18n import gettext

#: Words of an act's title and the type they suggest, the first match wins (a 强制执行 before a
#: 处罚, a 信息公开 reply before anything else). The migration 0019_act_type_and_figures backfills with the same
#: table.
KEYWORDS: tuple[tuple[tuple[str, ...], ActType], ...] = (
    (("信息公开",), ActType.INFORMATION),
    (("不履行", "未履行", "不作为"), ActType.INACTION),
    (("强制执行",), ActType.ENFORCEMENT),
    (("查封", "扣押", "冻结", "强制措施"), ActType.COERCIVE_MEASURE),
    (("处罚", "罚款", "拘留", "吊销", "没收", "责令停产停业"), ActType.PENALTY),
    (("许可",), ActType.LICENSING),
    (("征收", "征用", "补偿"), ActType.EXPROPRIATION),
    (("给付", "抚恤", "低保", "救助"), ActType.PAYMENT),
    (("裁决",), ActType.ADJUDICATION),
    (("协议",), ActType.AGREEMENT),
    (("举报", "投诉"), ActType.COMPLAINT),
    (("认定", "登记", "确认"), ActType.CONFIRMATION),
)


def guess_act_type(title: str | None) -> str | None:
    """The act type the title suggests (``行政处罚决定书`` → ``penalty``); None when no word does."""
    for words, act_type in KEYWORDS:
        if any(word in (title or "") for word in words):
            return act_type.value
    return None


def set_act_type(session: Session, case: Case, value: str | None, actor, now: datetime) -> Case:
    """Set the case's act type (None: 未分类); no change, no entry."""
    value = value or None
    if value is not None and value not in ActType.labels():
        raise DomainError(gettext("请选择行政行为类别"), field="act_type")
    if case.act_type == value:
        return case
    before = case.act_type
    case.act_type, case.updated_at = value, now
    summary = f"行政行为类别：{act_type_label(before)} → {act_type_label(value)}"
    add_event(session, case, "case.act_type", summary, now=now, actor=actor, public=False)
    record(session, actor, "case.act_type", case, case_id=case.id, at=now, summary=f"{case.case_no} {summary}",
           before={"act_type": before}, after={"act_type": value})
    return case
