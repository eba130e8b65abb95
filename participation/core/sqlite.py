"""SQLite as an embedded default: WAL for concurrent readers, foreign keys enforced, a busy timeout."""
from __future__ import annotations

import sqlalchemy as sa


def enable_sqlite_pragmas(engine: sa.Engine) -> None:
    """Set the pragmas on every new connection of `engine`."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
