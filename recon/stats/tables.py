"""The dashboard's tables as plain rows: the page renders them, the exports write them (CSV, XLSX),
so a number in a file is the number on the page. Cells are text or numbers; no personal data
(respondents are organs, handlers are staff; the case list masks applicants: recon.masking)."""

from __future__ import annotations

from dataclasses import dataclass

from recon.cases.status import Channel
from recon.i18n import N_, gettext
from recon.masking import mask
from recon.stats.figures import COUNT, DAYS, RATE, Figure, Report

NO_PREVIOUS = N_("无上年数据")  # 同比 with nothing in the same period of the previous year
NO_DENOMINATOR = N_("无分母数据")
#: A rate whose denominator is 0 that says why in its own words (the others: 「无分母数据」).
NO_DENOMINATOR_FOR = {"respondent_head_attendance_rate": N_("本期无听证或调解会")}


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def figure_text(figure: Figure, translate=gettext) -> str:
    """The value as the page prints it: a count, a percentage, days; 「无上年数据」 for a 同比 without a
    previous year, 「本期无听证或调解会」 for the 负责人出席率 without one, 「无分母数据」 for another rate
    without a denominator."""
    if figure.value is None:
        if figure.name == "yoy_received":
            return translate(NO_PREVIOUS)
        return translate(NO_DENOMINATOR_FOR.get(figure.name, NO_DENOMINATOR))
    if figure.kind == RATE:
        return percent(figure.value)
    if figure.kind == DAYS:
        return translate(N_("%(days)s 天"), days=f"{figure.value:.1f}")
    return str(figure.value)


FIGURE_ORDER = ("received", "previous_received", "yoy_received", "accepted", "refused", "closed",
                "mediated", "settled", "mediated_or_settled", "self_corrected", "resolved_before_acceptance",
                "corrected", "correction_rate", "comprehensive_correction_rate", "mediation_withdrawal_rate",
                "substantive_resolution_rate", "sued", "petitioned", "sued_after_rate", "on_time_rate",
                "average_days", "suspended_days", "enterprise_received", "respondent_head_attendance_rate",
                "opinion_letters", "recommendation_letters", "open_now", "due_this_week", "overdue_now")


def figures_table(report: Report) -> Table:
    rows = []
    for name in FIGURE_ORDER:
        f = report.figures[name]
        rows.append([gettext(f.label), figure_text(f),
                     "" if f.kind == COUNT else f.numerator, "" if f.kind == COUNT else f.denominator,
                     gettext(f.formula), gettext(f.basis)])
    return Table("figures", gettext("统计指标（%(period)s）", period=report.period.label),
                 [gettext("指标"), gettext("数值"), gettext("分子"), gettext("分母"), gettext("计算公式"),
                  gettext("统计口径")], rows)


def monthly_table(report: Report) -> Table:
    rows = []
    for r in report.monthly:
        yoy = percent(r["yoy"]) if r["yoy"] is not None else gettext(NO_PREVIOUS)
        rows.append([gettext("%(year)d年%(month)d月", year=r["year"], month=r["month"]),
                     *[r[c.value] for c in (Channel.ONSITE, Channel.ONLINE, Channel.POSTAL)],
                     r["total"], r["previous_total"], yoy])
    total, previous = sum(r["total"] for r in report.monthly), sum(r["previous_total"] for r in report.monthly)
    rows.append([gettext("合计"), *[sum(r[c.value] for r in report.monthly)
                                  for c in (Channel.ONSITE, Channel.ONLINE, Channel.POSTAL)],
                 total, previous, percent((total - previous) / previous) if previous else gettext(NO_PREVIOUS)])
    return Table("monthly", gettext("按月、按渠道收案（%(period)s，与上年同期比较）", period=report.period.label),
                 [gettext("月份"), *[gettext(c.label) for c in (Channel.ONSITE, Channel.ONLINE, Channel.POSTAL)],
                  gettext("合计"), gettext("上年同期"), gettext("同比")], rows)


def closures_table(report: Report) -> Table:
    closed = report.figures["closed"].value
    rows = [[gettext(label), n, percent(n / closed) if closed else "—"] for _key, label, n in report.closure_types]
    rows.append([gettext("合计"), closed, percent(1.0) if closed else "—"])
    return Table("closures", gettext("结案方式（%(period)s）", period=report.period.label),
                 [gettext("结案方式"), gettext("件数"), gettext("占审结案件")], rows)


#: The rates of the 「主要比率」 table and chart, in their order.
RATE_NAMES = ("correction_rate", "comprehensive_correction_rate", "mediation_withdrawal_rate",
              "substantive_resolution_rate", "sued_after_rate", "on_time_rate", "respondent_head_attendance_rate")


def rates_table(report: Report) -> Table:
    rows = [[gettext(report.figures[n].label), figure_text(report.figures[n]), report.figures[n].numerator,
             report.figures[n].denominator] for n in RATE_NAMES]
    return Table("rates", gettext("主要比率（%(period)s）", period=report.period.label),
                 [gettext("指标"), gettext("数值"), gettext("分子"), gettext("分母")], rows)


GROUP_TITLES = {
    "respondent": N_("按被申请人"),
    "handler": N_("按承办人"),
    "point": N_("按接收点"),
    "act_type": N_("按行政行为类别"),
    "enterprise": N_("涉企与非涉企案件"),
}


def group_table(report: Report, key: str) -> Table:
    rows = [[gettext(r["label"]) if key != "respondent" else r["label"], r["received"], r["closed"],
             r["corrected"], r["mediated_or_settled"]] for r in report.groups[key]]
    return Table(key, gettext("%(what)s（%(period)s）", what=gettext(GROUP_TITLES[key]), period=report.period.label),
                 [gettext("分组"), gettext("收案"), gettext("审结"), gettext("直接纠错"), gettext("调解和解结案")], rows)


def all_tables(report: Report) -> dict[str, Table]:
    tables = [figures_table(report), monthly_table(report), closures_table(report), rates_table(report),
              *[group_table(report, key) for key in GROUP_TITLES]]
    return {t.key: t for t in tables}


def case_rows(cases) -> tuple[list[str], list[list]]:
    """The drill-down list: applicants masked (S13), no ID or phone numbers at all."""
    headers = [gettext("案号"), gettext("申请人"), gettext("被申请人"), gettext("渠道"), gettext("收件日期"),
               gettext("受理日期"), gettext("结案日期"), gettext("结案方式")]
    rows = []
    for case in cases:
        names = gettext("、").join(mask(p.name, "name") for p in case.applicants)
        rows.append([case.case_no, names, case.respondent_name, gettext(case.channel_label),
                     case.received_on.isoformat(), case.accepted_on.isoformat() if case.accepted_on else "",
                     case.closed_on.isoformat() if case.closed_on else "",
                     gettext(case.closure_label) if case.closure_label else ""])
    return headers, rows
