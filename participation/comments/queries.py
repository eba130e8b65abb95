"""Read side of comments: feeds, votes, the moderation queue, authors' history, public figures, the audit log.

Counts are computed in SQL, grouped by the plain status / stance / reason columns.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from participation.comments.models import (
    Comment, CommentStatus, ModerationDecision, RejectReason, Reply, Report, Vote, VoteChoice,
)
from participation.extensions import db


def _feed_limit() -> int:
    return current_app.config["COMMENT_FEED_LIMIT"]


def approved_for_item(item_id: int, limit: int | None = None) -> list[Comment]:
    stmt = (sa.select(Comment).where(Comment.item_id == item_id, Comment.status == CommentStatus.APPROVED)
            .options(selectinload(Comment.author))
            .order_by(Comment.decided_at, Comment.id).limit(limit or _feed_limit()))
    return list(db.session.scalars(stmt))


def approved_for_meeting(meeting_id: int, limit: int | None = None, *, every: bool = False) -> list[Comment]:
    """Approved comments in the order they became public; at most the feed's limit unless `every`."""
    stmt = (sa.select(Comment).where(Comment.meeting_id == meeting_id, Comment.status == CommentStatus.APPROVED)
            .options(selectinload(Comment.author), selectinload(Comment.item))
            .order_by(Comment.decided_at, Comment.id))
    return list(db.session.scalars(stmt if every else stmt.limit(limit or _feed_limit())))


def replies_by_comment(comment_ids: list[int]) -> dict[int, list[Reply]]:
    replies: dict[int, list[Reply]] = defaultdict(list)
    if comment_ids:
        stmt = (sa.select(Reply).where(Reply.comment_id.in_(comment_ids)).options(selectinload(Reply.author))
                .order_by(Reply.created_at, Reply.id))
        for reply in db.session.scalars(stmt):
            replies[reply.comment_id].append(reply)
    return replies


def votes_of(voter_key: str | None, comment_ids: list[int]) -> dict[int, VoteChoice]:
    """The voter's current choice on each of the comments they voted on (`Submitter.key`; none for a
    visitor without a guest id), so pages show it after a reload."""
    if not comment_ids or not voter_key:
        return {}
    stmt = sa.select(Vote.comment_id, Vote.choice).where(Vote.voter_key == voter_key, Vote.comment_id.in_(comment_ids))
    return dict(db.session.execute(stmt).all())


def _votable(item_id: int, voter_key: str):
    """The conditions of the approved comments of the item that `voter_key` did not write."""
    return (Comment.item_id == item_id, Comment.status == CommentStatus.APPROVED, Comment.submitter_key != voter_key)


def next_unvoted(item_id: int, voter_key: str) -> Comment | None:
    """The first approved comment of the item (in the order they became public) that the voter neither
    wrote nor voted on: what the focused "vote on comments" view shows next."""
    voted = sa.select(Vote.comment_id).where(Vote.comment_id == Comment.id, Vote.voter_key == voter_key)
    stmt = (sa.select(Comment).where(*_votable(item_id, voter_key), ~voted.exists())
            .options(selectinload(Comment.author)).order_by(Comment.decided_at, Comment.id).limit(1))
    return db.session.scalar(stmt)


def voting_progress(item_id: int, voter_key: str) -> tuple[int, int]:
    """(voted on, open to the voter): the approved comments of the item the voter did not write, and how
    many of them they voted on, in one query."""
    stmt = (sa.select(sa.func.count(Comment.id), sa.func.count(Vote.comment_id))
            .outerjoin(Vote, sa.and_(Vote.comment_id == Comment.id, Vote.voter_key == voter_key))
            .where(*_votable(item_id, voter_key)))
    total, voted = db.session.execute(stmt).one()
    return voted, total


def vote_rows(item_id: int) -> Iterator[tuple[str, int, VoteChoice]]:
    """(voter_key, comment_id, choice) of every vote on the approved comments of the item, by comment and
    voter: the opinion map's input. Rows per participant are for computing, never published."""
    stmt = (sa.select(Vote.voter_key, Vote.comment_id, Vote.choice).join(Comment, Comment.id == Vote.comment_id)
            .where(Comment.item_id == item_id, Comment.status == CommentStatus.APPROVED)
            .order_by(Vote.comment_id, Vote.voter_key))
    yield from db.session.execute(stmt).tuples()


def pending_queue(meeting_id: int) -> list[Comment]:
    """Pending comments and hidden ones waiting for a second look, oldest first."""
    stmt = (sa.select(Comment)
            .where(Comment.meeting_id == meeting_id,
                   Comment.status.in_([CommentStatus.PENDING, CommentStatus.HIDDEN]))
            .options(selectinload(Comment.item), selectinload(Comment.author))
            .order_by(Comment.created_at, Comment.id))
    return list(db.session.scalars(stmt))


def reported_queue(meeting_id: int) -> list[Comment]:
    """Published comments with reports no moderator has decided on yet, oldest comment first."""
    stmt = (sa.select(Comment)
            .where(Comment.meeting_id == meeting_id, Comment.status == CommentStatus.APPROVED,
                   Comment.report_count > 0)
            .options(selectinload(Comment.item), selectinload(Comment.author))
            .order_by(Comment.created_at, Comment.id))
    return list(db.session.scalars(stmt))


def current_reports(comments: list[Comment]) -> dict[int, list[Report]]:
    """Each comment's reports since its last approval or dismissal of reports (its latest
    `report_count` reports), oldest first, read in one query."""
    wanted = {c.id: c.report_count for c in comments if c.report_count > 0}
    latest: dict[int, list[Report]] = defaultdict(list)
    if wanted:
        stmt = (sa.select(Report).where(Report.comment_id.in_(wanted))
                .order_by(Report.created_at.desc(), Report.user_id.desc()))
        for report in db.session.scalars(stmt):
            if len(latest[report.comment_id]) < wanted[report.comment_id]:
                latest[report.comment_id].append(report)
    return {comment_id: reports[::-1] for comment_id, reports in latest.items()}


def reported_by(user, comment_ids: list[int]) -> set[int]:
    """Which of the comments `user` reported (none for a visitor): the live page offers no second report."""
    if not comment_ids or user is None or not user.is_authenticated:
        return set()
    stmt = sa.select(Report.comment_id).where(Report.user_id == user.id, Report.comment_id.in_(comment_ids))
    return set(db.session.scalars(stmt))


@dataclass
class History:
    approved: int = 0
    rejected: int = 0


def submitter_history(keys: set[str]) -> dict[str, History]:
    """How many comments of each submitter were approved and rejected so far."""
    history: dict[str, History] = defaultdict(History)
    if keys:
        stmt = (sa.select(Comment.submitter_key, Comment.status, sa.func.count())
                .where(Comment.submitter_key.in_(keys),
                       Comment.status.in_([CommentStatus.APPROVED, CommentStatus.REJECTED]))
                .group_by(Comment.submitter_key, Comment.status))
        for key, status, count in db.session.execute(stmt):
            setattr(history[key], status.value, count)
    return history


def own_comments(submitter_key: str, item_id: int) -> list[Comment]:
    stmt = (sa.select(Comment).where(Comment.submitter_key == submitter_key, Comment.item_id == item_id)
            .order_by(Comment.created_at.desc(), Comment.id.desc()))
    return list(db.session.scalars(stmt))


def own_comments_of_meeting(submitter_key: str, meeting_id: int, limit: int = 200) -> list[Comment]:
    """The submitter's comments on the meeting's items, newest first (the live page's "your comments")."""
    stmt = (sa.select(Comment).where(Comment.submitter_key == submitter_key, Comment.meeting_id == meeting_id)
            .options(selectinload(Comment.item))
            .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def comments_of_submitter(submitter_key: str, limit: int = 500) -> list[Comment]:
    stmt = (sa.select(Comment).where(Comment.submitter_key == submitter_key)
            .options(selectinload(Comment.item), selectinload(Comment.meeting))
            .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


@dataclass
class Figures:
    submitted: int = 0
    pending: int = 0
    approved: int = 0
    rejected: int = 0
    hidden: int = 0
    withdrawn: int = 0  # not submitted any more: their authors deleted their accounts
    rejected_by_reason: dict[RejectReason, int] = field(default_factory=dict)


def moderation_figures(meeting_id: int) -> Figures:
    """Per-meeting public figures: submitted, approved, rejected by reason."""
    figures = Figures()
    by_status = sa.select(Comment.status, sa.func.count()).where(Comment.meeting_id == meeting_id).group_by(Comment.status)
    for status, count in db.session.execute(by_status):
        setattr(figures, status.value, count)
        if status is not CommentStatus.WITHDRAWN:
            figures.submitted += count
    by_reason = (sa.select(Comment.reject_reason, sa.func.count())
                 .where(Comment.meeting_id == meeting_id, Comment.status == CommentStatus.REJECTED)
                 .group_by(Comment.reject_reason))
    figures.rejected_by_reason = {reason: count for reason, count in db.session.execute(by_reason) if reason}
    return figures


def item_figures(meeting_id: int) -> dict[int, Figures]:
    """The same figures per agenda item (items without comments are absent), in one grouped query each."""
    per_item: dict[int, Figures] = defaultdict(Figures)
    by_status = (sa.select(Comment.item_id, Comment.status, sa.func.count()).where(Comment.meeting_id == meeting_id)
                 .group_by(Comment.item_id, Comment.status))
    for item_id, status, count in db.session.execute(by_status):
        setattr(per_item[item_id], status.value, count)
        if status is not CommentStatus.WITHDRAWN:
            per_item[item_id].submitted += count
    by_reason = (sa.select(Comment.item_id, Comment.reject_reason, sa.func.count())
                 .where(Comment.meeting_id == meeting_id, Comment.status == CommentStatus.REJECTED)
                 .group_by(Comment.item_id, Comment.reject_reason))
    for item_id, reason, count in db.session.execute(by_reason):
        if reason:
            per_item[item_id].rejected_by_reason[reason] = count
    return dict(per_item)


def participants(meeting_id: int) -> dict[int | None, int]:
    """Distinct submitters (accounts and guests) per agenda item, and for the whole meeting under None."""
    counts = {item_id: count for item_id, count in db.session.execute(
        sa.select(Comment.item_id, sa.func.count(sa.distinct(Comment.submitter_key)))
        .where(Comment.meeting_id == meeting_id).group_by(Comment.item_id))}
    counts[None] = db.session.scalar(sa.select(sa.func.count(sa.distinct(Comment.submitter_key)))
                                     .where(Comment.meeting_id == meeting_id)) or 0
    return counts


def audit_log(meeting_id: int) -> list[ModerationDecision]:
    stmt = (sa.select(ModerationDecision).where(ModerationDecision.meeting_id == meeting_id)
            .options(selectinload(ModerationDecision.moderator), selectinload(ModerationDecision.comment))
            .order_by(ModerationDecision.created_at, ModerationDecision.id))
    return list(db.session.scalars(stmt))
