"""Benchmark: the 行政复议决定书 builder against a bare ReportLab canvas.

    python bench/pdf.py [-n 30]

Builds a long (three to four page) decision N times with ``KINDS["decision"].build`` and, as the
baseline, lays the same text out on a bare ``Canvas`` with the same embedded fonts (title with
drawCentredString, body with CJK Paragraphs; no page template, numbering, watermark, QR code,
signature block or metadata). Prints the mean and median milliseconds of each and the ratio.
Targets: < 100 ms a document, within 2x of bare. Fonts are registered (and cached) before
timing, as they are in a running server.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from documents import _pdfutil, samples  # noqa: E402  (tests/documents/)
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Paragraph  # noqa: E402

from recon.documents.kinds import KINDS  # noqa: E402
from recon.documents.pdf import parse_markup, register_fonts, render_body  # noqa: E402


def bare(ctx, serif: str, sans: str) -> bytes:
    """The same text on a bare canvas: same fonts, plain CJK paragraphs, nothing else."""
    blocks = parse_markup(render_body(KINDS["decision"].wording, ctx))
    style = ParagraphStyle("b", fontName=serif, fontSize=15.75, leading=29, wordWrap="CJK")
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    width, top, bottom = 156 * mm, A4[1] - 37 * mm, 35 * mm
    c.setFont(sans, 22)
    c.drawCentredString(A4[0] / 2, top - 22, ctx.header.organ_name)
    c.drawCentredString(A4[0] / 2, top - 55, KINDS["decision"].title)
    c.setFont(serif, 15.75)
    c.drawCentredString(A4[0] / 2, top - 90, ctx.header.number)
    y = top - 110
    for block in blocks:
        p = Paragraph(block.prefix + block.text, style)
        _w, h = p.wrap(width, top - bottom)
        if y - h < bottom:
            c.showPage()
            y = top
        p.drawOn(c, 28 * mm, y - h)
        y -= h
    c.drawString(120 * mm, y - 60, ctx.header.organ_name)
    c.save()
    return buf.getvalue()


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="builds of each (default 30)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    fonts = register_fonts()
    first_fonts = (time.perf_counter() - t0) * 1000
    ctx = samples.decision("uphold")
    pdf = KINDS["decision"].build(ctx)  # warm-up: template compile, glyph width caches
    bare(ctx, fonts.serif_name, fonts.sans_name)

    pages = _pdfutil.pages(pdf)
    ours = timed(lambda: KINDS["decision"].build(ctx), args.n)
    base = timed(lambda: bare(ctx, fonts.serif_name, fonts.sans_name), args.n)
    mean_ours, mean_base = statistics.mean(ours), statistics.mean(base)
    print(
        f"fonts: embedded={fonts.embedded}  first registration {first_fonts:.0f} ms (cached after)"
    )
    print(f"document: 行政复议决定书, {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(
        f"decision build: mean {mean_ours:6.1f} ms  median {statistics.median(ours):6.1f} ms"
        f"  (n={args.n})"
    )
    print(
        f"bare canvas    : mean {mean_base:6.1f} ms  median {statistics.median(base):6.1f} ms"
        f"  (n={args.n})"
    )
    ratio = mean_ours / mean_base
    verdict = "OK" if mean_ours < 100 and ratio <= 2 else "OVER TARGET"
    print(f"ratio          : {ratio:.2f}x  (target < 100 ms and <= 2x: {verdict})")


if __name__ == "__main__":
    main()
