"""Document builders: ``builder(ctx, title, wording) -> bytes``.

A builder renders ``wording`` (the kind's template text: its default or the organ's edited copy)
into body markup, adds the parts drawn by code (addressee, tables, signature lines) and lays the
document out with :func:`.layout.render_document`. Builders are pure: same input, same bytes.
The registry ``recon.documents.kinds`` gives each kind its title, default wording and builder.

``published=True`` renders the published copy (公开文本): the parties' ID numbers and phone
numbers masked (:func:`.data.published_copy`). Served documents carry them in full.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .data import (
    SERVICE_METHODS,
    DecisionContext,
    HearingRecordContext,
    MediationDocumentContext,
    OpinionRecordContext,
    OralRecordContext,
    PartyData,
    ReceiptContext,
    ServiceAddressContext,
    ServiceReceiptContext,
    published_copy,
)
from .fonts import register_fonts
from .layout import (
    BODY_SIZE,
    LINE,
    SEAL_LINES,
    DocumentSpec,
    Styles,
    blocks_to_flowables,
    grid_table,
    para,
    render_counted,
    render_document,
    signature_lines,
    styles_for,
)
from .markup import parse_markup
from .templates import (
    CHANNEL_LABELS,
    act_ref,
    cdate,
    cdatetime,
    names,
    recipients,
    render_body,
)

__all__ = [
    "build_decision",
    "build_hearing_record",
    "build_opinion_record",
    "build_document",
    "document_spec",
    "build_mediation_document",
    "build_notice",
    "build_oral_record",
    "build_plain",
    "build_receipt",
    "build_service_address",
    "build_service_receipt",
]


def document_spec(
    title: str,
    ctx,
    wording: str,
    *,
    addressed: bool = False,
    published: bool = False,
    before: Callable[[Styles], list[Flowable]] | None = None,
    after: Callable[[Styles], list[Flowable]] | None = None,
    closing: Callable[[Styles], list[Flowable]] | None = None,
    signature: bool = True,
    compact: bool = False,
) -> DocumentSpec:
    """Lay out ``ctx`` with ``wording``: template → markup → flowables (see :func:`build_document`)."""
    if published:
        ctx = published_copy(ctx)
    markup = render_body(wording, ctx)
    fonts = register_fonts()
    styles = styles_for(fonts)
    return DocumentSpec(
        header=ctx.header,
        title=title,
        fonts=fonts,
        case_no=ctx.case.case_no,
        addressee=names(recipients(ctx)) + "：" if addressed else None,
        before_body=before(styles) if before else [],
        body=blocks_to_flowables(parse_markup(markup), styles, compact=compact),
        after_body=after(styles) if after else [],
        signature=signature,
        seal_lines=1 if compact else SEAL_LINES,
        signature_line=BODY_SIZE * 1.5 if compact else LINE,
        closing=closing(styles) if closing else [],
    )


def build_document(title: str, ctx, wording: str, **options) -> bytes:
    """Render ``ctx`` with ``wording``: template → markup → flowables → PDF bytes.
    ``addressed``: a notice, printed with its addressee line (``names：``) above the body;
    ``before``/``after``/``closing`` add code-drawn parts (see :func:`document_spec`)."""
    return render_document(document_spec(title, ctx, wording, **options))


def build_plain(ctx, title: str, wording: str, *, published: bool = False) -> bytes:
    """A decision-style document: the body, then the organ's signature and date."""
    return build_document(title, ctx, wording, published=published)


def build_notice(ctx, title: str, wording: str, *, published: bool = False) -> bytes:
    """A notice: addressed to its recipients (``ctx.recipient`` or the kind's default)."""
    return build_document(title, ctx, wording, addressed=True, published=published)


def _party_labels(role_label: str, parties: Sequence[PartyData], seal_word: bool) -> list[str]:
    labels = []
    for p in parties:
        how = "盖章" if p.kind == "organization" else ("签名或者盖章" if seal_word else "签名")
        who = p.name if (len(parties) > 1 and p.kind == "person") else ""
        labels.append(f"{role_label}{who}（{how}）：")
    return labels


# --- intake ----------------------------------------------------------------------------------
#: The receipt is one A4 page (ux.md T4): every cell is clipped to its limit below and the
#: material list shows as many rows as fit (the first of these counts that does; 0: only the
#: count), the rest counted on one more row.
RECEIPT_MATERIAL_ROWS = (12, 6, 3, 0)


def _cell(text: object, limit: int) -> str:
    """One table cell of a form: on one run of text (line breaks become spaces), clipped with
    “…” at ``limit`` characters so a long name cannot push the form onto a second page."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def build_receipt(ctx: ReceiptContext, title: str, wording: str, *,
                  published: bool = False) -> bytes:
    first, *fewer = RECEIPT_MATERIAL_ROWS
    data = b""
    for rows in (first, *(n for n in fewer if n < len(ctx.materials))):
        data, pages = render_counted(_receipt_spec(ctx, title, wording, published, rows))
        if pages == 1:
            break
    return data


def _receipt_spec(ctx: ReceiptContext, title: str, wording: str, published: bool,
                  max_rows: int) -> DocumentSpec:
    case = ctx.case

    def before(styles: Styles) -> list[Flowable]:
        c = styles.cell
        received = (cdatetime(ctx.received_at) if isinstance(ctx.received_at, datetime)
                    else cdate(ctx.received_at))
        rows: list[list[object]] = [
            ["申请编号", case.case_no, "查询码", ctx.query_code or "—"],
            ["申请人", _cell(names(case.applicants), 12), "被申请人",
             _cell(case.respondent.name, 13)],
            ["被申请复议的行政行为", _cell(act_ref(case) or case.act_title or "—", 64), "", ""],
            ["接收方式", CHANNEL_LABELS[case.channel], "接收时间", received],
        ]
        spans = [((1, 2), (3, 2))]
        if case.channel == "postal":
            rows.append(
                [
                    "邮戳日期",
                    cdate(ctx.postmark_date) if ctx.postmark_date else "—",
                    "邮件号",
                    _cell(ctx.tracking_no, 24) or "—",
                ]
            )
        due = f"至{cdate(ctx.acceptance_due_on)}" if ctx.acceptance_due_on else "五个工作日"
        if ctx.acceptance_due_on and ctx.acceptance_due_provisional:
            due += "（暂定）"
        if ctx.intake_point:
            rows.append(["接收点", ctx.intake_point, "", ""])
            spans.append(((1, len(rows) - 1), (3, len(rows) - 1)))
        rows.append(["受理审查期限", due, "接收人", _cell(ctx.receiver, 13) or "—"])
        if case.channel == "onsite":
            rows.append(["递交人（签名）", "", "", ""])
            spans.append(((1, len(rows) - 1), (3, len(rows) - 1)))
        rows = [
            [para(v, styles.cell_label if i % 2 == 0 else c) for i, v in enumerate(row)]
            for row in rows
        ]
        info = grid_table(rows, (34 * mm, 48 * mm, 24 * mm, 50 * mm), styles, spans=spans)
        mat_rows: list[list[object]] = [["序号", "材料名称", "页数／份数", "备注"]]
        items = ctx.materials
        shown = items if len(items) <= max_rows else items[: max(max_rows - 1, 0)]
        for i, item in enumerate(shown, start=1):
            name, quantity, note = (tuple(item) + ("", "", ""))[:3]
            mat_rows.append([para(str(i), styles.cell_center), _cell(name, 40),
                             _cell(quantity, 12), _cell(note, 14)])
        if len(shown) < len(items):
            rest = len(items) - len(shown)
            what = f"其余{rest}份材料" if shown else f"共{rest}份材料"
            mat_rows.append([para("…", styles.cell_center),
                             f"{what}（名称见本机关登记的申请材料清单）", f"{rest}份", ""])
        if len(mat_rows) == 1:
            mat_rows.append([para("—", styles.cell_center), "（未登记材料）", "", ""])
        materials = grid_table(
            mat_rows, (14 * mm, 84 * mm, 26 * mm, 32 * mm), styles, header_rows=1
        )
        return [info, Spacer(0, 3 * mm), materials, Spacer(0, 3 * mm)]

    return document_spec(title, ctx, wording, before=before, compact=True, published=published)


def build_oral_record(ctx: OralRecordContext, title: str, wording: str, *,
                      published: bool = False) -> bytes:
    def after(styles: Styles) -> list[Flowable]:
        labels = _party_labels("申请人", ctx.case.applicants, seal_word=False)
        labels += ["接待人（签名）：", "记录人（签名）："]
        return [Spacer(0, LINE * 0.5), signature_lines(labels, styles)]

    return build_document(title, ctx, wording, after=after, signature=False, published=published)


# --- handling --------------------------------------------------------------------------------
def build_opinion_record(ctx: OpinionRecordContext, title: str, wording: str, *,
                         published: bool = False) -> bytes:
    """听取意见笔录: the body, then the heard party's, the hearers' and the recorder's signatures
    (no organ seal: a record, not a decision)."""
    def after(styles: Styles) -> list[Flowable]:
        labels = [f"被听取意见人{ctx.party_name}（签名或者盖章）：", "听取意见人（签名）：",
                  "记录人（签名）："]
        return [Spacer(0, LINE * 0.5), signature_lines(labels, styles)]

    return build_document(title, ctx, wording, after=after, signature=False, published=published)


def build_hearing_record(ctx: HearingRecordContext, title: str, wording: str, *,
                         published: bool = False) -> bytes:
    """听证笔录: the body, then the signatures of the parties present and of the panel."""
    case = ctx.case

    def after(styles: Styles) -> list[Flowable]:
        labels = [] if ctx.applicant_absent_without_reason else _party_labels(
            "申请人", case.applicants, seal_word=True)
        labels += ["被申请人参加人员（签名）："]
        labels += _party_labels("第三人", case.third_parties, seal_word=True)
        labels += ["主持人（签名）：", "听证员（签名）：", "记录员（签名）："]
        return [Spacer(0, LINE * 0.5), signature_lines(labels, styles)]

    return build_document(title, ctx, wording, after=after, signature=False, published=published)


def build_decision(ctx: DecisionContext, title: str, wording: str, *,
                   published: bool = False) -> bytes:
    def closing(styles: Styles) -> list[Flowable]:
        if not ctx.copy_to:
            return []
        return [Spacer(0, LINE * 0.5), para("抄告：" + "、".join(ctx.copy_to), styles.plain)]

    return build_document(title, ctx, wording, closing=closing, published=published)


def build_mediation_document(ctx: MediationDocumentContext, title: str, wording: str, *,
                             published: bool = False) -> bytes:
    case = ctx.case

    def after(styles: Styles) -> list[Flowable]:
        if ctx.signatories:
            labels = [f"{s}（签名或者盖章）：" for s in ctx.signatories]
        else:
            labels = _party_labels("申请人", case.applicants, seal_word=True)
            labels += _party_labels("被申请人", (case.respondent,), seal_word=True)
            labels += _party_labels("第三人", case.third_parties, seal_word=True)
        return [Spacer(0, LINE * 0.5), signature_lines(labels, styles)]

    return build_document(title, ctx, wording, after=after, published=published)


# --- service ---------------------------------------------------------------------------------
def build_service_receipt(ctx: ServiceReceiptContext, title: str, wording: str, *,
                          published: bool = False) -> bytes:
    def before(styles: Styles) -> list[Flowable]:
        docs = [(ctx.document_title, ctx.document_number), *ctx.documents]
        doc_text = "\n".join(f"《{t.strip('《》')}》" + (f"（{n}）" if n else "") for t, n in docs)
        date_line = cdate(ctx.served_on) if ctx.served_on else "年\u3000\u3000月\u3000\u3000日"
        blank_date = para(date_line, styles.cell_right)
        rows = [
            ["送达文书名称及文号", doc_text],
            ["受送达人", ctx.recipient_name],
            ["送达地址", ctx.address or ""],
            ["送达方式", SERVICE_METHODS[ctx.method]],
            ["受送达人签名或者盖章", blank_date],
            ["代收人签名及代收理由", para("年\u3000\u3000月\u3000\u3000日", styles.cell_right)],
            ["送达人（签名）", ctx.server or ""],
            ["见证人（留置送达时签名）", ""],
            ["备注", ctx.remarks or ""],
        ]
        heights = [None, 26, None, 26, 64, 52, 34, 34, 40]
        table = grid_table(
            rows,
            (46 * mm, 110 * mm),
            styles,
            row_heights=heights,
            extra=[("VALIGN", (1, 4), (1, 5), "BOTTOM")],
        )
        return [table, Spacer(0, 3 * mm)]

    return build_document(title, ctx, wording, before=before, compact=True, published=published)


def build_service_address(ctx: ServiceAddressContext, title: str, wording: str, *,
                          published: bool = False) -> bytes:
    """送达地址确认书: a ruled form the party checks and signs, then the notice (the wording); one
    A4 page, laid out like the 送达回证."""
    def before(styles: Styles) -> list[Flowable]:
        party = ctx.recipient
        if published:
            party = published_copy(ctx).recipient
        box = "\u25a1"  # □
        ticked = "\u221a"  # √
        consent = {True: f"{ticked}同意\u3000{box}不同意", False: f"{box}同意\u3000{ticked}不同意",
                   None: f"{box}同意\u3000{box}不同意"}[ctx.electronic_consent]
        sign = para("受送达人（签名或者盖章）：\u3000\u3000\u3000\u3000\u3000\u3000\n年\u3000\u3000月\u3000\u3000日",
                    styles.cell_right)
        rows = [
            ["受送达人", party.name],
            ["送达地址", ctx.address or party.address or ""],
            ["邮政编码", ctx.postcode],
            ["联系电话", party.phone if published else (ctx.phone or party.phone or "")],
            ["是否同意电子送达", consent],
            ["电子送达地址", ctx.email],
            ["代收人及其联系方式", ctx.collector],
            ["受送达人确认", "本人（单位）已阅知上述告知事项，确认以上送达地址和联系方式真实、有效。"],
            ["", sign],
        ]
        heights = [22, 34, 22, 22, 22, 26, 26, None, 44]
        table = grid_table(rows, (46 * mm, 110 * mm), styles, row_heights=heights,
                           spans=[((0, 7), (0, 8))], extra=[("VALIGN", (1, 8), (1, 8), "BOTTOM")])
        return [table, Spacer(0, 3 * mm)]

    return build_document(title, ctx, wording, before=before, compact=True, published=published)
