"""Font registration, the STSong-Light fallback and the missing-glyph check."""

from __future__ import annotations

import logging
import os

import pytest

from recon.documents.kinds import KINDS
from recon.documents.pdf import (
    FontConfig,
    default_config,
    missing_glyphs,
    register_fonts,
    set_default_config,
)
from recon.documents.pdf.fonts import CID_FALLBACK, DEFAULT_SANS, DEFAULT_SERIF

from . import samples
from ._pdfutil import text_of

MISSING = FontConfig(serif_path="/nonexistent/serif.ttc", sans_path="/nonexistent/sans.ttc")


def test_default_fonts_are_embedded_truetype():
    status = register_fonts()
    if status.warning:
        pytest.skip(f"Debian CJK fonts not installed: {status.warning}")
    assert status.embedded is True
    assert status.serif_name != status.sans_name
    assert register_fonts() is status, "registration is cached per process"


def test_missing_font_files_fall_back_and_still_build(caplog, tmp_path):
    caplog.set_level(logging.WARNING, logger="recon.documents")
    missing = FontConfig(serif_path=str(tmp_path / "a.ttc"), sans_path=str(tmp_path / "b.ttc"))
    status = register_fonts(missing)
    assert status.embedded is False
    assert status.serif_name == status.sans_name == CID_FALLBACK
    assert "字体文件不存在" in status.warning and CID_FALLBACK in status.warning
    assert any("font fallback" in r.getMessage() for r in caplog.records)
    assert register_fonts(missing) is status
    set_default_config(missing)
    try:
        assert default_config() == missing
        data = KINDS["acceptance_notice"].build(samples.contexts()["acceptance_notice"])
    finally:
        set_default_config(None)
    text = text_of(data)
    assert "行政复议受理通知书" in text and "张三" in text
    assert b"STSong-Light" in data


def test_one_missing_face_is_reported():
    if not os.path.isfile(DEFAULT_SERIF):
        pytest.skip("Debian CJK fonts not installed")
    status = register_fonts(FontConfig(serif_path=DEFAULT_SERIF, sans_path="/nonexistent/x.ttc"))
    assert status.embedded is False
    assert status.sans_name == CID_FALLBACK and status.serif_name != CID_FALLBACK
    assert "/nonexistent/x.ttc" in status.warning


def test_unreadable_font_file_falls_back(tmp_path):
    bogus = tmp_path / "broken.ttf"
    bogus.write_bytes(b"this is not a font")
    status = register_fonts(FontConfig(serif_path=str(bogus), sans_path=str(bogus)))
    assert status.embedded is False
    assert "字体文件无法使用" in status.warning


def test_from_env():
    cfg = FontConfig.from_env({"RECON_PDF_FONT_SERIF": "/x/a.ttc:2", "RECON_PDF_FONT_SANS": ""})
    assert cfg == FontConfig("/x/a.ttc", 2, DEFAULT_SANS, 0)


def test_missing_glyphs():
    if not register_fonts().embedded:
        pytest.skip("Debian CJK fonts not installed")
    assert missing_glyphs("张三 王堃 李喆 赵赟") == set()
    assert missing_glyphs("吉𠮷") == {"𠮷"}
    assert missing_glyphs("") == set()
    assert missing_glyphs("𠮷", MISSING) == {"𠮷"}, "fallback: non-BMP characters break"
    assert missing_glyphs("王堃", MISSING) == set()
