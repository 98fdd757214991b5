"""Rendering checks with poppler: fonts embedded, pages not blank."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from recon.documents.kinds import KINDS

from . import samples

PDFFONTS = shutil.which("pdffonts")
PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def decision_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "decision.pdf"
    path.write_bytes(KINDS["decision"].build(samples.decision("revoke")))
    return path


def _fonts(path) -> list[list[str]]:
    out = subprocess.run([PDFFONTS, str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    return [row.split() for row in rows if row.strip()]


@pytest.mark.skipif(PDFFONTS is None, reason="pdffonts (poppler-utils) is not installed")
def test_all_fonts_embedded(decision_pdf, tmp_path):
    rows = _fonts(decision_pdf)
    assert rows, "no fonts listed"
    names = [row[0] for row in rows]
    assert any("UMingCN" in n for n in names) and any("WenQuanYiZenHei" in n for n in names)
    for row in rows:
        # name type encoding emb sub uni id gen ("TrueType" is one token here)
        assert row[-5] == "yes", f"font not embedded: {row}"
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(KINDS["receipt"].build(samples.contexts()["receipt"]))
    assert all(row[-5] == "yes" for row in _fonts(receipt))


def _read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """Parse a binary PGM (P5) image: width, height, pixels."""
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1  # the single whitespace after maxval
    magic, width, height, _maxval = fields
    assert magic == b"P5"
    return int(width), int(height), data[pos:]


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
def test_first_page_renders_with_ink(decision_pdf, tmp_path):
    out = subprocess.run(
        [PDFTOPPM, "-r", "50", "-gray", "-f", "1", "-l", "1", str(decision_pdf)],
        capture_output=True,
        check=True,
    )
    width, height, pixels = _read_pgm(out.stdout)
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi
    dark = sum(1 for p in pixels if p < 160)
    assert dark > 2000, f"page looks blank ({dark} dark pixels)"
    # the text block is inside the GB/T 9704 margins: nothing dark in the outer 15 mm
    # above the organ name (top margin 37 mm)
    top_rows = pixels[: width * int(15 / 25.4 * 50)]  # PGM rows are not padded
    assert sum(1 for p in top_rows if p < 160) == 0


ZBARIMG = shutil.which("zbarimg")


@pytest.mark.skipif(PDFTOPPM is None or ZBARIMG is None,
                    reason="pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed")
@pytest.mark.parametrize("code", ["K7QM3XPR", "H2Z6EPXF", "22222222", "ZZZZZZZZ"])
def test_the_qr_code_on_the_last_page_reads_as_the_verification_link(tmp_path, code):
    ctx = samples.with_header(samples.contexts()["receipt"],
                              verify_url=f"http://127.0.0.1:5000/verify/{code}")
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(KINDS["receipt"].build(ctx))
    subprocess.run([PDFTOPPM, "-r", "150", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    out = subprocess.run([ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(pages[-1])],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ctx.header.verify_url
