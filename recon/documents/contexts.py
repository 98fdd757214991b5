"""The bridge between the case record and the pure PDF builders.

This is the only module of ``recon.documents`` that imports other features' models (design.md §3,
enforced by tests/test_architecture.py). It

* turns a ``Case`` (parties, intake record, materials, open deadlines) and a kind's ``extra``
  dict into the frozen dataclasses of :mod:`recon.documents.pdf.data`, with ID numbers and phone
  numbers masked (ux.md S13) the way the builders expect;
* offers the few case-side steps the documents services need: load a case, lock its row while a
  number is allocated, add an event to its timeline.

``extra`` holds only JSON values (str, int, bool, lists of str, ISO dates ``2026-12-01`` and
date-times ``2026-12-03T09:30``), so it can travel in a signed token and be kept with the
document as the record of what was printed. Wrong values raise ``ValueError`` (the builders'
dataclasses do the same, in Chinese); the services turn both into ``DomainError``.

Everything printed stays Chinese: the services build the contexts inside
``i18n.source_language()``. The messages of the errors raised here are therefore lazy
(``lazy_gettext``): they are turned into text where they are shown, in the reader's language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.cases.models import Case, CaseEvent, Party
from recon.cases.status import PartyRole
from recon.cases.timeline import add_event
from recon.clock import BEIJING
from recon.documents.pdf import (
    CONTEXTS,
    CaseData,
    Header,
    MaterialItem,
    PartyData,
)
from recon.i18n import N_, lazy_gettext
from recon.masking import mask

__all__ = [
    "ORGANIZATION_KINDS",
    "add_timeline_event",
    "build_context",
    "case_data",
    "case_owner_id",
    "case_parties",
    "get_case",
    "jsonable",
    "lock_case",
    "party_data",
    "sample_context",
]

ORGANIZATION_KINDS = frozenset({"organization", "organisation", "org", "legal_person", "company"})

# ---- case-side steps ---------------------------------------------------------------------------


def get_case(session: Session, case_id: int) -> Case | None:
    return session.get(Case, case_id)


def case_owner_id(case: Case) -> int | None:
    return case.owner_id


def lock_case(session: Session, case_id: int) -> None:
    """Serialise document numbering for one case until the transaction ends.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the case row (a concurrent issuer waits here, then sees
    the documents the first one committed). SQLite has no row locks: a no-op UPDATE of the row
    takes the database write lock at once, so the second issuer waits (busy_timeout) before it
    counts the documents instead of failing later with a stale snapshot.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        table = Case.__table__
        session.execute(
            table.update().where(table.c.id == case_id).values(version_id=table.c.version_id)
        )
    else:
        session.execute(select(Case.id).where(Case.id == case_id).with_for_update())


def add_timeline_event(
    session: Session,
    case: Case,
    *,
    kind: str,
    summary: str,
    actor,
    now: datetime,
    payload: dict | None = None,
    dedupe_key: str | None = None,
    public: bool = True,
) -> CaseEvent:
    return add_event(session, case, kind, summary, now=now, actor=actor, public=public,
                     payload=payload, dedupe_key=dedupe_key)


def case_parties(case: Case, roles: tuple[str, ...] | None = None) -> list[tuple[int, str, str]]:
    """``(party id, role label, name)`` of the case's parties, optionally of some roles only."""
    return [
        (p.id, p.role_label, p.name)
        for p in case.parties
        if roles is None or p.role in roles
    ]


# ---- models → data ----------------------------------------------------------------------------


def _id_facts(id_number: str | None) -> tuple[str, date | None]:
    """Sex and birth date read from an 18-character 公民身份号码 (empty when not one)."""
    text = (id_number or "").strip().upper()
    if len(text) != 18 or not text[:17].isdigit():
        return "", None
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return "", None
    return ("男" if int(text[16]) % 2 else "女"), born


def party_data(party: Party) -> PartyData:
    """A party as printed: ID number and phone masked (first 4 / last 4, ux.md S13)."""
    organization = (party.kind or "person") in ORGANIZATION_KINDS
    sex, born = ("", None) if organization else _id_facts(party.id_number)
    return PartyData(
        role=party.role,
        name=party.name,
        kind="organization" if organization else "person",
        id_number_masked="" if organization else mask(party.id_number, "id"),
        sex=sex,
        birth_date=born,
        address=party.address or "",
        legal_representative=party.legal_representative or "",
        phone_masked=mask(party.phone, "phone"),
    )


def case_data(case: Case) -> CaseData:
    def of(role: str) -> tuple[PartyData, ...]:
        return tuple(party_data(p) for p in case.parties if p.role == role)

    respondents = of(PartyRole.RESPONDENT)
    respondent = respondents[0] if respondents else PartyData(
        role="respondent", name=case.respondent_name, kind="organization"
    )
    applicants = of(PartyRole.APPLICANT)
    if not applicants:
        raise ValueError(lazy_gettext("该案件没有登记申请人，无法制作文书"))
    return CaseData(
        case_no=case.case_no,
        serial=case.serial,
        year=case.year,
        applicants=applicants,
        respondent=respondent,
        third_parties=of(PartyRole.THIRD_PARTY),
        agents=of(PartyRole.AGENT),
        representatives=of(PartyRole.REPRESENTATIVE),
        act_title=case.act_title or "",
        act_doc_no=case.act_doc_no or "",
        act_made_on=case.act_made_on,
        filed_on=case.filed_on,
        received_on=case.received_on,
        accepted_on=case.accepted_on,
        procedure=case.procedure,
        request=case.request or "",
        facts_and_reasons=case.facts_and_reasons or "",
        channel=case.channel,
    )


# ---- extra values -----------------------------------------------------------------------------


def _text(extra: Mapping, key: str, default: str = "") -> str:
    value = extra.get(key)
    if value is None:
        return default
    return str(value).strip() or default


def _lines(extra: Mapping, key: str) -> tuple[str, ...]:
    """A list, or text with one item per line (blank lines and list marks dropped)."""
    value = extra.get(key)
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list | tuple) else str(value).splitlines()
    out = []
    for item in items:
        text = str(item).strip().lstrip("-•·*").strip()
        if text:
            out.append(text)
    return tuple(out)


def _names(extra: Mapping, key: str) -> tuple[str, ...]:
    """Several names: a list, or text separated by 、，, ; or new lines."""
    value = extra.get(key)
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    text = str(value)
    for sep in "，,；;\n":
        text = text.replace(sep, "、")
    return tuple(part.strip() for part in text.split("、") if part.strip())


# ``label`` of the readers below: a fixed text marked with ``N_``, shown translated in errors.


def _int(extra: Mapping, key: str, label: str, default: int | None = None) -> int | None:
    value = extra.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValueError(lazy_gettext("%(label)s必须是整数", label=lazy_gettext(label)))
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(lazy_gettext("%(label)s必须是整数：%(value)s", label=lazy_gettext(label),
                                      value=value)) from None


def _bool(extra: Mapping, key: str, default: bool = False) -> bool:
    value = extra.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on", "y")
    return bool(value)


def _date(extra: Mapping, key: str, label: str) -> date | None:
    value = extra.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(lazy_gettext("%(label)s不是有效日期：%(value)s",
                                      label=lazy_gettext(label), value=value)) from None


def _datetime(extra: Mapping, key: str, label: str) -> datetime | None:
    value = extra.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(lazy_gettext("%(label)s不是有效的日期和时间：%(value)s",
                                          label=lazy_gettext(label), value=value)) from None
    return _beijing_naive(moment)


def _need(value, message: str):
    if value is None or value == "" or value == ():
        raise ValueError(message)
    return value


def _beijing_naive(moment: datetime | None) -> datetime | None:
    """Builders print naive Beijing times."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(BEIJING).replace(tzinfo=None)


def _due(session: Session | None, case: Case, extra: Mapping, key: str, label: str,
         rules: tuple[str, ...]) -> tuple[date | None, bool]:
    """(due date, provisional): the date typed into the document form under ``key``, else the case's
    newest deadline of one of ``rules`` (provisional when its year has no State Council schedule);
    (None, False) when the clock has none."""
    typed = _date(extra, key, label)
    if typed is not None:
        return typed, False
    if session is None or case.id is None:
        return None, False
    try:
        from recon.deadlines.models import Deadline
    except ImportError:  # pragma: no cover - the clock's tables are optional for documents
        return None, False
    row = session.execute(
        select(Deadline.due_on, Deadline.provisional)
        .where(Deadline.case_id == case.id, Deadline.rule.in_(rules))
        .order_by(Deadline.id.desc())
        .limit(1)
    ).first()
    return (row.due_on, bool(row.provisional)) if row else (None, False)


def _recipient(case: Case, extra: Mapping) -> PartyData | None:
    party_id = _int(extra, "recipient_party_id", N_("受送达人"))
    if party_id is None:
        return None
    for p in case.parties:
        if p.id == party_id:
            return party_data(p)
    raise ValueError(lazy_gettext("所选受送达人不是本案当事人，请重新选择"))


# ---- the contexts -----------------------------------------------------------------------------


def build_context(
    session: Session | None,
    case: Case,
    kind: str,
    extra: Mapping[str, Any],
    header: Header,
    *,
    actor_name: str = "",
    place: str = "",
):
    """The builder context of ``kind`` for ``case``. Unknown ``extra`` keys are ignored."""
    if kind not in CONTEXTS:
        raise ValueError(lazy_gettext("未知的文书种类：%(kind)s", kind=kind))
    extra = extra or {}
    cdata = case_data(case)
    base = dict(header=header, case=cdata, recipient=_recipient(case, extra))
    return _KIND_BUILDERS[kind](session, case, cdata, extra, base, actor_name, place)


def _receipt(session, case, cdata, extra, base, actor_name, place):
    intake = case.intake
    received_at: datetime | date | None = _beijing_naive(intake.submitted_at) if intake else None
    if received_at is None or received_at.date() != case.received_on:
        # A letter (or a visit) registered on a later day: the receipt gives the day the organ
        # received it, which starts the review (art. 30), not the time it was registered.
        received_at = case.received_on
    materials = tuple(
        MaterialItem(m.filename, "1份", m.item_label) for m in case.materials
    )
    due_on, provisional = _due(session, case, extra, "acceptance_due_on", N_("受理审查期限"),
                               ("acceptance_review",))
    return CONTEXTS["receipt"](
        **base,
        received_at=received_at,
        materials=materials,
        query_code=case.query_code or "",
        acceptance_due_on=due_on,
        acceptance_due_provisional=provisional,
        postmark_date=intake.postmark_on if intake else None,
        tracking_no=(intake.tracking_no or "") if intake else "",
        receiver=_text(extra, "receiver", actor_name),
    )


def _oral_record(session, case, cdata, extra, base, actor_name, place):
    intake = case.intake
    recorded_at = _datetime(extra, "recorded_at", N_("记录时间")) or (
        _beijing_naive(intake.submitted_at) if intake else None
    )
    recorder = _text(extra, "recorder", actor_name)
    return CONTEXTS["oral_record"](
        **base,
        recorded_at=_need(recorded_at, lazy_gettext("口头申请笔录必须写明记录时间")),
        ended_at=_datetime(extra, "ended_at", N_("结束时间")),
        place=_text(extra, "place", place),
        recorder=recorder,
        staff=_names(extra, "staff") or ((recorder,) if recorder else ()),
        known_on=_date(extra, "known_on", N_("知道行政行为的日期")) or case.act_known_on,
        statement=_text(extra, "statement", (intake.oral_statement or "") if intake else ""),
        read_back=_bool(extra, "read_back", True),
    )


def _correction(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["correction_notice"](
        **base,
        items=_lines(extra, "items"),
        reply_due_on=_date(extra, "reply_due_on", N_("补正期限")),
        reply_days=_int(extra, "reply_days", N_("补正期限天数"), 10),
    )


def _acceptance(session, case, cdata, extra, base, actor_name, place):
    rule = ("decision_simple",) if case.procedure == "simple" else ("decision",)
    due_on, provisional = _due(session, case, extra, "decision_due_on", N_("审理期限"), rule)
    return CONTEXTS["acceptance_notice"](
        **base,
        decision_due_on=due_on,
        decision_due_provisional=provisional,
        notes=_lines(extra, "notes"),
    )


def _refusal(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["refusal_decision"](
        **base,
        condition=_need(_int(extra, "condition", N_("不予受理的条件")),
                        lazy_gettext("请选择不符合的受理条件")),
        reason=_text(extra, "reason"),
        competent_organ=_text(extra, "competent_organ"),
        reconsideration_first=_bool(extra, "reconsideration_first"),
    )


def _reply(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["reply_notice"](
        **base,
        reply_days=_int(extra, "reply_days", N_("答复期限天数")),
        reply_due_on=_date(extra, "reply_due_on", N_("答复期限")),
        enclosures=_lines(extra, "enclosures"),
    )


def _third_party(session, case, cdata, extra, base, actor_name, place):
    if base["recipient"] is None and not cdata.third_parties:
        raise ValueError(lazy_gettext("本案没有登记第三人，请先登记第三人或选择受送达人"))
    return CONTEXTS["third_party_notice"](
        **base,
        interest=_text(extra, "interest"),
        opinion_days=_int(extra, "opinion_days", N_("提交意见期限天数"), 10),
    )


def _hearing(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["hearing_notice"](
        **base,
        hearing_at=_need(_datetime(extra, "hearing_at", N_("听证时间")),
                         lazy_gettext("请填写听证日期和时间")),
        place=_text(extra, "place"),
        issues=_lines(extra, "issues"),
        presiding=_text(extra, "presiding"),
        hearing_officers=_names(extra, "hearing_officers"),
        recorder=_text(extra, "recorder"),
    )


def _suspension(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["suspension_notice"](
        **base,
        cause=_need(_int(extra, "cause", N_("中止原因")), lazy_gettext("请选择中止原因")),
        reason=_text(extra, "reason"),
        suspended_on=_need(_date(extra, "suspended_on", N_("中止日期")),
                           lazy_gettext("请填写中止日期")),
    )


def _resumption(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["resumption_notice"](
        **base,
        resumed_on=_need(_date(extra, "resumed_on", N_("恢复审理日期")),
                         lazy_gettext("请填写恢复审理日期")),
        suspended_on=_date(extra, "suspended_on", N_("中止日期")),
        suspension_number=_text(extra, "suspension_number"),
        reason=_text(extra, "reason"),
    )


def _extension(session, case, cdata, extra, base, actor_name, place):
    days = _need(_int(extra, "days", N_("延长天数")), lazy_gettext("请填写延长的天数"))
    original = _need(_date(extra, "original_due", N_("原审理期限")),
                     lazy_gettext("请填写原审理期限届满日"))
    new_due = _date(extra, "new_due", N_("延长后的期限")) or original + timedelta(days=days)
    return CONTEXTS["extension_notice"](
        **base, days=days, original_due=original, new_due=new_due, reason=_text(extra, "reason")
    )


def _termination(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["termination_decision"](
        **base,
        cause=_need(_int(extra, "cause", N_("终止原因")), lazy_gettext("请选择终止原因")),
        reason=_text(extra, "reason"),
        withdrawn_on=_date(extra, "withdrawn_on", N_("撤回申请日期")),
        after_settlement=_bool(extra, "after_settlement"),
    )


def _dismissal(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["dismissal_decision"](
        **base,
        reason=_text(extra, "reason"),
        condition=_int(extra, "condition", N_("不符合的受理条件")),
        reconsideration_first=_bool(extra, "reconsideration_first"),
    )


def _decision(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["decision"](
        **base,
        decision_type=_text(extra, "decision_type"),
        respondent_reply=_text(extra, "respondent_reply"),
        findings=_text(extra, "findings"),
        evidence=_lines(extra, "evidence"),
        reasoning=_text(extra, "reasoning"),
        disposition=_text(extra, "disposition"),
        performance_days=_int(extra, "performance_days", N_("履行期限")),
        reconsideration_first=_bool(extra, "reconsideration_first"),
        third_party_statement=_text(extra, "third_party_statement"),
        basis=_text(extra, "basis"),
        partial=_bool(extra, "partial"),
        compensation=_text(extra, "compensation"),
        hearing_on=_date(extra, "hearing_on", N_("听证日期")),
        extended_days=_int(extra, "extended_days", N_("延长审理期限天数")),
        copy_to=_lines(extra, "copy_to"),
        final=_bool(extra, "final"),
    )


def _mediation(session, case, cdata, extra, base, actor_name, place):
    return CONTEXTS["mediation_document"](
        **base,
        terms=_lines(extra, "terms"),
        signatories=_lines(extra, "signatories"),
        facts=_text(extra, "facts"),
        respondent_reply=_text(extra, "respondent_reply"),
        mediation_summary=_text(extra, "mediation_summary"),
    )


def _service_receipt(session, case, cdata, extra, base, actor_name, place):
    title = _text(extra, "document_title")
    number = _text(extra, "document_number")
    document_id = _int(extra, "document_id", N_("送达的文书"))
    if document_id is not None and session is not None:
        from recon.documents.models import Document

        document = session.get(Document, document_id)
        if document is None or document.case_id != case.id:
            raise ValueError(lazy_gettext("所选文书不是本案已签发的文书，请重新选择"))
        title, number = document.title, document.number
    if base["recipient"] is None:
        raise ValueError(lazy_gettext("请选择受送达人"))
    return CONTEXTS["service_receipt"](
        **base,
        document_title=_need(title, lazy_gettext("请选择要送达的文书")),
        document_number=number,
        address=_text(extra, "address"),
        method=_text(extra, "method", "direct"),
        server=_text(extra, "server"),
        served_on=_date(extra, "served_on", N_("送达日期")),
        remarks=_text(extra, "remarks"),
    )


_KIND_BUILDERS = {
    "receipt": _receipt,
    "oral_record": _oral_record,
    "correction_notice": _correction,
    "acceptance_notice": _acceptance,
    "refusal_decision": _refusal,
    "reply_notice": _reply,
    "third_party_notice": _third_party,
    "hearing_notice": _hearing,
    "suspension_notice": _suspension,
    "resumption_notice": _resumption,
    "extension_notice": _extension,
    "termination_decision": _termination,
    "dismissal_decision": _dismissal,
    "decision": _decision,
    "mediation_document": _mediation,
    "service_receipt": _service_receipt,
}


# ---- the record of what was printed -----------------------------------------------------------


def jsonable(value: Any) -> Any:
    """Dataclasses, dates and tuples as plain JSON values (for ``Document.context``)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


# ---- a sample for checking edited templates ---------------------------------------------------

_SAMPLE_APPLICANT = PartyData(
    role="applicant", name="张三", kind="person", id_number_masked="3401**********1234",
    sex="男", birth_date=date(1985, 3, 12), address="××市××区××路88号", phone_masked="138****5678",
)
_SAMPLE_AGENT = PartyData(role="agent", name="王五", kind="person", employer="××律师事务所律师")
_SAMPLE_RESPONDENT = PartyData(
    role="respondent", name="××区市场监督管理局", kind="organization",
    address="××区政务大道1号", legal_representative="赵六", title="局长",
)
_SAMPLE_THIRD_PARTY = PartyData(
    role="third_party", name="××餐饮有限公司", kind="organization", address="××区××路6号",
    legal_representative="孙七", title="执行董事",
)

_SAMPLE_EXTRA: dict[str, dict[str, Any]] = {
    "correction_notice": {"items": ["提供行政处罚决定书复印件", "明确具体的行政复议请求"],
                          "reply_due_on": "2026-10-23"},
    "acceptance_notice": {"decision_due_on": "2026-12-14", "notes": ["请保持通讯畅通"]},
    "refusal_decision": {"condition": 6, "reason": "该行政行为不属于本机关管辖",
                         "competent_organ": "××市人民政府"},
    "reply_notice": {"reply_due_on": "2026-10-30"},
    "third_party_notice": {"interest": "系涉案食品的供货方"},
    "hearing_notice": {"hearing_at": "2026-12-03T09:30", "place": "行政复议听证室",
                       "issues": ["抽样程序是否合法"], "presiding": "周九",
                       "hearing_officers": ["陈八"], "recorder": "郑一"},
    "suspension_notice": {"cause": 6, "reason": "双方同意调解并申请中止",
                          "suspended_on": "2026-11-02"},
    "resumption_notice": {"resumed_on": "2026-11-20", "suspended_on": "2026-11-02",
                          "reason": "调解未达成协议"},
    "extension_notice": {"days": 30, "original_due": "2026-12-14", "new_due": "2027-01-13",
                         "reason": "案情复杂"},
    "termination_decision": {"cause": 1, "reason": "申请人与被申请人达成和解",
                             "withdrawn_on": "2026-11-18", "after_settlement": True},
    "dismissal_decision": {"condition": 4, "reason": "申请已超过法定申请期限"},
    "decision": {"decision_type": "uphold", "respondent_reply": "请求维持",
                 "findings": "被申请人依法作出处罚", "evidence": ["现场检查笔录"],
                 "reasoning": "被申请人认定事实清楚，适用依据正确", "hearing_on": "2026-11-10",
                 "copy_to": ["××市市场监督管理局"]},
    "mediation_document": {"terms": ["罚款数额变更为人民币一万元"], "facts": "经检验不合格"},
    "service_receipt": {"document_title": "行政复议决定书",
                        "document_number": "×府复决〔2026〕17号", "method": "direct",
                        "server": "陈八"},
}


def sample_context(kind: str, header: Header, *, simple: bool = False, postal: bool = False):
    """A realistic context of ``kind`` that uses no database (to try an edited template)."""
    if kind not in CONTEXTS:
        raise ValueError(lazy_gettext("未知的文书种类：%(kind)s", kind=kind))
    cdata = CaseData(
        case_no="×府复〔2026〕17号", serial=17, year=2026,
        applicants=(_SAMPLE_APPLICANT,), respondent=_SAMPLE_RESPONDENT,
        third_parties=(_SAMPLE_THIRD_PARTY,), agents=(_SAMPLE_AGENT,),
        act_title="行政处罚决定书", act_doc_no="×市监罚〔2026〕88号", act_made_on=date(2026, 9, 8),
        filed_on=date(2026, 10, 8), received_on=date(2026, 10, 9), accepted_on=date(2026, 10, 14),
        procedure="simple" if simple else "ordinary",
        request="撤销被申请人作出的行政处罚决定", facts_and_reasons="被申请人认定事实不清、证据不足",
        channel="postal" if postal else "onsite",
    )
    recipient = _SAMPLE_APPLICANT if kind == "service_receipt" else None
    base = dict(header=header, case=cdata, recipient=recipient)
    if kind == "receipt":
        return CONTEXTS[kind](
            **base, received_at=datetime(2026, 10, 9, 10, 30), query_code="7KQ4M2",
            materials=(MaterialItem("行政复议申请书", "1份", "原件"),),
            acceptance_due_on=date(2026, 10, 16), postmark_date=date(2026, 10, 8),
            tracking_no="1190223344556", receiver="陈八",
        )
    if kind == "oral_record":
        return CONTEXTS[kind](
            **base, recorded_at=datetime(2026, 10, 9, 9, 0), place="行政复议接待室",
            recorder="陈八", staff=("陈八",), known_on=date(2026, 9, 8), statement="书写困难",
        )
    if kind == "extension_notice" and simple:
        cdata = dataclasses.replace(cdata, procedure="ordinary")
        base["case"] = cdata
    builder = _KIND_BUILDERS[kind]
    return builder(None, _SampleCase(), cdata, _SAMPLE_EXTRA[kind], base, "陈八", "行政复议接待室")


class _SampleCase:
    """Just enough of a Case for the kind builders used above (receipt and 笔录 are built
    directly, so nothing reads the intake record or the materials)."""

    id = None
    procedure = "ordinary"

