"""Recording later litigation and petitioning on closed cases, one by one or in bulk.

Services: they take the actor and the time, write the audit entry, flush and never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.cases.models import Case
from recon.cases.status import RETRACTED_FOR_CORRECTION
from recon.cases.timeline import add_event
from recon.errors import DomainError
from recon.followup.models import LaterProceeding, ProceedingKind
from recon.i18n import gettext

#: What an import's 类型 column may say.
KIND_WORDS = {"litigation": ProceedingKind.LITIGATION, "诉讼": ProceedingKind.LITIGATION,
              "行政诉讼": ProceedingKind.LITIGATION, "起诉": ProceedingKind.LITIGATION,
              "petition": ProceedingKind.PETITION, "信访": ProceedingKind.PETITION}


def proceedings_of(session: Session, case_id: int) -> list[LaterProceeding]:
    """The later litigation and petitions recorded on a case, oldest first (the case page)."""
    return list(session.scalars(select(LaterProceeding).where(LaterProceeding.case_id == case_id)
                                .order_by(LaterProceeding.on, LaterProceeding.id)))


def record_proceeding(session: Session, case: Case, kind: str, on: date, actor, now: datetime, today: date, *,
                      court: str = "", number: str = "", note: str = "", source: str = "form") -> LaterProceeding:
    court, number, note = (court or "").strip(), (number or "").strip(), (note or "").strip()
    if case.closure is None or case.closed_on is None or case.closure_detail == RETRACTED_FOR_CORRECTION:
        raise DomainError(gettext("案件 %(case_no)s 尚未结案，不能登记结案后的诉讼或信访", case_no=case.case_no),
                          field="case_no")
    if kind not in ProceedingKind.labels():
        raise DomainError(gettext("类型只能是行政诉讼或信访"), field="kind")
    if kind == ProceedingKind.LITIGATION and not court:
        raise DomainError(gettext("行政诉讼请填写受理法院"), field="court")
    if kind == ProceedingKind.LITIGATION and not number:
        raise DomainError(gettext("行政诉讼请填写法院案号"), field="number")
    for value, limit, name in ((court, 200, "court"), (number, 80, "number"), (note, 500, "note")):
        if len(value) > limit:
            raise DomainError(gettext("不超过 %(n)d 个字", n=limit), field=name)
    if on < case.closed_on:
        raise DomainError(gettext("日期不能早于结案日期 %(date)s", date=case.closed_on.isoformat()), field="on")
    if on > today:
        raise DomainError(gettext("日期不能晚于今天"), field="on")
    if number and session.scalar(select(LaterProceeding.id).where(
            LaterProceeding.case_id == case.id, LaterProceeding.kind == kind, LaterProceeding.number == number)):
        raise DomainError(gettext("案件 %(case_no)s 已登记过编号为 %(number)s 的%(kind)s",
                                  case_no=case.case_no, number=number, kind=gettext(ProceedingKind(kind).label)),
                          field="number")
    row = LaterProceeding(case_id=case.id, kind=kind, court=court or None, number=number or None, on=on,
                          note=note, source=source, created_at=now, created_by_id=actor.id)
    session.add(row)
    label = ProceedingKind(kind).label
    summary = f"结案后{label}：{on.isoformat()}" + (f"，{court}" if court else "") + (f"，{number}" if number else "")
    add_event(session, case, f"followup.{kind}", summary, now=now, actor=actor, on=on, public=False)
    record(session, actor, "later_proceeding.create", row, case_id=case.id, at=now, summary=summary,
           after={"kind": kind, "court": court, "number": number, "on": on.isoformat(), "source": source})
    return row


@dataclass
class ImportResult:
    added: list[LaterProceeding] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (row number in the file, reason)


def import_rows(session: Session, rows: list[tuple[int, dict]], actor, now: datetime, today: date) -> ImportResult:
    """Record each row in its own savepoint: a refused row is reported with its number and reason,
    the good rows are kept."""
    result = ImportResult()
    for number, values in rows:
        try:
            with session.begin_nested():
                result.added.append(_import_row(session, values, actor, now, today))
        except DomainError as exc:
            result.refused.append((number, exc.message))
    if result.added or result.refused:
        record(session, actor, "later_proceeding.import", object_type="later_proceeding", at=now,
               summary=f"批量导入结案后诉讼和信访：登记 {len(result.added)} 条，拒绝 {len(result.refused)} 条",
               after={"added": len(result.added), "refused": [list(r) for r in result.refused]})
    return result


def _import_row(session: Session, values: dict, actor, now: datetime, today: date) -> LaterProceeding:
    case_no = (values.get("case_no") or "").strip()
    if not case_no:
        raise DomainError(gettext("缺少复议案号"))
    case = session.scalar(select(Case).where(Case.case_no == case_no))
    if case is None:
        raise DomainError(gettext("没有复议案号为 %(case_no)s 的案件", case_no=case_no))
    kind = KIND_WORDS.get((values.get("kind") or "").strip().lower())
    if kind is None:
        raise DomainError(gettext("类型“%(kind)s”无效，只能是行政诉讼或信访", kind=values.get("kind") or ""))
    on = values.get("on")
    if not isinstance(on, date):
        raise DomainError(gettext("日期“%(value)s”无法识别，请写成 2026-08-01", value=values.get("on_text") or ""))
    return record_proceeding(session, case, kind, on, actor, now, today, court=values.get("court") or "",
                             number=values.get("number") or "", note=values.get("note") or "", source="import")
