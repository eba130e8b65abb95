"""Write units: the stretches of work that may write, so that SQLite can take them one at a time.

SQLite has one writer at a time per database file, and under gevent its busy wait is a blocking C
call that stalls every greenlet of the process, the one holding the lock included; a deferred
transaction that has read and then writes fails outright when another connection committed since its
snapshot ("database is locked"). So, on SQLite, every transaction begun inside a write unit first
takes the database's in-process write lock (cooperative: a waiting greenlet lets the others run) and
opens with BEGIN IMMEDIATE; it gives the lock back as soon as it commits or rolls back. Reads outside
write units stay deferred and take no lock (WAL lets them run beside the writer). See sqlite.py.

A write unit is an HTTP request with an unsafe method (`init_app` adds the hooks), a socket call of the
live namespace, or any `with write_transaction():` block. On PostgreSQL all of this does nothing.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from flask import Flask, request

from participation.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class WriteUnit:
    """The write unit of a greenlet (or thread): the write lock its transaction holds, and on which
    connection."""

    __slots__ = ("lock", "connection")

    def __init__(self) -> None:
        self.lock = None
        self.connection = None

    def acquire(self, lock, connection) -> None:
        """Take `lock` for the transaction `connection` begins (waiting cooperatively)."""
        lock.acquire()
        self.lock, self.connection = lock, connection

    def release(self) -> None:
        """Give the lock back (idempotent)."""
        lock, self.lock, self.connection = self.lock, None, None
        if lock is not None:
            lock.release()


_unit: ContextVar[WriteUnit | None] = ContextVar("open_session_write_unit", default=None)


def current_unit() -> WriteUnit | None:
    """The write unit the caller is in, if any."""
    return _unit.get()


def _serialized() -> bool:
    return db.engine.dialect.name == "sqlite"


def begin_write_unit() -> bool:
    """Start a write unit (False, and nothing done, when one is already running or on PostgreSQL).

    A transaction already open in the session (a request has loaded the user, say) began as a read,
    perhaps before the last writer committed; it is ended here, so that the unit's first statement
    opens a fresh transaction with the write lock."""
    if _unit.get() is not None or not _serialized():
        return False
    session = db.session()
    if session.in_transaction():
        session.commit()
    _unit.set(WriteUnit())
    return True


def end_write_unit() -> None:
    """End the current write unit: a transaction still open is rolled back, the lock never outlives it."""
    unit = _unit.get()
    if unit is None:
        return
    try:
        if unit.lock is not None:
            db.session.rollback()
    finally:
        unit.release()
        _unit.set(None)


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block as a write unit (commit inside it); nested blocks join the outer unit."""
    started = begin_write_unit()
    try:
        yield
    finally:
        if started:
            end_write_unit()


def _before_request() -> None:
    if request.method not in SAFE_METHODS:
        begin_write_unit()


def _teardown_request(_error=None) -> None:
    end_write_unit()


def init_app(app: Flask) -> None:
    """Make every request with an unsafe method a write unit. The hook runs before any other, so that
    no other hook's read has opened the transaction the request then writes in."""
    app.before_request_funcs.setdefault(None, []).insert(0, _before_request)
    app.teardown_request(_teardown_request)
