"""Stored results of the feedback domain: the counters behind the dashboard, the themes of an item's
approved comments, and the queue that hands their computation to the worker process.

The counters (`CommentTally`, `SubmitterCount`, `ParticipantCount`, `CommentVolume`) are kept by the database itself:
triggers on `comments` (counters.py) update them in the transaction of every insert, update and delete,
whichever code path makes it, so a dashboard reads a few hundred rows instead of grouping 100,000
comments (which takes a second on SQLite and would stall the server's event loop meanwhile). They have
no foreign keys: a cascade deleting comments must be able to decrement them in any order.

Themes are too slow for a trigger (morphological analysis and clustering): the web process only asks for
them (a `ThemeJob` row) and the worker (`flask feedback worker`) writes `ThemeRun` and `Theme` rows.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.comments.models import CommentStatus, Phase
from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.enums import enum_column
from participation.meetings.models import AgendaItem

WORKER_MAX = 100
WHOLE_MEETING = 0  # ParticipantCount.item_id of a meeting's own count


class CommentTally(Base):
    """How many comments of an item have this status, stance, phase and rejection reason ('' for none),
    and the agrees they hold. Stance and phase are those of approved comments, '' for the others
    (counters.py)."""

    __tablename__ = "feedback_tallies"

    item_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus), primary_key=True)
    stance: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    phase: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    reason: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(index=True)
    comments: Mapped[int] = mapped_column(default=0)
    agrees: Mapped[int] = mapped_column(default=0)


class ParticipantCount(Base):
    """Distinct submitters (accounts and guests) of an item, or of the whole meeting (`WHOLE_MEETING`)."""

    __tablename__ = "feedback_participants"

    meeting_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    item_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    participants: Mapped[int] = mapped_column(default=0)


class SubmitterCount(Base):
    """How many comments one submitter has on an item, or on the whole meeting (`WHOLE_MEETING`): the
    reference count behind `ParticipantCount`, which moves only when it goes from 0 to 1 or back. Being
    a row that each change locks and moves by one, it counts right whatever the order in which a
    statement's rows reach the trigger (PostgreSQL runs them after the whole statement) and however many
    transactions write at once."""

    __tablename__ = "feedback_submitters"

    meeting_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    item_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    submitter_key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    comments: Mapped[int] = mapped_column(default=0)


class CommentVolume(Base):
    """Comments sent in one UTC minute (`YYYY-MM-DDTHH:MM`) of a phase of the meeting."""

    __tablename__ = "feedback_volume"

    meeting_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), primary_key=True)
    minute: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    comments: Mapped[int] = mapped_column(default=0)


class _Job:
    """A queue's row: an item whose computation is out of date, one row per item however many changes
    asked for it (jobs.py).

    `requested_at` moves forward with every new request; a worker claims the row by setting `claimed_at`
    and `claimed_by` in one conditional UPDATE, and deletes it after its run unless a newer request came
    in meanwhile (then the row is released for the next round).
    """

    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(WORKER_MAX))


class ThemeJob(_Job, Base):
    """An item whose themes are out of date."""

    __tablename__ = "feedback_theme_jobs"


class MapJob(_Job, Base):
    """An item whose opinion map is out of date (its votes, or its approved comments, changed)."""

    __tablename__ = "feedback_map_jobs"


class OpinionMapRun(Base):
    """The latest opinion map of an item (opinion_map.py's result, as JSON): when, over how many votes."""

    __tablename__ = "feedback_opinion_maps"

    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    votes: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict] = mapped_column(sa.JSON)


class ThemeRun(Base):
    """The latest computation of an item's themes: when, over how many approved comments."""

    __tablename__ = "feedback_theme_runs"

    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment_count: Mapped[int] = mapped_column(default=0)

    item: Mapped[AgendaItem] = relationship()
    themes: Mapped[list[Theme]] = relationship(
        order_by="Theme.rank", cascade="all, delete-orphan", back_populates="run")


class Theme(Base):
    """One theme of an item: its key terms, how many comments it groups, its most representative ones."""

    __tablename__ = "feedback_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_theme_runs.item_id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    terms: Mapped[list[str]] = mapped_column(sa.JSON)
    size: Mapped[int]
    # Ids of the theme's most representative approved comments, the most typical first.
    representative_ids: Mapped[list[int]] = mapped_column(sa.JSON)

    run: Mapped[ThemeRun] = relationship(back_populates="themes")
