"""The clerk entry page's side list of sections with「已填 / 未填 / 有错误」(ux.md C1).

Each section is a list of *groups* of HTML field names. A group is active always, or when one of its
``if_any`` fields has a value, or when its ``if_value`` field has that value; a section is「已填」when
at least one group is active and every ``required`` field of the active groups has a value, else
「未填」. Sections without an always-active group are the optional ones (nothing entered:「未填」).
「有错误」comes only from the server: the last save found an error in one of the section's fields.

The page computes the statuses here (works without JS); static/js/sections.js applies the same rule
to the same groups (sent as data-groups) as the clerk types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recon.fields import leaf_fields
from recon.i18n import gettext

FILLED, EMPTY, ERROR = "filled", "empty", "error"


@dataclass
class Section:
    anchor: str  # the fieldset's id is "section-<anchor>"
    label: str
    groups: list[dict] = field(default_factory=list)
    optional: bool = False
    status: str = EMPTY

    @property
    def id(self) -> str:
        return f"section-{self.anchor}"


def status_texts() -> dict[str, str]:
    return {FILLED: gettext("已填"), EMPTY: gettext("未填"), ERROR: gettext("有错误")}


def _value(item) -> str | bool:
    """What the page shows in the control: a checkbox's state, or the trimmed text."""
    if item.type == "BooleanField":
        return bool(item.data)
    value = item._value() if hasattr(item, "_value") else item.data  # radios have no _value()
    return str(value or "").strip()


def _errors(items) -> bool:
    return any(item.errors for item in items)


def _filled(groups, values: dict[str, str | bool]) -> bool:
    active = [g for g in groups
              if ("if_any" not in g and "if_value" not in g)
              or any(values.get(name) for name in g.get("if_any", ()))
              or ("if_value" in g and values.get(g["if_value"][0]) == g["if_value"][1])]
    return bool(active) and all(values.get(name) for g in active for name in g["required"])


def entry_sections(form, channel: str, file_names: list[str], held: bool = False) -> list[Section]:
    """The sections of the clerk's entry page for `channel` ("onsite" | "postal"), in page order,
    with their status. Call after the blank agent / third-party rows have been added. ``held``:
    the page holds files received with an earlier save (hidden ``held`` inputs)."""
    app = form.applicant.form
    agents = [
        {"if_any": [e.form.name.name, e.form.id_number.name, e.form.phone.name],
         "required": [e.form.name.name, e.form.id_number.name, e.form.phone.name]}
        for e in form.agents
    ] + [
        {"if_any": [e.form.name.name, e.form.id_number.name], "required": [e.form.name.name]}
        for e in form.third_parties
    ]
    if channel == "postal":
        sub = form.postal.form
        channel_groups = [{"required": [sub.postmark_on.name, sub.received_on.name]}]
    else:
        sub = form.onsite.form
        channel_groups = [{"if_any": [sub.received_at.name], "required": []},
                          {"if_any": [sub.oral.name, sub.oral_statement.name],
                           "required": [sub.oral_statement.name]}]
    act = form.act.form
    sections = [
        Section("channel", gettext("渠道"), channel_groups),
        Section("applicant", gettext("申请人"), [
            {"required": [app.name.name, app.id_number.name, app.phone.name, app.address.name]},
            {"if_value": [app.kind.name, "organization"], "required": [app.legal_representative.name]},
        ]),
        Section("agents", gettext("代理人、第三人"), agents, optional=True),
        Section("respondent", gettext("被申请人"), [{"required": [form.respondent.form.name.name]}]),
        Section("act", gettext("行政行为"), [{"required": [act.title.name, act.known_on.name,
                                                          act.informed_of_rights.name]}]),
        Section("request", gettext("请求与理由"), [{"required": [form.request.name,
                                                                form.facts_and_reasons.name]}]),
        # File inputs are never filled again by the server: the files it received are listed
        # (and sent back) as hidden ``held`` inputs; only the script can see newly chosen files.
        Section("files", gettext("材料"), [{"if_any": [*file_names, "held"], "required": []}], optional=True),
    ]
    fields_of = {
        "channel": list(leaf_fields(sub)),
        "applicant": list(leaf_fields(app)),
        "agents": list(leaf_fields(form.agents)) + list(leaf_fields(form.third_parties)),
        "respondent": list(leaf_fields(form.respondent.form)),
        "act": list(leaf_fields(act)),
        "request": [form.request, form.facts_and_reasons, form.litigation_filed, form.normative_review],
        "files": [],
    }
    values = {item.name: _value(item) for items in fields_of.values() for item in items} | {"held": held}
    for section in sections:
        if _errors(fields_of[section.anchor]):
            section.status = ERROR
        elif _filled(section.groups, values):
            section.status = FILLED
    return sections
