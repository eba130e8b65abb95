"""The user aggregate and password hashing."""
from __future__ import annotations

import pytest

from config import ProductionConfig
from participation.accounts.models import User
from participation.accounts.passwords import hash_password, needs_rehash, verify_password
from participation.core.roles import Role
from participation.extensions import db
from tests import factories


def test_hash_is_argon2id_and_salted(app_ctx):
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("$argon2id$")
    assert first != second
    assert not needs_rehash(first)


def test_production_profile_is_rfc_9106(app_ctx):
    app_ctx.config["PASSWORD_HASH_PROFILE"] = ProductionConfig.PASSWORD_HASH_PROFILE
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(hashed, "correct horse")


def test_verify_accepts_the_right_password(app_ctx):
    assert verify_password(hash_password("correct horse"), "correct horse") is True


@pytest.mark.parametrize("attempt", ["wrong horse", "Correct horse", "", "correct horse "])
def test_verify_refuses_a_wrong_password(app_ctx, attempt):
    assert verify_password(hash_password("correct horse"), attempt) is False


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$2b$12$abcdefghijklmnopqrstuu"])
def test_verify_refuses_a_missing_or_foreign_hash(app_ctx, stored):
    assert verify_password(stored, "anything") is False


def test_roles_are_kept_and_changed(app_ctx):
    user = factories.user(Role.SECRETARY, Role.MEMBER)
    db.session.commit()
    assert user.roles == {Role.SECRETARY, Role.MEMBER}
    assert user.has_role(Role.SECRETARY) and not user.has_role(Role.ADMIN)

    user.set_roles({Role.MEMBER, Role.ADMIN})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, user.id).roles == {Role.MEMBER, Role.ADMIN}


def test_login_id_carries_the_session_token(app_ctx):
    user = factories.user()
    db.session.flush()
    assert user.get_id() == f"{user.id}:{user.session_token}"
    assert len(user.session_token) >= 16
