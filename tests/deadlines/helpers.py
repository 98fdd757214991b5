"""Test helpers for the deadline DB layer: a bare Case row and a 2027 State Council schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime

from recon.cases.models import Case
from recon.deadlines import lifecycle
from recon.deadlines.models import Deadline
from recon.extensions import db

FIXED_NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 Beijing, Friday 2026-11-27
TODAY = date(2026, 11, 27)

# A 2027 schedule in the shape of a State Council notice (made up for the tests: the real notice
# is not out yet). New Year rests 1-3 January (Fri-Sun) and Saturday 9 January is worked.
NOTICE_2027_REST = [
    (date(2027, 1, 1), date(2027, 1, 3), "元旦"),
    (date(2027, 2, 5), date(2027, 2, 13), "春节"),
]
NOTICE_2027_MAKEUP = [(date(2027, 1, 9), "元旦"), (date(2027, 2, 14), "春节")]

_serial = 0


def make_case(session=None, *, received_on: date = date(2026, 11, 20), serial: int | None = None,
              year: int = 2026) -> Case:
    """Insert a minimal Case (the columns recon/cases/models.py requires) and flush."""
    global _serial
    session = session or db.session
    if serial is None:
        _serial += 1
        serial = _serial
    case = Case(
        case_no=f"合府复〔{year}〕{serial}号",
        year=year,
        serial=serial,
        query_code=f"Q{serial:06d}",
        channel="online",
        filed_on=received_on,
        received_on=received_on,
        respondent_name="合江区市场监督管理局",
        act_title="行政处罚决定书",
        request="撤销行政处罚决定",
        facts_and_reasons="事实不清，证据不足。",
    )
    session.add(case)
    session.flush()
    return case


def open_deadline(case: Case, rule_id: str, start: str, actor=None, **kwargs) -> Deadline:
    """``lifecycle.open_deadline`` for ``case`` from the ISO date ``start``, at ``FIXED_NOW``."""
    return lifecycle.open_deadline(db.session, case.id, rule_id, date.fromisoformat(start), actor,
                                  FIXED_NOW, **kwargs)
