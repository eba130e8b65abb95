"""What a person chose to hear of, what they follow, and the news waiting to be told to followers.

- `NotificationSettings`: one row per person who changed a choice, one boolean per `Kind`; a person
  without a row hears of everything (every kind is on by default).
- `Follow`: a person follows a committee (and so each of its meetings, the new ones included) or one
  meeting. Exactly one of `committee_id` and `meeting_id` is set.
- `NotificationEvent`: news of a meeting for its followers (published, postponed, cancelled, part 2
  begun), written in the transaction of the change; expanded into one mail per follower after commit,
  off the request path (`fanout.py`). `cursor` is the last user id told; `done_at` once all were.
- `OpinionReminder`: a member was reminded of the written opinions of a meeting (once per member and
  meeting).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import Base, UTCDateTime, utcnow
from participation.core.enums import LabelledEnum


class Kind(LabelledEnum):
    """A kind of notification; its code is also the settings column that switches it."""

    COMMENT_DECIDED = "comment_decided", _l("My comment was approved or rejected")
    COMMENT_REPLIED = "comment_replied", _l("A committee member replied officially to my comment")
    MEETING_PUBLISHED = "meeting_published", _l("A committee I follow published a new meeting")
    MEETING_RESCHEDULED = "meeting_rescheduled", _l("A meeting I follow was postponed or cancelled")
    MEETING_LIVE = "meeting_live", _l("A meeting I follow starts its online open session (part 2)")
    OPINION_DUE = "opinion_due", _l("My written opinions on a meeting are due soon (committee members)")


class NotificationSettings(Base):
    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    comment_decided: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    comment_replied: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    meeting_published: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    meeting_rescheduled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    meeting_live: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    opinion_due: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def wants(self, kind: Kind) -> bool:
        return bool(getattr(self, kind.value))


class Follow(Base):
    __tablename__ = "follows"
    __table_args__ = (
        sa.CheckConstraint("(committee_id IS NULL) <> (meeting_id IS NULL)", name="one_target"),
        sa.UniqueConstraint("user_id", "committee_id", name="uq_follows_user_committee"),
        sa.UniqueConstraint("user_id", "meeting_id", name="uq_follows_user_meeting"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    committee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EventKind(LabelledEnum):
    """What happened to a meeting, told to its followers; `setting` is the Kind that switches it."""

    PUBLISHED = "published", _l("Published")
    POSTPONED = "postponed", _l("Postponed")
    CANCELLED = "cancelled", _l("Cancelled")
    LIVE = "live", _l("Live now")


SETTING_OF = {EventKind.PUBLISHED: Kind.MEETING_PUBLISHED, EventKind.POSTPONED: Kind.MEETING_RESCHEDULED,
              EventKind.CANCELLED: Kind.MEETING_RESCHEDULED, EventKind.LIVE: Kind.MEETING_LIVE}


class NotificationEvent(Base):
    __tablename__ = "notification_events"
    __table_args__ = (sa.Index("ix_notification_events_pending", "done_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    postponement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting_postponements.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cursor: Mapped[int] = mapped_column(default=0, server_default="0")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OpinionReminder(Base):
    __tablename__ = "opinion_reminders"

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
