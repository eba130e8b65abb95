"""Revision d7f2a3b4c5e6 (account deletion): `users.deleted_at` and the account audit log, added without
copying `users` (a copy would cascade to the roles and the comments' authors) or `comments` (its triggers
would go); going back deletes the withdrawn comments, which older code cannot read, and the counters
follow."""
from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from participation.extensions import db
from tests.test_migrations import _insert_a_published_meeting, empty_app  # noqa: F401  (the fixture)

BEFORE, REVISION = "c6e1f2a3b4d5", "d7f2a3b4c5e6"
USER = ("INSERT INTO users (id, email, display_name, password_hash, locale, session_token, created_at) "
        "VALUES (1, 'a@example.org', 'a', 'x', 'ko', 't', '2026-12-01 00:00:00')")
COMMENT = ("INSERT INTO comments (id, meeting_id, item_id, author_id, submitter_key, client_key, body, public_body, "
           "stance, phase, status, agree_count, report_count, created_at) VALUES (:id, 1, 1, 1, 'u:1', :key, 'b', 'b', "
           "'support', 'before', :status, 0, 0, '2026-12-01 00:00:00')")


def _triggers(conn) -> list[str]:
    if conn.dialect.name != "sqlite":
        return sorted(conn.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
    return sorted(conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())


def test_upgrade_keeps_the_accounts_their_roles_and_the_triggers(empty_app):  # noqa: F811
    with empty_app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _insert_a_published_meeting(conn)
            conn.execute(sa.text(USER))
            conn.execute(sa.text("INSERT INTO user_roles (user_id, role) VALUES (1, 'citizen')"))
            conn.execute(sa.text(COMMENT), {"id": 1, "key": "a", "status": "approved"})
            triggers = _triggers(conn)
        assert triggers
        upgrade(revision=REVISION)
        with db.engine.begin() as conn:
            assert _triggers(conn) == triggers
            assert conn.execute(sa.text("SELECT count(*) FROM user_roles")).scalar() == 1
            assert conn.execute(sa.text("SELECT author_id FROM comments")).scalar() == 1
            assert conn.execute(sa.text("SELECT deleted_at FROM users")).scalar() is None
            conn.execute(sa.text("UPDATE users SET deleted_at = '2026-12-08 00:00:00'"))
            conn.execute(sa.text("INSERT INTO account_audit (action, subject_id, actor_id, created_at) "
                                 "VALUES ('delete', 1, 1, '2026-12-08 00:00:00')"))
            conn.execute(sa.text(COMMENT), {"id": 2, "key": "b", "status": "withdrawn"})
            assert conn.execute(sa.text("SELECT sum(comments) FROM feedback_tallies WHERE status = 'withdrawn'")
                                ).scalar() == 1
        downgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT id FROM comments")).scalars().all() == [1]
            assert conn.execute(sa.text("SELECT count(*) FROM feedback_tallies WHERE status = 'withdrawn'")
                                ).scalar() == 0
            assert conn.execute(sa.text("SELECT count(*) FROM user_roles")).scalar() == 1
            assert _triggers(conn) == triggers
        assert "account_audit" not in sa.inspect(db.engine).get_table_names()
        assert "deleted_at" not in {c["name"] for c in sa.inspect(db.engine).get_columns("users")}
        upgrade()
