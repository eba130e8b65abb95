"""How fast `/api/v1/meetings/<id>/comments` answers a page for a meeting with 100,000 approved comments.

A fresh database (SQLite in a temporary folder, or `--database-url`, e.g. a scratch PostgreSQL database:
its tables are dropped) gets one published meeting with 10 items and 100,000 approved comments (with
votes counted on them), inserted in bulk. Each round times a whole GET of a page of 50 (keyset on
ix_comments_meeting_public, the replies of the page in one query, serialization): the first page, a page
from the middle (its cursor taken from a real walk) and the last. Results go to
bench/results/api_comments-<when>.json. Run: `.venv/bin/python -m bench.api_comments [--rounds N]`.
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
from participation.api import cursors
from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.extensions import db
from participation.meetings.services import agenda_of
from tests import factories

ITEMS, COMMENTS, PAGE = 10, int(os.environ.get("BENCH_COMMENTS", 100_000)), 50
START = datetime(2026, 3, 5, 5, 0, tzinfo=timezone.utc)


def _build() -> int:
    meeting = factories.meeting(published=True, items=ITEMS)
    item_ids = [item.id for item in agenda_of(meeting)]
    rng = random.Random(7)
    rows = [{"meeting_id": meeting.id, "item_id": rng.choice(item_ids), "submitter_key": f"u:{rng.randrange(2000)}",
             "client_key": f"bench-{n}", "body": f"의견 {n} " * 8, "public_body": f"의견 {n} " * 8,
             "stance": rng.choice(list(Stance)), "phase": rng.choice(list(Phase)), "status": CommentStatus.APPROVED,
             "agree_count": rng.randrange(30), "disagree_count": rng.randrange(10), "pass_count": rng.randrange(5),
             "report_count": 0, "created_at": START + timedelta(seconds=n // 3),
             "decided_at": START + timedelta(seconds=n // 3 + 60)} for n in range(COMMENTS)]
    for start in range(0, len(rows), 5_000):
        db.session.execute(sa.insert(Comment), rows[start:start + 5_000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE comments"))
    return meeting.id


def _cursor_at(meeting_id: int, position: int) -> str:
    """The cursor a client holds after reading `position` comments."""
    comment = db.session.scalars(sa.select(Comment).where(Comment.meeting_id == meeting_id)
                                 .order_by(Comment.decided_at, Comment.id).offset(position - 1).limit(1)).one()
    return cursors.encode("comments", (comment.decided_at, comment.id))


def _median_ms(client, url: str, rounds: int) -> tuple[float, float]:
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200 and len(response.json["data"]) == PAGE, url
    return round(statistics.median(seconds) * 1000, 1), round(max(seconds) * 1000, 1)


def run(rounds: int, database_url: str | None) -> dict:
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url or f"sqlite:///{folder / 'bench.db'}",
                     UPLOAD_FOLDER=folder / "uploads", API_RATE_LIMIT="1000000 per minute")
    with app.app_context():
        db.drop_all()
        db.create_all()
        meeting_id = _build()
        middle, last = _cursor_at(meeting_id, COMMENTS // 2), _cursor_at(meeting_id, COMMENTS - PAGE)
        db.session.remove()
    client = app.test_client()
    base = f"/api/v1/meetings/{meeting_id}/comments?limit={PAGE}"
    client.get(base)  # the process's first request (imports, the OpenAPI schemas) is not a page's cost
    result = {"comments": COMMENTS, "page": PAGE, "rounds": rounds}
    for name, url in (("first", base), ("middle", f"{base}&cursor={middle}"), ("last", f"{base}&cursor={last}")):
        result[f"{name}_page_median_ms"], result[f"{name}_page_max_ms"] = _median_ms(client, url, rounds)
    with app.app_context():
        result["database"] = db.engine.dialect.name
        if database_url:
            db.drop_all()
    return result


def main() -> None:
    main_with_database("api_comments", __doc__, run)


if __name__ == "__main__":
    main()
