"""Editable wording: one Jinja2 template per document kind, producing the body markup.

The default wording of each kind is a constant here (``RECEIPT``, ``DECISION`` …); the registry
(``recon.documents.kinds``) pairs it with the kind's title, builder and form.

Templates run in ``jinja2.sandbox.SandboxedEnvironment`` with ``StrictUndefined`` (a misspelt
field is an error, not silently blank) and no autoescaping (the output is markup, escaped later
for ReportLab). ``lstrip_blocks`` is on and ``trim_blocks`` off, so a line holding only
``{% if %}``/``{% for %}`` tags becomes an empty line, i.e. a paragraph break (see
:mod:`.markup`): put tags that belong inside a paragraph on the paragraph's own lines. Fixed parts (organ name, title, number, addressee, signature and date, the
verification footer, the tables of the receipt and the 送达回证) are drawn by code.

Only the template's own text is markup. Every ``{{ }}`` output is a value and prints literally:
a name or a statement holding line breaks or a line starting with ``# `` never becomes a heading
(:func:`.markup.literal`). The date filters refuse a missing date (:class:`MissingFact`) instead
of printing a blank to fill in by hand.

Variables available in every template:

``header``, ``case``, ``ctx`` (the whole context) and every field of the context by name;
``organ`` (机关名称), ``body_name`` (机构名称); ``recipient`` (the resolved addressee party or
None) and ``you`` (“你”/“你单位”/“你们”); ``applicant_names``, ``respondent_name``;
``act_ref`` (“于2026年3月2日作出的《行政处罚决定书》（×市监罚〔2026〕88号）”) and
``act_phrase`` (the same preceded by the respondent's name); ``procedure_label`` and ``simple``;
``law`` (“《中华人民共和国行政复议法》”); ``contact_line``; plus the kind's extras:
``condition_text``, ``cause_text``, ``decision_label``, ``decision_article``, ``reply_days``,
``enclosure_names``, ``channel_label``, ``method_label``.

Filters: ``cdate`` (2026年11月27日), ``cdatetime`` (2026年12月3日上午9时30分), ``ctime``,
``weekday`` (星期四), ``cn`` (17 → 十七), ``party`` (a party's description), ``names``
(“张三、李四”), ``sentence`` (ensure a final “。”), ``clause`` (drop a final “。；，”).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from recon.documents.numbering import chinese_numeral
from recon.formatting import WEEKDAYS_ZH

# The messages of a refused build are lazy, so they are read in the reader's language after it.
from recon.i18n import lazy_gettext

from .data import (
    ACCEPTANCE_CONDITIONS,
    DECISION_TYPES,
    OPINION_MODES,
    SERVICE_METHODS,
    SUSPENSION_CAUSES,
    TERMINATION_CAUSES,
    DecisionContext,
    DismissalDecisionContext,
    OpinionRecordContext,
    PartyData,
    PerformanceOrderContext,
    RefusalDecisionContext,
    ReplyNoticeContext,
    ServiceReceiptContext,
    StayNoticeContext,
    SuspensionNoticeContext,
    TerminationDecisionContext,
    ThirdPartyNoticeContext,
)
from .markup import MissingFact, TemplateError, literal

__all__ = [
    "MissingFact",
    "TemplateError",
    "compile_template",
    "describe_party",
    "render_body",
    "template_vars",
]

LAW = "《中华人民共和国行政复议法》"


CHANNEL_LABELS = {"online": "互联网渠道提交", "onsite": "当面提交", "postal": "邮寄"}
PROCEDURE_LABELS = {"simple": "简易程序", "ordinary": "普通程序"}
_END_PUNCT = "。！？；：，、.;:,"


# --- formatting helpers (also Jinja filters) --------------------------------------------------
def cdate(d: date | None) -> str:
    if d is None:
        return "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    return f"{d.year}年{d.month}月{d.day}日"


def ctime(t: datetime | None) -> str:
    if t is None:
        return "\u3000\u3000时\u3000\u3000分"
    hour = t.hour
    if hour < 12:
        part = "上午"
    elif hour < 18:
        part = "下午"
    else:
        part = "晚上"
    shown = hour if hour <= 12 else hour - 12
    minutes = f"{t.minute}分" if t.minute else ""
    return f"{part}{shown}时{minutes}"


def cdatetime(t: datetime | None) -> str:
    if t is None:
        return cdate(None) + ctime(None)
    return cdate(t.date()) + ctime(t)


def weekday(d: date | datetime) -> str:
    return WEEKDAYS_ZH[d.weekday()]


def cn(n: int) -> str:
    return chinese_numeral(int(n))


def sentence(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    if text[-1] in "。！？":
        return text
    return text.rstrip(_END_PUNCT) + "。"


def clause(text: str | None) -> str:
    return (text or "").strip().rstrip(_END_PUNCT)


def names(parties) -> str:
    return "、".join(p.name for p in parties)


def describe_party(p: PartyData) -> str:
    """The standard description used in parties blocks, ending with “。”."""
    if p.role == "agent":
        parts = [p.name]
        if p.employer:
            parts.append(p.employer)
        return "，".join(parts) + "。"
    if p.kind == "person":
        parts = [p.name]
        if p.sex:
            parts.append(p.sex)
        if p.birth_date:
            parts.append(f"{cdate(p.birth_date)}出生")
        if p.ethnicity:
            parts.append(p.ethnicity)
        if p.id_number:
            parts.append(f"公民身份号码：{p.id_number}")
        if p.address:
            parts.append(f"住{p.address}")
        return "，".join(parts) + "。"
    text = p.name
    if p.address:
        text += f"，住所地：{p.address}"
    text += "。"
    if p.legal_representative:
        text += f"法定代表人：{p.legal_representative}"
        if p.title:
            text += f"，{p.title}"
        text += "。"
    return text


def act_ref(case) -> str:
    """“于2026年3月2日作出的《行政处罚决定书》（×市监罚〔2026〕88号）” or a free description."""
    title = (case.act_title or "").strip()
    formal = case.act_made_on is not None or bool(case.act_doc_no) or title.startswith("《")
    if not formal:
        return title
    if title and not title.startswith("《"):
        title = f"《{title}》"
    text = ""
    if case.act_made_on is not None:
        text += f"于{cdate(case.act_made_on)}"
    text += f"作出的{title}"
    if case.act_doc_no:
        text += f"（{case.act_doc_no}）"
    return text


def _you(parties: list[PartyData]) -> str:
    if len(parties) > 1:
        return "你们"
    if parties and parties[0].kind == "organization":
        return "你单位"
    return "你"


# --- recipients -------------------------------------------------------------------------------
def recipients(ctx) -> list[PartyData]:
    """Who a notice is addressed to: ``ctx.recipient`` or the kind's default (the respondent for
    the reply notice, the first third party for the third-party notice, else the applicants)."""
    if getattr(ctx, "recipient", None) is not None:
        return [ctx.recipient]
    case = ctx.case
    if isinstance(ctx, ReplyNoticeContext | StayNoticeContext | PerformanceOrderContext):
        return [case.respondent]
    if isinstance(ctx, ThirdPartyNoticeContext):
        if not case.third_parties:
            raise ValueError(lazy_gettext("第三人通知书需要指定第三人（recipient）"))
        return [case.third_parties[0]]
    return list(case.applicants)


# --- template variables -----------------------------------------------------------------------
def _decision_article(ctx) -> str:
    _label, article = DECISION_TYPES[ctx.decision_type]
    text = f"第{chinese_numeral(article)}条{ctx.basis or ''}"
    if ctx.compensation:
        text += "、第七十二条"
    return text


def _kind_vars(ctx) -> dict[str, Any]:
    """The extras of the context's kind (see the module docstring)."""
    if isinstance(ctx, RefusalDecisionContext | DismissalDecisionContext):
        condition = ctx.condition
        return {"condition_text": ACCEPTANCE_CONDITIONS.get(condition, "") if condition else ""}
    if isinstance(ctx, SuspensionNoticeContext):
        return {"cause_text": SUSPENSION_CAUSES[ctx.cause]}
    if isinstance(ctx, TerminationDecisionContext):
        return {"cause_text": TERMINATION_CAUSES[ctx.cause]}
    if isinstance(ctx, DecisionContext):
        return {"decision_label": DECISION_TYPES[ctx.decision_type][0],
                "decision_article": _decision_article(ctx)}
    if isinstance(ctx, ReplyNoticeContext):
        return {"reply_days": ctx.effective_reply_days,
                "enclosure_names": "、".join(ctx.enclosures or ("行政复议申请书副本",))}
    if isinstance(ctx, ServiceReceiptContext):
        return {"method_label": SERVICE_METHODS[ctx.method]}
    if isinstance(ctx, OpinionRecordContext):
        return {"mode_label": OPINION_MODES[ctx.mode]}
    return {}


def template_vars(ctx) -> dict[str, Any]:
    """Everything a template can use for ``ctx`` (see the module docstring)."""
    header, case = ctx.header, ctx.case
    values: dict[str, Any] = {f.name: getattr(ctx, f.name) for f in dataclasses.fields(ctx)}
    people = recipients(ctx)
    values.update(
        ctx=ctx,
        organ=header.organ_name,
        body_name=header.body_name or header.organ_name,
        recipient=people[0] if people else None,
        you=_you(people),
        applicant_names=names(case.applicants),
        respondent_name=case.respondent.name,
        act_ref=act_ref(case),
        act_phrase=case.respondent.name + act_ref(case),
        procedure_label=PROCEDURE_LABELS.get(case.procedure or "", ""),
        simple=case.procedure == "simple",
        law=LAW,
        channel_label=CHANNEL_LABELS[case.channel],
    )
    contact = []
    if header.contact:
        contact.append(f"联系人：{header.contact}")
    if header.phone:
        contact.append(f"联系电话：{header.phone}")
    if header.address:
        contact.append(f"地址：{header.address}")
    values["contact_line"] = "\u3000\u3000".join(contact)
    values.update(_kind_vars(ctx))
    return values


# --- the Jinja environment --------------------------------------------------------------------
def _fact_date(d: date | None) -> str:
    """The ``cdate`` filter: a date the wording prints must be known; never a blank to fill in."""
    if d is None:
        raise MissingFact(lazy_gettext("文书需要的日期尚未记录，不能制作"))
    return cdate(d)


def _fact_datetime(t: datetime | None) -> str:
    if t is None:
        raise MissingFact(lazy_gettext("文书需要的日期和时间尚未记录，不能制作"))
    return cdatetime(t)


def _fact_time(t: datetime | None) -> str:
    if t is None:
        raise MissingFact(lazy_gettext("文书需要的时间尚未记录，不能制作"))
    return ctime(t)


def _make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=False,  # a line holding only block tags stays a (blank) line
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Every ``{{ }}`` output is a value (people's text, dates, names), never markup: it is
        # marked literal so the markup parser cannot read a line break or "# " in it.
        finalize=literal,
    )
    env.filters.update(
        cdate=_fact_date,
        cdatetime=_fact_datetime,
        ctime=_fact_time,
        weekday=weekday,
        cn=cn,
        party=describe_party,
        names=names,
        sentence=sentence,
        clause=clause,
    )
    return env


_ENV = _make_env()


@lru_cache(maxsize=128)
def compile_template(source: str):
    """Compile a template (cached by its text); syntax errors raise :class:`TemplateError`."""
    try:
        return _ENV.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(lazy_gettext("文书模板第%(line)s行有语法错误：%(error)s", line=exc.lineno, error=exc.message)) from exc
    except JinjaTemplateError as exc:  # pragma: no cover - other compile-time errors
        raise TemplateError(lazy_gettext("文书模板无法编译：%(error)s", error=exc)) from exc


def render_body(wording: str, ctx) -> str:
    """Render the body markup of ``wording`` (a template's text) for ``ctx``.

    The result is markup only where the template's own text wrote it: every value the template
    prints is marked literal (:func:`.markup.literal`). A date the wording needs and the record
    lacks raises :class:`MissingFact`."""
    if not isinstance(wording, str):
        raise TemplateError(lazy_gettext("文书模板必须是文本"))
    compiled = compile_template(wording)
    values = template_vars(ctx)
    try:
        return compiled.render(values)
    except MissingFact:
        raise
    except UndefinedError as exc:
        raise TemplateError(lazy_gettext("文书模板引用了不存在的字段或变量：%(error)s", error=exc.message)) from exc
    except SecurityError as exc:
        raise TemplateError(lazy_gettext("文书模板使用了不允许的操作：%(error)s", error=exc)) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(lazy_gettext("文书模板第%(line)s行有语法错误：%(error)s", line=exc.lineno, error=exc.message)) from exc
    except JinjaTemplateError as exc:
        raise TemplateError(lazy_gettext("文书模板渲染失败：%(error)s", error=exc)) from exc
    except Exception as exc:  # a filter given the wrong kind of value, etc.
        error = f"{type(exc).__name__}: {exc}"
        raise TemplateError(lazy_gettext("文书模板渲染失败：%(error)s", error=error)) from exc


# --- default wording --------------------------------------------------------------------------
_PARTIES = """\
{% for p in case.applicants %}
申请人：{{ p|party }}

{% endfor %}
{% for p in case.representatives %}
代表人：{{ p|party }}

{% endfor %}
{% for p in case.agents %}
委托代理人：{{ p|party }}

{% endfor %}
被申请人：{{ case.respondent|party }}

{% for p in case.third_parties %}
第三人：{{ p|party }}

{% endfor %}
"""

_CONTACT = """\
{% if contact_line %}
{{ contact_line }}

{% endif %}
"""

# The closing paragraph of the refusal and the dismissal: the right to sue.
_LITIGATION = """\
{% if reconsideration_first %}
根据该法第三十四条的规定，申请人可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。
{% else %}
申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。
{% endif %}
"""

RECEIPT = """\
本机关已收到申请人提交的上列行政复议申请材料。本回执仅证明本机关已收到上述材料，\
不表示行政复议申请已被受理。

根据{{ law }}第三十条、第三十一条的规定，本机关将自收到申请之日起五个工作日内进行审查\
{% if acceptance_due_on %}（至{{ acceptance_due_on|cdate }}{% if acceptance_due_provisional %}，暂定{% endif %}）{% endif %}：\
申请材料不齐全或者表述不清楚的，将一次性书面通知补正；审查期限届满未作出不予受理决定的，自届满之日起视为受理。\
{% if acceptance_due_on and acceptance_due_provisional %}
该年度节假日安排尚未公布，国务院公布{{ acceptance_due_on.year }}年放假安排后，以重新计算的日期为准。\
{% endif %}

{% if query_code %}
申请人可以凭申请编号和查询码查询办理进度。\
{% endif %}
{% if contact_line %}{{ contact_line }}{% endif %}

"""

ORAL_RECORD = """\
> 时间：{{ recorded_at|cdatetime }}{% if ended_at %}至{{ ended_at|ctime }}{% endif %}

> 地点：{{ place }}

> 接待人：{{ staff|join("、") }}\u3000\u3000记录人：{{ recorder }}

# 申请人基本情况
{% for p in case.applicants %}
申请人：{{ p|party }}{% if p.phone %}联系电话：{{ p.phone }}。{% endif %}

{% endfor %}
{% for p in case.agents %}
委托代理人：{{ p|party }}

{% endfor %}
# 被申请人
{{ case.respondent.name }}{% if case.respondent.address %}，地址：{{ case.respondent.address }}{% endif %}。

# 被申请行政复议的行政行为
{{ act_phrase|sentence }}{% if known_on %}申请人称于{{ known_on|cdate }}知道该行政行为。{% endif %}

# 行政复议请求
{{ case.request|sentence }}

# 申请行政复议的主要事实和理由
{{ case.facts_and_reasons|sentence }}

{% if statement %}
# 其他需要说明的事项
{{ statement|sentence }}

{% endif %}
以上内容系依照{{ law }}第二十二条第三款的规定当场记录。本笔录已\
{% if read_back %}向申请人宣读{% else %}交申请人阅看{% endif %}，申请人确认与其陈述一致。
"""

CORRECTION = (
    """\
本机关于{{ case.received_on|cdate }}收到{{ you }}对{{ act_phrase }}不服提出的行政复议申请。\
经审查，该申请材料不齐全或者表述不清楚，无法判断是否符合{{ law }}第三十条第一款的规定。\
根据该法第三十一条第一款的规定，现一次性告知{{ you }}需要补正的事项如下：

{% for item in items %}
- {{ item|sentence }}
{% endfor %}

请{{ you }}自收到本通知书之日起{{ reply_days|cn }}个工作日内向本机关提交补正材料\
{% if reply_due_on %}（按本通知书成文当日收到计算，期限至{{ reply_due_on|cdate }}；\
以实际收到之日起算为准）{% endif %}。有正当理由不能按期补正的，可以在期限届满前向本机关说明理由，\
申请延长补正期限。根据该法第三十一条第二款的规定，无正当理由逾期不补正的，\
视为{{ you }}放弃行政复议申请，并记录在案。

本机关收到补正材料后，将依照该法第三十条的规定进行审查。

"""
    + _CONTACT
    + "特此通知。\n"
)

ACCEPTANCE = (
    """\
{{ you }}不服{{ act_phrase }}，于{{ case.filed_on|cdate }}向本机关提出行政复议申请\
{% if case.channel == "postal" and case.received_on %}（本机关于{{ case.received_on|cdate }}收到）{% endif %}。\
经审查，该申请符合{{ law }}第三十条第一款的规定，本机关决定予以受理\
{% if case.accepted_on %}，受理日期为{{ case.accepted_on|cdate }}{% endif %}。\
{% if procedure_label %}本案适用{{ procedure_label }}审理。{% endif %}

现将有关事项告知如下：

- 根据该法第四十二条的规定，行政复议期间行政行为不停止执行；但是有该条规定的情形之一的，应当停止执行。
- 根据该法第四十七条的规定，行政复议期间，{{ you }}及委托代理人可以按照规定查阅、复制被申请人\
提出的书面答复、作出行政行为的证据、依据和其他有关材料。
- 根据该法第五十条的规定，{{ you }}可以请求行政复议机构组织听证。
- 根据该法第十七条的规定，{{ you }}可以委托一至二名律师、基层法律服务工作者或者其他代理人代为参加\
行政复议，委托时应当提交授权委托书、委托人及被委托人的身份证明文件。
- 根据该法第五条、第七十三条、第七十四条的规定，本机关可以在合法、自愿的前提下进行调解；\
当事人也可以在行政复议决定作出前自愿达成和解。
- {{ you }}认为行政行为所依据的规范性文件不合法的，可以依照该法第十三条的规定一并提出对该规范性文件的附带审查申请。
- 根据该法第六十二条的规定，本机关将自受理申请之日起\
{% if simple %}三十日内作出行政复议决定\
{% else %}六十日内作出行政复议决定；情况复杂的，经批准可以适当延长，但是延长期限最多不超过三十日\
{% endif %}{% if decision_due_on %}（本案审理期限至{{ decision_due_on|cdate }}届满\
{% if decision_due_provisional %}（暂定：国务院公布{{ decision_due_on.year }}年放假安排后，以重新计算的日期为准）{% endif %}\
，依法中止、延长的除外）{% endif %}。
- 根据该法第二十九条第一款的规定，行政复议期间，{{ you }}不得就同一行政行为向人民法院提起行政诉讼。
{% for note in notes %}
- {{ note|sentence }}
{% endfor %}

"""
    + _CONTACT
    + "特此通知。\n"
)

REFUSAL = (
    _PARTIES
    + """\
申请人不服被申请人{{ act_ref }}，于{{ case.filed_on|cdate }}向本机关提出行政复议申请\
{% if case.received_on and case.received_on != case.filed_on %}，本机关于{{ case.received_on|cdate }}收到{% endif %}。

经审查，{{ reason|sentence }}

本机关认为，该行政复议申请不符合{{ law }}第三十条第一款第{{ condition|cn }}项\
“{{ condition_text }}”的规定。根据该法第三十条第二款的规定，本机关决定：不予受理。

{% if competent_organ %}
该申请不属于本机关管辖。申请人可以依法向有管辖权的行政复议机关{{ competent_organ }}提出行政复议申请。

{% endif %}
"""
    + _LITIGATION
)

REPLY = (
    """\
{{ applicant_names }}不服{{ you }}{{ act_ref }}，向本机关申请行政复议，本机关已于\
{{ case.accepted_on|cdate }}依法受理{% if procedure_label %}，本案适用{{ procedure_label }}审理{% endif %}。\
根据{{ law }}第{{ "五十四" if simple else "四十八" }}条的规定，现将{{ enclosure_names }}发送{{ you }}。

请{{ you }}自收到{{ enclosure_names }}之日起{{ reply_days|cn }}个工作日内，提出书面答复，\
并提交作出该行政行为的证据、依据和其他有关材料\
{% if reply_due_on %}（预计至{{ reply_due_on|cdate }}届满，以实际收到之日起算为准）{% endif %}。

根据该法第七十条的规定，被申请人不按照该法第四十八条、第五十四条的规定提出书面答复、\
提交作出行政行为的证据、依据和其他有关材料的，视为该行政行为没有证据、依据，\
本机关将决定撤销、部分撤销该行政行为，确认该行政行为违法、无效或者决定被申请人在一定期限内履行，\
但是行政行为涉及第三人合法权益，第三人提供证据的除外。

根据该法第四十六条第一款的规定，行政复议期间，{{ you }}不得自行向申请人和其他有关单位或者个人收集证据。\
根据该法第四十七条的规定，申请人、第三人及其委托代理人可以按照规定查阅、复制{{ you }}提出的书面答复、\
作出行政行为的证据、依据和其他有关材料；涉及国家秘密、商业秘密、个人隐私或者可能危及国家安全、\
公共安全、社会稳定的材料，请在提交时予以标明并说明理由。

"""
    + _CONTACT
    + """\
特此通知。

附件：{{ enclosure_names }}
"""
)

THIRD_PARTY = (
    """\
{{ applicant_names }}不服{{ act_phrase }}，向本机关申请行政复议，本机关已于\
{{ case.accepted_on|cdate }}依法受理。经审查，{{ you }}{% if interest %}{{ interest|clause }}，{% endif %}\
与被申请行政复议的行政行为或者行政复议案件处理结果有利害关系。根据{{ law }}第十六条第一款的规定，\
现通知{{ you }}作为第三人参加行政复议。

请{{ you }}自收到本通知书之日起{{ opinion_days|cn }}个工作日内，向本机关提交书面意见和有关证据材料，\
并提交身份证明文件。委托代理人参加行政复议的，应当依照该法第十七条的规定提交授权委托书、\
委托人及被委托人的身份证明文件。

根据该法第四十七条的规定，{{ you }}及委托代理人可以按照规定查阅、复制被申请人提出的书面答复、\
作出行政行为的证据、依据和其他有关材料。

根据该法第十六条第二款的规定，第三人不参加行政复议，不影响行政复议案件的审理。

"""
    + _CONTACT
    + "特此通知。\n"
)

HEARING = (
    """\
申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），本机关已依法受理。\
根据{{ law }}第五十条的规定，本机关决定组织听证。根据该法第五十一条第一款的规定，\
现将听证有关事项通知如下：

# 听证时间
{{ hearing_at|cdatetime }}（{{ hearing_at|weekday }}）。

# 听证地点
{{ place|sentence }}

# 拟听证事项
{% for issue in issues %}
- {{ issue|sentence }}
{% endfor %}

{% if presiding or hearing_officers or recorder %}
# 听证人员
{% set panel = [("主持人：" ~ presiding) if presiding else "",
                ("听证员：" ~ hearing_officers|join("、")) if hearing_officers else "",
                ("记录员：" ~ recorder) if recorder else ""] %}
{{ panel|select|join("；") }}。

{% endif %}
# 注意事项
- 请按时参加听证，并携带身份证明文件；委托代理人参加的，应当提交授权委托书。
- 根据该法第五十一条第二款的规定，申请人无正当理由拒不参加听证的，视为放弃听证权利。
- 根据该法第五十一条第三款的规定，被申请人的负责人应当参加听证；不能参加的，应当说明理由并委托相应的工作人员参加听证。
- 当事人认为听证人员与本案有利害关系或者有其他关系可能影响公正听证的，可以在听证开始前提出回避申请。
- 当事人可以在听证中出示证据、进行质证和陈述意见。

"""
    + _CONTACT
    + "特此通知。\n"
)

SUSPENSION = """\
申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），本机关已于\
{{ case.accepted_on|cdate }}依法受理。审理过程中，{{ reason|sentence }}

根据{{ law }}第三十九条第一款第{{ cause|cn }}项“{{ cause_text }}”的规定，\
本机关决定自{{ suspended_on|cdate }}起中止该案的审理。

行政复议中止的原因消除后，本机关将依照该法第三十九条第二款的规定及时恢复审理，\
并书面告知{{ you }}。中止期间不计入行政复议审理期限。

{% if cause in (1, 2, 4) %}
根据该法第四十一条第五项的规定，中止行政复议满六十日，行政复议中止的原因仍未消除的，本机关将决定终止行政复议。

{% endif %}
特此通知。
"""

RESUMPTION = """\
申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），本机关\
{% if suspended_on %}于{{ suspended_on|cdate }}{% endif %}决定中止审理\
{% if suspension_number %}（{{ suspension_number }}）{% endif %}。现中止的原因已经消除\
{% if reason %}（{{ reason|clause }}）{% endif %}。根据{{ law }}第三十九条第二款、第三款的规定，\
本机关决定自{{ resumed_on|cdate }}起恢复该案的审理，审理期限自恢复审理之日起继续计算。

特此通知。
"""

EXTENSION = """\
申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），本机关已于\
{{ case.accepted_on|cdate }}依法受理，适用普通程序审理，审理期限原至{{ original_due|cdate }}届满。\
因{{ reason|clause if reason else "案情复杂" }}，不能在规定期限内作出行政复议决定，\
经行政复议机构负责人批准，根据{{ law }}第六十二条第一款的规定，本机关决定将该案审理期限延长\
{{ days|cn }}日，至{{ new_due|cdate }}届满。

特此通知。
"""

TERMINATION = (
    _PARTIES
    + """\
申请人不服被申请人{{ act_ref }}，于{{ case.filed_on|cdate }}向本机关申请行政复议，\
本机关于{{ case.accepted_on|cdate }}依法受理。

{% if cause == 1 and withdrawn_on %}申请人于{{ withdrawn_on|cdate }}申请撤回行政复议申请，\
行政复议机构经审查准予撤回。{% endif %}{{ reason|sentence }}

本机关认为，本案属于{{ law }}第四十一条第{{ cause|cn }}项“{{ cause_text }}”的情形。\
根据该法第四十一条的规定，本机关决定：终止本案的行政复议。

{% if cause == 1 and after_settlement %}
根据该法第七十四条第二款的规定，申请人不得再以同一事实和理由提出行政复议申请；\
但是，申请人能够证明撤回行政复议申请违背其真实意愿的除外。
{% endif %}
"""
)

DISMISSAL = (
    _PARTIES
    + """\
申请人不服被申请人{{ act_ref }}，于{{ case.filed_on|cdate }}向本机关申请行政复议，\
本机关于{{ case.accepted_on|cdate }}依法受理。

经审查，{{ reason|sentence }}

本机关认为，该行政复议申请不符合{{ law }}第三十条第一款\
{% if condition %}第{{ condition|cn }}项“{{ condition_text }}”{% endif %}的规定。\
根据该法第三十三条的规定，本机关决定：驳回申请人的行政复议申请。

"""
    + _LITIGATION
)

DECISION = (
    _PARTIES
    + """\
申请人不服被申请人{{ act_ref }}，于{{ case.filed_on|cdate }}向本机关申请行政复议，\
本机关于{{ case.accepted_on|cdate }}依法予以受理，适用{{ procedure_label or "普通程序" }}审理。\
{% for s in suspensions %}本案于{{ s[0]|cdate }}中止审理{% if s[1] %}，于{{ s[1]|cdate }}恢复审理{% endif %}。{% endfor %}\
{% if hearing_on %}本机关于{{ hearing_on|cdate }}组织听证。{% endif %}\
{% if extended_days %}因案情复杂，经行政复议机构负责人批准，本案审理期限延长{{ extended_days|cn }}日。{% endif %}\
本案现已审理终结。

申请人请求：{{ case.request|sentence }}

申请人称：{{ case.facts_and_reasons|sentence }}

被申请人称：{{ respondent_reply|sentence }}

{% if third_party_statement %}
第三人称：{{ third_party_statement|sentence }}

{% endif %}
经审理查明：{{ findings|sentence }}

{% if evidence %}
上述事实有下列证据证明：

{% for e in evidence %}
- {{ e|sentence }}
{% endfor %}

{% endif %}
本机关认为：{{ reasoning|sentence }}

根据{{ law }}{{ decision_article }}的规定，本机关决定：

{% if compensation %}一、{% endif %}\
{% if decision_type == "vary" %}
将被申请人{{ act_ref }}变更为：{{ disposition|sentence }}
{% elif decision_type == "revoke" %}
撤销被申请人{{ act_ref }}{% if partial %}中的{{ disposition|clause }}{% endif %}\
{% if performance_days %}，责令被申请人自收到本决定书之日起{{ performance_days|cn }}日内重新作出行政行为{% endif %}。
{% elif decision_type == "confirm_illegal" %}
确认被申请人{{ act_ref }}违法。
{% elif decision_type == "order_performance" %}
责令被申请人自收到本决定书之日起{{ performance_days|cn }}日内\
{{ disposition|clause if disposition else "依法履行法定职责" }}。
{% elif decision_type == "confirm_void" %}
确认被申请人{{ act_ref }}无效。
{% elif decision_type == "uphold" %}
维持被申请人{{ act_ref }}。
{% elif decision_type == "reject_request" %}
驳回申请人的行政复议请求。
{% endif %}

{% if compensation %}
二、{{ compensation|sentence }}

{% endif %}
{% if disposition and (decision_type in ("confirm_illegal", "confirm_void", "uphold", "reject_request") \
or (decision_type == "revoke" and not partial)) %}
{{ disposition|sentence }}

{% endif %}
本决定书一经送达，即发生法律效力。\
{% if not final %}{% if case.third_parties %}申请人、第三人{% else %}申请人{% endif %}如不服本决定，\
可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。{% endif %}
"""
)

MEDIATION = (
    _PARTIES
    + """\
申请人不服被申请人{{ act_ref }}，于{{ case.filed_on|cdate }}向本机关申请行政复议，\
本机关于{{ case.accepted_on|cdate }}依法受理。

申请人请求：{{ case.request|sentence }}

申请人称：{{ case.facts_and_reasons|sentence }}

{% if respondent_reply %}
被申请人称：{{ respondent_reply|sentence }}

{% endif %}
{% if facts %}
经审理查明：{{ facts|sentence }}

{% endif %}
{% if mediation_summary %}
{{ mediation_summary|sentence }}
{% else %}
本机关依照{{ law }}第五条的规定，遵循合法、自愿的原则组织各方当事人进行调解。\
经调解，各方当事人自愿达成如下协议：
{% endif %}

{% for t in terms %}
- {{ t|sentence }}
{% endfor %}

上述协议不损害国家利益、社会公共利益和他人合法权益，不违反法律、法规的强制性规定，本机关予以确认。

根据{{ law }}第七十三条第一款的规定，本调解书经各方当事人签字或者签章，并加盖本机关印章，即具有法律效力。\
调解书生效前一方反悔的，本机关将依照该法第七十三条第二款的规定依法审查或者及时作出行政复议决定。
"""
)

SETTLEMENT = (
    _PARTIES
    + """\
申请人不服被申请人{{ act_ref }}，于{{ case.filed_on|cdate }}向{{ organ }}申请行政复议（{{ case.case_no }}）。\
行政复议决定作出前，申请人与被申请人依照{{ law }}第七十四条第一款的规定，\
在自愿、合法的基础上{% if signed_on %}于{{ signed_on|cdate }}{% endif %}达成如下和解协议：

{% for t in terms %}
- {{ t|sentence }}
{% endfor %}

本协议不损害国家利益、社会公共利益和他人合法权益，不违反法律、法规的强制性规定。\
申请人据此撤回行政复议申请；经行政复议机构准予撤回后，申请人不得再以同一事实和理由提出行政复议申请，\
但是申请人能够证明撤回行政复议申请违背其真实意愿的除外（第七十四条第二款）。
"""
)

SERVICE_RECEIPT = """\
根据{{ law }}第八十八条第一款和《中华人民共和国民事诉讼法》第八十七条至第九十五条的规定，\
受送达人应当在本送达回证上记明收到日期，签名或者盖章；签收日期为送达日期。\
受送达人拒绝接收的，送达人可以依法留置送达，并在本回证上记明拒收事由和日期。
"""

SERVICE_ADDRESS = """\
根据{{ law }}第八十八条第一款和《中华人民共和国民事诉讼法》的有关规定，告知如下：

- 当事人应当如实提供确切的送达地址；确认的地址适用于本案各个阶段，变更的应当及时书面告知本机关。
- 因地址不准确、拒不提供或者变更未告知，致使文书未能被实际接收的，文书退回之日视为送达之日。
- 同意电子送达的，以电子文书到达受送达人特定系统的日期为送达日期。
"""

OPINION_RECORD = """\
> 时间：{{ heard_on|cdate }}

> 方式：{{ mode_label }}听取意见

> 被听取意见人：{{ party_role }}{{ party_name }}

> 听取意见人：{{ hearers|join("、") }}\u3000\u3000记录人：{{ recorder }}

申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），\
本机关依照{{ law }}第四十九条的规定，{{ mode_label }}听取{{ party_role }}{{ party_name }}的意见。

# 当事人的意见
{{ summary|sentence }}

# 是否愿意调解
{% if willing_to_mediate is none %}
未作答复。
{% elif willing_to_mediate %}
{{ party_name }}表示愿意调解。
{% else %}
{{ party_name }}表示不愿意调解。
{% endif %}

以上笔录已{% if mode == "in_person" %}交被听取意见人阅看（或者向其宣读）{% else %}向被听取意见人宣读{% endif %}，\
被听取意见人确认与其陈述一致。
"""

HEARING_RECORD = """\
> 时间：{{ held_on|cdate }}{% if place %}\u3000\u3000地点：{{ place }}{% endif %}

> 主持人：{{ presiding }}\u3000\u3000听证员：{{ officers|join("、") }}\u3000\u3000记录员：{{ recorder }}

申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），\
本机关依照{{ law }}第五十条、第五十一条的规定组织听证。

# 到场情况
{% if applicant_absent_without_reason %}
申请人经书面通知，无正当理由拒不参加听证，依照该法第五十一条第二款的规定，视为放弃听证权利。
{% else %}
申请人{{ applicant_names }}参加听证。
{% endif %}
{% if respondent_head_attended %}
被申请人{{ respondent_name }}的负责人参加听证。
{% else %}
被申请人{{ respondent_name }}的负责人未参加听证，说明的理由为：{{ absence_reason|clause }}；\
依照该法第五十一条第三款的规定，被申请人已委托相应的工作人员参加听证。
{% endif %}

# 听证情况
{{ summary|sentence }}

本笔录经参加听证的人员核对无误后签名。依照该法第六十一条第二款的规定，本机关将根据听证笔录、审查认定的事实和证据作出行政复议决定。
"""

STAY_NOTICE = (
    """\
{{ applicant_names }}不服{{ you }}{{ act_ref }}，向本机关申请行政复议，本机关已于\
{{ case.accepted_on|cdate }}依法受理。\
{% if requested_by %}{{ requested_by }}于{{ requested_on|cdate }}申请停止执行该行政行为。{% endif %}\
经审查，{{ reason|sentence }}

根据{{ law }}第四十二条的规定，本机关决定自{{ stay_from|cdate }}起停止执行该行政行为。\
请{{ you }}依法执行，并将执行情况书面告知本机关。

"""
    + _CONTACT
    + "特此通知。\n"
)

CONVERSION_NOTICE = (
    """\
申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），本机关已于\
{{ case.accepted_on|cdate }}依法受理，适用简易程序审理。审理过程中，本机关认为{{ reason|clause }}，\
不宜适用简易程序。

根据{{ law }}第五十五条的规定，经本机关负责人批准，本案自{{ converted_on|cdate }}起转为普通程序审理。\
普通程序的审理期限依照该法第六十二条第一款的规定计算。

"""
    + _CONTACT
    + "特此通知。\n"
)

TRANSFER_LETTER = """\
{{ addressee }}：

申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），\
{% if requested_on %}申请人于{{ requested_on|cdate }}一并提出对{% else %}本机关在审理中认为需要对{% endif %}\
《{{ document_name }}》{% if provisions %}{{ provisions }}{% endif %}进行审查。

本机关对该规范性文件无权处理。根据{{ law }}第五十六条、第五十七条的规定，现将有关材料转送你机关，\
请依法处理。

根据该法第六十条的规定，请你机关自收到本函之日起六十日内，将处理意见回复本机关。

附件：行政复议申请书副本及有关材料
"""

DRAFTING_ORGAN_LETTER = """\
{{ addressee }}：

申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}），\
涉及对你机关制定的《{{ document_name }}》{% if provisions %}{{ provisions }}{% endif %}的附带审查。\
{% if suspended_on %}本机关已于{{ suspended_on|cdate }}依法中止该案的审理。{% endif %}

根据{{ law }}第五十八条的规定，请你机关自收到本通知书之日起十个工作日内，\
就相关条款的合法性提出书面答复，并提交制定该规范性文件的依据及有关材料。

特此通知。
"""


OPINION_LETTER = """\
{{ addressee }}：

本机关在办理申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}）中，\
发现以下问题：{{ problems|sentence }}

根据{{ law }}第七十六条的规定，提出如下意见：

{% for item in opinions %}
- {{ item|sentence }}
{% endfor %}

请你单位自收到本意见书之日起{{ report_days|cn }}日内，将纠正相关违法或者不当行政行为的情况报送本机关。
"""

RECOMMENDATION_LETTER = """\
{{ addressee }}：

本机关在办理申请人{{ applicant_names }}不服被申请人{{ act_phrase }}申请行政复议一案（{{ case.case_no }}）中，\
发现以下问题：{{ problems|sentence }}

根据《中华人民共和国行政复议法实施条例》第五十七条第二款的规定，提出如下建议：

{% for item in recommendations %}
- {{ item|sentence }}
{% endfor %}

请你单位研究处理，并将有关情况告知本机关。
"""

PERFORMANCE_ORDER = (
    """\
申请人{{ applicant_names }}不服{{ you }}{{ act_ref }}申请行政复议一案（{{ case.case_no }}），\
本机关于{{ decided_on|cdate }}作出的《{{ document_title }}》（{{ decision_number }}）已经发生法律效力，\
{% if document_title == "行政复议调解书" %}{{ you }}应当{% else %}决定{{ you }}{% endif %}{{ duty|clause }}。\
经查，{{ you }}至今未履行该{{ document_title }}。

根据{{ law }}第七十七条第一款的规定，责令{{ you }}\
{% if perform_by %}于{{ perform_by|cdate }}前{% else %}立即{% endif %}履行该{{ document_title }}，\
并将履行情况书面报告本机关。

被申请人不履行或者无正当理由拖延履行行政复议决定书、调解书的，依照该法第八十三条的规定追究责任。

"""
    + _CONTACT
    + "特此通知。\n"
)

ABANDONMENT_RECORD = """\
申请人{{ applicant_names }}于{{ case.filed_on|cdate }}对{{ act_phrase }}不服，申请行政复议\
（{{ case.case_no }}），本机关于{{ case.received_on|cdate }}收到。

本机关通知申请人补正申请材料，补正通知书于{{ notice_served_on|cdate }}送达申请人，\
补正期限于{{ reply_due_on|cdate }}届满。申请人在补正期限内未补正，也未说明正当理由。

根据{{ law }}第三十一条第二款的规定，申请人无正当理由逾期不补正的，视为放弃行政复议申请，\
并记录在案。本记录于{{ recorded_on|cdate }}作出。
"""
