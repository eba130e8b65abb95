"""Account pages: register, log in and out, sessions, rate limits, password change, role administration.

Messages are checked in English (the `lang` cookie), which needs no compiled catalog.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.core.roles import Role
from participation.extensions import db
from tests import factories
from tests.conftest import AuthActions, csrf_token

PASSWORD = factories.PASSWORD


def make_user(app, *roles: Role, email: str = "ann@example.org") -> int:
    with app.app_context():
        user = factories.user(*roles, email=email)
        db.session.commit()
        return user.id


def load(app, email: str) -> User | None:
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.email == email))


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(User))


@pytest.fixture
def client(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


def is_logged_in(client) -> bool:
    return client.get("/account").status_code == 200


# --- register ----------------------------------------------------------------------------------------

REGISTRATION = {"email": "new@example.org", "display_name": "New Citizen", "password": "long-enough-pw",
                "confirm": "long-enough-pw", "locale": "en"}


def test_register_creates_a_citizen_and_logs_in(app, client, post_form):
    response = post_form("/register", REGISTRATION)
    assert response.status_code == 302
    user = load(app, "new@example.org")
    assert user.display_name == "New Citizen" and user.locale == "en"
    assert user.roles == {Role.CITIZEN}
    assert is_logged_in(client)


def test_register_refuses_a_taken_email_in_any_case(app, client, post_form):
    make_user(app, email="new@example.org")
    response = post_form("/register", {**REGISTRATION, "email": "NEW@Example.org"})
    assert response.status_code == 400
    assert "An account with this e-mail address already exists." in response.get_data(as_text=True)
    assert count_users(app) == 1
    assert not is_logged_in(client)


@pytest.mark.parametrize("change, field, message", [
    ({"email": "not-an-email"}, "email", "Invalid email address."),
    ({"password": "short", "confirm": "short"}, "password", "between 10 and 128 characters"),
    ({"confirm": "long-enough-pw-but-other"}, "confirm", "The passwords differ."),
    ({"display_name": "x" * 61}, "display_name", "cannot be longer than 60 characters"),
    ({"display_name": "   "}, "display_name", "This field is required."),
], ids=["email", "short-password", "confirm", "long-name", "blank-name"])
def test_register_refuses_bad_input_and_saves_nothing(app, client, post_form, change, field, message):
    response = post_form("/register", {**REGISTRATION, **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in html and message in html
    assert "Nothing was saved." in html
    assert count_users(app) == 0


# --- login and logout --------------------------------------------------------------------------------


def test_login_redirects_with_a_safe_session_cookie(app, client, auth):
    make_user(app)
    response = auth.login("Ann@Example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert is_logged_in(client)


@pytest.mark.parametrize("email, password", [("ann@example.org", "wrong-password"),
                                             ("nobody@example.org", PASSWORD)])
def test_login_refuses_wrong_credentials_with_one_message(app, client, auth, email, password):
    make_user(app)
    response = auth.login(email, password)
    assert response.status_code == 400
    assert "The e-mail address or the password is not correct." in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_login_without_csrf_token_is_refused(app, client):
    make_user(app)
    response = client.post("/login", data={"email": "ann@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert not is_logged_in(client)


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example",
                                    "/\t/evil.example", "http:evil.example", "javascript:alert(1)",
                                    "http://[bad"])
def test_login_ignores_a_next_address_off_the_site(app, client, target):
    make_user(app)
    token = csrf_token(client)
    response = client.post("/login", query_string={"next": target},
                           data={"email": "ann@example.org", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_returns_to_the_page_that_asked_for_it(app, client):
    make_user(app)
    to_login = client.get("/account")
    assert to_login.status_code == 302
    login_url = to_login.headers["Location"]
    token = csrf_token(client)
    response = client.post(login_url, data={"email": "ann@example.org", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/account"


def test_login_starts_a_fresh_session(app, client, auth):
    make_user(app)
    with client.session_transaction() as session:
        session["planted"] = "before login"
    auth.login("ann@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")


def test_logout_needs_post_and_csrf(app, client, auth):
    make_user(app)
    auth.login("ann@example.org")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert is_logged_in(client)

    response = auth.logout()
    assert response.status_code == 302
    assert not is_logged_in(client)


# --- rate limits -------------------------------------------------------------------------------------


def _attempt(client, token, email, ip):
    return client.post("/login", data={"email": email, "password": "wrong-password", "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip})


def test_login_is_limited_per_address(app, client):
    token = csrf_token(client)
    statuses = [_attempt(client, token, "ann@example.org", "10.0.0.1").status_code for _ in range(10)]
    assert statuses == [400] * 10

    blocked = _attempt(client, token, "ann@example.org", "10.0.0.1")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert _attempt(client, token, "bob@example.org", "10.0.0.1").status_code == 429

    # Another address is not blocked, except for the e-mail that was attacked.
    assert _attempt(client, token, "bob@example.org", "10.0.0.2").status_code == 400
    assert _attempt(client, token, "ann@example.org", "10.0.0.2").status_code == 429


def test_login_is_limited_per_email_across_addresses(app, client):
    token = csrf_token(client)
    for n in range(10):
        assert _attempt(client, token, "ann@example.org", f"10.0.1.{n}").status_code == 400
    assert _attempt(client, token, "ANN@example.org", "10.0.2.1").status_code == 429
    assert _attempt(client, token, "bob@example.org", "10.0.2.2").status_code == 400


def test_rate_limit_answers_json_to_api_clients(app, client):
    token = csrf_token(client)
    for _ in range(10):
        _attempt(client, token, "ann@example.org", "10.0.3.1")
    response = client.post("/login", data={"email": "x@example.org", "password": "x", "csrf_token": token},
                           environ_base={"REMOTE_ADDR": "10.0.3.1"}, headers={"Accept": "application/json"})
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"


# --- password change ---------------------------------------------------------------------------------


def _change_password(client, current, new, confirm=None):
    token = csrf_token(client, "/account")
    return client.post("/account", data={"current_password": current, "new_password": new,
                                         "confirm": confirm or new, "csrf_token": token})


def test_account_page_needs_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def test_change_password_refuses_a_wrong_current_password(app, client, auth):
    make_user(app)
    auth.login("ann@example.org")
    response = _change_password(client, "not-my-password", "brand-new-password")
    assert response.status_code == 400
    assert "The current password is not correct." in response.get_data(as_text=True)
    assert AuthActions(app.test_client()).login("ann@example.org").status_code == 302


def test_change_password_logs_out_other_sessions(app, client, auth):
    make_user(app)
    other = app.test_client()
    AuthActions(other).login("ann@example.org")
    auth.login("ann@example.org")
    assert is_logged_in(other)

    response = _change_password(client, PASSWORD, "brand-new-password")
    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other)

    fresh = AuthActions(app.test_client())
    assert fresh.login("ann@example.org", PASSWORD).status_code == 400
    assert fresh.login("ann@example.org", "brand-new-password").status_code == 302


# --- role administration -----------------------------------------------------------------------------


def _set_roles(client, user_id, roles):
    token = csrf_token(client, "/admin/users")
    return client.post(f"/admin/users/{user_id}/roles", data={f"u{user_id}-roles": roles, "csrf_token": token})


def test_admin_assigns_roles(app, client, auth):
    make_user(app, Role.ADMIN, email="admin@example.org")
    user_id = make_user(app)
    auth.login("admin@example.org")
    page = client.get("/admin/users")
    assert page.status_code == 200 and "ann@example.org" in page.get_data(as_text=True)

    response = _set_roles(client, user_id, ["secretary", "member"])
    assert response.status_code == 302
    assert load(app, "ann@example.org").roles == {Role.SECRETARY, Role.MEMBER}


def test_admin_cannot_remove_own_admin_role(app, client, auth):
    admin_id = make_user(app, Role.ADMIN, email="admin@example.org")
    auth.login("admin@example.org")
    response = _set_roles(client, admin_id, ["secretary"])
    assert response.status_code == 303
    assert load(app, "admin@example.org").roles == {Role.ADMIN}
    page = client.get("/admin/users").get_data(as_text=True)
    assert "You cannot remove your own administrator role." in page


def test_admin_unknown_role_changes_nothing(app, client, auth):
    make_user(app, Role.ADMIN, email="admin@example.org")
    user_id = make_user(app)
    auth.login("admin@example.org")
    assert _set_roles(client, user_id, ["emperor"]).status_code == 303
    assert load(app, "ann@example.org").roles == {Role.CITIZEN}


def test_unknown_user_is_404(app, client, auth):
    make_user(app, Role.ADMIN, email="admin@example.org")
    auth.login("admin@example.org")
    assert _set_roles(client, 999, ["member"]).status_code == 404


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.SECRETARY, Role.MODERATOR, Role.MEMBER])
def test_role_pages_are_for_admins_only(app, client, auth, role):
    user_id = make_user(app, role)
    auth.login("ann@example.org")
    assert client.get("/admin/users").status_code == 403
    token = csrf_token(client, "/")
    response = client.post(f"/admin/users/{user_id}/roles", data={f"u{user_id}-roles": ["admin"], "csrf_token": token})
    assert response.status_code == 403
    assert not load(app, "ann@example.org").has_role(Role.ADMIN)


def test_role_pages_send_anonymous_visitors_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
