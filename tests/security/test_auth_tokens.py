"""Issue 12: API tokens can be revoked (API, CLI, the admin's account page), are listed without
their secrets, and an account holds at most API_TOKEN_MAX_LIVE live tokens (issuing one more
revokes the oldest)."""

from __future__ import annotations

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.auth.models import ApiToken
from recon.extensions import db
from tests.conftest import PASSWORD, login


def _issue(client, username="handler"):
    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    return body["token"], body["id"], {"Authorization": f"Bearer {body['token']}"}


def _works(client, headers) -> bool:
    return client.get("/api/v1/cases", headers=headers).status_code == 200


def test_delete_token_revokes_the_token_of_the_request(client, users):
    _secret, _id, headers = _issue(client)
    _other_secret, _other_id, other = _issue(client)
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/api/v1/cases", headers=headers).status_code == 401
    assert _works(client, other)  # the account's other token still works
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 401
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "token.revoke")).one()
    assert entry.actor_name == "handler"


def test_the_list_shows_live_tokens_without_their_secrets(client, users):
    first_secret, first_id, headers = _issue(client)
    second_secret, second_id, _ = _issue(client)
    _issue(client, "clerk")  # another account's token is not listed
    response = client.get("/api/v1/auth/tokens", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert [t["id"] for t in body["tokens"]] == [first_id, second_id]
    assert [t["current"] for t in body["tokens"]] == [True, False]
    text = response.get_data(as_text=True)
    assert first_secret not in text and second_secret not in text
    hashes = db.session.scalars(select(ApiToken.token_hash)).all()
    assert not any(h in text for h in hashes)


def test_delete_one_token_by_id_only_of_ones_own_account(client, users):
    _s, first_id, headers = _issue(client)
    _s, second_id, second = _issue(client)
    _s, clerks_id, clerks = _issue(client, "clerk")
    assert client.delete(f"/api/v1/auth/tokens/{clerks_id}", headers=headers).status_code == 404
    assert _works(client, clerks)
    assert client.delete(f"/api/v1/auth/tokens/{second_id}", headers=headers).status_code == 204
    assert client.get("/api/v1/cases", headers=second).status_code == 401
    assert _works(client, headers)
    assert client.delete(f"/api/v1/auth/tokens/{second_id}", headers=headers).status_code == 404


def test_a_sixth_token_revokes_the_oldest(client, users, app):
    assert app.config["API_TOKEN_MAX_LIVE"] == 5
    issued = [_issue(client) for _ in range(6)]
    assert client.get("/api/v1/cases", headers=issued[0][2]).status_code == 401
    assert all(_works(client, headers) for _s, _id, headers in issued[1:])
    body = client.get("/api/v1/auth/tokens", headers=issued[-1][2]).get_json()
    assert [t["id"] for t in body["tokens"]] == [i for _s, i, _h in issued[1:]]
    live = db.session.scalars(select(ApiToken).where(ApiToken.revoked_at.is_(None))).all()
    assert len(live) == 5


def test_cli_lists_and_revokes_tokens(app, users):
    runner = app.test_cli_runner()
    client = app.test_client()
    _s, first_id, first = _issue(client)
    _s, second_id, second = _issue(client)
    listed = runner.invoke(args=["recon", "token-revoke", "handler", "--list"])
    assert listed.exit_code == 0
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == [str(first_id), str(second_id)]
    one = runner.invoke(args=["recon", "token-revoke", "handler", "--id", str(first_id)])
    assert one.exit_code == 0 and "已撤销 1 个令牌" in one.output
    assert client.get("/api/v1/cases", headers=first).status_code == 401 and _works(client, second)
    missing = runner.invoke(args=["recon", "token-revoke", "handler", "--id", str(first_id)])
    assert missing.exit_code != 0 and "没有编号为" in missing.output
    every = runner.invoke(args=["recon", "token-revoke", "handler"])
    assert every.exit_code == 0 and "已撤销 1 个令牌" in every.output
    assert client.get("/api/v1/cases", headers=second).status_code == 401
    unknown = runner.invoke(args=["recon", "token-revoke", "nobody"])
    assert unknown.exit_code != 0


def test_the_admin_lists_and_revokes_a_users_tokens(app, users):
    api = app.test_client()
    secret, token_id, headers = _issue(api)
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get(f"/admin/users/{users['handler'].id}").get_data(as_text=True)
    assert "接口令牌" in page and "有效" in page and secret not in page
    response = admin.post(f"/admin/users/{users['handler'].id}/tokens/{token_id}/revoke")
    assert response.status_code == 303
    assert api.get("/api/v1/cases", headers=headers).status_code == 401
    page = admin.get(f"/admin/users/{users['handler'].id}").get_data(as_text=True)
    assert "已撤销" in page
    # a token of another account through this account's page: 404
    _s, clerks_id, _h = _issue(api, "clerk")
    assert admin.post(f"/admin/users/{users['handler'].id}/tokens/{clerks_id}/revoke").status_code == 404
