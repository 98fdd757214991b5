"""The §6 macros (templates/_macros/) render their own labels and ARIA (ux.md A4, A7, A11–A14, C3,
H1, H2, S13), in Chinese and through gettext for English. A bare Jinja environment, no Flask app."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    Form,
    FormField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

try:  # WTForms 3.3 deprecates (value, label) tuples; 3.1 and 3.2 only know tuples.
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover
    SelectChoice = None

from recon.formatting import DateInputError, date_from_parts
from recon.masking import mask

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
CSS_FILES = (
    ROOT / "recon/static/css/recon.css",
    ROOT / "recon/static/vendor/bootstrap-5.3.9/css/bootstrap.min.css",
)

# A few English msgids, to show that the macros' words go through gettext (design.md §8).
EN = {
    "请修改以下问题": "There is a problem",
    "错误：": "Error: ",
    "（选填）": " (optional)",
    "第 %(current)s 步，共 %(total)s 步：%(label)s": "Step %(current)s of %(total)s: %(label)s",
    "（已完成）": " (completed)",
    "（当前）": " (current)",
    "（未完成）": " (not completed)",
    "未填写": "Not provided",
    "修改": "Change",
    "年": "Year",
    "月": "Month",
    "日": "Day",
}


def make_env(translations: dict[str, str] | None = None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    if translations is None:
        env.install_null_translations(newstyle=True)
    else:
        env.install_gettext_callables(
            gettext=lambda s: translations.get(s, s),
            ngettext=lambda s, p, n: translations.get(s if n == 1 else p, s if n == 1 else p),
            newstyle=True,
        )
    env.filters["mask"] = mask
    env.globals["url_for"] = lambda endpoint, **values: f"/{endpoint}?{urlencode(values)}"
    return env


ZH = make_env()
EN_ENV = make_env(EN)


def render(source: str, env: Environment = ZH, **context) -> str:
    header = (
        '{% from "_macros/forms.html" import field, id_number, date_input, date_text, radios, '
        "checkboxes, file_upload, error_summary %}"
        '{% from "_macros/ui.html" import step_indicator, summary_list, status_tag, '
        "deadline_badge, data_table, table_region, pager, masked, notice %}"
    )
    return env.from_string(header + source).render(**context)


# ---------- a tiny DOM, so assertions do not depend on attribute order or whitespace ----------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, **attrs):
        def matches(node):
            if tag and node.tag != tag:
                return False
            for key, value in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                have = node.attrs.get(key)
                if key == "class":
                    if have is None or not set(value.split()) <= set(have.split()):
                        return False
                elif value is True:
                    if key not in node.attrs:
                        return False
                elif have != value:
                    return False
            return True

        return [node for node in self.iter() if matches(node)]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}> in the output"
        return found[0]

    def by_id(self, element_id):
        return self.find(id=element_id)

    def classes(self):
        return set(self.attrs.get("class", "").split())


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, [(k, "" if v is None else v) for k, v in attrs], self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, [(k, v or "") for k, v in attrs], self.current))

    def handle_endtag(self, tag):
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    ids = [node.attrs["id"] for node in builder.root.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids)), f"duplicate ids: {ids}"
    return builder.root


def visible_text(node: Node) -> str:
    """Text a sighted user sees: without visually hidden spans."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif "visually-hidden" not in child.classes():
            parts.append(visible_text(child))
    return "".join(parts)


def spoken_text(node: Node) -> str:
    """Text a screen reader reads: without aria-hidden parts."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.attrs.get("aria-hidden") != "true":
            parts.append(spoken_text(child))
    return "".join(parts)


def described_by(node: Node) -> list[str]:
    return node.attrs.get("aria-describedby", "").split()


# ---------- WTForms classes (plain wtforms.Form: no app, no CSRF) ----------


def choices(*pairs):
    return [SelectChoice(v, label) if SelectChoice else (v, label) for v, label in pairs]


class ApplicantForm(Form):
    name = StringField("姓名", validators=[InputRequired("请输入申请人姓名")])
    phone = TelField("手机号码", validators=[Optional()])
    id_no = StringField(
        "公民身份号码",
        validators=[InputRequired("请输入 18 位公民身份号码，最后一位可以是数字或 X")],
    )
    kind = RadioField(
        "您是为谁申请？",
        choices=choices(("self", "为自己申请"), ("agent", "为他人代理申请")),
        validators=[InputRequired("请选择为谁申请")],
    )
    materials = SelectMultipleField(
        "您已有哪些材料？",
        choices=choices(("id", "身份证明"), ("act", "行政行为文书"), ("other", "其他证据")),
        validators=[Optional()],
    )
    organ = SelectField(
        "被申请人",
        choices=choices(("", "请选择"), ("gaj", "某某市公安局")),
        validators=[Optional()],
    )
    reasons = TextAreaField("事实和理由", validators=[Optional()])
    agree = BooleanField(
        "我已阅读并知悉", validators=[InputRequired("请勾选“我已阅读并知悉”后继续")]
    )
    files = MultipleFileField("证据材料")


class DatePartsForm(Form):
    year = StringField("年")
    month = StringField("月")
    day = StringField("日")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        try:
            date_from_parts(self.year.data, self.month.data, self.day.data)
        except DateInputError as err:
            getattr(self, err.part or "year").errors.append(str(err))
            return False
        return ok


class ActForm(Form):
    act_name = StringField("行政行为名称", validators=[InputRequired("请输入行政行为名称")])
    made = FormField(DatePartsForm, label="行政行为作出日期")


class IntakeForm(Form):
    received = StringField("收件日期", validators=[InputRequired("请输入收件日期")])


def posted(form_class, **data):
    form = form_class(formdata=MultiDict(data))
    form.validate()
    return form


# ---------- field (A13, A14) ----------


def test_field_label_above_hint_tied_by_aria_describedby():
    form = ApplicantForm()
    dom = parse(
        render(
            "{{ field(form.name, hint='与身份证件上的姓名一致', autocomplete='name') }}", form=form
        )
    )
    label, hint, control = dom.find("label"), dom.find(class_="form-hint"), dom.find("input")
    assert label.attrs["for"] == "name" and label.text == "姓名"
    assert hint.attrs["id"] == "name-hint" and hint.text == "与身份证件上的姓名一致"
    assert described_by(control) == ["name-hint"]
    assert control.attrs["autocomplete"] == "name"
    assert "form-control" in control.classes()
    assert "aria-invalid" not in control.attrs
    assert "required" not in control.attrs  # only the server's messages, no browser bubbles
    order = [node.tag for node in dom.iter() if node.tag in ("label", "div", "input")]
    assert order.index("label") < order.index("input")


def test_field_optional_is_marked_and_required_is_not_starred():
    dom = parse(
        render("{{ field(form.phone, optional=True, autocomplete='tel') }}", form=ApplicantForm())
    )
    assert dom.find("label").text == "手机号码（选填）"
    assert "*" not in render("{{ field(form.name) }}", form=ApplicantForm())


def test_field_with_error_keeps_input_and_links_message():
    form = posted(ApplicantForm, name="", phone="138 1234 5678")
    dom = parse(
        render(
            "{{ field(form.name, hint='与身份证件一致') }}{{ field(form.phone, optional=True) }}",
            form=form,
        )
    )
    name = dom.by_id("name")
    message = dom.by_id("name-error")
    assert name.attrs["aria-invalid"] == "true"
    assert described_by(name) == ["name-hint", "name-error"]
    assert "is-invalid" in name.classes()
    assert message.find(class_="visually-hidden").text == "错误："
    assert visible_text(message) == "请输入申请人姓名"
    assert "has-error" in message.parent.classes()
    phone = dom.by_id("phone")
    assert phone.attrs["value"] == "138 1234 5678" and "aria-invalid" not in phone.attrs


def test_field_renders_selects_textareas_and_extra_attributes():
    form = ApplicantForm()
    dom = parse(
        render("{{ field(form.organ) }}{{ field(form.reasons, optional=True, rows=8) }}", form=form)
    )
    assert "form-select" in dom.find("select").classes()
    textarea = dom.find("textarea")
    assert "form-control" in textarea.classes() and textarea.attrs["rows"] == "8"


def test_field_single_checkbox():
    form = posted(ApplicantForm, name="张三")
    dom = parse(render("{{ field(form.agree) }}", form=form))
    box = dom.find("input", type="checkbox")
    assert "form-check-input" in box.classes() and box.attrs["aria-invalid"] == "true"
    assert dom.find("label", for_="agree").text == "我已阅读并知悉"
    assert described_by(box) == ["agree-error"]


def test_field_as_page_heading():
    dom = parse(render("{{ field(form.name, heading=True) }}", form=ApplicantForm()))
    assert dom.find("h1").find("label").attrs["for"] == "name"


def test_id_number_field():
    dom = parse(render("{{ id_number(form.id_no) }}", form=ApplicantForm()))
    control = dom.by_id("id_no")
    assert control.attrs["autocomplete"] == "off" and control.attrs["spellcheck"] == "false"
    assert "最后一位可以是数字或 X" in dom.by_id("id_no-hint").text


def test_user_text_is_escaped():
    form = posted(ApplicantForm, name="<script>alert(1)</script>")
    html = render(
        "{{ field(form.name, hint='<b>提示</b>') }}"
        "{{ summary_list([('姓名', form.name.data, None)]) }}",
        form=form,
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


# ---------- date_input (A12) ----------


def test_date_input_is_a_fieldset_of_three_numeric_fields():
    form = ActForm()
    dom = parse(
        render(
            "{{ date_input(form.made.year, form.made.month, form.made.day, "
            "'行政行为是哪天作出的？') }}",
            form=form,
        )
    )
    fieldset = dom.find("fieldset")
    assert fieldset.find("legend").text.strip() == "行政行为是哪天作出的？"
    hint = fieldset.find(class_="form-hint")
    assert hint.text == "例如 2026 3 27" and described_by(fieldset) == [hint.attrs["id"]]
    inputs = fieldset.find_all("input")
    assert [i.attrs["id"] for i in inputs] == ["made-year", "made-month", "made-day"]
    for control, word in zip(inputs, ("年", "月", "日"), strict=True):
        assert control.attrs["inputmode"] == "numeric" and control.attrs["type"] == "text"
        assert dom.find("label", for_=control.attrs["id"]).text == word
        assert "aria-invalid" not in control.attrs


def test_date_input_error_names_the_part_and_marks_only_that_part():
    form = posted(
        ActForm,
        act_name="某某处罚决定",
        **{"made-year": "2026", "made-month": "13", "made-day": "7"},
    )
    source = (
        "{{ error_summary(form) }}"
        "{{ date_input(form.made.year, form.made.month, form.made.day, '作出日期', "
        "hint='例如 2026 3 27') }}"
    )
    dom = parse(render(source, form=form))
    error = dom.find(class_="error-message")
    assert visible_text(error) == "月份必须在 1 到 12 之间"
    assert error.attrs["id"] in described_by(dom.find("fieldset"))
    assert dom.by_id("made-month").attrs["aria-invalid"] == "true"
    assert "aria-invalid" not in dom.by_id("made-year").attrs
    assert "aria-invalid" not in dom.by_id("made-day").attrs
    # A14: the summary links to the first wrong part, and the value typed is kept.
    link = dom.by_id("error-summary").find("a")
    assert link.attrs["href"] == "#made-month" and link.text == "月份必须在 1 到 12 之间"
    assert dom.by_id("made-month").attrs["value"] == "13"


def test_date_input_whole_date_error_marks_every_part():
    form = ActForm()
    dom = parse(
        render(
            "{{ date_input(form.made.year, form.made.month, form.made.day, '作出日期', "
            "error='日期不能晚于今天') }}",
            form=form,
        )
    )
    assert all(i.attrs["aria-invalid"] == "true" for i in dom.find_all("input"))
    assert "日期不能晚于今天" in dom.find(class_="error-message").text


# ---------- date_text (C3) ----------


def test_date_text_one_box_with_polite_echo():
    form = posted(IntakeForm, received="2026.3.7")
    notes = {"2026-10-01": "节假日"}
    dom = parse(
        render(
            "{{ date_text(form.received, '2026-03-07（星期六，休息日）', day_notes=notes) }}",
            form=form,
            notes=notes,
        )
    )
    control = dom.by_id("received")
    echo = dom.by_id("received-echo")
    assert control.attrs["type"] == "text" and control.attrs["value"] == "2026.3.7"
    assert echo.attrs["aria-live"] == "polite" and echo.text == "2026-03-07（星期六，休息日）"
    assert described_by(control) == ["received-hint", "received-echo"]
    assert control.attrs["data-date-echo"] == "received-echo"
    assert json.loads(control.attrs["data-day-notes"]) == notes
    assert "20260307" in dom.by_id("received-hint").text


def test_date_text_error():
    form = posted(IntakeForm, received="")
    dom = parse(render("{{ date_text(form.received) }}", form=form))
    control = dom.by_id("received")
    assert control.attrs["aria-invalid"] == "true"
    assert described_by(control) == ["received-hint", "received-error", "received-echo"]


# ---------- radios / checkboxes ----------


def test_radios_in_a_fieldset_with_legend():
    form = posted(ApplicantForm, kind="agent")
    dom = parse(
        render(
            "{{ radios(form.kind, '您是为谁申请？', hint='代理他人需要授权委托书', "
            "option_hints={'agent': '需上传授权委托书'}) }}",
            form=form,
        )
    )
    fieldset = dom.find("fieldset")
    assert fieldset.find("legend").text.strip() == "您是为谁申请？"
    radios = fieldset.find_all("input", type="radio")
    assert [r.attrs["id"] for r in radios] == ["kind", "kind-2"]  # the first has the field's id
    assert {r.attrs["name"] for r in radios} == {"kind"}
    assert "checked" in radios[1].attrs and "checked" not in radios[0].attrs
    assert dom.find("label", for_="kind-2").text == "为他人代理申请"
    assert described_by(radios[1]) == ["kind-2-hint"]
    assert described_by(fieldset) == ["kind-group-hint"]


def test_radios_error_and_field_dispatch():
    form = posted(ApplicantForm)
    dom = parse(render("{{ field(form.kind) }}", form=form))
    fieldset = dom.find("fieldset")
    assert described_by(fieldset) == ["kind-group-error"]
    assert visible_text(dom.by_id("kind-group-error")) == "请选择为谁申请"
    assert dom.find("legend").text.strip() == "您是为谁申请？"


def test_checkboxes_keep_every_choice():
    form = posted(ApplicantForm, materials=["id", "other"])
    dom = parse(
        render("{{ checkboxes(form.materials, '您已有哪些材料？', optional=True) }}", form=form)
    )
    boxes = dom.find_all("input", type="checkbox")
    assert [b.attrs["id"] for b in boxes] == ["materials", "materials-2", "materials-3"]
    assert ["checked" in b.attrs for b in boxes] == [True, False, True]
    assert dom.find("legend").text.strip() == "您已有哪些材料？（选填）"


# ---------- file_upload (A11) ----------


def test_file_upload_states_limits_before_choosing():
    limits = "支持 PDF、JPG、PNG；每个不超过 20 MB；最多 30 个"
    html = render(
        "{{ file_upload(form.files, limits, accept='.pdf,.jpg,.png') }}",
        form=ApplicantForm(),
        limits=limits,
    )
    dom = parse(html)
    control = dom.find("input", type="file")
    assert "multiple" in control.attrs and control.attrs["accept"] == ".pdf,.jpg,.png"
    assert dom.by_id("files-hint").text == limits and described_by(control) == ["files-hint"]
    assert html.index(limits) < html.index('type="file"')


# ---------- error_summary (A14) ----------


def test_error_summary_from_a_form_links_every_field_in_order():
    form = posted(ApplicantForm, phone="13812345678")
    page = (
        "{{ error_summary(form) }}"
        "{{ field(form.name) }}{{ field(form.phone, optional=True) }}{{ id_number(form.id_no) }}"
        "{{ radios(form.kind, '您是为谁申请？') }}{{ field(form.agree) }}"
    )
    dom = parse(render(page, form=form))
    summary = dom.by_id("error-summary")
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    assert "alert-danger" in summary.classes()
    assert summary.find("h2").text == "请修改以下问题"
    assert summary.attrs["aria-labelledby"] == summary.find("h2").attrs["id"]
    links = summary.find_all("a")
    assert [a.attrs["href"] for a in links] == ["#name", "#id_no", "#kind", "#agree"]
    assert links[0].text == "请输入申请人姓名"
    for link in links:  # every link lands on a real control, whose own message says the same
        target = dom.by_id(link.attrs["href"][1:])
        assert target.tag == "input"
        assert link.text in dom.text


def test_error_summary_from_mapping_and_pairs():
    dom = parse(
        render("{{ error_summary({'name': ['请输入姓名', '第二条'], None: '整张表的问题'}) }}")
    )
    items = dom.find_all("li")
    assert items[0].find("a").attrs["href"] == "#name" and items[0].text == "请输入姓名"
    assert items[1].text == "整张表的问题" and not items[1].find_all("a")
    dom = parse(render("{{ error_summary([('phone', '请输入 11 位手机号码')]) }}"))
    assert dom.find("a").attrs["href"] == "#phone"


def test_error_summary_shows_form_level_errors_unlinked():
    form = posted(ApplicantForm, name="张三", kind="self", agree="y", id_no="x")
    form.form_errors.append("该申请已提交，不能重复提交")
    dom = parse(render("{{ error_summary(form) }}", form=form))
    assert dom.find("li").text == "该申请已提交，不能重复提交"
    assert not dom.find_all("a")


def test_error_summary_renders_nothing_without_errors():
    assert render("{{ error_summary(form) }}", form=ApplicantForm()).strip() == ""
    assert render("{{ error_summary({}) }}").strip() == ""
    assert render("{{ error_summary(none) }}").strip() == ""


# ---------- step_indicator (A4) ----------

STEPS = ["申请人", "被申请人", "行政行为", "复议请求", "事实和理由", "证据材料", "送达方式", "检查"]


def test_step_indicator_text_and_list():
    dom = parse(render("{{ step_indicator(steps, 3) }}", steps=STEPS))
    assert dom.find("p").text == "第 3 步，共 8 步：行政行为"
    items = dom.find("ol").find_all("li")
    assert len(items) == 8
    assert [i.attrs.get("aria-current") for i in items].count("step") == 1
    assert items[2].attrs["aria-current"] == "step"
    hidden = [i.find(class_="visually-hidden").text for i in items]
    assert (
        hidden[:2] == ["（已完成）"] * 2
        and hidden[2] == "（当前）"
        and set(hidden[3:]) == {"（未完成）"}
    )
    assert spoken_text(items[0]) == "申请人（已完成）"


# ---------- summary_list (A7) ----------


def test_summary_list_rows_empty_values_and_change_links():
    rows = [
        ("申请人姓名", "张三", "/apply/applicant"),
        ("联系电话", "", "/apply/applicant#phone"),
        ("证据材料", [], "/apply/evidence", "未上传（可在补正时提供）"),
        ("请求事项", ["撤销处罚决定", "返还罚款"], None),
    ]
    dom = parse(render("{{ summary_list(rows) }}", rows=rows))
    keys = [dt.text for dt in dom.find_all("dt")]
    assert keys == ["申请人姓名", "联系电话", "证据材料", "请求事项"]
    values = dom.find_all("dd", class_="summary-list-value")
    assert values[0].text.strip() == "张三"
    assert values[1].text.strip() == "未填写"
    assert values[2].text.strip() == "未上传（可在补正时提供）"
    assert [li.text for li in values[3].find_all("li")] == ["撤销处罚决定", "返还罚款"]
    links = dom.find_all("a")
    assert len(links) == 3
    assert links[0].attrs["href"] == "/apply/applicant"
    assert visible_text(links[0]) == "修改" and spoken_text(links[0]) == "修改申请人姓名"


# ---------- status_tag, deadline_badge (H2) ----------


def test_status_tag():
    dom = parse(
        render("{{ status_tag('待受理审查', 'warning') }}{{ status_tag('已结案', 'bogus') }}")
    )
    tags = dom.find_all("span")
    assert tags[0].classes() == {"status-tag", "status-warning"} and tags[0].text == "待受理审查"
    assert "status-neutral" in tags[1].classes()


@pytest.mark.parametrize(
    ("badge", "css", "words"),
    [
        (
            {"text": "逾期 2 个工作日", "tone": "overdue", "title": "2026年3月5日（星期四）"},
            "deadline-overdue",
            "逾期 2 个工作日",
        ),
        (
            {"text": "今日届满", "tone": "today", "title": "2026年3月7日（星期六）"},
            "deadline-today",
            "今日届满",
        ),
        (
            SimpleNamespace(
                text="剩 3 个工作日", tone="soon", title="2026年3月11日（星期三）", provisional=True
            ),
            "deadline-soon",
            "剩 3 个工作日（暂定）",
        ),
        (
            {"text": "剩 12 天", "tone": "normal", "title": "2026年3月19日（星期四）"},
            "deadline-normal",
            "剩 12 天",
        ),
        ({"text": "期限中止", "tone": "paused"}, "deadline-paused", "⏸ 期限中止"),
        ({"text": "剩 12 天", "tone": "purple"}, "deadline-normal", "剩 12 天"),
    ],
)
def test_deadline_badge_words_first(badge, css, words):
    dom = parse(render("{{ deadline_badge(badge) }}", badge=badge))
    span = dom.find("span", class_="deadline-badge")
    assert css in span.classes()
    assert visible_text(span) == words
    title = (
        badge["title"]
        if isinstance(badge, dict) and "title" in badge
        else getattr(badge, "title", None)
    )
    if title:
        assert span.attrs["title"] == title
        assert title in spoken_text(span)  # the date also reaches keyboard and screen-reader users
    else:
        assert "title" not in span.attrs
    assert "⏸" not in spoken_text(span)


def test_deadline_badge_none_renders_nothing():
    assert render("{{ deadline_badge(none) }}").strip() == ""


# ---------- data_table (H1) ----------


def test_data_table_caption_scopes_and_aria_sort():
    headers = [
        {"label": "案号", "key": "case_no", "url": "?sort=case_no"},
        ("申请人", "applicant", None),
        {"label": "下一期限", "key": "due", "url": "?sort=due&dir=desc"},
        "经办人",
    ]
    rows = [
        [
            Markup('<a href="/cases/1">合府复〔2026〕17号</a>'),
            "张*",
            Markup('<span class="x">剩 3 天</span>'),
            "李四",
        ],
        ["合府复〔2026〕18号", "<b>王*</b>", "", None],
    ]
    dom = parse(
        render(
            "{{ data_table('待办案件（共 2 件）', headers, rows, sort=('due', 'asc')) }}",
            headers=headers,
            rows=rows,
        )
    )
    table = dom.find("table")
    assert table.find("caption").text == "待办案件（共 2 件）"
    ths = table.find("thead").find_all("th")
    assert [th.attrs["scope"] for th in ths] == ["col"] * 4
    assert [th.attrs.get("aria-sort") for th in ths] == [None, None, "ascending", None]
    assert ths[0].find("a").attrs["href"] == "?sort=case_no"
    body_rows = table.find("tbody").find_all("tr")
    assert body_rows[0].find("th").attrs["scope"] == "row"
    assert body_rows[0].find("a").attrs["href"] == "/cases/1"  # Markup cells are kept
    assert body_rows[1].find_all("td")[0].text == "<b>王*</b>"  # plain text is escaped
    region = dom.find("div", class_="table-responsive")
    assert region.attrs["role"] == "region" and region.attrs["tabindex"] == "0"


def test_data_table_empty_and_descending():
    dom = parse(
        render(
            "{{ data_table('结果', ['案号', ('收件日期', 'received')], [], "
            "sort={'key': 'received', 'dir': 'descending'}) }}"
        )
    )
    assert dom.find("th", aria_sort="descending").text.startswith("收件日期")
    cell = dom.find("tbody").find("td")
    assert cell.text == "没有记录" and cell.attrs["colspan"] == "2"


def test_table_region_wraps_the_callers_rows():
    source = (
        "{% call table_region('我的草稿（1 份）', ['草稿', '操作'], label='我的草稿') %}"
        "<tr><th scope=\"row\">d</th><td><a href=\"/x\">继续</a></td></tr>{% endcall %}"
    )
    dom = parse(render(source))
    region = dom.find("div", class_="table-responsive")
    assert region.attrs["role"] == "region" and region.attrs["tabindex"] == "0"
    assert region.attrs["aria-label"] == "我的草稿"
    assert dom.find("caption").text == "我的草稿（1 份）"
    assert [th.attrs["scope"] for th in dom.find("thead").find_all("th")] == ["col", "col"]
    assert dom.find("tbody").find("a").attrs["href"] == "/x"


def test_pager_keeps_the_filters():
    page = SimpleNamespace(page=2, pages=3, has_prev=True, prev_num=1, has_next=True, next_num=3)
    dom = parse(render("{{ pager(page, 'cases.index', {'status': 'open'}) }}", page=page))
    nav = dom.find("nav")
    assert nav.attrs["aria-label"] == "翻页" and "no-print" in nav.classes()
    assert [a.attrs["href"] for a in nav.find_all("a")] == [
        "/cases.index?status=open&page=1",
        "/cases.index?status=open&page=3",
    ]
    assert "第 2 / 3 页" in visible_text(nav)
    first = SimpleNamespace(page=1, pages=0, has_prev=False, prev_num=None, has_next=False, next_num=None)
    dom = parse(render("{{ pager(page, 'audit.index') }}", page=first))
    assert dom.find("nav").find_all("a") == [] and "第 1 / 1 页" in visible_text(dom.find("nav"))


# ---------- masked (S13) ----------


def test_masked_hides_digits_and_reads_sensibly():
    html = render("{{ masked('11010519491231002X', 'id') }} {{ masked('13812345678', 'phone') }}")
    assert not re.search(r"\d{17}[\dXx]", html) and not re.search(r"1\d{10}", html)
    dom = parse(html)
    spans = dom.find_all("span", class_="masked")
    assert visible_text(spans[0]) == "1101**********002X"
    assert spoken_text(spans[0]) == "1101（已隐藏 10 位）002X"
    assert visible_text(spans[1]) == "138****5678"


def test_masked_names_and_organisations():
    dom = parse(render("{{ masked('欧阳修', 'name') }}{{ masked('某某市公安局', 'name') }}"))
    spans = dom.find_all("span", class_="masked")
    assert visible_text(spans[0]) == "欧阳*"
    assert spans[1].text == "某某市公安局" and not spans[1].find_all(class_="visually-hidden")


# ---------- notice ----------


@pytest.mark.parametrize(
    ("kind", "role", "css"),
    [
        ("status", "status", "alert-success"),
        ("alert", "alert", "alert-danger"),
        ("info", None, "alert-info"),
        ("warning", None, "alert-warning"),
    ],
)
def test_notice_roles(kind, role, css):
    dom = parse(render("{{ notice('已保存', kind) }}", kind=kind))
    box = dom.find("div")
    assert box.attrs.get("role") == role and css in box.classes() and box.text == "已保存"


# ---------- both locales ----------


def test_macros_words_go_through_gettext():
    form = posted(ApplicantForm, phone="13812345678")
    source = (
        "{{ error_summary(form) }}{{ field(form.name) }}{{ field(form.phone, optional=True) }}"
        "{{ step_indicator(steps, 2) }}{{ summary_list([('Name', '', '/x')]) }}"
        "{{ date_input(act.made.year, act.made.month, act.made.day, 'Date of the decision') }}"
    )
    dom = parse(
        render(
            source,
            env=EN_ENV,
            form=form,
            steps=["Applicant", "Respondent", "Decision"],
            act=ActForm(),
        )
    )
    assert dom.by_id("error-summary").find("h2").text == "There is a problem"
    assert dom.by_id("name-error").find(class_="visually-hidden").text == "Error: "
    assert dom.find("label", for_="phone").text == "手机号码 (optional)"
    assert dom.find("p", class_="step-indicator-text").text == "Step 2 of 3: Respondent"
    assert spoken_text(dom.find("li", aria_current="step")) == "Respondent (current)"
    assert dom.find(class_="summary-list-empty").text == "Not provided"
    assert spoken_text(dom.find("dd", class_="summary-list-actions")) == "ChangeName"
    assert [dom.find("label", for_=f"made-{p}").text for p in ("year", "month", "day")] == [
        "Year",
        "Month",
        "Day",
    ]


# ---------- every class the macros use is styled somewhere ----------


def test_macro_classes_exist_in_the_stylesheets():
    form = posted(ApplicantForm, materials=["id"])
    act = posted(ActForm, **{"made-month": "13"})
    source = (
        "{{ error_summary(form) }}{{ field(form.name) }}{{ field(form.agree) }}"
        "{{ field(form.organ) }}"
        "{{ id_number(form.id_no) }}{{ radios(form.kind, 'q', option_hints={'self': 'h'}) }}"
        "{{ checkboxes(form.materials, 'q') }}{{ file_upload(form.files, 'l') }}"
        "{{ date_input(act.made.year, act.made.month, act.made.day, 'q', heading=True) }}"
        "{{ date_text(intake.received, 'e') }}{{ step_indicator(['a', 'b'], 1) }}"
        "{{ summary_list([('a', '', '/x'), ('b', ['c'], None)]) }}{{ status_tag('s', 'info') }}"
        "{% for tone in ['overdue', 'today', 'soon', 'normal', 'paused'] %}"
        "{{ deadline_badge({'text': 't', 'tone': tone, 'provisional': True}) }}{% endfor %}"
        "{{ data_table('c', [('h', 'k', '?s')], [['x', 'y']], sort=('k', 'desc')) }}"
        "{% call table_region('c', ['h']) %}{% endcall %}"
        "{{ masked('13812345678', 'phone') }}{{ notice('n', 'warning') }}"
    )
    dom = parse(render(source, form=form, act=act, intake=posted(IntakeForm)))
    used = set().union(*(node.classes() for node in dom.iter()))
    css = "\n".join(path.read_text(encoding="utf-8") for path in CSS_FILES)
    defined = set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", re.sub(r"url\([^)]*\)", "", css)))
    assert used <= defined, sorted(used - defined)
