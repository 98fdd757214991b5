from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recon.cases.status import (
    OPEN_STATUSES,
    RETRACTED_FOR_CORRECTION,
    RETRACTED_LABEL,
    CaseStatus,
    Channel,
    Closure,
    MaterialItem,
    MaterialStage,
    PartyRole,
    Procedure,
    act_type_label,
)
from recon.db import UTCDateTime, utcnow
from recon.extensions import db


class CaseSerial(db.Model):
    """The last case serial used in a year (一案一号: one serial per case per year)."""

    __tablename__ = "case_serial"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


#: The worklist's sort key for a case without a running deadline: after every due date. A plain
#: SQL literal (not a bound parameter), so that the query's expression is the index's expression.
NO_DUE_DATE = literal_column("'9999-12-31'")
#: The open statuses as an SQL condition with the values written inline: a partial index on the
#: open cases serves a query only when the planner sees the same constants (tech-notes §8).
OPEN_STATUS_VALUES = tuple(sorted(s.value for s in OPEN_STATUSES))


#: The timeline entries of the hearings (``workflow.record_hearing``), written inline for the
#: partial index ``ix_case_event_hearing_on`` (the statistics read the hearings of a period).
HEARING_KIND = "workflow.record_hearing"
HEARING_EVENT = text(f"kind = '{HEARING_KIND}'")


def worklist_due_key(next_due_on):
    """``coalesce(next_due_on, '9999-12-31')``: cases with a running deadline first (issue 17)."""
    return func.coalesce(next_due_on, NO_DUE_DATE)


def open_status_condition(status_column):
    return status_column.in_([literal_column(f"'{value}'") for value in OPEN_STATUS_VALUES])


class Case(db.Model):
    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The earliest due date among the case's running deadlines (None: none runs), kept by
    #: ``recon/cases/next_due.py`` whenever a deadline changes; the worklist sorts on it.
    next_due_on: Mapped[date | None] = mapped_column(Date)

    case_no: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    #: None only for a version withdrawn by「撤回并修改」whose number its correction took over.
    serial: Mapped[int | None] = mapped_column(Integer)
    query_code: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(24), default=CaseStatus.RECEIVED, index=True)
    procedure: Mapped[str | None] = mapped_column(String(10))
    filed_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date, index=True)
    deemed_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    closure: Mapped[str | None] = mapped_column(String(30))
    closure_detail: Mapped[str | None] = mapped_column(String(30))  # after_settlement, self_correction…
    timely: Mapped[bool | None] = mapped_column(Boolean)
    respondent_name: Mapped[str] = mapped_column(String(200), index=True)
    act_title: Mapped[str] = mapped_column(String(300))
    act_doc_no: Mapped[str | None] = mapped_column(String(120))
    act_made_on: Mapped[date | None] = mapped_column(Date)
    act_known_on: Mapped[date | None] = mapped_column(Date)
    #: ux.md A12「记不清具体哪一天」: how and roughly when the applicant learned of the act.
    act_known_note: Mapped[str | None] = mapped_column(String(500))
    informed_of_rights: Mapped[bool] = mapped_column(Boolean, default=True)
    #: art. 20 ¶3: the day the applicant learned of the right to apply, the organ and the period.
    act_rights_known_on: Mapped[date | None] = mapped_column(Date)
    request: Mapped[str] = mapped_column(Text)
    facts_and_reasons: Mapped[str] = mapped_column(Text)
    litigation_filed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 涉企: the applicant is an enterprise (set at intake for an organization with a 统一社会信用代码,
    #: changed by a handler: recon.cases.enterprise).
    enterprise: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)
    #: 行政行为类别 (``ActType``; None: 未分类): guessed at intake from ``act_title``, set by the
    #: handler (recon.cases.act_type); the statistics group by it.
    act_type: Mapped[str | None] = mapped_column(String(20))
    normative_review: Mapped[str | None] = mapped_column(Text)
    #: the respondent's written reply (art. 48/54): the day it arrived and its gist (被申请人称)
    reply_received_on: Mapped[date | None] = mapped_column(Date)
    reply_text: Mapped[str | None] = mapped_column(Text)
    #: the decision recorded by ``decide`` and issued by ``approve_decision``: the 决定书's fields
    #: (``decision_type``, ``findings``, ``reasoning``, …) plus ``on`` (the draft's date)
    decision_draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # 送达方式 (domain.md §7.4, ux.md A2): the confirmed 送达地址 (送达地址确认) and contact phone,
    # and the applicant's own opt-ins to electronic service (to ``e_service_email``) and SMS notices.
    service_address: Mapped[str | None] = mapped_column(String(300))
    service_phone: Mapped[str | None] = mapped_column(String(20))
    e_service_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    e_service_email: Mapped[str | None] = mapped_column(String(120))
    sms_notice: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    submission_token: Mapped[str | None] = mapped_column(String(80), unique=True)
    #: sha256 of the API body that first used ``submission_token`` (a retry must send the same)
    submission_digest: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        UniqueConstraint("year", "serial", name="uq_case_year_serial"),
        Index("ix_case_status_received", "status", "received_on"),
        # The staff worklist (「在办」): open cases by next due date, then date received (issue 17).
        Index("ix_case_worklist_open", worklist_due_key(next_due_on), "received_on", "id",
              postgresql_where=open_status_condition(status), sqlite_where=open_status_condition(status)),
        # 「我的案件」: the same order within one handler's open cases.
        Index("ix_case_worklist_mine", "handler_id", worklist_due_key(next_due_on), "received_on", "id",
              postgresql_where=open_status_condition(status), sqlite_where=open_status_condition(status)),
        # 「全部」 and one status (closed ones included): the same order over all cases (issue 17).
        Index("ix_case_worklist_all", worklist_due_key(next_due_on), "received_on", "id"),
        Index("ix_case_worklist_status", "status", worklist_due_key(next_due_on), "received_on", "id"),
        # The API list's due_before filter (and its bounded count).
        Index("ix_case_next_due_on", "next_due_on"),
        # The API list: newest received first, keyset on (received_on, id).
        Index("ix_case_received_id", "received_on", "id"),
        # The statistics by act type (recon.stats.figures): the period's received and closed cases
        # read from these alone (index-only).
    )

    parties: Mapped[list[Party]] = relationship(
        back_populates="case", order_by="Party.position", cascade="all, delete-orphan"
    )
    intake: Mapped[IntakeRecord | None] = relationship(back_populates="case", cascade="all, delete-orphan")
    materials: Mapped[list[Material]] = relationship(
        back_populates="case", order_by="Material.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )

    @property
    def status_label(self) -> str:
        """The Chinese label (stored and printed as is); pages show ``_(case.status_label)``."""
        if self.closure_detail == RETRACTED_FOR_CORRECTION:
            return RETRACTED_LABEL
        return CaseStatus(self.status).label

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label

    @property
    def procedure_label(self) -> str | None:
        return Procedure(self.procedure).label if self.procedure else None

    @property
    def closure_label(self) -> str | None:
        return Closure(self.closure).label if self.closure else None

    @property
    def act_type_label(self) -> str:
        return act_type_label(self.act_type)

    def parties_in(self, role: str) -> list[Party]:
        return [p for p in self.parties if p.role == role]

    @property
    def applicants(self) -> list[Party]:
        return self.parties_in(PartyRole.APPLICANT)


class Party(db.Model):
    __tablename__ = "party"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), default="person")
    name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(String(20), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(6))
    email: Mapped[str | None] = mapped_column(String(120))
    legal_representative: Mapped[str | None] = mapped_column(String(80))
    agent_kind: Mapped[str | None] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="parties")

    @property
    def role_label(self) -> str:
        return PartyRole(self.role).label


class IntakeRecord(db.Model):
    """Channel-specific facts and the immutable as-received snapshot."""

    __tablename__ = "intake_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Indexed: the worklist's "held" count reads only the submissions of the last minutes.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    postmark_on: Mapped[date | None] = mapped_column(Date)
    tracking_no: Mapped[str | None] = mapped_column(String(40), index=True)
    sender_address: Mapped[str | None] = mapped_column(String(300))
    oral: Mapped[bool] = mapped_column(Boolean, default=False)
    oral_statement: Mapped[str | None] = mapped_column(Text)
    oral_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    oral_signed_material_id: Mapped[int | None] = mapped_column(ForeignKey("material.id"))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Handed in at an intake point (接收点, recon.intake.models.IntakePoint): the point's own
    # receipt day and the hand-over to the bureau (when, and who at the bureau received it).
    point_id: Mapped[int | None] = mapped_column(ForeignKey("intake_point.id"), index=True)
    point_received_on: Mapped[date | None] = mapped_column(Date)
    handed_over_on: Mapped[date | None] = mapped_column(Date)
    handed_over_to: Mapped[str | None] = mapped_column(String(80))

    case: Mapped[Case] = relationship(back_populates="intake")
    point = relationship("IntakePoint")


class Material(db.Model):
    """An uploaded or scanned file, stored content-addressed (sha256)."""

    __tablename__ = "material"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(60))
    filename: Mapped[str] = mapped_column(String(255))
    item: Mapped[str] = mapped_column(String(40), default="evidence")
    stage: Mapped[str] = mapped_column(String(20), default="intake")
    #: the day the organ received the file when it is not the upload's (a reply registered later)
    received_on: Mapped[date | None] = mapped_column(Date)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="materials")

    @property
    def item_label(self) -> str:
        return MaterialItem.labels().get(self.item, self.item)

    @property
    def stage_label(self) -> str:
        return MaterialStage.labels().get(self.stage, self.stage)


class CaseEvent(db.Model):
    """The case timeline. `dedupe_key` makes scheduled effects happen exactly once."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(500))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)

    #: The hearings held in a period (the statistics' 负责人出席, recon.stats.figures).
    __table_args__ = (Index("ix_case_event_hearing_on", "on", "case_id", postgresql_where=HEARING_EVENT,
                            sqlite_where=HEARING_EVENT),)

    case: Mapped[Case] = relationship(back_populates="events")
