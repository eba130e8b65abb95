"""The migrations build exactly the schema the models declare, on SQLite and on PostgreSQL."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import TestConfig
from participation import create_app
from participation.extensions import db

URLS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql") else [])


@pytest.fixture(params=URLS)
def empty_app(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}" if request.param == "sqlite" else os.environ["TEST_DATABASE_URL"]
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    yield app
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


def test_upgrade_builds_the_models_schema(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == [], "models and migrations differ: run `flask --app app db migrate -m '...'`"


def test_upgrade_keeps_existing_data_and_downgrade_works(empty_app):
    from participation.demo.seed import seed_demo

    with empty_app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        upgrade()  # what `make run` does on every start: a no-op on an up-to-date database
        assert db.session.scalar(sa.text("SELECT count(*) FROM tasks")) >= 12
        db.session.remove()
        downgrade(revision="base")
        assert "meetings" not in sa.inspect(db.engine).get_table_names()


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'w.db'}")
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def _insert_a_published_meeting(conn) -> None:
    """Committee 1, its published meeting 1 and agenda item 1, written as the older schemas take them."""
    conn.execute(sa.text("INSERT INTO committees (id, name, description) VALUES (1, 'c', '')"))
    conn.execute(sa.text(
        "INSERT INTO meetings (id, committee_id, title, number, place, summary, starts_at, "
        "allow_guest_comments, state, created_at) VALUES (1, 1, 'm', 1, '', '', '2027-01-20 05:00:00', "
        "false, 'published', '2026-12-01 00:00:00')"))
    conn.execute(sa.text("INSERT INTO agenda_items (id, meeting_id, position, title, kind, summary, presenter) "
                         "VALUES (1, 1, 1, 'i', 'report', '', '')"))


def test_postponements_and_cancellations_keep_the_meetings_and_go_back_cleanly(empty_app):
    """Revision 3fa9f9b5347c only adds tables: a meeting and its agenda survive it both ways (nothing copies
    `meetings`, which on SQLite would cascade to its agenda), and going back turns a cancelled meeting
    into a published one, a state the older code knows."""
    def count(conn, table: str) -> int:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()

    with empty_app.app_context():
        upgrade(revision="476663c7d9aa")
        with db.engine.begin() as conn:
            _insert_a_published_meeting(conn)
        upgrade(revision="3fa9f9b5347c")
        with db.engine.begin() as conn:
            assert (count(conn, "meetings"), count(conn, "agenda_items")) == (1, 1)
            conn.execute(sa.text("UPDATE meetings SET state = 'cancelled'"))
            conn.execute(sa.text("INSERT INTO meeting_cancellations (meeting_id, reason, created_at) "
                                 "VALUES (1, 'r', '2026-12-02 00:00:00')"))
        downgrade(revision="476663c7d9aa")
        with db.engine.begin() as conn:
            assert (count(conn, "meetings"), count(conn, "agenda_items")) == (1, 1)
            assert conn.execute(sa.text("SELECT state FROM meetings")).scalar() == "published"
        assert "meeting_cancellations" not in sa.inspect(db.engine).get_table_names()


def test_feedback_counters_are_filled_from_existing_comments_and_kept_afterwards(empty_app):
    """Revision b841c2c9a361 counts the comments already there, and its triggers count the next ones;
    going back drops them, and comments are written as before."""
    comment = ("INSERT INTO comments (meeting_id, item_id, submitter_key, client_key, body, public_body, stance, "
               "phase, status, agree_count, report_count, created_at) VALUES (1, 1, :who, :key, 'b', 'b', 'support', "
               "'before', 'approved', 2, 0, '2026-12-01 00:00:00')")
    with empty_app.app_context():
        upgrade(revision="a592c13bc33c")
        with db.engine.begin() as conn:
            _insert_a_published_meeting(conn)
            conn.execute(sa.text(comment), {"who": "u:1", "key": "a"})
        upgrade(revision="b841c2c9a361")
        with db.engine.begin() as conn:
            conn.execute(sa.text(comment), {"who": "u:2", "key": "b"})
            assert conn.execute(sa.text("SELECT comments, agrees FROM feedback_tallies")).one() == (2, 4)
            assert conn.execute(sa.text("SELECT item_id, participants FROM feedback_participants "
                                        "ORDER BY item_id")).all() == [(0, 2), (1, 2)]
            assert conn.execute(sa.text("SELECT item_id FROM feedback_theme_jobs")).scalars().all() == [1]
        downgrade(revision="a592c13bc33c")
        with db.engine.begin() as conn:
            conn.execute(sa.text(comment), {"who": "u:3", "key": "c"})
            assert conn.execute(sa.text("SELECT count(*) FROM comments")).scalar() == 3
        assert "feedback_tallies" not in sa.inspect(db.engine).get_table_names()
