"""File checks for applications: type by content, size and count limits (ux.md A11), and the whole
file read before it is kept (issue 12): a PDF must open with pypdf and carry no JavaScript and no
launch action, an image must decode with Pillow, and no file may carry web-page markup where a
browser looks for it."""

from __future__ import annotations

import io
import logging
import re
import secrets
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
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
    daily_bytes: int = 200 * MB  # per applicant account and Beijing day
    daily_files: int = 100

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


# ---- the whole file -------------------------------------------------------------------------------

#: PDF actions that run something: refused wherever they appear (OpenAction, AA, links, forms)
RUNNING_ACTIONS = frozenset({"/JavaScript", "/Launch"})
#: Dictionary keys that carry script
SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
#: Markup a browser (or a sniffing proxy) would run, looked for where sniffers look: the first and
#: the last bytes of the file
MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg)[\s>/]"
                    rb"|javascript:", re.IGNORECASE)
SNIFF_BYTES = 4096
MAX_PDF_OBJECTS = 200_000
MAX_IMAGE_PIXELS = 80_000_000  # a 20 MB JPEG of a scanned page is far below this


def _escapable_name(name: str) -> str:
    """A pattern for the PDF name ``name`` with any of its characters written #-escaped (hex digits
    in either case), ending where the name ends (the next byte is not a name character)."""
    def one(char: str) -> str:
        high, low = f"{ord(char):02x}"
        return f"(?:{re.escape(char)}|#{high}[{low}{low.upper()}])"
    return "/" + "".join(one(char) for char in name.lstrip("/")) + r"(?![^\s/<>\[\]()%{}])"


#: /JavaScript or /Launch, also #-escaped: one scan in C instead of decoding every name in Python
_RUNNING_NAME = re.compile("|".join(_escapable_name(name) for name in RUNNING_ACTIONS).encode())


def inspect_content(path: Path, content_type: str, name: str) -> None:
    """Read the whole stored file; raise DomainError (field ``file``) for what recon does not keep."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        handle.seek(max(0, path.stat().st_size - SNIFF_BYTES))
        tail = handle.read()
    if MARKUP.search(head) or MARKUP.search(tail):
        raise DomainError(gettext("文件“%(name)s”中夹带网页代码，出于安全考虑不能接收；"
                                  "请重新导出或扫描后再上传", name=name), field="file")
    if content_type == "application/pdf":
        _inspect_pdf(path, name)
    else:
        _inspect_image(path, content_type, name)


def _inspect_pdf(path: Path, name: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    unreadable = DomainError(gettext("文件“%(name)s”无法作为 PDF 打开（文件可能已损坏或不完整），"
                                     "请重新导出为 PDF 后再上传", name=name), field="file")
    if _raw_script_names(path):
        raise _scripted(name)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a repaired xref is not worth a warning
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DomainError(gettext("文件“%(name)s”设置了打开密码，请去掉密码后再上传", name=name),
                              field="file")
        if len(reader.pages) < 1:
            raise unreadable
        if _runs_something(reader):
            raise _scripted(name)
    except DomainError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, UnicodeError, AssertionError, NotImplementedError, ZeroDivisionError):
        raise unreadable from None


def _scripted(name: str) -> DomainError:
    return DomainError(gettext("文件“%(name)s”含有脚本或打开时自动执行的动作，出于安全考虑不能接收；"
                               "请用“打印为 PDF”另存一份后再上传", name=name), field="file")


def _raw_script_names(path: Path) -> bool:
    """A /JavaScript or /Launch name anywhere in the raw bytes (also #-escaped, and in objects the
    cross-reference table does not list, which viewers still find when they repair a file). The
    short /JS is left to the object walk: three bytes turn up by chance in compressed images."""
    with path.open("rb") as handle:
        carry = b""
        while chunk := handle.read(1024 * 1024):
            data = carry + chunk
            if _RUNNING_NAME.search(data):
                return True
            carry = data[-64:]
    return False


def _runs_something(reader) -> bool:
    """Any object (from the trailer and every cross-reference entry, compressed ones included)
    holding script or a JavaScript / launch action."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    roots = [reader.trailer]
    for generation, entries in reader.xref.items():
        roots.extend(IndirectObject(number, generation, reader) for number in entries)
    roots.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen = 0
    for root in roots:
        stack = [root.get_object() if isinstance(root, IndirectObject) else root]
        while stack:
            seen += 1
            if seen > MAX_PDF_OBJECTS:
                raise ValueError("too many PDF objects to check")
            item = stack.pop()
            if isinstance(item, DictionaryObject):
                if SCRIPT_KEYS & set(item.keys()) or item.get("/S") in RUNNING_ACTIONS:
                    return True
                stack.extend(v for v in item.values() if not isinstance(v, IndirectObject))
            elif isinstance(item, ArrayObject):
                stack.extend(v for v in item if not isinstance(v, IndirectObject))
    return False


def _inspect_image(path: Path, content_type: str, name: str) -> None:
    from PIL import Image

    expected = {"image/jpeg": "JPEG", "image/png": "PNG"}[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format != expected or image.width * image.height > MAX_IMAGE_PIXELS:
                    raise ValueError("not the announced image kind, or too many pixels")
                image.load()  # decode every pixel
    except Exception:  # Pillow raises many kinds for a damaged or hostile image
        raise DomainError(gettext("文件“%(name)s”无法作为 JPG 或 PNG 图片打开（文件可能已损坏），"
                                  "请重新拍照或导出后再上传", name=name), field="file") from None


def check_and_store(session: Session, storage: Storage, filename: str | None, stream: BinaryIO,
                    limits: UploadLimits, room: int | None = None,
                    daily_room: int | None = None) -> CheckedFile:
    """Refuse wrong types and oversize files with a message for the page; store the rest. ``room``: the
    bytes left in the application's total, so a file that would not fit is refused while it
    streams and never lands on disk; ``daily_room``: the bytes left in the account's daily quota."""
    name = clean_filename(filename)
    head = stream.read(8)
    if not head:
        raise DomainError(gettext("文件“%(name)s”是空文件，请重新选择", name=name), field="file")
    content_type = sniff(head)
    if content_type is None:
        raise DomainError(gettext("文件“%(name)s”不是 PDF、JPG、PNG 格式（按文件内容判断），"
                                  "请转换为 PDF 或拍照保存为 JPG、PNG 后再上传", name=name), field="file")
    cap = limits.max_file_bytes if room is None else max(0, min(limits.max_file_bytes, room))
    daily_cap = daily_room is not None and daily_room < cap
    cap = max(0, daily_room) if daily_cap else cap
    try:
        stored = storage.put_stream(_Prefixed(head, stream), session, max_bytes=cap,
                                    inspect=lambda path: inspect_content(path, content_type, name))
    except FileTooLarge:
        if daily_cap:
            raise DomainError(daily_quota_message(name, limits), field="file") from None
        if cap < limits.max_file_bytes:
            raise DomainError(gettext("文件“%(name)s”未上传：每件申请的文件合计不能超过 %(mb)d MB，"
                                      "请压缩后再上传", name=name, mb=limits.max_total_bytes // MB),
                              field="file") from None
        raise DomainError(gettext("文件“%(name)s”超过 %(size)s，请压缩或分成几个文件",
                                  name=name, size=format_size(limits.max_file_bytes)),
                          field="file") from None
    return CheckedFile(name, content_type, stored)


def daily_quota_message(name: str, limits: UploadLimits) -> str:
    return gettext("文件“%(name)s”未上传：每个账号每天最多上传 %(n)d 个文件、合计 %(size)s，"
                   "今天的额度已用完，请明天再上传", name=name, n=limits.daily_files,
                   size=format_size(limits.daily_bytes))


def new_upload_id() -> str:
    return secrets.token_hex(16)
