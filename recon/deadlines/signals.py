"""Signals the deadline services send, so that features above them (cases) can react in the same
transaction without deadlines importing them (design.md §3).

Every signal's sender is the ``Deadline`` (or, for ``describe_cases``, the session) and every
receiver gets ``session=`` to add its rows to; receivers must flush at most, never commit.

* ``due_changed``: a recomputation moved a due date or its provisional flag.
  kwargs: ``session``, ``change`` (``services.DueChange``), ``actor``, ``now``.
* ``deadlines_overdue``: the sweep flagged these open deadlines overdue (each exactly once). The
  sender is the session; kwargs: ``ids`` (the deadline ids of one batch), ``now``, ``today``.
  Receivers write set-based (``INSERT ... SELECT`` over ``ids``).
* ``deadline_lapsed``: the period of a rule whose expiry has a legal consequence
  (``sweep.CONSEQUENCE_RULES``: deemed acceptance, deemed abandonment) has run out. kwargs:
  ``session``, ``now``, ``today``. A receiver that applies the consequence returns a true value
  (and ends the deadline); when none does, the sweep flags the deadline overdue instead.
* ``deadlines_changed``: SQL statements (not the ORM) changed the state or due date of deadlines
  of these cases (the ORM's changes are seen by the cases layer itself). The sender is the
  session; kwargs: ``case_ids``. The cases layer recomputes ``case.next_due_on``.
* ``describe_cases``: asks for a display label of some cases (the board shows case numbers).
  kwargs: ``case_ids``; each receiver returns ``{case_id: label}``.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

due_changed = _signals.signal("recon.deadline.due-changed")
deadlines_overdue = _signals.signal("recon.deadline.overdue")
deadline_lapsed = _signals.signal("recon.deadline.lapsed")
deadlines_changed = _signals.signal("recon.deadline.changed")
describe_cases = _signals.signal("recon.deadline.describe-cases")


def case_labels(session, case_ids) -> dict[int, str]:
    """``{case_id: label}`` from every ``describe_cases`` receiver (empty when none is connected)."""
    ids = sorted({int(i) for i in case_ids})
    labels: dict[int, str] = {}
    if not ids:
        return labels
    for _receiver, answer in describe_cases.send(session, case_ids=ids):
        if answer:
            labels.update(answer)
    return labels
