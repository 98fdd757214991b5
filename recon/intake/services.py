"""register_application(): every channel (online, on-site, postal, API) ends here.

In one transaction it numbers the case, records the parties, the intake record with its immutable
as-received snapshot, the materials, the opening deadlines, the timeline and the audit entry, links
possible duplicates, and issues the receipt. It flushes and never commits; files it stored are
removed again if the transaction rolls back (recon.db.on_rollback).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, BinaryIO

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from recon.audit.models import AuditEntry
from recon.audit.services import record
from recon.auth.roles import CASE_ROLES, Role
from recon.cases import workflow
from recon.cases.act_type import guess_act_type
from recon.cases.enterprise import is_enterprise_applicant
from recon.cases.models import Case, CaseEvent, CaseSerial, IntakeRecord, Material, Party
from recon.cases.permissions import require_own
from recon.cases.status import (
    RETRACTED_FOR_CORRECTION,
    CaseStatus,
    Channel,
    Closure,
    MaterialItem,
    PartyRole,
    WithdrawalDetail,
)
from recon.cases.timeline import add_event
from recon.clock import beijing_date, beijing_day_start
from recon.deadlines import calendar_store, lifecycle
from recon.deadlines.engine import add_years, compute
from recon.deadlines.models import ACTIVE_STATES, Deadline
from recon.documents import services as documents
from recon.documents.numbering import format_case_no
from recon.errors import DomainError, NotFound, PermissionDenied
from recon.formatting import format_datetime_zh
from recon.i18n import gettext
from recon.intake.models import CaseLink, Upload
from recon.intake.points import point_for_code
from recon.intake.uploads import (
    MB,
    UploadLimits,
    check_and_store,
    clean_filename,
    daily_quota_message,
    new_upload_id,
)
from recon.masking import mask_phone
from recon.storage import Storage

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O/1/I/L (ux.md A10)
OPENING_RULES = ("acceptance_review", "correction_notice")


@dataclass(frozen=True)
class IntakeSettings:
    case_prefix: str
    limits: UploadLimits
    documents: Any  # recon.documents.services.DocumentSettings
    correction_window: timedelta  # ux.md A8「撤回并修改」


@dataclass
class IncomingFile:
    filename: str
    stream: BinaryIO
    item: str = "evidence"


@dataclass
class Registration:
    case: Case
    created: bool
    related: list[CaseLink] = field(default_factory=list)
    receipt: Any = None


class AlreadyRegistered(Exception):
    """The submission token was used before: the caller returns that case."""

    def __init__(self, case_id: int):
        super().__init__(case_id)
        self.case_id = case_id


# ---- numbering --------------------------------------------------------------------------------


def _allocate_serial(session: Session, year: int) -> int:
    """Next case serial for the year, atomically: the UPDATE … RETURNING takes the row's write lock,
    so concurrent filings queue here and never share or skip a number."""
    bump = (update(CaseSerial).where(CaseSerial.year == year).values(last=CaseSerial.last + 1)
            .returning(CaseSerial.last))
    serial = session.execute(bump).scalar_one_or_none()
    if serial is not None:
        return serial
    try:
        with session.begin_nested():  # the year's first case
            session.add(CaseSerial(year=year, last=1))
        return 1
    except IntegrityError:  # another filing created the year's row first
        return session.execute(bump).scalar_one()


def _lock_serial(session: Session, year: int) -> None:
    """Take the year's serial row write lock without using a number (the same queue as
    `_allocate_serial`)."""
    session.execute(update(CaseSerial).where(CaseSerial.year == year).values(last=CaseSerial.last))


RETRACTED_VERSION = "{number}（撤回稿{n}）"


def _pass_number_on(session: Session, retracted: Case, actor, now: datetime) -> tuple[int, str, str]:
    """A submission withdrawn by「撤回并修改」gives its number (and query code) to its corrected
    resubmission, so the official sequence has no gap: the number names the application, whatever
    version of it was sent. The withdrawn version keeps its record under
    「合府复〔2026〕5号（撤回稿1）」; its receipt still shows the number, which now finds the
    corrected application. Returns (serial, case_no, query_code)."""
    serial, number = retracted.serial, retracted.case_no
    earlier = session.scalar(select(func.count()).select_from(Case).where(
        Case.case_no.startswith(number + "（撤回稿", autoescape=True)))
    retracted.case_no = RETRACTED_VERSION.format(number=number, n=earlier + 1)
    retracted.serial = None
    retracted.updated_at = now
    session.flush()
    record(session, actor, "case.number_passed", retracted, case_id=retracted.id,
           summary=f"申请编号 {number} 由修改后重新提交的申请沿用，本撤回稿改记为 {retracted.case_no}",
           before={"case_no": number, "serial": serial},
           after={"case_no": retracted.case_no, "serial": None})
    return serial, number, retracted.query_code


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


# ---- timeliness (art. 20, 21) -----------------------------------------------------------------


def assess_timeliness(calendar, filed_on: date, known_on: date | None, made_on: date | None,
                      informed: bool, rights_known_on: date | None = None) -> tuple[bool | None, str]:
    """(timely, explanation) under art. 20 and 21 (api.md v1.1). ``None`` when the data cannot
    decide it.

    * Within 60 days of knowing the act: in time, whether or not the applicant was informed of
      the right (the right cannot have been learned before the act).
    * Later, informed of the right and the period: late (art. 20 ¶2 may extend it on review).
    * Later, not informed (art. 20 ¶3): past one year from knowing the act, late; else
      ``rights_known_on`` decides (60 days from it, capped at that year); without it, ``None``.
    """
    if made_on:
        five_years, _month_end = add_years(made_on, 5)
        if filed_on > calendar.next_working_day(five_years):
            return False, "自行政行为作出之日起已超过 5 年（第二十一条），复议机构审查时将核实是否涉及不动产（20 年）"
    if known_on is None:
        return None, "未填写知道日期，申请期限由复议机构审查确定"
    due = compute("application", known_on, calendar).due
    if filed_on <= due:
        return True, f"在申请期限内（知道之日起 60 日，至 {due.isoformat()}）"
    if informed:
        return False, (f"可能超过申请期限（知道之日起 60 日，至 {due.isoformat()}）；"
                       "如有不可抗力等正当理由，期限可以顺延（第二十条第二款），由复议机构审查")
    one_year = compute("application_uninformed", known_on, calendar).due
    if filed_on > one_year:
        return False, f"行政机关未告知申请权利，但自知道行为内容之日起已超过 1 年（至 {one_year.isoformat()}）"
    if rights_known_on is not None:
        limit = min(compute("application", rights_known_on, calendar).due, one_year)
        if filed_on <= limit:
            return True, (f"在申请期限内（行政机关未告知申请权利，自知道权利之日起 60 日、"
                          f"最长自知道行为之日起 1 年，至 {limit.isoformat()}，第二十条第三款）")
        return False, (f"可能超过申请期限（行政机关未告知申请权利，自知道权利之日起 60 日、"
                       f"最长自知道行为之日起 1 年，至 {limit.isoformat()}，第二十条第三款）")
    return None, ("行政机关未告知申请权利和期限，申请期限自知道申请权利和期限之日起 60 日，"
                  f"最长自知道行为之日起 1 年（至 {one_year.isoformat()}，第二十条第三款）；"
                  "未填写知道申请权利的日期，由复议机构审查")


# ---- duplicates (art. 30 ¶1(7), art. 74) ------------------------------------------------------


def find_related(session: Session, applicant_id: str | None, respondent: str, act_doc_no: str | None,
                 act_title: str, act_made_on: date | None, exclude_case_id: int | None = None
                 ) -> list[tuple[Case, str]]:
    """Open or settled cases of the same applicant against the same act, with the reason."""
    if not applicant_id:
        return []
    # The document number identifies an act; title and date only when one side has no number
    # (two penalty decisions of the same day with different numbers are two acts).
    same_act = []
    if act_doc_no:
        same_act.append(Case.act_doc_no == act_doc_no)
    title_match = Case.act_title == act_title
    if act_made_on:
        title_match &= Case.act_made_on == act_made_on
    if act_doc_no:
        title_match &= or_(Case.act_doc_no.is_(None), Case.act_doc_no == "")
    if act_made_on or not act_doc_no:
        same_act.append(title_match)
    query = (
        select(Case).join(Party, Party.case_id == Case.id)
        .where(Party.role == PartyRole.APPLICANT, Party.id_number == applicant_id,
               Case.respondent_name == respondent, or_(*same_act),
               or_(Case.closure_detail.is_(None), Case.closure_detail != RETRACTED_FOR_CORRECTION))
        .order_by(Case.id)
    )
    if exclude_case_id:
        query = query.where(Case.id != exclude_case_id)
    found = []
    for case in session.scalars(query).unique():
        title = case.act_title if len(case.act_title) <= 60 else case.act_title[:60] + "…"
        act = f"文号 {case.act_doc_no}" if case.act_doc_no else f"《{title}》"  # reason: String(300)
        where = f"{case.channel_label} {case.case_no}"
        if case.closure == Closure.WITHDRAWN and case.closure_detail == WithdrawalDetail.AFTER_SETTLEMENT:
            reason = (f"该申请人曾就同一行政行为（{act}）和解后撤回申请（{where}），"
                      "无正当理由不得以同一事实和理由再次申请（第七十四条第二款）")
        elif case.status in (CaseStatus.REFUSED, CaseStatus.ABANDONED, CaseStatus.CLOSED, CaseStatus.DECIDED):
            reason = f"同一申请人就同一行政行为（{act}）的申请已办结：{where}（{case.status_label}）"
        else:
            reason = f"同一申请人、同一被申请人、同一行政行为（{act}）的申请正在办理：{where}（{case.status_label}）"
        found.append((case, reason))
    return found


# ---- registration -----------------------------------------------------------------------------


def _dates(channel: str, data: dict, submitted_at: datetime) -> tuple[date, date]:
    """(filed_on, received_on): the postmark and the receipt for post, the day of the counter
    visit on-site, the submission day online (Beijing time)."""
    today = beijing_date(submitted_at)
    if channel == Channel.POSTAL:
        postal = data.get("postal") or {}
        return postal["postmark_on"], postal["received_on"]
    if channel == Channel.ONSITE:
        received = (data.get("onsite") or {}).get("received_at") or today
        return received, received
    return today, today


def _snapshot(data: dict, materials: list[Material]) -> dict:
    def plain(value):
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    snap = plain(data)
    snap["files"] = [{"filename": m.filename, "sha256": m.sha256, "size": m.size,
                      "content_type": m.content_type, "item": m.item} for m in materials]
    return snap


def service_choice(data: dict) -> dict:
    """The case's 送达方式 from the filing's optional ``service`` (api.md "Filing" + service): the
    confirmed address and phone, by default the applicant's own; e-service (with its e-mail) and
    SMS notices only when the applicant opted in (ux.md A2, domain.md §7.4)."""
    service = data.get("service") or {}
    applicant = data.get("applicant") or {}
    consent = bool(service.get("e_service"))
    return {
        "address": (service.get("address") or "").strip() or (applicant.get("address") or "").strip() or None,
        "phone": (service.get("phone") or "").strip() or applicant.get("phone") or None,
        "e_service": consent,
        "email": ((service.get("email") or "").strip() or None) if consent else None,
        "sms": bool(service.get("sms")),
    }


def _party(role: str, position: int, values: dict, kind: str = "person") -> Party:
    return Party(
        role=role, position=position, kind=values.get("kind") or kind,
        name=(values.get("name") or "").strip(), id_number=values.get("id_number") or None,
        phone=values.get("phone") or None, address=values.get("address") or None,
        postcode=values.get("postcode") or None, email=values.get("email") or None,
        legal_representative=values.get("legal_representative") or None,
        agent_kind=values.get("kind") if role == PartyRole.AGENT else None,
    )


def existing_for_token(session: Session, token: str | None) -> Case | None:
    if not token:
        return None
    return session.scalar(select(Case).where(Case.submission_token == token))


def register_application(session: Session, data: dict, actor, now: datetime, *, storage: Storage,
                         settings: IntakeSettings, files: list[IncomingFile] = (),
                         submitted_at: datetime | None = None,
                         replaces: Case | None = None) -> Registration:
    """Create the case from validated ApplicationForm data. Raises AlreadyRegistered for a
    repeated submission token (the caller rolls back and shows that case). ``submitted_at``: the
    submission time when it is not `now` (a correction resubmitted inside the window, ux.md A8).
    ``replaces``: the submission this one corrects (withdrawn by「撤回并修改」); in the same year
    the new one takes over its number and query code (see `_pass_number_on`)."""
    channel = data["channel"]
    if actor is None:
        raise PermissionDenied(gettext("请先登录"))
    if actor.role == Role.APPLICANT and channel != Channel.ONLINE:
        raise PermissionDenied(gettext("申请人只能通过网上渠道提交申请"), field="channel")
    if actor.role not in (Role.APPLICANT, *CASE_ROLES):
        raise PermissionDenied(gettext("该账号不能登记行政复议申请"))
    token = data.get("submission_token") or None
    # On-site: the moment the counter received it, when the clerk (or the API) gave one.
    received_moment = (data.get("onsite") or {}).get("received_moment") \
        if channel == Channel.ONSITE else None
    submitted_at = submitted_at or received_moment or now
    filed_on, received_on = _dates(channel, data, submitted_at)
    at_point = (data.get(channel) or {}) if channel in (Channel.ONSITE, Channel.POSTAL) else {}
    point = point_for_code(session, at_point.get("point"), f"{channel}.point")
    # Under the serial's write lock, so a concurrent filing of the same token has committed by now.
    # (recon.intake.filing.file_once looks the token up before; a direct caller rolls back.)
    takes_over = (replaces is not None and replaces.closure_detail == RETRACTED_FOR_CORRECTION
                  and replaces.serial is not None and replaces.year == received_on.year)
    if takes_over:
        _lock_serial(session, received_on.year)
    else:
        serial = _allocate_serial(session, received_on.year)
    if (case := existing_for_token(session, token)) is not None:
        raise AlreadyRegistered(case.id)
    if takes_over:
        serial, case_no, query_code = _pass_number_on(session, replaces, actor, now)
    else:
        case_no = format_case_no(settings.case_prefix, received_on.year, serial)
        query_code = new_query_code()

    calendar = calendar_store.load_calendar(session)
    act = data["act"]
    service = service_choice(data)
    timely, timely_note = assess_timeliness(calendar, filed_on, act.get("known_on"), act.get("made_on"),
                                            bool(act.get("informed_of_rights", True)),
                                            act.get("rights_known_on"))
    case = Case(
        case_no=case_no, year=received_on.year, serial=serial, query_code=query_code, channel=channel,
        status=CaseStatus.RECEIVED, filed_on=filed_on, received_on=received_on, timely=timely,
        respondent_name=data["respondent"]["name"].strip(), act_title=act["title"].strip(),
        act_doc_no=(act.get("doc_no") or "").strip() or None, act_made_on=act.get("made_on"),
        act_known_on=act.get("known_on"), informed_of_rights=bool(act.get("informed_of_rights", True)),
        act_rights_known_on=act.get("rights_known_on"),
        act_known_note=(act.get("known_on_note") or "").strip() or None,
        service_address=service["address"], service_phone=service["phone"],
        e_service_consent=service["e_service"], e_service_email=service["email"], sms_notice=service["sms"],
        request=data["request"].strip(), facts_and_reasons=data["facts_and_reasons"].strip(),
        litigation_filed=bool(data.get("litigation_filed")),
        enterprise=is_enterprise_applicant(data["applicant"]),
        act_type=guess_act_type(act["title"]),
        normative_review=(data.get("normative_review") or "").strip() or None,
        submission_token=token, submission_digest=data.get("submission_digest"), owner_id=actor.id if actor.role == Role.APPLICANT else None,
        created_at=now, updated_at=now,
    )
    session.add(case)
    applicant = data["applicant"]
    case.parties.append(_party(PartyRole.APPLICANT, 0, applicant))
    case.parties.extend(_party(PartyRole.AGENT, index, agent)
                        for index, agent in enumerate(data.get("agents") or []))
    case.parties.extend(_party(PartyRole.THIRD_PARTY, index, third)
                        for index, third in enumerate(data.get("third_parties") or []))
    case.parties.append(_party(PartyRole.RESPONDENT, 0,
                               {"name": case.respondent_name, "kind": "organization"}))

    materials, uploads = _materials(session, case, data.get("attachments") or [], files, actor, now,
                                    storage, settings.limits)
    postal = (data.get("postal") or {}) if channel == Channel.POSTAL else {}
    onsite = data.get("onsite") or {}
    oral = channel == Channel.ONSITE and bool(onsite.get("oral"))
    session.add(IntakeRecord(
        case=case, channel=channel, clerk_id=None if actor.role == Role.APPLICANT else actor.id,
        submitted_at=submitted_at, postmark_on=postal.get("postmark_on"),
        tracking_no=postal.get("tracking_no") or None, sender_address=postal.get("sender_address") or None,
        oral=oral, oral_statement=onsite.get("oral_statement") if oral else None,
        point_id=point.id if point else None,
        point_received_on=at_point.get("point_received_on") if point else None,
        handed_over_on=at_point.get("handed_over_on") if point else None,
        handed_over_to=(at_point.get("handed_over_to") or None) if point else None,
        snapshot=_snapshot(data, materials) | {"service": service, "received_on": received_on.isoformat(),
                                              "filed_on": filed_on.isoformat(),
                                              "submitted_at": submitted_at.isoformat()},
    ))
    session.flush()  # the case with its parties, materials and intake record: one flush, one number
    for upload in uploads:
        upload.case_id = case.id
    lifecycle.open_deadlines(session, case.id, OPENING_RULES, received_on, actor, now)

    label = Channel(channel).label
    summary = f"收到行政复议申请（{label}），申请编号 {case.case_no}"
    if channel == Channel.POSTAL:
        summary += f"；邮戳日期 {filed_on.isoformat()}，收件日期 {received_on.isoformat()}"
    if point is not None:
        summary += f"；经接收点「{point.name}」递交"
    add_event(session, case, "intake.received", summary, now=now, on=received_on, actor=actor,
              payload={"timely": timely, "timely_note": timely_note})
    if oral:
        add_event(session, case, "intake.oral_recorded", "制作口头申请笔录，待申请人核对签名", now=now,
                  on=received_on, actor=actor)

    links = []
    for other, reason in find_related(session, applicant.get("id_number"), case.respondent_name,
                                      case.act_doc_no, case.act_title, case.act_made_on, case.id):
        link = CaseLink(case_id=case.id, other_case_id=other.id, reason=reason)
        session.add(link)
        links.append(link)
    if links:
        add_event(session, case, "intake.related_found", f"发现 {len(links)} 件可能重复或相关的申请，待审查人员确认",
                  now=now, on=received_on, actor=actor, public=False)
    session.flush()
    record(session, actor, "case.register", case, case_id=case.id, summary=summary,
           after={"case_no": case.case_no, "channel": channel, "filed_on": filed_on.isoformat(),
                  "received_on": received_on.isoformat(), "timely": timely,
                  "materials": len(materials), "related": [link.other_case_id for link in links],
                  "service": service | {"phone": mask_phone(service["phone"]) if service["phone"] else None},
                  "act_known_note": case.act_known_note, "point": point.code if point else None,
                  "enterprise": case.enterprise})
    receipt = documents.issue(session, case, "receipt", {"timely_note": timely_note}, actor, now,
                              settings.documents)
    if oral:
        documents.issue(session, case, "oral_record", {}, actor, now, settings.documents)
    return Registration(case=case, created=True, related=links, receipt=receipt)


def _stored_material(session, case, incoming: IncomingFile, item: str, stage: str, actor, now,
                     storage: Storage, limits: UploadLimits, room: int | None = None) -> Material:
    """Check and store one arriving file (refused with a message for a wrong type or size) as a material
    of ``case`` tagged ``item`` (材料清单) at ``stage``."""
    checked = check_and_store(session, storage, incoming.filename, incoming.stream, limits, room=room)
    return Material(case=case, sha256=checked.stored.sha256, size=checked.stored.size,
                    content_type=checked.content_type, filename=checked.filename, item=item,
                    stage=stage, uploaded_by_id=actor.id, uploaded_at=now)


def store_case_files(session, case: Case, files: list[IncomingFile], stage: str, actor, now: datetime,
                     storage: Storage, limits: UploadLimits) -> list[Material]:
    """Files handed in for an accepted case (the respondent's reply and its evidence, a third
    party's evidence): checked like an application's (type by content, PDF and image inspection,
    size and count limits), stored, and added as materials of ``case`` at ``stage``, each tagged
    with its ``IncomingFile.item``. A file newly written is removed again if the transaction rolls
    back, so a refused action leaves nothing behind."""
    if len(files) > limits.max_files:
        raise DomainError(gettext("一次最多 %(n)d 个文件", n=limits.max_files), field="files")
    materials, total = [], 0
    for incoming in files:
        material = _stored_material(session, case, incoming, incoming.item, stage, actor, now, storage,
                                    limits, room=limits.max_total_bytes - total)
        total += material.size
        materials.append(material)
    session.add_all(materials)
    return materials


def _upload_material(case: Case, upload: Upload, stage: str, actor, now: datetime) -> Material:
    return Material(case=case, sha256=upload.sha256, size=upload.size, content_type=upload.content_type,
                    filename=upload.filename, item=upload.item, stage=stage, uploaded_by_id=actor.id,
                    uploaded_at=now)


def _materials(session, case, attachment_ids, files, actor, now, storage,
               limits) -> tuple[list[Material], list[Upload]]:
    """The case's materials from its uploads and arriving files, and the uploads used (the caller
    ties them to the case once it has its id)."""
    uploads = []
    for index, upload_id in enumerate(attachment_ids):
        if upload_id in attachment_ids[:index]:  # the same upload listed twice is one material
            continue
        shown = upload_id if len(upload_id) <= 40 else upload_id[:40] + "…"  # ids are 32 characters
        with session.no_autoflush:  # the new case is flushed once, with its intake record
            upload = session.get(Upload, upload_id)
        if upload is None or upload.owner_id != actor.id:
            raise DomainError(gettext("附件 %(id)s 不存在，请重新上传", id=shown), field=f"attachments.{index}")
        if upload.case_id is not None:
            raise DomainError(gettext("附件 %(id)s 已用于其他申请，请重新上传", id=shown),
                              field=f"attachments.{index}")
        uploads.append(upload)
    if len(uploads) + len(files) > limits.max_files:
        raise DomainError(gettext("每件申请最多 %(n)d 个文件", n=limits.max_files), field="attachments")
    materials = [_upload_material(case, upload, "intake", actor, now) for upload in uploads]
    materials.extend(_stored_material(session, case, incoming, incoming.item, "intake", actor, now,
                                      storage, limits) for incoming in files)
    total = sum(m.size for m in materials)
    if total > limits.max_total_bytes:
        raise DomainError(gettext("每件申请的文件合计不能超过 %(mb)d MB，请压缩或分批在补正时提交",
                                  mb=limits.max_total_bytes // MB), field="attachments")
    session.add_all(materials)
    return materials, uploads


def held_uploads(session: Session, owner, ids: list[str]) -> list[Upload]:
    """The uploads a page holds for ``owner`` across re-renders (the clerk's entry page): each id
    once, in the order given, only the owner's own and only those not yet used by a case."""
    wanted = list(dict.fromkeys(i for i in ids if i))
    if not wanted:
        return []
    rows = {u.id: u for u in session.scalars(select(Upload).where(
        Upload.id.in_(wanted), Upload.owner_id == owner.id, Upload.case_id.is_(None)))}
    return [rows[i] for i in wanted if i in rows]


def hold_files(session: Session, owner, files: list[IncomingFile], held: list[Upload], now: datetime,
               *, storage: Storage, limits: UploadLimits) -> tuple[list[Upload], list[str]]:
    """Check and store each arriving file as an Upload waiting for its application, after the
    ``held`` ones (ux.md A11): returns (the new uploads, a message per refused file). A refused file
    does not stop the others; the count and total limits count the held files too."""
    count, total = len(held), sum(u.size for u in held)
    added: list[Upload] = []
    errors: list[str] = []
    for incoming in files:
        if count >= limits.max_files:
            errors.append(gettext("文件“%(name)s”未上传：每件申请最多 %(n)d 个文件，"
                                  "请合并后再上传，或删除不需要的文件",
                                  name=incoming.filename, n=limits.max_files))
            continue
        try:  # a file over the total is refused while it streams: nothing stored, nothing to undo
            upload = store_upload(session, owner, incoming.filename, incoming.stream, incoming.item,
                                  storage, limits, now, room=limits.max_total_bytes - total)
        except DomainError as exc:
            errors.append(exc.message)
            continue
        count, total = count + 1, total + upload.size
        added.append(upload)
    return added, errors


def drop_upload(session: Session, owner, upload: Upload, now: datetime, summary: str) -> None:
    """「删除」a held file before its application is filed (the stored content may be shared by
    another record, so it stays on disk until the file sweep finds it unused)."""
    if upload.owner_id != owner.id or upload.case_id is not None:
        raise NotFound(gettext("未找到该文件，可能已经删除"), field="file")
    record(session, owner, "upload.delete", upload, summary=summary,
           before={"sha256": upload.sha256, "size": upload.size}, at=now)
    session.delete(upload)
    session.flush()


def store_upload(session: Session, owner, filename: str | None, stream: BinaryIO, item: str,
                 storage: Storage, limits: UploadLimits, now: datetime, *, room: int | None = None
                 ) -> Upload:
    """POST /api/v1/uploads and the wizard's evidence step: a checked file waiting for its case.
    ``room``: bytes left in the draft's total (see check_and_store). An applicant account stores at
    most ``limits.daily_files`` files and ``limits.daily_bytes`` a Beijing day (deleting a file
    does not give its share back)."""
    if item not in MaterialItem.labels():
        choices = gettext("、").join(gettext("%(key)s（%(label)s）", key=key, label=gettext(label))
                                    for key, label in MaterialItem.labels().items())
        raise DomainError(gettext("材料类别（item）无效，可选：%(choices)s", choices=choices), field="item")
    daily_room = None
    if owner.role == Role.APPLICANT:
        files, size = uploaded_on_day(session, owner, now)
        if files >= limits.daily_files or size >= limits.daily_bytes:
            raise DomainError(daily_quota_message(clean_filename(filename), limits), field="file")
        daily_room = limits.daily_bytes - size
    checked = check_and_store(session, storage, filename, stream, limits, room=room, daily_room=daily_room)
    upload = Upload(id=new_upload_id(), owner_id=owner.id, sha256=checked.stored.sha256,
                    size=checked.stored.size, content_type=checked.content_type,
                    filename=checked.filename, item=item, created_at=now)
    session.add(upload)
    session.flush()
    record(session, owner, "upload.store", upload, summary=f"上传文件 {checked.filename}",
           after={"sha256": upload.sha256, "size": upload.size})
    return upload


def uploaded_on_day(session: Session, owner, now: datetime) -> tuple[int, int]:
    """(files, bytes) `owner` stored through store_upload on `now`'s Beijing day, read from the
    append-only audit log, so a file deleted again still counts."""
    start = beijing_day_start(beijing_date(now))
    sizes = session.scalars(select(AuditEntry.after).where(
        AuditEntry.actor_id == owner.id, AuditEntry.action == "upload.store", AuditEntry.at >= start))
    sizes = [int((after or {}).get("size") or 0) for after in sizes]
    return len(sizes), sum(sizes)


def decide_link(session: Session, link: CaseLink, state: str, actor, now: datetime) -> CaseLink:
    """The reviewer marks a suggested link as related, duplicate or dismissed."""
    labels = {"related": "关联案件", "duplicate": "重复申请", "dismissed": "不相关"}
    if state not in labels:
        raise DomainError(gettext("处理结果只能是关联、重复或不相关"), field="state")
    before = link.state
    link.state, link.decided_by_id, link.decided_at = state, actor.id, now
    add_event(session, link.case_id, "intake.link_decided", f"审查人员确认：{labels[state]}（{link.reason}）",
              now=now, actor=actor, public=False)
    record(session, actor, "case_link.decide", link, case_id=link.case_id,
           before={"state": before}, after={"state": state})
    return link


# ---- the correction window (ux.md A8) ---------------------------------------------------------


def correctable_until(case: Case, window: timedelta, now: datetime) -> datetime | None:
    """When the applicant's「撤回并修改」ends for an online submission still waiting for review, or
    None when it does not apply or has ended by ``now``. A correction resubmitted inside the window
    keeps the original submission time, so the window always runs from the first submission."""
    if (case.channel != Channel.ONLINE or case.status != CaseStatus.RECEIVED or case.intake is None
            or window <= timedelta(0)):
        return None
    until = case.intake.submitted_at + window
    return until if now < until else None


def retract_for_correction(session: Session, case: Case, actor, now: datetime,
                           window: timedelta) -> list[Upload]:
    """「撤回并修改」: the submission is withdrawn (closed, closure withdrawn, detail
    ``correction_window``), its running deadlines cancelled and its uploads freed for the corrected
    submission, which the caller builds; returns those uploads. The case keeps its number and
    receipt as a record of what was submitted."""
    require_own(case, actor)
    minutes = int(window.total_seconds() // 60)
    if correctable_until(case, window, now) is None:
        raise DomainError(gettext("申请提交已超过 %(minutes)d 分钟或已开始审查，不能再撤回修改。"
                                  "需要更正或补充的，可以在复议机构通知补正时提供，或者联系复议机构。",
                                  minutes=minutes), field="case")
    before = {"status": case.status}
    case.status, case.closure = CaseStatus.CLOSED, Closure.WITHDRAWN
    case.closure_detail, case.closed_on, case.updated_at = RETRACTED_FOR_CORRECTION, beijing_date(now), now
    running = select(Deadline).where(Deadline.case_id == case.id, Deadline.state.in_(ACTIVE_STATES))
    for deadline in session.scalars(running.order_by(Deadline.id)):
        lifecycle.cancel(session, deadline, actor, "申请人撤回申请并修改")
    uploads = list(session.scalars(select(Upload).where(Upload.case_id == case.id).order_by(Upload.created_at)))
    for upload in uploads:
        upload.case_id = None
    summary = f"申请人在提交后 {minutes} 分钟内撤回申请并修改，本申请不再办理"
    add_event(session, case, "intake.retracted", summary, now=now, actor=actor)
    session.flush()
    record(session, actor, "case.retract", case, case_id=case.id, summary=summary, before=before,
           after={"status": case.status, "closure": case.closure, "closure_detail": case.closure_detail})
    return uploads


def link_correction(session: Session, corrected: Case, original: Case, actor, now: datetime) -> None:
    """Tie the corrected submission to the one it replaces, on both timelines."""
    link = CaseLink(case_id=corrected.id, other_case_id=original.id, state="related",
                    reason=f"撤回修改前的原申请（申请编号 {original.case_no}）", decided_at=now)
    session.add(link)
    same_number = corrected.serial is not None and original.serial is None \
        and original.year == corrected.year
    resubmitted = (f"修改后重新提交，沿用申请编号 {corrected.case_no}" if same_number
                   else f"修改后重新提交，新的申请编号 {corrected.case_no}")
    add_event(session, original, "intake.resubmitted", resubmitted, now=now, actor=actor)
    summary = (f"撤回修改后重新提交，沿用申请编号（撤回稿记为 {original.case_no}）" if same_number
               else f"撤回修改后重新提交，替代申请编号 {original.case_no}")
    if corrected.intake.submitted_at == original.intake.submitted_at:
        summary += f"（在 {format_datetime_zh(original.intake.submitted_at, seconds=True)} 提交，保留原提交时间）"
    add_event(session, corrected, "intake.corrects", summary, now=now, actor=actor)
    session.flush()
    record(session, actor, "case_link.create", link, case_id=corrected.id, summary=summary,
           after={"other_case_id": original.id, "state": link.state})


def related_of(session: Session, case: Case) -> list[tuple[Case, str]]:
    """The links found for `case` at intake (not dismissed), with their reasons."""
    links = session.scalars(select(CaseLink).where(CaseLink.case_id == case.id,
                                                   CaseLink.state != "dismissed")
                            .order_by(CaseLink.id)).all()
    return [(session.get(Case, link.other_case_id), link.reason) for link in links]


def _supplement_key(token: str) -> str:
    return f"intake.supplement:{token}"


def supplement_for_token(session: Session, token: str | None) -> Case | None:
    """The case a clerk's page with this submission token was already filed to as a supplement."""
    if not token:
        return None
    return session.scalar(select(Case).join(CaseEvent, CaseEvent.case_id == Case.id)
                          .where(CaseEvent.dedupe_key == _supplement_key(token)))


def add_supplement(session: Session, case: Case, uploads: list[Upload], actor, now: datetime,
                   token: str | None = None) -> list[Material]:
    """Materials that arrived for an existing case (the clerk chose「已有案件的补充材料」): the files
    the entry page holds (``hold_files``). ``token``: the page's submission token, so the same
    page posted twice registers them once. While a correction is pending they are the supplement
    it asked for: stored at the stage 「补正」 and recorded through the status machine
    (``record_correction``: a new review from today)."""
    if token and (done := supplement_for_token(session, token)) is not None:
        raise AlreadyRegistered(done.id)
    if not uploads:
        raise DomainError(gettext("请选择要登记为补充材料的文件"), field="files")
    correcting = case.status == CaseStatus.CORRECTION_REQUESTED
    materials = []
    for upload in uploads:
        upload.case_id = case.id
        materials.append(_upload_material(case, upload, "correction" if correcting else "supplement",
                                          actor, now))
    session.add_all(materials)
    summary = f"收到补充材料 {len(materials)} 份"
    add_event(session, case, "intake.supplement", summary, now=now, actor=actor,
              dedupe_key=_supplement_key(token) if token else None)
    session.flush()
    record(session, actor, "case.supplement", case, case_id=case.id, summary=summary,
           after={"materials": [m.sha256 for m in materials]})
    if correcting:
        workflow.perform(session, case, "record_correction",
                         {"received_on": beijing_date(now), "materials": [m.filename for m in materials]},
                         actor, now)
    return materials


def record_oral_signature(session: Session, case: Case, signed: IncomingFile, actor, now: datetime,
                          storage: Storage, limits: UploadLimits) -> IntakeRecord:
    """The applicant read and signed the 口头申请笔录 (Regs art. 20); store the signed scan."""
    intake = case.intake
    if intake is None or not intake.oral:
        raise DomainError(gettext("该案件不是口头申请，无需登记笔录签名"))
    if intake.oral_signed_at is not None:
        raise DomainError(gettext("口头申请笔录的签名已经登记过"))
    material = _stored_material(session, case, signed, "oral_record_signed", "intake", actor, now,
                                storage, limits)
    session.add(material)
    session.flush()
    intake.oral_signed_at = now
    intake.oral_signed_material_id = material.id
    add_event(session, case, "intake.oral_signed", "申请人已核对并签名确认口头申请笔录", now=now, actor=actor)
    record(session, actor, "case.oral_signed", case, case_id=case.id, summary="登记口头申请笔录签名",
           after={"sha256": material.sha256})
    return intake


def submit_correction(session: Session, case: Case, files: list[IncomingFile], actor, now: datetime,
                      storage: Storage, limits: UploadLimits):
    """The applicant's 补正材料, uploaded on the portal (ux.md A9): stored as materials of the
    stage 「补正」 and recorded as received today through the status machine (``record_correction``:
    the correction period is met and a new 5-working-day review starts). Refused for another
    person's case (NotFound) and, with nothing stored, when no correction is pending (409)."""
    require_own(case, actor)
    reason = workflow.refusal(case, actor, "record_correction")
    if reason is not None:
        raise workflow.ActionNotAllowed(reason)
    if not files:
        raise DomainError(gettext("请选择要提交的补正材料"), field="files")
    materials = [_stored_material(session, case, incoming, incoming.item, "correction", actor, now,
                                  storage, limits) for incoming in files]
    session.add_all(materials)
    session.flush()
    return workflow.perform(session, case, "record_correction",
                            {"received_on": beijing_date(now), "materials": [m.filename for m in materials]},
                            actor, now)
