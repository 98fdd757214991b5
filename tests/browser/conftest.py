"""Fixtures shared by the browser journeys."""

from __future__ import annotations

import pytest

from recon.extensions import db
from tests.conftest import FIXED_NOW
from tests.intake.factories import payload


@pytest.fixture
def filed_case(app, users):
    """An online application of the demo applicant, filed through the service at FIXED_NOW."""
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage

    form = ApplicationForm(data=payload(), today=FIXED_NOW.date())
    assert form.validate(), form.errors
    result = intake.register_application(db.session, form.data, users["applicant"], FIXED_NOW,
                                         storage=Storage(app.config["STORAGE_DIR"]),
                                         settings=intake_settings(app.config))
    db.session.commit()
    return result.case
