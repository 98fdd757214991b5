"""Reading a case's performance obligation for its page (reads only)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.cases.models import Case
from recon.documents.models import Document
from recon.performance.models import EnforcedBy, Performance


def case_page(session: Session, case: Case, today: date) -> dict:
    """What the case page's 履行 section shows: the obligation, its state as of ``today``, each
    责令履行通知书 with its number, and the enforcement."""
    performance = session.scalar(select(Performance).where(Performance.case_id == case.id))
    if performance is None:
        return {"performance": None}
    notices = session.scalars(select(Document).where(Document.case_id == case.id,
                                                     Document.kind == "performance_order")
                              .order_by(Document.id)).all()
    orders = [{"on": date.fromisoformat(order["on"]), "days": order["days"],
               "due_on": date.fromisoformat(order["due_on"]), "duty": order.get("duty", ""),
               "document": notices[i] if i < len(notices) else None}
              for i, order in enumerate(performance.orders)]
    enforcement = dict(performance.enforcement or {})
    if enforcement.get("on"):
        enforcement["on"] = date.fromisoformat(enforcement["on"])
    return {"performance": performance, "performance_state": performance.current_state(today),
            "performance_state_label": performance.state_label(today), "performance_orders": orders,
            "enforcement": enforcement, "enforced_by": EnforcedBy.labels()}
