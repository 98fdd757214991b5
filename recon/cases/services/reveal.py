"""「显示完整号码」(ux.md S13): a case's parties' full ID and phone numbers, unmasked for one user
for a few minutes, every grant audited.

The grants are a small mapping the caller keeps in the login's session (``"user:case"`` → the
epoch second the grant ends), so a grant never passes to the next person who logs in on the
same browser. These functions take and return that mapping; they never touch the web session.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.cases.models import Case

REVEAL_MINUTES = 5


def _key(user, case_id: int) -> str:
    return f"{user.id}:{case_id}"


def _live(grants: Mapping | None, now: datetime) -> dict[str, float]:
    return {k: float(v) for k, v in (grants or {}).items() if float(v) > now.timestamp()}


def revealed(grants: Mapping | None, user, case_id: int, now: datetime) -> bool:
    """``user`` may see the case's numbers unmasked at ``now``."""
    return _live(grants, now).get(_key(user, case_id), 0) > now.timestamp()


def reveal(session: Session, grants: Mapping | None, case: Case, actor, now: datetime) -> dict[str, float]:
    """Grant ``actor`` the full numbers of ``case`` for REVEAL_MINUTES (audited); returns the
    grants to keep (expired ones dropped)."""
    kept = _live(grants, now)
    kept[_key(actor, case.id)] = (now + timedelta(minutes=REVEAL_MINUTES)).timestamp()
    record(session, actor, "case.reveal_numbers", case, case_id=case.id, at=now,
           summary=f"查看 {case.case_no} 当事人的完整证件号码和电话（{REVEAL_MINUTES} 分钟内有效）")
    return kept


def hide(grants: Mapping | None, case: Case, actor, now: datetime) -> dict[str, float]:
    """「隐藏号码」: end ``actor``'s grant for ``case`` now."""
    kept = _live(grants, now)
    kept.pop(_key(actor, case.id), None)
    return kept
