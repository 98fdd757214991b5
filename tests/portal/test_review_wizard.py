"""Review: wizard pages answer bad input with a Chinese message, never a 500."""

import pytest

from recon.formatting import DateInputError, date_from_parts
from tests.portal.conftest import ACT, html, post_step, start_draft


@pytest.mark.parametrize("part, value", [
    ("made_on_year", "9" * 5000),   # int() refuses more than 4300 digits (ValueError, not DateInputError)
    ("known_on_month", "1" * 5000),
    ("known_on_day", "３" * 4400),
])
def test_absurdly_long_date_part(applicant, part, value):
    draft_id = start_draft(applicant)
    response = post_step(applicant, draft_id, "act", {**ACT, part: value}, expect=422)
    page = html(response)
    assert "系统出现问题" not in page
    assert "年份" in page or "月份" in page or "日期必须在" in page


def test_date_parts_with_leading_zeros_still_read():
    assert date_from_parts("2026", "0" * 5000 + "3", "07").isoformat() == "2026-03-07"
    with pytest.raises(DateInputError) as exc:
        date_from_parts("9" * 5000, "1", "1")
    assert exc.value.part == "year"
