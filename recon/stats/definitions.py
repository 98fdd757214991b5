"""The definitions (口径) of 纠错率 and 实质化解率 are configuration (domain.md §11, §13 item 10):
the admin chooses among the variants below; each change adds a version, and every figure says
which version it used.

Defaults: the 纠错率 denominator is closures minus mediation and settlement closures (what the
national 2024 figures imply: 58,000 ÷ 12.07% ≈ 480,000 ≈ closures minus 调解和解), and 实质化解率 is
the share of closed cases not taken on to litigation or petitioning (the white paper's
"未再进入诉讼或信访程序").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recon.audit.services import record
from recon.errors import DomainError
from recon.i18n import N_, gettext
from recon.stats.models import StatDefinition

CORRECTION_DENOMINATORS = {
    "closed_excluding_mediation": N_("审结案件数减去调解结案和和解后撤回结案数（全国白皮书口径）"),
    "closed": N_("审结案件数（全部结案）"),
    "received": N_("本期收案数（部分区县口径）"),
}
SUBSTANTIVE_BASES = {
    "not_sued_or_petitioned": N_("审结案件中结案后未再进入诉讼或信访程序的案件数 ÷ 审结案件数（全国白皮书口径）"),
    "resolution_outcomes": N_("（调解结案 + 撤回申请 + 受理前协商化解 + 未被起诉或信访的复议决定）÷ 审结案件数"),
}
DEFAULT_CORRECTION = "closed_excluding_mediation"
DEFAULT_SUBSTANTIVE = "not_sued_or_petitioned"


@dataclass(frozen=True)
class Definition:
    version: int  # 0: the built-in defaults, no admin choice recorded yet
    correction_denominator: str
    substantive_basis: str
    created_at: datetime | None = None
    note: str = ""

    @property
    def correction_label(self) -> str:
        return CORRECTION_DENOMINATORS[self.correction_denominator]

    @property
    def substantive_label(self) -> str:
        return SUBSTANTIVE_BASES[self.substantive_basis]


DEFAULT = Definition(0, DEFAULT_CORRECTION, DEFAULT_SUBSTANTIVE)


def _definition(row: StatDefinition) -> Definition:
    return Definition(row.version, row.correction_denominator, row.substantive_basis, row.created_at, row.note)


def current_definition(session: Session) -> Definition:
    row = session.scalar(select(StatDefinition).order_by(StatDefinition.version.desc()).limit(1))
    return _definition(row) if row else DEFAULT


def definition_history(session: Session) -> list[Definition]:
    return [_definition(row) for row in
            session.scalars(select(StatDefinition).order_by(StatDefinition.version.desc()))]


def save_definition(session: Session, correction_denominator: str, substantive_basis: str, note: str,
                    actor, now: datetime) -> Definition:
    """Add the next version (the previous ones stay, so each figure's basis can be looked up)."""
    if correction_denominator not in CORRECTION_DENOMINATORS:
        raise DomainError(gettext("请选择纠错率的分母"), field="correction_denominator")
    if substantive_basis not in SUBSTANTIVE_BASES:
        raise DomainError(gettext("请选择实质化解率的口径"), field="substantive_basis")
    before = current_definition(session)
    if (before.correction_denominator, before.substantive_basis) == (correction_denominator, substantive_basis):
        raise DomainError(gettext("与现行口径相同，无需保存新版本"), field="correction_denominator")
    version = (session.scalar(select(func.max(StatDefinition.version))) or 0) + 1
    row = StatDefinition(version=version, correction_denominator=correction_denominator,
                         substantive_basis=substantive_basis, note=note.strip()[:500], created_at=now,
                         created_by_id=actor.id)
    session.add(row)
    session.flush()
    record(session, actor, "stat_definition.create", row, at=now,
           summary=f"统计口径第 {version} 版：纠错率分母 {correction_denominator}，实质化解率 {substantive_basis}",
           before={"version": before.version, "correction_denominator": before.correction_denominator,
                   "substantive_basis": before.substantive_basis},
           after={"version": version, "correction_denominator": correction_denominator,
                  "substantive_basis": substantive_basis})
    return _definition(row)
