"""A case's mediation, its sessions and its agreements (调解书 / 和解协议), and the record of a
withdrawal (撤回) with its resolution facts.

A case has at most one mediation at a time (a new one may start after an earlier one failed or a
party backed out). Lists (mediators, participants, proposals) and mappings (positions,
signatures) are JSON: they are read and shown whole, never queried by their parts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recon.db import UTCDateTime, utcnow
from recon.extensions import db
from recon.i18n import N_, LabelledEnum


class MediationState(LabelledEnum):
    OPEN = "open", N_("调解中")
    AGREEMENT = "agreement", N_("已达成调解协议，待生效")
    EFFECTIVE = "effective", N_("调解书已生效")
    FAILED = "failed", N_("调解未成")
    BACKED_OUT = "backed_out", N_("调解书生效前一方反悔")


class MediatorKind(LabelledEnum):
    HANDLER = "handler", N_("承办人")
    PEOPLES_MEDIATOR = "peoples_mediator", N_("人民调解员")
    LAWYER = "lawyer", N_("律师")
    SUPERIOR = "superior", N_("被申请人上级机关")


class SessionMode(LabelledEnum):
    IN_PERSON = "in_person", N_("当面")
    VIDEO = "video", N_("视频")
    PHONE = "phone", N_("电话")


class SessionOutcome(LabelledEnum):
    CONTINUED = "continued", N_("继续调解")
    AGREEMENT = "agreement", N_("达成协议")
    FAILED = "failed", N_("调解未成")


class SigningParty(LabelledEnum):
    APPLICANT = "applicant", N_("申请人")
    RESPONDENT = "respondent", N_("被申请人")
    THIRD_PARTY = "third_party", N_("第三人")


class AgreementKind(LabelledEnum):
    MEDIATION = "mediation", N_("调解协议")
    SETTLEMENT = "settlement", N_("和解协议")


class Mediation(db.Model):
    __tablename__ = "mediation"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=MediationState.OPEN, index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    #: 受理前协商化解: started while the case was not yet accepted.
    before_acceptance: Mapped[bool] = mapped_column(Boolean, default=False)
    applicant_consent_on: Mapped[date | None] = mapped_column(Date)
    respondent_consent_on: Mapped[date | None] = mapped_column(Date)
    #: art. 39(6): both consented and the case is suspended; the decision clock is paused.
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: outside mediators: [{"name", "kind"}] (kind: MediatorKind other than handler)
    mediators: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sessions: Mapped[list[MediationSession]] = relationship(
        back_populates="mediation", order_by="MediationSession.id", cascade="all, delete-orphan")
    agreement: Mapped[Agreement | None] = relationship(back_populates="mediation", uselist=False)

    @property
    def state_label(self) -> str:
        return MediationState(self.state).label

    @property
    def is_running(self) -> bool:
        return self.state in (MediationState.OPEN, MediationState.AGREEMENT)


class MediationSession(db.Model):
    __tablename__ = "mediation_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediation_id: Mapped[int] = mapped_column(ForeignKey("mediation.id", ondelete="CASCADE"), index=True)
    #: indexed: the statistics read the sessions held in a period (负责人出席)
    on: Mapped[date] = mapped_column(Date, index=True)
    time: Mapped[str | None] = mapped_column(String(5))  # HH:MM, Beijing
    mode: Mapped[str] = mapped_column(String(10))
    place: Mapped[str | None] = mapped_column(String(200))
    mediators: Mapped[list[str]] = mapped_column(JSON, default=list)
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: the respondent's 负责人 attended (行政机关负责人出席)
    head_attended: Mapped[bool] = mapped_column(Boolean, default=False)
    positions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # party → position
    proposals: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(12))
    material_id: Mapped[int | None] = mapped_column(ForeignKey("material.id"))  # signed attendance sheet
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    mediation: Mapped[Mediation] = relationship(back_populates="sessions")

    @property
    def mode_label(self) -> str:
        return SessionMode(self.mode).label

    @property
    def outcome_label(self) -> str:
        return SessionOutcome(self.outcome).label


class Agreement(db.Model):
    """The agreed terms: a mediation agreement (becomes the 调解书) or a 和解协议."""

    __tablename__ = "mediation_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    mediation_id: Mapped[int | None] = mapped_column(ForeignKey("mediation.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    terms: Mapped[str] = mapped_column(Text)
    agreed_on: Mapped[date] = mapped_column(Date)
    signatures: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # party → YYYY-MM-DD
    #: scans of the signed agreement: party → material id
    scans: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    sealed_on: Mapped[date | None] = mapped_column(Date)
    #: the agreement no longer binds (a party backed out before the seal)
    void: Mapped[bool] = mapped_column(Boolean, default=False)

    mediation: Mapped[Mediation | None] = relationship(back_populates="agreement")

    @property
    def kind_label(self) -> str:
        return AgreementKind(self.kind).label

    @property
    def signed_on(self) -> dict[str, date]:
        """party → the day it signed (``signatures`` holds ISO strings: it is JSON)."""
        return {party: date.fromisoformat(day) for party, day in self.signatures.items()}

    @property
    def term_lines(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


class Withdrawal(db.Model):
    """撤回: the request and its approval (recorded in one action) and how the dispute was resolved."""

    __tablename__ = "withdrawal"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), unique=True)
    on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    after_settlement: Mapped[bool] = mapped_column(Boolean, default=False)
    self_correction: Mapped[bool] = mapped_column(Boolean, default=False)
    before_acceptance: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 协调化解: the respondent's new (corrected) act
    new_act_no: Mapped[str | None] = mapped_column(String(120))
    new_act_on: Mapped[date | None] = mapped_column(Date)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("mediation_agreement.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    agreement: Mapped[Agreement | None] = relationship()
