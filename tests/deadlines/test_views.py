"""Deadline pages through the test client: calculator, board, detail, calendar admin."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from sqlalchemy import delete, select

from recon.audit.models import AuditEntry
from recon.cases.models import CaseEvent
from recon.deadlines import lifecycle
from recon.deadlines.models import CalendarDay, CalendarYear
from recon.extensions import db
from tests.deadlines.helpers import make_case, open_deadline

D = date.fromisoformat


def text(response) -> str:
    return response.get_data(as_text=True)


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


# ---- calculator ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["clerk", "handler", "supervisor", "admin"])
def test_calculator_is_open_to_all_staff(login_as, role):
    client = login_as(role)
    response = client.get("/deadlines/calculator")
    assert response.status_code == 200
    html = text(response)
    assert h1(html) == "期限计算器" and "<title>期限计算器 –" in html
    assert "受理审查期限（5个工作日，《行政复议法》第三十条）" in html
    assert 'href="/deadlines/calculator"' in html  # in the navigation


def test_calculator_refuses_applicants_and_anonymous(client, login_as):
    assert client.get("/deadlines/calculator").status_code == 302
    login_as("applicant")
    assert client.get("/deadlines/calculator").status_code == 403


def test_calculator_post_valid(login_as):
    client = login_as("clerk")
    response = client.post("/deadlines/calculator",
                           data={"rule": "acceptance_review", "start": "2024.9.27"})
    assert response.status_code == 200
    html = text(response)
    assert "计算结果" in html and "2024年10月10日（星期四）" in html
    assert "<summary>如何计算</summary>" in html
    assert "第1个工作日：2024-09-29 星期日 调休上班（国庆节），计入" in html
    assert "《行政复议法》第三十条" in html and "工作日" in html
    assert "2024-09-27（星期五，工作日）" in html  # the C3 echo of the start date
    assert 'value="2024.9.27"' in html  # input kept


def test_calculator_echoes_the_pause_dates_with_their_weekday(login_as):
    """C3: the pause dates are forgiving date boxes like the start date, echoed with the weekday
    (and a holiday note) beside them, in a polite live region tied to the box."""
    html = text(login_as("handler").post("/deadlines/calculator", data={
        "rule": "decision", "start": "20240301", "pause_from_1": "2024-03-21", "pause_to_1": "2024年5月1日"}))
    assert 'aria-describedby="pause_from_1-hint pause_from_1-echo"' in html
    assert '<span class="date-echo" id="pause_from_1-echo" aria-live="polite">2024-03-21（星期四，工作日）</span>' in html
    assert '<span class="date-echo" id="pause_to_1-echo" aria-live="polite">2024-05-01（星期三，' in html
    assert 'id="pause_from_2-echo" aria-live="polite"></span>' in html  # empty slots echo nothing


def test_calculator_with_pause_and_extension(login_as):
    client = login_as("handler")
    response = client.post("/deadlines/calculator", data={
        "rule": "decision", "start": "20240301", "pause_from_1": "2024-03-21",
        "pause_to_1": "2024年5月6日"})
    assert response.status_code == 200 and "2024年6月17日（星期一）" in text(response)
    response = client.post("/deadlines/calculator", data={
        "rule": "decision", "start": "2024-08-02", "extension_days": "３０"})
    assert response.status_code == 200 and "2024年10月31日" in text(response)
    response = client.post("/deadlines/calculator", data={
        "rule": "decision", "start": "2024-03-01", "pause_from_1": "2024-03-21"})
    assert response.status_code == 200 and "期限中止中，暂无届满日" in text(response)


def test_calculator_provisional_warning(login_as):
    client = login_as("handler")
    response = client.post("/deadlines/calculator",
                           data={"rule": "acceptance_review", "start": "2026-12-28"})
    html = text(response)
    assert response.status_code == 200 and "2027年1月5日" in html
    assert "暂定" in html and "2027年的放假安排尚未录入日历" in html


@pytest.mark.parametrize(
    "data,message,kept",
    [
        ({"rule": "acceptance_review", "start": "2024-13-01"}, "月份必须在 1 到 12 之间",
         'value="2024-13-01"'),
        ({"rule": "acceptance_review", "start": ""}, "请填写起算日", None),
        ({"rule": "nope", "start": "2024-09-27"}, "请从列表中选择期限规则", 'value="2024-09-27"'),
        ({"rule": "acceptance_review", "start": "2024-09-27", "extension_days": "10"},
         "依法不能延长", 'value="10"'),
        ({"rule": "decision", "start": "2024-09-27", "extension_days": "十"}, "延长天数只能填写整数",
         'value="十"'),
        ({"rule": "decision", "start": "2024-09-27", "pause_to_1": "2024-10-01"},
         "请填写第 1 次中止的中止日期", 'value="2024-10-01"'),
        ({"rule": "decision", "start": "2024-09-27", "pause_from_1": "2024-09-01"},
         "早于起算日", 'value="2024-09-01"'),
        ({"rule": "decision", "start": "2024-09-27", "pause_from_2": "2024-10-40"},
         "日期必须在 1 到 31 之间", 'value="2024-10-40"'),
    ],
)
def test_calculator_errors_keep_input(login_as, data, message, kept):
    client = login_as("clerk")
    response = client.post("/deadlines/calculator", data=data)
    assert response.status_code == 422
    html = text(response)
    assert "<title>错误：期限计算器" in html
    assert "请修改以下问题" in html and message in html
    if kept:
        assert kept in html
    assert "计算结果" not in html


# ---- board and detail ----------------------------------------------------------------------------


@pytest.fixture
def board_data(app, users):
    handler = users["handler"]
    case = make_case(serial=17)
    overdue = open_deadline(case, "acceptance_review", "2020-06-01", handler)
    near = open_deadline(case, "decision", "2026-12-08", handler)
    paused = open_deadline(case, "decision", "2026-10-01", handler)
    lifecycle.pause(db.session, paused, D("2026-10-20"), handler)
    done = open_deadline(case, "respondent_copy", "2026-10-01", handler)
    lifecycle.meet(db.session, done, D("2026-10-05"), handler)
    db.session.commit()
    return {"case": case, "overdue": overdue, "near": near, "paused": paused, "done": done}


def test_board_lists_running_deadlines_overdue_first(login_as, board_data):
    client = login_as("supervisor")
    response = client.get("/deadlines/")
    assert response.status_code == 200
    html = text(response)
    assert h1(html) == "期限看板"
    assert "合府复〔2026〕17号" in html
    assert "工作日历提醒" in html and "只录入到 2026 年" in html  # V1 warning block
    assert "有 1 个在办期限为暂定" in html
    rows = re.findall(r'href="/deadlines/(\d+)"', html)
    ids = [board_data[k].id for k in ("overdue", "near", "paused")]
    assert [int(r) for r in rows] == ids  # overdue, then nearest due, paused last; met not shown
    assert "逾期" in html and "期限中止" in html and "（暂定）" in html
    assert "共 3 个" in html.replace("的期限共 ", "共 ")


def test_board_filters(login_as, board_data):
    client = login_as("handler")
    html = text(client.get("/deadlines/?state=paused&handler=all"))
    assert re.findall(r'href="/deadlines/(\d+)"', html) == [str(board_data["paused"].id)]
    html = text(client.get("/deadlines/?state=paused"))  # a handler's own cases by default
    assert re.findall(r'href="/deadlines/(\d+)"', html) == []
    assert client.get("/deadlines/?state=bogus").status_code == 200


@pytest.mark.parametrize("role", ["clerk", "admin", "applicant"])
def test_board_is_for_handlers_and_supervisors(login_as, role):
    assert login_as(role).get("/deadlines/").status_code == 403


def test_detail_shows_the_stored_derivation(login_as, board_data):
    client = login_as("handler")
    d = board_data["near"]
    response = client.get(f"/deadlines/{d.id}")
    assert response.status_code == 200
    html = text(response)
    assert h1(html) == "行政复议决定期限（普通程序）"
    assert "<details class=\"deadline-explain mb-3\" open>" in html
    assert "2026-12-08 + 60日 = 2027-02-06 星期六" in html
    assert "2027年的放假安排尚未录入日历" in html  # says why it is provisional
    assert client.get("/deadlines/99999").status_code == 404


# ---- calendar admin --------------------------------------------------------------------------------


def test_calendar_admin_page(login_as):
    client = login_as("admin")
    response = client.get("/admin/calendar?year=2026")
    assert response.status_code == 200
    html = text(response)
    assert h1(html) == "工作日历"
    assert html.count("<caption>2026年") == 12
    assert html.count('<abbr title="星期一">一</abbr>') == 12
    assert "已录入2026年的放假安排" in html
    assert ">休</span>" in html and ">班</span>" in html and "国庆节" in html
    assert 'title="2026-10-10 星期六 调休上班（国庆节）"' in html
    assert "2026-10-01 2026-10-07 国庆节" in html  # the notice form starts from the stored year
    assert "只录入到 2026 年" in html


def test_calendar_admin_uncovered_year_and_bad_year(login_as):
    client = login_as("admin")
    html = text(client.get("/admin/calendar?year=2027"))
    assert "2027年的放假安排尚未录入" in html and "暂定" in html
    assert "2027年1月" in html and "元旦（暂定）" in html
    response = client.get("/admin/calendar?year=abc")
    assert response.status_code == 422
    assert "年份“abc”无法识别" in text(response) and "<title>错误：工作日历" in text(response)


@pytest.mark.parametrize("role", ["clerk", "handler", "supervisor", "applicant"])
def test_calendar_admin_is_for_admins_only(login_as, role):
    client = login_as(role)
    assert client.get("/admin/calendar").status_code == 403
    assert client.post("/admin/calendar/day", data={}).status_code == 403
    assert client.post("/admin/calendar/notice", data={}).status_code == 403


def preview_and_confirm(client, data: dict[str, str]):
    """Post the notice form, check that the preview saved nothing, and confirm it."""
    preview = client.post("/admin/calendar/notice", data=data)
    assert preview.status_code == 200, text(preview)
    assert "请核对读出的日期（尚未保存）" in text(preview)
    assert db.session.get(CalendarYear, int(data["notice-year"])) is None
    previewed = re.search(r'name="notice-previewed" type="hidden" value="([0-9a-f]+)"',
                          text(preview)).group(1)
    return client.post("/admin/calendar/notice",
                       data={**data, "notice-previewed": previewed, "confirm": "1"})


def test_enter_a_notice_through_the_page(login_as, users):
    handler = users["handler"]
    case = make_case()
    review = open_deadline(case, "acceptance_review", "2026-12-28", handler)
    db.session.commit()
    client = login_as("admin")
    response = preview_and_confirm(client, {
        "notice-year": "2027",
        "notice-notice_title": "国务院办公厅关于2027年部分节假日安排的通知",
        "notice-rest_periods": "2027-01-01 2027-01-04 元旦\n\n2027年2月5日至2027年2月13日 春节\n",
        "notice-makeup_days": "2027-02-14 春节",
    })
    assert response.status_code == 302 and response.headers["Location"].endswith("year=2027")
    html = text(client.get(response.headers["Location"]))
    assert "已录入 2027 年放假安排" in html and "已重新计算 1 个在办期限" in html
    assert "已录入2027年的放假安排" in html
    db.session.expire_all()
    assert review.due_on == D("2027-01-06") and not review.provisional
    year = db.session.get(CalendarYear, 2027)
    assert year.source == "notice" and year.notice_title.startswith("国务院办公厅")
    assert db.session.get(CalendarDay, D("2027-02-14")).is_workday
    assert db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "calendar.enter_notice")) is not None
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event.summary == "期限重新计算：受理审查期限由 2027年1月5日 调整为 2027年1月6日（工作日历更新）"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"notice-year": "27", "notice-rest_periods": "2027-01-01 2027-01-01 元旦"},
         "年份请填写 4 位数字"),
        ({"notice-year": "2027", "notice-rest_periods": ""}, "请填写放假期间"),
        ({"notice-year": "2027", "notice-rest_periods": "2027-01-01 2027-01-03"},
         "第 1 行：缺少节日名称"),
        ({"notice-year": "2027", "notice-rest_periods": "元旦 2027-1-1\n2027-13-01 春节"},
         "第 2 行：日期“2027-13-01”不存在"),
        ({"notice-year": "2027", "notice-rest_periods": "2027-01-01 元旦",
          "notice-makeup_days": "2027-01-05 元旦"}, "第 1 行：2027-01-05（星期二） 本来就是工作日"),
        ({"notice-year": "2027", "notice-rest_periods": "2028-01-01 元旦"},
         "第 1 行：2028-01-01（星期六） 不在 2027 年的放假安排内"),
        ({"notice-year": "2027", "notice-rest_periods": "2027-01-03 2027-01-01 元旦"},
         "第 1 行：“2027-01-03 2027-01-01 元旦”的结束日期早于开始日期"),
        ({"notice-year": "2027", "notice-rest_periods": "2027年2月6日至 春节"},
         "第 1 行：“2027年2月6日至 春节”的日期范围不完整"),
        ({"notice-year": "2027",
          "notice-rest_periods": "二、春节：2月6日（周六）至14日（周一）放假调休，共9天。"},
         "第 1 行：2027-02-14 是星期日，原文却写星期一"),
        ({"notice-year": "2027",
          "notice-rest_periods": "二、春节：2月6日至14日放假调休，共8天。"},
         "第 1 行：原文写“共8天”，但列出的放假日期是 9 天"),
    ],
)
def test_notice_errors_keep_input(login_as, data, message):
    client = login_as("admin")
    response = client.post("/admin/calendar/notice", data=data)
    assert response.status_code == 422
    html = text(response)
    assert message in html and "请修改以下问题" in html and "<title>错误：工作日历" in html
    if data["notice-rest_periods"]:
        assert data["notice-rest_periods"].split("\n")[0] in html
    assert db.session.get(CalendarYear, 2027) is None


def test_correct_one_day_through_the_page(login_as, users):
    case = make_case()
    review = open_deadline(case, "acceptance_review", "2026-12-28", users["handler"])
    db.session.commit()
    client = login_as("admin")
    response = client.post("/admin/calendar/day", data={
        "day-day": "2027年1月4日", "day-kind": "rest", "day-name": "元旦", "day-note": "补休"})
    assert response.status_code == 302
    html = text(client.get(response.headers["Location"]))
    assert "已将 2027-01-04（星期一） 设为休息日（元旦）" in html
    assert "已重新计算 1 个在办期限，其中 1 个的届满日或暂定状态有变化" in html
    db.session.expire_all()
    assert review.due_on == D("2027-01-06")
    assert "（人工修改）" in html

    response = client.post("/admin/calendar/day", data={"day-day": "2027-01-04", "day-kind": "clear"})
    assert response.status_code == 302
    db.session.expire_all()
    assert review.due_on == D("2027-01-05") and db.session.get(CalendarDay, D("2027-01-04")) is None


@pytest.mark.parametrize(
    "data,message",
    [
        ({"day-day": "", "day-kind": "rest"}, "请填写要修改的日期"),
        ({"day-day": "2027-02-30", "day-kind": "rest"}, "该月没有 30 日"),
        ({"day-day": "2027-02-03"}, "请选择这一天是休息日、工作日，还是恢复默认"),
        ({"day-day": "2027-02-03", "day-kind": "clear"}, "没有特别设置"),
        ({"day-day": "2027-02-03", "day-kind": "rest", "day-name": "节" * 41},
         "节日名称不超过 40 个字"),
    ],
)
def test_day_errors_keep_input(login_as, data, message):
    client = login_as("admin")
    response = client.post("/admin/calendar/day", data=data)
    assert response.status_code == 422
    html = text(response)
    assert message in html and "请修改以下问题" in html
    if data["day-day"]:
        assert f'value="{data["day-day"]}"' in html


def test_a_range_without_a_second_year_is_read_whole_and_previewed(login_as):
    """「2027年2月6日至2月14日 春节」 once saved one day; it is nine, shown before saving."""
    client = login_as("admin")
    data = {"notice-year": "2027", "notice-rest_periods": "2027年2月6日至2月14日 春节",
            "notice-makeup_days": ""}
    html = text(client.post("/admin/calendar/notice", data=data))
    assert "放假 9 天，调休上班 0 天" in html
    for day in range(6, 15):
        assert f"2027年2月{day}日" in html
    assert "2027年2月6日（星期六）" in html and "2027年2月14日（星期日）" in html
    assert html.index("请核对读出的日期") < html.index("<caption>2027年1月")  # read before the months
    response = preview_and_confirm(client, data)
    assert response.status_code == 302
    rows = db.session.scalars(select(CalendarDay).where(
        CalendarDay.day.between(D("2027-01-01"), D("2027-12-31")))).all()
    assert [(r.day, r.is_workday, r.name) for r in rows] == [
        (D("2027-02-06") + timedelta(days=n), False, "春节") for n in range(9)]


def test_confirming_a_changed_text_previews_it_again(login_as):
    client = login_as("admin")
    data = {"notice-year": "2027", "notice-rest_periods": "2027-02-06 2027-02-14 春节"}
    first = text(client.post("/admin/calendar/notice", data=data))
    previewed = re.search(r'name="notice-previewed" type="hidden" value="([0-9a-f]+)"',
                          first).group(1)
    changed = {**data, "notice-rest_periods": "2027-02-06 2027-02-15 春节",
               "notice-previewed": previewed, "confirm": "1"}
    response = client.post("/admin/calendar/notice", data=changed)
    assert response.status_code == 200 and "放假 10 天" in text(response)
    assert db.session.get(CalendarYear, 2027) is None


def test_the_2026_notice_pasted_whole_is_saved_as_published(login_as):
    notice = (Path(__file__).parent / "notices" / "2026.txt").read_text(encoding="utf-8")
    client = login_as("admin")
    db.session.execute(delete(CalendarDay).where(CalendarDay.day.between(D("2026-01-01"), D("2026-12-31"))))
    db.session.execute(delete(CalendarYear).where(CalendarYear.year == 2026))
    db.session.commit()
    response = preview_and_confirm(client, {"notice-year": "2026", "notice-rest_periods": notice})
    assert response.status_code == 302
    rows = db.session.scalars(select(CalendarDay).where(
        CalendarDay.day.between(D("2026-01-01"), D("2026-12-31")))).all()
    assert {r.day for r in rows if not r.is_workday} == {
        d for d in chinese_calendar.holidays if d.year == 2026}
    assert {r.day for r in rows if r.is_workday} == {
        d for d in chinese_calendar.workdays if d.year == 2026}
    assert db.session.get(CalendarDay, D("2026-02-28")).name == "春节"
