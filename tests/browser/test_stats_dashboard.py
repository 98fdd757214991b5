"""The statistics dashboard in a browser (ux.md V1–V3, T1, T3, T5): at 375 px in 特大 text the KPI
cards come first, each chart is drawn (SVG) with its table under it, nothing scrolls sideways,
axe finds nothing, and no ID or mobile number is shown; in English the charts use ECharts' EN
locale."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import assert_no_axe_violations, assert_no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.stats.seed import seed

pytestmark = pytest.mark.e2e


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url


def test_dashboard_at_375_px_in_xlarge_text(page, live_server, users):
    seed(handler=users["handler"])
    page.set_viewport_size({"width": 375, "height": 780})
    _login(page, live_server, "supervisor")
    page.context.add_cookies([{"name": "fontscale", "value": "xlarge", "url": live_server}])
    page.goto(f"{live_server}/stats/?period=year&year=2026")
    assert page.evaluate("document.documentElement.dataset.fontscale") == "xlarge"
    page.wait_for_selector("#chart-monthly svg")
    # V1: the KPI cards come before the first chart
    assert page.evaluate("""() => document.querySelector('.kpi-cards').compareDocumentPosition(
        document.querySelector('.stats-chart')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    for key in ("monthly", "closures", "rates", "point"):
        chart = page.locator(f"#chart-{key}")
        assert chart.get_attribute("role") == "img" and chart.locator("svg").count() == 1
        assert page.locator(f"#chart-{key} ~ details[open] table").count() == 1  # V2: its table, open
    assert_no_horizontal_scroll(page)
    screenshot(page, "stats-dashboard-375-xlarge")
    text = page.inner_text("main")
    assert "88.89%" in text and "无上年数据" not in text.split("全部指标")[0]
    assert not re.search(r"\d{17}[\dXx]|1\d{10}", text)  # T5
    assert_no_axe_violations(page)
    page.goto(f"{live_server}/stats/cases?set=received&period=year&year=2026")
    assert "共 52 件" in page.inner_text("main") and not re.search(r"\d{17}[\dXx]|1\d{10}", page.inner_text("main"))
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_dashboard_in_english(page, live_server, users):
    seed(handler=users["handler"])
    _login(page, live_server, "supervisor")
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    page.goto(f"{live_server}/stats/?period=custom&from=2026-03-01&to=2026-04-30")
    page.wait_for_selector("#chart-monthly svg")
    assert "No data for the previous year" in page.inner_text("main")
    assert_no_axe_violations(page)
