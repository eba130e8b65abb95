"""The stored themes of agenda items, as the pages show them, in two queries whatever the number of
items: their runs with their themes and whether a computation waits (one outer join), then the
representative comments.

A representative comment is read again from `comments` and shown only while it is still approved,
with its public (masked) text: a comment hidden or rejected since the last computation disappears at
once, before the worker has recomputed the item's themes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

import sqlalchemy as sa

from participation.comments.models import Comment, CommentStatus
from participation.extensions import db
from participation.feedback import jobs
from participation.feedback.aggregates import TOP_COLUMNS, TopComment
from participation.feedback.models import Theme, ThemeRun
from participation.meetings.models import AgendaItem


@dataclass(frozen=True)
class ThemeItem:
    """One theme: its key terms, how many comments it grouped, the representative comments still
    approved (the most typical first)."""

    rank: int
    terms: list[str]
    size: int
    comments: list[TopComment]


@dataclass
class ThemeView:
    """An item's themes: when they were computed and over how many approved comments (None and 0
    before the first computation), and whether a new computation is waiting or under way. No themes
    with a `computed_at` means there was not enough to group."""

    item_id: int
    computed_at: datetime | None = None
    comment_count: int = 0
    pending: bool = False
    themes: list[ThemeItem] = field(default_factory=list)


def approved_comments(comment_ids: set[int]) -> dict[int, TopComment]:
    """The still approved comments among `comment_ids`, by id, as the most agreed are shown."""
    if not comment_ids:
        return {}
    rows = db.session.execute(sa.select(*TOP_COLUMNS).where(Comment.id.in_(sorted(comment_ids)),
                                                           Comment.status == CommentStatus.APPROVED))
    return {row.id: TopComment.of(row) for row in rows}


def themes_of(item_ids: Iterable[int]) -> dict[int, ThemeView]:
    """The themes of each of `item_ids` that has been computed or is waiting to be; items with
    neither are absent."""
    item_ids = sorted(set(item_ids))
    if not item_ids:
        return {}
    rows = db.session.execute(
        sa.select(AgendaItem.id.label("item_id"), ThemeRun.computed_at, ThemeRun.comment_count,
                  jobs.waiting(AgendaItem.id).label("pending"), Theme.rank, Theme.terms, Theme.size,
                  Theme.representative_ids)
        .select_from(AgendaItem).outerjoin(ThemeRun, ThemeRun.item_id == AgendaItem.id)
        .outerjoin(Theme, Theme.item_id == ThemeRun.item_id)
        .where(AgendaItem.id.in_(item_ids), sa.or_(ThemeRun.item_id.is_not(None), jobs.waiting(AgendaItem.id)))
        .order_by(AgendaItem.id, Theme.rank)).all()
    stored = [row for row in rows if row.rank is not None]
    comments = approved_comments({comment_id for theme in stored for comment_id in theme.representative_ids})
    views: dict[int, ThemeView] = {}
    for row in rows:
        view = views.setdefault(row.item_id, ThemeView(row.item_id, row.computed_at, row.comment_count or 0,
                                                       bool(row.pending)))
        if row.rank is not None:
            shown = [comments[comment_id] for comment_id in row.representative_ids
                     if comment_id in comments and comments[comment_id].item_id == row.item_id]
            view.themes.append(ThemeItem(row.rank, list(row.terms), row.size, shown))
    return views
