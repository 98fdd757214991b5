"""The bridge between the case record and the pure PDF builders.

This is the only module of ``recon.documents`` that imports other features' models (design.md §3,
enforced by tests/test_architecture.py). It

* turns a ``Case`` (parties, intake record, materials, open deadlines) and a kind's ``extra``
  dict into the frozen dataclasses of :mod:`recon.documents.pdf.data` (one mapper
  ``<kind>_context`` per kind, named by the registry ``documents/kinds.py``). ID and phone numbers
  stay complete, as served documents print them; the published copy masks them
  (``pdf.published_copy``);
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
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.cases.models import Case, Party
from recon.cases.status import PartyRole
from recon.clock import BEIJING
from recon.documents.pdf import (
    AbandonmentRecordContext,
    AcceptanceNoticeContext,
    CaseData,
    ConversionNoticeContext,
    CorrectionNoticeContext,
    DecisionContext,
    DismissalDecisionContext,
    DraftingOrganLetterContext,
    ExtensionNoticeContext,
    Header,
    HearingNoticeContext,
    HearingRecordContext,
    MaterialItem,
    MediationDocumentContext,
    OpinionLetterContext,
    OpinionRecordContext,
    OralRecordContext,
    PartyData,
    PerformanceOrderContext,
    ReceiptContext,
    RecommendationLetterContext,
    RefusalDecisionContext,
    ReplyNoticeContext,
    ResumptionNoticeContext,
    ServiceAddressContext,
    ServiceReceiptContext,
    SettlementAgreementContext,
    StayNoticeContext,
    SuspensionNoticeContext,
    TerminationDecisionContext,
    ThirdPartyNoticeContext,
    TransferLetterContext,
)
from recon.i18n import N_, lazy_gettext

__all__ = [
    "ONLINE_RECEIVER",
    "ORGANIZATION_KINDS",
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
#: 接收人 of a receipt no member of staff received: an online filing is received, and its receipt
#: issued, by the organ's online application system, never by the applicant who filed it.
ONLINE_RECEIVER = "网上申请系统（自动接收）"

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
    """A party as a served document prints it: ID number and phone complete."""
    organization = (party.kind or "person") in ORGANIZATION_KINDS
    sex, born = ("", None) if organization else _id_facts(party.id_number)
    return PartyData(
        role=party.role,
        name=party.name,
        kind="organization" if organization else "person",
        id_number="" if organization else (party.id_number or "").strip(),
        sex=sex,
        birth_date=born,
        address=party.address or "",
        legal_representative=party.legal_representative or "",
        phone=(party.phone or "").strip(),
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
    mapper,
    extra: Mapping[str, Any],
    header: Header,
    *,
    actor_name: str = "",
    place: str = "",
    check=None,
):
    """The builder context ``mapper`` (a kind's ``<kind>_context``) makes for ``case``.
    ``check(case_data)`` refuses a case that lacks a fact the kind needs. Unknown ``extra`` keys
    are ignored."""
    extra = extra or {}
    cdata = case_data(case)
    if check is not None:
        check(cdata)
    base = dict(header=header, case=cdata, recipient=_recipient(case, extra))
    return mapper(session, case, cdata, extra, base, actor_name, place)


def receipt_context(session, case, cdata, extra, base, actor_name, place):
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
    return ReceiptContext(
        **base,
        received_at=received_at,
        materials=materials,
        query_code=case.query_code or "",
        acceptance_due_on=due_on,
        acceptance_due_provisional=provisional,
        postmark_date=intake.postmark_on if intake else None,
        tracking_no=(intake.tracking_no or "") if intake else "",
        receiver=_text(extra, "receiver",
                       ONLINE_RECEIVER if cdata.channel == "online" else actor_name),
        intake_point=(f"{intake.point.name}（{intake.point.kind_label}）"
                      if intake and intake.point else ""),
    )


def oral_record_context(session, case, cdata, extra, base, actor_name, place):
    intake = case.intake
    recorded_at = _datetime(extra, "recorded_at", N_("记录时间")) or (
        _beijing_naive(intake.submitted_at) if intake else None
    )
    recorder = _text(extra, "recorder", actor_name)
    return OralRecordContext(
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


def correction_notice_context(session, case, cdata, extra, base, actor_name, place):
    return CorrectionNoticeContext(
        **base,
        items=_lines(extra, "items"),
        reply_due_on=_date(extra, "reply_due_on", N_("补正期限")),
        reply_days=_int(extra, "reply_days", N_("补正期限天数"), 10),
    )


def acceptance_notice_context(session, case, cdata, extra, base, actor_name, place):
    rule = ("decision_simple",) if case.procedure == "simple" else ("decision",)
    due_on, provisional = _due(session, case, extra, "decision_due_on", N_("审理期限"), rule)
    return AcceptanceNoticeContext(
        **base,
        decision_due_on=due_on,
        decision_due_provisional=provisional,
        notes=_lines(extra, "notes"),
    )


def refusal_decision_context(session, case, cdata, extra, base, actor_name, place):
    return RefusalDecisionContext(
        **base,
        condition=_need(_int(extra, "condition", N_("不予受理的条件")),
                        lazy_gettext("请选择不符合的受理条件")),
        reason=_text(extra, "reason"),
        competent_organ=_text(extra, "competent_organ"),
        reconsideration_first=_bool(extra, "reconsideration_first"),
    )


def reply_notice_context(session, case, cdata, extra, base, actor_name, place):
    return ReplyNoticeContext(
        **base,
        reply_days=_int(extra, "reply_days", N_("答复期限天数")),
        reply_due_on=_date(extra, "reply_due_on", N_("答复期限")),
        enclosures=_lines(extra, "enclosures"),
    )


def third_party_notice_context(session, case, cdata, extra, base, actor_name, place):
    if base["recipient"] is None and not cdata.third_parties:
        raise ValueError(lazy_gettext("本案没有登记第三人，请先登记第三人或选择受送达人"))
    return ThirdPartyNoticeContext(
        **base,
        interest=_text(extra, "interest"),
        opinion_days=_int(extra, "opinion_days", N_("提交意见期限天数"), 10),
    )


def hearing_notice_context(session, case, cdata, extra, base, actor_name, place):
    return HearingNoticeContext(
        **base,
        hearing_at=_need(_datetime(extra, "hearing_at", N_("听证时间")),
                         lazy_gettext("请填写听证日期和时间")),
        place=_text(extra, "place", place),  # default: the organ's address
        issues=_lines(extra, "issues"),
        presiding=_text(extra, "presiding"),
        hearing_officers=_names(extra, "hearing_officers"),
        recorder=_text(extra, "recorder"),
    )


def _answer(extra: Mapping, key: str) -> bool | None:
    """A yes / no / not answered field: True, False or None (「未作答复」)."""
    value = extra.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("1", "true", "yes", "on", "y"):
            return True
        if word in ("0", "false", "no", "off", "n"):
            return False
        raise ValueError(lazy_gettext("“是否愿意调解”只能是“是”“否”或者不填"))
    return bool(value)


def _heard_party(case: Case, extra: Mapping) -> tuple[str, str]:
    """(name, role label) of the party a record is about: ``party_id`` (a party of the case), or
    the names typed as ``party_name`` / ``party_role`` (the template sample)."""
    party_id = _int(extra, "party_id", N_("当事人"))
    if party_id is None:
        name = _need(_text(extra, "party_name"), lazy_gettext("请选择被听取意见的当事人"))
        return name, _text(extra, "party_role", PartyRole.APPLICANT.label)
    for p in case.parties:
        if p.id == party_id and p.role in HEARD_ROLES:
            return p.name, PartyRole(p.role).label
    raise ValueError(lazy_gettext("所选当事人不是本案的申请人、被申请人或者第三人，请重新选择"))


#: Whose opinions are heard (art. 49): the parties, not their agents.
HEARD_ROLES = (PartyRole.APPLICANT, PartyRole.RESPONDENT, PartyRole.THIRD_PARTY)


def opinion_record_context(session, case, cdata, extra, base, actor_name, place):
    party_name, party_role = _heard_party(case, extra)
    recorder = _text(extra, "recorder", actor_name)
    return OpinionRecordContext(
        **base,
        heard_on=_need(_date(extra, "heard_on", N_("听取意见日期")), lazy_gettext("请填写听取意见的日期")),
        mode=_text(extra, "mode", "in_person"),
        party_name=party_name,
        party_role=party_role,
        summary=_text(extra, "summary"),
        hearers=_names(extra, "hearers") or ((actor_name,) if actor_name else ()),
        recorder=recorder,
        willing_to_mediate=_answer(extra, "willing_to_mediate"),
    )


def hearing_record_context(session, case, cdata, extra, base, actor_name, place):
    return HearingRecordContext(
        **base,
        held_on=_need(_date(extra, "held_on", N_("听证日期")), lazy_gettext("请填写听证日期")),
        place=_text(extra, "place"),
        presiding=_text(extra, "presiding"),
        officers=_names(extra, "officers"),
        recorder=_text(extra, "recorder", actor_name),
        summary=_text(extra, "summary"),
        respondent_head_attended=_bool(extra, "respondent_head_attended", True),
        absence_reason=_text(extra, "absence_reason"),
        applicant_absent_without_reason=_bool(extra, "applicant_absent_without_reason"),
    )


def stay_notice_context(session, case, cdata, extra, base, actor_name, place):
    return StayNoticeContext(
        **base,
        stay_from=_need(_date(extra, "stay_from", N_("停止执行日期")), lazy_gettext("请填写停止执行的日期")),
        reason=_text(extra, "reason"),
        requested_by=_text(extra, "requested_by"),
        requested_on=_date(extra, "requested_on", N_("申请停止执行日期")),
    )


def conversion_notice_context(session, case, cdata, extra, base, actor_name, place):
    return ConversionNoticeContext(
        **base,
        converted_on=_need(_date(extra, "converted_on", N_("转为普通程序的日期")),
                           lazy_gettext("请填写转为普通程序的日期")),
        reason=_text(extra, "reason"),
    )


def transfer_letter_context(session, case, cdata, extra, base, actor_name, place):
    return TransferLetterContext(
        **base,
        addressee=_text(extra, "addressee"),
        document_name=_text(extra, "document_name", (case.normative_review or "").strip()),
        requested_on=_date(extra, "requested_on", N_("申请审查的日期")),
        provisions=_text(extra, "provisions"),
    )


def drafting_organ_letter_context(session, case, cdata, extra, base, actor_name, place):
    return DraftingOrganLetterContext(
        **base,
        addressee=_text(extra, "addressee"),
        document_name=_text(extra, "document_name", (case.normative_review or "").strip()),
        provisions=_text(extra, "provisions"),
        suspended_on=_date(extra, "suspended_on", N_("中止日期")),
    )


def opinion_letter_context(session, case, cdata, extra, base, actor_name, place):
    return OpinionLetterContext(
        **base,
        addressee=_text(extra, "addressee", cdata.respondent.name),
        problems=_text(extra, "problems"),
        opinions=_lines(extra, "opinions"),
        report_days=_int(extra, "report_days", N_("报送期限天数"), 60),
    )


def recommendation_letter_context(session, case, cdata, extra, base, actor_name, place):
    return RecommendationLetterContext(
        **base,
        addressee=_text(extra, "addressee"),
        problems=_text(extra, "problems"),
        recommendations=_lines(extra, "recommendations"),
    )


def performance_order_context(session, case, cdata, extra, base, actor_name, place):
    return PerformanceOrderContext(
        **base,
        decision_number=_text(extra, "decision_number"),
        decided_on=_need(_date(extra, "decided_on", N_("行政复议决定日期")),
                         lazy_gettext("请填写行政复议决定的日期")),
        duty=_text(extra, "duty"),
        perform_by=_date(extra, "perform_by", N_("履行期限")),
        document_title=_text(extra, "document_title", "行政复议决定书"),
    )


def abandonment_record_context(session, case, cdata, extra, base, actor_name, place):
    """The notice's service and the period's last day: typed, else the case's correction period
    (``correction_reply``: it starts on the day the notice was served)."""
    served = _date(extra, "notice_served_on", N_("补正通知送达日期"))
    due = _date(extra, "reply_due_on", N_("补正期限届满日"))
    if (served is None or due is None) and session is not None and case.id is not None:
        from recon.deadlines.models import Deadline

        row = session.execute(select(Deadline.start_on, Deadline.due_on)
                              .where(Deadline.case_id == case.id, Deadline.rule == "correction_reply")
                              .order_by(Deadline.id.desc()).limit(1)).first()
        if row is not None:
            served, due = served or row.start_on, due or row.due_on
    recorded = _date(extra, "recorded_on", N_("记录日期")) or case.closed_on or base["header"].issued_on
    return AbandonmentRecordContext(
        **base,
        notice_served_on=_need(served, lazy_gettext("请填写补正通知送达申请人的日期")),
        reply_due_on=_need(due, lazy_gettext("请填写补正期限届满日")),
        recorded_on=_need(recorded, lazy_gettext("请填写记录日期")),
    )


def suspension_notice_context(session, case, cdata, extra, base, actor_name, place):
    return SuspensionNoticeContext(
        **base,
        cause=_need(_int(extra, "cause", N_("中止原因")), lazy_gettext("请选择中止原因")),
        reason=_text(extra, "reason"),
        suspended_on=_need(_date(extra, "suspended_on", N_("中止日期")),
                           lazy_gettext("请填写中止日期")),
    )


def resumption_notice_context(session, case, cdata, extra, base, actor_name, place):
    return ResumptionNoticeContext(
        **base,
        resumed_on=_need(_date(extra, "resumed_on", N_("恢复审理日期")),
                         lazy_gettext("请填写恢复审理日期")),
        suspended_on=_date(extra, "suspended_on", N_("中止日期")),
        suspension_number=_text(extra, "suspension_number"),
        reason=_text(extra, "reason"),
    )


def extension_notice_context(session, case, cdata, extra, base, actor_name, place):
    days = _need(_int(extra, "days", N_("延长天数")), lazy_gettext("请填写延长的天数"))
    original = _need(_date(extra, "original_due", N_("原审理期限")),
                     lazy_gettext("请填写原审理期限届满日"))
    new_due = _date(extra, "new_due", N_("延长后的期限")) or original + timedelta(days=days)
    return ExtensionNoticeContext(
        **base, days=days, original_due=original, new_due=new_due, reason=_text(extra, "reason")
    )


def termination_decision_context(session, case, cdata, extra, base, actor_name, place):
    return TerminationDecisionContext(
        **base,
        cause=_need(_int(extra, "cause", N_("终止原因")), lazy_gettext("请选择终止原因")),
        reason=_text(extra, "reason"),
        withdrawn_on=_date(extra, "withdrawn_on", N_("撤回申请日期")),
        after_settlement=_bool(extra, "after_settlement"),
    )


def dismissal_decision_context(session, case, cdata, extra, base, actor_name, place):
    return DismissalDecisionContext(
        **base,
        reason=_text(extra, "reason"),
        condition=_int(extra, "condition", N_("不符合的受理条件")),
        reconsideration_first=_bool(extra, "reconsideration_first"),
    )


def decision_context(session, case, cdata, extra, base, actor_name, place):
    return DecisionContext(
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
        suspensions=_suspensions(extra),
        copy_to=_lines(extra, "copy_to"),
        final=_bool(extra, "final"),
    )


def _suspensions(extra: Mapping) -> tuple[tuple[date, date | None], ...]:
    """``extra["suspensions"]``: ``[[suspended_on, resumed_on or None], ...]`` (ISO dates), as the
    workflow's decision draft records them."""
    pairs = []
    for pair in extra.get("suspensions") or ():
        start, end = (list(pair) + [None])[:2]
        try:
            pairs.append((date.fromisoformat(str(start)), date.fromisoformat(str(end)) if end else None))
        except ValueError:
            raise ValueError(lazy_gettext("中止和恢复审理的日期格式不正确")) from None
    return tuple(pairs)


def mediation_document_context(session, case, cdata, extra, base, actor_name, place):
    return MediationDocumentContext(
        **base,
        terms=_lines(extra, "terms"),
        signatories=_lines(extra, "signatories"),
        facts=_text(extra, "facts"),
        respondent_reply=_text(extra, "respondent_reply"),
        mediation_summary=_text(extra, "mediation_summary"),
    )


def settlement_agreement_context(session, case, cdata, extra, base, actor_name, place):
    return SettlementAgreementContext(
        **base,
        terms=_lines(extra, "terms"),
        signatories=_lines(extra, "signatories"),
        signed_on=_date(extra, "signed_on", N_("和解协议签订日期")),
    )


def service_receipt_context(session, case, cdata, extra, base, actor_name, place):
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
    return ServiceReceiptContext(
        **base,
        document_title=_need(title, lazy_gettext("请选择要送达的文书")),
        document_number=number,
        address=_text(extra, "address"),
        method=_text(extra, "method", "direct"),
        server=_text(extra, "server"),
        served_on=_date(extra, "served_on", N_("送达日期")),
        remarks=_text(extra, "remarks"),
    )




def service_address_context(session, case, cdata, extra, base, actor_name, place):
    """送达地址确认书 for one party (``recipient_party_id``): what the case record holds about how
    to reach it, which the party checks and signs."""
    if base["recipient"] is None:
        raise ValueError(lazy_gettext("请选择确认送达地址的当事人"))
    party_id = _int(extra, "recipient_party_id", N_("受送达人"))
    party = next((p for p in getattr(case, "parties", ()) if p.id == party_id), None)
    if party is None:  # a sample (trying an edited template): the recipient as given
        party = SimpleNamespace(role=base["recipient"].role, address=base["recipient"].address,
                                postcode="", phone=base["recipient"].phone, email="")
    applicant = party.role == "applicant"
    e_consent = getattr(case, "e_service_consent", False)
    consent = extra.get("electronic_consent")
    if consent is None or consent == "":
        consent = True if applicant and e_consent else None
    elif isinstance(consent, str):
        consent = consent.strip().lower() in ("1", "true", "yes", "on", "y")
    address = (getattr(case, "service_address", None) if applicant else None) or party.address or ""
    return ServiceAddressContext(
        **base,
        address=_text(extra, "address", address),
        postcode=_text(extra, "postcode", party.postcode or ""),
        phone=_text(extra, "phone_number", (getattr(case, "service_phone", None) if applicant else None)
                    or party.phone or ""),
        email=_text(extra, "email", (getattr(case, "e_service_email", None) if applicant else None)
                    or party.email or ""),
        electronic_consent=bool(consent) if consent is not None else None,
        collector=_text(extra, "collector"),
    )


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
    role="applicant", name="张三", kind="person", id_number="11010519491231002X",
    sex="女", birth_date=date(1949, 12, 31), address="××市××区××路88号", phone="13800138000",
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


class _SampleCase:
    """Just enough of a Case for the mappers: no database row behind it."""

    id = None
    procedure = "ordinary"
    query_code = "7KQ4M2"
    received_on = date(2026, 10, 9)
    act_known_on = date(2026, 9, 8)
    closed_on = None
    normative_review = None
    intake = SimpleNamespace(
        submitted_at=datetime(2026, 10, 9, 2, 30, tzinfo=UTC), postmark_on=date(2026, 10, 8),
        tracking_no="1190223344556", oral_statement="书写困难", point=None,
    )
    materials = (SimpleNamespace(filename="行政复议申请书.pdf", item_label="行政复议申请书"),)


def sample_context(mapper, extra: Mapping[str, Any], header: Header, *, simple: bool = False,
                   postal: bool = False):
    """A realistic context from ``mapper`` with ``extra`` (a kind's sample), using no database:
    to try an edited template. ``simple`` and ``postal`` switch the case's procedure and channel
    (the extension notice stays ordinary: a simple case cannot be extended)."""
    if mapper is extension_notice_context:
        simple = False
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
    recipient = _SAMPLE_APPLICANT if mapper in (service_receipt_context, service_address_context) else None
    base = dict(header=header, case=cdata, recipient=recipient)
    return mapper(None, _SampleCase(), cdata, extra, base, "陈八", "行政复议接待室")
