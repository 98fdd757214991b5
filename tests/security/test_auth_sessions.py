"""Issue 12: a login ends on the server. A copy of the session cookie stops working once its
account logs out, changes its password, is disabled or changes role; so does the 5-minute
「显示完整号码」 grant it carried, and every API token of the account."""

from __future__ import annotations

from sqlalchemy import select

from recon.audit.models import AuditEntry
from recon.extensions import db
from tests.conftest import PASSWORD, login
from tests.intake.factories import VALID_ID, file_online, token_for


def _copy_session(source, target) -> None:
    """What an attacker does with a stolen cookie: send the same value from another browser."""
    target.set_cookie("session", source.get_cookie("session").value)


def _logged_in(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _api_works(client, headers) -> bool:
    return client.get("/api/v1/auth/tokens", headers=headers).status_code == 200


def test_a_copied_cookie_stops_working_after_logout(app, users):
    case = file_online(app, users["applicant"])
    clerk = _logged_in(app, "clerk")
    thief = app.test_client()
    _copy_session(clerk, thief)
    assert thief.get(f"/cases/{case.id}").status_code == 200  # the copy works while the login lasts

    assert clerk.post("/logout").status_code == 302
    response = thief.get(f"/cases/{case.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert thief.get("/staff").status_code == 302


def test_logout_ends_every_login_of_the_account(app, users):
    office, home = _logged_in(app, "handler"), _logged_in(app, "handler")
    office.post("/logout")
    assert home.get("/staff").status_code == 302
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.logout")).one()
    assert entry.actor_name == "handler"


def test_the_reveal_grant_cannot_be_replayed_after_logout(app, users):
    case = file_online(app, users["applicant"])
    clerk = _logged_in(app, "clerk")
    assert clerk.post(f"/cases/{case.id}/reveal").status_code == 303
    assert VALID_ID in clerk.get(f"/cases/{case.id}").get_data(as_text=True)
    thief = app.test_client()
    _copy_session(clerk, thief)  # the cookie that carries the grant
    clerk.post("/logout")

    assert thief.get(f"/cases/{case.id}").status_code == 302
    # the same person logging in again on that browser within the 5 minutes: the grant is gone
    assert login(clerk, "clerk").status_code == 302
    page = clerk.get(f"/cases/{case.id}").get_data(as_text=True)
    assert VALID_ID not in page and "显示完整号码" in page


def test_logout_revokes_the_accounts_api_tokens(app, users):
    api = app.test_client()
    headers = token_for(api, "handler")
    assert _api_works(api, headers)
    _logged_in(app, "handler").post("/logout")
    assert api.get("/api/v1/cases", headers=headers).status_code == 401
    assert not _api_works(api, headers)


def test_a_password_change_ends_the_other_logins_and_tokens_but_keeps_this_one(app, users):
    here, elsewhere = _logged_in(app, "supervisor"), _logged_in(app, "supervisor")
    api = app.test_client()
    headers = token_for(api, "supervisor")
    response = here.post("/account/password", data={"current_password": PASSWORD,
                                                     "new_password": "Neu-pass-2026",
                                                     "confirm": "Neu-pass-2026"})
    assert response.status_code == 302
    assert here.get("/staff").status_code == 200
    assert elsewhere.get("/staff").status_code == 302
    assert not _api_works(api, headers)
    assert login(app.test_client(), "supervisor").status_code == 422  # the old password is gone
    assert login(app.test_client(), "supervisor", "Neu-pass-2026").status_code == 302


def test_disabling_ends_the_accounts_logins_and_tokens(app, users):
    clerk = _logged_in(app, "clerk")
    api = app.test_client()
    headers = token_for(api, "clerk")
    admin = _logged_in(app, "admin")
    assert admin.post(f"/admin/users/{users['clerk'].id}/disable").status_code == 303
    assert clerk.get("/staff").status_code == 302
    assert not _api_works(api, headers)
    page = login(app.test_client(), "clerk").get_data(as_text=True)
    assert "该账号已停用" in page
    # enabling it again does not revive the old login or token
    assert admin.post(f"/admin/users/{users['clerk'].id}/enable").status_code == 303
    assert clerk.get("/staff").status_code == 302
    assert not _api_works(api, headers)


def test_a_role_change_ends_the_accounts_logins_and_tokens(app, users):
    handler = _logged_in(app, "handler")
    api = app.test_client()
    headers = token_for(api, "handler")
    admin = _logged_in(app, "admin")
    response = admin.post(f"/admin/users/{users['handler'].id}/role", data={"role": "supervisor"})
    assert response.status_code == 303
    assert handler.get("/staff").status_code == 302
    assert not _api_works(api, headers)
    again = _logged_in(app, "handler")
    assert "复议机构负责人" in again.get("/staff").get_data(as_text=True)


def test_a_session_id_without_the_generation_is_refused(app, users):
    """A cookie signed before generations existed (or forged with a bare id) logs nobody in."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(users["admin"].id)
        session["_fresh"] = True
    assert client.get("/admin/users").status_code == 302
