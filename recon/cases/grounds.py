"""The legal grounds an acceptance-stage action cites, with their Chinese labels (marked ``N_``;
pages show ``gettext(label)``). Shared by the forms (choices) and the services (validation and
recorded wording); plain data, no models."""

from __future__ import annotations

from enum import StrEnum

from recon.documents.pdf.data import ACCEPTANCE_CONDITIONS
from recon.i18n import N_


class SimpleGround(StrEnum):
    """Art. 53: when the simple procedure may be used (¶1 items 1–4, or ¶2 all parties agree)."""

    ON_THE_SPOT = "on_the_spot"
    WARNING = "warning"
    AMOUNT_LE_3000 = "amount_le_3000"
    INFO_DISCLOSURE = "info_disclosure"
    CONSENT = "consent"

    @property
    def label(self) -> str:
        return _SIMPLE_LABELS[self]


_SIMPLE_LABELS = {
    SimpleGround.ON_THE_SPOT: N_("被申请行政复议的行政行为是当场作出的（第五十三条第一款第一项）"),
    SimpleGround.WARNING: N_("被申请行政复议的行政行为是警告或者通报批评（第五十三条第一款第二项）"),
    SimpleGround.AMOUNT_LE_3000: N_("案件涉及款额三千元以下（第五十三条第一款第三项）"),
    SimpleGround.INFO_DISCLOSURE: N_("属于政府信息公开案件（第五十三条第一款第四项）"),
    SimpleGround.CONSENT: N_("当事人各方同意适用简易程序（第五十三条第二款）"),
}

#: Art. 30 ¶1: the acceptance conditions, numbered as the API's ``condition`` (1–7); the documents'
#: own table, so the decision prints the same words.
REFUSAL_CONDITIONS = ACCEPTANCE_CONDITIONS
#: The condition whose refusal must name the competent organ (art. 30 ¶2).
JURISDICTION = 6

MAX_CORRECTION_ITEMS = 20
MAX_ITEM_CHARS = 300
MAX_REASON_CHARS = 1000
#: Art. 31 ¶2 leaves the extension to a "reasonable" length; at most this many working days.
MAX_CORRECTION_EXTENSION = 30
