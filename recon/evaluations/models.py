"""The applicant's evaluation of the service (政务服务「好差评」, ux.md A15) and its labels.

The labels go into timeline and audit text in Chinese: they are marked with ``N_`` and translated
where they are shown (``{{ _(evaluation.level_label) }}``, ``gettext(label)``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recon.auth.models import User
from recon.cases.models import Case
from recon.db import UTCDateTime
from recon.extensions import db
from recon.i18n import N_, LabelledEnum


class Stage(LabelledEnum):
    """When the evaluation is offered: after submission, and again after closure (一事一评 each)."""

    SUBMISSION = "submission", N_("提交申请后")
    CLOSURE = "closure", N_("办结后")


class Level(LabelledEnum):
    """The five levels of 国办发〔2019〕51号, best first (the order of the radio buttons)."""

    VERY_SATISFIED = "very_satisfied", N_("非常满意")
    SATISFIED = "satisfied", N_("满意")
    BASICALLY_SATISFIED = "basically_satisfied", N_("基本满意")
    DISSATISFIED = "dissatisfied", N_("不满意")
    VERY_DISSATISFIED = "very_dissatisfied", N_("非常不满意")

#: 差评: these need a reason or a comment and open a follow-up (回访).
NEGATIVE_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})

class Reason(LabelledEnum):
    """The reason checklist of a 差评 (values are stored, labels shown)."""

    TOO_SLOW = "too_slow", N_("办理时间太长")
    UNCLEAR_REQUIREMENTS = "unclear_requirements", N_("材料要求不清楚")
    STAFF_ATTITUDE = "staff_attitude", N_("工作人员态度不好")
    ONLINE_DIFFICULT = "online_difficult", N_("网上申请操作不方便")
    NO_PROGRESS_INFO = "no_progress_info", N_("没有告知办理进度")
    OTHER = "other", N_("其他")


COMMENT_MAX = 500


class FollowUp(LabelledEnum):
    OPEN = "open", N_("待回访")
    DONE = "done", N_("已回访")

# Messages shared by the page forms and the services (one wording for one rule), translated where
# they are used: ``gettext(LEVEL_REQUIRED)``, ``gettext(COMMENT_TOO_LONG, n=COMMENT_MAX)``.
LEVEL_REQUIRED = N_("请选择您对本次服务的评价")
REASON_REQUIRED = N_("选择「不满意」或「非常不满意」时，请至少选择一项原因，或者写下您的意见")
REASON_UNKNOWN = N_("请从列出的原因中选择")
COMMENT_TOO_LONG = N_("意见不能超过 %(n)d 字，请删减后再提交")  # n=COMMENT_MAX
NOTE_REQUIRED = N_("请填写回访情况，例如回访方式、申请人的意见和处理结果")
NOTE_MAX = 1000
NOTE_TOO_LONG = N_("回访情况不能超过 %(n)d 字")  # n=NOTE_MAX


class Evaluation(db.Model):
    """One evaluation of one case at one stage (unique: offered once per matter and stage)."""

    __tablename__ = "evaluation"
    __table_args__ = (
        UniqueConstraint("case_id", "stage", name="uq_evaluation_case_stage"),
        Index("ix_evaluation_follow_up_state", "follow_up_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(12))
    level: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)  # Reason values, 差评 only
    comment: Mapped[str | None] = mapped_column(Text)  # 差评 only, ≤ COMMENT_MAX characters
    contact_ok: Mapped[bool] = mapped_column(Boolean, default=False)  # opt-in to a call back (A2), 差评 only
    by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    follow_up_state: Mapped[str | None] = mapped_column(String(8))  # open | done; None for 好评
    followed_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    follow_up_note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship()
    followed_up_by: Mapped[User | None] = relationship(foreign_keys=[followed_up_by_id])

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def negative(self) -> bool:
        return self.level in NEGATIVE_LEVELS

    @property
    def reason_labels(self) -> list[str]:
        return [Reason.labels().get(key, key) for key in self.reasons or []]

    @property
    def follow_up_label(self) -> str | None:
        return FollowUp(self.follow_up_state).label if self.follow_up_state else None
