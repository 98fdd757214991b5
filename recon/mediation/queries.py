"""Reading mediations and resolutions: a case's mediation and its 调解书, what the applicant may
see, and the resolution 台账 (issue 15) with its masked export. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from recon.auth.models import User
from recon.cases.models import Case
from recon.cases.status import (
    Closure,
    PartyRole,
    WithdrawalDetail,
)
from recon.documents.models import Document
from recon.documents.services import latest_document
from recon.i18n import N_, LabelledEnum, gettext
from recon.masking import mask_name, mask_person_name, mask_text
from recon.mediation.models import (
    Agreement,
    AgreementKind,
    Mediation,
    MediationState,
    MediatorKind,
    SigningParty,
    Withdrawal,
)
from recon.performance.models import Performance


def mediation_of(session: Session, case: Case) -> Mediation | None:
    """The case's last mediation (None: never mediated)."""
    return session.scalar(select(Mediation).where(Mediation.case_id == case.id)
                          .order_by(Mediation.id.desc()).limit(1))


def mediation_document(session: Session, case: Case) -> Document | None:
    return latest_document(session, case.id, "mediation_document")


def settlement_of(session: Session, case: Case) -> Agreement | None:
    return session.scalar(select(Agreement).where(Agreement.case_id == case.id,
                                                  Agreement.kind == AgreementKind.SETTLEMENT)
                          .order_by(Agreement.id.desc()).limit(1))


def signers(case: Case) -> list[str]:
    """Who must sign the agreement: the applicant, the respondent, and the third party if any."""
    parties = [SigningParty.APPLICANT.value, SigningParty.RESPONDENT.value]
    if case.parties_in(PartyRole.THIRD_PARTY):
        parties.append(SigningParty.THIRD_PARTY.value)
    return parties


def case_page(session: Session, case: Case) -> dict:
    """What the case page's 调解 section shows."""
    mediation = mediation_of(session, case)
    return {"mediation": mediation,
            "mediation_handler": session.get(User, mediation.handler_id) if mediation and mediation.handler_id else None,
            "withdrawal": session.scalar(select(Withdrawal).where(Withdrawal.case_id == case.id)),
            "signers": signers(case), "signing_parties": SigningParty.labels(),
            "mediator_kinds": MediatorKind.labels()}


def _names(case: Case) -> set[str]:
    """The applicant side's names (applicants, agents, representatives)."""
    return {p.name for p in case.parties
            if p.role in (PartyRole.APPLICANT, PartyRole.AGENT, PartyRole.REPRESENTATIVE)}


def applicant_sessions(session: Session, case: Case) -> list:
    """The sessions the applicant (or their agent) took part in, oldest first."""
    names = _names(case)
    mediations = session.scalars(select(Mediation).where(Mediation.case_id == case.id)
                                 .order_by(Mediation.id)).all()
    return [s for m in mediations for s in m.sessions
            if any(name in participant for participant in s.participants for name in names)]


def portal(session: Session, case: Case) -> dict:
    """What the applicant sees (issue 15): the sessions they took part in, and the 和解协议 once the
    case is closed on it (the effective 调解书 is among the documents)."""
    settlement = settlement_of(session, case) if case.closed_on else None
    return {"mediation_sessions": applicant_sessions(session, case), "settlement": settlement}


# ---- the resolution 台账 ---------------------------------------------------------------------


class Path(LabelledEnum):
    MEDIATION = "mediation", N_("调解")
    SETTLEMENT = "settlement", N_("和解")
    SELF_CORRECTION = "self_correction", N_("被申请人自行纠正")
    BEFORE_ACCEPTANCE = "before_acceptance", N_("受理前协商化解")


@dataclass
class LedgerRow:
    case: Case
    path: str
    started_on: date
    ended_on: date | None
    session_dates: list[date] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    outcome: str = ""
    handler: str = ""
    performance: Performance | None = None

    @property
    def path_label(self) -> str:
        return Path(self.path).label

    def performance_text(self, today: date) -> str:
        """「已履行（期限 2026-07-01，2026-06-28 履行）」: the obligation's state, due and performed days."""
        item = self.performance
        if item is None:
            return ""
        parts = []
        if item.due_on:
            parts.append(gettext("期限 %(day)s", day=item.due_on.isoformat()))
        if item.performed_on:
            parts.append(gettext("%(day)s 履行", day=item.performed_on.isoformat()))
        text = gettext(item.state_label(today))
        return text + (gettext("（%(parts)s）", parts=gettext("，").join(parts)) if parts else "")


@dataclass
class LedgerFilter:
    start: date | None = None
    end: date | None = None
    respondent: str = ""
    handler_id: int | None = None
    path: str = ""
    outcome: str = ""


OUTCOMES = {**MediationState.labels(), "withdrawn": N_("撤回申请，行政复议终止"),
            Closure.RESOLVED_BEFORE_ACCEPTANCE.value: Closure.RESOLVED_BEFORE_ACCEPTANCE.label}


def _row(case: Case, mediations: list[Mediation], withdrawal: Withdrawal | None,
         handlers: dict[int, User]) -> LedgerRow | None:
    mediation = mediations[-1] if mediations else None
    if withdrawal is not None and (withdrawal.after_settlement or withdrawal.self_correction
                                   or case.closure == Closure.RESOLVED_BEFORE_ACCEPTANCE):
        path = (Path.BEFORE_ACCEPTANCE if case.closure == Closure.RESOLVED_BEFORE_ACCEPTANCE
                else Path.SETTLEMENT if withdrawal.after_settlement else Path.SELF_CORRECTION)
        outcome = (Closure.RESOLVED_BEFORE_ACCEPTANCE.value if path == Path.BEFORE_ACCEPTANCE else "withdrawn")
        started = mediations[0].started_on if mediations else withdrawal.on
        ended = withdrawal.on
    elif mediation is not None:
        path, outcome = Path.MEDIATION, mediation.state
        started, ended = mediations[0].started_on, mediation.ended_on
    else:
        return None
    handler_id = case.handler_id or (mediation.handler_id if mediation else None)
    handler = handlers.get(handler_id)
    outside = [f"{m['name']}（{MediatorKind(m['kind']).label}）" for med in mediations for m in med.mediators]
    return LedgerRow(case=case, path=path, started_on=started, ended_on=ended,
                     session_dates=[s.on for med in mediations for s in med.sessions],
                     mediators=([handler.display_name] if handler else []) + list(dict.fromkeys(outside)),
                     outcome=outcome, handler=handler.display_name if handler else "")


def ledger(session: Session, filters: LedgerFilter) -> list[LedgerRow]:
    """Every mediation, settlement, self-correction and pre-acceptance resolution, newest first."""
    resolved = select(Withdrawal.case_id).where(or_(Withdrawal.after_settlement, Withdrawal.self_correction,
                                                    Withdrawal.before_acceptance))
    query = (select(Case).where(or_(Case.id.in_(select(Mediation.case_id)), Case.id.in_(resolved)))
             .options(selectinload(Case.parties)))
    if filters.respondent:
        query = query.where(Case.respondent_name.contains(filters.respondent))
    if filters.handler_id:
        query = query.where(Case.handler_id == filters.handler_id)
    cases = session.scalars(query).all()
    ids = [c.id for c in cases]
    mediations: dict[int, list[Mediation]] = {}
    for m in session.scalars(select(Mediation).where(Mediation.case_id.in_(ids)).order_by(Mediation.id)
                             .options(selectinload(Mediation.sessions))):
        mediations.setdefault(m.case_id, []).append(m)
    withdrawals = {w.case_id: w for w in session.scalars(select(Withdrawal).where(Withdrawal.case_id.in_(ids)))}
    performances = {p.case_id: p for p in session.scalars(
        select(Performance).where(Performance.case_id.in_(ids)).options(selectinload(Performance.deadline)))}
    handler_ids = {c.handler_id for c in cases} | {m.handler_id for ms in mediations.values() for m in ms}
    handlers = {u.id: u for u in session.scalars(select(User).where(User.id.in_(handler_ids - {None})))}
    rows = []
    for case in cases:
        row = _row(case, mediations.get(case.id, []), withdrawals.get(case.id), handlers)
        if row is None:
            continue
        row.performance = performances.get(case.id)
        if filters.start and (row.ended_on or row.started_on) < filters.start:
            continue
        if filters.end and row.started_on > filters.end:
            continue
        if filters.path and row.path != filters.path:
            continue
        if filters.outcome and row.outcome != filters.outcome:
            continue
        rows.append(row)
    rows.sort(key=lambda r: (r.started_on, r.case.id), reverse=True)
    return rows


def _applicant(case: Case) -> str:
    names = []
    for party in case.applicants:
        names.append(mask_person_name(party.name) if party.kind == "person" else mask_name(party.name))
    return "、".join(names)


def export_header() -> list[str]:
    return [gettext(h) for h in (N_("案号"), N_("申请人"), N_("被申请人"), N_("承办人"), N_("化解方式"),
                                 N_("开始日期"), N_("结束日期"), N_("调解次数"), N_("调解日期"),
                                 N_("调解人员"), N_("结果"), N_("结案方式"), N_("履行情况"))]


def export_rows(rows: list[LedgerRow], today: date) -> list[list]:
    """The 台账 as table rows with masked personal data (ux.md S13): applicants' names masked,
    no ID or phone number anywhere (free text passes ``mask_text``)."""
    out = []
    for row in rows:
        case = row.case
        closure = gettext(case.closure_label) if case.closure else ""
        if case.closure_detail in (WithdrawalDetail.AFTER_SETTLEMENT, WithdrawalDetail.SELF_CORRECTION):
            closure += f"（{gettext(WithdrawalDetail(case.closure_detail).label)}）"
        out.append([
            case.case_no, _applicant(case), mask_text(case.respondent_name), row.handler,
            gettext(row.path_label), row.started_on.isoformat(),
            row.ended_on.isoformat() if row.ended_on else "", len(row.session_dates),
            "、".join(d.isoformat() for d in row.session_dates), mask_text("、".join(row.mediators)),
            gettext(OUTCOMES[row.outcome]), closure, row.performance_text(today),
        ])
    return out


