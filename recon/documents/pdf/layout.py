"""GB/T 9704-2012 page layout for 行政复议 legal documents (domain.md §9.6).

A4; top margin 37 mm, binding (left) margin 28 mm; text block 156 × 225 mm. Body text is 3号
serif on a fixed 22-line grid. GB/T 9704 fits 28 characters a line into 156 mm = 442.2 pt, which
is the traditional 3号 of 15.75 pt (28 × 15.75 = 441 pt); Word's rounded "16 pt" would give 448 pt
and only 27 characters, so the body uses 15.75 pt. Titles are 2号 (22 pt) sans, headings sans,
page numbers "— 1 —" in 4号 (14 pt), odd pages right, even pages left, one character in.

Fixed parts are drawn here: organ name and title, the number (or the draft mark), the addressee,
the signature block with room for the seal, the verification footer (code, URL and QR code) at the
bottom of the last page, the draft watermark, and PDF metadata. Output is deterministic: invariant
mode plus a creation date taken from the header.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from xml.sax.saxutils import escape

import segno
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from recon.clock import BEIJING

from .cjk import CJKParagraph
from .data import Header
from .fonts import FontStatus
from .markup import Block
from .templates import cdate

__all__ = [
    "BODY_SIZE",
    "DocumentSpec",
    "LINE",
    "Styles",
    "blocks_to_flowables",
    "format_cn_date",
    "grid_table",
    "render_counted",
    "render_document",
    "signature_lines",
]

PAGE_W, PAGE_H = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
BLOCK_W = 156 * mm
BLOCK_H = 225 * mm
BLOCK_BOTTOM = PAGE_H - MARGIN_TOP - BLOCK_H  # 35 mm

BODY_SIZE = 15.75  # 3号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE = (BLOCK_H - 0.01) / LINES_PER_PAGE  # fixed leading: 22 lines fill the block (≈ 28.99 pt)
TITLE_SIZE = 22  # 2号
PAGE_NO_SIZE = 14  # 4号
FOOTER_SIZE = 9
COMPACT_SIZE = 12  # 小四: notes on forms (receipt, 送达回证)
CELL_SIZE = 10.5  # 五号: table cells
QR_SIZE = 15 * mm
INDENT = 2 * BODY_SIZE  # first-line indent: two characters
DATE_RIGHT_SPACE = 4 * BODY_SIZE  # 成文日期右空四字
SEAL_LINES = 2  # blank lines above the signature for the seal (印章上距正文一行之内)

DRAFT_NUMBER = "（草稿，未签发）"
WATERMARK = "草稿"
BLANK_DATE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"  # room to write a date


def format_cn_date(d: date | None) -> str:
    """2026年11月27日 (Arabic numerals, no zero padding); blanks for handwriting if None."""
    return BLANK_DATE if d is None else cdate(d)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one pair of registered fonts."""

    serif: str
    sans: str
    body: ParagraphStyle
    plain: ParagraphStyle  # no indent (addressee line, 顶格)
    h1: ParagraphStyle
    h2: ParagraphStyle
    title: ParagraphStyle
    number: ParagraphStyle
    right: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_label: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    compact: ParagraphStyle  # forms (receipt, 送达回证): 4号 body text
    compact_plain: ParagraphStyle


@lru_cache(maxsize=8)
def make_styles(serif: str, sans: str) -> Styles:
    base = ParagraphStyle(
        "recon-body",
        fontName=serif,
        fontSize=BODY_SIZE,
        leading=LINE,
        firstLineIndent=INDENT,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
        spaceBefore=0,
        spaceAfter=0,
        allowWidows=0,
        allowOrphans=0,
    )
    cell = ParagraphStyle(
        "recon-cell",
        parent=base,
        fontSize=CELL_SIZE,
        leading=CELL_SIZE * 1.45,
        firstLineIndent=0,
        alignment=TA_LEFT,
    )
    return Styles(
        serif=serif,
        sans=sans,
        body=base,
        plain=ParagraphStyle("recon-plain", parent=base, firstLineIndent=0),
        h1=ParagraphStyle(
            "recon-h1", parent=base, fontName=sans, alignment=TA_LEFT, keepWithNext=1
        ),
        h2=ParagraphStyle("recon-h2", parent=base, alignment=TA_LEFT, keepWithNext=1),
        title=ParagraphStyle(
            "recon-title",
            parent=base,
            fontName=sans,
            fontSize=TITLE_SIZE,
            leading=TITLE_SIZE * 1.5,
            firstLineIndent=0,
            alignment=TA_CENTER,
        ),
        number=ParagraphStyle("recon-number", parent=base, firstLineIndent=0, alignment=TA_CENTER),
        right=ParagraphStyle(
            "recon-right",
            parent=base,
            firstLineIndent=0,
            alignment=TA_RIGHT,
            rightIndent=DATE_RIGHT_SPACE,
        ),
        small=ParagraphStyle(
            "recon-small", parent=base, fontSize=12, leading=18, firstLineIndent=0
        ),
        cell=cell,
        cell_label=ParagraphStyle("recon-cell-label", parent=cell, fontName=sans),
        cell_center=ParagraphStyle("recon-cell-center", parent=cell, alignment=TA_CENTER),
        cell_right=ParagraphStyle("recon-cell-right", parent=cell, alignment=TA_RIGHT),
        compact=ParagraphStyle(
            "recon-compact",
            parent=base,
            fontSize=COMPACT_SIZE,
            leading=COMPACT_SIZE * 1.6,
            firstLineIndent=2 * COMPACT_SIZE,
        ),
        compact_plain=ParagraphStyle(
            "recon-compact-plain",
            parent=base,
            fontSize=COMPACT_SIZE,
            leading=COMPACT_SIZE * 1.6,
            firstLineIndent=0,
        ),
    )


def styles_for(fonts: FontStatus) -> Styles:
    return make_styles(fonts.serif_name, fonts.sans_name)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph from plain text (escaped; newlines become line breaks)."""
    return CJKParagraph(escape(text).replace("\n", "<br/>"), style)


def blocks_to_flowables(
    blocks: Sequence[Block], styles: Styles, compact: bool = False
) -> list[Flowable]:
    """Turn parsed body markup into flowables (see :mod:`.markup`)."""
    body = styles.compact if compact else styles.body
    plain = styles.compact_plain if compact else styles.plain
    out: list[Flowable] = []
    for block in blocks:
        text = block.prefix + block.text
        if block.kind == "h1":
            out.append(para(text, styles.h1))
        elif block.kind == "h2":
            out.append(para(text, styles.h2))
        elif block.kind == "plain":
            out.append(para(text, plain))
        else:  # "p" and "li"
            out.append(para(text, body))
    return out


class SignatureBlock(Flowable):
    """Organ name centred over the date; the date right-aligned with four characters of space.

    ``seal_lines`` blank lines above leave room for the seal, which sits over both lines.
    """

    def __init__(
        self,
        organ: str,
        date_text: str,
        font: str,
        seal_lines: int = SEAL_LINES,
        line: float = LINE,
    ):
        super().__init__()
        self.organ = organ
        self.date_text = date_text
        self.font = font
        self.seal_lines = seal_lines
        self.line = line

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = (self.seal_lines + 2) * self.line
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFont(self.font, BODY_SIZE)
        date_w = pdfmetrics.stringWidth(self.date_text, self.font, BODY_SIZE)
        organ_w = pdfmetrics.stringWidth(self.organ, self.font, BODY_SIZE)
        date_right = self.width - DATE_RIGHT_SPACE
        centre = date_right - date_w / 2
        organ_x = min(centre - organ_w / 2, self.width - organ_w)
        base = max(self.line - BODY_SIZE, 3)  # baseline offset inside a line
        c.drawString(organ_x, self.line + base, self.organ)
        c.drawString(date_right - date_w, base, self.date_text)


class SignatureLines(Flowable):
    """Handwriting lines: ``label：________  年  月  日`` (oral record, mediation document)."""

    def __init__(self, labels: Sequence[str], font: str, with_date: bool = True):
        super().__init__()
        self.labels = list(labels)
        self.font = font
        self.with_date = with_date

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = len(self.labels) * LINE * 1.5
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFont(self.font, BODY_SIZE)
        c.setLineWidth(0.5)
        date_w = pdfmetrics.stringWidth(BLANK_DATE, self.font, BODY_SIZE)
        for i, label in enumerate(self.labels):
            y = self.height - (i + 1) * LINE * 1.5 + (LINE * 0.5)
            c.drawString(0, y, label)
            x0 = pdfmetrics.stringWidth(label, self.font, BODY_SIZE) + 4
            x1 = self.width - date_w - BODY_SIZE if self.with_date else self.width - BODY_SIZE
            c.line(x0, y - 3, max(x1, x0 + 5 * BODY_SIZE), y - 3)
            if self.with_date:
                c.drawRightString(self.width, y, BLANK_DATE)


def signature_lines(labels: Sequence[str], styles: Styles, with_date: bool = True) -> Flowable:
    return SignatureLines(labels, styles.serif, with_date)


def grid_table(
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    styles: Styles,
    row_heights: Sequence[float | None] | None = None,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    header_rows: int = 0,
    extra: Sequence[tuple] = (),
) -> Table:
    """A ruled table; ``str`` cells become paragraphs (labels in the first column in sans)."""
    data = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            if isinstance(cell, str):
                style = styles.cell_label if (c == 0 or r < header_rows) else styles.cell
                cells.append(para(cell, style))
            else:
                cells.append(cell)
        data.append(cells)
    table = Table(
        data,
        colWidths=list(col_widths),
        rowHeights=list(row_heights) if row_heights else None,
        repeatRows=header_rows,
    )
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), styles.serif),  # else Table sets Helvetica (not embedded)
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.75, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for start, end in spans:
        commands.append(("SPAN", start, end))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


class _LastPageMarker(Flowable):
    """Zero-size flowable put last: the page it lands on gets the verification footer."""

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv._recon_last_page = True


@dataclass
class DocumentSpec:
    """Everything :func:`render_document` needs for one document."""

    header: Header
    title: str
    fonts: FontStatus
    case_no: str = ""
    addressee: str | None = None
    before_body: list[Flowable] = field(default_factory=list)
    body: list[Flowable] = field(default_factory=list)
    after_body: list[Flowable] = field(default_factory=list)
    signature: bool = True
    seal_lines: int = SEAL_LINES
    signature_line: float = LINE
    closing: list[Flowable] = field(default_factory=list)


class _Stamp:
    """Stands in for ReportLab's TimeStamp so /CreationDate comes from the context."""

    def __init__(self, moment: datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=BEIJING)
        offset = moment.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        self.t = moment.timestamp()
        self.lt = moment.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh, self.dmm = divmod(minutes, 60)
        self.tzname = moment.tzname() or "UTC"

    @property
    def datetime(self) -> datetime:
        return datetime.fromtimestamp(self.t, UTC)


def _creation_moment(header: Header) -> datetime:
    if header.created_at is not None:
        return header.created_at
    if header.issued_on is not None:
        d = header.issued_on
        return datetime(d.year, d.month, d.day, tzinfo=BEIJING)
    return datetime(2000, 1, 1, tzinfo=BEIJING)


# --- stream compression ---------------------------------------------------------------------
class _FastFlate(pdfdoc.PDFStreamFilterZCompress):
    """FlateDecode at zlib level 1: the embedded font subsets dominate a document's bytes, and
    level 1 deflates them in half the time for files about 8 % larger (2 ms of a receipt)."""

    def encode(self, text):
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


# ReportLab looks the filter up on its module each time it writes a stream (pages, fonts); recon
# is the only ReportLab user in the process, so the level is set once, for every document.
pdfdoc.PDFZCompress = _FastFlate()


# --- the QR code ----------------------------------------------------------------------------
# segno encodes a code in 0.4 ms once told the mask, but choosing it (applying and scoring all
# eight masks module by module) takes 2 ms. The mask does not change what the code says, only how
# readable it is, so recon encodes once with mask 0, scores the eight masks with the same four
# penalty rules (ISO/IEC 18004 §7.8.3) on whole rows and columns held as integers, applies the
# best one and writes its format information. A fixed mask is no option: mask 0 left one
# verification link unreadable for zbar.

_QR_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)
_RUN = re.compile(r"0{5,}|1{5,}")
_MODULE_BYTES = bytes.maketrans(b"01", b"\x00\x01")
_FINDER_LIKE = re.compile(r"(?<=0000)1011101|1011101(?=0000)")


def _bits(cells) -> int:
    """A row (or column) of modules as an integer, the first module the highest bit."""
    return int("".join("1" if cell else "0" for cell in cells), 2)


def _transpose(rows: list[int], size: int) -> list[int]:
    texts = [format(row, f"0{size}b") for row in rows]
    return [int("".join(column), 2) for column in zip(*texts, strict=True)]


@dataclass(frozen=True)
class _QRLayout:
    """For one symbol size: the data modules and each mask, by rows and by columns."""

    region_rows: tuple[int, ...]
    region_cols: tuple[int, ...]
    mask_rows: tuple[tuple[int, ...], ...]
    mask_cols: tuple[tuple[int, ...], ...]


@lru_cache(maxsize=16)
def _qr_layout(size: int) -> _QRLayout:
    from segno import encoder  # the function patterns of a version, as segno lays them out

    function = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)
    function[-8][8] = 0x1
    region = [_bits(module > 1 for module in row) for row in function]
    masks = [[_bits(mask(i, j) for j in range(size)) for i in range(size)] for mask in _QR_MASKS]
    return _QRLayout(
        tuple(region), tuple(_transpose(region, size)),
        tuple(tuple(rows) for rows in masks),
        tuple(tuple(_transpose(rows, size)) for rows in masks),
    )


def _qr_penalty(rows: list[int], cols: list[int], size: int) -> int:
    """The four penalty scores (N1 runs, N2 blocks, N3 finder-like, N4 balance) of a symbol."""
    # Every row and column, each between four light modules (the quiet zone counts as light
    # for N3), kept apart by "2" so that no run crosses from one line into the next.
    lines = "2".join(format(line, f"0{size}b") for line in rows + cols)
    runs = _RUN.findall(lines)
    padded = "0000" + lines.replace("2", "000020000") + "0000"
    score = sum(len(run) - 2 for run in runs) + 40 * len(_FINDER_LIKE.findall(padded))
    full = (1 << size) - 1
    for upper, lower in zip(rows, rows[1:], strict=False):
        dark = upper & lower
        light = ~(upper | lower) & full
        score += 3 * ((dark & (dark >> 1)).bit_count() + (light & (light >> 1)).bit_count())
    dark_share = sum(row.bit_count() for row in rows) * 100 // (size * size)
    return score + 10 * (abs(dark_share - 50) // 5)


def _qr_matrix(value: str) -> list[bytearray]:
    """QR modules (error correction M, the least penalised mask, no quiet zone)."""
    from segno import consts, encoder

    qr = segno.make_qr(value, error="m", boost_error=False, mask=0)
    size = len(qr.matrix)
    layout = _qr_layout(size)
    region_rows, region_cols = layout.region_rows, layout.region_cols
    rows0 = [_bits(row) for row in qr.matrix]
    plain_rows = [row ^ (layout.mask_rows[0][i] & region_rows[i]) for i, row in enumerate(rows0)]
    plain_cols = _transpose(plain_rows, size)
    best = None
    for number, (mask_rows, mask_cols) in enumerate(zip(layout.mask_rows, layout.mask_cols,
                                                        strict=True)):
        rows = [row ^ (mask_rows[i] & region_rows[i]) for i, row in enumerate(plain_rows)]
        cols = [col ^ (mask_cols[j] & region_cols[j]) for j, col in enumerate(plain_cols)]
        score = _qr_penalty(rows, cols, size)
        if best is None or score < best[0]:
            best = (score, number, rows)
    _score, number, rows = best
    matrix = [bytearray(format(row, f"0{size}b").encode().translate(_MODULE_BYTES)) for row in rows]
    encoder.add_format_info(matrix, qr.version, consts.ERROR_LEVEL_M, number)
    return matrix


def draw_qr(canv: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draw a QR code (with a 2-module quiet zone) as one filled path at (x, y)."""
    matrix = _qr_matrix(value)
    count = len(matrix)
    module = size / (count + 4)
    path = canv.beginPath()
    top = y + size - 2 * module
    for r, row in enumerate(matrix):
        c = 0
        while c < count:
            if row[c]:
                run = c
                while run < count and row[run]:
                    run += 1
                path.rect(x + (c + 2) * module, top - (r + 1) * module, (run - c) * module, module)
                c = run
            else:
                c += 1
    canv.saveState()
    canv.setFillGray(0)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


class _Doc(BaseDocTemplate):
    def __init__(self, buf, spec: DocumentSpec, styles: Styles):
        header = spec.header
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=PAGE_W - MARGIN_LEFT - BLOCK_W,
            topMargin=MARGIN_TOP,
            bottomMargin=BLOCK_BOTTOM,
            title=spec.title,
            author=header.organ_name,
            subject=header.number if not header.draft else DRAFT_NUMBER,
            creator="recon",
            keywords=[k for k in (spec.case_no, header.verification_code) if k],
            invariant=1,
            lang="zh-CN",
            displayDocTitle=1,
            initialFontName=styles.serif,
            initialFontSize=BODY_SIZE,
            initialLeading=LINE,
        )
        self.spec = spec
        self.styles = styles
        frame = Frame(
            MARGIN_LEFT,
            BLOCK_BOTTOM,
            BLOCK_W,
            BLOCK_H,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="block",
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self._on_page, onPageEnd=self._on_page_end)]
        )

    # --- page decorations -------------------------------------------------------------------
    def _on_page(self, canv: Canvas, doc) -> None:
        if self.spec.header.draft:
            canv.saveState()
            canv.setFillGray(0.86)
            canv.setFont(self.styles.sans, 150)
            canv.translate(PAGE_W / 2, PAGE_H / 2)
            canv.rotate(40)
            canv.drawCentredString(0, -50, WATERMARK)
            canv.restoreState()

    def _on_page_end(self, canv: Canvas, doc) -> None:
        page = canv.getPageNumber()
        canv.saveState()
        canv.setFillGray(0)
        canv.setFont(self.styles.serif, PAGE_NO_SIZE)
        text = f"— {page} —"
        y = BLOCK_BOTTOM - 7 * mm - PAGE_NO_SIZE * 0.8
        if page % 2:
            canv.drawRightString(MARGIN_LEFT + BLOCK_W - PAGE_NO_SIZE, y, text)
        else:
            canv.drawString(MARGIN_LEFT + PAGE_NO_SIZE, y, text)
        if getattr(canv, "_recon_last_page", False):
            self._draw_verification(canv)
        canv.restoreState()

    def _draw_verification(self, canv: Canvas) -> None:
        header = self.spec.header
        if header.draft or not header.verification_code:
            return
        x = MARGIN_LEFT
        y = 6 * mm
        if header.verify_url:
            draw_qr(canv, header.verify_url, x, y, QR_SIZE)
            x += QR_SIZE + 3 * mm
        font = self.styles.serif
        first = f"验证码：{header.verification_code}"
        second = f"可在 {header.verify_url} 核验" if header.verify_url else ""
        one_line = f"{first}  {second}".strip()
        avail = MARGIN_LEFT + BLOCK_W - x
        canv.setFont(font, FOOTER_SIZE)
        if pdfmetrics.stringWidth(one_line, font, FOOTER_SIZE) <= avail:
            canv.drawString(x, y + QR_SIZE / 2 - FOOTER_SIZE / 3, one_line)
        else:
            canv.drawString(x, y + QR_SIZE / 2 + 2, first)
            canv.drawString(x, y + QR_SIZE / 2 - FOOTER_SIZE - 2, second)


def _head_flowables(spec: DocumentSpec, styles: Styles) -> list[Flowable]:
    header = spec.header
    out: list[Flowable] = [
        para(header.organ_name, styles.title),
        para(spec.title, styles.title),
        Spacer(0, LINE * 0.5),
        para(DRAFT_NUMBER if header.draft else header.number, styles.number),
        Spacer(0, LINE * 0.5),
    ]
    if spec.addressee:
        out.append(para(spec.addressee, styles.plain))
    return out


def render_document(spec: DocumentSpec) -> bytes:
    """Lay out and write one document; returns the PDF bytes."""
    return render_counted(spec)[0]


def render_counted(spec: DocumentSpec) -> tuple[bytes, int]:
    """Lay out and write one document; returns the PDF bytes and the number of pages."""
    styles = styles_for(spec.fonts)
    story: list[Flowable] = _head_flowables(spec, styles)
    content = [*spec.before_body, *spec.body, *spec.after_body]
    if spec.signature:
        block = SignatureBlock(
            spec.header.organ_name,
            format_cn_date(spec.header.issued_on),
            styles.serif,
            seal_lines=spec.seal_lines,
            line=spec.signature_line,
        )
        # Never leave the signature and date alone on a page: keep the last paragraph with them.
        tail = [content.pop()] if content else []
        content.append(KeepTogether([*tail, block]))
    story.extend(content)
    story.extend(spec.closing)
    story.append(_LastPageMarker())

    buf = io.BytesIO()
    doc = _Doc(buf, spec, styles)
    stamp = _Stamp(_creation_moment(spec.header))

    def canvasmaker(*args, **kwargs):
        canv = Canvas(*args, **kwargs)
        canv._doc._timeStamp = stamp
        return canv

    doc.build(story, canvasmaker=canvasmaker)
    return buf.getvalue(), doc.page

