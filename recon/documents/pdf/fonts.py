"""CJK fonts for the PDF builders (tech-notes.md §2).

Body text uses AR PL UMing CN (a 宋/明 face) and headings WenQuanYi Zen Hei (黑体), both embedded
as TrueType subsets. A font file that is missing or unreadable falls back to ReportLab's CID font
``STSong-Light``: the PDF still builds and its text is extractable, but the font is *not*
embedded (the viewer substitutes one), so the fallback is logged and reported in
:class:`FontStatus` for the admin page.

Loading a TrueType collection costs ~0.1 s, so faces are loaded once per process and cached.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import unicodedata
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "CID_FALLBACK",
    "DEFAULT_SANS",
    "DEFAULT_SERIF",
    "FontConfig",
    "FontStatus",
    "default_config",
    "missing_glyphs",
    "register_fonts",
    "set_default_config",
]

log = logging.getLogger("recon.documents")

DEFAULT_SERIF = "/usr/share/fonts/truetype/arphic/uming.ttc"
DEFAULT_SANS = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
CID_FALLBACK = "STSong-Light"


@dataclass(frozen=True)
class FontConfig:
    """Font files: ``serif`` for body text, ``sans`` for titles and headings (TTF/TTC only)."""

    serif_path: str = DEFAULT_SERIF
    serif_index: int = 0
    sans_path: str = DEFAULT_SANS
    sans_index: int = 0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> FontConfig:
        """Read ``RECON_PDF_FONT_SERIF`` / ``RECON_PDF_FONT_SANS`` (``path`` or ``path:index``)."""
        env = os.environ if environ is None else environ

        def split(value: str | None, default: str) -> tuple[str, int]:
            if not value:
                return default, 0
            path, sep, index = value.rpartition(":")
            if sep and index.isdigit():
                return path, int(index)
            return value, 0

        serif, serif_index = split(env.get("RECON_PDF_FONT_SERIF"), DEFAULT_SERIF)
        sans, sans_index = split(env.get("RECON_PDF_FONT_SANS"), DEFAULT_SANS)
        return cls(serif, serif_index, sans, sans_index)


@dataclass(frozen=True)
class FontStatus:
    """Registered font names. ``embedded`` is False when any face fell back to STSong-Light."""

    serif_name: str
    sans_name: str
    embedded: bool
    warning: str | None = None


_lock = threading.Lock()
_default: FontConfig | None = None
_faces: dict[tuple[str, int], TTFont | None] = {}
_failures: dict[tuple[str, int], str] = {}
_status: dict[FontConfig, FontStatus] = {}


def _face_name(path: str, index: int) -> str:
    digest = hashlib.sha1(f"{os.path.abspath(path)}:{index}".encode()).hexdigest()[:10]
    return f"recon-{digest}"


def _load_face(path: str, index: int) -> TTFont | None:
    """Load and register one TrueType face; None (with the reason kept) if that fails."""
    key = (path, index)
    if key in _faces:
        return _faces[key]
    font: TTFont | None = None
    if not os.path.isfile(path):
        _failures[key] = f"字体文件不存在：{path}"
    else:
        try:
            font = TTFont(_face_name(path, index), path, subfontIndex=index)
            _share_glyph_table(font)
            pdfmetrics.registerFont(font)
        except Exception as exc:  # TTFError, OSError, struct errors on damaged files
            _failures[key] = f"字体文件无法使用：{path}（{exc}）"
            font = None
    _faces[key] = font
    return font


class _GlyphTable:
    """The face's ``glyf`` table without copying it: slices come out as ``bytes``."""

    __slots__ = ("view",)

    def __init__(self, view: memoryview):
        self.view = view

    def __getitem__(self, key: slice) -> bytes:
        return self.view[key].tobytes()


def _share_glyph_table(font: TTFont) -> None:
    """Let every subset read the face's glyph data in place.

    ReportLab's ``makeSubset`` takes ``get_table("glyf")`` (a copy of the whole table: megabytes
    for a CJK face, about 2 ms a document) only to slice out the few glyphs used. The face is
    read-only once loaded, so the table is served as a view whose slices are ``bytes``; every
    other table is read as before.
    """
    face = font.face
    start, length = face.get_table_pos("glyf")
    glyphs = _GlyphTable(memoryview(face._ttf_data)[start : start + length])
    read_table = face.get_table
    face.get_table = lambda tag: glyphs if tag == "glyf" else read_table(tag)


def _cid_fallback() -> str:
    try:
        pdfmetrics.getFont(CID_FALLBACK)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK


def set_default_config(cfg: FontConfig | None) -> None:
    """Set the fonts the builders use (the app calls this at start-up); None: from the env."""
    global _default
    _default = cfg


def default_config() -> FontConfig:
    """The configured fonts: :func:`set_default_config`, else ``RECON_PDF_FONT_*``, else Debian."""
    return _default if _default is not None else FontConfig.from_env()


def register_fonts(cfg: FontConfig | None = None) -> FontStatus:
    """Register the faces (once per process per config) and say what will be used."""
    cfg = cfg or default_config()
    cached = _status.get(cfg)
    if cached is not None:
        return cached
    with _lock:
        cached = _status.get(cfg)
        if cached is not None:
            return cached
        problems: list[str] = []
        names: list[str] = []
        for path, index in ((cfg.serif_path, cfg.serif_index), (cfg.sans_path, cfg.sans_index)):
            face = _load_face(path, index)
            if face is None:
                problems.append(_failures[(path, index)])
                names.append(_cid_fallback())
            else:
                names.append(face.fontName)
        warning = None
        if problems:
            warning = (
                "；".join(problems)
                + f"。已改用不嵌入的 {CID_FALLBACK} 字体，文书在不同电脑上的显示效果可能不同，"
                "请安装 fonts-arphic-uming 和 fonts-wqy-zenhei 或修改字体路径配置。"
            )
            log.warning("PDF font fallback: %s", warning)
        status = FontStatus(names[0], names[1], embedded=not problems, warning=warning)
        _status[cfg] = status
        return status


def _face_for(cfg: FontConfig | None) -> TTFont | None:
    cfg = cfg or default_config()
    register_fonts(cfg)
    return _faces.get((cfg.serif_path, cfg.serif_index))


def missing_glyphs(text: str, cfg: FontConfig | None = None) -> set[str]:
    """Characters of ``text`` that the body face cannot draw (they would print as tofu).

    Used at intake to warn (never block) about rare characters in names and addresses. With the
    STSong-Light fallback only characters outside the BMP are reported (they break in UCS-2).
    """
    face = _face_for(cfg)
    out: set[str] = set()
    for ch in set(text or ""):
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        if face is None:
            if ord(ch) > 0xFFFF:
                out.add(ch)
        elif ord(ch) not in face.face.charToGlyph:
            out.add(ch)
    return out
