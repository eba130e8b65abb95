"""Write units on SQLite: a unit's transactions hold the process's write lock and SQLite's, from their
first statement to their commit or rollback; reads outside units take neither; an unsafe HTTP request
and a GET that writes are write units; on PostgreSQL all of it does nothing.

Behaviour is observed from outside: another connection (timeout 0) trying to take SQLite's write
lock, the process lock tried without blocking, and the BEGIN each write ran under."""
from __future__ import annotations

import os
import sqlite3

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.core import transactions
from participation.core.sqlite import write_lock
from participation.core.transactions import write_transaction
from participation.extensions import db
from tests import factories
from tests.conftest import csrf_token

sqlite_only = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="write units serialize SQLite")


def _other_writer_gets_in(app) -> bool:
    """Can another connection take SQLite's write lock right now (no waiting)?"""
    path = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


def _lock_is_free(app) -> bool:
    lock = write_lock(db.engine)
    if lock.acquire(blocking=False):
        lock.release()
        return True
    return False


def _touch() -> None:
    db.session.scalar(sa.select(sa.func.count()).select_from(User))


@pytest.fixture
def begins(app):
    """Every write statement run, with the BEGIN its transaction opened with: [(begin, statement)]."""
    with app.app_context():
        engine = db.engine
    opened: dict[int, str] = {}
    writes: list[tuple[str, str]] = []

    def record(conn, _cursor, statement, *_):
        key = id(conn.connection.dbapi_connection)
        if statement.startswith("BEGIN"):
            opened[key] = statement
        elif statement.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append((opened.get(key, "?"), statement.split(None, 3)[:3]))

    sa.event.listen(engine, "before_cursor_execute", record)
    yield writes
    sa.event.remove(engine, "before_cursor_execute", record)


@sqlite_only
def test_a_write_unit_holds_both_locks_from_its_first_statement_to_its_end(app_ctx):
    with write_transaction():
        assert _lock_is_free(app_ctx) and _other_writer_gets_in(app_ctx)  # nothing begun yet
        _touch()  # a read, but in a write unit: BEGIN IMMEDIATE
        assert not _lock_is_free(app_ctx)
        assert not _other_writer_gets_in(app_ctx)
    assert _lock_is_free(app_ctx) and _other_writer_gets_in(app_ctx)
    assert not db.session().in_transaction()  # the unit's open transaction was rolled back


@sqlite_only
def test_reads_outside_write_units_take_no_lock(app_ctx):
    _touch()
    assert db.session().in_transaction()
    assert _lock_is_free(app_ctx) and _other_writer_gets_in(app_ctx)


@sqlite_only
def test_the_locks_go_back_at_commit_and_the_next_transaction_of_the_unit_takes_them_again(app_ctx):
    with write_transaction():
        factories.user()
        db.session.commit()
        assert _lock_is_free(app_ctx) and _other_writer_gets_in(app_ctx)
        _touch()
        assert not _lock_is_free(app_ctx) and not _other_writer_gets_in(app_ctx)
        db.session.rollback()
        assert _lock_is_free(app_ctx) and _other_writer_gets_in(app_ctx)


@sqlite_only
def test_a_failing_unit_gives_the_locks_back(app_ctx):
    with pytest.raises(RuntimeError), write_transaction():
        _touch()
        raise RuntimeError("boom")
    assert _lock_is_free(app_ctx) and _other_writer_gets_in(app_ctx)
    assert transactions.current_unit() is None


@sqlite_only
def test_nested_blocks_join_the_outer_unit(app_ctx):
    with write_transaction():
        outer = transactions.current_unit()
        with write_transaction():
            assert transactions.current_unit() is outer
            _touch()
        assert not _lock_is_free(app_ctx)  # the inner block did not end the unit
    assert _lock_is_free(app_ctx)


@sqlite_only
def test_a_read_begun_before_the_unit_does_not_make_its_write_fail(app_ctx):
    """The read snapshot taken before the unit predates another connection's commit; writing from it
    would be refused ("database is locked"). The unit ends it first."""
    factories.user()
    db.session.commit()
    _touch()  # a read snapshot
    other = sqlite3.connect(sa.make_url(app_ctx.config["SQLALCHEMY_DATABASE_URI"]).database, timeout=0)
    with other:  # another connection commits meanwhile
        other.execute("UPDATE users SET display_name = 'Renamed'")
    other.close()
    with write_transaction():
        db.session.scalars(sa.select(User)).one().locale = "en"
        db.session.commit()
    assert db.session.execute(sa.select(User.display_name, User.locale)).one() == ("Renamed", "en")


def test_on_postgresql_a_write_unit_changes_nothing(app_ctx):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL only")
    _touch()
    with write_transaction():
        assert transactions.current_unit() is None
        assert db.session().in_transaction()  # the open transaction was left alone


# HTTP


@sqlite_only
def test_an_unsafe_request_writes_under_begin_immediate_and_a_get_only_reads(app, client, begins):
    assert client.get("/").status_code == 200
    assert client.get("/register").status_code == 200
    assert begins == []  # pages write nothing
    token = csrf_token(client, "/register")
    response = client.post("/register", data={"email": "new@example.org", "display_name": "New citizen",
                                              "password": "a-long-password-1", "confirm": "a-long-password-1",
                                              "locale": "ko", "csrf_token": token})
    assert response.status_code in (302, 303)
    assert begins and {begin for begin, _ in begins} == {"BEGIN IMMEDIATE"}
    with app.app_context():
        assert _lock_is_free(app) and _other_writer_gets_in(app)  # nothing outlives the request


@sqlite_only
def test_the_language_switch_of_a_get_is_a_write_unit(app, client, auth, begins):
    with app.app_context():
        factories.user(email="reader@example.org")
        db.session.commit()
    auth.login("reader@example.org")
    begins.clear()
    assert client.get("/?lang=en").status_code == 200
    assert ("BEGIN IMMEDIATE", ["UPDATE", "users", "SET"]) in begins
    assert {begin for begin, _ in begins} == {"BEGIN IMMEDIATE"}
    with app.app_context():
        assert db.session.scalars(sa.select(User.locale).where(User.email == "reader@example.org")).one() == "en"


@sqlite_only
def test_the_request_hook_runs_before_every_other(app):
    assert app.before_request_funcs[None][0] is transactions._before_request
