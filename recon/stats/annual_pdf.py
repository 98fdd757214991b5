"""The annual report section as a PDF, in the documents' typography (GB/T 9704 page, 仿宋-style
body, embedded CJK fonts: recon.documents.pdf). Pure: plain data in, bytes out."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from recon.documents.pdf.fonts import register_fonts
from recon.documents.pdf.layout import (
    BLOCK_BOTTOM,
    BLOCK_W,
    LINE,
    MARGIN_LEFT,
    MARGIN_TOP,
    PAGE_W,
    grid_table,
    para,
    styles_for,
)


@dataclass(frozen=True)
class AnnualSection:
    organ: str
    year: int
    title: str  # 行政复议工作情况
    paragraphs: tuple[str, ...]
    rows: tuple[tuple[str, str, str], ...]  # (指标, 数值, 计算公式和口径)
    notes: tuple[str, ...] = ()


def build_annual_section(section: AnnualSection) -> bytes:
    styles = styles_for(register_fonts())
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=PAGE_W - MARGIN_LEFT - BLOCK_W,
                            topMargin=MARGIN_TOP, bottomMargin=BLOCK_BOTTOM,
                            title=f"{section.organ}{section.year}年{section.title}", author=section.organ,
                            creator="recon", invariant=1, lang="zh-CN")
    story = [para(f"{section.year}年{section.title}", styles.title), Spacer(0, LINE * 0.5)]
    story += [para(text, styles.body) for text in section.paragraphs]
    story.append(Spacer(0, LINE * 0.5))
    story.append(para("附：统计指标及计算口径", styles.h1))
    rows = [["指标", "数值", "计算公式和口径"], *[list(row) for row in section.rows]]
    story.append(grid_table(rows, (34 * mm, 28 * mm, BLOCK_W - 62 * mm), styles, header_rows=1))
    story += [Spacer(0, LINE * 0.3)] + [para(note, styles.small) for note in section.notes]
    doc.build(story)
    return out.getvalue()
