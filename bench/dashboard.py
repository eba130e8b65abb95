"""How fast the feedback dashboard answers for a meeting with 50 agenda items and 100,000 comments.

A fresh database (SQLite in a temporary folder, or `--database-url`, e.g. the PostgreSQL test database)
gets one published meeting with 50 items and 100,000 comments in every status, stance and phase from
2,000 submitters, inserted in bulk. Each round times `aggregates.meeting_feedback` (the dashboard's
queries) and, separately, a whole `GET /meetings/<id>/feedback` (queries and rendering; the first
request renders every item panel, later ones reuse the kept panels of items that did not change). Results go to
bench/results/dashboard-<when>.json. Run: `.venv/bin/python -m bench.dashboard [--rounds N]`.
"""
from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from bench import main_with_database
from config import TestConfig
from participation import create_app
from participation.comments.models import Comment, CommentStatus, Phase, RejectReason, Stance
from participation.extensions import db
from participation.feedback import aggregates
from participation.meetings.models import Meeting
from participation.meetings.services import agenda_of
from tests import factories
from tests.feedback.statements import statements

ITEMS, COMMENTS, SUBMITTERS = 50, int(os.environ.get("BENCH_COMMENTS", 100_000)), 2_000
STATUSES = [CommentStatus.APPROVED] * 6 + [CommentStatus.REJECTED] * 2 + [CommentStatus.PENDING, CommentStatus.HIDDEN]


def _rows(meeting_id: int, item_ids: list[int], start: datetime) -> list[dict]:
    rng, rows = random.Random(7), []
    for n in range(COMMENTS):
        status = rng.choice(STATUSES)
        rows.append({
            "meeting_id": meeting_id, "item_id": rng.choice(item_ids), "submitter_key": f"u:{rng.randrange(SUBMITTERS)}",
            "client_key": f"bench-{n}", "body": f"의견 {n}", "public_body": f"의견 {n}",
            "stance": rng.choice(list(Stance)), "phase": rng.choice(list(Phase)), "status": status,
            "reject_reason": rng.choice(list(RejectReason)) if status is CommentStatus.REJECTED else None,
            "agree_count": rng.randrange(30) if status is CommentStatus.APPROVED else 0, "report_count": 0,
            "created_at": start + timedelta(seconds=rng.randrange(4 * 3600)),
        })
    return rows


def _build() -> int:
    meeting = factories.meeting(published=True, items=ITEMS)
    item_ids = [item.id for item in agenda_of(meeting)]
    rows = _rows(meeting.id, item_ids, datetime(2026, 3, 5, 5, 0, tzinfo=timezone.utc))
    for start in range(0, len(rows), 5_000):
        db.session.execute(sa.insert(Comment), rows[start:start + 5_000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of such a load: the counters took 100,000 updates in one
        # go, and their dead row versions would otherwise be read by every query of the dashboard.
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("comments", "feedback_tallies", "feedback_participants", "feedback_volume"):
                connection.execute(sa.text(f"VACUUM ANALYZE {table}"))
    return meeting.id


def _time(call, rounds: int) -> tuple[float, list[float]]:
    """The first (cold) call's seconds, then each of `rounds` further calls' (warm: the database's
    pages and the kept item panels in memory, as for a dashboard people keep reading)."""
    started = time.perf_counter()
    call()
    cold = time.perf_counter() - started
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return cold, seconds


def run(rounds: int, database_url: str | None) -> dict:
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url or f"sqlite:///{folder / 'bench.db'}",
                     UPLOAD_FOLDER=folder / "uploads")
    with app.app_context():
        db.drop_all()
        db.create_all()
        meeting_id = _build()
        item_ids = [item.id for item in agenda_of(db.session.get(Meeting, meeting_id))]
        _, queries = _time(lambda: aggregates.meeting_feedback(db.session.get(Meeting, meeting_id)), rounds)
        db.session.remove()
    client = app.test_client()

    def page():
        assert client.get(f"/meetings/{meeting_id}/feedback").status_code == 200

    page_cold, pages = _time(page, rounds)
    with statements(app) as page_statements:  # round trips of one warm page
        page()
    changed = []  # as during a live session: one new approved comment on some item before each reading
    for n in range(rounds):
        with app.app_context():
            row = _rows(meeting_id, [item_ids[n % len(item_ids)]], datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc))[0]
            db.session.execute(sa.insert(Comment), [{**row, "client_key": f"live-{n}", "status": CommentStatus.APPROVED}])
            db.session.commit()
        started = time.perf_counter()
        page()
        changed.append(time.perf_counter() - started)
    with app.app_context():
        if database_url:
            db.drop_all()
        dialect = db.engine.dialect.name
    return {"database": dialect, "items": ITEMS, "comments": COMMENTS, "rounds": rounds,
            "queries_median_ms": round(statistics.median(queries) * 1000, 1),
            "queries_max_ms": round(max(queries) * 1000, 1),
            "page_cold_ms": round(page_cold * 1000, 1), "page_statements": len(page_statements),
            "page_median_ms": round(statistics.median(pages) * 1000, 1), "page_max_ms": round(max(pages) * 1000, 1),
            "page_after_one_new_comment_median_ms": round(statistics.median(changed) * 1000, 1)}


def main() -> None:
    main_with_database("dashboard", __doc__, run)


if __name__ == "__main__":
    main()
