"""Review: an id or page number too big for the database is "not found" (or page 1), never a 500.
SQLite and PostgreSQL integers stop at 2**63 - 1; the driver raised OverflowError beyond that."""

import pytest

from tests.conftest import login

HUGE = "9" * 25


@pytest.mark.parametrize("url", [
    f"/cases/{HUGE}",
    f"/cases/{HUGE}/materials/1",
    f"/cases/1/materials/{HUGE}",
    f"/cases/{HUGE}/documents",
    f"/documents/{HUGE}.pdf",
    f"/documents/{HUGE}/service",
    f"/deadlines/{HUGE}",
])
def test_huge_ids_in_staff_urls_are_not_found(client, users, url):
    login(client, "handler")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [f"/apply/{HUGE}", f"/apply/{HUGE}/applicant", f"/apply/{HUGE}/check"])
def test_huge_draft_ids_are_not_found(client, users, url):
    login(client, "applicant")
    assert client.get(url).status_code == 404


def test_huge_ids_in_api_urls_are_not_found(client, users):
    from tests.intake.factories import token_for

    headers = token_for(client, "clerk")
    response = client.get(f"/api/v1/documents/{HUGE}.pdf", headers=headers)
    assert response.status_code == 404 and "errors" in response.get_json()


@pytest.mark.parametrize("url", [f"/cases/?page={HUGE}", f"/audit/?page={HUGE}", f"/deadlines/?page={HUGE}",
                                 "/cases/?page=-3", "/cases/?page=abc"])
def test_huge_page_numbers_do_not_fail(client, users, url):
    login(client, "supervisor")
    assert client.get(url).status_code == 200
