"""Content-addressed file storage (sha256) with atomic writes and cleanup on rollback."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from recon.db import on_rollback

CHUNK = 1024 * 1024


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
                   max_bytes: int | None = None) -> StoredFile:
        """Write atomically; if `session` rolls back, a newly created file is removed again."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
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
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.exists():
                os.unlink(tmp_name)
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


class FileTooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def storage() -> Storage:
    from flask import current_app

    return Storage(current_app.config["STORAGE_DIR"])
