"""Every resolution path through the status machine (issue 15): mediation to an effective 调解书,
a party backing out, settlement, self-correction and the pre-acceptance resolution. Due dates are
checked by hand (the decision period is 60 natural days, art. 62; start day excluded)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.cases import workflow
from recon.deadlines.models import Deadline
from recon.documents.models import Document
from recon.documents.services import document_bytes
from recon.errors import DomainError
from recon.extensions import db
from recon.mediation.models import Agreement, Mediation, Withdrawal
from tests.cases.helpers import act, beijing, deadlines_of, postal_case

D = date.fromisoformat


JUNE_3, JUNE_4, JUNE_10 = D("2026-06-03"), D("2026-06-04"), D("2026-06-10")


def _accepted(app, users, received=JUNE_3, accepted=JUNE_4):
    """Accepted Thu 2026-06-04: decision due 06-04 + 60 days = Mon 2026-08-03."""
    case = postal_case(app, users, received)
    act(app, case, "accept", {"procedure": "ordinary", "on": accepted}, users["handler"], beijing(accepted))
    assert deadlines_of(case)["decision"] == [("open", accepted, D("2026-08-03"))]
    return case


def _start(app, users, case, on=JUNE_10):
    return act(app, case, "start_mediation", {"on": on, "applicant_consents": True, "respondent_consents": True,
                                               "suspend": True, "mediators": ["人民调解员：王五"]},
               users["handler"], beijing(on))


def _decision(case) -> Deadline:
    return db.session.scalar(select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == "decision"))


def _kinds(case):
    return list(db.session.scalars(select(Document.kind).where(Document.case_id == case.id).order_by(Document.id)))


def test_two_sessions_end_in_an_effective_mediation_document(app, users):
    case = _accepted(app, users)
    outcome = _start(app, users, case)
    assert case.status == "mediation"
    decision = _decision(case)
    assert decision.state == "paused" and decision.pause_pairs() == [(D("2026-06-10"), None)]
    assert "中止计算" in outcome.event.summary
    assert outcome.document.kind == "suspension_notice"  # art. 39 ¶2: suspension notified in writing
    mediation = db.session.scalar(select(Mediation).where(Mediation.case_id == case.id))
    assert mediation.suspended and mediation.mediators == [{"kind": "peoples_mediator", "name": "王五"}]
    assert (mediation.applicant_consent_on, mediation.respondent_consent_on) == (D("2026-06-10"), D("2026-06-10"))

    handler = users["handler"]
    act(app, case, "log_mediation_session",
        {"on": D("2026-06-12"), "time": "09:30", "mode": "in_person", "place": "调解室",
         "participants": ["申请人 张三", "被申请人副局长 李四"], "head_attended": True,
         "applicant_position": "请求撤销罚款", "respondent_position": "可以减少罚款", "proposals": ["罚款减半"],
         "outcome": "continued"}, handler, beijing(D("2026-06-12")))
    act(app, case, "log_mediation_session",
        {"on": D("2026-06-19"), "mode": "video", "participants": ["申请人 张三", "被申请人代理人 赵六"],
         "outcome": "agreement"}, handler, beijing(D("2026-06-19")))
    act(app, case, "record_agreement", {"on": D("2026-06-19"), "terms": "罚款数额变更为人民币五千元\n申请人于十日内缴纳"},
        handler, beijing(D("2026-06-19")))
    with pytest.raises(DomainError, match="尚未签字"):
        workflow.perform(db.session, case, "seal_agreement", {"on": D("2026-06-22")}, users["supervisor"],
                         beijing(D("2026-06-22")), documents=_settings(app))
    db.session.rollback()
    for party in ("applicant", "respondent"):
        act(app, case, "sign_agreement", {"party": party, "on": D("2026-06-22")}, handler, beijing(D("2026-06-22")))
    with pytest.raises(workflow.ActionForbidden):  # the organ's seal is the supervisor's
        workflow.perform(db.session, case, "seal_agreement", {}, handler, beijing(D("2026-06-23")),
                         documents=_settings(app))
    outcome = act(app, case, "seal_agreement", {"on": D("2026-06-23")}, users["supervisor"], beijing(D("2026-06-23")))

    assert (case.status, case.closure, case.closed_on) == ("closed", "mediation", D("2026-06-23"))
    document = outcome.document
    assert document.kind == "mediation_document" and "调" in document.number and document.number.endswith("号")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(document_bytes(document))).pages)
    assert "罚款数额变更为人民币五千元" in text and "共调解2次" in text.replace(" ", "")
    decision = _decision(case)
    # paused from the start of the mediation and never resumed: the mediation is not counted
    assert decision.state == "cancelled" and decision.pause_pairs() == [(D("2026-06-10"), None)]
    agreement = db.session.scalar(select(Agreement).where(Agreement.case_id == case.id))
    assert agreement.signatures == {"applicant": "2026-06-22", "respondent": "2026-06-22"}
    assert agreement.sealed_on == D("2026-06-23") and mediation.state == "effective"
    assert len(mediation.sessions) == 2 and mediation.sessions[0].head_attended
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.case_id == case.id)))
    assert {"case.start_mediation", "case.log_mediation_session", "case.record_agreement",
            "case.sign_agreement", "case.seal_agreement"} <= actions


def _settings(app):
    from tests.cases.helpers import document_settings

    return document_settings(app)


def test_a_party_backs_out_before_the_seal_and_handling_resumes(app, users):
    """Paused Wed 06-10 after 6 days had run (06-05…06-10), resumed Sat 06-20: the 10 days paused
    are not counted, so the due day moves from Mon 08-03 to Thu 2026-08-13."""
    case = _accepted(app, users)
    _start(app, users, case)
    act(app, case, "record_agreement", {"on": D("2026-06-15"), "terms": "撤销罚款"}, users["handler"],
        beijing(D("2026-06-15")))
    act(app, case, "sign_agreement", {"party": "applicant", "on": D("2026-06-16")}, users["handler"],
        beijing(D("2026-06-16")))
    outcome = act(app, case, "back_out", {"party": "respondent", "on": D("2026-06-20")}, users["handler"],
                  beijing(D("2026-06-20")))
    assert case.status == "accepted" and case.closure is None
    decision = _decision(case)
    assert (decision.state, decision.due_on) == ("open", D("2026-08-13"))
    assert "2026年8月13日" in outcome.event.summary and "反悔" in outcome.event.summary
    notice = outcome.document
    assert notice.kind == "resumption_notice"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(document_bytes(notice))).pages)
    assert "恢复审理" in text
    mediation = db.session.scalar(select(Mediation).where(Mediation.case_id == case.id))
    assert mediation.state == "backed_out" and mediation.agreement.void
    assert workflow.transition("seal_agreement") not in workflow.available(db.session, case, users["supervisor"],
                                                                           D("2026-06-21"))
    # the case may be mediated again later
    assert workflow.transition("start_mediation") in workflow.available(db.session, case, users["handler"],
                                                                        D("2026-06-21"))


def test_failed_mediation_resumes_the_clock(app, users):
    case = _accepted(app, users)
    _start(app, users, case)
    with pytest.raises(DomainError):
        workflow.perform(db.session, case, "end_mediation", {"outcome": "agreement"}, users["handler"],
                         beijing(D("2026-06-20")))
    db.session.rollback()
    act(app, case, "end_mediation", {"outcome": "failed", "on": D("2026-06-20")}, users["handler"],
        beijing(D("2026-06-20")))
    assert case.status == "accepted" and _decision(case).due_on == D("2026-08-13")


def test_suspension_needs_both_consents(app, users):
    case = _accepted(app, users)
    with pytest.raises(DomainError, match="均同意") as caught:
        workflow.perform(db.session, case, "start_mediation",
                         {"on": D("2026-06-10"), "applicant_consents": True, "suspend": True},
                         users["handler"], beijing(D("2026-06-10")))
    assert caught.value.field == "suspend"
    db.session.rollback()
    assert case.status == "accepted" and _decision(case).state == "open"


def test_settlement_then_withdrawal_terminates_the_case(app, users):
    case = _accepted(app, users)
    _start(app, users, case)
    outcome = act(app, case, "withdraw",
                  {"on": D("2026-06-18"), "reason": "双方已和解", "after_settlement": True,
                   "settlement_terms": "被申请人退还罚款一千元"}, users["handler"], beijing(D("2026-06-18")))
    assert (case.status, case.closure, case.closure_detail) == ("closed", "withdrawn", "after_settlement")
    assert outcome.document.kind == "termination_decision"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(document_bytes(outcome.document))).pages)
    assert "和解" in text
    record = db.session.scalar(select(Withdrawal).where(Withdrawal.case_id == case.id))
    assert record.after_settlement and record.agreement.kind == "settlement"
    assert record.agreement.terms == "被申请人退还罚款一千元"
    running = [d for d in db.session.scalars(select(Deadline).where(Deadline.case_id == case.id))
               if d.state not in ("met", "cancelled")]
    # only the 和解协议's performance runs on (60 days from 06-18: Mon 08-17; issue 15, art. 77)
    assert [(d.rule, d.due_on) for d in running] == [("performance", D("2026-08-17"))]
    with pytest.raises(DomainError, match="和解协议"):
        other = _accepted(app, users)
        workflow.perform(db.session, other, "withdraw", {"reason": "和解", "after_settlement": True},
                         users["handler"], beijing(D("2026-06-18")), documents=_settings(app))


def test_self_correction_then_withdrawal_is_flagged(app, users):
    case = _accepted(app, users)
    act(app, case, "withdraw", {"on": D("2026-06-15"), "reason": "被申请人已撤销原处罚决定", "self_correction": True,
                                "new_act_no": "某市监撤字〔2026〕3号", "new_act_on": D("2026-06-12")},
        users["handler"], beijing(D("2026-06-15")))
    assert (case.closure, case.closure_detail) == ("withdrawn", "self_correction")
    record = db.session.scalar(select(Withdrawal).where(Withdrawal.case_id == case.id))
    assert (record.new_act_no, record.new_act_on) == ("某市监撤字〔2026〕3号", D("2026-06-12"))
    assert _kinds(case)[-1] == "termination_decision"


def test_pre_acceptance_resolution(app, users):
    """Received Mon 2026-06-01: the review runs to Mon 06-08 and keeps running during the talks."""
    case = postal_case(app, users, D("2026-06-01"))
    outcome = act(app, case, "start_mediation", {"on": D("2026-06-02"), "applicant_consents": True,
                                                 "respondent_consents": True},
                  users["handler"], beijing(D("2026-06-02")))
    assert case.status == "received" and outcome.document is None  # nothing suspended before acceptance
    assert any("视为受理" in w and "2026年6月8日" in w for w in outcome.warnings)
    assert deadlines_of(case)["acceptance_review"][0][0] == "open"
    act(app, case, "log_mediation_session", {"on": D("2026-06-03"), "mode": "phone",
                                             "participants": ["申请人 张三"], "outcome": "agreement"},
        users["handler"], beijing(D("2026-06-03")))
    blocked = workflow.transition("record_agreement").guard(db.session, case, D("2026-06-03"))
    assert "受理后制作" in blocked  # no 调解书 before acceptance
    act(app, case, "withdraw", {"on": D("2026-06-04"), "reason": "被申请人已作出解释，申请人接受"},
        users["handler"], beijing(D("2026-06-04")))
    assert (case.status, case.closure, case.accepted_on) == ("closed", "resolved_before_acceptance", None)
    assert "termination_decision" not in _kinds(case)  # nothing was accepted, so nothing to terminate
    assert db.session.scalar(select(Mediation).where(Mediation.case_id == case.id)).state == "effective"


def test_withdrawal_without_mediation_before_acceptance_is_a_plain_withdrawal(app, users):
    case = postal_case(app, users, D("2026-06-01"))
    act(app, case, "withdraw", {"on": D("2026-06-02"), "reason": "申请人不再申请"}, users["handler"],
        beijing(D("2026-06-02")))
    assert (case.closure, case.closure_detail) == ("withdrawn", None)


def test_a_later_application_on_a_settled_act_is_flagged(app, users):
    """Art. 74 ¶2: after a settlement and withdrawal, the same applicant's new application on the
    same act is flagged at intake with the earlier settlement."""
    from recon.intake.models import CaseLink

    case = _accepted(app, users)
    act(app, case, "withdraw", {"on": D("2026-06-10"), "reason": "和解", "after_settlement": True,
                                "settlement_terms": "退还罚款"}, users["handler"], beijing(D("2026-06-10")))
    later = postal_case(app, users, D("2026-06-15"))
    link = db.session.scalar(select(CaseLink).where(CaseLink.case_id == later.id))
    assert link is not None and link.other_case_id == case.id
    assert "和解后撤回申请" in link.reason and "第七十四条第二款" in link.reason


def test_a_pre_acceptance_mediation_goes_on_after_deemed_acceptance(app, users):
    """Received Mon 2026-06-01, review due Mon 06-08: the talks outlast it, the case is deemed
    accepted as of 06-08 and the agreement becomes a 调解书 all the same."""
    case = postal_case(app, users, D("2026-06-01"))
    act(app, case, "start_mediation", {"on": D("2026-06-02"), "applicant_consents": True,
                                       "respondent_consents": True}, users["handler"], beijing(D("2026-06-02")))
    workflow.deem_accepted(db.session, case, beijing(D("2026-06-09"), 1))
    db.session.commit()
    assert (case.status, case.accepted_on, case.deemed_accepted) == ("accepted", D("2026-06-08"), True)
    act(app, case, "record_agreement", {"on": D("2026-06-10"), "terms": "撤销罚款"}, users["handler"],
        beijing(D("2026-06-10")))
    for party in ("applicant", "respondent"):
        act(app, case, "sign_agreement", {"party": party, "on": D("2026-06-11")}, users["handler"],
            beijing(D("2026-06-11")))
    outcome = act(app, case, "seal_agreement", {"on": D("2026-06-12")}, users["supervisor"], beijing(D("2026-06-12")))
    assert (case.status, case.closure) == ("closed", "mediation") and outcome.document.kind == "mediation_document"
