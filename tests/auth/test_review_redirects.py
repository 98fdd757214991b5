"""Review: `next=` must never send the browser to another site. Browsers read a backslash as a
slash and drop tabs and newlines, so `/\\evil.example` and `/\t/evil.example` are `//evil.example`."""

import pytest

from tests.conftest import PASSWORD

OFFSITE = ["/\\evil.example/", "/\\\\evil.example", "\\/evil.example", "/\t/evil.example",
           "//evil.example", "https://evil.example/", "/\r\n/evil.example"]


def _is_local(location: str) -> bool:
    cleaned = location.replace("\\", "/")
    cleaned = "".join(ch for ch in cleaned if ch not in "\t\r\n")
    return cleaned.startswith("/") and not cleaned.startswith("//")


@pytest.mark.parametrize("target", OFFSITE)
def test_login_next_stays_on_site(client, users, target):
    response = client.post("/login", query_string={"next": target},
                           data={"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert _is_local(location) and "evil" not in location, location


@pytest.mark.parametrize("target", OFFSITE)
def test_preferences_next_stays_on_site(client, target):
    response = client.get("/preferences", query_string={"contrast": "high", "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert _is_local(location) and "evil" not in location, location


def test_local_next_still_followed(client, users):
    response = client.post("/login", query_string={"next": "/cases/?status=open"},
                           data={"username": "clerk", "password": PASSWORD})
    assert response.headers["Location"] == "/cases/?status=open"
    response = client.get("/preferences", query_string={"next": "/guide#top"})
    assert response.headers["Location"] == "/guide#top"
