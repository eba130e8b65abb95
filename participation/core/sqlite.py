"""SQLite as an embedded default: WAL for concurrent readers, foreign keys enforced, a busy timeout.

synchronous=NORMAL is SQLite's recommendation with WAL: a committed transaction survives the process
being killed (what the durability test checks); only an OS crash or power loss may undo the last
ones, never corrupting the file. FULL would fsync on every commit, one disk flush per comment.

Python's sqlite3 driver manages transactions itself and opens none before a SAVEPOINT, so a
SAVEPOINT release would commit on its own. As SQLAlchemy's documentation advises, the driver's
handling is turned off and SQLAlchemy emits BEGIN itself.
"""
from __future__ import annotations

import sqlalchemy as sa


def enable_sqlite_pragmas(engine: sa.Engine) -> None:
    """Set the pragmas on every new connection of `engine`."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")
