from tests.conftest import PASSWORD


def _token(client, username):
    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"token", "id", "expires_at", "role"}
    return body["token"]


def test_token_and_staff_listing(client, users):
    token = _token(client, "handler")
    response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json() == {"items": [], "per_page": 50, "next_cursor": None, "total": 0,
                                   "total_capped": False}


def test_listing_needs_a_token(client, users):
    response = client.get("/api/v1/cases")
    assert response.status_code == 401
    assert "errors" in response.get_json()
    response = client.get("/api/v1/cases", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_applicant_may_not_list(client, users):
    token = _token(client, "applicant")
    response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_bad_credentials_and_bad_body(client, users):
    response = client.post("/api/v1/auth/token", json={"username": "clerk", "password": "no"})
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_json()["errors"]["password"]
    response = client.post("/api/v1/auth/token", data="not json", content_type="text/plain")
    assert response.status_code == 400
    response = client.post("/api/v1/auth/token", json={"username": ""})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"username", "password"}


def test_bad_status_filter_is_422(client, users):
    token = _token(client, "clerk")
    response = client.get("/api/v1/cases?status=nope", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert "status" in response.get_json()["errors"]


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert {"/auth/token", "/cases", "/cases/{case_no}", "/applications", "/uploads",
            "/documents/{document_id}.pdf"} <= set(doc["paths"])
    application = doc["components"]["schemas"]["Application"]["properties"]
    assert application["channel"]["enum"] == ["online", "onsite", "postal"]
