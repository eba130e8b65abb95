"""The suite's databases: an empty schema for every test, and the demo data set, made cheaply.

Creating the ~30 tables with their triggers took a third of a second per test on PostgreSQL, and seeding the
demo four to seven seconds: over three thousand tests that was most of CI's time. So each is done once per run:

- SQLite: every test gets a copy of a file made once (the empty schema, or the seeded demo).
- PostgreSQL: the schema stays between tests and is emptied (rows deleted from the tables that have any, id
  sequences back to 1, so ids start at 1 as on a fresh database); the demo's rows, read once after seeding,
  are written back for each test that asks for them, triggers off so that the trigger-kept counters are
  copied as they were rather than counted twice.

Tests that drop or alter the schema themselves (the migration tests, module-scoped fixtures) need not say so:
before each test the schema's fingerprint (its tables and triggers) is compared with the one the models make,
and the schema is made again when they differ.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa

from participation.extensions import db

_FINGERPRINT = sa.text(
    "SELECT (SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'),"
    " (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)")
_RESET_SEQUENCES = sa.text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'")


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


class SqliteFiles:
    """Template files in a folder of the run: the empty schema, and the demo once it is asked for."""

    def __init__(self, folder: Path, make_app):
        self._folder, self._make_app = folder, make_app
        self._empty = self._made("empty.db", seed=False)
        self._demo: Path | None = None

    def _made(self, name: str, seed: bool) -> Path:
        path = self._folder / name
        app = self._make_app(f"sqlite:///{path}", self._folder / "uploads")
        with app.app_context():
            db.create_all()
            if seed:
                _seed()
            db.session.remove()
            db.engine.dispose()
        _checkpoint(path)
        return path

    def empty_schema(self, target: Path) -> None:
        _copy(self._empty, target)

    def demo(self, app, target: Path) -> None:
        """Replace the (empty) database of `app`, a file at `target`, with the seeded demo."""
        if self._demo is None:
            self._demo = self._made("demo.db", seed=True)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        _copy(self._demo, target)


class PostgresSchema:
    """One schema for the whole run, emptied before each test; the demo's rows kept in memory."""

    def __init__(self):
        self._fingerprint = None
        self._demo_rows: dict[str, list[dict]] | None = None

    def empty_schema(self, app) -> None:
        with app.app_context():
            with db.engine.begin() as connection:
                if connection.execute(_FINGERPRINT).one() != self._fingerprint:
                    connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                    db.metadata.create_all(connection)
                    self._fingerprint = connection.execute(_FINGERPRINT).one()
                else:
                    _delete_every_row(connection)
            db.engine.dispose()

    def demo(self, app) -> None:
        """Write the demo's rows into the (empty) database of `app`, seeding once to learn them."""
        if self._demo_rows is None:
            self._demo_rows = self._seeded_rows(app)
            self.empty_schema(app)
        with app.app_context():
            with db.engine.begin() as connection:
                connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
                for table in db.metadata.sorted_tables:
                    if rows := self._demo_rows[table.name]:
                        connection.execute(table.insert(), rows)
                        _continue_ids_after(connection, table)
            db.engine.dispose()

    def _seeded_rows(self, app) -> dict[str, list[dict]]:
        with app.app_context():
            _seed()
            db.session.remove()
            with db.engine.connect() as connection:
                return {table.name: [dict(row._mapping) for row in connection.execute(sa.select(table))]
                        for table in db.metadata.sorted_tables}


def _seed() -> None:
    from participation.demo.seed import seed_demo

    seed_demo()
    db.session.commit()


def _delete_every_row(connection) -> None:
    """Empty every table that holds rows (one query finds them), triggers and foreign keys off, and put every
    sequence back to 1. Deleting from a few small tables is much faster than truncating thirty."""
    tables = db.metadata.sorted_tables
    probe = " UNION ALL ".join(f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in tables)
    holding = list(connection.execute(sa.text(probe)).scalars())
    connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
    for name in holding:
        connection.execute(sa.text(f'DELETE FROM "{name}"'))
    connection.execute(_RESET_SEQUENCES)


def _continue_ids_after(connection, table: sa.Table) -> None:
    column = table.autoincrement_column
    if column is not None:
        connection.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), "
                                   f"(SELECT max(\"{column.name}\") FROM \"{table.name}\"))"))


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so that copying the file alone copies the database."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _copy(source: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
