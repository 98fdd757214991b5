"""Fixtures shared by the browser journeys."""

from __future__ import annotations

import pytest

from tests.intake.factories import file_online


@pytest.fixture
def filed_case(app, users):
    """An online application of the demo applicant, filed through the service."""
    return file_online(app, users["applicant"])
