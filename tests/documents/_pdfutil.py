"""Helpers for the PDF tests: text extraction and page counts with pypdf."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    """All text, with whitespace removed so that line breaks do not split phrases."""
    raw = "".join(page.extract_text() or "" for page in reader(data).pages)
    return re.sub(r"\s+", "", raw)


def pages(data: bytes) -> int:
    return len(reader(data).pages)
