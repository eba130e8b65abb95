"""Account news carried upward (core/signals.py): ending a user's sessions and changing their roles.

The live domain listens (live/rooms.py: tests/live/test_rooms.py); here, that the accounts services
send the signals, with what, and only when something changed."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from participation.accounts import services
from participation.core import signals
from participation.core.roles import Role
from participation.core.services import ServiceError
from tests import factories

pytestmark = pytest.mark.usefixtures("app_ctx")


@contextmanager
def received(signal):
    got: list[tuple] = []

    def receiver(sender, **kwargs):
        got.append((sender, kwargs))

    signal.connect(receiver)
    try:
        yield got
    finally:
        signal.disconnect(receiver)


def test_end_sessions_rotates_the_token_and_announces_it():
    user = factories.user(Role.CITIZEN)
    cookie_id = user.get_id()
    with received(signals.user_sessions_ended) as got:
        services.end_sessions(user)
    assert services.load_user(cookie_id) is None  # the cookie issued before opens nothing
    assert services.load_user(user.get_id()) is user
    assert got == [(user, {"reason": "logout"})]


def test_change_password_ends_the_sessions_as_a_password_change():
    user = factories.user(Role.CITIZEN)
    with received(signals.user_sessions_ended) as got:
        services.change_password(user, factories.PASSWORD, "brand-new-password")
    assert got == [(user, {"reason": "password_changed"})]


def test_a_refused_password_change_announces_nothing():
    user = factories.user(Role.CITIZEN)
    token = user.session_token
    with received(signals.user_sessions_ended) as got, pytest.raises(ServiceError):
        services.change_password(user, "not-my-password", "brand-new-password")
    assert got == [] and user.session_token == token


def test_assign_roles_announces_a_change_with_the_roles_before_it():
    admin, user = factories.user(Role.ADMIN), factories.user(Role.MODERATOR)
    with received(signals.user_roles_changed) as got:
        services.assign_roles(admin, user, {Role.CITIZEN})
    assert got == [(user, {"previous": frozenset({Role.MODERATOR})})]


def test_assign_roles_announces_nothing_when_nothing_changes_or_it_is_refused():
    admin, user = factories.user(Role.ADMIN), factories.user(Role.MODERATOR)
    with received(signals.user_roles_changed) as got:
        services.assign_roles(admin, user, {Role.MODERATOR})
        with pytest.raises(ServiceError):
            services.assign_roles(user, admin, {Role.CITIZEN})
    assert got == []
