"""ux.md §6: each macro of templates/_macros/ renders its own words and ARIA in both locales. The
English side uses the real catalogue (recon/translations/en), so every word a macro adds must be
translated there: given English labels and values, an English page has no Chinese left."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader
from wtforms import FileField, Form, FormField, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from recon.masking import mask
from tests.test_macros import ZH, parse, posted, render, spoken_text, visible_text

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def english_env() -> Environment:
    translations = Translations.load(str(ROOT / "recon" / "translations"), ["en"])
    env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["mask"] = mask
    env.globals["url_for"] = lambda endpoint, **values: f"/{endpoint}?page={values.get('page')}"
    return env


@pytest.fixture(scope="module")
def en():
    return english_env()


class PersonForm(Form):
    name = StringField("Name", validators=[InputRequired("Enter the name")])
    phone = StringField("Phone", validators=[Optional()])
    id_no = StringField("ID card number")
    kind = RadioField("Who for?", choices=[SelectChoice("self", "Myself"), SelectChoice("other", "Someone else")],
                      validators=[InputRequired("Choose who the application is for")])
    papers = SelectMultipleField("Papers", choices=[SelectChoice("id", "ID")], validators=[Optional()])
    files = FileField("Evidence")
    received = StringField("Date received", validators=[InputRequired("Enter the date received")])


class DateParts(Form):
    year = StringField("Year")
    month = StringField("Month")
    day = StringField("Day")


class ActForm(Form):
    made = FormField(DateParts)


PAGE = SimpleNamespace(page=2, pages=3, has_prev=True, prev_num=1, has_next=True, next_num=3)

# (macro call, the macro's own words in Chinese, the same in English)
CASES = {
    "field": ("{{ field(form.name) }}{{ field(form.phone, optional=True) }}",
              ["错误：", "（选填）"], ["Error: ", " (optional)"]),
    "id_number": ("{{ id_number(form.id_no) }}",
                  ["18 位公民身份号码"], ["ID card number. The last character can be a digit or X."]),
    "date_input": ("{{ date_input(act.made.year, act.made.month, act.made.day, 'When?') }}",
                   ["例如 2026 3 27", ">年<", ">月<", ">日<"], ["For example, 2026 3 27", ">Year<", ">Month<", ">Day<"]),
    "date_text": ("{{ date_text(form.received) }}",
                  ["可填写 20260307", "错误："], ["You can type 20260307", "Error: "]),
    "radios": ("{{ radios(form.kind, 'Who for?', optional=True) }}", ["（选填）", "错误："], [" (optional)", "Error: "]),
    "checkboxes": ("{{ checkboxes(form.papers, 'Papers', optional=True) }}", ["（选填）"], [" (optional)"]),
    "file_upload": ("{{ file_upload(form.files, 'PDF or JPG, up to 20 MB', optional=True) }}",
                    ["（选填）"], [" (optional)"]),
    "error_summary": ("{{ error_summary(form) }}", ["请修改以下问题"], ["There is a problem"]),
    "step_indicator": ("{{ step_indicator(['Applicant', 'Respondent', 'Check'], 2) }}",
                       ["第 2 步，共 3 步：Respondent", "（已完成）", "（当前）", "（未完成）", 'aria-label="办理步骤"'],
                       ["Step 2 of 3: Respondent", " (completed)", " (current)", " (not completed)",
                        'aria-label="Steps"']),
    "summary_list": ("{{ summary_list([('Name', '', '/x')]) }}", ["未填写", "修改"], ["Not provided", "Change"]),
    "status_tag": ("{{ status_tag('Accepted', 'success') }}", [], []),
    "deadline_badge": ("{{ deadline_badge({'text': '3 days left', 'tone': 'soon', 'title': '7 March 2026 (Saturday)',"
                       " 'provisional': True}) }}",
                       ["（暂定）", "，届满日：7 March 2026 (Saturday)"], [" (provisional)", ", due: 7 March 2026 (Saturday)"]),
    "data_table": ("{{ data_table('Cases', ['Case number'], []) }}", ["没有记录"], ["No records"]),
    "table_region": ("{% call table_region('Drafts', ['Draft']) %}<tr><td>d</td></tr>{% endcall %}", [], []),
    "pager": ("{{ pager(page, 'audit.index') }}", ['aria-label="翻页"', "上一页", "第 2 / 3 页", "下一页"],
              ['aria-label="Pages"', "Previous page", "Page 2 of 3", "Next page"]),
    "masked": ("{{ masked('13812345678', 'phone') }}", ["（已隐藏 4 位）"], [" (4 characters hidden) "]),
    "notice": ("{{ notice('Saved', 'status', heading='Done') }}", [], []),
}


def _context():
    return {"form": posted(PersonForm), "act": ActForm(), "page": PAGE}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_macro_in_both_locales(en, name):
    source, chinese, english = CASES[name]
    zh_html = render(source, env=ZH, **_context())
    en_html = render(source, env=en, **_context())
    for words in chinese:
        assert words in zh_html, (name, words)
    for words in english:
        assert words in en_html, (name, words)
    assert not CJK.findall(en_html), (name, sorted(set(CJK.findall(en_html))))
    assert parse(en_html) is not None  # well formed, unique ids


def test_english_words_reach_screen_readers(en):
    dom = parse(render("{{ step_indicator(['Applicant', 'Respondent'], 2) }}"
                       "{{ summary_list([('Name', 'Li', '/x')]) }}{{ masked('110105194912310021', 'id') }}",
                       env=en))
    assert spoken_text(dom.find("li", class_="is-complete")) == "Applicant (completed)"
    assert spoken_text(dom.find("dd", class_="summary-list-actions")) == "ChangeName"
    masked = dom.find("span", class_="masked")
    assert visible_text(masked) == "1101**********0021"
    assert spoken_text(masked) == "1101 (10 characters hidden) 0021"
    one = parse(render("{{ masked('13812345678', 'phone') }}{{ masked('张三', 'name') }}", env=en))
    assert [spoken_text(s) for s in one.find_all("span", class_="masked")] == [
        "138 (4 characters hidden) 5678", "张 (1 character hidden) "]


def test_date_text_gives_the_script_its_words_in_both_locales(en):
    source = "{{ date_text(form.received) }}"
    zh = json.loads(parse(render(source, env=ZH, **_context())).by_id("received").attrs["data-echo-texts"])
    assert zh == {"weekdays": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
                  "format": "{date}（{weekday}）", "noteFormat": "{date}（{weekday}，{note}）"}
    english = json.loads(parse(render(source, env=en, **_context())).by_id("received").attrs["data-echo-texts"])
    assert english == {"weekdays": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
                       "format": "{date} ({weekday})", "noteFormat": "{date} ({weekday}, {note})"}
