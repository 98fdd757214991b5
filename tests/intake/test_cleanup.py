"""The file sweep (job ``file-sweep``): unused uploads go after the TTL, expired drafts take their
files along, and a stored file goes once no row names it and it is older than the grace period,
only when the sweep commits. Called with a fixed `now` (design.md §6); the scheduler never starts."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from recon.audit.models import AuditEntry
from recon.cases.models import Case, Material
from recon.extensions import db
from recon.intake import cleanup, drafts
from recon.intake.models import ApplicationDraft, Upload
from recon.intake.services import IncomingFile
from recon.intake.uploads import UploadLimits
from recon.scheduler import JOBS, build_scheduler, run_job
from recon.storage import Storage
from tests.conftest import FIXED_NOW, PG_URL, login
from tests.intake import factories
from tests.intake.factories import PDF_BYTES, PNG_BYTES, payload, token_for
from tests.intake.test_clerk import form_data, post

TTL = timedelta(hours=72)
GRACE = timedelta(hours=1)
LONG_AGO = FIXED_NOW - timedelta(days=10)  # when the "old" uploads were made


@pytest.fixture(autouse=True)
def wall_clock(monkeypatch):
    """The sweep never counts the grace period from later than the wall clock: pin it."""
    clock = {"now": FIXED_NOW}
    monkeypatch.setattr(cleanup, "now_utc", lambda: clock["now"])
    return clock


@pytest.fixture
def store(app) -> Storage:
    return Storage(app.config["STORAGE_DIR"])


@pytest.fixture
def headers(client, users):
    return token_for(client, "applicant")


def api_upload(client, headers, content: bytes = PDF_BYTES, name: str = "证据.pdf") -> dict:
    response = factories.upload(client, headers, content, name)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def file_application(client, headers, upload_ids: list[str]) -> Case:
    response = client.post("/api/v1/applications", headers=headers, json=payload(attachments=upload_ids))
    assert response.status_code == 201, response.get_json()
    return db.session.scalar(select(Case).where(Case.case_no == response.get_json()["case_no"]))


def set_written(store: Storage, sha256: str, when) -> None:
    """Pretend the stored file was last written at `when`."""
    os.utime(store.path_for(sha256), (when.timestamp(), when.timestamp()))


def age_all(store: Storage, when=LONG_AGO) -> None:
    """Every upload row and every stored file dates from `when`."""
    for upload in db.session.scalars(select(Upload)):
        upload.created_at = when
    db.session.commit()
    for sha, _written in store.stored():
        set_written(store, sha, when)


def sweep(now) -> int:
    count = cleanup.sweep_unused_files(db.session, now)
    db.session.commit()
    return count


def actions(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def new_draft(owner, files: list[tuple[bytes, str]], store: Storage, now=LONG_AGO) -> ApplicationDraft:
    """A wizard draft started and given files at `now` (the wizard's own service calls)."""
    draft = drafts.create(db.session, owner, now)
    outcome = drafts.add_files(db.session, draft, owner,
                               [IncomingFile(name, io.BytesIO(content)) for content, name in files],
                               now, storage=store, limits=UploadLimits())
    assert not outcome.errors
    db.session.commit()
    return draft


# ---- API uploads ----------------------------------------------------------------------------------


def test_an_unused_api_upload_stays_until_the_ttl_then_goes_with_its_file(client, headers, store):
    up = api_upload(client, headers)
    age_all(store)
    assert sweep(LONG_AGO + TTL - timedelta(hours=1)) == 0
    assert db.session.get(Upload, up["id"]) is not None and store.exists(up["sha256"])

    assert sweep(LONG_AGO + TTL + timedelta(hours=1)) == 2  # the row and its file
    db.session.expire_all()
    assert db.session.get(Upload, up["id"]) is None
    assert not store.exists(up["sha256"])
    # the applicant who still tries to use it is told to upload it again
    response = client.post("/api/v1/applications", headers=headers, json=payload(attachments=[up["id"]]))
    assert response.status_code == 422
    assert "请重新上传" in str(response.get_json())


def test_an_upload_used_by_a_case_stays_with_its_file(client, headers, store, login_as):
    up = api_upload(client, headers)
    case = file_application(client, headers, [up["id"]])
    age_all(store)
    assert sweep(FIXED_NOW) == 0
    assert db.session.get(Upload, up["id"]).case_id == case.id
    assert store.read(up["sha256"]) == PDF_BYTES
    material = db.session.scalar(select(Material).where(Material.case_id == case.id))
    staff = login_as("clerk")
    response = staff.get(f"/cases/{case.id}/materials/{material.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES


def test_a_file_shared_by_an_unused_upload_and_a_material_stays(app, client, headers, store, users):
    scan = PDF_BYTES + b"% walk-in application"
    clerk = app.test_client()
    login(clerk, "clerk")
    response = post(clerk, "/intake/onsite", form_data(), files=[("file_application", scan, "申请书.pdf")])
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    material = db.session.scalar(select(Material).where(Material.filename == "申请书.pdf"))
    unused = api_upload(client, headers, scan)  # the same bytes, never used in an application
    assert unused["sha256"] == material.sha256
    age_all(store)
    assert sweep(FIXED_NOW) == 1  # the unused row only
    assert db.session.get(Upload, unused["id"]) is None
    assert store.read(material.sha256) == scan


def test_a_second_upload_of_a_used_file_goes_but_the_file_stays(client, headers, store):
    used = api_upload(client, headers)
    case = file_application(client, headers, [used["id"]])
    unused = api_upload(client, headers)  # the same bytes again, never used
    assert unused["sha256"] == used["sha256"]
    age_all(store)
    assert sweep(FIXED_NOW) == 1  # the unused row only
    assert db.session.get(Upload, unused["id"]) is None
    assert db.session.get(Upload, used["id"]).case_id == case.id
    assert store.exists(used["sha256"])


def test_issued_documents_stay(client, headers, store):
    file_application(client, headers, [])  # the receipt PDF is an issued document
    age_all(store)
    stored = [sha for sha, _ in store.stored()]
    assert stored
    assert sweep(FIXED_NOW) == 0
    assert all(store.exists(sha) for sha in stored)


# ---- drafts ---------------------------------------------------------------------------------------


def test_an_expired_drafts_uploads_and_files_go(users, store):
    draft = new_draft(users["applicant"], [(PDF_BYTES, "处罚决定书.pdf"), (PNG_BYTES, "照片.png")], store)
    ids = list(draft.data["attachments"])
    shas = [db.session.get(Upload, i).sha256 for i in ids]
    age_all(store)
    draft.expires_at = FIXED_NOW - timedelta(seconds=1)
    db.session.commit()
    draft_id = draft.id

    assert sweep(FIXED_NOW) == 3  # the draft and its two files (its upload rows go with the draft)
    db.session.expire_all()
    assert db.session.get(ApplicationDraft, draft_id) is None
    assert all(db.session.get(Upload, i) is None for i in ids)
    assert not any(store.exists(sha) for sha in shas)
    assert [e.object_id for e in actions("draft.expire")] == [str(draft_id)]


def test_an_open_draft_keeps_its_files_however_old(users, store):
    draft = new_draft(users["applicant"], [(PDF_BYTES, "处罚决定书.pdf")], store)
    upload_id = draft.data["attachments"][0]
    age_all(store)  # uploaded 10 days ago; the draft is kept 30 days
    assert sweep(FIXED_NOW) == 0
    upload = db.session.get(Upload, upload_id)
    assert upload is not None and store.exists(upload.sha256)


def test_a_file_deleted_from_a_draft_goes(users, store):
    draft = new_draft(users["applicant"], [(PDF_BYTES, "处罚决定书.pdf")], store)
    upload = db.session.get(Upload, draft.data["attachments"][0])
    sha = upload.sha256
    drafts.remove_upload(db.session, draft, users["applicant"], upload.id, LONG_AGO)
    db.session.commit()
    age_all(store)
    assert sweep(FIXED_NOW) == 1
    assert not store.exists(sha)
    assert db.session.get(ApplicationDraft, draft.id) is not None


# ---- the grace period -----------------------------------------------------------------------------


def test_a_file_younger_than_the_grace_period_stays(client, headers, store, wall_clock):
    up = api_upload(client, headers)
    age_all(store)
    set_written(store, up["sha256"], FIXED_NOW - timedelta(minutes=10))  # just stored again, say
    assert sweep(FIXED_NOW) == 1  # the stale row only
    assert store.exists(up["sha256"])

    later = FIXED_NOW + GRACE
    wall_clock["now"] = later
    assert sweep(later) == 1
    assert not store.exists(up["sha256"])


def test_a_later_now_never_outruns_the_wall_clock(client, headers, store):
    """`flask recon sweep --now` a month ahead must not delete a file stored a minute ago."""
    up = api_upload(client, headers)
    age_all(store)
    set_written(store, up["sha256"], FIXED_NOW - timedelta(minutes=1))
    assert sweep(FIXED_NOW + timedelta(days=30)) == 1  # the row
    assert store.exists(up["sha256"])


def test_temporary_files_of_crashed_writes_go_after_the_grace_period(store):
    store.root.mkdir(parents=True, exist_ok=True)
    fresh, stale = store.root / ".upload-fresh", store.root / ".upload-stale"
    fresh.write_bytes(b"%PDF- still arriving")
    stale.write_bytes(b"%PDF- never finished")
    for path, when in ((fresh, FIXED_NOW - timedelta(minutes=5)), (stale, FIXED_NOW - GRACE * 2)):
        os.utime(path, (when.timestamp(), when.timestamp()))
    assert sweep(FIXED_NOW) == 1
    assert fresh.exists() and not stale.exists()


# ---- transactions, idempotency, audit -------------------------------------------------------------


def test_a_rolled_back_sweep_deletes_nothing(client, headers, store):
    up = api_upload(client, headers)
    age_all(store)
    assert cleanup.sweep_unused_files(db.session, FIXED_NOW) == 2
    db.session.rollback()
    assert db.session.get(Upload, up["id"]) is not None
    assert store.exists(up["sha256"])
    assert not actions("upload.expire") and not actions("file.sweep")


def test_a_failing_scheduler_run_deletes_no_file(app, client, headers, store, monkeypatch):
    up = api_upload(client, headers)
    age_all(store)
    real_record = cleanup.record

    def failing(session, actor, action, *args, **kwargs):
        if action == "file.sweep":
            raise RuntimeError("audit log unavailable")
        return real_record(session, actor, action, *args, **kwargs)

    monkeypatch.setattr(cleanup, "record", failing)
    with pytest.raises(RuntimeError):
        run_job(app, "file-sweep", FIXED_NOW)
    db.session.expire_all()
    assert db.session.get(Upload, up["id"]) is not None
    assert store.exists(up["sha256"])

    monkeypatch.setattr(cleanup, "record", real_record)
    assert run_job(app, "file-sweep", FIXED_NOW) == 2
    assert not store.exists(up["sha256"])


def test_a_second_sweep_removes_nothing(app, client, headers, store, users):
    api_upload(client, headers)
    api_upload(client, headers, PNG_BYTES, "照片.png")
    new_draft(users["applicant"], [(PDF_BYTES + b"draft only", "草稿.pdf")], store).expires_at = FIXED_NOW
    db.session.commit()
    age_all(store)
    assert run_job(app, "file-sweep", FIXED_NOW) == 6  # a draft, two upload rows, three files
    audit_count = db.session.scalar(select(func.count()).select_from(AuditEntry))
    assert run_job(app, "file-sweep", FIXED_NOW) == 0
    assert run_job(app, "file-sweep", FIXED_NOW + timedelta(days=1)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audit_count
    assert not list(store.stored())


def test_the_audit_log_names_each_upload_and_the_files(client, headers, store):
    first = api_upload(client, headers)
    second = api_upload(client, headers, PNG_BYTES, "照片.png")
    age_all(store)
    sweep(FIXED_NOW)
    expired = actions("upload.expire")
    assert sorted(e.object_id for e in expired) == sorted([first["id"], second["id"]])
    assert all(e.actor_id is None and e.actor_name == "系统" and e.at == FIXED_NOW for e in expired)
    assert {e.before["sha256"] for e in expired} == {first["sha256"], second["sha256"]}
    assert "超过 72 小时未用于申请" in expired[0].summary
    [files] = actions("file.sweep")
    assert sorted(files.after["sha256"]) == sorted([first["sha256"], second["sha256"]])
    assert "删除 2 个" in files.summary


def test_the_ttl_and_grace_come_from_config(app, client, headers, store):
    app.config.update(RECON_UPLOAD_TTL_HOURS=240, RECON_FILE_GRACE_MINUTES=10)
    up = api_upload(client, headers)
    age_all(store)  # 10 days = 240 hours ago
    assert sweep(FIXED_NOW) == 0
    set_written(store, up["sha256"], FIXED_NOW - timedelta(minutes=20))
    assert sweep(FIXED_NOW + timedelta(minutes=1)) == 2


@pytest.mark.pg
@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (TEST_DATABASE_URL)")
def test_a_sweep_running_elsewhere_makes_this_one_skip(client, headers, store):
    up = api_upload(client, headers)
    age_all(store)
    with db.engine.connect() as other, other.begin():
        other.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": cleanup.SWEEP_LOCK_KEY})
        assert sweep(FIXED_NOW) == 0
    assert store.exists(up["sha256"])
    assert sweep(FIXED_NOW) == 2


def test_every_sha256_column_is_swept_with_care(app):
    """A new model naming stored files must join cleanup.FILE_COLUMNS, or its files would go."""
    known = {(c.table.name, c.name) for c in cleanup.FILE_COLUMNS}
    found = {(table.name, column.name) for table in db.metadata.sorted_tables
             for column in table.columns if column.name == "sha256" or column.name.endswith("_sha256")}
    assert found == known


# ---- scheduler and command line -------------------------------------------------------------------


def test_the_scheduler_runs_the_file_sweep_hourly(app):
    assert JOBS["file-sweep"] == ("recon.intake.cleanup:sweep_unused_files", "FILE_SWEEP_INTERVAL_S")
    assert app.config["FILE_SWEEP_INTERVAL_S"] == 3600
    job = build_scheduler(app).get_job("file-sweep")  # built, never started
    assert job.trigger.interval == timedelta(hours=1)


def test_the_command_line_runs_the_file_sweep(app, client, headers, store):
    up = api_upload(client, headers)
    age_all(store)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["recon", "sweep", "--job", "file-sweep", "--now", FIXED_NOW.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "file-sweep: 2"
    assert not store.exists(up["sha256"])
    result = runner.invoke(args=["recon", "sweep", "--now", FIXED_NOW.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["deadline-sweep: 0", "outbox: 0", "file-sweep: 0", "login-sweep: 0"]
    result = runner.invoke(args=["recon", "sweep", "--job", "nonsense"])
    assert result.exit_code != 0


# ---- Storage --------------------------------------------------------------------------------------


def test_storage_lists_only_its_own_files(tmp_path):
    store = Storage(tmp_path)
    stored = store.put_bytes(b"%PDF-1.4 listed")
    (tmp_path / "README").write_text("not a stored file")
    (tmp_path / "ab" / "cd").mkdir(parents=True)
    (tmp_path / "ab" / "cd" / ("ef" * 32)).write_bytes(b"misplaced")  # not under ef/ef/
    (tmp_path / "ab" / "cd" / "abcd-notes.txt").write_bytes(b"stray")
    (tmp_path / ".upload-x").write_bytes(b"in progress")
    assert [sha for sha, _ in store.stored()] == [stored.sha256]
    assert [name for name, _ in store.temp_files()] == [".upload-x"]
    assert list(Storage(tmp_path / "missing").stored()) == []


def test_storing_the_same_content_again_refreshes_its_age(tmp_path):
    store = Storage(tmp_path)
    stored = store.put_bytes(b"%PDF-1.4 again")
    set_written(store, stored.sha256, LONG_AGO)
    again = store.put_bytes(b"%PDF-1.4 again")
    assert not again.created
    [(_sha, written)] = store.stored()
    assert written > LONG_AGO
    assert not store.remove_if_older(stored.sha256, LONG_AGO + timedelta(days=1))
    assert store.exists(stored.sha256)


def test_remove_if_older(tmp_path):
    store = Storage(tmp_path)
    stored = store.put_bytes(b"%PDF-1.4 old")
    set_written(store, stored.sha256, LONG_AGO)
    assert not store.remove_if_older(stored.sha256, LONG_AGO)  # written at the cutoff: stays
    assert store.remove_if_older(stored.sha256, LONG_AGO + timedelta(seconds=1))
    assert not store.remove_if_older(stored.sha256, FIXED_NOW)  # already gone
    with pytest.raises(ValueError):
        store.remove_temp_if_older("../etc/passwd", FIXED_NOW)
