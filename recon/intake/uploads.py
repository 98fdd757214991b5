"""File checks for applications: type by content, size and count limits (ux.md A11)."""

from __future__ import annotations

import io
import secrets
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy.orm import Session

from recon.errors import DomainError
from recon.formatting import format_size
from recon.i18n import gettext
from recon.storage import FileTooLarge, Storage, StoredFile

MB = 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int = 20 * MB
    max_total_bytes: int = 100 * MB
    max_files: int = 30

    @property
    def text(self) -> str:
        """The limits as shown beside a file input, in the reader's locale."""
        return gettext("支持 PDF、JPG、PNG；每个不超过 %(file)s；合计不超过 %(total)s；最多 %(n)d 个",
                       file=format_size(self.max_file_bytes), total=format_size(self.max_total_bytes),
                       n=self.max_files)


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    stored: StoredFile


class _Prefixed(io.RawIOBase):
    """A stream that yields `head` and then the rest of `stream` (after sniffing the head)."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self.head, self.stream = head, stream

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.head:
            chunk, self.head = self.head, b""
            return chunk
        return self.stream.read(size)


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


MAX_FILENAME = 200  # characters kept of a file's name (the columns hold 255)
MAX_EXTENSION = 10  # a longer part after the last dot is not an extension


def clean_filename(name: str | None) -> str:
    """The file's own name, without folders and without control, format (e.g. right-to-left override)
    or surrogate characters (NUL cannot be stored in PostgreSQL). A name over MAX_FILENAME is
    shortened visibly and keeps its extension: 「很长的名字….pdf」."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs")).strip()
    if len(base) > MAX_FILENAME:
        stem, dot, extension = base.rpartition(".")
        if not (dot and stem and 0 < len(extension) <= MAX_EXTENSION):
            stem, dot, extension = base, "", ""
        base = stem[:MAX_FILENAME - len(dot + extension) - 1] + "…" + dot + extension
    return base or "未命名文件"


def check_and_store(session: Session, storage: Storage, filename: str | None, stream: BinaryIO,
                    limits: UploadLimits, room: int | None = None) -> CheckedFile:
    """Refuse wrong types and oversize files with a message for the page; store the rest. ``room``: the
    bytes left in the application's total, so a file that would not fit is refused while it
    streams and never lands on disk."""
    name = clean_filename(filename)
    head = stream.read(8)
    if not head:
        raise DomainError(gettext("文件“%(name)s”是空文件，请重新选择", name=name), field="file")
    content_type = sniff(head)
    if content_type is None:
        raise DomainError(gettext("文件“%(name)s”不是 PDF、JPG、PNG 格式（按文件内容判断），"
                                  "请转换为 PDF 或拍照保存为 JPG、PNG 后再上传", name=name), field="file")
    cap = limits.max_file_bytes if room is None else max(0, min(limits.max_file_bytes, room))
    try:
        stored = storage.put_stream(_Prefixed(head, stream), session, max_bytes=cap)
    except FileTooLarge:
        if cap < limits.max_file_bytes:
            raise DomainError(gettext("文件“%(name)s”未上传：每件申请的文件合计不能超过 %(mb)d MB，"
                                      "请压缩后再上传", name=name, mb=limits.max_total_bytes // MB),
                              field="file") from None
        raise DomainError(gettext("文件“%(name)s”超过 %(size)s，请压缩或分成几个文件",
                                  name=name, size=format_size(limits.max_file_bytes)),
                          field="file") from None
    return CheckedFile(name, content_type, stored)


def new_upload_id() -> str:
    return secrets.token_hex(16)
