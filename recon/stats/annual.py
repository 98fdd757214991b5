"""The annual report section 行政复议工作情况 (法治政府建设年度报告): the year's figures with
their bases and 同比, in the register of a bureau's report, each number the dashboard's."""

from __future__ import annotations

from flask import current_app

from recon.cases.status import Channel
from recon.stats.annual_pdf import AnnualSection, build_annual_section
from recon.stats.figures import Report
from recon.stats.tables import FIGURE_ORDER, figure_text

TITLE = "行政复议工作情况"
NOW_FIGURES = ("open_now", "due_this_week", "overdue_now")  # today's workload, not the year's


def _v(report: Report, name: str) -> str:
    return figure_text(report.figures[name], translate=_as_stored)


def _as_stored(label: str, **values) -> str:
    """The labels are stored in Chinese (N_); the report prints them so in any locale."""
    return label % values if values else label


def _heads(report: Report) -> str:
    """The respondents' heads attending hearings and mediation sessions (负责人出席)."""
    rate = report.figures["respondent_head_attendance_rate"]
    if not rate.denominator:
        return "全年未举行听证或调解会；"
    return (f"举行听证或调解会的案件{rate.denominator}件，其中被申请人负责人出席的{rate.numerator}件，"
            f"负责人出席率{_v(report, 'respondent_head_attendance_rate')}；")


def section(report: Report) -> AnnualSection:
    """The text is Chinese whatever the reader's language (it goes into an official report)."""
    f, year = report.figures, report.period.start.year
    organ = current_app.config["RECON_ORGAN_NAME"]
    by_channel = {c.value: sum(r[c.value] for r in report.monthly) for c in Channel}
    points = sum(r["received"] for r in report.groups["point"] if r["key"])
    yoy = f["yoy_received"]
    if yoy.value is None:
        trend = "上年无收案数据，不作同比"
    else:
        trend = f"同比{'增长' if yoy.value >= 0 else '下降'}{abs(yoy.value) * 100:.2f}%（上年{f['previous_received'].value}件）"
    paragraphs = (
        f"{year}年，{organ}共收到行政复议申请{f['received'].value}件（现场{by_channel['onsite']}件、"
        f"网络{by_channel['online']}件、邮寄{by_channel['postal']}件），{trend}；"
        f"其中经公共法律服务站点、川渝通办点、惠企联系点等接收点递交{points}件，涉企案件{f['enterprise_received'].value}件。"
        f"依法受理{f['accepted'].value}件，决定不予受理{f['refused'].value}件。",
        f"全年审结行政复议案件{f['closed'].value}件（含上年结转）。坚持把调解和解贯穿行政复议全过程，"
        f"以调解方式结案{f['mediated'].value}件，和解后申请人撤回申请{f['settled'].value}件，调撤率{_v(report, 'mediation_withdrawal_rate')}；"
        f"受理前协商化解{f['resolved_before_acceptance'].value}件。",
        f"充分发挥行政复议监督纠错功能，作出变更、撤销、确认违法、责令履行、确认无效等纠错决定{f['corrected'].value}件，"
        f"纠错率{_v(report, 'correction_rate')}；被申请人在复议期间自行纠正后申请人撤回申请{f['self_corrected'].value}件，"
        f"综合纠错率{_v(report, 'comprehensive_correction_rate')}。",
        f"按期结案率{_v(report, 'on_time_rate')}，平均审理{_v(report, 'average_days')}（已扣除中止期间）。"
        f"审结案件中，结案后被提起行政诉讼{f['sued'].value}件，复议后被诉率{_v(report, 'sued_after_rate')}；"
        f"行政争议实质化解率{_v(report, 'substantive_resolution_rate')}。",
        f"{_heads(report)}制发行政复议意见书{f['opinion_letters'].value}份、行政复议建议书"
        f"{f['recommendation_letters'].value}份，督促被申请人及有关机关依法纠正、规范执法。",
    )
    rows = tuple((f[name].label, _v(report, name), f"{f[name].formula}；{f[name].basis}"
                  + (f"（{f[name].numerator} ÷ {f[name].denominator}）" if f[name].kind != "count" else ""))
                 for name in FIGURE_ORDER if name not in NOW_FIGURES)
    d = report.definition
    version = f"第 {d.version} 版" if d.version else "系统默认口径"
    notes = (
        f"统计期间：{report.period.start.isoformat()}至{report.period.end.isoformat()}；上年同期："
        f"{report.previous.start.isoformat()}至{report.previous.end.isoformat()}。",
        f"统计口径：{version}。纠错率的分母为{d.correction_label}；实质化解率为{d.substantive_label}。",
        f"以上数字均取自本系统案件记录，与统计分析页面（/stats/?period=year&year={year}）一致，可逐项查看对应案件。",
    )
    return AnnualSection(organ=organ, year=year, title=TITLE, paragraphs=paragraphs, rows=rows, notes=notes)


def as_text(section: AnnualSection) -> str:
    lines = [f"{section.year}年{section.title}", ""]
    lines += [f"　　{p}" for p in section.paragraphs]
    lines += ["", "附：统计指标及计算口径"]
    lines += [f"{label}：{value}（{formula}）" for label, value, formula in section.rows]
    lines += ["", *section.notes]
    return "\n".join(lines) + "\n"


def as_pdf(section: AnnualSection) -> bytes:
    return build_annual_section(section)

