"""Every `/live` call that may write is a write unit (the read-only ones are in test_crowd_costs.py): on SQLite each write it makes runs in a transaction opened with
BEGIN IMMEDIATE under the process's write lock, and neither lock outlives the call (see
participation/core/transactions.py; the crowd test in tests/e2e/ checks the effect under gevent)."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from participation.core.sqlite import write_lock
from participation.extensions import db
from tests.live.conftest import CALLS, assert_ok

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="write units serialize SQLite")


@pytest.fixture
def writes(app):
    """Every write statement run while recording: [(the BEGIN of its transaction, its first words)]."""
    with app.app_context():
        engine = db.engine
    opened: dict[int, str] = {}
    seen: list[tuple[str, tuple[str, ...]]] = []

    def record(conn, _cursor, statement, *_):
        key = id(conn.connection.dbapi_connection)
        if statement.startswith("BEGIN"):
            opened[key] = statement
        elif statement.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen.append((opened.get(key, "?"), tuple(statement.split(None, 3)[:3])))

    sa.event.listen(engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("event", sorted(CALLS))
def test_each_call_writes_under_begin_immediate_and_gives_the_lock_back(app, connect, world, make, writes, event):
    call = CALLS[event]
    client = connect(call.caller)
    payload = call.build(world, make)  # set-up writes happen outside any call
    writes.clear()
    assert_ok(client.call(event, payload))
    assert {begin for begin, _ in writes} <= {"BEGIN IMMEDIATE"}
    if event not in ("join", "leave", "figures.join", "moderation.join"):
        assert writes, f"{event} should have written something"
    with app.app_context():
        lock = write_lock(db.engine)
    assert lock.acquire(blocking=False), "the write lock outlived the call"
    lock.release()


def test_a_refused_call_gives_the_lock_back(app, connect, world, writes):
    client = connect("citizen")
    ack = client.call("comment.submit", {"item_id": world.items[0], "body": "", "stance": "question",
                                         "client_key": "k-1"})
    assert ack["ok"] is False
    with app.app_context():
        lock = write_lock(db.engine)
    assert lock.acquire(blocking=False)
    lock.release()
