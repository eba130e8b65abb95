"""Account use cases: creation, authentication, password change, roles, the login loader."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from participation.accounts import services
from participation.accounts.models import User
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from tests import factories

pytestmark = pytest.mark.usefixtures("app_ctx")


def _count_users() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_create_user_normalizes_email_and_defaults_to_citizen():
    user = services.create_user("  Ann@Example.ORG ", " Ann ", "long-enough-pw")
    assert user.email == "ann@example.org"
    assert user.display_name == "Ann"
    assert user.roles == {Role.CITIZEN}
    assert user.password_hash.startswith("$argon2id$")


def test_create_user_refuses_a_taken_email_whatever_its_case():
    services.create_user("ann@example.org", "Ann", "long-enough-pw")
    with pytest.raises(ServiceError) as refused:
        services.create_user("ANN@example.org", "Other Ann", "long-enough-pw")
    assert refused.value.field == "email"
    assert _count_users() == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_create_user_refuses_a_bad_display_name(name):
    with pytest.raises(ServiceError) as refused:
        services.create_user("ann@example.org", name, "long-enough-pw")
    assert refused.value.field == "display_name"
    assert _count_users() == 0


def test_authenticate():
    factories.user(email="ann@example.org")
    assert services.authenticate("ANN@example.org", factories.PASSWORD).email == "ann@example.org"
    assert services.authenticate("ann@example.org", "wrong-password") is None
    assert services.authenticate("nobody@example.org", factories.PASSWORD) is None


def test_authenticate_upgrades_an_outdated_hash():
    user = factories.user()
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(factories.PASSWORD)
    user.password_hash = weak
    assert services.authenticate(user.email, factories.PASSWORD) is user
    assert user.password_hash != weak and user.password_hash.startswith("$argon2id$")


def test_change_password_checks_the_current_one():
    user = factories.user()
    token, old_hash = user.session_token, user.password_hash
    with pytest.raises(ServiceError) as refused:
        services.change_password(user, "not-my-password", "brand-new-password")
    assert refused.value.field == "current_password"
    assert (user.session_token, user.password_hash) == (token, old_hash)


def test_change_password_sets_the_new_one_and_rotates_the_session_token():
    user = factories.user()
    token = user.session_token
    services.change_password(user, factories.PASSWORD, "brand-new-password")
    assert user.session_token != token
    assert services.authenticate(user.email, "brand-new-password") is user
    assert services.authenticate(user.email, factories.PASSWORD) is None


def test_load_user_needs_the_current_session_token():
    user = factories.user()
    db.session.flush()
    assert services.load_user(user.get_id()) is user
    assert services.load_user(f"{user.id}:stale-token") is None
    assert services.load_user(str(user.id)) is None
    assert services.load_user("abc:def") is None
    assert services.load_user("999:x") is None


def test_admin_assigns_roles():
    admin, user = factories.user(Role.ADMIN), factories.user()
    services.assign_roles(admin, user, {Role.SECRETARY, Role.MEMBER})
    assert user.roles == {Role.SECRETARY, Role.MEMBER}


def test_admin_cannot_remove_own_admin_role():
    admin = factories.user(Role.ADMIN)
    with pytest.raises(ServiceError):
        services.assign_roles(admin, admin, {Role.SECRETARY})
    assert admin.has_role(Role.ADMIN)
    services.assign_roles(admin, admin, {Role.ADMIN, Role.SECRETARY})
    assert admin.roles == {Role.ADMIN, Role.SECRETARY}


def test_only_an_admin_assigns_roles():
    secretary, user = factories.user(Role.SECRETARY), factories.user()
    with pytest.raises(ServiceError):
        services.assign_roles(secretary, user, {Role.ADMIN})
    assert user.roles == {Role.CITIZEN}


def test_list_users_searches_email_and_name():
    factories.user(email="kim@example.org", name="Kim Minji")
    factories.user(email="lee@example.org", name="Lee")
    assert [u.email for u in services.list_users("MINJI")] == ["kim@example.org"]
    assert [u.email for u in services.list_users("lee@")] == ["lee@example.org"]
    assert len(services.list_users()) == 2
