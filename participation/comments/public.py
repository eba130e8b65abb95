"""Approved comments as open data: the listing the API pages through.

Public means approved, on a public meeting (`meetings.policies.PUBLIC_STATES`): never a pending, rejected
or hidden comment, never a draft meeting's. The order is the order comments became public: their latest
approval time (`decided_at`; a hidden comment approved again moves forward), then id; so a client that
pages with the last key it saw (keyset pagination on ix_comments_public / ix_comments_meeting_public) misses
no comment approved later, and none twice. A comment approved in the last `settle` seconds is held back
until the next request: on PostgreSQL two moderators' transactions may commit in another order than their
clocks read, and a client must not page past a comment that is still committing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.core import paging
from participation.core.db import utcnow
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.meetings.policies import PUBLIC_STATES

Key = tuple[datetime, int]  # (decided_at, id): where a page ends


@dataclass(frozen=True)
class CommentFilter:
    """What a client asks for; None is "any"."""

    meeting_id: int | None = None
    item_id: int | None = None
    stance: Stance | None = None
    phase: Phase | None = None
    since: datetime | None = None  # approved at or after


def key_of(comment: Comment) -> Key:
    return comment.decided_at, comment.id


def _public_meetings():
    return sa.select(Meeting.id).where(Meeting.state.in_(PUBLIC_STATES))


def public_comments(given: CommentFilter, after: Key | None, limit: int, *,
                    settle: timedelta = timedelta(0)) -> list[Comment]:
    """At most `limit` public comments matching `given`, after the key `after`, in the order they became
    public, with their authors and items loaded."""
    stmt = sa.select(Comment).where(Comment.status == CommentStatus.APPROVED,
                                    Comment.meeting_id.in_(_public_meetings()))
    for column, value in ((Comment.meeting_id, given.meeting_id), (Comment.item_id, given.item_id),
                          (Comment.stance, given.stance), (Comment.phase, given.phase)):
        if value is not None:
            stmt = stmt.where(column == value)
    if given.since is not None:
        stmt = stmt.where(Comment.decided_at >= given.since)
    if settle:
        stmt = stmt.where(Comment.decided_at <= utcnow() - settle)
    stmt = (paging.after(stmt, (Comment.decided_at, Comment.id), after).limit(limit)
            .options(selectinload(Comment.author), selectinload(Comment.item)))
    return list(db.session.scalars(stmt))

