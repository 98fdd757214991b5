"""Content-addressed file storage (sha256) with atomic writes and cleanup on rollback."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from recon.db import on_rollback

CHUNK = 1024 * 1024
TEMP_PREFIX = ".upload-"
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    created: bool  # False when identical content was already stored


class Storage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def put_bytes(self, data: bytes, session: Session | None = None) -> StoredFile:
        import io

        return self.put_stream(io.BytesIO(data), session)

    def put_stream(self, stream: BinaryIO, session: Session | None = None,
                   max_bytes: int | None = None,
                   inspect: Callable[[Path], None] | None = None) -> StoredFile:
        """Write atomically; if `session` rolls back, a newly created file is removed again.
        Content that is already stored is not written twice, but its mtime is refreshed.
        ``inspect(path)`` sees the whole written file before it takes its place; whatever it raises
        leaves nothing behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as tmp:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise FileTooLarge(size)
                    digest.update(chunk)
                    tmp.write(chunk)
                tmp.flush()
                os.fsync(tmp.fileno())
            if inspect is not None:
                inspect(Path(tmp_name))
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if self._touch(target):  # identical content already stored: it counts as just written,
                os.unlink(tmp_name)  # so the file sweep's grace period covers this transaction too
                return StoredFile(sha, size, created=False)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, target)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
        if session is not None:
            on_rollback(session, lambda: self.remove(sha))
        return StoredFile(sha, size, created=True)

    def remove(self, sha256: str) -> None:
        path = self.path_for(sha256)
        if path.exists():
            path.unlink()

    # ---- the file sweep (recon.intake.cleanup) ---------------------------------------------------

    def stored(self) -> Iterator[tuple[str, datetime]]:
        """Every stored file as (sha256, last written, UTC). Names that are not a stored file's
        (``ab/cd/abcd…``, 64 lowercase hex digits) are skipped, never reported."""
        for first in _subdirs(self.root):
            for second in _subdirs(first.path):
                for entry in _entries(second.path):
                    if _SHA256.fullmatch(entry.name) and entry.name[:4] == first.name + second.name:
                        written = _written(entry)
                        if written is not None:
                            yield entry.name, written

    def temp_files(self) -> Iterator[tuple[str, datetime]]:
        """Temporary ``.upload-*`` files (a write in progress, or left by a crashed one) as
        (name, last written, UTC)."""
        for entry in _entries(self.root):
            if entry.name.startswith(TEMP_PREFIX):
                written = _written(entry)
                if written is not None:
                    yield entry.name, written

    def remove_if_older(self, sha256: str, cutoff: datetime) -> bool:
        """Delete a stored file unless it was written (or stored again) at or after `cutoff`."""
        return _unlink_if_older(self.path_for(sha256), cutoff)

    def remove_temp_if_older(self, name: str, cutoff: datetime) -> bool:
        """Delete a temporary ``.upload-*`` file last written before `cutoff`."""
        if not name.startswith(TEMP_PREFIX) or "/" in name or os.sep in name:
            raise ValueError(f"not a temporary file name: {name!r}")
        return _unlink_if_older(self.root / name, cutoff)

    @staticmethod
    def _touch(path: Path) -> bool:
        """Mark an existing file as written now; False when there is no such file."""
        try:
            os.utime(path)
        except FileNotFoundError:
            return False
        except PermissionError:  # someone else's file (a restore as root?): keep it, store nothing
            return True
        return True


def _subdirs(path: str | os.PathLike) -> Iterator[os.DirEntry]:
    for entry in _entries(path):
        if len(entry.name) == 2 and entry.is_dir(follow_symlinks=False):
            yield entry


def _entries(path: str | os.PathLike) -> list[os.DirEntry]:
    try:
        with os.scandir(path) as entries:
            return list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _written(entry: os.DirEntry) -> datetime | None:
    """The file's mtime (UTC), or None when it is not a regular file or is gone meanwhile."""
    try:
        if not entry.is_file(follow_symlinks=False):
            return None
        return datetime.fromtimestamp(entry.stat(follow_symlinks=False).st_mtime, UTC)
    except FileNotFoundError:
        return None


def _unlink_if_older(path: Path, cutoff: datetime) -> bool:
    try:
        if datetime.fromtimestamp(path.stat().st_mtime, UTC) >= cutoff:
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True


class FileTooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def storage() -> Storage:
    from flask import current_app

    return Storage(current_app.config["STORAGE_DIR"])


def send_stored(sha256: str, filename: str, content_type: str):
    """A stored file as a download under its own name (404 when the store has lost it)."""
    from flask import abort, send_file

    path = storage().path_for(sha256)
    if not path.exists():
        abort(404)
    return send_file(path, mimetype=content_type, download_name=filename, as_attachment=True)
