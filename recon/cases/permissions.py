"""Who may see and act on a case (design.md §8: object-level checks live here, once).

* Staff who work on cases (clerk, handler, supervisor) see every case; the admin sees none.
* An applicant sees only the cases filed from their own account (``case.owner_id``); any other
  case is, for them, as if it did not exist (404, never 403: its existence is not revealed).
* Who may take a workflow action, and in which status, is the status machine's table
  (``workflow.TRANSITIONS``: the ``roles`` of each row; ``workflow.refusal`` says why not).

Plain functions of (case, user): no request, no session, usable by pages, the API and services.
"""

from __future__ import annotations

from recon.auth.roles import CASE_ROLES, Role
from recon.cases.models import Case
from recon.errors import NotFound
from recon.i18n import gettext


def owns(case: Case | None, user) -> bool:
    """The case was filed from ``user``'s applicant account."""
    return (case is not None and user is not None and case.owner_id is not None
            and case.owner_id == getattr(user, "id", None))


def is_case_staff(user) -> bool:
    return user is not None and getattr(user, "role", None) in CASE_ROLES


def can_see(case: Case | None, user) -> bool:
    """Staff who work on cases see every case; an applicant only their own."""
    if case is None or user is None:
        return False
    if getattr(user, "role", None) == Role.APPLICANT:
        return owns(case, user)
    return is_case_staff(user)


def hidden_from(case: Case | None, user) -> bool:
    """The case does not exist for ``user`` (404)."""
    return not can_see(case, user)


def require_own(case: Case | None, user) -> Case:
    """The case, when ``user`` is its applicant; else NotFound (「未找到该申请」)."""
    if not owns(case, user):
        raise NotFound(gettext("未找到该申请"))
    return case
