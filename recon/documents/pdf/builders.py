"""One builder per document kind: ``build_<kind>(ctx, template=None) -> bytes``.

Each builder renders the kind's template (the default when ``template`` is None) into body
markup, adds the parts drawn by code (addressee, tables, signature lines) and lays the document
out with :func:`.layout.render_document`. Builders are pure: same context, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from recon.i18n import lazy_gettext

from .data import (
    SERVICE_METHODS,
    AcceptanceNoticeContext,
    CorrectionNoticeContext,
    DecisionContext,
    DismissalDecisionContext,
    ExtensionNoticeContext,
    HearingNoticeContext,
    MediationDocumentContext,
    OralRecordContext,
    PartyData,
    ReceiptContext,
    RefusalDecisionContext,
    ReplyNoticeContext,
    ResumptionNoticeContext,
    ServiceReceiptContext,
    SuspensionNoticeContext,
    TerminationDecisionContext,
    ThirdPartyNoticeContext,
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
    render_document,
    signature_lines,
    styles_for,
)
from .markup import parse_markup
from .templates import (
    CHANNEL_LABELS,
    TITLES,
    act_ref,
    cdate,
    cdatetime,
    names,
    recipients,
    render_body,
)

__all__ = ["BUILDERS", "build", "build_document"] + [f"build_{k}" for k in TITLES]

_NOTICE_KINDS = {
    "correction_notice",
    "acceptance_notice",
    "reply_notice",
    "third_party_notice",
    "hearing_notice",
    "suspension_notice",
    "resumption_notice",
    "extension_notice",
}


def build_document(
    kind: str,
    ctx,
    template: str | None = None,
    *,
    before: Callable[[Styles], list[Flowable]] | None = None,
    after: Callable[[Styles], list[Flowable]] | None = None,
    closing: Callable[[Styles], list[Flowable]] | None = None,
    signature: bool = True,
    compact: bool = False,
) -> bytes:
    """Render ``kind`` for ``ctx``: template → markup → flowables → PDF bytes."""
    markup = render_body(kind, ctx, template)
    fonts = register_fonts()
    styles = styles_for(fonts)
    addressee = None
    if kind in _NOTICE_KINDS:
        addressee = names(recipients(kind, ctx)) + "："
    spec = DocumentSpec(
        header=ctx.header,
        title=TITLES[kind],
        fonts=fonts,
        case_no=ctx.case.case_no,
        addressee=addressee,
        before_body=before(styles) if before else [],
        body=blocks_to_flowables(parse_markup(markup), styles, compact=compact),
        after_body=after(styles) if after else [],
        signature=signature,
        seal_lines=1 if compact else SEAL_LINES,
        signature_line=BODY_SIZE * 1.5 if compact else LINE,
        closing=closing(styles) if closing else [],
    )
    return render_document(spec)


def _party_labels(role_label: str, parties: Sequence[PartyData], seal_word: bool) -> list[str]:
    labels = []
    for p in parties:
        how = "盖章" if p.kind == "organization" else ("签名或者盖章" if seal_word else "签名")
        who = p.name if (len(parties) > 1 and p.kind == "person") else ""
        labels.append(f"{role_label}{who}（{how}）：")
    return labels


# --- intake ----------------------------------------------------------------------------------
def build_receipt(ctx: ReceiptContext, template: str | None = None) -> bytes:
    case = ctx.case

    def before(styles: Styles) -> list[Flowable]:
        c = styles.cell
        received = (cdatetime(ctx.received_at) if isinstance(ctx.received_at, datetime)
                    else cdate(ctx.received_at))
        rows: list[list[object]] = [
            ["申请编号", case.case_no, "查询码", ctx.query_code or "—"],
            ["申请人", names(case.applicants), "被申请人", case.respondent.name],
            ["被申请复议的行政行为", act_ref(case) or case.act_title or "—", "", ""],
            ["接收方式", CHANNEL_LABELS[case.channel], "接收时间", received],
        ]
        spans = [((1, 2), (3, 2))]
        if case.channel == "postal":
            rows.append(
                [
                    "邮戳日期",
                    cdate(ctx.postmark_date) if ctx.postmark_date else "—",
                    "邮件号",
                    ctx.tracking_no or "—",
                ]
            )
        due = f"至{cdate(ctx.acceptance_due_on)}" if ctx.acceptance_due_on else "五个工作日"
        if ctx.acceptance_due_on and ctx.acceptance_due_provisional:
            due += "（暂定）"
        if ctx.intake_point:
            rows.append(["接收点", ctx.intake_point, "", ""])
            spans.append(((1, len(rows) - 1), (3, len(rows) - 1)))
        rows.append(["受理审查期限", due, "接收人", ctx.receiver or ""])
        if case.channel == "onsite":
            rows.append(["递交人（签名）", "", "", ""])
            spans.append(((1, len(rows) - 1), (3, len(rows) - 1)))
        rows = [
            [para(v, styles.cell_label if i % 2 == 0 else c) for i, v in enumerate(row)]
            for row in rows
        ]
        info = grid_table(rows, (34 * mm, 48 * mm, 24 * mm, 50 * mm), styles, spans=spans)
        mat_rows: list[list[object]] = [["序号", "材料名称", "页数／份数", "备注"]]
        for i, item in enumerate(ctx.materials, start=1):
            name, quantity, note = (tuple(item) + ("", "", ""))[:3]
            mat_rows.append([para(str(i), styles.cell_center), str(name), str(quantity), str(note)])
        if len(mat_rows) == 1:
            mat_rows.append([para("—", styles.cell_center), "（未登记材料）", "", ""])
        materials = grid_table(
            mat_rows, (14 * mm, 84 * mm, 26 * mm, 32 * mm), styles, header_rows=1
        )
        return [info, Spacer(0, 3 * mm), materials, Spacer(0, 3 * mm)]

    return build_document("receipt", ctx, template, before=before, compact=True)


def build_oral_record(ctx: OralRecordContext, template: str | None = None) -> bytes:
    def after(styles: Styles) -> list[Flowable]:
        labels = _party_labels("申请人", ctx.case.applicants, seal_word=False)
        labels += ["接待人（签名）：", "记录人（签名）："]
        return [Spacer(0, LINE * 0.5), signature_lines(labels, styles)]

    return build_document("oral_record", ctx, template, after=after, signature=False)


def build_correction_notice(ctx: CorrectionNoticeContext, template: str | None = None) -> bytes:
    return build_document("correction_notice", ctx, template)


def build_acceptance_notice(ctx: AcceptanceNoticeContext, template: str | None = None) -> bytes:
    return build_document("acceptance_notice", ctx, template)


def build_refusal_decision(ctx: RefusalDecisionContext, template: str | None = None) -> bytes:
    return build_document("refusal_decision", ctx, template)


# --- handling --------------------------------------------------------------------------------
def build_reply_notice(ctx: ReplyNoticeContext, template: str | None = None) -> bytes:
    return build_document("reply_notice", ctx, template)


def build_third_party_notice(ctx: ThirdPartyNoticeContext, template: str | None = None) -> bytes:
    return build_document("third_party_notice", ctx, template)


def build_hearing_notice(ctx: HearingNoticeContext, template: str | None = None) -> bytes:
    return build_document("hearing_notice", ctx, template)


def build_suspension_notice(ctx: SuspensionNoticeContext, template: str | None = None) -> bytes:
    return build_document("suspension_notice", ctx, template)


def build_resumption_notice(ctx: ResumptionNoticeContext, template: str | None = None) -> bytes:
    return build_document("resumption_notice", ctx, template)


def build_extension_notice(ctx: ExtensionNoticeContext, template: str | None = None) -> bytes:
    return build_document("extension_notice", ctx, template)


# --- closure ---------------------------------------------------------------------------------
def build_termination_decision(
    ctx: TerminationDecisionContext, template: str | None = None
) -> bytes:
    return build_document("termination_decision", ctx, template)


def build_dismissal_decision(ctx: DismissalDecisionContext, template: str | None = None) -> bytes:
    return build_document("dismissal_decision", ctx, template)


def build_decision(ctx: DecisionContext, template: str | None = None) -> bytes:
    def closing(styles: Styles) -> list[Flowable]:
        if not ctx.copy_to:
            return []
        return [Spacer(0, LINE * 0.5), para("抄告：" + "、".join(ctx.copy_to), styles.plain)]

    return build_document("decision", ctx, template, closing=closing)


def build_mediation_document(ctx: MediationDocumentContext, template: str | None = None) -> bytes:
    case = ctx.case

    def after(styles: Styles) -> list[Flowable]:
        if ctx.signatories:
            labels = [f"{s}（签名或者盖章）：" for s in ctx.signatories]
        else:
            labels = _party_labels("申请人", case.applicants, seal_word=True)
            labels += _party_labels("被申请人", (case.respondent,), seal_word=True)
            labels += _party_labels("第三人", case.third_parties, seal_word=True)
        return [Spacer(0, LINE * 0.5), signature_lines(labels, styles)]

    return build_document("mediation_document", ctx, template, after=after)


# --- service ---------------------------------------------------------------------------------
def build_service_receipt(ctx: ServiceReceiptContext, template: str | None = None) -> bytes:
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

    return build_document("service_receipt", ctx, template, before=before, compact=True)


BUILDERS: dict[str, Callable[..., bytes]] = {
    "receipt": build_receipt,
    "oral_record": build_oral_record,
    "correction_notice": build_correction_notice,
    "acceptance_notice": build_acceptance_notice,
    "refusal_decision": build_refusal_decision,
    "reply_notice": build_reply_notice,
    "third_party_notice": build_third_party_notice,
    "hearing_notice": build_hearing_notice,
    "suspension_notice": build_suspension_notice,
    "resumption_notice": build_resumption_notice,
    "extension_notice": build_extension_notice,
    "termination_decision": build_termination_decision,
    "dismissal_decision": build_dismissal_decision,
    "decision": build_decision,
    "mediation_document": build_mediation_document,
    "service_receipt": build_service_receipt,
}


def build(kind: str, ctx, template: str | None = None) -> bytes:
    """``BUILDERS[kind](ctx, template)`` with a Chinese error for an unknown kind."""
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise ValueError(lazy_gettext("未知的文书种类：%(kind)s", kind=kind)) from None
    return builder(ctx, template)
