"""Official documents: preview, issue (number, build, store), service records, verification and
template versions.

Every function takes the session (and the actor and ``now`` when it changes something), flushes
and never commits; the caller commits once. Rules that refuse raise ``DomainError`` with a message
in the reader's language. Settings come in as a :class:`DocumentSettings` built from the app config by the caller
(:func:`settings_from_config`), so nothing here reads ``current_app``.

Documents are Chinese whatever the reader's locale: their contexts are built and their PDFs
rendered inside ``i18n.source_language()``.

Numbering (domain.md §9.5, 一案一号): a document carries its case's serial and year, the category
code of its kind, and ``之二``, ``之三`` … for the second, third document of the same kind in the
case. The case row is locked while the number is allocated (``contexts.lock_case``), so two
handlers issuing at the same moment get consecutive numbers; the unique constraints on
``document.number`` and ``(case_id, kind, repeat)`` are the last guard (one retry).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from recon import i18n
from recon.audit.services import record
from recon.auth.roles import Role
from recon.clock import beijing_date
from recon.documents import contexts, signals
from recon.documents.kinds import KINDS as REGISTRY
from recon.documents.kinds import Kind, default_codes
from recon.documents.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    SERVICE_METHOD_LABELS,
    Document,
    DocumentService,
    DocumentTemplate,
    format_code,
)
from recon.documents.numbering import (
    format_number,
    validate_code,
    validate_prefix,
)
from recon.documents.pdf import (
    FontConfig,
    FontStatus,
    Header,
    MissingFact,
    TemplateError,
    default_config,
    register_fonts,
    render_body,
    set_default_config,
)
from recon.documents.pdf.templates import cdate
from recon.errors import Conflict, DomainError, PermissionDenied
from recon.i18n import N_, gettext
from recon.storage import Storage

log = logging.getLogger("recon.documents")

__all__ = [
    "ANNOUNCEMENT_DAYS",
    "KINDS",
    "DocumentSettings",
    "StoredFileError",
    "TemplateRow",
    "VerifyResult",
    "active_template",
    "applicant_documents",
    "applicant_may_download",
    "case_documents",
    "document_bytes",
    "font_status",
    "issue",
    "issue_by_hand",
    "manual_refusal",
    "kinds_for_role",
    "latest_document",
    "next_number",
    "normalize_code",
    "preview",
    "published_copy",
    "record_service",
    "save_template",
    "served_on_for",
    "service_summary",
    "set_served_on",
    "settings_from_config",
    "template_history",
    "templates_overview",
    "verify",
]

#: Every kind's name, in catalogue order (domain.md §9.2); the records are in ``kinds.KINDS``.
KINDS: tuple[str, ...] = tuple(REGISTRY)
#: Public notice is served 30 days after publication (CPL art. 95).
ANNOUNCEMENT_DAYS = 30
MAX_TEMPLATE_CHARS = 50_000

# ReportLab keeps per-process state (font subsets, caches); builds are CPU-bound under the GIL
# anyway, so one build at a time per process costs nothing and rules out races.
_BUILD_LOCK = threading.Lock()


# ---- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentSettings:
    organ_name: str
    body_name: str
    case_prefix: str
    category_codes: Mapping[str, str] = field(default_factory=default_codes)
    public_url: str = ""
    fonts: FontConfig = field(default_factory=FontConfig)
    storage_dir: str = "instance/files"
    phone: str = ""
    address: str = ""

    @property
    def storage(self) -> Storage:
        return Storage(self.storage_dir)

    def code_for(self, kind: str) -> str:
        try:
            return self.category_codes[kind]
        except KeyError:
            title = REGISTRY[kind].title if kind in REGISTRY else kind
            raise DomainError(gettext("未配置《%(title)s》的文书类别代字",
                                      title=gettext(title))) from None

    def verify_url(self, code: str) -> str:
        return f"{self.public_url.rstrip('/')}/verify/{code}" if self.public_url else ""


def settings_from_config(config: Mapping[str, Any]) -> DocumentSettings:
    """Settings from the app config (a plain mapping). ``RECON_CATEGORY_CODES`` overrides the
    default category code of some kinds, e.g. ``{"decision": "决字"}``."""
    codes = default_codes()
    codes.update(config.get("RECON_CATEGORY_CODES") or {})
    codes = {kind: validate_code(code) for kind, code in codes.items()}
    fonts = FontConfig.from_env({
        "RECON_PDF_FONT_SERIF": config.get("RECON_PDF_FONT_SERIF") or "",
        "RECON_PDF_FONT_SANS": config.get("RECON_PDF_FONT_SANS") or "",
    })
    return DocumentSettings(
        organ_name=config["RECON_ORGAN_NAME"],
        body_name=config.get("RECON_BODY_NAME") or "",
        case_prefix=validate_prefix(config["RECON_CASE_PREFIX"]),
        category_codes=codes,
        public_url=config.get("RECON_PUBLIC_URL") or "",
        fonts=fonts,
        storage_dir=str(config["STORAGE_DIR"]),
        phone=config.get("RECON_SITE_PHONE") or "",
        address=config.get("RECON_SITE_ADDRESS") or "",
    )


def kinds_for_role(role: str) -> tuple[str, ...]:
    """The kinds a role may issue from the case's documents page. A kind a workflow step issues
    (``Kind.step``) is issued by hand only by a supervisor, with a reason (:func:`issue_by_hand`)."""
    if role == Role.SUPERVISOR:
        return KINDS
    if role == Role.HANDLER:
        return tuple(name for name, kind in REGISTRY.items() if not kind.step)
    if role == Role.CLERK:
        return tuple(name for name, kind in REGISTRY.items() if kind.clerk and not kind.step)
    return ()


MAX_MANUAL_REASON_CHARS = 500


def manual_refusal(role: str, kind: str) -> str | None:
    """Why ``role`` may not issue ``kind`` by hand (None: it may), in the reader's language."""
    record_kind = REGISTRY.get(kind)
    if record_kind is None:
        return gettext("未知的文书种类：%(kind)s", kind=kind)
    if kind in kinds_for_role(role):
        return None
    if record_kind.step and role in (Role.HANDLER, Role.CLERK):
        return gettext("《%(title)s》由「%(step)s」办理时签发，不能在文书页手工签发；请在案件页办理「%(step)s」。"
                       "确需手工签发的，由负责人签发并说明理由", title=gettext(record_kind.title),
                       step=gettext(record_kind.step))
    return gettext("您的角色不能制作《%(title)s》", title=gettext(record_kind.title))


def issue_by_hand(session: Session, case, kind: str, extra: Mapping[str, Any], actor, now: datetime,
                  settings: DocumentSettings, *, token: str | None = None, reason: str = "") -> Document:
    """Issue a document from the documents page (not through its workflow step). A kind a step
    issues needs a supervisor and a reason, recorded in the audit log (``document.issue_by_hand``);
    others go straight to :func:`issue`."""
    refused = manual_refusal(getattr(actor, "role", ""), kind)
    if refused is not None:
        raise PermissionDenied(refused)
    record_kind = REGISTRY[kind]
    reason = (reason or "").strip()
    if record_kind.step:
        if not reason:
            raise DomainError(gettext("手工签发《%(title)s》须说明理由（该文书通常在办理「%(step)s」时签发）",
                                      title=gettext(record_kind.title), step=gettext(record_kind.step)),
                              field="manual_reason")
        if len(reason) > MAX_MANUAL_REASON_CHARS:
            raise DomainError(gettext("不超过 %(n)d 个字，现有 %(count)d 个字", n=MAX_MANUAL_REASON_CHARS,
                                      count=len(reason)), field="manual_reason")
    repeated = token is not None and session.scalar(
        select(Document.id).where(Document.issue_token == token)) is not None
    document = issue(session, case, kind, extra, actor, now, settings, token=token)
    if record_kind.step and not repeated:
        record(session, actor, "document.issue_by_hand", document, case_id=case.id, at=now,
               summary=f"手工签发《{record_kind.title}》{document.number}（通常由「{record_kind.step}」签发）。"
                       f"理由：{reason}",
               after={"kind": kind, "number": document.number, "reason": reason})
    return document


def font_status(settings: DocumentSettings) -> FontStatus:
    """Which fonts the PDFs use: embedded TrueType, or the STSong-Light fallback (with why)."""
    return register_fonts(settings.fonts)


# ---- building ---------------------------------------------------------------------------------


def _kind(kind: str) -> Kind:
    if kind not in REGISTRY:
        raise DomainError(gettext("未知的文书种类：%(kind)s", kind=kind), field="kind")
    return REGISTRY[kind]


def _use_fonts(settings: DocumentSettings) -> None:
    if default_config() != settings.fonts:
        set_default_config(settings.fonts)


def _render(kind: Kind, ctx, template: str | None, published: bool = False) -> bytes:
    with _BUILD_LOCK:
        try:
            with i18n.source_language():
                return kind.build(ctx, template, published=published)
        except MissingFact as exc:
            raise DomainError(gettext(
                "《%(title)s》：%(error)s。请先在案件中登记该日期", title=gettext(kind.title),
                error=str(exc).rstrip("。"),
            )) from exc
        except TemplateError as exc:
            raise DomainError(gettext(
                "《%(title)s》的当前模板有误，请联系系统管理员修改模板：%(error)s",
                title=gettext(kind.title), error=exc,
            )) from exc
        except ValueError as exc:
            raise DomainError(str(exc)) from exc


def _header(settings: DocumentSettings, extra: Mapping, **values) -> Header:
    return Header(
        organ_name=settings.organ_name,
        body_name=settings.body_name,
        contact=str(extra.get("contact") or "").strip(),
        phone=str(extra.get("phone") or settings.phone).strip(),
        address=settings.address,
        **values,
    )


def _issuer(actor):
    """Who acts for the organ: a member of staff, or None (the organ's system) when the document
    follows from an applicant's own step (an online filing's receipt)."""
    return None if actor is None or getattr(actor, "role", None) == Role.APPLICANT else actor


def _context(session, case, kind: Kind, extra, header, actor, settings):
    try:
        with i18n.source_language():
            return kind.make_context(session, case, extra, header, place=settings.address,
                                     actor_name=getattr(_issuer(actor), "display_name", "") or "")
    except ValueError as exc:  # a lazy message: text now, in the reader's language
        raise DomainError(str(exc)) from exc


def active_template(session: Session, kind: str) -> tuple[str | None, int]:
    """``(body, version)`` of the kind's active template; ``(None, 0)`` is the builder default."""
    row = session.scalar(
        select(DocumentTemplate)
        .where(DocumentTemplate.kind == kind)
        .order_by(DocumentTemplate.version.desc())
        .limit(1)
    )
    return (row.body, row.version) if row else (None, 0)


def preview(
    session: Session,
    case,
    kind: str,
    extra: Mapping[str, Any],
    settings: DocumentSettings,
    *,
    now: datetime | None = None,
    actor=None,
) -> bytes:
    """The draft PDF (watermark 草稿, no number, no verification code). Nothing is stored."""
    record_kind = _kind(kind)
    _use_fonts(settings)
    extra = dict(extra or {})
    body, _version = active_template(session, kind)
    header = _header(settings, extra, draft=True, issued_on=beijing_date(now) if now else None)
    ctx = _context(session, case, record_kind, extra, header, actor, settings)
    return _render(record_kind, ctx, body)


def _max_repeat(session: Session, case, kind: str) -> int:
    """The highest repeat of ``kind`` under the case's number: a corrected resubmission that took
    over a withdrawn version's number (recon.intake.services) continues its documents' count."""
    return session.scalar(
        select(func.max(Document.repeat)).where(
            Document.kind == kind,
            or_(Document.case_id == case.id,
                and_(Document.year == case.year, Document.serial == case.serial)))
    ) or 0


def _number(settings: DocumentSettings, case, kind: str, repeat: int) -> str:
    try:
        return format_number(settings.case_prefix, settings.code_for(kind), case.year, case.serial,
                             repeat)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc


def next_number(session: Session, case, kind: str, settings: DocumentSettings) -> str:
    """The number the next document of ``kind`` would get now (for the preview page only)."""
    _kind(kind)
    return _number(settings, case, kind, _max_repeat(session, case, kind) + 1)


def _new_code(session: Session) -> str:
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Document.id).where(Document.verification_code == code)) is None:
            return code
    raise DomainError(gettext("无法生成唯一的验证码，请重试"))  # pragma: no cover - 31^8 codes


def issue(
    session: Session,
    case,
    kind: str,
    extra: Mapping[str, Any],
    actor,
    now: datetime,
    settings: DocumentSettings,
    *,
    token: str | None = None,
) -> Document:
    """Number, build, store and record one document of ``kind`` for ``case``.

    ``token`` (the preview's one-time token) makes a repeated「确认签发」return the document
    already issued instead of a second one.

    A document that follows from the applicant's own step (the receipt of an online filing) is
    issued by the organ's system: no user is recorded as its issuer, its 接收人 is the online
    application system, and the timeline and audit name the system.
    """
    _kind(kind)
    _use_fonts(settings)
    extra = dict(extra or {})
    contexts.lock_case(session, case.id)
    for attempt in range(2):
        if token:
            existing = session.scalar(select(Document).where(Document.issue_token == token))
            if existing is not None:
                if existing.case_id != case.id or existing.kind != kind:
                    raise Conflict(gettext("该预览已用于签发其他文书，请重新生成预览"))
                return existing
        try:
            with session.begin_nested():
                return _issue_once(session, case, kind, extra, actor, now, settings, token)
        except IntegrityError:
            if attempt:
                raise Conflict(gettext("文号分配时发生冲突，请稍后重新签发")) from None
            log.warning("document number collision for case %s kind %s; retrying", case.id, kind)
    raise AssertionError("unreachable")  # pragma: no cover


def _issue_once(session, case, kind, extra, actor, now, settings, token) -> Document:
    record_kind = _kind(kind)
    issuer = _issuer(actor)
    repeat = _max_repeat(session, case, kind) + 1
    number = _number(settings, case, kind, repeat)
    body, version = active_template(session, kind)
    code = _new_code(session)
    header = _header(
        settings, extra, number=number, issued_on=beijing_date(now), draft=False,
        verification_code=format_code(code), verify_url=settings.verify_url(code), created_at=now,
    )
    ctx = _context(session, case, record_kind, extra, header, actor, settings)
    data = _render(record_kind, ctx, body)
    store = settings.storage
    stored = store.put_bytes(data, session)  # removed again if the transaction rolls back
    document = Document(
        case_id=case.id, kind=kind, number=number, repeat=repeat, year=case.year,
        serial=case.serial, template_version=version, sha256=stored.sha256, size=stored.size,
        issued_at=now, issued_by_id=getattr(issuer, "id", None), verification_code=code,
        context={"organ_name": settings.organ_name, "extra": contexts.jsonable(extra),
                 "data": contexts.jsonable(ctx)},
        recipient=ctx.recipient.name if ctx.recipient is not None else None,
        issue_token=token,
    )
    session.add(document)
    try:
        session.flush()
    except IntegrityError:
        if stored.created:
            store.remove(stored.sha256)
        raise
    summary = f"签发《{record_kind.title}》{number}"
    signals.timeline_event.send(
        document, session=session, case=case, kind="document.issued", summary=summary,
        actor=issuer, now=now,
        payload={"document_id": document.id, "kind": kind, "number": number},
        dedupe_key=f"document.issued:{document.id}",
    )
    session.flush()
    record(session, issuer, "document.issue", document, case_id=case.id, summary=summary, at=now,
           after={"kind": kind, "number": number, "repeat": repeat, "sha256": stored.sha256,
                  "size": stored.size, "template_version": version,
                  "verification_code": format_code(code), "recipient": document.recipient})
    return document


def published_copy(session: Session, document: Document, settings: DocumentSettings) -> bytes:
    """The published copy (公开文本) of an issued document: the parties' ID and phone numbers
    masked, otherwise the same wording (the template version it was issued with), number and date.

    Served documents carry the numbers in full and are the only originals: the copy is rendered on
    request from the case record and the input kept with the document, never stored, and carries
    no verification code (``/verify`` vouches for originals only)."""
    kind = _kind(document.kind)
    _use_fonts(settings)
    case = contexts.get_case(session, document.case_id)
    extra = dict((document.context or {}).get("extra") or {})
    body = None
    if document.template_version:
        body = session.scalar(select(DocumentTemplate.body).where(
            DocumentTemplate.kind == document.kind,
            DocumentTemplate.version == document.template_version))
    header = _header(settings, extra, number=document.number, issued_on=document.issued_on,
                     draft=False, created_at=document.issued_at)
    ctx = _context(session, case, kind, extra, header, document.issued_by, settings)
    return _render(kind, ctx, body, published=True)


def case_documents(session: Session, case_id: int) -> list[Document]:
    """The case's documents in issue order, their service records loaded with them."""
    return list(session.scalars(
        select(Document).where(Document.case_id == case_id)
        .options(selectinload(Document.services))
        .order_by(Document.issued_at, Document.id)
    ))


def latest_document(session: Session, case_id: int, kind: str) -> Document | None:
    """The case's last issued document of ``kind`` (None: none issued)."""
    return session.scalar(select(Document).where(Document.case_id == case_id, Document.kind == kind)
                          .order_by(Document.id.desc()).limit(1))


def applicant_may_download(document: Document) -> bool:
    """Whether the case's applicant may download ``document``: their receipt and 笔录, and any
    document once served on someone of the case (a notice served on the applicant, a decision
    served on the parties)."""
    kind = REGISTRY.get(document.kind)
    return (kind is not None and kind.applicant_copy) or any(s.served_on is not None
                                                   for s in document.services)


def applicant_documents(session: Session, case_id: int) -> list[Document]:
    """What the applicant may download (``applicant_may_download``), in issue order."""
    return [d for d in case_documents(session, case_id) if applicant_may_download(d)]


class StoredFileError(DomainError):
    """The issued file is missing or no longer matches its sha256: never rebuilt, restore it."""

    status = 500


def document_bytes(document: Document, store: Storage | None = None) -> bytes:
    """The issued bytes exactly as stored (checked against the recorded sha256)."""
    if store is None:
        from recon.storage import storage

        store = storage()
    try:
        data = store.read(document.sha256)
    except FileNotFoundError:
        log.error("issued document %s: file %s is missing", document.id, document.sha256)
        raise StoredFileError(gettext("文书原件文件缺失，请联系系统管理员从备份恢复")) from None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        log.error("issued document %s: file %s fails its sha256 check", document.id,
                  document.sha256)
        raise StoredFileError(
            gettext("文书原件文件校验不符（可能已损坏），请联系系统管理员从备份恢复"))
    return data


# ---- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    document: Document | None
    matches: bool | None  # None: no file was uploaded (or no document)


def normalize_code(text: str | None) -> str | None:
    """``k7qm-3xpr`` / ``Ｋ７ＱＭ３ＸＰＲ`` → ``K7QM3XPR``; None if it cannot be a code."""
    cleaned = "".join(
        ch for ch in unicodedata.normalize("NFKC", text or "").upper() if ch.isalnum()
    )
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def verify(session: Session, code: str, uploaded: bytes | None = None) -> VerifyResult:
    """Look a verification code up; with ``uploaded``, say whether that file is the original."""
    normalized = normalize_code(code)
    document = None
    if normalized:
        document = session.scalar(select(Document).where(Document.verification_code == normalized))
    if document is None:
        return VerifyResult(None, None)
    if uploaded is None:
        return VerifyResult(document, None)
    return VerifyResult(document, hashlib.sha256(uploaded).hexdigest() == document.sha256)


# ---- service (送达) ----------------------------------------------------------------------------


def _today(now: datetime) -> date:
    return beijing_date(now)


def record_service(
    session: Session,
    document: Document,
    *,
    recipient: str,
    method: str,
    actor,
    now: datetime,
    electronic_consent: bool = False,
    address: str = "",
    sent_on: date | None = None,
    served_on: date | None = None,
    note: str = "",
    via: str = "",
    timeline: bool = True,
) -> DocumentService:
    """Record how and when ``document`` was served on ``recipient`` (domain.md §7.4).

    ``timeline=False``: the caller writes the case timeline's entry itself (the workflow's
    ``serve`` action); the audit entry is written either way.

    * direct / refusal (留置): ``served_on`` is the date signed or left, required;
    * postal: ``sent_on`` (mailing date) required, ``served_on`` from the return slip when back;
    * electronic: needs the recipient's consent; ``served_on`` is the day it reached the
      recipient's system (default: the day it was sent);
    * announcement (公告): ``sent_on`` is the publication date; served 30 days later (CPL art. 95);
    * entrusted (委托, CPL art. 91) / transfer (转交, arts. 92–93): ``via`` names who was entrusted or
      the unit it was passed through, required; ``served_on`` is the date the recipient signed.
    """
    recipient = (recipient or "").strip()
    if not recipient:
        raise DomainError(gettext("请填写受送达人"), field="recipient")
    if method not in SERVICE_METHOD_LABELS:
        raise DomainError(gettext("请选择送达方式"), field="method")
    today = _today(now)
    issued_on = document.issued_on
    if method == "electronic" and not electronic_consent:
        raise DomainError(
            gettext("电子送达须经受送达人同意：请确认受送达人已同意采用电子方式送达后勾选"),
            field="electronic_consent",
        )
    if method in ("postal", "electronic", "announcement") and sent_on is None:
        missing = {"postal": N_("请填写寄出日期"), "electronic": N_("请填写发送日期"),
                   "announcement": N_("请填写公告发布日期")}
        raise DomainError(gettext(missing[method]), field="sent_on")
    if method == "announcement":
        served_on = sent_on + timedelta(days=ANNOUNCEMENT_DAYS)
        if not (note or "").strip():
            raise DomainError(gettext(
                "公告送达须在备注中写明采用公告送达的原因（下落不明或者其他方式无法送达）"
            ), field="note")
    elif method == "electronic" and served_on is None:
        served_on = sent_on
    elif method in ("direct", "refusal", "entrusted", "transfer") and served_on is None:
        missing = N_("请填写留置日期") if method == "refusal" else N_("请填写签收日期")
        raise DomainError(gettext(missing), field="served_on")
    via = (via or "").strip()
    if method in ("entrusted", "transfer") and not via:
        missing = {"entrusted": N_("委托送达须写明受委托送达的机关或者单位"),
                   "transfer": N_("转交送达须写明代为转交的机关或者单位")}
        raise DomainError(gettext(missing[method]), field="via")
    if len(via) > 200:
        raise DomainError(gettext("不超过 200 个字"), field="via")
    if sent_on is not None:
        if sent_on < issued_on:
            raise DomainError(gettext("送出日期不能早于文书签发日期"), field="sent_on")
        if sent_on > today:
            raise DomainError(gettext("送出日期不能晚于今天"), field="sent_on")
    if served_on is not None and method != "announcement":
        if served_on < issued_on:
            raise DomainError(gettext("送达日期不能早于文书签发日期"), field="served_on")
        if served_on > today:
            raise DomainError(gettext("送达日期不能晚于今天"), field="served_on")
        if sent_on is not None and served_on < sent_on:
            raise DomainError(gettext("送达日期不能早于送出日期"), field="served_on")
    service = DocumentService(
        document=document, recipient=recipient, method=method,
        electronic_consent=bool(electronic_consent), address=(address or "").strip(),
        sent_on=sent_on, served_on=served_on, note=(note or "").strip(),
        via=via if method in ("entrusted", "transfer") else None,
        recorded_by_id=getattr(actor, "id", None), recorded_at=now,
    )
    session.add(service)
    session.flush()
    summary = service_summary(document, service)
    if timeline:
        _service_event(session, document, service, summary, actor, now, "document.service")
    record(session, actor, "document.service", service, case_id=document.case_id, summary=summary,
           at=now, after=_service_dict(service))
    return service


def set_served_on(session: Session, service: DocumentService, served_on: date, actor,
                  now: datetime) -> DocumentService:
    """Enter the date from a postal return slip (or an electronic delivery report) later."""
    if service.served_on is not None:
        raise Conflict(
            gettext("该送达记录已有送达日期，不能修改；如有错误请另行登记并在备注中说明"))
    if service.method not in ("postal", "electronic"):
        raise DomainError(gettext("只有邮寄送达和电子送达可以事后登记送达日期"),
                          field="served_on")
    if served_on is None:
        raise DomainError(gettext("请填写送达日期"), field="served_on")
    document = service.document
    if served_on < document.issued_on or (service.sent_on and served_on < service.sent_on):
        raise DomainError(gettext("送达日期不能早于送出日期"), field="served_on")
    if served_on > _today(now):
        raise DomainError(gettext("送达日期不能晚于今天"), field="served_on")
    before = _service_dict(service)
    service.served_on = served_on
    session.flush()
    summary = service_summary(document, service)
    _service_event(session, document, service, summary, actor, now, "document.served")
    record(session, actor, "document.service.served", service, case_id=document.case_id,
           summary=summary, at=now, before=before, after=_service_dict(service))
    return service


def _service_dict(service: DocumentService) -> dict:
    return {
        "document_id": service.document_id, "recipient": service.recipient,
        "method": service.method, "electronic_consent": service.electronic_consent,
        "sent_on": service.sent_on.isoformat() if service.sent_on else None,
        "served_on": service.served_on.isoformat() if service.served_on else None,
        "via": service.via,
    }


#: How an entrusted or transferred service names its go-between in the summary (CPL arts. 91–93).
_VIA_WORDS = {"entrusted": "（委托{via}送达）", "transfer": "（经{via}转交）"}


def service_summary(document: Document, service: DocumentService) -> str:
    text = f"《{document.title}》{document.number}向{service.recipient}{service.method_label}"
    if service.via:  # stored for these two methods only (record_service)
        text += _VIA_WORDS[service.method].format(via=service.via)
    if service.served_on is not None:
        text += f"，送达日期{cdate(service.served_on)}"
    else:
        text += "，待回执"
    return text


def _service_event(session, document, service, summary, actor, now, kind) -> None:
    case = contexts.get_case(session, document.case_id)
    signals.timeline_event.send(
        document, session=session, case=case, kind=kind, summary=summary, actor=actor, now=now,
        payload={"document_id": document.id, "service_id": service.id,
                 "served_on": service.served_on.isoformat() if service.served_on else None},
        dedupe_key=f"{kind}:{service.id}",
    )
    session.flush()


def served_on_for(document: Document, recipient: str) -> date | None:
    """The legal service date of ``document`` on ``recipient``: the earliest effective service
    (later periods, e.g. the 15 days to sue, count from it). None while not served."""
    name = (recipient or "").strip()
    dates = [s.served_on for s in document.services
             if s.recipient.strip() == name and s.served_on is not None]
    return min(dates) if dates else None


# ---- template versions ------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    title: str
    version: int  # 0: the built-in default
    active: DocumentTemplate | None


def templates_overview(session: Session) -> list[TemplateRow]:
    newest: dict[str, DocumentTemplate] = {}
    for row in session.scalars(select(DocumentTemplate).order_by(DocumentTemplate.version)):
        newest[row.kind] = row
    return [
        TemplateRow(kind.name, kind.title, newest[kind.name].version if kind.name in newest else 0,
                    newest.get(kind.name))
        for kind in REGISTRY.values()
    ]


def template_history(session: Session, kind: str) -> list[DocumentTemplate]:
    _kind(kind)
    return list(session.scalars(
        select(DocumentTemplate).where(DocumentTemplate.kind == kind)
        .order_by(DocumentTemplate.version.desc())
    ))


def check_template(kind: str, body: str, settings: DocumentSettings | None = None) -> None:
    """Render ``body`` with sample data (a full PDF, plus the simple-procedure and postal
    variants of the wording); raise ``DomainError(field="body")`` if it fails."""
    record_kind = _kind(kind)
    if settings is not None:
        _use_fonts(settings)
    header = Header(organ_name="××区人民政府", body_name="××区司法局", number="×府复〔2026〕17号",
                    issued_on=date(2026, 11, 27), verification_code="K7QM-3XPR",
                    verify_url="https://example.invalid/verify/K7QM3XPR", contact="陈八",
                    phone="0000-12345678", address="××区政务大道1号")
    try:
        with _BUILD_LOCK, i18n.source_language():
            record_kind.build(record_kind.sample_context(header), body)
            for variant in ({"simple": True}, {"postal": True}):
                render_body(body, record_kind.sample_context(header, **variant))
    except TemplateError as exc:
        raise DomainError(str(exc), field="body") from exc
    except ValueError as exc:
        raise DomainError(gettext("模板无法生成文书：%(error)s", error=exc), field="body") from exc


def save_template(session: Session, kind: str, body: str, note: str, actor, now: datetime,
                  settings: DocumentSettings | None = None) -> DocumentTemplate:
    """Check ``body`` and save it as the kind's next version (the active one from now on)."""
    record_kind = _kind(kind)
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        raise DomainError(gettext("模板内容不能为空"), field="body")
    if len(body) > MAX_TEMPLATE_CHARS:
        raise DomainError(gettext("模板内容不能超过 %(n)s 个字符", n=MAX_TEMPLATE_CHARS),
                          field="body")
    note = (note or "").strip()
    if len(note) > 500:
        raise DomainError(gettext("修改说明不能超过 %(n)s 个字", n=500), field="note")
    current, version = active_template(session, kind)
    if body == (current if current is not None else record_kind.wording):
        raise DomainError(gettext("模板内容与当前启用的版本相同，无需保存新版本"), field="body")
    check_template(kind, body, settings)
    row = DocumentTemplate(kind=kind, version=version + 1, body=body, note=note, created_at=now,
                           created_by_id=getattr(actor, "id", None))
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(
            gettext("其他管理员刚刚保存了该模板的新版本，请重新载入后再修改")) from None
    summary = f"保存《{record_kind.title}》模板第 {row.version} 版"
    record(session, actor, "document_template.save", row, summary=summary, at=now,
           after={"kind": kind, "version": row.version, "note": note,
                  "sha256": hashlib.sha256(body.encode()).hexdigest()})
    return row
