"""The law of the statutory clock, as data.

Each rule says how long a period is, in which unit it is counted, which article sets it, what
starts it and what happens when it runs out. Periods of "三日、五日、七日、十日" are working days
(《行政复议法》第八十八条第二款); every other figure is natural days or years (domain.md §7, §8).

Labels, articles, triggers and consequences stay Chinese in the table (they are recorded with
each deadline and printed in documents); they are marked with ``N_`` so that a page can show them
in the reader's language with ``gettext(rule.label)``.

Pure module: standard library and ``recon.i18n`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from recon.i18n import N_, gettext, ngettext

UNIT_WORKING = "working"
UNIT_NATURAL = "natural"
UNIT_YEAR = "year"
UNITS = (UNIT_WORKING, UNIT_NATURAL, UNIT_YEAR)


def period_words(period: int, unit: str) -> str:
    """A period in the reader's words: "5个工作日", "60日", "1年" ("5 working days", ...)."""
    if unit == UNIT_WORKING:
        return ngettext("%(num)d个工作日", "%(num)d个工作日", period)
    if unit == UNIT_YEAR:
        return ngettext("%(num)d年", "%(num)d年", period)
    return ngettext("%(num)d日", "%(num)d日", period)


class UnknownRule(ValueError):
    """A rule id that is not in RULES. ``str()`` lists the valid ids, in the reader's language."""

    field = "rule"

    def __init__(self, rule_id: object):
        self.rule_id = rule_id
        super().__init__(rule_id)

    def __str__(self) -> str:
        return gettext("未知的期限规则“%(rule)s”。可用的规则有：%(valid)s",
                       rule=self.rule_id, valid=gettext("、").join(RULES))


@dataclass(frozen=True, slots=True)
class Rule:
    """One statutory period.

    ``period`` counts ``unit``s. ``backward`` rules (only ``hearing_notice``) count back from
    the start event instead of forward. ``max_extension`` is the most days (in the rule's own
    unit) the period may be extended by (0: no extension provided by law).
    """

    id: str
    period: int
    unit: str
    article: str
    label: str
    trigger: str
    consequence: str
    backward: bool = False
    max_extension: int = 0
    #: the period is set by the act that starts it (a decision's performance period, a date the
    #: parties agreed): ``period`` is the default when the act sets none (``compute(period=)``)
    variable: bool = False

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"rule {self.id}: unknown unit {self.unit!r}")
        if self.period < 1:
            raise ValueError(f"rule {self.id}: period must be positive")
        if self.backward and self.unit != UNIT_WORKING:
            raise ValueError(f"rule {self.id}: only working-day rules can count backward")

    @property
    def period_text(self) -> str:
        """The period in the reader's words, e.g. "5个工作日", "60日", "1年"."""
        return period_words(self.period, self.unit)


_RULES: tuple[Rule, ...] = (
    Rule(
        id="application",
        period=60,
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第二十条第一款"),
        label=N_("申请行政复议期限"),
        trigger=N_("申请人知道或者应当知道该行政行为之日"),
        consequence=N_(
            "超过申请期限的，不予受理（第三十条）；受理后发现的，驳回申请（第三十三条）。"
            "因不可抗力或者其他正当理由耽误的，自障碍消除之日起继续计算（第二十条第二款）"
        ),
    ),
    Rule(
        id="application_uninformed",
        period=1,
        unit=UNIT_YEAR,
        article=N_("《行政复议法》第二十条第三款"),
        label=N_("未告知申请权利时的最长申请期限"),
        trigger=N_("申请人知道或者应当知道行政行为内容之日"),
        consequence=N_("自知道或者应当知道行政行为内容之日起超过一年申请的，不予受理（第三十条）"),
    ),
    Rule(
        id="acceptance_review",
        period=5,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第三十条"),
        label=N_("受理审查期限"),
        trigger=N_("行政复议机关收到行政复议申请之日"),
        consequence=N_("期限届满未作出不予受理决定的，自审查期限届满之日起视为受理（第三十条第三款）"),
    ),
    Rule(
        id="correction_notice",
        period=5,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第三十一条第一款"),
        label=N_("通知补正期限"),
        trigger=N_("行政复议机关收到行政复议申请之日"),
        consequence=N_("逾期未书面通知补正的，审查期限届满即视为受理（第三十条第三款），不得再通知补正"),
    ),
    Rule(
        id="correction_reply",
        period=10,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第三十一条第二款"),
        label=N_("申请人补正期限"),
        trigger=N_("申请人收到补正通知之日"),
        consequence=N_("无正当理由逾期不补正的，视为申请人放弃行政复议申请，并记录在案"),
        max_extension=30,  # "合理期限" (art. 31 ¶2): recon's policy, at most 30 working days
    ),
    Rule(
        id="respondent_copy",
        period=7,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第四十八条"),
        label=N_("发送申请书副本期限（普通程序）"),
        trigger=N_("行政复议机构受理行政复议申请之日"),
        consequence=N_("逾期未发送的，属于未依法履行行政复议职责（第八十条）"),
    ),
    Rule(
        id="respondent_reply",
        period=10,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第四十八条"),
        label=N_("被申请人答复期限（普通程序）"),
        trigger=N_("被申请人收到申请书副本或者申请笔录复印件之日"),
        consequence=N_(
            "被申请人逾期未提出书面答复、提交证据和依据的，视为该行政行为没有证据、依据（第七十条）"
        ),
    ),
    Rule(
        id="respondent_copy_simple",
        period=3,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第五十四条"),
        label=N_("发送申请书副本期限（简易程序）"),
        trigger=N_("行政复议机构受理行政复议申请之日"),
        consequence=N_("逾期未发送的，属于未依法履行行政复议职责（第八十条）"),
    ),
    Rule(
        id="respondent_reply_simple",
        period=5,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第五十四条"),
        label=N_("被申请人答复期限（简易程序）"),
        trigger=N_("被申请人收到申请书副本或者申请笔录复印件之日"),
        consequence=N_(
            "被申请人逾期未提出书面答复、提交证据和依据的，视为该行政行为没有证据、依据（第七十条）"
        ),
    ),
    Rule(
        id="hearing_notice",
        period=5,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第五十一条"),
        label=N_("听证通知期限"),
        trigger=N_("听证日期（自听证日向前倒数，听证当日不计）"),
        consequence=N_("未于听证五个工作日前书面通知当事人的，应当另行确定听证日期"),
        backward=True,
    ),
    Rule(
        id="decision",
        period=60,
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第六十二条第一款"),
        label=N_("行政复议决定期限（普通程序）"),
        trigger=N_("受理行政复议申请之日"),
        consequence=N_(
            "期限届满未作出行政复议决定的，申请人可以依法向人民法院提起行政诉讼"
            "（《行政诉讼法》第四十五条），也可以向上级机关反映（第三十五条）"
        ),
        max_extension=30,
    ),
    Rule(
        id="decision_simple",
        period=30,
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第六十二条第二款"),
        label=N_("行政复议决定期限（简易程序）"),
        trigger=N_("受理行政复议申请之日"),
        consequence=N_(
            "期限届满未作出行政复议决定的，申请人可以依法向人民法院提起行政诉讼"
            "（《行政诉讼法》第四十五条），也可以向上级机关反映（第三十五条）"
        ),
    ),
    Rule(
        id="suspension_limit",
        period=60,
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第四十一条第五项"),
        label=N_("中止满期终止期限"),
        trigger=N_("因第三十九条第一款第一项、第二项、第四项情形中止行政复议之日"),
        consequence=N_("中止满六十日中止原因仍未消除的，行政复议终止"),
    ),
    Rule(
        id="normative_review",
        period=30,
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第五十六条、第五十七条"),
        label=N_("规范性文件附带审查处理期限"),
        trigger=N_("申请人提出附带审查申请或者行政复议机关发现有关规范性文件、依据之日"),
        consequence=N_("行政复议机关有权处理的，应当在期限内依法处理"),
    ),
    Rule(
        id="normative_transfer",
        period=7,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第五十六条、第五十七条"),
        label=N_("规范性文件转送期限"),
        trigger=N_("申请人提出附带审查申请或者行政复议机关发现有关规范性文件、依据之日"),
        consequence=N_("行政复议机关无权处理的，应当在期限内转送有权处理的行政机关依法处理"),
    ),
    Rule(
        id="drafting_organ_notice",
        period=3,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第五十八条"),
        label=N_("书面通知制定机关期限"),
        trigger=N_("行政复议机构因审查规范性文件中止行政复议之日"),
        consequence=N_("应当在期限内书面通知规范性文件的制定机关就相关条款的合法性提出书面答复"),
    ),
    Rule(
        id="drafting_organ_reply",
        period=10,
        unit=UNIT_WORKING,
        article=N_("《行政复议法》第五十八条"),
        label=N_("制定机关书面答复期限"),
        trigger=N_("制定机关收到书面通知之日"),
        consequence=N_("制定机关应当在期限内提出书面答复"),
    ),
    Rule(
        id="normative_transfer_reply",
        period=60,
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第六十条"),
        label=N_("规范性文件转送处理回复期限"),
        trigger=N_("接受转送的机关收到规范性文件转送函之日"),
        consequence=N_("接受转送的机关应当在期限内将处理意见回复转送的行政复议机关"),
    ),
    Rule(
        id="opinion_report",
        period=60,
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第七十六条"),
        label=N_("行政复议意见书纠正情况报送期限"),
        trigger=N_("有关机关收到行政复议意见书之日"),
        consequence=N_("有关机关应当在期限内将纠正相关违法或者不当行政行为的情况报送行政复议机关"),
    ),
    Rule(
        id="litigation",
        period=15,
        unit=UNIT_NATURAL,
        article=N_("《行政诉讼法》第四十五条"),
        label=N_("提起行政诉讼期限"),
        trigger=N_("申请人收到行政复议决定书之日，或者行政复议期限届满之日"),
        consequence=N_("逾期未起诉的，丧失起诉权利（因不可抗力等正当理由耽误的除外）"),
    ),
    Rule(
        id="performance",
        period=60,  # default when neither the decision nor the agreement sets one (README)
        unit=UNIT_NATURAL,
        article=N_("《行政复议法》第七十七条、第七十八条"),
        label=N_("履行期限"),
        trigger=N_("行政复议决定书送达被申请人之日，或者调解书、和解协议生效之日"),
        consequence=N_(
            "被申请人不履行或者无正当理由拖延履行的，责令其限期履行（第七十七条、第八十三条）；"
            "申请人、第三人逾期不起诉又不履行的，依法强制执行或者申请人民法院强制执行（第七十八条）"
        ),
        variable=True,
    ),
)

RULES: MappingProxyType[str, Rule] = MappingProxyType({rule.id: rule for rule in _RULES})
"""Every rule by id; the ids are the API contract (api.md, "Rule ids of the statutory clock")."""


def get_rule(rule_id: str) -> Rule:
    """The rule with this id, or ``UnknownRule`` (a ``ValueError``)."""
    try:
        return RULES[rule_id]
    except (KeyError, TypeError):
        raise UnknownRule(rule_id) from None
