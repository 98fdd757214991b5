"""Online application drafts (ux.md A5): create, save a step, upload files, load, expire, submit.

Plain functions taking `session`, the `owner` (the applicant's User) and `now`; they flush and
audit, never commit, and never touch the request. The draft's `data` is the API shape of
api.md "Filing" plus a few page facts (`has_agents`, `has_third_parties`, `done`, `raw`):

* `done`: the steps whose page passed its checks;
* `raw[step]`: what was typed on a page that was saved without passing its checks
  (「保存草稿，稍后继续」), so the page shows it again exactly as typed.

A draft expires `days` after its last save (config RECON_DRAFT_DAYS, 30 by default); once
submitted it keeps `case_id` and is read-only.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.cases.models import Case
from recon.errors import DomainError, NotFound
from recon.i18n import N_, gettext
from recon.intake import services as intake
from recon.intake.models import ApplicationDraft, Upload
from recon.intake.uploads import UploadLimits
from recon.storage import Storage

DEFAULT_DAYS = 30
#: The most characters「保存草稿」keeps of one answer that has not passed its page's checks: five
#: times the longest page limit (事实和理由, 20 000), so whatever a person typed is kept in full
#: and the page's own limit tells them when they continue; beyond it the save is refused.
RAW_MAX_CHARS = 100_000

#: The wizard's steps in order: (id, short name for the step indicator). The names stay Chinese
#: (they go into audit summaries); pages translate them where they show them.
STEPS: tuple[tuple[str, str], ...] = (
    ("applicant", N_("申请人")),
    ("agents", N_("代理人")),
    ("third_parties", N_("第三人")),
    ("respondent", N_("被申请人")),
    ("act", N_("行政行为")),
    ("request", N_("复议请求")),
    ("facts", N_("事实和理由")),
    ("evidence", N_("证据材料")),
    ("service", N_("送达方式")),
    ("check", N_("检查并提交")),
)
STEP_IDS = tuple(s for s, _label in STEPS)
STEP_LABELS = dict(STEPS)
#: The keys of `data` each step writes.
STEP_KEYS = {
    "applicant": ("applicant",),
    "agents": ("has_agents", "agents"),
    "third_parties": ("has_third_parties", "third_parties"),
    "respondent": ("respondent",),
    "act": ("act",),
    "request": ("request",),
    "facts": ("facts_and_reasons", "litigation_filed", "normative_review"),
    "evidence": ("attachments",),
    "service": ("service",),
}


class DraftExpired(NotFound):
    """The draft is past its expiry date (or was deleted)."""


@dataclass
class UploadOutcome:
    added: list[Upload]
    errors: list[str]


def next_step(step: str) -> str:
    return STEP_IDS[min(STEP_IDS.index(step) + 1, len(STEP_IDS) - 1)]


def previous_step(step: str) -> str | None:
    index = STEP_IDS.index(step)
    return STEP_IDS[index - 1] if index > 0 else None


def _touch(draft: ApplicationDraft, now: datetime, days: int) -> None:
    draft.updated_at = now
    draft.expires_at = now + timedelta(days=days)


def _new_draft(session: Session, owner, now: datetime, days: int, *, step: str,
               data: dict[str, Any]) -> ApplicationDraft:
    draft = ApplicationDraft(owner_id=owner.id, step=step, submission_token=f"web-{secrets.token_hex(16)}",
                             data=data, created_at=now)
    _touch(draft, now, days)
    session.add(draft)
    session.flush()
    return draft


def _with_done(data: dict[str, Any], step: str) -> list[str]:
    """`data`'s done steps with `step` added, in wizard order."""
    return sorted(set(data.get("done") or []) | {step}, key=STEP_IDS.index)


def _require_open(draft: ApplicationDraft) -> None:
    if draft.case_id is not None:
        raise DomainError(gettext("该申请已经提交，不能再修改。如需补充材料，请等待复议机构通知补正"),
                          field="draft")


# ---- reading --------------------------------------------------------------------------------------


def active_drafts(session: Session, owner, now: datetime) -> list[ApplicationDraft]:
    """The owner's unsubmitted, unexpired drafts, most recently saved first."""
    return list(session.scalars(
        select(ApplicationDraft)
        .where(ApplicationDraft.owner_id == owner.id, ApplicationDraft.case_id.is_(None),
               ApplicationDraft.expires_at > now)
        .order_by(ApplicationDraft.updated_at.desc(), ApplicationDraft.id.desc())
    ))


def load(session: Session, owner, draft_id: int, now: datetime) -> ApplicationDraft:
    """The owner's draft (submitted ones too). Another owner's draft is simply not found."""
    draft = session.get(ApplicationDraft, draft_id)
    if draft is None or draft.owner_id != owner.id:
        raise NotFound(gettext("未找到该申请草稿"), field="draft")
    if draft.case_id is None and draft.expires_at <= now:
        raise DraftExpired(gettext("该申请草稿已超过保存期限，已被删除。请重新开始申请"), field="draft")
    return draft


def uploads_of(session: Session, draft: ApplicationDraft) -> list[Upload]:
    ids = list((draft.data or {}).get("attachments") or [])
    if not ids:
        return []
    rows = {u.id: u for u in session.scalars(select(Upload).where(Upload.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def application_data(draft: ApplicationDraft) -> dict[str, Any]:
    """The draft as an api.md "Filing" body for ApplicationForm(data=...)."""
    data = draft.data or {}
    return {
        "channel": "online",
        "submission_token": draft.submission_token,
        "applicant": dict(data.get("applicant") or {}),
        "agents": list(data.get("agents") or []) if data.get("has_agents") else [],
        "third_parties": list(data.get("third_parties") or []) if data.get("has_third_parties") else [],
        "respondent": dict(data.get("respondent") or {}),
        "act": dict(data.get("act") or {}),
        "request": data.get("request") or "",
        "facts_and_reasons": data.get("facts_and_reasons") or "",
        "litigation_filed": bool(data.get("litigation_filed")),
        "normative_review": data.get("normative_review"),
        "attachments": list(data.get("attachments") or []),
        "service": dict(data.get("service") or {}),
    }


def describe(draft: ApplicationDraft) -> str:
    """A short label for lists (reader's locale):「对合江区公安分局的行政复议申请」or
    「尚未填写被申请人的行政复议申请」."""
    respondent = ((draft.data or {}).get("respondent") or {}).get("name")
    if respondent:
        return gettext("对%(respondent)s的行政复议申请", respondent=respondent)
    return gettext("尚未填写被申请人的行政复议申请")


# ---- writing --------------------------------------------------------------------------------------


def create(session: Session, owner, now: datetime, *, days: int = DEFAULT_DAYS) -> ApplicationDraft:
    """A new draft after the 须知 page was acknowledged (A2). Expired drafts of the owner go first."""
    expire(session, now, owner=owner)
    draft = _new_draft(session, owner, now, days, step=STEP_IDS[0],
                       data={"acknowledged_at": now.isoformat(), "done": [], "raw": {}})
    record(session, owner, "draft.create", draft, summary="开始网上申请（已阅读申请须知和个人信息处理告知）",
           at=now)
    return draft


def save_step(session: Session, draft: ApplicationDraft, owner, step: str, values: dict[str, Any],
              now: datetime, *, days: int = DEFAULT_DAYS, goto: str | None = None) -> ApplicationDraft:
    """Store a step that passed its page checks; `goto` is the step to resume at next time."""
    _require_open(draft)
    if step not in STEP_KEYS:
        raise DomainError(gettext("未知的申请步骤"), field="step")
    unknown = set(values) - set(STEP_KEYS[step])
    if unknown:
        raise DomainError(gettext("该步骤不能保存 %(keys)s", keys=", ".join(sorted(unknown))),
                          field="step")
    data = dict(draft.data or {})
    data.update(values)
    data["done"] = _with_done(data, step)
    raw = dict(data.get("raw") or {})
    raw.pop(step, None)
    data["raw"] = raw
    draft.data = data
    draft.step = goto or next_step(step)
    _touch(draft, now, days)
    session.flush()
    record(session, owner, "draft.save", draft, summary=f"保存申请草稿：{STEP_LABELS[step]}",
           after={"step": step}, at=now)
    return draft


def save_raw(session: Session, draft: ApplicationDraft, owner, step: str, raw: dict[str, list[str]],
             now: datetime, *, days: int = DEFAULT_DAYS) -> ApplicationDraft:
    """「保存草稿，稍后继续」: keep what was typed on `step` exactly as it is, checked or not (`raw`:
    the page's own fields, {name: [values]}). Nothing is cut: an answer longer than RAW_MAX_CHARS
    is refused with a DomainError naming its field, and the draft keeps what it had."""
    _require_open(draft)
    if step not in STEP_KEYS:
        raise DomainError(gettext("未知的申请步骤"), field="step")
    for name, values in raw.items():
        longest = max((len(str(v)) for v in values), default=0)
        if longest > RAW_MAX_CHARS:
            raise DomainError(gettext("这一项有 %(count)d 个字，草稿最多保存 %(limit)d 个字，请删减后再保存",
                                      count=longest, limit=RAW_MAX_CHARS), field=name)
    data = dict(draft.data or {})
    kept = dict(data.get("raw") or {})
    kept[step] = {k: [str(v) for v in values] for k, values in raw.items()}
    data["raw"] = kept
    draft.data = data
    draft.step = step
    _touch(draft, now, days)
    session.flush()
    record(session, owner, "draft.save", draft, summary=f"保存申请草稿（未完成）：{STEP_LABELS[step]}",
           after={"step": step, "unchecked": True}, at=now)
    return draft


def add_files(session: Session, draft: ApplicationDraft, owner, files: list[intake.IncomingFile],
              now: datetime, *, storage: Storage, limits: UploadLimits, days: int = DEFAULT_DAYS,
              complete: bool = False) -> UploadOutcome:
    """Check and store each file (A11); a refused file is reported and the others are kept.
    With `complete`, the evidence step counts as done when every file was accepted."""
    _require_open(draft)
    current = uploads_of(session, draft)
    added, errors = intake.hold_files(session, owner, files, current, now, storage=storage, limits=limits)
    ids = [u.id for u in current + added]
    data = dict(draft.data or {})
    data["attachments"] = ids
    if complete and not errors:
        data["done"] = _with_done(data, "evidence")
        draft.step = next_step("evidence")
    else:
        draft.step = "evidence"
    draft.data = data
    _touch(draft, now, days)
    session.flush()
    if complete and not errors:  # the step is done: audited like every other step (save_step)
        record(session, owner, "draft.save", draft, summary=f"保存申请草稿：{STEP_LABELS['evidence']}",
               after={"step": "evidence", "files": len(ids)}, at=now)
    return UploadOutcome(added, errors)


def remove_upload(session: Session, draft: ApplicationDraft, owner, upload_id: str, now: datetime,
                  *, days: int = DEFAULT_DAYS) -> Upload:
    """「删除」a file from the draft (the stored content may be shared, so it stays on disk)."""
    _require_open(draft)
    data = dict(draft.data or {})
    ids = list(data.get("attachments") or [])
    upload = session.get(Upload, upload_id)
    if upload_id not in ids or upload is None or upload.owner_id != owner.id or upload.case_id:
        raise NotFound(gettext("未找到该文件，可能已经删除"), field="file")
    ids.remove(upload_id)
    data["attachments"] = ids
    draft.data = data
    draft.step = "evidence"
    _touch(draft, now, days)
    intake.drop_upload(session, owner, upload, now, f"从申请草稿中删除文件 {upload.filename}")
    return upload


def discard(session: Session, draft: ApplicationDraft, owner, now: datetime) -> None:
    """「删除草稿」: the draft and its files that no case uses."""
    _require_open(draft)
    _drop(session, [draft])
    record(session, owner, "draft.delete", object_type="application_draft", object_id=draft.id,
           summary="删除申请草稿", at=now)


def expire(session: Session, now: datetime, owner=None) -> int:
    """Delete unsubmitted drafts past their expiry date (all, or one owner's); returns how many.
    For the scheduler sweep or a CLI; the wizard also calls it before creating a draft."""
    query = select(ApplicationDraft).where(ApplicationDraft.case_id.is_(None),
                                           ApplicationDraft.expires_at <= now)
    if owner is not None:
        query = query.where(ApplicationDraft.owner_id == owner.id)
    drafts = list(session.scalars(query))
    if not drafts:
        return 0
    for draft in drafts:
        record(session, None, "draft.expire", object_type="application_draft", object_id=draft.id,
               summary=f"申请草稿超过保存期限，自动删除（最后保存于 {draft.updated_at.isoformat()}）", at=now)
    _drop(session, drafts)
    return len(drafts)


def _drop(session: Session, drafts: list[ApplicationDraft]) -> None:
    upload_ids = [i for d in drafts for i in ((d.data or {}).get("attachments") or [])]
    if upload_ids:
        session.execute(delete(Upload).where(Upload.id.in_(upload_ids), Upload.case_id.is_(None)))
    for draft in drafts:
        session.delete(draft)
    session.flush()


def submit(session: Session, draft: ApplicationDraft, owner, data: dict[str, Any], now: datetime, *,
           storage: Storage, settings: intake.IntakeSettings) -> intake.Registration:
    """File the draft: `data` is the validated ApplicationForm data built from
    `application_data(draft)`. Raises intake.AlreadyRegistered when it was filed before.
    A correction (see `reopen_for_correction`) filed inside the window keeps the original
    submission time and is linked to the submission it replaces."""
    if draft.case_id is not None:
        raise intake.AlreadyRegistered(draft.case_id)
    if data.get("submission_token") != draft.submission_token or data.get("channel") != "online":
        raise DomainError(gettext("提交的内容与草稿不一致，请返回检查页重新提交"), field="draft")
    correction = correction_of(draft)
    original = session.scalar(select(Case).where(Case.case_no == correction["case_no"])) if correction else None
    submitted_at = None
    if original is not None and now < correction["until"]:
        submitted_at = original.intake.submitted_at
    result = intake.register_application(session, data, owner, now, storage=storage, settings=settings,
                                         submitted_at=submitted_at, replaces=original)
    if original is not None:
        intake.link_correction(session, result.case, original, owner, now)
    draft.case_id = result.case.id
    draft.step = "submitted"
    draft.updated_at = now
    session.flush()
    record(session, owner, "draft.submit", draft, case_id=result.case.id,
           summary=f"提交网上申请，申请编号 {result.case.case_no}", at=now)
    return result


def correction_of(draft: ApplicationDraft) -> dict[str, Any] | None:
    """For a draft reopened by「撤回并修改」: the withdrawn submission's number (``case_no``) and the
    end of the window (``until``, a datetime) inside which the corrected one keeps the original
    submission time."""
    corrects = (draft.data or {}).get("corrects")
    if not corrects:
        return None
    return {"case_no": corrects["case_no"], "until": datetime.fromisoformat(corrects["until"])}


def correction_draft(session: Session, case: Case, owner) -> ApplicationDraft | None:
    """The open draft that「撤回并修改」made from `case`, if any (a second click finds it)."""
    drafts = session.scalars(select(ApplicationDraft).where(ApplicationDraft.owner_id == owner.id,
                                                            ApplicationDraft.case_id.is_(None)))
    return next((d for d in drafts if (correction_of(d) or {}).get("case_no") == case.case_no), None)


def _filed_from(session: Session, case: Case, owner) -> ApplicationDraft | None:
    """The owner's submitted draft that `case` was filed from (None when it was not made in the
    wizard here)."""
    return session.scalar(select(ApplicationDraft).where(ApplicationDraft.case_id == case.id,
                                                         ApplicationDraft.owner_id == owner.id))


def retractable_until(session: Session, case: Case, owner, now: datetime,
                      window: timedelta) -> datetime | None:
    """Until when the owner may still「撤回并修改」`case` (ux.md A8), or None when they may not: the
    window has ended, the case is past it, or the application was not made in the wizard here."""
    until = intake.correctable_until(case, window, now)
    if until is None or _filed_from(session, case, owner) is None:
        return None
    return until


def reopen_for_correction(session: Session, case: Case, owner, now: datetime, *, window: timedelta,
                          days: int = DEFAULT_DAYS) -> ApplicationDraft:
    """「撤回并修改」(ux.md A8): withdraw an online submission made in this wizard within the window
    and return its answers and files as a draft at the check page."""
    submitted = _filed_from(session, case, owner)
    if submitted is None:
        raise NotFound(gettext("该申请不是在本网站填写提交的，不能在这里撤回修改"), field="case")
    until = intake.correctable_until(case, window, now)
    uploads = intake.retract_for_correction(session, case, owner, now, window)
    data = copy.deepcopy(submitted.data or {})
    data["attachments"] = [u.id for u in uploads]
    data["done"] = [s for s in STEP_IDS if s != "check"]
    data["raw"] = {}
    data["corrects"] = {"case_no": case.case_no, "until": until.isoformat()}
    draft = _new_draft(session, owner, now, days, step="check", data=data)
    record(session, owner, "draft.create", draft, case_id=case.id,
           summary=f"撤回申请 {case.case_no} 并修改：内容已退回草稿", at=now)
    return draft
