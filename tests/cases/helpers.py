"""Cases for the workflow tests: filed through the intake service on a chosen day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from recon.clock import BEIJING
from recon.extensions import db
from tests.intake.factories import payload


def beijing(day: date, hour: int = 10) -> datetime:
    """``hour`` o'clock Beijing time on ``day``, as an aware UTC datetime."""
    return datetime.combine(day, time(hour), tzinfo=BEIJING).astimezone(UTC)


def postal_case(app, users, received: date, **changes):
    """A postal application posted the day before ``received`` and registered that day by the
    clerk (the act known 10 days earlier, so it is timely)."""
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    known = received - timedelta(days=10)
    data = payload("postal", act__made_on=(known - timedelta(days=2)).isoformat(),
                   act__known_on=known.isoformat(), **changes)
    data["postal"].update(postmark_on=(received - timedelta(days=1)).isoformat(), received_on=received.isoformat())
    now = beijing(received)
    form = ApplicationForm(data=data, today=received)
    assert form.validate(), form.errors
    case = intake.register_application(db.session, form.data, users["clerk"], now,
                                       storage=Storage(app.config["STORAGE_DIR"]),
                                       settings=intake_settings(app.config)).case
    db.session.commit()
    return case


def deadlines_of(case) -> dict[str, list]:
    """``{rule: [(state, start_on, due_on), ...]}`` of the case, oldest first."""
    from recon.deadlines.models import Deadline

    found: dict[str, list] = {}
    for d in db.session.scalars(select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.id)):
        found.setdefault(d.rule, []).append((d.state, d.start_on, d.due_on))
    return found


def document_settings(app):
    from recon.documents.services import settings_from_config

    return settings_from_config(app.config)


def act(app, case, action, data, actor, now, version=None):
    """``workflow.perform`` with the app's document settings, committed."""
    from recon.cases import workflow

    outcome = workflow.perform(db.session, case, action, data, actor, now, version,
                               documents=document_settings(app))
    db.session.commit()
    return outcome


#: The moment the API acts at in the tests that post actions day by day (``api_post`` sets it to
#: 10:00 Beijing on the action's day; the test module patches ``recon.api.actions.now_utc`` to it).
API_CLOCK: dict[str, datetime] = {}


def api_post(client, case, action, body, role="handler"):
    """POST an action through the API as ``role``, on the latest day the body names."""
    from urllib.parse import quote

    from tests.conftest import FIXED_NOW
    from tests.intake.factories import token_for

    days = [body[k] for k in ("on", "served_on", "received_on") if body.get(k)]
    # acting on the latest day the body names
    API_CLOCK["now"] = beijing(date.fromisoformat(max(days))) if days else FIXED_NOW
    return client.post(f"/api/v1/cases/{quote(case.case_no)}/actions/{action}", json=body,
                       headers=token_for(client, role))


def api_ok(client, case, action, body, role="handler"):
    response = api_post(client, case, action, body, role)
    assert response.status_code == 200, response.get_json()
    return response.get_json()
