"""`flask users create`: staff accounts from the shell."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import gettext

from participation.accounts import services
from participation.accounts.models import User
from participation.core.roles import Role
from participation.extensions import db


def users(app) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(sa.select(User)))


def create(runner, *args: str):
    return runner.invoke(args=["users", "create", *args])


def translated(app, message: str, **values) -> str:
    """`message` as the command prints it (the default language, whichever catalogs are compiled)."""
    with app.app_context():
        return gettext(message, **values)


def test_creates_a_user_with_the_role(app, runner):
    result = create(runner, "--email", "Clerk@Example.org", "--role", "secretary", "--password", "long-enough-pw")
    assert result.exit_code == 0, result.output
    [user] = users(app)
    assert user.email == "clerk@example.org" and user.display_name == "Clerk"
    assert user.roles == {Role.SECRETARY}
    with app.app_context():
        assert services.authenticate("clerk@example.org", "long-enough-pw") is not None


def test_repeated_role_option_gives_several_roles(app, runner):
    result = create(runner, "--email", "chair@example.org", "--name", "Chair", "--role", "member",
                    "--role", "admin", "--password", "long-enough-pw")
    assert result.exit_code == 0, result.output
    assert users(app)[0].roles == {Role.MEMBER, Role.ADMIN}


def test_duplicate_email_is_an_error(app, runner):
    create(runner, "--email", "clerk@example.org", "--password", "long-enough-pw")
    result = create(runner, "--email", "CLERK@example.org", "--role", "admin", "--password", "long-enough-pw")
    assert result.exit_code != 0
    assert translated(app, "An account with this e-mail address already exists.") in result.output
    [user] = users(app)
    assert user.roles == {Role.CITIZEN}


@pytest.mark.parametrize("args, message", [
    (["--email", "clerk@example.org", "--password", "short"], "at least 10 characters"),
    (["--email", "not-an-email", "--password", "long-enough-pw"], "--email"),
    (["--email", "clerk@example.org", "--role", "emperor", "--password", "long-enough-pw"], "emperor"),
], ids=["short-password", "bad-email", "unknown-role"])
def test_bad_input_is_an_error_and_creates_nothing(app, runner, args, message):
    result = create(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert users(app) == []


def test_too_long_name_is_an_error(app, runner):
    result = create(runner, "--email", "clerk@example.org", "--name", "x" * 61, "--password", "long-enough-pw")
    assert result.exit_code != 0
    assert translated(app, "The display name must be 1 to %(max)s characters long.", max=60) in result.output
    assert users(app) == []
