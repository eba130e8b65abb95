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


def _drop_every_table() -> None:
    """Every table there is, alembic_version and the tables of older revisions that the models no longer
    declare (comment_agreements after a downgrade) included."""
    tables = sa.MetaData()
    tables.reflect(db.engine)
    tables.drop_all(db.engine)


@pytest.fixture(params=URLS)
def empty_app(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}" if request.param == "sqlite" else os.environ["TEST_DATABASE_URL"]
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        _drop_every_table()
    yield app
    with app.app_context():
        _drop_every_table()
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


def test_agreements_become_agree_votes_and_go_back(empty_app):
    """Revision e0811a007549 turns every agreement into a vote `agree` of its account (the comment's phase,
    the agreement's date) beside counts of 0 for the new choices, and the feedback tallies keep their agrees;
    going back turns the accounts' agree votes into agreements again and counts agree_count again without a
    guest's agree or a vote changed to disagree."""
    def tally(conn) -> int:
        return conn.execute(sa.text("SELECT sum(agrees) FROM feedback_tallies")).scalar()

    with empty_app.app_context():
        upgrade(revision="cd94868e4d1d")
        with db.engine.begin() as conn:
            _insert_a_published_meeting(conn)
            for user_id in (1, 2, 3):
                conn.execute(sa.text("INSERT INTO users (id, email, display_name, password_hash, locale, "
                                     "session_token, created_at) "
                                     "VALUES (:id, :email, 'u', 'x', 'ko', :token, '2026-12-01 00:00:00')"),
                             {"id": user_id, "email": f"u{user_id}@example.org", "token": f"t{user_id}"})
            conn.execute(sa.text(
                "INSERT INTO comments (id, meeting_id, item_id, submitter_key, client_key, body, public_body, stance, "
                "phase, status, agree_count, report_count, created_at) VALUES (1, 1, 1, 'u:3', 'k', 'b', 'b', "
                "'support', 'live', 'approved', 2, 0, '2026-12-01 00:00:00')"))
            for user_id, day in ((1, 2), (2, 3)):
                conn.execute(sa.text("INSERT INTO comment_agreements (comment_id, user_id, created_at) "
                                     f"VALUES (1, {user_id}, '2026-12-0{day} 00:00:00')"))
        upgrade(revision="e0811a007549")
        with db.engine.begin() as conn:
            votes = conn.execute(sa.text("SELECT comment_id, voter_key, user_id, choice, phase, "
                                         "created_at = updated_at FROM comment_votes ORDER BY voter_key")).all()
            assert [tuple(v) for v in votes] == [(1, "u:1", 1, "agree", "live", True),
                                                 (1, "u:2", 2, "agree", "live", True)]
            counted = conn.execute(sa.text("SELECT agree_count, disagree_count, pass_count FROM comments")).one()
            assert tuple(counted) == (2, 0, 0)
            assert tally(conn) == 2
            # What the new code writes: a guest agrees, and citizen 2 changes to disagree.
            conn.execute(sa.text("INSERT INTO comment_votes (comment_id, voter_key, user_id, choice, phase, "
                                 "created_at, updated_at) VALUES (1, 'g:abc', NULL, 'agree', 'after', '2026-12-04 00:00:00', "
                                 "'2026-12-04 00:00:00')"))
            conn.execute(sa.text("UPDATE comment_votes SET choice = 'disagree' WHERE voter_key = 'u:2'"))
            conn.execute(sa.text("UPDATE comments SET agree_count = 2, disagree_count = 1"))
        assert "comment_agreements" not in sa.inspect(db.engine).get_table_names()
        downgrade(revision="cd94868e4d1d")
        with db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT comment_id, user_id FROM comment_agreements")).all() == [(1, 1)]
            assert conn.execute(sa.text("SELECT agree_count FROM comments")).scalar() == 1
            assert tally(conn) == 1
        assert "comment_votes" not in sa.inspect(db.engine).get_table_names()
        assert "disagree_count" not in {c["name"] for c in sa.inspect(db.engine).get_columns("comments")}
        upgrade()  # and forward again, to the head
