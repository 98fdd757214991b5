"""The scheduler's consequences on a case (art. 30 ¶3, art. 31 ¶2): the deadline sweep announces
an expired ``acceptance_review`` or ``correction_reply`` with ``signals.deadline_lapsed`` (deadlines
never import cases, design.md §3) and this receiver applies the law through the status machine:
deemed acceptance or deemed abandonment, exactly once (the action ends the deadline, and its
timeline entry has a unique key). Connected when the app is created (``recon/__init__.py``).

A consequence the status machine refuses (the case's state does not allow it) changes nothing
here: its savepoint is rolled back, the refusal is logged, and the sweep flags the deadline
overdue instead, so that it shows on the board.
"""

from __future__ import annotations

import logging

from recon.cases import workflow
from recon.cases.models import Case
from recon.deadlines import signals
from recon.errors import DomainError

log = logging.getLogger("recon.cases.scheduled")

CONSEQUENCES = {
    "acceptance_review": workflow.deem_accepted,
    "correction_reply": workflow.deem_abandoned,
}


@signals.deadline_lapsed.connect
def apply_consequence(deadline, *, session, now, **_extra) -> workflow.Outcome | None:
    """The outcome of deemed acceptance or abandonment, or None when the law's condition does
    not hold for the case (then the sweep flags the deadline overdue)."""
    action = CONSEQUENCES.get(deadline.rule)
    case = session.get(Case, deadline.case_id) if action else None
    if case is None:
        return None
    try:
        with session.begin_nested():
            return action(session, case, now)
    except DomainError as exc:
        log.warning("case %s: %s not applied: %s", case.case_no, deadline.rule, exc.message)
        return None
