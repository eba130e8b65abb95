"""SQLite as an embedded default: WAL for concurrent readers, foreign keys enforced, a busy timeout.

synchronous=NORMAL is SQLite's recommendation with WAL: a committed transaction survives the process
being killed (what the durability test checks); only an OS crash or power loss may undo the last
ones, never corrupting the file. FULL would fsync on every commit, one disk flush per comment.

Python's sqlite3 driver manages transactions itself and opens none before a SAVEPOINT, so a
SAVEPOINT release would commit on its own. As SQLAlchemy's documentation advises, the driver's
handling is turned off and SQLAlchemy emits BEGIN itself.

One writer at a time (see transactions.py): a transaction begun inside a write unit first takes the
database's write lock, a lock of this process (cooperative under gevent: after monkey patching,
`threading.Lock` is gevent's), then opens with BEGIN IMMEDIATE, which takes SQLite's own write lock
at once instead of at the first write; so no writer of this process ever waits inside SQLite, where
gevent could not run the one it waits for, and none writes from a snapshot older than another's
commit. The lock goes back on that connection's COMMIT or ROLLBACK (or at the end of the unit).
Other transactions open with a deferred BEGIN and take no lock: with WAL, readers never wait.
The busy timeout remains for other processes on the same file (a `flask` command, a second server):
their writers are not in this lock, so a BEGIN IMMEDIATE may have to wait for one of them.
"""
from __future__ import annotations

import threading
import weakref

import sqlalchemy as sa

from participation.core.transactions import current_unit

BUSY_TIMEOUT_MS = 5000

_write_locks: "weakref.WeakKeyDictionary[sa.Engine, threading.Lock]" = weakref.WeakKeyDictionary()
_making = threading.Lock()


def write_lock(engine: sa.Engine):
    """The write lock of `engine`'s database in this process, made on first use: after gevent has
    patched `threading`, whenever the engine was created."""
    lock = _write_locks.get(engine)
    if lock is None:
        with _making:
            lock = _write_locks.setdefault(engine, threading.Lock())
    return lock


def enable_sqlite_pragmas(engine: sa.Engine) -> None:
    """Set the pragmas on every new connection of `engine`; serialize its write units."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        unit = current_unit()
        if unit is None or unit.lock is not None:  # a read, or a second connection of a writing unit
            connection.exec_driver_sql("BEGIN")
            return
        unit.acquire(write_lock(engine), connection)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            unit.release()
            raise

    @sa.event.listens_for(engine, "commit")
    @sa.event.listens_for(engine, "rollback")
    def _on_end(connection):
        # Fires just before the COMMIT or ROLLBACK itself; no other greenlet runs before that has
        # returned (a released gevent lock wakes its waiter on the next switch), and another thread
        # would wait in BEGIN IMMEDIATE, where threads can wait.
        unit = current_unit()
        if unit is not None and unit.connection is connection:
            unit.release()
