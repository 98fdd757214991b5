"""After the decision, and alongside the handling (domain.md §6, §9.2; issue 14): the 行政复议意见书
with its 60-day report (art. 76), the 行政复议建议书 (Regs art. 57 ¶2), 抄告 and publication
(art. 79). The ``step`` and ``guard`` functions of the status machine's rows; none of them changes
the case's status.

A 意见书's report period (``opinion_report``, 60 days from the recipient's receipt) is opened by the
step itself, and its id is kept in the document's input (``Document.context["extra"]``), so that
``record_opinion_report`` meets the period of the 意见书 it names. A 建议书 carries no reply period:
Regs art. 57 ¶2 sets none (the letter asks the organ to tell the body what it did).

抄告 and publication are records: the action's timeline entry holds the fields (``records``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from recon.cases.models import Case
from recon.cases.services.hearing import records
from recon.cases.services.inputs import past_day, scan_material, text_value
from recon.cases.status import MaterialStage, PartyRole
from recon.deadlines import lifecycle as deadlines
from recon.deadlines.display import date_zh
from recon.deadlines.models import Deadline, DeadlineState
from recon.documents.models import Document
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import gettext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from recon.cases.workflow import Step

MAX_TEXT = 5000
OPINION_KIND = "opinion_letter"
RECOMMENDATION_KIND = "recommendation_letter"
#: The documents art. 79 ¶2 copies to the respondent's superior organ (抄告).
NOTIFIED_KINDS = ("decision", OPINION_KIND)
#: The records the case page lists (抄告、公开).
RECORDED = ("record_notification", "record_publication")


# ---- reading the record ------------------------------------------------------------------------


def _documents(session: Session, case: Case, kinds: tuple[str, ...]) -> list[Document]:
    return list(session.scalars(select(Document).where(Document.case_id == case.id, Document.kind.in_(kinds))
                                .order_by(Document.id)))


def _report_deadline(session: Session, document: Document) -> Deadline | None:
    deadline_id = ((document.context or {}).get("extra") or {}).get("report_deadline_id")
    return session.get(Deadline, deadline_id) if deadline_id else None


@dataclass(frozen=True)
class Letter:
    """A 意见书 or 建议书 on the case page: the document, its input and its report period."""

    document: Document
    addressee: str
    deadline: Deadline | None
    report: dict[str, Any] | None  # the recorded report: {"on", "content", "material_id"}


def letters(session: Session, case: Case) -> list[Letter]:
    """The case's 意见书 and 建议书, oldest first, each with its report period and report."""
    reports = {r.fields.get("document"): r for r in records(case, "record_opinion_report")}
    out = []
    for document in _documents(session, case, (OPINION_KIND, RECOMMENDATION_KIND)):
        extra = (document.context or {}).get("extra") or {}
        report = reports.get(document.number)
        out.append(Letter(document, extra.get("addressee") or document.recipient or "",
                          _report_deadline(session, document),
                          {"on": report.on, **report.fields} if report else None))
    return out


def awaiting(session: Session, case: Case) -> list[Document]:
    """The 意见书 whose report period still runs."""
    return [d for d in _documents(session, case, (OPINION_KIND,))
            if (deadline := _report_deadline(session, d)) is not None and deadline.state in
            (DeadlineState.OPEN, DeadlineState.OVERDUE)]


def document_choices(session: Session, case: Case, action: str) -> list[Document]:
    """The documents an action's form offers to choose from (its ``document`` field)."""
    if action == "record_opinion_report":
        return awaiting(session, case)
    if action == "record_notification":
        return _documents(session, case, NOTIFIED_KINDS)
    if action == "record_publication":
        return _documents(session, case, ("decision",))
    return []


# ---- guards ------------------------------------------------------------------------------------


def has_accepted(session: Session, case: Case, on: date) -> str | None:
    """A 意见书 or 建议书 comes out of handling a case (art. 76): one that was accepted. These
    records do not change the status, so their day is checked against the step they follow
    (acceptance, the document), not against the case's last status change."""
    if case.accepted_on is None:
        return gettext("本案未受理，不能制发行政复议意见书或者建议书")
    return None


def _after_acceptance(step: Step) -> None:
    if step.on < step.case.accepted_on:
        raise DomainError(gettext("日期 %(on)s 早于本案的受理日期 %(accepted)s，请检查日期",
                                  on=date_text(step.on), accepted=date_text(step.case.accepted_on)), field="on")


def report_awaited(session: Session, case: Case, on: date) -> str | None:
    if not awaiting(session, case):
        return gettext("本案没有等待报送纠正情况的行政复议意见书")
    return None


def has_notifiable(session: Session, case: Case, on: date) -> str | None:
    if not _documents(session, case, NOTIFIED_KINDS):
        return gettext("本案还没有签发行政复议决定书或者意见书，没有可以抄告的文书")
    return None


def has_decision(session: Session, case: Case, on: date) -> str | None:
    if not _documents(session, case, ("decision",)):
        return gettext("本案还没有签发行政复议决定书，没有可以公开的决定")
    return None


# ---- 意见书 and 建议书 -----------------------------------------------------------------------------


def _lines(data, name: str, limit: int = 1000) -> list[str]:
    """A list of items: a JSON array, or a text with one item a line."""
    raw = data.get(name) or []
    items = raw.splitlines() if isinstance(raw, str) else list(raw)
    lines = [str(x).strip() for x in items if str(x or "").strip()]
    if any(len(line) > limit for line in lines):
        raise DomainError(gettext("每项不超过 %(n)d 个字", n=limit), field=name)
    return lines


def _respondent_name(case: Case) -> str:
    found = case.parties_in(PartyRole.RESPONDENT)
    return found[0].name if found else case.respondent_name


def issue_opinion(step: Step) -> None:
    """行政复议意见书 (art. 76) to the respondent or another lower organ: the unlawful or improper
    acts found and what must be corrected; the organ reports its correction within 60 days of
    receiving it (``opinion_report`` from ``received_on``, default the day issued)."""
    data = step.data
    _after_acceptance(step)
    addressee = text_value(data, "addressee", "", limit=200, required=False) or _respondent_name(step.case)
    problems = text_value(data, "problems", gettext("请写明发现的违法或者不当的行政行为"), limit=MAX_TEXT)
    opinions = _lines(data, "opinions")
    if not opinions:
        raise DomainError(gettext("请逐项写明纠正意见（每行一项）"), field="opinions")
    received = past_day(step, "received_on", step.on)
    if received < step.on:
        raise DomainError(gettext("收到日期 %(received)s 早于制发日期 %(on)s，请检查日期",
                                  received=date_text(received), on=date_text(step.on)), field="received_on")
    deadline = deadlines.open_deadline(step.session, step.case.id, "opinion_report", received, step.actor,
                                       step.now)
    step.opened["opinion_report"] = deadline
    step.summary = (f"向{addressee}制发《行政复议意见书》（第七十六条），{addressee}于 {date_zh(received)} 收到，"
                    f"应当自收到之日起六十日内报送纠正情况")
    step.payload = {"addressee": addressee, "received_on": received.isoformat(), "deadline_id": deadline.id}
    step.document_extra = {"addressee": addressee, "problems": problems, "opinions": opinions,
                           "report_days": 60, "received_on": received.isoformat(),
                           "report_deadline_id": deadline.id}


def opinion_document(step: Step) -> dict[str, Any]:
    extra = dict(step.document_extra)
    respondent = step.case.parties_in(PartyRole.RESPONDENT)
    if respondent and respondent[0].name == extra["addressee"]:
        extra["recipient_party_id"] = respondent[0].id
    return extra


def issue_recommendation(step: Step) -> None:
    """行政复议建议书 (Regs art. 57 ¶2) to a relevant organ: general problems in administration and
    recommendations. No reply period (none is set by law)."""
    data = step.data
    _after_acceptance(step)
    addressee = text_value(data, "addressee", gettext("请填写建议书的主送机关"), limit=200)
    problems = text_value(data, "problems", gettext("请写明发现的问题"), limit=MAX_TEXT)
    recommendations = _lines(data, "recommendations")
    if not recommendations:
        raise DomainError(gettext("请逐项写明建议（每行一项）"), field="recommendations")
    step.summary = f"向{addressee}制发《行政复议建议书》（《行政复议法实施条例》第五十七条第二款）"
    step.payload = {"addressee": addressee}
    step.document_extra = {"addressee": addressee, "problems": problems, "recommendations": recommendations}


def recommendation_document(step: Step) -> dict[str, Any]:
    return dict(step.document_extra)


def record_opinion_report(step: Step) -> None:
    """The organ's report of its correction (art. 76): the day received, what it says, and its
    scan (optional); the 意见书's report period is met that day."""
    session, case, data = step.session, step.case, step.data
    pending = awaiting(session, case)
    number = str(data.get("document") or "").strip()
    if not number and len(pending) == 1:
        number = pending[0].number
    document = next((d for d in pending if d.number == number), None)
    if document is None:
        numbers = "、".join(d.number for d in pending)
        raise DomainError(gettext("请选择等待报送纠正情况的行政复议意见书：%(numbers)s", numbers=numbers),
                          field="document")
    issued_on = document.issued_on
    if step.on < issued_on:
        raise DomainError(gettext("收到报告的日期 %(on)s 早于意见书的制发日期 %(issued)s，请检查日期",
                                  on=date_text(step.on), issued=date_text(issued_on)), field="on")
    content = text_value(data, "content", gettext("请填写报送的纠正情况"), limit=MAX_TEXT)
    scan = _scan(step)
    deadline = _report_deadline(session, document)
    deadlines.meet(session, deadline, max(step.on, deadline.start_on), step.actor)
    late = deadline.due_on is not None and step.on > deadline.due_on
    addressee = ((document.context or {}).get("extra") or {}).get("addressee") or ""
    step.summary = f"收到{addressee}对《行政复议意见书》{document.number}报送的纠正情况，收到日期 {date_zh(step.on)}"
    if late:
        step.summary += f"（报送期限 {date_zh(deadline.due_on)} 届满后报送）"
    step.payload = {"document": document.number, "content": content, "late": late,
                    "material_id": scan.id if scan is not None else None}


def _scan(step: Step):
    return scan_material(step, "scan", MaterialStage.OPINION_REPORT)


# ---- 抄告 and publication (art. 79) -----------------------------------------------------------------


def _document(session: Session, case: Case, data, kinds: tuple[str, ...], what: str, on: date) -> Document:
    """The document a record is about: its number, default the case's last of ``kinds``; issued
    on or before ``on``."""
    found = _documents(session, case, kinds)
    number = str(data.get("document") or "").strip()
    document = found[-1] if not number else next((d for d in found if d.number == number), None)
    if document is None:
        raise DomainError(gettext("本案没有文号为“%(number)s”的%(what)s", number=number, what=what),
                          field="document")
    if on < document.issued_on:
        raise DomainError(gettext("日期 %(on)s 早于《%(title)s》%(number)s的签发日期 %(issued)s，请检查日期",
                                  on=date_text(on), title=document.title, number=document.number,
                                  issued=date_text(document.issued_on)), field="on")
    return document


def record_notification(step: Step) -> None:
    """抄告 (art. 79 ¶2): the decision (or 意见书) copied to the respondent's superior organ."""
    session, case, data = step.session, step.case, step.data
    document = _document(session, case, data, NOTIFIED_KINDS, gettext("行政复议决定书或者意见书"), step.on)
    to = text_value(data, "to", gettext("请填写抄告的机关（如被申请人的上一级主管部门）"), limit=200)
    note = text_value(data, "note", "", limit=1000, required=False)
    title = "行政复议决定书" if document.kind == "decision" else "行政复议意见书"
    step.summary = f"将《{title}》{document.number}抄告{to}（第七十九条第二款），抄告日期 {date_zh(step.on)}"
    step.payload = {"document": document.number, "title": title, "to": to, "note": note or None}


def record_publication(step: Step) -> None:
    """公开 (art. 79 ¶1): the decision published, where (and its address), from its published copy
    (the parties' ID and phone numbers masked)."""
    session, case, data = step.session, step.case, step.data
    document = _document(session, case, data, ("decision",), gettext("行政复议决定书"), step.on)
    where = text_value(data, "where", gettext("请填写公开的平台或者场所"), limit=200)
    url = text_value(data, "url", "", limit=500, required=False)
    if url and not url.startswith(("http://", "https://")):
        raise DomainError(gettext("网址应以 http:// 或 https:// 开头"), field="url")
    step.summary = f"在{where}公开《行政复议决定书》{document.number}（公开文本，第七十九条第一款），公开日期 {date_zh(step.on)}"
    step.payload = {"document": document.number, "document_id": document.id, "where": where, "url": url or None}


def notices(case: Case) -> list:
    """The 抄告 and publication records, oldest first (the case page's dated list)."""
    out = [(r, "record_notification") for r in records(case, "record_notification")]
    out += [(r, "record_publication") for r in records(case, "record_publication")]
    return sorted(out, key=lambda pair: pair[0].on)
