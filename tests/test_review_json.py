"""Review: a JSON body nested too deeply for Python's parser is bad input (400), not a 500."""

import pytest

from tests.intake.factories import token_for

DEEP = b"[" * 200_000


def test_deep_json_on_filing(client, users):
    headers = token_for(client, "clerk")
    response = client.post("/api/v1/applications", data=DEEP,
                           headers={**headers, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert "JSON" in response.get_json()["errors"]["_"]


@pytest.mark.parametrize("body", [DEEP, b'{"username": ' + DEEP])
def test_deep_json_on_token(client, body):
    response = client.post("/api/v1/auth/token", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
