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


def test_creating_beside_another_process_writing_the_file_waits_for_it(app, runner, tmp_path):
    """SQLite: another process (a server, the worker) writes the file just after the command has read.
    The command's write unit took the write lock before reading (BEGIN IMMEDIATE), so the other waits for
    it; a deferred transaction would fail on its stale snapshot with "database is locked"."""
    import sqlite3
    import threading

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite's one writer at a time")
    written = threading.Event()

    def another_process_writes():
        other = sqlite3.connect(str(tmp_path / "test.db"), timeout=10, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO committees (name, description) VALUES ('다른 위원회', '')")
        other.execute("COMMIT")
        other.close()
        written.set()

    find = services.find_by_email
    writer = threading.Thread(target=another_process_writes)

    def read_then_another_writes(email):
        found = find(email)
        writer.start()
        writer.join(0.5)  # done at once unless the command holds the write lock
        return found

    services.find_by_email = read_then_another_writes
    try:
        result = create(runner, "--email", "waits@example.org", "--role", "moderator", "--password", "long-enough-pw")
    finally:
        services.find_by_email = find
    writer.join(10)
    assert result.exit_code == 0, result.output
    assert written.is_set() and [u.email for u in users(app)] == ["waits@example.org"]
