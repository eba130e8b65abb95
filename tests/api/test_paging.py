"""Cursor pagination of /api/v1/comments: a walk over 1,000 comments sees each once, also while comments
are approved during the walk (a comment written long ago and approved late included)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.extensions import db
from tests.api import open_data

START = datetime(2020, 1, 1, tzinfo=timezone.utc)


def _bulk(world, count: int, status: CommentStatus) -> list[int]:
    """`count` comments on the world's meeting, approved (or pending) long ago, two by two at the same
    second (ties are broken by id)."""
    rows = [Comment(meeting_id=world.public_meeting_id, item_id=world.item_ids[i % 2], submitter_key=f"u:bulk{i}",
                    client_key=f"bulk-{status.value}-{i}", body=f"의견 {i}", public_body=f"의견 {i}",
                    stance=Stance.SUPPORT, phase=Phase.BEFORE, status=status, created_at=START,
                    decided_at=START + timedelta(seconds=i // 2) if status is CommentStatus.APPROVED else None)
            for i in range(count)]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


@pytest.fixture
def many(app):
    with app.app_context():
        world = open_data.build()
        _bulk(world, 1000, CommentStatus.APPROVED)
        late = _bulk(world, 5, CommentStatus.PENDING)
        return world, late


def _walk(client, url: str, between=lambda: None) -> list[int]:
    seen, cursor = [], None
    while True:
        page = client.get(url + (f"&cursor={cursor}" if cursor else "")).json
        seen += [c["id"] for c in page["data"]]
        cursor = page["next"]
        if cursor is None:
            return seen
        between()


def test_a_walk_sees_every_comment_once_in_the_order_they_became_public(client, many):
    world, _ = many
    seen = _walk(client, "/api/v1/comments?limit=37")
    assert len(seen) == len(set(seen)) == 1003
    with client.application.app_context():
        expected = [c.id for c in db.session.scalars(
            db.select(Comment).where(Comment.status == CommentStatus.APPROVED).order_by(Comment.decided_at, Comment.id))]
    assert seen == expected


def test_comments_approved_during_the_walk_are_not_skipped(app, client, many):
    world, late = many
    added = []

    def approve_some():
        with app.app_context():
            if late:  # written before every comment of the walk, approved now: it comes at the end
                from participation.accounts.models import User
                from participation.comments import services

                moderator = db.session.scalar(db.select(User).where(User.email == "moderator.private@example.org"))
                comment = db.session.get(Comment, late.pop())
                services.approve(comment, moderator)
                db.session.commit()
                added.append(comment.id)
            added.append(open_data.approve_another(world, f"도중에 {len(added)}"))

    seen = _walk(client, f"/api/v1/meetings/{world.public_meeting_id}/comments?limit=50", approve_some)
    assert len(seen) == len(set(seen))
    assert set(seen) >= set(added) and len(added) >= 20
    assert len(seen) == 1003 + len(added)
