"""Pure official-document PDF builders (GB/T 9704 layout, embedded CJK fonts).

No Flask and no SQLAlchemy here: builders take the frozen dataclasses of :mod:`.data`, a title
and the wording (a template's text) and return PDF bytes. ``documents/contexts.py`` turns models
into those dataclasses; the registry ``documents/kinds.py`` gives each kind its title, default
wording (the constants of :mod:`.templates`) and builder:

    from recon.documents.kinds import KINDS
    pdf_bytes = KINDS["decision"].build(ctx)              # default wording
    pdf_bytes = KINDS["decision"].build(ctx, template)    # the organ's edited wording

Template problems raise :class:`TemplateError` (a ``ValueError``) with a Chinese message;
invalid contexts raise ``ValueError`` with a Chinese message when the dataclass is built.
"""

from .builders import (
    build_decision,
    build_document,
    build_hearing_record,
    build_mediation_document,
    build_notice,
    build_opinion_record,
    build_oral_record,
    build_plain,
    build_receipt,
    build_service_receipt,
)
from .data import (
    ACCEPTANCE_CONDITIONS,
    DECISION_TYPES,
    OPINION_MODES,
    SERVICE_METHODS,
    SUSPENSION_CAUSES,
    TERMINATION_CAUSES,
    AcceptanceNoticeContext,
    CaseData,
    CorrectionNoticeContext,
    DecisionContext,
    DismissalDecisionContext,
    ExtensionNoticeContext,
    Header,
    HearingNoticeContext,
    HearingRecordContext,
    MaterialItem,
    MediationDocumentContext,
    OpinionRecordContext,
    OralRecordContext,
    PartyData,
    ReceiptContext,
    RefusalDecisionContext,
    ReplyNoticeContext,
    ResumptionNoticeContext,
    ServiceReceiptContext,
    StayNoticeContext,
    SuspensionNoticeContext,
    TerminationDecisionContext,
    ThirdPartyNoticeContext,
    published_copy,
)
from .fonts import (
    FontConfig,
    FontStatus,
    default_config,
    missing_glyphs,
    register_fonts,
    set_default_config,
)
from .markup import MissingFact, TemplateError, literal, parse_markup
from .templates import compile_template, render_body

__all__ = [
    "ACCEPTANCE_CONDITIONS",
    "DECISION_TYPES",
    "SERVICE_METHODS",
    "SUSPENSION_CAUSES",
    "TERMINATION_CAUSES",
    "AcceptanceNoticeContext",
    "CaseData",
    "CorrectionNoticeContext",
    "DecisionContext",
    "DismissalDecisionContext",
    "ExtensionNoticeContext",
    "FontConfig",
    "FontStatus",
    "Header",
    "HearingNoticeContext",
    "HearingRecordContext",
    "MaterialItem",
    "MediationDocumentContext",
    "MissingFact",
    "OPINION_MODES",
    "OpinionRecordContext",
    "OralRecordContext",
    "PartyData",
    "ReceiptContext",
    "RefusalDecisionContext",
    "ReplyNoticeContext",
    "ResumptionNoticeContext",
    "ServiceReceiptContext",
    "StayNoticeContext",
    "SuspensionNoticeContext",
    "TemplateError",
    "TerminationDecisionContext",
    "ThirdPartyNoticeContext",
    "build_decision",
    "build_document",
    "build_mediation_document",
    "build_notice",
    "build_hearing_record",
    "build_opinion_record",
    "build_oral_record",
    "build_plain",
    "build_receipt",
    "build_service_receipt",
    "compile_template",
    "default_config",
    "literal",
    "missing_glyphs",
    "parse_markup",
    "published_copy",
    "register_fonts",
    "render_body",
    "set_default_config",
]
