"""Incidental review of normative documents (规范性文件附带审查, arts. 13, 56–60; domain.md §3.7):
the ``step`` and ``guard`` functions of the status machine's rows.

* ``request_normative_review``: the applicant's request (with the application or later, before
  the decision; Regs art. 26) or the organ's own finding (art. 57): the document, its number, the
  drafting organ, the provisions. Both periods of arts. 56–57 start that day:
  ``normative_review`` (30 days, the organ deals with it) and ``normative_transfer`` (7 working
  days, it transfers it); the next step keeps one and ends the other.
* ``handle_normative_review``: the organ has the power; ``normative_transfer`` ends.
* ``transfer_normative_review``: it lacks the power; the 规范性文件转送函 goes to the competent
  organ, ``normative_transfer`` is met, ``normative_review`` ends, and the competent organ's
  60 days to reply run from its receipt (``normative_transfer_reply``, art. 60).
* the case is suspended under art. 39 ¶1(9) with the ordinary ``suspend`` (cause 9, which needs a
  review under way); when the organ deals with the review itself, the letter to the drafting organ
  is due 3 working days from the suspension (``drafting_organ_notice``, art. 58), opened by
  whichever of ``suspend`` and ``handle_normative_review`` comes second;
* ``notify_drafting_organ`` (the letter; its reply is due 10 working days from receipt,
  ``drafting_organ_reply``) and ``record_drafting_organ_reply``;
* ``record_normative_outcome``: lawful, or unlawful (the provision stops being applied and the
  drafting organ is ordered to correct it, art. 59); meets the running period. The draft
  决定书 (``handling.default_texts``) cites it in 「本机关认为」 (``decision_words``).

Each step is the action's timeline entry (``hearing.records``); :func:`current` reads a review
back from the entries after its request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from recon.cases.models import Case
from recon.cases.queries import latest_deadline
from recon.cases.services.inputs import past_day, text_value
from recon.cases.status import CaseStatus
from recon.cases.timeline import payload_dates
from recon.deadlines import lifecycle as deadlines
from recon.deadlines.display import date_zh
from recon.errors import DomainError
from recon.formatting import date_text
from recon.i18n import N_, gettext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from recon.cases.workflow import Step

#: art. 39 ¶1(9): the suspension while a normative document is reviewed (arts. 56, 57).
NORMATIVE_CAUSE = 9
OUTCOMES = {"lawful": N_("相关条款合法"), "unlawful": N_("相关条款超越权限或者违反上位法")}
SOURCES = {"applicant": N_("申请人申请（第十三条、第五十六条）"), "organ": N_("本机关审查中发现（第五十七条）")}
STEPS = ("request_normative_review", "handle_normative_review", "transfer_normative_review",
         "notify_drafting_organ", "record_drafting_organ_reply", "record_normative_outcome")


@dataclass
class Review:
    """One review, read back from its timeline entries."""

    requested_on: date
    request: dict[str, Any]
    steps: dict[str, tuple[date, dict[str, Any]]] = field(default_factory=dict)

    @property
    def path(self) -> str | None:
        """``handle``, ``transfer`` or None (not decided yet)."""
        if "handle_normative_review" in self.steps:
            return "handle"
        if "transfer_normative_review" in self.steps:
            return "transfer"
        return None

    def on(self, action: str) -> date | None:
        return self.steps[action][0] if action in self.steps else None

    def get(self, action: str) -> dict[str, Any] | None:
        return self.steps[action][1] if action in self.steps else None

    @property
    def concluded(self) -> bool:
        return "record_normative_outcome" in self.steps

    @property
    def title(self) -> str:
        number = f"（{self.request['doc_no']}）" if self.request.get("doc_no") else ""
        return f"《{self.request['name']}》{number}"


def reviews(case: Case) -> list[Review]:
    """The case's reviews, oldest first."""
    out: list[Review] = []
    for event in case.events:
        action = event.kind.removeprefix("workflow.")
        if action not in STEPS:
            continue
        if action == "request_normative_review":
            out.append(Review(event.on, dict(event.payload or {})))
        elif out:
            out[-1].steps[action] = (event.on, payload_dates(event.payload))
    return out


def current(case: Case) -> Review | None:
    """The review under way (requested, no outcome yet)."""
    found = reviews(case)
    return found[-1] if found and not found[-1].concluded else None


def last_outcome(case: Case) -> Review | None:
    found = [r for r in reviews(case) if r.concluded]
    return found[-1] if found else None


def _suspended_for_review(case: Case) -> date | None:
    """The day of the case's running cause-9 suspension, if it is suspended for that cause."""
    if case.status != CaseStatus.SUSPENDED:
        return None
    for event in reversed(case.events):
        if event.kind == "workflow.suspend":
            return event.on if (event.payload or {}).get("cause") == NORMATIVE_CAUSE else None
    return None


# ---- guards ------------------------------------------------------------------------------------


def none_running(session: Session, case: Case, on: date) -> str | None:
    review = current(case)
    if review is not None:
        return gettext("本案对%(title)s的附带审查尚未处理完毕", title=review.title)
    return None


def undecided(session: Session, case: Case, on: date) -> str | None:
    review = current(case)
    if review is None:
        return gettext("本案没有待处理的规范性文件附带审查申请，请先登记申请")
    if review.path is not None:
        return gettext("已决定%(how)s该附带审查申请", how=gettext("自行处理") if review.path == "handle"
                       else gettext("转送"))
    return None


def letter_due(session: Session, case: Case, on: date) -> str | None:
    review = current(case)
    if review is None or review.path != "handle":
        return gettext("只有本机关有权处理的附带审查，才书面通知制定机关提出答复（第五十八条）")
    if "notify_drafting_organ" in review.steps:
        return gettext("已于 %(on)s 书面通知制定机关", on=date_text(review.on("notify_drafting_organ")))
    return None


def reply_due(session: Session, case: Case, on: date) -> str | None:
    review = current(case)
    if review is None or "notify_drafting_organ" not in review.steps:
        return gettext("尚未书面通知制定机关，不能登记其答复")
    if "record_drafting_organ_reply" in review.steps:
        return gettext("已登记制定机关的书面答复")
    return None


def outcome_due(session: Session, case: Case, on: date) -> str | None:
    review = current(case)
    if review is None or review.path is None:
        return gettext("本案没有已决定自行处理或者转送的附带审查")
    return None


# ---- the steps ---------------------------------------------------------------------------------


def request_normative_review(step: Step) -> None:
    """The request (or the organ's own finding): both periods of arts. 56–57 start on ``on``."""
    data = step.data
    name = text_value(data, "name", "", limit=200, required=False) or (step.case.normative_review or "").strip()
    if not name:
        raise DomainError(gettext("请填写规范性文件的名称"), field="name")
    if len(name) > 200:
        raise DomainError(gettext("不超过 %(n)d 个字，现有 %(count)d 个字", n=200, count=len(name)), field="name")
    source = data.get("source") or "applicant"
    if source not in SOURCES:
        raise DomainError(gettext("请选择附带审查的来源：申请人申请（applicant）或者本机关发现（organ）"),
                          field="source")
    doc_no = text_value(data, "doc_no", "", limit=120, required=False)
    organ = text_value(data, "drafting_organ", gettext("请填写规范性文件的制定机关"), limit=200)
    provisions = text_value(data, "provisions", "", limit=500, required=False)
    title = f"《{name.strip('《》')}》" + (f"（{doc_no}）" if doc_no else "")
    who = "申请人提出对" if source == "applicant" else "本机关在审查中认为需要对"
    step.summary = (f"{who}{title}{provisions}进行附带审查，制定机关：{organ}"
                    f"（{'第十三条、第五十六条' if source == 'applicant' else '第五十七条'}）")
    step.payload = {"name": name.strip("《》"), "doc_no": doc_no or None, "drafting_organ": organ,
                    "provisions": provisions or None, "source": source}


def _open_drafting_notice(step: Step, suspended_on: date) -> None:
    if latest_deadline(step.session, step.case, "drafting_organ_notice") is None:
        step.opened["drafting_organ_notice"] = deadlines.open_deadline(
            step.session, step.case.id, "drafting_organ_notice", suspended_on, step.actor, step.now)


def handle_normative_review(step: Step) -> None:
    """The organ has the power: it deals with the review within 30 days of the request."""
    review = current(step.case)
    step.summary = f"本机关有权处理对{review.title}的附带审查，依法自行处理（第五十六条、第五十七条）"
    suspended_on = _suspended_for_review(step.case)
    if suspended_on is not None:
        _open_drafting_notice(step, suspended_on)
    step.payload = {"suspended_on": suspended_on.isoformat() if suspended_on else None}


def transfer_normative_review(step: Step) -> None:
    """The organ lacks the power: the 转送函 goes to the competent organ (7 working days); that
    organ replies within 60 days of its receipt (art. 60, from ``received_on``, default ``on``)."""
    review = current(step.case)
    addressee = text_value(step.data, "addressee", gettext("请填写有权处理的机关"), limit=200)
    received = past_day(step, "received_on", step.on, floor=step.on, floor_name=gettext("转送日期"))
    step.dates["received_on"] = received
    step.summary = (f"本机关无权处理对{review.title}的附带审查，转送{addressee}依法处理（第五十六条、第五十七条），"
                    f"{addressee}于 {date_zh(received)} 收到")
    step.payload = {"addressee": addressee, "received_on": received.isoformat()}


def _provisions(request: dict[str, Any]) -> str:
    """The provisions under review as the letters print them, after the document's number."""
    number = f"（{request['doc_no']}）" if request.get("doc_no") else ""
    return number + (request.get("provisions") or "")


def transfer_document(step: Step) -> dict[str, Any]:
    request = current(step.case).request
    return {"addressee": step.payload["addressee"], "document_name": request["name"],
            "provisions": _provisions(request),
            "requested_on": current(step.case).requested_on.isoformat()
            if request.get("source") == "applicant" else None}


def after_suspension(step: Step, cause: int) -> None:
    """``suspend`` with cause 9: a review must be under way; if the organ deals with it itself,
    the letter to the drafting organ is due 3 working days from the suspension (art. 58)."""
    if cause != NORMATIVE_CAUSE:
        return
    review = current(step.case)
    if review is None:
        raise DomainError(gettext("第九项适用于规范性文件附带审查（第五十六条、第五十七条），请先登记附带审查申请"),
                          field="cause")
    if review.path == "handle":
        _open_drafting_notice(step, step.on)


def notify_drafting_organ(step: Step) -> None:
    """The letter asking the drafting organ for a written reply on the provisions' legality
    (art. 58); its 10 working days run from its receipt (``served_on``, default ``on``)."""
    review = current(step.case)
    served = past_day(step, "served_on", step.on, floor=step.on, floor_name=gettext("通知日期"))
    step.dates["served_on"] = served
    organ = review.request["drafting_organ"]
    step.summary = (f"书面通知制定机关{organ}就{review.title}相关条款的合法性提出书面答复（第五十八条），"
                    f"签发《规范性文件提出书面答复通知书》，{organ}于 {date_zh(served)} 收到")
    step.payload = {"drafting_organ": organ, "served_on": served.isoformat()}


def drafting_letter_document(step: Step) -> dict[str, Any]:
    request = current(step.case).request
    suspended_on = _suspended_for_review(step.case)
    return {"addressee": request["drafting_organ"], "document_name": request["name"],
            "provisions": _provisions(request),
            "suspended_on": suspended_on.isoformat() if suspended_on else None}


def record_drafting_organ_reply(step: Step) -> None:
    review = current(step.case)
    content = text_value(step.data, "content", gettext("请填写制定机关书面答复的主要内容"), limit=5000)
    organ = review.request["drafting_organ"]
    served = review.on("notify_drafting_organ")
    if step.on < served:
        raise DomainError(gettext("收到答复的日期 %(on)s 早于通知的日期 %(served)s，请检查日期",
                                  on=date_text(step.on), served=date_text(served)), field="on")
    step.summary = f"收到制定机关{organ}的书面答复（第五十八条），收到日期 {date_zh(step.on)}"
    step.payload = {"content": content}


def record_normative_outcome(step: Step) -> None:
    """The outcome (art. 59; for a transferred review, the competent organ's reply, art. 60)."""
    session, case, data = step.session, step.case, step.data
    review = current(case)
    outcome = data.get("outcome")
    if outcome not in OUTCOMES:
        raise DomainError(gettext("请选择审查结论：合法（lawful）或者违法（unlawful）"), field="outcome")
    reason = text_value(data, "reason", gettext("请写明审查的理由"), limit=5000)
    rule = "normative_review" if review.path == "handle" else "normative_transfer_reply"
    running = latest_deadline(session, case, rule)
    if running is not None:
        deadlines.meet(session, running, max(step.on, running.start_on), step.actor)
    if review.path == "handle":
        words = (f"经审查，{review.title}相关条款合法" if outcome == "lawful" else
                 f"经审查，{review.title}相关条款超越权限或者违反上位法，决定停止该条款的执行，并责令制定机关"
                 f"{review.request['drafting_organ']}予以纠正（第五十九条）")
    else:
        by = review.get("transfer_normative_review")["addressee"]
        words = f"{by}回复：{review.title}相关条款{'合法' if outcome == 'lawful' else '违法'}（第六十条）"
    step.summary = f"{words}。理由：{reason}"
    step.payload = {"outcome": outcome, "reason": reason, "path": review.path}


def decision_words(case: Case) -> str:
    """「本机关认为」's opening on the review (art. 59: a lawful provision is stated in the decision)."""
    review = last_outcome(case)
    if review is None:
        return ""
    fields = review.get("record_normative_outcome")
    asked = "申请人在申请行政复议时一并提出对" if review.request.get("source") == "applicant" else "本机关在审查中认为需要对"
    head = f"关于{asked}{review.title}{review.request.get('provisions') or ''}的附带审查，"
    if review.path == "transfer":
        by = review.get("transfer_normative_review")["addressee"]
        verdict = "合法" if fields["outcome"] == "lawful" else "不合法"
        return f"{head}本机关已转送{by}依法处理，{by}认为相关条款{verdict}。{fields['reason'].rstrip('。')}。"
    if fields["outcome"] == "lawful":
        return f"{head}经审查，相关条款合法。{fields['reason'].rstrip('。')}。"
    return (f"{head}经审查，相关条款超越权限或者违反上位法，本机关已决定停止该条款的执行，并责令制定机关"
            f"{review.request['drafting_organ']}予以纠正（第五十九条）。{fields['reason'].rstrip('。')}。")
