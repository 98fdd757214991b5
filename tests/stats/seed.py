"""A hand-countable set of 62 cases (with a few hearings, mediation sessions and 意见书 / 建议书) for the statistics tests (every figure is worked out in
tests/stats/test_figures.py from the table below)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from recon.cases.models import Case, CaseEvent, IntakeRecord, Party
from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.extensions import db
from recon.followup.models import LaterProceeding
from recon.intake.models import IntakePoint
from recon.mediation.models import Mediation, MediationSession

D = date.fromisoformat
TODAY = date(2026, 11, 27)  # a Friday: this week ends on Sunday 29 November

# group: (count, channel, received, accepted, closed, closure, detail, status)
GROUPS = {
    "R1": (8, "online", "2026-01-10", "2026-01-15", None, None, None, "accepted"),
    "R2": (4, "postal", "2026-02-05", None, "2026-02-10", None, None, "refused"),
    "M1": (6, "onsite", "2026-03-01", "2026-03-05", "2026-04-04", "mediation", None, "closed"),
    "S1": (3, "online", "2026-03-02", "2026-03-06", "2026-04-05", "withdrawn", "after_settlement", "closed"),
    "SC": (2, "online", "2026-03-03", "2026-03-07", "2026-04-06", "withdrawn", "self_correction", "closed"),
    "WO": (1, "online", "2026-03-04", "2026-03-08", "2026-04-07", "withdrawn", None, "closed"),
    "RB": (2, "onsite", "2026-04-01", None, "2026-04-10", "resolved_before_acceptance", None, "closed"),
    "RV": (5, "onsite", "2026-05-01", "2026-05-06", "2026-06-20", "revoke", None, "closed"),
    "VA": (2, "postal", "2026-05-02", "2026-05-07", "2026-07-20", "vary", None, "closed"),
    "UP": (10, "online", "2026-06-01", "2026-06-03", "2026-07-03", "uphold", None, "closed"),
    "TM": (2, "onsite", "2026-07-01", "2026-07-02", "2026-08-01", "terminated", None, "closed"),
    "DC": (7, "onsite", "2026-09-01", None, None, None, None, "received"),
    "RJ": (3, "online", "2025-12-20", "2025-12-25", "2026-01-30", "reject_request", None, "closed"),
    "RET": (2, "online", "2026-06-10", None, "2026-06-10", "withdrawn", "correction_window", "closed"),
    "P25": (5, "onsite", "2025-06-15", "2025-06-16", "2025-08-01", "uphold", None, "closed"),
}
DECISION_DUE = {"RV": "2026-07-05", "VA": "2026-07-06", "UP": "2026-08-02"}
VA_PAUSE = [["2026-05-20", "2026-06-09"]]  # 20 days suspended, each VA case
#: 行政行为类别 of the groups (the others are 未分类): RET's retractions and P25 (2025) never count in 2026
ACT_TYPES = {"RV": "penalty", "VA": "penalty", "RET": "penalty", "P25": "penalty", "UP": "licensing"}
#: hearings (group, case index, day, the respondent's 负责人 attended)
HEARINGS = [("RV", 0, "2026-06-01", True), ("RV", 1, "2026-06-02", False), ("VA", 0, "2026-06-05", False),
            ("VA", 0, "2026-06-15", True), ("P25", 0, "2025-07-01", True)]
#: mediation sessions (group, case index, day, 负责人 attended); RV 0 also had a hearing
SESSIONS = [("M1", 0, "2026-03-20", True), ("M1", 1, "2026-03-21", False), ("M1", 2, "2026-03-22", False),
            ("M1", 2, "2026-03-25", True), ("RV", 0, "2026-06-03", True)]
#: documents (group, case index, kind, issued at in Beijing time): RV 0's second 意见书 late on 31
#: December is 2026's; VA 0's ten minutes into 2027 (Beijing) is not, although it is 2026 in UTC
DOCUMENTS = [("RV", 0, "opinion_letter", "2026-07-01T10:00:00+08:00"),
             ("RV", 0, "opinion_letter", "2026-12-31T23:30:00+08:00"),
             ("VA", 0, "opinion_letter", "2027-01-01T00:10:00+08:00"),
             ("UP", 0, "recommendation_letter", "2026-08-10T09:00:00+08:00")]
APPLICANT_ID = "11010519491231002X"
APPLICANT_PHONE = "13800138000"


def seed(handler=None, groups=None) -> dict[str, list[Case]]:
    """Insert the cases (``groups``: only those keys); returns them by group."""
    point = IntakePoint(code="HJ-01", name="合江镇公共法律服务工作站", kind="legal_service",
                        address="合江镇中山路 1 号", hours="", active=True)
    db.session.add(point)
    db.session.flush()
    made: dict[str, list[Case]] = {}
    serial = 0
    for key, (count, channel, received, accepted, closed, closure, detail, status) in GROUPS.items():
        if groups is not None and key not in groups:
            continue
        for i in range(count):
            serial += 1
            case = Case(case_no=f"合府复〔{received[:4]}〕{serial}号", year=int(received[:4]), serial=serial,
                        query_code=f"Q{serial:07d}", channel=channel, status=status, filed_on=D(received),
                        received_on=D(received), accepted_on=D(accepted) if accepted else None,
                        closed_on=D(closed) if closed else None, closure=closure, closure_detail=detail,
                        procedure="ordinary" if accepted else None,
                        respondent_name="合江区市场监督管理局" if key in ("RV", "VA") else "合江区公安分局",
                        act_title="行政处罚决定书", request="请求撤销", facts_and_reasons="事实不清。",
                        enterprise=key == "M1" and i < 2,
                        act_type=ACT_TYPES.get(key),
                        handler_id=handler.id if handler is not None and key == "UP" else None)
            case.parties.append(Party(role="applicant", position=0, name=f"王{key}{i}", id_number=APPLICANT_ID,
                                      phone=APPLICANT_PHONE, address="合江区东风路 3 号"))
            db.session.add(case)
            db.session.flush()
            if key == "M1":
                db.session.add(IntakeRecord(case_id=case.id, channel=channel, point_id=point.id,
                                            submitted_at=datetime(2026, 3, 1, 2, tzinfo=UTC), snapshot={}))
            if key in DECISION_DUE:
                db.session.add(Deadline(case_id=case.id, rule="decision", start_on=D(accepted),
                                        due_on=D(DECISION_DUE[key]), state="met", derivation={},
                                        pauses=VA_PAUSE if key == "VA" else []))
            if key == "R1":
                due, state = (("2026-11-28", "open") if i < 3 else ("2026-11-20", "overdue") if i < 5
                              else ("2026-12-20", "open"))
                db.session.add(Deadline(case_id=case.id, rule="decision", start_on=D(accepted), due_on=D(due),
                                        state=state, derivation={}, pauses=[]))
            if (key == "RV" and i < 2) or (key == "UP" and i == 0):
                db.session.add(LaterProceeding(case_id=case.id, kind="litigation", court="合江县人民法院",
                                               number=f"（2026）川0522行初{serial}号", on=D("2026-08-01")))
            if key == "VA" and i == 0:
                db.session.add(LaterProceeding(case_id=case.id, kind="petition", number="信2026-1",
                                               on=D("2026-08-15")))
            made.setdefault(key, []).append(case)
    _hearings_sessions_documents(made)
    db.session.commit()
    return made


def _hearings_sessions_documents(made: dict[str, list[Case]]) -> None:
    for key, i, day, attended in HEARINGS:
        if key in made:
            db.session.add(CaseEvent(case_id=made[key][i].id, on=D(day), kind="workflow.record_hearing",
                                     summary="举行听证", public=False,
                                     at=datetime.fromisoformat(day + "T02:00:00+00:00"),
                                     payload={"action": "record_hearing", "respondent_head_attended": attended}))
    mediations: dict[int, Mediation] = {}
    for key, i, day, attended in SESSIONS:
        if key in made:
            case_id = made[key][i].id
            if case_id not in mediations:
                mediations[case_id] = Mediation(case_id=case_id, state="open", started_on=D(day))
                db.session.add(mediations[case_id])
            mediations[case_id].sessions.append(MediationSession(on=D(day), mode="in_person", outcome="continued",
                                                                 head_attended=attended))
    for n, (key, i, kind, at) in enumerate(DOCUMENTS, start=1):
        if key in made:
            case = made[key][i]
            db.session.add(Document(case_id=case.id, kind=kind, number=f"合府复意〔2026〕{case.serial}号之{n}", repeat=n,
                                    year=2026, serial=case.serial, sha256=f"{n:064d}", size=1,
                                    issued_at=datetime.fromisoformat(at).astimezone(UTC),
                                    verification_code=f"CODE{n:04d}", context={}))

