"""Comments and what hangs off them: votes (agree, disagree, pass), reports, moderation decisions, official
replies.

Counting happens in SQL (status, stance, reason are plain columns), so the record and feedback
modules can aggregate without loading comments.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.enums import LabelledEnum, enum_column
from participation.meetings.models import AgendaItem, Meeting

BODY_MAX = 2000
NICKNAME_MAX = 40
CLIENT_KEY_MAX = 64
NOTE_MAX = 500
DEFAULT_LICENCE = "CC-BY-4.0"  # of the comments written before the form stated one (it stated none)


class Stance(LabelledEnum):
    SUPPORT = "support", _l("Support")
    OPPOSE = "oppose", _l("Oppose")
    CONCERN = "concern", _l("Concern")
    QUESTION = "question", _l("Question")
    SUGGESTION = "suggestion", _l("Suggestion")


class Phase(LabelledEnum):
    BEFORE = "before", _l("Before the meeting")
    LIVE = "live", _l("During the live session")
    AFTER = "after", _l("After the meeting")


class CommentStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for moderation")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Rejected")
    HIDDEN = "hidden", _l("Hidden for review")
    # Waiting (pending, or hidden for review) when its author deleted their account: never decided, never
    # shown, its text erased; counted nowhere but among the participants (comments/receivers.py).
    WITHDRAWN = "withdrawn", _l("Withdrawn: its author deleted their account")


class RejectReason(LabelledEnum):
    OFF_TOPIC = "off_topic", _l("Off-topic")
    ABUSIVE = "abusive", _l("Abusive or discriminatory")
    PERSONAL_DATA = "personal_data", _l("Personal data")
    SPAM = "spam", _l("Advertising or spam")
    DUPLICATE = "duplicate", _l("Duplicate")
    OTHER = "other", _l("Other")


class VoteChoice(LabelledEnum):
    """A participant's vote on an approved comment (Pol.is's agree / disagree / pass)."""

    AGREE = "agree", _l("Agree")
    DISAGREE = "disagree", _l("Disagree")
    PASS = "pass", _l("Pass")


class ModerationAction(LabelledEnum):
    APPROVE = "approve", _l("Approved")
    REJECT = "reject", _l("Rejected")
    AUTO_HIDE = "auto_hide", _l("Hidden after reports")
    HIDE = "hide", _l("Hidden by a moderator after reports")
    DISMISS_REPORTS = "dismiss_reports", _l("Reports dismissed")


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        sa.UniqueConstraint("submitter_key", "client_key", name="uq_comments_submitter_client_key"),
        sa.Index("ix_comments_meeting_status", "meeting_id", "status", "created_at"),
        sa.Index("ix_comments_item_status", "item_id", "status"),
        # The most agreed approved comments of an item (participation/feedback/aggregates.py).
        sa.Index("ix_comments_item_top", "item_id", "status", "agree_count", "id"),
        # Open data: approved comments in the order they became public, everywhere and per meeting
        # (participation/comments/public.py).
        sa.Index("ix_comments_public", "status", "decided_at", "id"),
        sa.Index("ix_comments_meeting_public", "meeting_id", "status", "decided_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    anchor: Mapped[str | None] = mapped_column(sa.String(40))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    guest_name: Mapped[str | None] = mapped_column(sa.String(NICKNAME_MAX))
    # "u:<user id>" or "g:<guest session id>": whose client_key space this is, and whose history.
    submitter_key: Mapped[str] = mapped_column(sa.String(80))
    client_key: Mapped[str] = mapped_column(sa.String(CLIENT_KEY_MAX))
    body: Mapped[str] = mapped_column(sa.Text)
    public_body: Mapped[str] = mapped_column(sa.Text)
    stance: Mapped[Stance] = mapped_column(enum_column(Stance))
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus), default=CommentStatus.PENDING)
    reject_reason: Mapped[RejectReason | None] = mapped_column(enum_column(RejectReason))
    moderator_note: Mapped[str | None] = mapped_column(sa.String(NOTE_MAX))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The votes on it, one column per choice (kept beside the votes by services.vote, in the same UPDATE).
    # agree_count keeps its name: the feedback counters' triggers and ix_comments_item_top read it.
    agree_count: Mapped[int] = mapped_column(default=0)
    disagree_count: Mapped[int] = mapped_column(default=0, server_default="0")
    pass_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Reports since the last approval or dismissal of reports: the comment's latest `report_count` reports.
    report_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The licence the comment form stated when it was written (config DATA_LICENCE), which it is published under.
    licence: Mapped[str] = mapped_column(sa.String(40), default=DEFAULT_LICENCE, server_default=DEFAULT_LICENCE)

    meeting: Mapped[Meeting] = relationship()
    item: Mapped[AgendaItem] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def author_name(self) -> str:
        """The author as every page, API answer and download shows them: the account's `public_name` (the
        neutral label once it is deleted), a guest's nickname."""
        return self.author.public_name if self.author else (self.guest_name or "")

    @property
    def author_is_former(self) -> bool:
        """Its author's account has been deleted (the comment stays, under the neutral label)."""
        return self.author is not None and self.author.is_deleted

    @property
    def document_author(self) -> dict:
        """The author in a stored document (a record's, a live event's): `{"author"}` in the platform's
        language, with `"former": true` for a deleted account, so a reader's page can translate the label."""
        if self.author_is_former:
            return {"author": self.author.document_name, "former": True}
        return {"author": self.author_name}

    @property
    def is_guest(self) -> bool:
        return self.author_id is None

    @property
    def vote_counts(self) -> dict[str, int]:
        """The votes on it by choice code: `{"agree": n, "disagree": n, "pass": n}` (the open data)."""
        return {choice.value: getattr(self, VOTE_COUNTERS[choice]) for choice in VoteChoice}


# The column of Comment that counts each choice.
VOTE_COUNTERS = {VoteChoice.AGREE: "agree_count", VoteChoice.DISAGREE: "disagree_count",
                 VoteChoice.PASS: "pass_count"}


class Vote(Base):
    """One participant's vote on an approved comment; changing it moves it, one row per voter and comment.

    `voter_key` is the voter's `Submitter.key` ("u:<user id>" or "g:<guest id>"), the key their comments
    carry as `submitter_key`. `phase` is the meeting's phase when the vote was cast or last changed. The
    primary key's leading column serves the lookups by comment. A deleted account's votes stay counted,
    unlinked from it: `user_id` NULL and one random key `"x:<token>"` for all of them (comments/receivers.py),
    so the opinion map still sees one participant and nobody can tell whose votes they were.
    """

    __tablename__ = "comment_votes"

    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    voter_key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    choice: Mapped[VoteChoice] = mapped_column(enum_column(VoteChoice))
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Report(Base):
    """A user's report of an approved comment; three reports hide it until a moderator looks again."""

    __tablename__ = "comment_reports"

    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(sa.String(NOTE_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ModerationDecision(Base):
    """The audit log: who decided what about which comment, when and why."""

    __tablename__ = "moderation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[ModerationAction] = mapped_column(enum_column(ModerationAction))
    reason: Mapped[RejectReason | None] = mapped_column(enum_column(RejectReason))
    note: Mapped[str | None] = mapped_column(sa.String(NOTE_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    moderator: Mapped[User | None] = relationship()
    comment: Mapped[Comment] = relationship()


class Reply(Base):
    """A committee member's official reply to a comment."""

    __tablename__ = "comment_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()
    comment: Mapped[Comment] = relationship()
