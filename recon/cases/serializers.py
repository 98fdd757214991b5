"""Case bodies for the JSON API (api.md names)."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from sqlalchemy import select

from recon.clock import BEIJING
from recon.extensions import db


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: datetime | None) -> str | None:
    return value.astimezone(BEIJING).isoformat() if value else None


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


def deadline_body(deadline) -> dict:
    derivation = deadline.derivation or {}
    return {
        "rule": deadline.rule,
        "start_on": _d(deadline.start_on),
        "due_on": _d(deadline.due_on),
        "unit": derivation.get("unit"),
        "article": derivation.get("article"),
        "provisional": deadline.provisional,
        "state": deadline.state,
    }


def visible_documents(case, for_applicant: bool) -> list:
    from recon.documents.services import applicant_documents, case_documents

    if for_applicant:
        return applicant_documents(db.session, case.id)
    return case_documents(db.session, case.id)


def case_body(case, for_applicant: bool = False) -> dict:
    from recon.auth.models import User
    from recon.deadlines.models import Deadline

    deadlines = db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.id)).all()
    handler = db.session.get(User, case.handler_id) if case.handler_id else None
    events = [e for e in case.events if e.public or not for_applicant]
    body = case_summary(case) | {
        "handler": handler.username if handler and not for_applicant else None,
        "deadlines": [deadline_body(d) for d in deadlines],
        "timeline": [{"at": _dt(e.at), "kind": e.kind, "summary": e.summary} for e in events],
        "documents": [
            {"kind": d.kind, "number": d.number, "issued_at": _dt(d.issued_at),
             "url": url_for("api.document_pdf", document_id=d.id),
             "verification_code": d.verification_code}
            for d in visible_documents(case, for_applicant)
        ],
        "mediation": mediation_body(case, for_applicant),
        "performance": performance_body(case),
    }
    return body


def performance_body(case) -> dict | None:
    """The obligation of the decision, 调解书 or 和解协议 that closed the case (arts. 77–78)."""
    from recon.clock import today_beijing
    from recon.documents.models import Document
    from recon.performance.models import Performance

    performance = db.session.scalar(select(Performance).where(Performance.case_id == case.id))
    if performance is None:
        return None
    notices = db.session.scalars(select(Document.number).where(
        Document.case_id == case.id, Document.kind == "performance_order").order_by(Document.id)).all()
    orders = [{"on": o["on"], "days": o["days"], "due_on": o["due_on"],
               "document": notices[i] if i < len(notices) else None} for i, o in enumerate(performance.orders)]
    return {"state": performance.current_state(today_beijing()), "source": performance.source,
            "obliged": performance.obliged, "obligation": performance.obligation,
            "effective_on": _d(performance.effective_on), "due_on": _d(performance.due_on),
            "performed_on": _d(performance.performed_on), "orders": orders,
            "enforcement": performance.enforcement}


def mediation_body(case, for_applicant: bool = False) -> dict:
    """api.md v1.1: the case's last mediation (``state`` null when never mediated). The applicant
    sees the terms once the agreement is effective."""
    from recon.mediation.queries import mediation_document, mediation_of

    mediation = mediation_of(db.session, case)
    if mediation is None:
        return {"state": None, "sessions": [], "agreement": None}
    agreement = mediation.agreement
    body = {"state": mediation.state,
            "sessions": [{"on": _d(s.on), "mode": s.mode, "outcome": s.outcome} for s in mediation.sessions],
            "agreement": None}
    if agreement is not None and not (for_applicant and agreement.sealed_on is None):
        document = mediation_document(db.session, case) if agreement.sealed_on else None
        body["agreement"] = {"terms": agreement.terms, "signed": dict(agreement.signatures),
                             "sealed_on": _d(agreement.sealed_on),
                             "document": document.number if document else None}
    return body
